#include "options.hpp"

#include <algorithm>
#include <charconv>

#include <CLI/CLI.hpp>

#include "newsdex/cli_hint.hpp"

namespace newsdex {

namespace {

constexpr const char* kFooter = R"(Query language:
  words                  ranked by BM25; articles with every word come before those with some;
                         when none has every word, the best ones suggest terms that reorder the rest
  "a phrase"             the words next to each other, in order (matched by stems, like words:
                         "oil prices" also finds "oil price")
  AND OR NOT ( )         operators, unless the whole query is in capitals (then they are words)
  +must -mustnot         require or exclude a word; exclusions alone (-sports) mean all but those
  a NEAR b, a NEAR/3 b   two words close to each other (words only: no phrase, bracket or field)
  prefix*                words whose stem starts with prefix or is its stem (dredge*: dredging)
  title:word             in the headline (title:"a phrase" too)
  source:npr             the outlet, whole or one word, any case (source:"new york times")
  author:doe             a byline name, whole or one word
  year:1987 month:2023-06
  date:2023-06-01..2023-06-30, date:2023.., date:..1987-03, date:2023-06
  *                      every article (with filters and --sort, for listing)
Case never matters: Blinken, BLINKEN and blinken find the same articles (U.S. and u.s. too,
or u.s.-japan, except inside a phrase, where an abbreviation with dots is taken as typed).
A field that is not one of these (auther:doe) is an error, and so is a field with no value
(title: oil: no space after the colon); to search for such text, quote it: "auther:doe".
A query with a word no article holds gets a suggestion on stderr, even when its other words
found something: that word corrected, the rest as typed (only a suggestion that finds something).
A query that starts with '-' goes after --:  newsdex-search -- -sports football

Formats (stdout): text for people; json one object per query {format_version, query, total,
hits} (total: exact when every match fits the page, else an estimate; --count is exact);
jsonl one hit per line; each hit has rank, score, id, path, title, source, author, date
(YYYY-MM-DD or null), url, snippet (+ query with --batch; + path_base64 when the path is not
UTF-8); tsv: rank score id date source title path (tab, newline and backslash escaped);
paths: one path per line (-0: NUL-terminated, exact bytes).

Index location: --index DIR, else $NEWSDEX_INDEX, else $XDG_DATA_HOME/newsdex, else
~/.local/share/newsdex.

Exit status: 0 something matched; 1 nothing matched; 2 error (bad query, option or index).)";

// A count of hits: digits only, and few enough of them for any size_t.
bool is_whole_number(std::string_view v) {
    return !v.empty() && v.size() < 10 && v.find_first_not_of("0123456789") == std::string_view::npos;
}

struct Registrar {
    CLI::App& app;
    CLI::Validator whole_number{[](std::string& v) {
                                    return is_whole_number(v) ? std::string() : "expected a whole number from 0, got " + v;
                                },
                                "N"};

    void words(const char* names, const char* help, std::vector<std::string>& into) { app.add_option(names, into, help); }
    void text(const char* names, const char* help, std::optional<std::string>& into) { app.add_option(names, into, help); }
    void number(const char* names, const char* help, std::size_t& into) {
        app.add_option(names, into, help)->capture_default_str()->check(whole_number);
    }
    void choice(const char* names, const char* help, std::initializer_list<const char*> choices, std::string& into) {
        app.add_option(names, into, help)->capture_default_str()->check(CLI::IsMember(std::vector<std::string>(choices.begin(), choices.end())));
    }
    void flag(const char* names, const char* help, bool& into) { app.add_flag(names, into, help); }
};

// Takes one argument that starts with '-' (and its value, when the option has one), if it is one of
// the list's names written plainly and its value is valid; `seen` holds the options taken already.
struct Taker {
    std::string_view arg;
    const std::string_view* value;  // the next argument, or null
    std::vector<const char*>& seen;
    bool taken = false;
    bool value_used = false;

    // Whether `arg` is one of `names` ("-n,--limit"), given for the first time (a second is CLI11's to judge).
    bool named(const char* names) {
        if (!is_one_of(names) || std::count(seen.begin(), seen.end(), names)) return false;
        seen.push_back(names);
        return true;
    }
    bool is_one_of(std::string_view names) const {
        for (;;) {
            const std::size_t comma = names.find(',');
            if (names.substr(0, comma) == arg) return true;
            if (comma == std::string_view::npos) return false;
            names.remove_prefix(comma + 1);
        }
    }
    // A value CLI11 takes as it is: there, and not something it could read as an option.
    bool usable_value() const { return value && !value->empty() && value->front() != '-'; }

    void words(const char*, const char*, std::vector<std::string>&) {}
    void text(const char* names, const char*, std::optional<std::string>& into) {
        if (!named(names) || !usable_value()) return;
        into = std::string(*value);
        taken = value_used = true;
    }
    void number(const char* names, const char*, std::size_t& into) {
        if (!named(names) || !usable_value() || !is_whole_number(*value)) return;
        std::from_chars(value->data(), value->data() + value->size(), into);
        taken = value_used = true;
    }
    void choice(const char* names, const char*, std::initializer_list<const char*> choices, std::string& into) {
        if (!named(names) || !usable_value() ||
            std::none_of(choices.begin(), choices.end(), [&](const char* c) { return *value == c; }))
            return;
        into = std::string(*value);
        taken = value_used = true;
    }
    void flag(const char* names, const char*, bool& into) {
        if (!named(names)) return;
        into = true;
        taken = true;
    }
};

}  // namespace

void add_search_options(CLI::App& app, SearchOptions& into) { for_each_option(into, Registrar{app}); }

std::optional<SearchOptions> quick_read(const std::vector<std::string_view>& args) {
    SearchOptions o;
    std::vector<const char*> seen;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--") {
            for (++i; i < args.size(); ++i) o.words.emplace_back(args[i]);
            break;
        }
        if (arg.empty() || arg.front() != '-') {
            o.words.emplace_back(arg);
            continue;
        }
        Taker take{arg, i + 1 < args.size() ? &args[i + 1] : nullptr, seen};
        for_each_option(o, take);
        if (!take.taken) return std::nullopt;
        if (take.value_used) ++i;
    }
    if (o.batch != o.words.empty()) return std::nullopt;  // CLI11's path says what is wrong
    return o;
}

std::variant<SearchOptions, int> read_command_line(int argc, char** argv) {
    if (auto quick = quick_read(std::vector<std::string_view>(argv + 1, argv + argc))) return std::move(*quick);
    SearchOptions o;
    CLI::App app{"newsdex-search: search an index made by newsdex-index.", "newsdex-search"};
    app.footer(kFooter);
    app.set_version_flag("--version", "newsdex-search 0.1.0");
    add_search_options(app, o);
    const auto ends = parse_command_line(app, argc, argv, "newsdex-search", [&] {
        if (o.batch && !o.words.empty()) throw CLI::ValidationError("--batch reads queries from stdin; give no QUERY");
        if (!o.batch && o.words.empty()) throw CLI::ValidationError("no query given (try '*' to list every article)");
    });
    if (ends) return *ends;
    return o;
}

}  // namespace newsdex
