// newsdex-search's two option readers (searcher/options.hpp): wherever the quick one answers, CLI11
// must read the same arguments without an error and to the same options.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "options.hpp"

using namespace newsdex;

namespace {

// What CLI11 makes of `args`, with newsdex-search's own checks after it; none for an error, help or version.
std::optional<SearchOptions> cli11_read(const std::vector<std::string>& args) {
    CLI::App app{"test", "newsdex-search"};
    app.set_version_flag("--version", "0");
    SearchOptions o;
    add_search_options(app, o);
    std::vector<std::string> argv_strings = {"newsdex-search"};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    try {
        app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::Error&) {
        return std::nullopt;
    }
    if (o.batch != o.words.empty()) return std::nullopt;
    return o;
}

std::optional<SearchOptions> quick(const std::vector<std::string>& args) {
    return quick_read(std::vector<std::string_view>(args.begin(), args.end()));
}

}  // namespace

TEST_SUITE("search options") {
    TEST_CASE("the quick reader reads what CLI11 reads, or leaves the arguments to it") {
        // Pieces a command line is made of: options as the list has them, good and bad values, the
        // forms only CLI11 reads, help, words that look like options, the end of options.
        const std::vector<std::vector<std::string>> pieces = {
            {"oil"}, {"prices"}, {"\"oil prices\""}, {"*"}, {""}, {"--index", "/tmp/x"}, {"--index", "-x"}, {"--index"},
            {"-n", "5"}, {"--limit", "7"}, {"--limit", "0"}, {"--limit", "x"}, {"--limit", "-3"}, {"--limit", "12345678901"},
            {"--limit=5"}, {"-n5"}, {"--offset", "3"}, {"--sort", "newest"}, {"--sort", "bogus"}, {"--count"},
            {"--format", "tsv"}, {"--format", "json"}, {"--format", "xml"}, {"-l"}, {"-0"}, {"--null"}, {"-l0"},
            {"--batch"}, {"--color", "never"}, {"--color", "always"}, {"--"}, {"-oil"}, {"-"}, {"--help"}, {"-h"},
            {"--version"}, {"--nosuch"}, {"--lim", "5"}, {"--format"}};
        std::mt19937 rng(20261201);
        int answered = 0, cases = 0;
        for (int i = 0; i < 4000; ++i) {
            std::vector<std::string> args;
            for (int n = static_cast<int>(rng() % 6); n > 0; --n) {
                const auto& p = pieces[rng() % pieces.size()];
                args.insert(args.end(), p.begin(), p.end());
            }
            std::string shown;
            for (const auto& a : args) shown += "[" + a + "] ";
            CAPTURE(shown);
            ++cases;
            const auto fast = quick(args);
            if (!fast) continue;
            ++answered;
            const auto slow = cli11_read(args);
            REQUIRE(slow);
            CHECK(*fast == *slow);
        }
        // Not a test that cannot fail: the quick reader answers a fair share, each checked.
        CHECK(answered > cases / 20);
    }

    TEST_CASE("the forms scripts use are read quickly") {
        const auto o = quick({"--index", "/srv/news", "--format", "tsv", "-n", "20", "--", "-sports", "football"});
        REQUIRE(o);
        CHECK(o->index_dir == "/srv/news");
        CHECK(o->format == "tsv");
        CHECK(o->limit == 20);
        CHECK(o->words == std::vector<std::string>{"-sports", "football"});
        CHECK(quick({"--batch", "--format", "jsonl"}));
        CHECK_FALSE(quick({"--help"}));
        CHECK_FALSE(quick({"--limit=5", "oil"}));  // CLI11 reads it
        CHECK_FALSE(quick({"--batch", "oil"}));    // and says what is wrong
        CHECK_FALSE(quick({}));
    }
}
