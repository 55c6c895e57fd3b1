// Indexing: files under the roots -> Xapian documents + catalogue rows, incrementally.
//
// Data flow: crawl (sorted) -> classify against the catalogue (unchanged files are not read) -> parser
// threads read, hash, parse and tokenise -> one writer, in crawl order, assigns ids, writes Xapian and the
// catalogue, commits every batch -> prune what vanished. Xapian is committed before SQLite at every batch:
// a crash in between leaves Xapian a batch ahead. The lock file holds the indexer's pid while it runs and
// is emptied when a run ends cleanly; a run that finds a pid there (its predecessor was killed, or stopped
// by an error) first compares the two (check.hpp), removes documents the catalogue does not know and
// reads again the files whose documents are missing.
// Not thread-safe: one run_index at a time per index (Xapian's lock enforces it across processes).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/article.hpp"
#include "newsdex/index_dir.hpp"
#include "newsdex/result.hpp"

namespace newsdex {

struct IndexOptions {
    IndexDir index;
    std::vector<std::filesystem::path> roots;
    bool full = false;       ///< re-read and re-index every file
    bool prune = true;       ///< remove articles whose files are gone from the roots
    bool dry_run = false;    ///< say what would change, change nothing
    unsigned jobs = 0;       ///< parser threads; 0 = one per core
    std::int64_t max_size = 16 * 1024 * 1024;
    std::int64_t batch_size = 1000;              ///< articles per commit
    /// A new index of at least this many articles is written by parallel writers into hidden shards,
    /// merged when the run ends (see Writer::merge_shards); smaller runs write one database directly.
    std::int64_t parallel_min = 2000;
    /// An index without a dictionary for its stored texts (RecordEncoder) gets one trained on the first
    /// this many of its stored records and then of those a run writes, in the first run that writes
    /// anything once there are that many; the records written before it stay without.
    std::size_t dictionary_samples = 1000;
    std::optional<std::string> language;         ///< stemming language; nullopt = the index's, or english
    ReadOptions read;
    const std::atomic<bool>* interrupted = nullptr;  ///< set by a signal handler: commit and stop
    /// Called for each file the writer handles: (files done, files to do).
    std::function<void(std::int64_t, std::int64_t)> progress;
    /// Called for each change, dry run or not: ("add"|"update"|"move"|"remove", path or "OLD -> NEW").
    std::function<void(std::string_view, const std::string&)> on_change;
    /// Called once per file that could not be indexed: (path, reason).
    std::function<void(const std::string&, const std::string&)> warn;
};

struct IndexStats {
    std::int64_t seen = 0;       ///< files found under the roots: the sum of all the counts below
    std::int64_t added = 0;
    std::int64_t updated = 0;
    std::int64_t unchanged = 0;  ///< not re-indexed (touched files with the same bytes included)
    std::int64_t moved = 0;      ///< recognised by content at a new path
    std::int64_t removed = 0;
    std::int64_t skipped = 0;    ///< could not be indexed; each was reported through `warn`
    std::int64_t ignored = 0;    ///< files that are not articles by name
    std::int64_t orphans_removed = 0;  ///< repair: documents an unfinished run left without a catalogue row
    std::int64_t reread = 0;           ///< repair: catalogue rows whose documents were missing (not in `seen`)
    bool interrupted = false;
};

/// Brings the index at options.index in line with the files under options.roots. Per-file problems go
/// to options.warn and stats.skipped; the result fails only on what stops the whole run: a root that does
/// not exist (Errc::Io), a held lock (Errc::Locked), a catalogue of another version (Errc::SchemaMismatch),
/// a language that contradicts the index (Errc::Usage), or a failing database (Errc::Xapian, Errc::Sqlite).
Result<IndexStats> run_index(const IndexOptions& options);

}  // namespace newsdex
