// libFuzzer target: the query front end and the searcher on any query text, over a small index built
// once (phrases, fields and dates all have something to match). Beyond "no crash, no sanitizer report":
// a search either fails with a message or returns at most the hits asked for, ranked from 1, and the
// exact count is never below the hits shown.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "newsdex/indexer.hpp"
#include "newsdex/search.hpp"

namespace {

void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

newsdex::Searcher& searcher() {
    static newsdex::Searcher* s = [] {
        const auto root = std::filesystem::temp_directory_path() / ("newsdex-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(root / "corpus");
        const char* articles[] = {
            ("Oil prices rise as OPEC cuts output\n\nLONDON, March 23, 1987 (Reuters) - Oil prices rose on Monday.\n\n"
             "By Jane Doe\n\nTraders said the grain elevators were full. Copyright 1987 Reuters.\n"),
            "River towns brace for drought\n\nST. LOUIS (AP) - Barges wait on the river as grain piles up.\n",
            "Taiwan Strait tension and semiconductors\n\nTAIPEI, June 19 - Chip makers watched the Taiwan strait.\n",
            "Heat pump grants\n\nPublished June 1, 2023\n\nThe heat pump grants open today, officials said.\n",
        };
        int i = 0;
        for (const char* a : articles) std::ofstream(root / "corpus" / (std::to_string(++i) + ".txt")) << a;
        newsdex::IndexOptions o;
        o.index = newsdex::IndexDir{root / "index"};
        o.roots = {root / "corpus"};
        require(newsdex::run_index(o).has_value(), "the fuzzing index is built");
        auto opened = newsdex::Searcher::open(o.index);
        require(opened.has_value(), "the fuzzing index opens");
        std::filesystem::remove_all(root / "corpus");
        return new newsdex::Searcher(std::move(*opened));  // lives as long as the fuzzer
    }();
    return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 4096) return 0;  // long queries are tested apart (tests/fault/hostile_test.sh)
    newsdex::SearchSpec spec;
    spec.query.assign(reinterpret_cast<const char*>(data), size);
    spec.limit = 3;
    spec.offset = size % 2;
    spec.sort = static_cast<newsdex::SortOrder>(size % 3);
    auto r = searcher().search(spec);
    if (!r) {
        require(!r.error().message.empty(), "a failure says why");
        return 0;
    }
    require(r->hits.size() <= spec.limit, "no more hits than asked for");
    for (std::size_t i = 0; i < r->hits.size(); ++i) require(r->hits[i].rank == spec.offset + i + 1, "ranks count on");
    auto n = searcher().count(spec.query);
    require(n.has_value(), "a query that searched also counts");
    require(*n >= r->hits.size() + (r->hits.empty() ? 0 : spec.offset), "the count covers the hits shown");
    return 0;
}
