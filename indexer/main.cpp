// newsdex-index: parse options, set up logging, run the library's indexer, map the outcome to an exit code.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include "newsdex/check.hpp"
#include "newsdex/cli_hint.hpp"
#include "newsdex/indexer.hpp"
#include "newsdex/text.hpp"

namespace {

std::atomic<bool> g_interrupted{false};

void on_signal(int) { g_interrupted = true; }

// Xapian 1.4 writes the last chunk of each changed value slot from a destructor (glass's ValueUpdater):
// when that write fails, as on a full disk, the exception ends in std::terminate, past every catch.
// A Xapian commit is atomic, so the index is as its last commit left it, as after a kill (the next run
// repairs the catalogue's side): say what failed, like any other error, and exit 2.
std::string g_index_shown;

[[noreturn]] void on_terminate() {
    std::string what = "an unexpected failure";
    try {
        if (const auto e = std::current_exception()) std::rethrow_exception(e);
    } catch (const Xapian::Error& e) {
        what = e.get_description();
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr,
                 "newsdex-index: error: index %s: %s\n"
                 "newsdex-index: hint: what was committed before is kept; make room (or mend the cause) and run again\n",
                 g_index_shown.c_str(), what.c_str());
    std::_Exit(2);
}

constexpr const char* kFooter = R"(Files read as articles: *.txt (any case) and names without an extension; NAME.json
beside NAME.txt is its sidecar. Hidden files and folders (.name) are not walked, nor folders that
hold a search index (a Xapian database, a newsdex index). A link to a file or folder under the
given paths is read where it really is, once.

Index location: --index DIR, else $NEWSDEX_INDEX, else $XDG_DATA_HOME/newsdex, else
~/.local/share/newsdex. A run that changed a tenth of the index or more compacts it (searchers
keep working). One indexer at a time: a second one exits 2, naming the process that holds the lock.

--check compares the Xapian database with the catalogue (every indexed article has exactly
one document, with its own record, and every document an article), checks that the pair index
lists every article under its word pairs (and says whether it is whole), and prints what it found on stdout; exit 0 when they
agree, 1 when not. After a run that was killed they may not: Xapian is
committed a moment before the catalogue, and the next run repairs the difference itself.

Exit status: 0 every file went in; 1 some files were skipped (each named in a warning);
2 fatal error (nothing committed is lost); 130 interrupted (what was done is committed,
the next run carries on).)";

// "16M", "512k", "2G" or plain bytes.
std::int64_t parse_size(const std::string& s) {
    std::size_t used = 0;
    const long long n = std::stoll(s, &used);
    const std::string unit = s.substr(used);
    std::int64_t mult = 1;
    if (unit == "k" || unit == "K") mult = 1024;
    else if (unit == "m" || unit == "M") mult = 1024 * 1024;
    else if (unit == "g" || unit == "G") mult = 1024LL * 1024 * 1024;
    else if (!unit.empty()) throw std::invalid_argument(s);
    if (n <= 0) throw std::invalid_argument(s);
    return n * mult;
}

