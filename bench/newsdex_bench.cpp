// newsdex-bench: the measuring half of scripts/bench.
//   queries SEED N CORPUS          write N queries (words, pairs, phrases, natural-language) to stdout
//   newsdex INDEX QUERIES          in-process query latency through newsdex's Searcher, with snippets
//   newsdex-nosnippets INDEX QUERIES   the same without snippets (as --format tsv and paths run)
//   xapian DB QUERIES [newsdex]    in-process latency of a bare QueryParser + Enquire loop over omindex's
//                                  index (STEM_SOME, its terms and quest's; each hit's document data), or
//                                  with `newsdex` over newsdex's (STEM_ALL_Z, its terms; each hit's
//                                  display record, what a hit shows without snippets)
//   fts5 DB QUERIES                in-process latency of SQLite FTS5 MATCH ... ORDER BY rank
//   spawn QUERIES CMD ARG... {}    latency of one process per query ({} is replaced by the query)
//   compare INDEX QUERIES ROUNDS   in-process latency of newsdex (with snippets), newsdex without
//                                  snippets and the bare loop over its index, interleaved: one line each
//   spawn-compare QUERIES ROUNDS CMD ARG... [--- CMD ARG...]...   one process per query for each
//                                  command, interleaved: one line each, in the order given
//   make-corpus N DIR CORPUS SEED  write N synthetic articles under DIR/YYYY/MM/DD/, learnt from CORPUS
// Latency commands print "p50_ms p95_ms mean_ms n". The compare commands time their contestants in
// turn, step by step, each on a different query (see time_interleaved), ROUNDS times over the queries
// after one untimed pass: a ratio between two of them then holds while the machine's load drifts
// (separate runs moved by a tenth).
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <unistd.h>

#include "newsdex/crawl.hpp"
#include "newsdex/document.hpp"
#include "newsdex/search.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> read_lines(const std::string& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

int report(std::vector<double> ms) {
    if (ms.empty()) return 1;
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))]; };
    double sum = 0;
    for (double m : ms) sum += m;
    std::printf("%.3f %.3f %.3f %zu\n", at(0.5), at(0.95), sum / static_cast<double>(ms.size()), ms.size());
    return 0;
}

// Times each of fns on every query, after one untimed pass that warms caches (the bar is warm-cache),
// interleaved (see the comment at the top); prints a line per fn.
int time_interleaved(const std::vector<std::string>& queries, const std::vector<std::function<void(const std::string&)>>& fns,
                     int rounds) {
    for (const auto& fn : fns)
        for (const auto& q : queries) fn(q);
    // At each step every contestant answers a query, each a different one (contestant j is a j-th of the
    // list further on): one that just ran the same query would find its postings and records in the
    // CPU's caches, a tenth faster, which favoured whoever came second. The order within a step rotates.
    const std::size_t n = queries.size();
    const std::size_t stride = std::max<std::size_t>(1, n / fns.size());
    std::vector<std::vector<double>> ms(fns.size());
    for (int r = 0; r < rounds; ++r)
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < fns.size(); ++k) {
                const std::size_t j = (k + i + static_cast<std::size_t>(r)) % fns.size();
                const auto t0 = Clock::now();
                fns[j](queries[(i + j * stride) % n]);
                ms[j].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            }
    int rc = 0;
    for (auto& m : ms) rc |= report(std::move(m));
    return rc;
}

// Times fn once per query, after the warm-up pass.
int time_queries(const std::vector<std::string>& queries, std::function<void(const std::string&)> fn) {
    return time_interleaved(queries, {std::move(fn)}, 1);
}

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> out;
    std::string w;
    for (char c : text) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            if (w.size() >= 3) out.push_back(w);
            w.clear();
        }
    }
    if (w.size() >= 3) out.push_back(w);
    return out;
}

