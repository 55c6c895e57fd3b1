// The evaluation metrics against values worked out by hand (shown in the comments).
#include <doctest/doctest.h>

#include "metrics.hpp"

using namespace newsdex::eval;

TEST_SUITE("metrics") {
    TEST_CASE("one ranking, worked out by hand") {
        // Relevant: A, B, C. Ranked: A at 1, B at 3, C at 12.
        const std::vector<std::string> ranking = {"A", "x", "B", "y", "z", "w", "v", "u", "t", "s", "r", "C"};
        const QueryScores s = score(ranking, {{"A", 1}, {"B", 1}, {"C", 1}, {"x", 0}});
        CHECK(s.ap == doctest::Approx((1.0 / 1 + 2.0 / 3 + 3.0 / 12) / 3));  // 0.638889
        CHECK(s.p10 == doctest::Approx(0.2));
        CHECK(s.ndcg10 == doctest::Approx((1 + 1 / 2.0) / (1 + 1 / 1.5849625 + 1 / 2.0)).epsilon(1e-6));  // 0.703918
        CHECK(s.r100 == doctest::Approx(1.0));
    }

    TEST_CASE("graded judgments: gains 2^g - 1") {
        // D (grade 3) is ranked below E (grade 1): DCG = 1/1 + 7/log2(3), ideal = 7/1 + 1/log2(3).
        const QueryScores s = score({"E", "D"}, {{"D", 3}, {"E", 1}});
        CHECK(s.ndcg10 == doctest::Approx((1 + 7 / 1.5849625) / (7 + 1 / 1.5849625)).epsilon(1e-6));  // 0.709807
        CHECK(s.ap == doctest::Approx(1.0));
    }

    TEST_CASE("only the first 1000 count for AP, 100 for recall") {
        std::vector<std::string> ranking;
        for (int i = 0; i < 1200; ++i) ranking.push_back("n" + std::to_string(i));
        ranking[50] = "R1";
        ranking[150] = "R2";
        ranking[1100] = "R3";
        const QueryScores s = score(ranking, {{"R1", 1}, {"R2", 1}, {"R3", 1}});
        CHECK(s.ap == doctest::Approx((1.0 / 51 + 2.0 / 151) / 3));
        CHECK(s.r100 == doctest::Approx(1.0 / 3));
        CHECK(s.p10 == 0);
    }

    TEST_CASE("the mean is over judged queries, and a judged query with no run scores 0") {
        const std::map<std::string, Grades> judged = {
            {"q1", {{"A", 1}, {"B", 1}, {"C", 1}}},
            {"q2", {{"D", 3}, {"E", 1}}},
            {"q3", {{"G", 0}}},  // nothing relevant: not scored
            {"q4", {{"F", 1}}},  // not run: 0
        };
        const std::map<std::string, std::vector<std::string>> runs = {
            {"q1", {"A", "x", "B", "y", "z", "w", "v", "u", "t", "s", "r", "C"}},
            {"q2", {"E", "D"}},
            {"q3", {"G"}},
            {"q9", {"A"}},  // not judged: ignored
        };
        const Summary s = summarise(runs, judged);
        CHECK(s.queries == 3);
        CHECK(s.mean.ap == doctest::Approx((0.638889 + 1.0 + 0) / 3).epsilon(1e-5));
        CHECK(s.mean.p10 == doctest::Approx((0.2 + 0.2 + 0) / 3));
        CHECK(s.mean.ndcg10 == doctest::Approx((0.703918 + 0.709807 + 0) / 3).epsilon(1e-5));
        CHECK(s.mean.r100 == doctest::Approx(2.0 / 3));
    }
}
