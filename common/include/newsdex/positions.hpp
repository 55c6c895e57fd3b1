// Phrase and NEAR matching without Xapian's position table.
//
// Xapian's positions cost half of the compacted index and a third of the writing time (reuters-txt), most
// of it a B-tree key per (document, term). On a database without positions Xapian answers PHRASE and NEAR
// as AND; PositionCheck then accepts a candidate only when the whole query tree holds with positions:
//  0. Xapian's candidates for a phrase are only the articles that the pair index (pairs.hpp) lists for
//     each of its adjacent pairs: few besides those that hold it;
//  1. a filter reads the article's word sequence (value slot kWordsSlot, a 16-bit hash per word): a
//     stem's hash positions are a superset of its positions, so a "no" here is certain;
//  2. the rest are checked exactly: their stored text is tokenised again by the indexer's own
//     DocumentBuilder, so words and stems cannot disagree with the index.
// Where a stem sits under NOT the filter could wrongly say no, so step 2 alone decides. Only queries
// that hold a PHRASE or NEAR pay for any of this. Not thread-safe: one PositionCheck per search.
//
// Step 2 re-tokenises a whole article, and Xapian asks the decider about every candidate that could
// still enter the page (dozens for a page of 10). Mode::Filter leaves the rest to confirm(), which the
// searcher calls for the hits of the page alone: when no other term of the article shares a query
// stem's hash, step 1 was exact already; else step 2 decides. A page with a false hit is rare, and is
// then searched again in Mode::Exact. Which hashes an article's terms share is written with it
// (kSharedHashesSlot), and says so when Xapian's candidates hold every stem of the query (no OR, no
// wildcard): a stem's hash then stands for that stem alone. Otherwise, or in an index begun before
// that slot was written, the article's term list says (a tenth of a millisecond a page, cold).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsdex/document.hpp"

namespace newsdex {

/// True when `query` holds a PHRASE or NEAR anywhere.
bool needs_positions(const Xapian::Query& query);

/// What Xapian runs for `query` beside a PositionCheck: Xapian answers a PHRASE or NEAR as AND, which is
/// a superset, except under NOT (`grain -"grain elevators"` would lose an article with both words
/// apart); there the phrase is left out, and the check alone decides. A phrase of words in a row is
/// FILTERed by the pair index of `db` (pairs.hpp).
Xapian::Query candidates(const Xapian::Query& query, const Xapian::Database& db);

class PositionCheck : public Xapian::MatchDecider {
public:
    enum class Mode {
        Exact,   ///< operator() decides exactly
        Filter,  ///< operator() runs step 1 alone where it is sound; confirm() decides
    };

    /// `db` is the database the query runs on: its word sequences are read in document order.
    PositionCheck(const Xapian::Query& query, const Xapian::Database& db, const std::string& language,
                  Mode mode = Mode::Exact);
    ~PositionCheck() override;

    /// True when the document (which holds a display record) matches the query with positions.
    bool operator()(const Xapian::Document& doc) const override;

    /// True when operator() may have accepted documents that confirm() rejects.
    bool filters_only() const { return mode_ == Mode::Filter && filter_; }

    /// The exact decision for a document operator() accepted.
    bool confirm(const Xapian::Document& doc) const;

private:
    struct Node;
    Node compile(const Xapian::Query& q, bool negated);

    // A value slot read through one forward-only stream while the matcher asks in docid order (as it
    // does), else from the document: a random read per candidate costs more.
    struct Stream {
        Xapian::ValueIterator it;
        bool started = false;
    };
    std::string value_of(const Xapian::Document& doc, Xapian::valueno slot, Stream& stream) const;

    /// The word sequence of `doc`.
    std::string words_of(const Xapian::Document& doc) const;

    /// Step 2.
    bool exact(const Xapian::Document& doc) const;

    Xapian::Database db_;
    std::string language_;
    mutable std::optional<DocumentBuilder> builder_;  // for step 2, made when first needed
    std::unique_ptr<Node> root_;
    std::vector<std::string> stems_;     // the query's stems (Z terms), indexed by Node::stem
    std::vector<std::uint16_t> hashes_;  // their word hashes
    std::vector<std::uint16_t> phrase_;  // when the query is one phrase of words: their hashes in order
    bool filter_ = true;                 // step 1 is sound for this query
    bool every_stem_held_ = true;        // Xapian's candidates hold every stem (no OR, no wildcard)
    bool shared_hashes_known_ = false;   // the index marks every article's shared hashes (kSharedHashesKey)
    Mode mode_;
    mutable Stream words_stream_;
};

}  // namespace newsdex