// Queries people type: a word, two words, a two-word phrase, and 4-6 words of a sentence; drawn from
// the corpus with a fixed seed so every tool answers the same set.
int make_queries(unsigned seed, int n, const std::string& corpus) {
    std::mt19937 rng(seed);
    auto files = newsdex::crawl({corpus}, {}).files;
    std::shuffle(files.begin(), files.end(), rng);
    static const std::set<std::string> kStop = {"the", "and", "for", "that", "with", "said", "was", "from", "its",
                                                "has", "have", "are", "not", "but", "this", "will", "which", "been",
                                                "were", "they", "their", "would", "also", "had", "his", "her"};
    // Words that are neither too rare nor stop words: seen in at least 3 of the sampled files.
    std::map<std::string, int> df;
    std::vector<std::vector<std::string>> docs;
    for (std::size_t i = 0; i < files.size() && i < 2000; ++i) {
        std::ifstream in(files[i].path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        auto w = words_of(ss.str());
        std::set<std::string> uniq(w.begin(), w.end());
        for (const auto& u : uniq) ++df[u];
        docs.push_back(std::move(w));
    }
    std::vector<std::string> vocab;
    for (const auto& [w, f] : df)
        if (f >= 3 && !kStop.count(w)) vocab.push_back(w);
    if (vocab.empty() || docs.empty()) return 1;
    std::uniform_int_distribution<std::size_t> pick_word(0, vocab.size() - 1), pick_doc(0, docs.size() - 1);
    for (int i = 0; i < n; ++i) {
        const auto& d = docs[pick_doc(rng)];
        if (d.size() < 8) {
            --i;
            continue;
        }
        const std::size_t at = std::uniform_int_distribution<std::size_t>(0, d.size() - 7)(rng);
        switch (i % 4) {
            case 0: std::cout << vocab[pick_word(rng)] << '\n'; break;
            case 1: std::cout << vocab[pick_word(rng)] << ' ' << vocab[pick_word(rng)] << '\n'; break;
            case 2: std::cout << '"' << d[at] << ' ' << d[at + 1] << "\"\n"; break;
            default: {
                const std::size_t len = 4 + static_cast<std::size_t>(i % 3);
                for (std::size_t k = 0; k < len; ++k) std::cout << (k ? " " : "") << d[at + k];
                std::cout << '\n';
            }
        }
    }
    return 0;
}

// A word-bigram model learnt from a real corpus: each word's observed successors, repeated as often as
// they were seen, so that sampling one uniformly follows the corpus's statistics (word frequencies,
// common pairs, sentence ends).
struct Bigrams {
    std::vector<std::string> words;
    std::unordered_map<std::string, std::uint32_t> ids;
    std::vector<std::vector<std::uint32_t>> next;
    std::vector<std::uint32_t> starts;  // words that begin a paragraph

    std::uint32_t id(const std::string& w) {
        auto [it, fresh] = ids.emplace(w, static_cast<std::uint32_t>(words.size()));
        if (fresh) {
            words.push_back(w);
            next.emplace_back();
        }
        return it->second;
    }
    void learn(const std::string& text) {
        std::istringstream in(text);
        std::string w;
        std::int64_t prev = -1;
        while (in >> w) {
            const std::uint32_t cur = id(w);
            if (prev < 0) starts.push_back(cur);
            else next[static_cast<std::size_t>(prev)].push_back(cur);
            prev = cur;
        }
    }
    std::string sample(std::mt19937& rng, std::size_t n) const {
        std::string out;
        std::uint32_t cur = starts[std::uniform_int_distribution<std::size_t>(0, starts.size() - 1)(rng)];
        for (std::size_t i = 0; i < n; ++i) {
            out += (i ? " " : "") + words[cur];
            const auto& succ = next[cur];
            cur = succ.empty() ? starts[std::uniform_int_distribution<std::size_t>(0, starts.size() - 1)(rng)]
                               : succ[std::uniform_int_distribution<std::size_t>(0, succ.size() - 1)(rng)];
        }
        return out;
    }
};

// N articles in the shapes of corpus/: a headline, a dateline, paragraphs, an outlet's footer; dates spread
// over 2010-2024 and laid out as YYYY/MM/DD/ID.txt; one in ten a syndicated near-copy of a recent article
// under another outlet's header and footer, with one paragraph changed.
int make_corpus(long n, const std::string& dir, const std::string& corpus, unsigned seed) {
    std::mt19937 rng(seed);
    Bigrams body, heads;
    for (const auto& f : newsdex::crawl({corpus}, {}).files) {
        std::ifstream in(f.path, std::ios::binary);
        std::string first, line, rest;
        std::getline(in, first);
        heads.learn(first);
        while (std::getline(in, line)) rest += line + "\n";
        body.learn(rest);
    }
    if (body.starts.empty() || heads.starts.empty()) return std::cerr << "no text in " << corpus << '\n', 2;
    static const char* kOutlets[] = {"Reuters", "AP", "NPR", "BBC", "The Northern Gazette", "Valley Public Radio"};
    static const char* kPlaces[] = {"LONDON", "NEW YORK", "TOKYO", "WASHINGTON", "PARIS", "NAIROBI", "SYDNEY", "BERLIN"};
    static const char* kMonths[] = {"Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."};
    std::vector<std::string> recent;  // bodies to syndicate
    std::uniform_int_distribution<int> year(2010, 2024), month(1, 12), day(1, 28), outlet(0, 5), place(0, 7);
    std::lognormal_distribution<double> length(5.0, 0.6);  // words per article: median ~150, long tail
    for (long i = 1; i <= n; ++i) {
        const int y = year(rng), m = month(rng), d = day(rng);
        char folder[32];
        std::snprintf(folder, sizeof folder, "/%04d/%02d/%02d/", y, m, d);
        const std::string path = dir + folder + std::to_string(i) + ".txt";
        std::filesystem::create_directories(dir + folder);
        const char* src = kOutlets[outlet(rng)];
        std::string text;
        if (!recent.empty() && i % 10 == 0) {
            text = recent[std::uniform_int_distribution<std::size_t>(0, recent.size() - 1)(rng)];
            const std::size_t para = text.find("\n\n");
            if (para != std::string::npos) text = body.sample(rng, 30) + text.substr(para);
        } else {
            const auto words = static_cast<std::size_t>(std::clamp(length(rng), 30.0, 3000.0));
            for (std::size_t done = 0; done < words;) {
                const std::size_t p = std::min<std::size_t>(words - done, 40 + rng() % 60);
                text += (done ? "\n\n" : "") + body.sample(rng, p);
                done += p;
            }
            recent.push_back(text);
            if (recent.size() > 1000) recent.erase(recent.begin() + static_cast<long>(rng() % 1000));
        }
        std::ofstream out(path, std::ios::binary);
        out << heads.sample(rng, 5 + rng() % 6) << "\n\n"
            << kPlaces[place(rng)] << ", " << kMonths[m - 1] << ' ' << d << " (" << src << ") - " << text << "\n\n"
            << "Copyright " << y << ' ' << src << ".\n";
        if (i % 100000 == 0) std::cerr << "make-corpus: " << i << " articles\n";
    }
    return 0;
}

// Runs argv_template with {} replaced by the query, output to /dev/null, and waits for it.
std::function<void(const std::string&)> spawner(std::vector<std::string> argv_template) {
    return [argv_template](const std::string& q) {
        std::vector<std::string> args = argv_template;
        for (auto& a : args) {
            const std::size_t at = a.find("{}");
            if (at != std::string::npos) a.replace(at, 2, q);
        }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        pid_t pid = 0;
        if (posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ) == 0) waitpid(pid, nullptr, 0);
        posix_spawn_file_actions_destroy(&fa);
    };
}

