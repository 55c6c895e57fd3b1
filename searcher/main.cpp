// newsdex-search: parse options, run the library's searcher, print, map the outcome to an exit code.
// Deliberately lean at start-up (no logging library, no catalogue): most runs are one query from a shell.
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <variant>

#include "options.hpp"
#include "newsdex/huge_heap.hpp"
#include "newsdex/printer.hpp"
#include "newsdex/search.hpp"

int main(int argc, char** argv) {
    newsdex::place_heap_on_huge_page();  // first, while the heap is small: see huge_heap.hpp
    // `newsdex-search ... | head -1` must end quietly: die of SIGPIPE like any filter, even when the
    // parent process ignored it.
    std::signal(SIGPIPE, SIG_DFL);

    const auto read = newsdex::read_command_line(argc, argv);
    if (const int* status = std::get_if<int>(&read)) return *status;
    const newsdex::SearchOptions& o = std::get<newsdex::SearchOptions>(read);
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
