// Phrase and NEAR matching without Xapian's position table.
//
// Xapian's positions cost half of the compacted index and a third of the writing time (reuters-txt), most
// of it a B-tree key per (document, term). On a database without positions Xapian answers PHRASE and NEAR
// as AND; PositionCheck then accepts a candidate only when the whole query tree holds with positions:
//  1. a filter reads the article's word sequence (value slot kWordsSlot, a 16-bit hash per word): a
//     stem's hash positions are a superset of its positions, so a "no" here is certain, and most
//     candidates of a phrase of common words end here, for a few microseconds each;
//  2. the rest are checked exactly: their stored text is tokenised again by the indexer's own
//     DocumentBuilder, so words and stems cannot disagree with the index.
// Where a stem sits under NOT the filter could wrongly say no, so step 2 alone decides. Only queries
// that hold a PHRASE or NEAR pay for any of this. Not thread-safe: one PositionCheck per search.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsdex/document.hpp"

namespace newsdex {

/// True when `query` holds a PHRASE or NEAR anywhere.
bool needs_positions(const Xapian::Query& query);

class PositionCheck : public Xapian::MatchDecider {
public:
    /// `db` is the database the query runs on: its word sequences are read in document order.
    PositionCheck(const Xapian::Query& query, const Xapian::Database& db, const std::string& language);
    ~PositionCheck() override;

    /// True when the document (whose data is a display record) matches the query with positions.
    bool operator()(const Xapian::Document& doc) const override;

private:
    struct Node;
    Node compile(const Xapian::Query& q, bool negated);

    /// The word sequence of `doc`: through one forward-only stream while the matcher asks in docid
    /// order (as it does), else from the document. A random read per candidate costs more.
    std::string words_of(const Xapian::Document& doc) const;

    Xapian::Database db_;
    mutable DocumentBuilder builder_;
    std::unique_ptr<Node> root_;
    std::vector<std::string> stems_;     // the query's stems (Z terms), indexed by Node::stem
    std::vector<std::uint16_t> hashes_;  // their word hashes
    bool filter_ = true;                 // step 1 is sound for this query
    mutable Xapian::ValueIterator stream_;
    mutable bool stream_started_ = false;
};

}  // namespace newsdex