// The bare loop: a QueryParser + Enquire per query, as a plain Xapian program would, fetching what a hit
// shows (see the comment at the top).
std::function<void(const std::string&)> bare_loop(const Xapian::Database& db, bool newsdex_index) {
    // With the wrong strategy a query asks for terms the index does not hold and costs nothing.
    const auto strategy = newsdex_index ? Xapian::QueryParser::STEM_ALL_Z : Xapian::QueryParser::STEM_SOME;
    return [db, newsdex_index, strategy](const std::string& q) {
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemmer(Xapian::Stem("english"));
        qp.set_stemming_strategy(strategy);
        Xapian::Enquire enquire(db);
        enquire.set_query(qp.parse_query(q));
        Xapian::MSet mset = enquire.get_mset(0, 10);
        // What a hit shows: newsdex keeps its fields in a value slot (the text, for snippets, apart),
        // omindex in the document data (which Xapian inflates in get_data()).
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            if (newsdex_index)
                (void)newsdex::load_display_record(it.get_document());
            else
                (void)it.get_document().get_data();
        }
    };
}

std::function<void(const std::string&)> newsdex_loop(newsdex::Searcher& searcher, bool snippets) {
    return [&searcher, snippets](const std::string& q) {
        newsdex::SearchSpec spec;
        spec.query = q;
        spec.snippets = snippets;
        auto r = searcher.search(spec);
        if (!r) std::cerr << r.error().message << '\n';
    };
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() >= 4 && a[0] == "queries") return make_queries(static_cast<unsigned>(std::stoul(a[1])), std::stoi(a[2]), a[3]);
    if (a.size() == 3 && (a[0] == "newsdex" || a[0] == "newsdex-nosnippets")) {
        auto s = newsdex::Searcher::open(newsdex::IndexDir{a[1]});
        if (!s) return std::cerr << s.error().message << '\n', 2;
        return time_queries(read_lines(a[2]), newsdex_loop(*s, a[0] == "newsdex"));
    }
    if ((a.size() == 3 || (a.size() == 4 && a[3] == "newsdex")) && a[0] == "xapian")
        return time_queries(read_lines(a[2]), bare_loop(Xapian::Database(a[1]), a.size() == 4));
    if (a.size() == 4 && a[0] == "compare") {
        auto s = newsdex::Searcher::open(newsdex::IndexDir{a[1]});
        if (!s) return std::cerr << s.error().message << '\n', 2;
        const Xapian::Database db((newsdex::IndexDir{a[1]}).xapian().string());
        return time_interleaved(read_lines(a[2]), {newsdex_loop(*s, true), newsdex_loop(*s, false), bare_loop(db, true)},
                                std::stoi(a[3]));
    }
    if (a.size() == 3 && a[0] == "fts5") {
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(a[1].c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 2;
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(db, "SELECT path FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", -1, &stmt, nullptr);
        const int rc = time_queries(read_lines(a[2]), [&](const std::string& q) {
            sqlite3_reset(stmt);
            sqlite3_bind_text(stmt, 1, q.c_str(), -1, SQLITE_TRANSIENT);
            while (sqlite3_step(stmt) == SQLITE_ROW) (void)sqlite3_column_text(stmt, 0);
        });
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        return rc;
    }
    if (a.size() == 5 && a[0] == "make-corpus")
        return make_corpus(std::stol(a[1]), a[2], a[3], static_cast<unsigned>(std::stoul(a[4])));
    if (a.size() >= 3 && a[0] == "spawn") return time_queries(read_lines(a[1]), spawner({a.begin() + 2, a.end()}));
    if (a.size() >= 4 && a[0] == "spawn-compare") {
        std::vector<std::function<void(const std::string&)>> fns;
        std::vector<std::string> command;
        for (auto it = a.begin() + 3;; ++it) {
            if (it == a.end() || *it == "---") {
                if (command.empty()) return std::cerr << "spawn-compare: an empty command\n", 2;
                fns.push_back(spawner(command));
                command.clear();
                if (it == a.end()) break;
            } else {
                command.push_back(*it);
            }
        }
        return time_interleaved(read_lines(a[1]), fns, std::stoi(a[2]));
    }
    std::cerr << "usage: see the comment at the top of bench/newsdex_bench.cpp\n";
    return 2;
}
