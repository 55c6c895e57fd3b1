// newsdex-search: parse options, run the library's searcher, print, map the outcome to an exit code.
// Deliberately lean at start-up (no logging library, no catalogue): most runs are one query from a shell.
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <CLI/CLI.hpp>

#include "newsdex/cli_hint.hpp"
#include "options.hpp"
#include "newsdex/printer.hpp"
#include "newsdex/search.hpp"

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

}  // namespace

int main(int argc, char** argv) {
    // `newsdex-search ... | head -1` must end quietly: die of SIGPIPE like any filter, even when the
    // parent process ignored it.
    std::signal(SIGPIPE, SIG_DFL);

    // The common forms without CLI11's set-up (options.hpp); CLI11 for the rest, --help and errors.
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    newsdex::SearchOptions o;
    if (auto quick = newsdex::quick_read(args)) {
        o = std::move(*quick);
    } else {
        CLI::App app{"newsdex-search: search an index made by newsdex-index.", "newsdex-search"};
        app.footer(kFooter);
        app.set_version_flag("--version", "newsdex-search 0.1.0");
        newsdex::add_search_options(app, o);
        try {
            app.parse(argc, argv);
            if (o.batch && !o.words.empty()) throw CLI::ValidationError("--batch reads queries from stdin; give no QUERY");
            if (!o.batch && o.words.empty()) throw CLI::ValidationError("no query given (try '*' to list every article)");
        } catch (const CLI::CallForHelp& e) {
            return app.exit(e);
        } catch (const CLI::CallForVersion& e) {
            return app.exit(e);
        } catch (const CLI::ParseError& e) {
            std::cerr << "newsdex-search: error: " << e.what() << "\nnewsdex-search: hint: "
                      << newsdex::command_line_hint(app, argc, argv, "newsdex-search") << '\n';
            return 2;
        }
    }
    newsdex::SearchSpec spec;
    spec.limit = o.limit;
    spec.offset = o.offset;

    newsdex::PrintOptions print;
    print.format = o.paths || o.nul ? newsdex::Format::Paths
                   : o.format == "json" ? newsdex::Format::Json
                   : o.format == "jsonl" ? newsdex::Format::Jsonl
                   : o.format == "tsv" ? newsdex::Format::Tsv
                   : o.format == "paths" ? newsdex::Format::Paths
                                       : newsdex::Format::Text;
    print.nul = o.nul;
    print.batch = o.batch;
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    print.color = o.color == "always" ||
                  (o.color == "auto" && isatty(STDOUT_FILENO) && !(no_color && *no_color) && !(term && !std::strcmp(term, "dumb")));
    newsdex::Printer printer(std::cout, print);
    std::tie(spec.highlight_start, spec.highlight_end) = printer.highlight();
    spec.sort = o.sort == "newest" ? newsdex::SortOrder::Newest
                : o.sort == "oldest" ? newsdex::SortOrder::Oldest
                                   : newsdex::SortOrder::Relevance;
    spec.snippets = print.format == newsdex::Format::Text || print.format == newsdex::Format::Json ||
                    print.format == newsdex::Format::Jsonl;

    const auto index = newsdex::resolve_index_dir(o.index_dir);
    auto searcher = newsdex::Searcher::open(index);
    const auto report = [](const newsdex::Error& e) {
        std::cerr << "newsdex-search: error: " << e.message << '\n';
        if (!e.hint.empty()) std::cerr << "newsdex-search: hint: " << e.hint << '\n';
    };
    if (!searcher) {
        report(searcher.error());
        return 2;
    }

    bool matched = false;
    bool failed = false;
    const auto answer = [&](const std::string& query) {
        spec.query = query;
        if (o.count) {
            auto n = searcher->count(query);
            if (!n) return report(n.error()), void(failed = true);
            printer.count(query, *n);
            matched = matched || *n > 0;
            return;
        }
        auto results = searcher->search(spec);
        if (!results) return report(results.error()), void(failed = true);
        printer.results(*results);
        matched = matched || results->total > 0;
        // Xapian's corrector knows words, not field syntax: it would "correct" date: into water:.
        if (!results->corrected.empty() && query.find(':') == std::string::npos) {
            if (results->total == 0)
                std::cerr << "newsdex-search: no matches for '" << query << "'; did you mean '" << results->corrected << "'?\n";
            else
                std::cerr << "newsdex-search: did you mean '" << results->corrected << "'? (a word of '" << query
                          << "' is in no article)\n";
        }
    };

    if (o.batch) {
        // Each line is one query; a bad query is reported and the batch goes on (exit 2 at the end).
        for (std::string line; std::getline(std::cin, line);) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            answer(line);
            std::cout.flush();
        }
    } else {
        std::string query;
        for (const auto& w : o.words) query += (query.empty() ? "" : " ") + w;
        answer(query);
    }
    std::cout.flush();
    if (failed) return 2;
    return matched ? 0 : 1;
}
