// Query string -> Xapian queries. Thread-safe: each call builds its own QueryParser.
//
// A plain query is answered in two tiers: articles holding every word (tier 1) above articles holding
// some (tier 2), so a long natural-language query ranks like AND but never comes back empty.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "newsdex/result.hpp"

namespace newsdex {

struct ParsedQuery {
    Xapian::Query all;                 ///< tier 1: the query with AND between plain words
    std::optional<Xapian::Query> some; ///< tier 2: OR between plain words, less tier 1; none when equal
};

/// The query text as the parser sees it: every word in lower case, so that case never changes what a
/// word finds (Xapian would leave capitalised words unstemmed), except the operators AND OR NOT XOR NEAR
/// ADJ in a query that is not written all in capitals (pasted headlines and wire copy are).
std::string normalise_query_text(std::string_view text);

/// Parses `text` for the index `db` (which supplies wildcard expansion and spelling data) with the
/// stemmer of `language`. Fails with Errc::Query naming the query and what is wrong with it.
Result<ParsedQuery> parse_query(std::string_view text, const Xapian::Database& db, const std::string& language);

/// A spelling correction of `text` from the index's spelling data, "" when there is none. Costs a
/// lookup per word: ask only when a query found nothing.
std::string suggest_spelling(std::string_view text, const Xapian::Database& db, const std::string& language);

}  // namespace newsdex