// --check: the comparison on stdout, one "name: value" per line (ids space-separated).
int run_check(const newsdex::IndexDir& index) {
    auto a = newsdex::check_index(index);
    if (!a) {
        std::cerr << "newsdex-index: error: " << a.error().message << '\n';
        if (!a.error().hint.empty()) std::cerr << "newsdex-index: hint: " << a.error().hint << '\n';
        return 2;
    }
    const auto ids = [](const std::vector<std::int64_t>& v) {
        std::string out;
        for (auto id : v) out += " " + std::to_string(id);
        return out;
    };
    std::cout << "index: " << index.dir.string() << '\n'
              << "xapian documents: " << a->documents << '\n'
              << "catalogue articles indexed: " << a->indexed << '\n'
              << "only in xapian:" << ids(a->only_in_xapian) << '\n'
              << "only in the catalogue:" << ids(a->only_in_catalogue) << '\n';
    for (const auto& f : a->faults) std::cout << "fault: " << f << '\n';
    std::cout << "pair index: "
              << (a->pair_index_whole ? "whole"
                                      : "not whole (a compaction did not finish; phrases are checked without it, "
                                        "slower, until the next newsdex-index run rebuilds it)")
              << '\n';
    std::cout << "agree: " << (a->agrees() ? "yes" : "no") << '\n';
    if (!a->agrees())
        std::cerr << "newsdex-index: hint: the next newsdex-index run on this index repairs the difference\n";
    return a->agrees() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"newsdex-index: index a folder of news articles for newsdex-search.\n"
                 "The first run indexes everything; later runs read only new and changed files, and remove\n"
                 "articles whose files are gone.",
                 "newsdex-index"};
    app.footer(kFooter);
    app.set_version_flag("--version", "newsdex-index 0.1.0");

    std::vector<std::string> roots;
    std::optional<std::string> index_dir;
    std::optional<std::string> language;
    std::string max_size = "16M";
    newsdex::IndexOptions options;
    bool no_prune = false;
    bool quiet = false;
    bool verbose = false;
    bool check = false;
    auto* paths = app.add_option("PATH", roots, "Folders (walked recursively) and files to index");
    app.add_flag("--check", check, "Compare the Xapian database with the catalogue, change nothing (see below)")
        ->excludes(paths);
    app.add_option("--index", index_dir, "Index folder (see below); created on first use");
    app.add_flag("--full", options.full, "Re-read and re-index every file, changed or not (also what an index of an older newsdex layout needs)");
    app.add_flag("--no-prune", no_prune, "Keep articles whose files are gone from the given paths");
    app.add_flag("--dry-run", options.dry_run,
                 "Print what would change (add, update, move, remove: one per line on stdout) and change nothing");
    app.add_option("-j,--jobs", options.jobs, "Parser threads [default: one per core]")->check(CLI::Range(1, 256));
    app.add_option("--max-size", max_size, "Skip files larger than this (bytes, or with k, M, G)")
        ->capture_default_str();
    app.add_option("--batch-size", options.batch_size, "Articles per commit; Ctrl-C keeps what was committed")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    app.add_option("--language", language,
                   "Stemming language of a new index (english, french, german, ..., none) [default: english, or "
                   "the index's]; changing it needs --full");
    app.add_option("--source", options.read.default_source,
                   "Source of every article in which no rule finds one (e.g. --source BBC)");
    app.add_flag("-q,--quiet", quiet, "Print only warnings and errors");
    app.add_flag("-v,--verbose", verbose, "Also print each change (add, update, move, remove) on stderr");

    const auto ends = newsdex::parse_command_line(app, argc, argv, "newsdex-index", [&] {
        if (!check && roots.empty()) throw CLI::RequiredError("PATH");
    });
    if (ends) return *ends;
    try {
        options.max_size = parse_size(max_size);
    } catch (const std::exception&) {
        std::cerr << "newsdex-index: error: --max-size " << max_size << ": expected a size such as 16M\n";
        return 2;
    }

    auto log = spdlog::stderr_color_mt("newsdex-index");
    log->set_pattern("%n: %^%l%$: %v");
    log->set_level(quiet ? spdlog::level::warn : spdlog::level::info);

    options.index = newsdex::resolve_index_dir(index_dir);
    g_index_shown = newsdex::quote_path(options.index.dir.string());
    std::set_terminate(on_terminate);
    if (check) return run_check(options.index);
    options.prune = !no_prune;
    options.language = language;
    for (const auto& r : roots) options.roots.emplace_back(r);
    options.interrupted = &g_interrupted;
    options.warn = [&](const std::string& path, const std::string& reason) {
        log->warn("skipping {}: {}", newsdex::quote_path(path), reason);
    };
    options.on_change = [&](std::string_view action, const std::string& what) {
        if (options.dry_run) {
            std::cout << action << ' ' << what << '\n';
        } else if (verbose) {
            log->info("{} {}", action, newsdex::quote_path(what));
        }
    };

    // Progress is for a person watching a terminal; logs and pipes get only the summary.
    const bool show_progress = !quiet && !options.dry_run && isatty(STDERR_FILENO);
    const auto start = std::chrono::steady_clock::now();
    auto last_shown = start;
    if (show_progress) {
        options.progress = [&](std::int64_t done, std::int64_t total) {
            const auto now = std::chrono::steady_clock::now();
            if (now - last_shown < std::chrono::milliseconds(250) && done != total) return;
            last_shown = now;
            const double secs = std::chrono::duration<double>(now - start).count();
            const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
            const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
            std::fprintf(stderr, "\r\x1b[Knewsdex-index: %lld/%lld files, %.0f files/s, ETA %.0fs",
                         static_cast<long long>(done), static_cast<long long>(total), rate, eta);
            if (done == total) std::fputs("\r\x1b[K", stderr);
        };
    }

    struct sigaction sa{};
    sa.sa_handler = on_signal;
    sa.sa_flags = static_cast<int>(SA_RESETHAND);  // a second Ctrl-C kills at once
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    auto stats = newsdex::run_index(options);
    if (show_progress) std::fputs("\r\x1b[K", stderr);
    if (!stats) {
        log->error("{}", stats.error().message);
        if (!stats.error().hint.empty()) std::cerr << "newsdex-index: hint: " << stats.error().hint << '\n';
        return 2;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto& s = *stats;
    if (!quiet)
        std::cerr << fmt::format("newsdex-index: {}seen {} file{}: {} added, {} updated, {} unchanged, {} moved, {} "
                                 "removed, {} skipped; {} ignored (not articles by name) in {:.1f}s\n",
                                 options.dry_run ? "dry run, nothing changed: " : "", s.seen, s.seen == 1 ? "" : "s",
                                 s.added, s.updated, s.unchanged, s.moved, s.removed, s.skipped, s.ignored, secs);
    if (s.orphans_removed + s.reread > 0)
        log->warn("the last run on this index did not finish; repaired: {} documents without a catalogue row "
                  "removed, {} articles whose documents were missing read again",
                  s.orphans_removed, s.reread);
    if (s.interrupted) {
        log->warn("interrupted: what was indexed is committed; run again to carry on");
        return 130;
    }
    return s.skipped > 0 ? 1 : 0;
}
