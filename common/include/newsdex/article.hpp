// Reading news articles: bytes of a plain-text file (and its optional JSON sidecar) -> Article.
//
// Plain-text articles carry no header block, so every field is found by a rule, and every field records
// the rule that produced it (provenance, kept in the catalogue). The rules, in the order they are tried,
// are listed in the README ("How fields are found"). Thread-safe: pure functions over their arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdex/result.hpp"

namespace newsdex {

/// A value found in an article and the rule that found it ("" value: not found).
struct Extracted {
    std::string value;
    std::string rule;  ///< e.g. "first-line", "dateline", "path", "sidecar"; "" when not found

    bool found() const { return !value.empty(); }
};

struct Article {
    std::string path;                     ///< absolute path, any bytes
    Extracted title;
    Extracted date;                       ///< YYYY-MM-DD
    Extracted source;
    Extracted author;                     ///< names joined by "; "
    Extracted url;
    Extracted language;                   ///< only a sidecar sets it
    std::string dateline;                 ///< e.g. "LONDON, March 23"
    std::string encoding;                 ///< "utf-8", "utf-8+bom" or "windows-1252"
    std::string body;                     ///< clean searchable text: paragraphs separated by "\n\n"
    std::vector<std::string> captions;    ///< photo captions and credits, kept out of the body
    std::vector<std::string> boilerplate; ///< copyright lines and promotions, kept out of the body
    int repeated_paragraphs = 0;          ///< verbatim repeats dropped from the body

    /// The author field split back into names.
    std::vector<std::string> authors() const;
};

struct ReadOptions {
    std::string default_source;  ///< --source: the source when no rule in the article finds one
};

/// Text of a file as UTF-8 with LF line ends and no BOM; sets `encoding`.
/// Fails with Errc::Input when the bytes are empty, only white space, or hold a NUL byte (binary).
Result<std::string> decode_text(std::string_view bytes, std::string& encoding);

/// The article in `text` (already decoded, see decode_text) found at `path`. Never fails: a file with
/// no recognisable structure is still an article whose headline is its first line.
Article parse_article(std::string_view text, std::string_view path, const ReadOptions& options);

/// Overrides the fields of `article` with those of a sidecar JSON object (title, date, source, author,
/// url, language). Fails with Errc::Input naming `sidecar_path` when the JSON is malformed or a field
/// has the wrong type or an unreadable date.
Result<void> apply_sidecar(Article& article, std::string_view json, std::string_view sidecar_path);

/// decode_text + parse_article + apply_sidecar (when `sidecar` holds a value).
Result<Article> read_article(std::string_view bytes, std::string_view path,
                             const std::optional<std::string>& sidecar, std::string_view sidecar_path,
                             const ReadOptions& options);

/// A publication date written in one of the forms articles use ("June 19, 2023", "19 June 2023",
/// "2023-06-19", each optionally after "Published", "Updated", a weekday, and before a time) as
/// YYYY-MM-DD; nullopt when `line` is not such a date or names an impossible day.
std::optional<std::string> parse_date_line(std::string_view line);

/// A date in a path: /YYYY/MM/DD/ or YYYY-MM-DD or YYYYMMDD in a name; nullopt when none.
std::optional<std::string> date_from_path(std::string_view path);

}  // namespace newsdex
