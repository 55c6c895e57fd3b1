// The pair index: for each bucket of adjacent word pairs, the articles holding a pair of that bucket.
//
// An index without positions answers a phrase as AND and checks each candidate's word sequence
// (positions.hpp). A phrase of common words has hundreds of candidates ("and tonnes": 796, none
// true), and reading their sequences cost three times the AND. The pair index gives term-major data
// for the one thing a phrase needs that the terms do not say, which words stand together, at a fraction
// of what positions or bigram terms cost (reuters-txt: positions 1.4x the indexing time and 4.1x the
// text in all; bigram terms 2.0x and 4.8x; this, 0.18x the text): pairs are hashed into kPairBuckets
// buckets, and each bucket is one list of docids, Rice-coded, in Xapian metadata, so that it is
// written in the same commits as the articles and survives or dies with them.
//
// A phrase's candidates are then FILTERed by the lists of its pairs' buckets (see candidates() in
// positions.hpp): a superset of the articles holding the phrase, as every adjacent pair of every
// article is in its bucket's list. The list also holds articles whose pair only shares the bucket, and
// articles since changed or removed (a list is only added to between rebuilds); the AND and the word
// sequence check take those out.
//
// Keys: "P" + bucket (2 bytes, big-endian) + segment (4 bytes, big-endian). A first build or a
// compaction writes segment 0 for every bucket from the word sequences of the whole database; each
// commit of an incremental run adds a segment for the buckets its articles touch. A bucket's list is
// the union of its segments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "newsdex/document.hpp"

namespace newsdex {

// Fewer buckets make a smaller index and more false candidates: 8,192 made phrases 1.3x slower, 65,536
// 4% faster for a tenth more of it (reuters-txt).
inline constexpr std::uint32_t kPairBuckets = 32768;
inline constexpr std::string_view kPairKeyPrefix = "P";
inline constexpr std::string_view kPairNextSegmentKey = "newsdex:pairs-next-segment";
/// "1" while the pair index holds every article: written with segment 0, taken away (with the index) in
/// the commit before a compaction rebuilds it, so that a crash in between leaves phrases slow, not wrong.
inline constexpr std::string_view kPairIndexKey = "newsdex:pairs";
/// More segments than this and a run ends with a compaction (which rebuilds the index as one).
inline constexpr std::uint32_t kMaxPairSegments = 64;

/// The bucket of the adjacent pair (a, b) of word hashes (word_hash).
std::uint32_t pair_bucket(std::uint16_t a, std::uint16_t b);

/// Calls fn(bucket) for every adjacent pair (two positions in a row) of an encoded word sequence.
template <typename Fn>
void for_each_pair_bucket(std::string_view encoded_words, Fn fn);

/// The metadata key of `bucket`'s list in `segment`.
std::string pair_key(std::uint32_t bucket, std::uint32_t segment);

/// Sorted, distinct docids as Rice codes of their gaps (see pairs.cpp), and back. decode appends to
/// `out`; false on damaged data.
std::string encode_docids(const std::vector<Xapian::docid>& sorted);
bool decode_docids(std::string_view data, std::vector<Xapian::docid>& out);

/// The articles that may hold the adjacent pair (a, b): the union of its bucket's segments, sorted.
std::vector<Xapian::docid> pair_candidates(const Xapian::Database& db, std::uint16_t a, std::uint16_t b);

/// A filter query matching exactly `docids` (sorted, distinct), weight 0. Xapian's estimates take it for
/// `share` of all articles (between its size and all of them): what to say when it is not independent
/// of what it filters.
Xapian::Query docid_list_query(std::vector<Xapian::docid> docids, double share);

/// Collects the pairs of articles as an incremental run writes them, and adds them to the database as
/// one new segment per flush: memory for one batch of articles.
class PairSegmentWriter {
public:
    void add(Xapian::docid id, std::string_view encoded_words);
    /// Writes what was added as a new segment (nothing if nothing was); the caller commits.
    void flush(Xapian::WritableDatabase& db);

private:
    std::vector<std::uint64_t> entries_;  // bucket << 32 | docid
};

/// One database to compact: its word sequences, and the docid it will have in the output minus the one
/// it has now (Xapian's compaction renumbers the documents of several databases).
struct PairSource {
    Xapian::Database db;
    Xapian::docid offset = 0;
};

/// Writes segment 0 of every bucket into `out`, from the word sequences of `sources` (their docids
/// offset), in passes over bucket ranges so that memory stays near `memory_bytes`, committing each.
/// `out` is a database of its own that the compaction adds, so that the merged one comes out packed.
void write_pair_index(const std::vector<PairSource>& sources, Xapian::WritableDatabase& out,
                      std::size_t memory_bytes = std::size_t{128} << 20);

/// What the deep check finds: (article, bucket) pairs of the word sequences that the lists lack.
struct PairIndexCheck {
    std::uint64_t missing = 0;
    Xapian::docid first_article = 0;  ///< the docid of the first article with one, 0 when none
};

/// Reads every word sequence of `db` and each bucket's list: every article must be in the lists of its
/// pairs' buckets (more is allowed: changed and removed articles, shared buckets).
PairIndexCheck check_pair_index(const Xapian::Database& db, std::size_t memory_bytes = std::size_t{128} << 20);

/// Deletes every segment of every bucket from `db`, and its completeness mark (before a compaction
/// rebuilds them); the caller commits.
void remove_pair_index(Xapian::WritableDatabase& db);

/// How many segments the database's pair lists have (a compaction makes it 1).
std::uint32_t pair_segment_count(const Xapian::Database& db);

/// True when the pair index holds every article of `db` (kPairIndexKey).
bool pair_index_complete(const Xapian::Database& db);

/// Marks an empty database's (empty) pair index complete; the caller commits.
void start_pair_index(Xapian::WritableDatabase& db);

// Implementation.

template <typename Fn>
void for_each_pair_bucket(std::string_view encoded_words, Fn fn) {
    Xapian::termpos last_pos = 0;
    std::uint16_t last = 0;
    for_each_word(encoded_words, [&](Xapian::termpos pos, std::uint16_t h) {
        if (last != 0 && pos == last_pos + 1) fn(pair_bucket(last, h));
        last_pos = pos;
        last = h;
    });
}

}  // namespace newsdex
