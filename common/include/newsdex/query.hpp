// Query string -> Xapian queries.
//
// A plain query is answered in two tiers: articles holding every word above articles holding some, so a
// long natural-language query ranks like AND but never comes back empty (search.cpp runs the tiers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "newsdex/result.hpp"

namespace newsdex {

struct ParsedQuery {
    Xapian::Query all;                ///< the query with AND between plain words
    /// With OR between plain words; none when that is `all`. Not always a superset of `all`: under a NOT
    /// it is stricter. A search finds articles matching either.
    std::optional<Xapian::Query> any;
    /// For snippets only, terms that Xapian's snippet generator can find in plain text where the query's
    /// own cannot (they are stems): its wildcards over plain words and its phrases as typed (see
    /// query.cpp, highlight_terms). Empty when the query's own terms are enough. Matches no article.
    Xapian::Query highlight;
};

/// The query text as the parser sees it: every word in lower case, so that case never changes what a
/// word finds (Xapian would leave capitalised words unstemmed), except the operators AND OR NOT XOR NEAR
/// ADJ in a query that is not written all in capitals (pasted headlines and wire copy are).
std::string normalise_query_text(std::string_view text);

class EnglishStopper;

/// A query parser set up once for an index: its fields, stems, stop words, and the database that supplies
/// wildcard expansion and spelling data. Not thread-safe: one per thread (a Searcher holds one).
class QueryFrontEnd {
public:
    /// REQUIRES: `language` is a Xapian stemmer's name or "none".
    QueryFrontEnd(const Xapian::Database& db, const std::string& language);

    /// Parses `text`. Fails with Errc::Query naming the query and what is wrong with it.
    Result<ParsedQuery> parse(std::string_view text);

    /// `text` with each plain word that no article holds replaced by the index's spelling suggestion
    /// for it, "" when there is none. Costs a lookup per word: ask only when some word is unknown.
    std::string suggest_spelling(std::string_view text);

private:
    /// Xapian's parser, set up on first use: a query of plain words does without it, and setting it up
    /// (its fields, their prefixes and filters) was a tenth of what newsdex-search added to a process
    /// start over quest's.
    Xapian::QueryParser& parser();
    /// Plain words as Xapian's parser reads them, each stemmed; none when every word is a stop word
    /// (the parser then keeps them all).
    std::optional<Xapian::Query> plain_words_query(std::string_view normalised);

    Xapian::Database db_;
    std::string language_;
    Xapian::Stem stemmer_;
    bool english_ = false;
    std::optional<Xapian::QueryParser> qp_;
    EnglishStopper* stopper_ = nullptr;  ///< owned by *qp_; null when the language has no stop words
};

}  // namespace newsdex
