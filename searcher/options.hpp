// newsdex-search's options, named once, and read two ways.
//
// CLI11 reads them when anything calls for it: --help and --version, every error and its hint, and
// the forms only CLI11 knows (--limit=5, -n5, a value that looks like an option). The plain forms a
// script or a shell user types (`--index DIR --format tsv -- QUERY`) are read by quick_read() without
// building CLI11's App, whose set-up of a dozen options was 90 us of a query's process: the gap
// between newsdex-search and quest (reuters-txt, scripts/bench, eighth session). Both readers walk the
// same list (for_each_option), and a unit test holds them equal wherever quick_read() answers.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// CLI11 only in options.cpp: its header defines a dozen validators in every file that includes it, each
// built at start-up, which a query's process would pay for again in main.cpp (about 60 us).
namespace CLI {
class App;
}

namespace newsdex {

struct SearchOptions {
    std::vector<std::string> words;  ///< the query's arguments, joined with spaces
    std::optional<std::string> index_dir;
    std::size_t limit = 10;
    std::size_t offset = 0;
    std::string sort = "relevance";
    std::string format = "text";
    std::string color = "auto";
    bool count = false;
    bool paths = false;  ///< -l
    bool nul = false;    ///< -0
    bool batch = false;

    bool operator==(const SearchOptions&) const = default;
};

/// Calls `v` for each option, in --help's order: v.words / v.text / v.number / v.choice / v.flag
/// (names as CLI11 writes them, help, [choices,] the field it sets).
template <typename Visitor>
void for_each_option(SearchOptions& o, Visitor&& v) {
    v.words("QUERY", "The query; several arguments are joined with spaces", o.words);
    v.text("--index", "Index folder (see below)", o.index_dir);
    v.number("-n,--limit", "Hits to show", o.limit);
    v.number("--offset", "Hits to skip first (paging)", o.offset);
    v.choice("--sort", "relevance, newest or oldest (undated articles come last)", {"relevance", "newest", "oldest"}, o.sort);
    v.flag("--count", "Print the exact number of matching articles instead of hits", o.count);
    v.choice("--format", "text, json, jsonl, tsv or paths (see below)", {"text", "json", "jsonl", "tsv", "paths"}, o.format);
    v.flag("-l", "Print only paths, one per line (= --format paths)", o.paths);
    v.flag("-0,--null", "Print only paths, each ending with NUL (for xargs -0)", o.nul);
    v.flag("--batch", "Read one query per line from stdin; answer each in turn", o.batch);
    v.choice("--color", "auto (on a terminal, unless NO_COLOR is set), always or never", {"auto", "always", "never"}, o.color);
}

/// Adds every option to `app`, bound to `into`, with its checks.
void add_search_options(CLI::App& app, SearchOptions& into);

/// What CLI11 would make of `args` (the arguments after the program's name), when they are only
/// options of this list written as separate words (`--limit 5`, each at most once, with a valid value)
/// and words, and say which of a query or --batch they want; none otherwise.
std::optional<SearchOptions> quick_read(const std::vector<std::string_view>& args);

/// The command line as newsdex-search reads it: quick_read() where it answers, else CLI11, with --help,
/// --version and the message and hint for a mistake. The options, or the exit status of a run that ends
/// here: 0 after --help or --version, 2 after a mistake (said on stderr).
std::variant<SearchOptions, int> read_command_line(int argc, char** argv);

}  // namespace newsdex
