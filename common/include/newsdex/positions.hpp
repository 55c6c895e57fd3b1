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

#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsdex/document.hpp"

namespace newsdex {

/// True when `query` holds a PHRASE or NEAR anywhere.
bool needs_positions(const Xapian::Query& query);

class PositionCheck : public Xapian::MatchDecider {
public:
    PositionCheck(Xapian::Query query, const std::string& language);

    /// True when the document (whose data is a display record) matches the query with positions.
    bool operator()(const Xapian::Document& doc) const override;

private:
    Xapian::Query query_;
    mutable DocumentBuilder builder_;
    std::set<std::string> stems_;                             // the query's stems (Z terms)
    std::vector<std::pair<std::uint16_t, std::string>> hashes_;  // their word hashes
    bool filter_ = true;                                       // step 1 is sound for this query
};

}  // namespace newsdex
