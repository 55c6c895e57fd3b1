// WordCountWeight against Xapian's own BM25Weight: the same BM25 under the bonuses, and the bonuses
// ranking articles by how many of the query's words they hold.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "newsdex/ranking.hpp"

using namespace newsdex;

namespace {

// Articles of random lengths over a few words, some repeated: every weight has something to tell apart.
Xapian::WritableDatabase random_articles(unsigned seed) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::mt19937 rng(seed);
    const char* words[] = {"grain", "river", "barge", "price", "the", "port"};
    for (int i = 0; i < 300; ++i) {
        Xapian::Document doc;
        const int length = 1 + static_cast<int>(rng() % 60);
        for (int j = 0; j < length; ++j) doc.add_term(words[rng() % 6 == 0 ? 4 : rng() % 6]);
        db.add_document(doc);
    }
    db.commit();
    return db;
}

std::map<Xapian::docid, double> weights(const Xapian::Database& db, const Xapian::Query& q, const Xapian::Weight& w) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(w);
    std::map<Xapian::docid, double> out;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) out[*it] = it.get_weight();
    return out;
}

}  // namespace

TEST_SUITE("ranking") {
    TEST_CASE("under its bonuses, WordCountWeight is BM25Weight's BM25, word for word") {
        for (unsigned seed : {1u, 2u, 3u}) {
            const auto db = random_articles(seed);
            // A word asked twice (its query frequency counts in BM25), a NOT, a filter.
            for (const Xapian::Query& q :
                 {Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("grain"), Xapian::Query("river")),
                  Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("price", 2), Xapian::Query("river")),
                  Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("barge"), Xapian::Query("the")),
                                Xapian::Query("port")),
                  Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("the"), Xapian::Query("port")),
                                Xapian::Query("grain"))}) {
                CAPTURE(q.get_description());
                const auto bm25 = weights(db, q, ranking_weight());
                const auto counted = weights(db, q, WordCountWeight());
                REQUIRE(bm25.size() == counted.size());
                REQUIRE(bm25.size() > 10);
                // Exact but for rounding: the bonuses hold the sum near 8192, where a double resolves 2e-12.
            for (const auto& [id, w] : bm25) {
                    REQUIRE(counted.count(id));
                    CHECK(WordCountWeight::bm25_part(counted.at(id)) == doctest::Approx(w).epsilon(1e-9));
                }
            }
        }
    }

    TEST_CASE("WordCountWeight ranks the articles holding both words first, each part by BM25") {
        const auto db = random_articles(7);
        const Xapian::Query both(Xapian::Query::OP_AND, Xapian::Query("grain"), Xapian::Query("river"));
        const Xapian::Query either(Xapian::Query::OP_OR, Xapian::Query("grain"), Xapian::Query("river"));
        Xapian::Enquire enquire(db);
        enquire.set_query(either);
        enquire.set_weighting_scheme(WordCountWeight());
        // Ten at a time, as a page is asked for: Xapian's matcher prunes by the maximum weights.
        const Xapian::MSet page = enquire.get_mset(0, 10);
        const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
        const auto holding_both = weights(db, both, ranking_weight());
        REQUIRE(holding_both.size() > 10);
        REQUIRE(holding_both.size() < all.size());
        // The both-words articles first, by descending BM25 (docid breaking ties), then the rest.
        std::vector<std::pair<double, Xapian::docid>> expected;
        for (const auto& [id, w] : holding_both) expected.emplace_back(-w, id);
        std::sort(expected.begin(), expected.end());
        for (std::size_t i = 0; i < all.size(); ++i) {
            CAPTURE(i);
            const bool has_both = holding_both.count(*all[i]) == 1;
            CHECK(has_both == (i < holding_both.size()));
            CHECK(all[i].get_weight() >= (has_both ? 2 : 1) * WordCountWeight::kWordBonus);
            if (has_both) CHECK(*all[i] == expected[i].second);
        }
        REQUIRE(page.size() == 10);
        for (std::size_t i = 0; i < page.size(); ++i) CHECK(*page[i] == *all[i]);
    }
}
