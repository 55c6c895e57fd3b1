-- The newsdex catalogue: one row per file the indexer has met under its roots.
-- Versioned by PRAGMA user_version; newsdex refuses a catalogue of another version rather than guess.
-- Paths are BLOBs: a file name on Linux is any bytes but '/' and NUL, not necessarily UTF-8.

CREATE TABLE articles (
    id                  INTEGER PRIMARY KEY,  -- the article id; its Xapian document has the term Q<id>
    path                BLOB NOT NULL UNIQUE, -- absolute path, exact bytes
    size                INTEGER NOT NULL,     -- bytes, at the last read
    mtime_ns            INTEGER NOT NULL,     -- modification time in ns since the epoch, at the last read
    hash                TEXT NOT NULL,        -- FNV-1a-64 of the bytes (16 hex digits); '' when unread
    sidecar             TEXT NOT NULL,        -- size:mtime_ns of NAME.json beside the file; '' when none
    error               TEXT,                 -- why the last read failed; NULL when it succeeded
    indexed             INTEGER NOT NULL,     -- 1 when the article is in the Xapian database
    indexed_at          TEXT,                 -- UTC time of the last successful indexing, ISO 8601
    encoding            TEXT,                 -- utf-8, utf-8+bom, windows-1252, utf-16le or utf-16be
    title               TEXT, title_rule    TEXT,  -- each field with the rule that found it
    date                TEXT, date_rule     TEXT,  -- YYYY-MM-DD
    source              TEXT, source_rule   TEXT,
    author              TEXT, author_rule   TEXT,  -- names joined by '; '
    url                 TEXT, url_rule      TEXT,
    language            TEXT, language_rule TEXT,
    dateline            TEXT,
    captions            TEXT,                 -- JSON array of photo captions and credits
    boilerplate         TEXT,                 -- JSON array of copyright lines and promotions
    repeated_paragraphs INTEGER,              -- verbatim repeats left out of the body
    body_chars          INTEGER               -- bytes of clean body text indexed
);

-- Moves and identical copies are found by content.
CREATE INDEX articles_hash ON articles(hash);

PRAGMA user_version = 1;
