// Searching an index: query text -> ranked hits with display records and snippets.
// The searcher reads only the Xapian database (never the catalogue, never a source file), so that it
// starts fast and works over remote or sharded databases. Not thread-safe: one Searcher per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsdex/index_dir.hpp"
#include "newsdex/query.hpp"
#include "newsdex/result.hpp"

namespace newsdex {

enum class SortOrder { Relevance, Newest, Oldest };

struct SearchSpec {
    std::string query;
    std::size_t offset = 0;
    std::size_t limit = 10;
    SortOrder sort = SortOrder::Relevance;
    bool snippets = true;
    std::string highlight_start, highlight_end;  ///< put around matched words in snippets
};

struct Hit {
    std::size_t rank = 0;  ///< 1-based, counting from the first article of the whole result
    double score = 0;      ///< the BM25 weight; 0 for a query of filters alone
    std::int64_t id = 0;
    std::string title, date, source, author, path, url, snippet;
};

struct SearchResults {
    std::string query;
    std::uint64_t total = 0;  ///< matching articles: exact when they all fit the page, else Xapian's estimate
    std::vector<Hit> hits;
    std::string corrected;    ///< spelling suggestion, "" when none
};

class Searcher {
public:
    /// Opens the index at `index` for reading. Fails with Errc::NoIndex when there is none (the searcher
    /// never creates one) and Errc::SchemaMismatch when it was written by another layout version.
    static Result<Searcher> open(const IndexDir& index);

    /// Runs `spec`. Fails with Errc::Query for a malformed query, Errc::Xapian when the database fails.
    Result<SearchResults> search(const SearchSpec& spec);

    /// Exact number of articles matching `query`.
    Result<std::uint64_t> count(const std::string& query);

private:
    Searcher(IndexDir index, StubIdentity stub, Xapian::Database db, std::string language)
        : index_(std::move(index)), stub_(stub), db_(std::move(db)), language_(std::move(language)),
          front_end_(db_, language_) {}

    /// A long-lived searcher (--batch) would go on reading the database it opened after a compaction
    /// swapped in another (Linux keeps the removed files open): when the stub file changed, reopen.
    /// Before every search, not less often: Xapian opens some of a database's tables (term lists,
    /// spelling) only when a search first needs them, which fails once a compaction has removed the
    /// old database's folder.
    Result<void> follow_swaps();

    IndexDir index_;
    StubIdentity stub_;  ///< the stub file's when db_ was opened
    Xapian::Database db_;
    std::string language_;
    QueryFrontEnd front_end_;
};

}  // namespace newsdex
