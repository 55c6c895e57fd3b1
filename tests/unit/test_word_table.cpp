#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "newsdex/word_table.hpp"

using namespace newsdex;

TEST_SUITE("word table") {
    TEST_CASE("counts words as a std::map does, through growth and after clear(), and entries stay put") {
        WordTable<int> table;
        std::map<std::string, int> oracle;
        std::vector<std::string> order;  // the words in the order they came first
        std::vector<const WordTable<int>::Entry*> first_seen;
        // 50,000 distinct words (the table grows from 64 slots eleven times, to 131,072), each several times, with the
        // empty word and words that differ in one byte among them.
        int wrong_fresh = 0;
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < 50000; ++i) {
                const std::string w = i == 0 ? std::string() : "w" + std::to_string(i * 7919 % 50000);
                auto [entry, fresh] = table.find_or_add(w);
                wrong_fresh += fresh != (oracle.count(w) == 0);
                if (fresh) {
                    order.push_back(w);
                    first_seen.push_back(entry);
                }
                entry->value += round + 1;
                oracle[w] += round + 1;
            }
        }
        CHECK(wrong_fresh == 0);
        REQUIRE(table.size() == oracle.size());
        std::size_t n = 0, wrong = 0, moved = 0;
        for (auto& [word, value] : table) {  // in the order of first sight, each with its count
            if (n >= order.size()) break;  // more entries than words: the size check below fails
            wrong += word != order[n] || value != oracle[word];
            moved += &*(table.begin() + static_cast<std::ptrdiff_t>(n)) != first_seen[n];
            ++n;
        }
        CHECK(n == oracle.size());
        CHECK(wrong == 0);
        CHECK(moved == 0);  // the stem cache's article lists point into entries while the table grows
        REQUIRE(table.find("w1") != nullptr);
        CHECK(table.find("w1")->value == oracle["w1"]);
        CHECK(table.find("w50000") == nullptr);
        CHECK(table.find("x1") == nullptr);

        table.clear();
        CHECK(table.size() == 0);
        CHECK(table.find("w1") == nullptr);
        CHECK(table.find_or_add("w1").second);
        CHECK(table.find_or_add("w1").first->value == 0);
        CHECK(table.size() == 1);
    }
}
