#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "newsdex/document.hpp"
#include "newsdex/pairs.hpp"
#include "newsdex/positions.hpp"
#include "temp_dir.hpp"

using namespace newsdex;

REGISTER_EXCEPTION_TRANSLATOR(const Xapian::Error& e) { return doctest::String(e.get_description().c_str()); }

namespace {

// An article whose word sequence is `hashes` (positions 1, 2, ...), with a gap of 50 after the index `gap_after`.
std::string sequence(const std::vector<std::uint16_t>& hashes, std::size_t gap_after = SIZE_MAX) {
    // Two bytes a word, little-endian; 0 and a count for a gap (encode_word_sequence's format).
    std::string out;
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        out += static_cast<char>(hashes[i] & 0xff);
        out += static_cast<char>(hashes[i] >> 8);
        if (i == gap_after) out += std::string("\0\0\x32\0", 4);
    }
    return out;
}

std::set<Xapian::docid> matching(const Xapian::Database& db, const Xapian::Query& q) {
    Xapian::Enquire e(db);
    e.set_query(q);
    std::set<Xapian::docid> out;
    const Xapian::MSet m = e.get_mset(0, db.get_doccount() + 10);
    for (auto it = m.begin(); it != m.end(); ++it) out.insert(*it);
    return out;
}

}  // namespace

TEST_SUITE("pairs") {
    TEST_CASE("every adjacent pair of a word sequence gives its bucket, none across a gap") {
        std::vector<std::uint16_t> h;
        for (std::uint16_t i = 1; i <= 2000; ++i) h.push_back(i);
        std::vector<std::uint32_t> got;
        for_each_pair_bucket(sequence(h, 999), [&](std::uint32_t b) { got.push_back(b); });
        std::vector<std::uint32_t> want;
        for (std::size_t i = 0; i + 1 < h.size(); ++i)
            if (i != 999) want.push_back(pair_bucket(h[i], h[i + 1]));
        CHECK(got == want);
        CHECK(std::all_of(got.begin(), got.end(), [](std::uint32_t b) { return b < kPairBuckets; }));
        CHECK(pair_bucket(1, 2) != pair_bucket(2, 1));  // order matters (for this pair of hashes)
        std::set<std::uint32_t> distinct(got.begin(), got.end());
        CHECK(distinct.size() > 1900);  // spread: 1,998 pairs in 32,768 buckets
    }

    TEST_CASE("docid lists round trip, and damaged ones say so") {
        const std::vector<Xapian::docid> ids{1, 2, 129, 130, 16513, 16514, 3000000, 4294967295U};
        std::vector<Xapian::docid> back;
        REQUIRE(decode_docids(encode_docids(ids), back));
        CHECK(back == ids);
        CHECK(encode_docids({}).empty());
        back.clear();
        CHECK(decode_docids("", back));
        CHECK(back.empty());
        CHECK_FALSE(decode_docids("\x81", back));                    // ends inside the count
        CHECK_FALSE(decode_docids("\xff\xff\xff\xff\xff\x01", back));  // a count longer than 32 bits
        CHECK_FALSE(decode_docids("\x02", back));                    // no Rice parameter
        CHECK_FALSE(decode_docids(std::string("\x01\x20", 2), back));  // a parameter past 31
        const std::string two = encode_docids({5, 9});
        CHECK_FALSE(decode_docids(two.substr(0, two.size() - 1), back));  // codes cut short
        // Random lists, dense and sparse, round trip.
        std::uint32_t seed = 1;
        const auto rnd = [&] { return seed = seed * 1664525U + 1013904223U; };
        for (int trial = 0; trial < 200; ++trial) {
            std::vector<Xapian::docid> list;
            Xapian::docid id = 0;
            const std::uint32_t spread = 1U << (rnd() % 20);
            for (std::uint32_t n = rnd() % 300; n > 0; --n) list.push_back(id += 1 + rnd() % spread);
            back.clear();
            REQUIRE(decode_docids(encode_docids(list), back));
            CHECK(back == list);
        }
    }

    TEST_CASE("a phrase's candidates are the articles its pairs' lists name, and Xapian's estimate is near their number") {
        // 1,000 articles: 300 with "a b" in a row, 300 with both words apart, 400 with neither.
        test::TempDir dir;
        Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE);
        const std::uint16_t a = word_hash("Za"), b = word_hash("Zb"), c = word_hash("Zc");
        for (int i = 0; i < 1000; ++i) {
            Xapian::Document d;
            std::string words;
            if (i < 300) words = sequence({c, a, b, c});
            else if (i < 600) words = sequence({a, c, b});
            else words = sequence({c, c});
            if (i < 600) {
                d.add_term("Za");
                d.add_term("Zb");
            }
            d.add_term("Zc");
            d.add_value(1, words);
            db.add_document(d);
        }
        db.commit();
        write_pair_index({{db, 0}}, db);
        db.commit();
        const std::vector<Xapian::Query> ab{Xapian::Query("Za"), Xapian::Query("Zb")};
        const Xapian::Query phrase(Xapian::Query::OP_PHRASE, ab.begin(), ab.end(), 2);
        const Xapian::Query narrowed = candidates(phrase, db);
        std::set<Xapian::docid> first300;
        for (Xapian::docid id = 1; id <= 300; ++id) first300.insert(id);
        CHECK(matching(db, narrowed) == first300);
        Xapian::Enquire e(db);
        e.set_query(narrowed);
        const Xapian::doccount estimate = e.get_mset(0, 0).get_matches_estimated();
        CAPTURE(estimate);
        // Taken for independent of the words, the list would make it 600 x 300 / 1,000 = 180.
        CHECK(estimate >= 270);
        CHECK(estimate <= 330);
    }

    TEST_CASE("segments, a rebuilt index and the filter query agree with the sequences") {
        // Five articles; (7, 8) stands together in 1 and 4, apart in 2 (8 then 7), across a gap in 3.
        const std::vector<std::string> seqs{sequence({5, 7, 8, 9}), sequence({8, 7, 1}), sequence({7, 2, 8}, 1),
                                            sequence({3, 3, 7, 8}), sequence({6})};
        test::TempDir dir;
        Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE);
        start_pair_index(db);
        CHECK(pair_index_complete(db));
        PairSegmentWriter writer;
        for (std::size_t i = 0; i < seqs.size(); ++i) {
            Xapian::Document d;
            d.add_term("Zx");
            d.add_value(1, seqs[i]);
            writer.add(db.add_document(d), seqs[i]);
            if (i == 2) writer.flush(db);  // two segments
        }
        writer.flush(db);
        writer.flush(db);  // nothing more: no segment
        CHECK(pair_segment_count(db) == 3);  // 0 (empty) and two written
        // Oracle: the articles with an adjacent pair in the bucket of (7, 8).
        const auto in_bucket = [&](std::uint16_t a, std::uint16_t b) {
            std::vector<Xapian::docid> out;
            for (std::size_t i = 0; i < seqs.size(); ++i) {
                bool found = false;
                for_each_pair_bucket(seqs[i], [&](std::uint32_t k) { found = found || k == pair_bucket(a, b); });
                if (found) out.push_back(static_cast<Xapian::docid>(i + 1));
            }
            return out;
        };
        const auto holds = pair_candidates(db, 7, 8);
        CHECK(holds == in_bucket(7, 8));
        CHECK(holds == std::vector<Xapian::docid>{1, 4});  // no other pair here shares its bucket
        CHECK(matching(db, Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("Zx"), docid_list_query(holds, 0.0))) ==
              std::set<Xapian::docid>{1, 4});
        CHECK(pair_candidates(db, 8, 7) == std::vector<Xapian::docid>{2});
        CHECK(pair_candidates(db, 42, 43).empty());

        // Rebuilt from the sequences into a database of its own, as a compaction does, docids offset.
        Xapian::WritableDatabase rebuilt((dir / "rebuilt").string(), Xapian::DB_CREATE);
        write_pair_index({{db, 10}}, rebuilt, 64);  // 16 docids a pass: many passes
        CHECK(pair_index_complete(rebuilt));
        CHECK(pair_segment_count(rebuilt) == 1);
        CHECK(pair_candidates(rebuilt, 7, 8) == std::vector<Xapian::docid>{11, 14});
        CHECK(pair_candidates(rebuilt, 3, 3) == std::vector<Xapian::docid>{14});
        CHECK(pair_candidates(rebuilt, 7, 2) == std::vector<Xapian::docid>{13});
        CHECK(pair_candidates(rebuilt, 2, 8).empty());  // across the gap

        remove_pair_index(db);
        CHECK_FALSE(pair_index_complete(db));
        CHECK(pair_candidates(db, 7, 8).empty());
        CHECK(pair_segment_count(db) == 1);
    }
}
