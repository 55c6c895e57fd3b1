#include "newsdex/indexer.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <xapian.h>

#include "newsdex/catalogue.hpp"
#include "newsdex/check.hpp"
#include "newsdex/crawl.hpp"
#include "newsdex/document.hpp"
#include "newsdex/fields.hpp"
#include "newsdex/pairs.hpp"
#include "newsdex/text.hpp"
#include "newsdex/word_table.hpp"

namespace newsdex {

namespace {

// What a parser thread made of one file.
struct Parsed {
    enum class Kind { Touched, Article, Failed } kind = Kind::Failed;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string hash;
    Article article;
    BuiltDocument built;
    std::string reason;
};

struct Job {
    const FileEntry* entry;
    const FileState* known;  // the catalogue row of this path, if any
};

// A file's size and modification time, as a look at it found them.
struct Stamp {
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const Stamp&) const = default;
};

Stamp stamp_of(const struct stat& st) { return {static_cast<std::int64_t>(st.st_size), mtime_ns(st)}; }

Result<void> check_size(std::int64_t size, std::int64_t max_size) {
    if (size <= max_size) return {};
    return fail(Errc::Input, "larger than --max-size (" + std::to_string(size) + " > " + std::to_string(max_size) + " bytes)");
}

// One read of the whole file, which had the stamp `before` (the crawl's look at it, or an fstat here when
// there is none); `changed` is set when its stamp after the read differs (a writer was at work: the bytes
// may be half old, half new). With the crawl's look, a file costs an open, one read, an fstat and a
// close: a read of size + 1 bytes that comes back short has met the end, which the stamp after confirms.
Result<std::string> read_once(const std::string& path, std::int64_t max_size, std::optional<Stamp> before,
                              struct stat& st, bool& changed) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(Errc::Io, std::string("cannot open: ") + std::strerror(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    if (!before) {
        if (::fstat(fd, &st) != 0) return fail(Errc::Io, std::string("cannot stat: ") + std::strerror(errno));
        if (!S_ISREG(st.st_mode)) return fail(Errc::Input, "not a regular file");
        before = stamp_of(st);
    }
    if (auto r = check_size(before->size, max_size); !r) return Unexpected{r.error()};
    std::string bytes(static_cast<std::size_t>(before->size) + 1, '\0');
    std::size_t done = 0;
    for (;;) {
        const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(Errc::Io, std::string("cannot read: ") + std::strerror(errno));
        done += static_cast<std::size_t>(n);
        if (n == 0 || done < bytes.size()) break;
        // It has grown since it was looked at: read on to its end, within --max-size.
        if (auto r = check_size(static_cast<std::int64_t>(done), max_size); !r) return Unexpected{r.error()};
        bytes.resize(done + 4096);
    }
    bytes.resize(done);
    changed = ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || stamp_of(st) != *before ||
              static_cast<std::int64_t>(done) != st.st_size;
    return bytes;
}

// The whole file, read again while a writer is changing it; never half of one version and half of
// another. A file that keeps changing is skipped with a warning (the next run reads it again).
Result<std::string> read_whole(const std::string& path, std::int64_t max_size, std::optional<Stamp> before,
                               struct stat& st) {
    constexpr int kTries = 3;
    for (int attempt = 1;; ++attempt) {
        bool changed = false;
        auto bytes = read_once(path, max_size, before, st, changed);
        if (!bytes || !changed) return bytes;
        if (attempt == kTries)
            return fail(Errc::Io, "changed while it was being read, " + std::to_string(kTries) +
                                      " times; it is read again on the next run");
        before.reset();  // the crawl's look is out of date: the next read looks for itself
        ::usleep(10000 * attempt);  // let the writer finish
    }
}


Parsed parse_file(const Job& job, const IndexOptions& options, DocumentBuilder& builder) {
    Parsed out;
    struct stat st{};
    auto bytes = read_whole(job.entry->path, options.max_size, Stamp{job.entry->size, job.entry->mtime_ns}, st);
    if (!bytes) {
        out.reason = bytes.error().message;
        return out;
    }
    out.size = static_cast<std::int64_t>(bytes->size());
    out.mtime_ns = mtime_ns(st);
    out.hash = to_hex16(fnv1a64(*bytes));
    const FileState* known = job.known;
    if (known && !options.full && !known->error && known->indexed && known->hash == out.hash &&
        known->sidecar == job.entry->sidecar) {
        out.kind = Parsed::Kind::Touched;
        return out;
    }
    std::optional<std::string> sidecar;
    const std::string side_path = sidecar_path(job.entry->path);
    if (!job.entry->sidecar.empty()) {
        struct stat side_st{};
        auto side = read_whole(side_path, options.max_size, std::nullopt, side_st);
        if (!side) {
            out.reason = "sidecar " + quote_path(side_path) + ": " + side.error().message;
            return out;
        }
        sidecar = std::move(*side);
    }
    auto article = read_article(*bytes, job.entry->path, sidecar, side_path, options.read);
    if (!article) {
        out.reason = article.error().message;
        return out;
    }
    out.article = std::move(*article);
    out.built = builder.build(out.article);
    out.kind = Parsed::Kind::Article;
    return out;
}

// Parses the jobs on threads that live for the whole run, ahead of the writer (the main thread) by at
// most a window of articles, and hands them over in job order. Threads started per batch of articles
// had cost a seventh of indexing time on reuters-txt: thread starts and exits, and the allocator's per-thread caches
// flushed and rebuilt with each.
class ParsePipeline {
public:
    ParsePipeline(const std::vector<Job>& jobs, const IndexOptions& options, const std::string& language,
                  unsigned threads)
        : jobs_(jobs), options_(options), slots_(std::max<std::size_t>(128, threads * 128)) {
        for (unsigned t = 0; t < threads; ++t)
            pool_.emplace_back([this, builder = std::make_shared<DocumentBuilder>(language)] { run(*builder); });
    }
    ~ParsePipeline() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        room_.notify_all();
        for (auto& t : pool_) t.join();
    }
    ParsePipeline(const ParsePipeline&) = delete;
    ParsePipeline& operator=(const ParsePipeline&) = delete;

    /// Job `i`'s result, once parsed. REQUIRES: called for 0, 1, 2, ... in turn. After an interruption
    /// the remaining results are empty (the caller checks the flag before using one).
    Parsed take(std::size_t i) {
        Slot& slot = slots_[i % slots_.size()];
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return slot.ready; });
        Parsed p = std::move(slot.parsed);
        slot.ready = false;
        taken_ = i + 1;
        if (taken_ % kChunk == 0) room_.notify_all();  // a chunk's room is free: the only time a thread can go on
        return p;
    }

private:
    struct Slot {
        Parsed parsed;
        bool ready = false;
    };

    // Jobs go out and come back in chunks: one lock and one wake-up for a chunk, not for each article.
    // Handed over one by one, the three threads met on the lock about four times an article (70,000
    // futex calls and 15,000 context switches on reuters-txt).
    static constexpr std::size_t kChunk = 16;
    static_assert(128 % kChunk == 0, "the window (a multiple of 128 slots) is a whole number of chunks");

    // The stem cache of a thread's builder warms up once for the whole run.
    void run(DocumentBuilder& builder) {
        std::vector<Parsed> chunk;
        for (;;) {
            std::size_t first, end;
            {
                std::unique_lock lock(mutex_);
                // The window is a whole number of chunks, and chunks start at multiples of kChunk: a
                // chunk fits once the writer has taken the one a window before it.
                room_.wait(lock, [&] { return stop_ || next_ >= jobs_.size() || next_ + kChunk <= taken_ + slots_.size(); });
                if (stop_ || next_ >= jobs_.size()) return;
                first = next_;
                end = next_ = std::min(next_ + kChunk, jobs_.size());
            }
            chunk.clear();
            for (std::size_t i = first; i < end; ++i)
                chunk.push_back(options_.interrupted && *options_.interrupted ? Parsed{} : parse_file(jobs_[i], options_, builder));
            std::lock_guard lock(mutex_);
            for (std::size_t i = first; i < end; ++i) {
                Slot& slot = slots_[i % slots_.size()];
                slot.parsed = std::move(chunk[i - first]);
                slot.ready = true;
            }
            ready_.notify_all();
        }
    }

    const std::vector<Job>& jobs_;
    const IndexOptions& options_;
    std::vector<Slot> slots_;
    std::mutex mutex_;
    std::condition_variable ready_, room_;
    std::size_t next_ = 0;   // the next job a thread takes
    std::size_t taken_ = 0;  // jobs the writer has taken: a thread stays within a window of it
    bool stop_ = false;
    std::vector<std::thread> pool_;  // last: starts once everything it uses exists
};

bool under_root(const std::string& path, const std::vector<std::string>& roots) {
    for (const auto& r : roots) {
        if (r == "/" || path == r || (path.size() > r.size() && path.starts_with(r) && path[r.size()] == '/')) return true;
    }
    return false;
}

std::string check_language(const std::string& language) {
    if (language == "none") return {};
    std::istringstream available(Xapian::Stem::get_available_languages());
    std::string l;
    while (available >> l)
        if (l == language) return {};
    return "unknown --language '" + language + "'; Xapian knows: none " + Xapian::Stem::get_available_languages();
}

// Words for the spelling corrector, each with the number of articles that hold it. Xapian's own
// add_spelling() per article made every commit rewrite and recompress the spelling table's entries (a
// third of indexing time), so a run counts its changes here and writes them once, with its last commit:
// one more for each word of an article that came in or changed, one less for each word of an article's
// old text (changed or removed), so that the table keeps counting the articles indexed now.
class SpellingCounts {
public:
    void add(const std::vector<std::string>& words) {
        for (const auto& w : words) ++counts_.find_or_add(w).first->value;
    }
    void take_back(const std::vector<std::string>& words) {
        for (const auto& w : words) --counts_.find_or_add(w).first->value;
    }
    void write_to(Xapian::WritableDatabase& db) {
        for (const auto& [word, change] : counts_) {
            if (change > 0) db.add_spelling(word, static_cast<Xapian::termcount>(change));
            if (change < 0) db.remove_spelling(word, static_cast<Xapian::termcount>(-change));  // to 0: gone
        }
        counts_.clear();
    }

    /// Makes the database's table these counts, writing only what differs: after a run that read every
    /// article (--full), whatever earlier runs left wrong (a killed run's changes) is gone.
    void replace_in(Xapian::WritableDatabase& db) {
        std::vector<std::pair<std::string, Xapian::termcount>> table;
        for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) table.emplace_back(*w, w.get_termfreq());
        for (const auto& [word, had] : table) {
            auto* count = counts_.find(word);
            const std::int64_t want = count ? count->value : 0;
            if (count) count->value = 0;  // done: write_to() leaves it
            if (want < had) db.remove_spelling(word, static_cast<Xapian::termcount>(had - want));
            if (want > had) db.add_spelling(word, static_cast<Xapian::termcount>(want - had));
        }
        write_to(db);  // the words the table did not have
    }

    /// The words in n parts by hash, for n writers to add at once (Xapian's spelling data for the 45,000
    /// words of reuters-txt takes 0.5 s to write); merging their databases joins the parts again.
    std::vector<SpellingCounts> split(std::size_t n) && {
        std::vector<SpellingCounts> parts(n);
        const std::hash<std::string> hash;
        for (auto& [word, change] : counts_)
            if (change != 0) parts[hash(word) % n].counts_.find_or_add(word).first->value = change;
        counts_.clear();
        return parts;
    }

private:
    WordTable<std::int64_t> counts_;
};

// Scratch databases (a parallel build's shards, a pair index on its way into a compaction) are read back
// by this run only, and a run that dies leaves them for the next one to delete: no fsync at each commit.
// On reuters-txt the shards' 153 fdatasyncs (about 1 ms each, a writer blocked in each) were 4% of a full
// index (3.33 -> 3.19 s, median of eight interleaved runs).
constexpr int kScratchDatabase = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC;

// A Xapian database written by a thread of its own, fed documents through a bounded queue: Xapian's
// writer, not parsing, is what limits indexing, and two databases can be written at once. Each shard
// ends with its own commit, and with a share of the run's spelling data, so that the end of a run (0.6 s
// of 4 on reuters-txt, when one thread did it) is shared by the shards' threads too.
class ShardWriter {
public:
    ShardWriter(const std::string& path, std::int64_t commit_every, std::map<std::string, std::string> metadata)
        : db_(path, kScratchDatabase),
          commit_every_(commit_every),
          metadata_(std::move(metadata)),
          thread_([this] { run(); }) {}
    ~ShardWriter() {
        request_stop({});
        wait();
    }
    ShardWriter(const ShardWriter&) = delete;
    ShardWriter& operator=(const ShardWriter&) = delete;

    void add(Xapian::Document doc) {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [&] { return queue_.size() < kMaxQueued || !error_.empty(); });
        queue_.push_back(std::move(doc));
        if (queue_.size() >= kWakeAt) ready_.notify_one();
    }

    /// The thread writes what is queued, then `spellings` and the metadata (given at its start, and
    /// `metadata`), commits and ends.
    void request_stop(SpellingCounts spellings, const std::map<std::string, std::string>& metadata = {}) {
        std::lock_guard lock(mutex_);
        spellings_ = std::move(spellings);
        for (const auto& [key, value] : metadata) metadata_[key] = value;
        done_ = true;
        ready_.notify_one();
    }

    /// Waits for the thread to end; the error it met, "" if none. REQUIRES: request_stop() was called.
    std::string wait() {
        if (thread_.joinable()) thread_.join();
        return error_;
    }

private:
    // Bounds memory when the writer falls behind: 2,000 documents a shard held 20 MiB more on reuters-txt
    // and ran no faster.
    static constexpr std::size_t kMaxQueued = 500;
    // The thread takes documents a few at a time and is woken only once a few wait: handed over one by
    // one, a writer that kept up woke for every document.
    static constexpr std::size_t kWakeAt = 16;
    static constexpr std::size_t kTakeAtOnce = 64;

    void run() {
        std::int64_t written = 0;
        std::vector<Xapian::Document> batch;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [&] { return queue_.size() >= kWakeAt || done_; });
                if (queue_.empty()) break;
                while (!queue_.empty() && batch.size() < kTakeAtOnce) {
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
                room_.notify_one();
            }
            for (Xapian::Document& doc : batch) {
                if (!error_.empty()) break;  // drop what is queued, so that add() never waits forever
                guarded([&] {
                    db_.add_document(doc);  // a new shard: no earlier document to replace
                    if (++written % commit_every_ == 0) db_.commit();  // bounds Xapian's buffers; not visible yet
                });
            }
            batch.clear();
        }
        if (!error_.empty()) return;
        guarded([&] {
            spellings_.write_to(db_);
            for (const auto& [key, value] : metadata_) db_.set_metadata(key, value);
            db_.commit();
            db_.close();
        });
    }

    template <typename Fn>
    void guarded(Fn fn) {
        try {
            fn();
        } catch (const Xapian::Error& e) {
            std::lock_guard lock(mutex_);
            error_ = e.get_description();
            room_.notify_all();
        }
    }

    Xapian::WritableDatabase db_;
    std::int64_t commit_every_;
    std::map<std::string, std::string> metadata_;
    SpellingCounts spellings_;
    std::mutex mutex_;
    std::condition_variable ready_, room_;
    std::deque<Xapian::Document> queue_;
    bool done_ = false;
    std::string error_;
    std::thread thread_;  // last: starts once everything it uses exists
};

class Writer {
public:
    Writer(const IndexOptions& options, IndexStats& stats) : options_(options), stats_(stats) {}

    Result<void> run() {
        std::vector<std::string> roots;
        for (const auto& r : options_.roots) {
            std::error_code ec;
            auto abs = std::filesystem::absolute(r, ec).lexically_normal().string();
            while (abs.size() > 1 && abs.back() == '/') abs.pop_back();
            if (!std::filesystem::exists(abs, ec) && !std::filesystem::is_symlink(abs, ec))
                return fail(Errc::Io, "no such file or folder: " + quote_path(r.string()));
            roots.push_back(abs);
        }
        std::string index_abs = std::filesystem::absolute(options_.index.dir).lexically_normal().string();
        while (index_abs.size() > 1 && index_abs.back() == '/') index_abs.pop_back();

        if (auto r = open_databases(); !r) return r;
        if (unfinished_predecessor_)
            if (auto r = repair(); !r) return r;

        std::vector<std::filesystem::path> root_paths(roots.begin(), roots.end());
        CrawlResult crawled = crawl(root_paths, index_abs);
        stats_.seen = static_cast<std::int64_t>(crawled.files.size() + crawled.problems.size()) + crawled.ignored;
        stats_.ignored = crawled.ignored;

        std::vector<FileState> states;
        if (catalogue_) {
            auto loaded = catalogue_->load_states();
            if (!loaded) return Unexpected{loaded.error()};
            states = std::move(*loaded);
        }
        std::unordered_map<std::string, const FileState*> by_path;
        for (const auto& s : states) by_path.emplace(s.path, &s);

        std::set<std::string> present;
        for (const auto& f : crawled.files) present.insert(f.path);
        for (const auto& p : crawled.problems) present.insert(p.path);
        // Rows whose files are gone: candidates for a move (same bytes at a new path), else pruned. Rows
        // outside the given paths are candidates too, if their files are gone: the archive's folder
        // renamed ("newsdex-index ~/news" after "newsdex-index ~/archive") had left every old article
        // behind at a dead path and added it again. Whether such a file is gone is asked only when a new
        // file has its bytes.
        for (const auto& s : states) {
            if (!under_root(s.path, roots)) {
                if (s.indexed && !s.hash.empty()) elsewhere_by_hash_.emplace(s.hash, &s);
            } else if (!present.count(s.path)) {
                vanished_.push_back(&s);
                if (s.indexed && !s.hash.empty()) vanished_by_hash_.emplace(s.hash, &s);
            }
        }

        if (auto r = begin(); !r) return r;
        for (const auto& p : crawled.problems) {
            auto it = by_path.find(p.path);
            FileState fs;
            if (it != by_path.end()) fs = *it->second;
            fs.path = p.path;
            if (auto r = record_failure(fs, p.reason); !r) return r;
        }

        std::vector<Job> jobs;
        for (const auto& f : crawled.files) {
            auto it = by_path.find(f.path);
            const FileState* known = it == by_path.end() ? nullptr : it->second;
            if (known && !options_.full && !known->error && known->indexed && known->size == f.size &&
                known->mtime_ns == f.mtime_ns && known->sidecar == f.sidecar && language_kept_) {
                ++stats_.unchanged;
                continue;
            }
            jobs.push_back({&f, known});
        }
        const unsigned threads = thread_count();
        if (!options_.dry_run && threads >= 2 && db_->get_doccount() == 0 &&
            static_cast<std::int64_t>(jobs.size()) >= options_.parallel_min)
            start_shards(2);
        if (auto r = process(jobs); !r) return r;

        if (!stats_.interrupted && options_.prune) {
            for (const FileState* s : vanished_) {
                if (moved_ids_.count(s->id)) continue;
                if (!only_skipped(*s)) {
                    report_change("remove", s->path);
                    ++stats_.removed;
                }
                if (options_.dry_run) continue;
                if (s->indexed) {
                    take_back_words(s->id);
                    db_->delete_document(std::string(kIdPrefix) + std::to_string(s->id));
                }
                if (auto r = catalogue_->remove(s->id); !r) return r;
                if (auto r = maybe_commit(); !r) return r;
            }
        }
        if (auto r = finish(); !r) return r;
        // Ended cleanly: an empty lock file tells the next run there is nothing to repair.
        if (lock_fd_ >= 0 && ::ftruncate(lock_fd_, 0) != 0) {
            // The pid stays: the next run compares the two databases for nothing, and repairs nothing.
        }
        return {};
    }

private:
    // The row of a file that was skipped and never went in (unreadable, binary, a bad sidecar): no
    // article, so its first good read is an addition, and its going is no removal.
    static bool only_skipped(const FileState& s) { return !s.indexed && s.error; }

    // The row of a file that vanished with the bytes `hash`, which a new file then takes over (a move):
    // one under the given paths, else one elsewhere whose file is gone.
    const FileState* take_vanished(const std::string& hash) {
        if (auto it = vanished_by_hash_.find(hash); it != vanished_by_hash_.end()) {
            const FileState* s = it->second;
            vanished_by_hash_.erase(it);
            return s;
        }
        for (auto [it, end] = elsewhere_by_hash_.equal_range(hash); it != end; ++it) {
            struct stat st{};
            if (::lstat(it->second->path.c_str(), &st) == 0 || errno != ENOENT) continue;
            const FileState* s = it->second;
            elsewhere_by_hash_.erase(it);
            return s;
        }
        return nullptr;
    }

    unsigned thread_count() const { return options_.jobs ? options_.jobs : std::max(1U, std::thread::hardware_concurrency()); }

    // Run after a predecessor that did not finish: see indexer.hpp.
    Result<void> repair() {
        auto states = catalogue_->load_states();
        if (!states) return Unexpected{states.error()};
        const Agreement a = compare(*db_, *states, false);
        for (std::int64_t id : a.only_in_xapian) db_->delete_document(std::string(kIdPrefix) + std::to_string(id));
        db_->commit();
        if (auto r = catalogue_->begin(); !r) return r;
        for (std::int64_t id : a.only_in_catalogue)
            if (auto r = catalogue_->mark_unindexed(id); !r) return r;
        if (auto r = catalogue_->commit(); !r) return r;
        stats_.orphans_removed = static_cast<std::int64_t>(a.only_in_xapian.size());
        stats_.reread = static_cast<std::int64_t>(a.only_in_catalogue.size());
        return {};
    }

    Result<void> open_databases() {
        const bool exists = std::filesystem::exists(options_.index.catalogue());
        if (options_.dry_run) {
            if (!exists) return {};  // nothing indexed yet: everything would be added
            ro_db_.emplace(options_.index.xapian().string());
            auto cat = Catalogue::open(options_.index.catalogue(), false);
            if (!cat) return Unexpected{cat.error()};
            catalogue_.emplace(std::move(*cat));
            return check_index_language(ro_db_->get_metadata(kLanguageKey));
        }
        std::error_code ec;
        std::filesystem::create_directories(options_.index.dir, ec);
        if (ec)
            return fail(Errc::Io, "cannot create the index folder " + quote_path(options_.index.dir.string()) + ": " +
                                      ec.message());
        // The index's own lock comes first and is held to the end: it keeps a second indexer out of the
        // catalogue and of the compaction that swaps databases.
        if (auto r = take_lock(); !r) return r;
        if (!std::filesystem::exists(options_.index.xapian())) {
            Xapian::WritableDatabase fresh((options_.index.dir / "db.0").string(), Xapian::DB_CREATE_OR_OVERWRITE);
            // Searchable from the moment the stub names it, even if this run is killed next.
            fresh.set_metadata(kLayoutKey, std::to_string(kDocumentLayoutVersion));
            fresh.set_metadata(kSharedHashesKey, "1");  // every article it will hold is written by this code
            start_pair_index(fresh);
            fresh.commit();
            fresh.close();
            if (auto r = write_stub("db.0"); !r) return r;
        }
        remove_stale_folders();  // left by a run that crashed while building or compacting
        try {
            db_.emplace(options_.index.xapian().string(), Xapian::DB_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            return fail(Errc::Locked,
                        "the Xapian database of index " + quote_path(options_.index.dir.string()) +
                            " is locked by another process",
                        "wait for it to finish");
        }
        auto cat = Catalogue::open(options_.index.catalogue(), true);
        if (!cat) return Unexpected{cat.error()};
        catalogue_.emplace(std::move(*cat));
        const std::string stored_language = db_->get_metadata(kLanguageKey);
        if (auto r = check_index_language(stored_language); !r) return r;
        // Only when it changes: a metadata write makes the run's commit rewrite the postlist table's
        // root blocks and sync, even when nothing else changed.
        if (stored_language != language_) db_->set_metadata(kLanguageKey, language_);
        records_ = RecordEncoder(db_->get_metadata(kRecordsDictionaryKey));
        dictionary_stored_ = !records_.dictionary().empty();
        records_.learn(options_.dictionary_samples);
        const std::string layout = db_->get_metadata(kLayoutKey);
        if (layout == std::to_string(kDocumentLayoutVersion)) return {};
        if (!options_.full)
            return fail(Errc::SchemaMismatch,
                        "index " + quote_path(options_.index.dir.string()) + " has document layout '" + layout +
                            "'; this newsdex writes layout " + std::to_string(kDocumentLayoutVersion),
                        "add --full to rewrite every article in it");
        // Its articles are rewritten one by one: the new layout is named only once they all are.
        layout_pending_ = true;
        return {};
    }

    Result<void> check_index_language(const std::string& stored) {
        language_ = options_.language.value_or(stored.empty() ? "english" : stored);
        if (auto msg = check_language(language_); !msg.empty())
            return fail(Errc::Usage, msg, "see newsdex-index --help");
        if (!stored.empty() && stored != language_) {
            if (!options_.full)
                return fail(Errc::Usage,
                            "index " + quote_path(options_.index.dir.string()) + " is stemmed for '" + stored +
                                "', not '" + language_ + "'",
                            "add --full to re-index every article in '" + language_ + "'");
            language_kept_ = false;
        }
        return {};
    }

    Result<void> begin() {
        if (options_.dry_run || !catalogue_) return {};
        return catalogue_->begin();
    }

    Result<void> maybe_commit() {
        if (++pending_ < options_.batch_size) return {};
        return commit_batch(true);
    }

    Result<void> commit_batch(bool reopen) {
        pending_ = 0;
        // A parallel build commits nothing until its shards are merged: one catalogue transaction.
        if (options_.dry_run || !shards_.empty()) return {};
        // Spelling data goes in once per run, with the last commit (see SpellingCounts). A killed run
        // loses its changes to it; a --full run that rewrote every article makes the table its own count
        // of them, so it puts right whatever earlier runs left wrong.
        if (!reopen) {
            if (options_.full && !stats_.interrupted && rewritten_ == static_cast<std::int64_t>(db_->get_doccount())) {
                spellings_.replace_in(*db_);
                db_->set_metadata(kSharedHashesKey, "1");  // every article now has its shared hashes written
            } else {
                spellings_.write_to(*db_);
            }
            if (layout_pending_ && !stats_.interrupted) db_->set_metadata(kLayoutKey, std::to_string(kDocumentLayoutVersion));
        }
        pairs_.flush(*db_);  // in the same commit as the articles
        db_->commit();
        if (auto r = catalogue_->commit(); !r) return r;
        return reopen ? catalogue_->begin() : Result<void>();
    }

    Result<void> finish() {
        if (options_.dry_run) return {};
        if (!shards_.empty()) return merge_shards();
        if (auto r = commit_batch(false); !r) return r;
        const std::int64_t changed = stats_.added + stats_.updated + stats_.moved + stats_.removed;
        const std::int64_t docs = db_->get_doccount();
        // Compacting rewrites the database in a fraction of indexing time and halves it; after a run that
        // changed a tenth of the articles or more (a first run always), it pays. It also makes the pair
        // index one segment again, which a search reads one lookup a segment.
        if (stats_.interrupted) return {};
        if ((changed == 0 || changed * 10 < docs) && pair_segment_count(*db_) <= kMaxPairSegments &&
            pair_index_complete(*db_))
            return {};
        return compact();
    }

    Result<void> take_lock() {
        const std::string path = options_.index.lock().string();
        lock_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (lock_fd_ < 0) return fail(Errc::Io, "cannot open the lock " + quote_path(path) + ": " + std::strerror(errno));
        if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
            char pid[32] = {};
            const ssize_t n = ::pread(lock_fd_, pid, sizeof pid - 1, 0);
            const std::string holder = n > 0 ? std::string(trim(std::string_view(pid, static_cast<std::size_t>(n)))) : "?";
            return fail(Errc::Locked,
                        "index " + quote_path(options_.index.dir.string()) + " is locked by newsdex-index process " +
                            holder + " (lock " + quote_path(path) + ")",
                        "wait for that run to finish; the lock of a killed run is released with its process");
        }
        char previous[32] = {};
        unfinished_predecessor_ = ::pread(lock_fd_, previous, sizeof previous - 1, 0) > 0;
        const std::string pid = std::to_string(::getpid()) + "\n";
        if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, pid.data(), pid.size(), 0) < 0) {
            // The pid is only information for the next indexer's message; the lock holds without it.
        }
        return {};
    }

    // Points the stub at `folder` (a name inside the index folder), atomically.
    Result<void> write_stub(const std::string& folder) {
        const std::string stub = options_.index.xapian().string();
        const std::string tmp = stub + ".tmp";
        {
            std::ofstream out(tmp, std::ios::trunc);
            out << "glass " << folder << "\n";
            out.flush();
            if (!out) return fail(Errc::Io, "cannot write " + quote_path(tmp));
        }
        if (::rename(tmp.c_str(), stub.c_str()) != 0)
            return fail(Errc::Io, "cannot replace " + quote_path(stub) + ": " + std::strerror(errno));
        return {};
    }

    // The folder the stub names ("db.N"), and the next one ("db.N+1"); "" when the stub is not ours.
    std::pair<std::string, std::string> current_and_next() const {
        const std::string current = read_stub(options_.index).folder;
        if (current.empty()) return {};
        return {current, "db." + std::to_string(std::stoll(current.substr(3)) + 1)};
    }

    // A shard's commits are not visible (the build is one transaction), only a bound on Xapian's buffers:
    // smaller ones made reuters-txt a few percent faster (less to sort per flush) in less memory.
    static constexpr std::int64_t kShardCommitEvery = 500;

    // A new index is written by parallel writers into hidden shards (db.N+1.build0, ...), with one
    // catalogue transaction; merge_shards() makes them one database and only then commits the catalogue.
    // A crash before that leaves the index as it was, plus build folders the next run removes; a crash
    // after the swap and before the catalogue's commit leaves documents the next run's repair removes.
    void start_shards(std::size_t n) {
        build_name_ = current_and_next().second;
        if (build_name_.empty()) return;
        const std::map<std::string, std::string> metadata{{kLanguageKey, language_},
                                                          {kLayoutKey, std::to_string(kDocumentLayoutVersion)},
                                                          {kSharedHashesKey, "1"}};
        for (std::size_t i = 0; i < n; ++i)
            shards_.push_back(std::make_unique<ShardWriter>(
                (options_.index.dir / (build_name_ + ".build" + std::to_string(i))).string(),
                std::min(options_.batch_size, kShardCommitEvery), metadata));
    }

    Result<void> merge_shards() {
        std::vector<SpellingCounts> parts = std::move(spellings_).split(shards_.size());
        // Every shard holds the dictionary (the merge keeps one copy of a key): the records of any of
        // them may need it.
        std::map<std::string, std::string> metadata;
        if (!records_.dictionary().empty()) metadata[kRecordsDictionaryKey] = records_.dictionary();
        for (std::size_t i = 0; i < shards_.size(); ++i) shards_[i]->request_stop(std::move(parts[i]), metadata);  // all at once
        std::string error;
        for (auto& shard : shards_)
            if (auto e = shard->wait(); !e.empty()) error = e;
        if (!error.empty())
            return fail(Errc::Xapian, "index " + quote_path(options_.index.dir.string()) + ": " + error,
                        "nothing of this run was kept; fix the cause and run newsdex-index again");
        Xapian::Database all;
        std::vector<PairSource> sources;
        Xapian::docid offset = 0;
        const auto pairs_path = options_.index.dir / (build_name_ + ".build-pairs");
        const std::string next = current_and_next().second;
        db_.reset();
        try {
            for (std::size_t i = 0; i < shards_.size(); ++i) {
                const Xapian::Database shard((options_.index.dir / (build_name_ + ".build" + std::to_string(i))).string());
                all.add_database(shard);
                // Merging numbers the documents one database after another, and a shard's docids run
                // from 1 without a gap (it only ever added): its offset is the documents before it.
                sources.push_back({shard, offset});
                offset += shard.get_lastdocid();
            }
            // The pair index, from the shards' word sequences, in a database of its own that the merge
            // packs with the rest.
            Xapian::WritableDatabase pairs(pairs_path.string(), kScratchDatabase);
            write_pair_index(sources, pairs);
            pairs.commit();
            pairs.close();
            all.add_database(Xapian::Database(pairs_path.string()));
            all.compact((options_.index.dir / next).string());
        } catch (const Xapian::Error& e) {
            return fail(Errc::Xapian, "merging the new index " + quote_path(options_.index.dir.string()) + ": " + e.get_description(),
                        "nothing of this run was kept; free space and run newsdex-index again");
        }
        if (auto r = write_stub(next); !r) return r;
        // After the swap: a crash here leaves Xapian ahead of the catalogue by the whole build, which the
        // next run repairs (it reads every file again). The commit comes first, the shards' removal after
        // it, so that this window is a rename and a commit long, not a removal of folders too (a kill
        // campaign landed in it); shards left by a crash after the commit are removed by the next run.
        if (auto r = catalogue_->commit(); !r) return r;
        remove_stale_folders();
        return {};
    }

    // Every database folder but the one the stub names: shards of a parallel build, and the previous
    // database of a compaction or merge that was interrupted after the swap.
    void remove_stale_folders() {
        const std::string current = current_and_next().first;
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(options_.index.dir, ec)) {
            const std::string name = e.path().filename().string();
            if (name.find(".build") != std::string::npos || (!current.empty() && name.starts_with("db.") && name != current))
                std::filesystem::remove_all(e.path(), ec);
        }
    }

    Result<void> compact() {
        const auto [current, next] = current_and_next();
        if (current.empty()) return {};  // not a stub we wrote: leave it
        const auto next_path = options_.index.dir / next;
        const auto pairs_path = options_.index.dir / (next + ".build-pairs");
        try {
            // The pair index is rebuilt as one segment. Its old segments would be copied into the new
            // database, so they go first, with the mark that says the index is whole: until the swap,
            // searchers check phrases without it.
            remove_pair_index(*db_);
            db_->commit();
        } catch (const Xapian::Error& e) {
            return fail(Errc::Xapian, "compacting index " + quote_path(options_.index.dir.string()) + ": " + e.get_description(),
                        "the index is intact and searchable; run newsdex-index again");
        }
        db_.reset();  // the writer's lock goes; the index lock (held) keeps other indexers out
        std::error_code ec;
        try {
            std::filesystem::remove_all(next_path);
            const Xapian::Database before(options_.index.xapian().string());
            Xapian::WritableDatabase pairs(pairs_path.string(), kScratchDatabase);
            write_pair_index({{before, 0}}, pairs);
            pairs.commit();
            pairs.close();
            Xapian::Database all;
            all.add_database(before);
            all.add_database(Xapian::Database(pairs_path.string()));
            // The docids the pair index was written with are kept.
            all.compact(next_path.string(), Xapian::DBCOMPACT_NO_RENUMBER);
            std::filesystem::remove_all(pairs_path, ec);
        } catch (const Xapian::Error& e) {
            std::filesystem::remove_all(next_path, ec);
            std::filesystem::remove_all(pairs_path, ec);
            return fail(Errc::Xapian, "compacting index " + quote_path(options_.index.dir.string()) + ": " + e.get_description(),
                        "the index is intact and searchable; free space and run newsdex-index again");
        }
        if (auto r = write_stub(next); !r) return r;
        // Searchers that opened the old folder keep reading it until they close: Linux keeps open files.
        std::filesystem::remove_all(options_.index.dir / current, ec);
        return {};
    }

    void report_change(std::string_view action, const std::string& path) {
        if (options_.on_change) options_.on_change(action, path);
    }

    Result<void> record_failure(FileState fs, const std::string& reason) {
        ++stats_.skipped;
        if (options_.warn) options_.warn(fs.path, reason);
        if (options_.dry_run) return {};
        if (auto r = catalogue_->put_failure(fs, reason); !r) return Unexpected{r.error()};
        return maybe_commit();
    }

    Result<void> process(const std::vector<Job>& jobs) {
        ParsePipeline parsed(jobs, options_, language_, thread_count());
        const std::int64_t total = static_cast<std::int64_t>(jobs.size());
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            Parsed p = parsed.take(i);
            if (options_.interrupted && *options_.interrupted) {
                stats_.interrupted = true;
                return {};
            }
            if (auto r = write(jobs[i], p); !r) return r;
            if (options_.progress) options_.progress(static_cast<std::int64_t>(i) + 1, total);
        }
        return {};
    }

    Result<void> write(const Job& job, Parsed& p) {
        FileState fs;
        if (job.known) fs = *job.known;
        fs.path = job.entry->path;
        if (p.kind == Parsed::Kind::Failed) return record_failure(fs, p.reason);
        fs.size = p.size;
        fs.mtime_ns = p.mtime_ns;
        fs.hash = p.hash;
        fs.sidecar = job.entry->sidecar;
        if (p.kind == Parsed::Kind::Touched) {
            ++stats_.unchanged;
            if (options_.dry_run) return {};
            if (auto r = catalogue_->touch(fs.id, fs.size, fs.mtime_ns); !r) return r;
            return maybe_commit();
        }
        std::string action = "update";
        bool moved = false;
        if (!job.known) {
            // New at this path: the same bytes at a path that vanished are that article, moved.
            if (const FileState* from = take_vanished(p.hash)) {
                fs.id = from->id;
                moved_ids_.insert(fs.id);
                report_change("move", from->path + " -> " + fs.path);
                ++stats_.moved;
                action.clear();
                moved = true;
            } else {
                action = "add";
                ++stats_.added;
            }
        } else if (only_skipped(*job.known)) {
            action = "add";
            ++stats_.added;
        } else {
            ++stats_.updated;
        }
        if (!action.empty()) report_change(action, fs.path);
        if (options_.dry_run) return {};
        auto id = catalogue_->put_article(fs, p.article);
        if (!id) return Unexpected{id.error()};
        if (!stored_sampled_) {
            // Only in a run that writes: a run with nothing to write reads no stored record.
            records_.sample_stored(*db_);
            stored_sampled_ = true;
        }
        stamp_document(p.built.doc, p.article, std::move(p.built.words), *id, records_);
        if (!dictionary_stored_ && !records_.dictionary().empty() && shards_.empty()) {
            // Before any record made with it, so that the commit that holds one holds the dictionary.
            db_->set_metadata(kRecordsDictionaryKey, records_.dictionary());
            dictionary_stored_ = true;
        }
        if (job.known && job.known->indexed) take_back_words(*id);
        if (!shards_.empty())
            shards_[static_cast<std::size_t>(*id) % shards_.size()]->add(std::move(p.built.doc));
        else
            pairs_.add(db_->replace_document(std::string(kIdPrefix) + std::to_string(*id), p.built.doc),
                       p.built.doc.get_value(kWordsSlot));
        ++rewritten_;
        // A move is the same bytes, whose words are counted already (a --full run counts afresh).
        if (!moved || options_.full) spellings_.add(p.built.spellings);
        return maybe_commit();
    }

    // Before the document of indexed article `id` is replaced or deleted: its words are counted no more.
    // They are read back from its text (stored with it). A --full run recounts every article instead
    // (commit_batch), and a document it cannot read (damaged) keeps its words counted.
    void take_back_words(std::int64_t id) {
        if (options_.full) return;
        const std::string id_term = std::string(kIdPrefix) + std::to_string(id);
        const auto doc = db_->postlist_begin(id_term);
        if (doc == db_->postlist_end(id_term)) return;
        auto old = load_full_record(db_->get_document(*doc), *db_);
        if (!old) return;
        if (!words_builder_) words_builder_ = std::make_unique<DocumentBuilder>(language_);
        spellings_.take_back(words_builder_->spelling_words(old->record.title, old->text));
    }

    const IndexOptions& options_;
    IndexStats& stats_;
    std::optional<Xapian::WritableDatabase> db_;
    std::optional<Xapian::Database> ro_db_;
    std::optional<Catalogue> catalogue_;
    std::string language_;
    bool language_kept_ = true;  // false when --full changes the stemming language: everything is redone
    bool layout_pending_ = false;  // --full over an index of an older layout: name the new one at the end
    std::vector<const FileState*> vanished_;
    std::unordered_multimap<std::string, const FileState*> vanished_by_hash_;
    std::unordered_multimap<std::string, const FileState*> elsewhere_by_hash_;
    std::set<std::int64_t> moved_ids_;
    SpellingCounts spellings_;  // this run's changes to the spelling table
    std::int64_t rewritten_ = 0;  // documents this run wrote (added, updated, moved)
    std::unique_ptr<DocumentBuilder> words_builder_;  // reads the words of documents being replaced
    RecordEncoder records_;                            // compresses the stored texts this run writes
    bool dictionary_stored_ = false;                   // records_'s dictionary is in db_'s metadata
    bool stored_sampled_ = false;                      // records_ was given db_'s stored records to learn from
    std::int64_t pending_ = 0;
    int lock_fd_ = -1;  // closed, and so released, when the process ends
    bool unfinished_predecessor_ = false;  // the lock file held a pid: the last run did not end cleanly
    std::vector<std::unique_ptr<ShardWriter>> shards_;  // a parallel build's writers; empty otherwise
    PairSegmentWriter pairs_;                           // the pairs of articles written since the last commit
    std::string build_name_;                           // the database folder they will become

public:
    ~Writer() {
        if (lock_fd_ >= 0) ::close(lock_fd_);
    }
};

}  // namespace

Result<IndexStats> run_index(const IndexOptions& options) {
    IndexStats stats;
    Writer writer(options, stats);
    try {
        if (auto r = writer.run(); !r) return Unexpected{r.error()};
    } catch (const Xapian::Error& e) {
        return fail(Errc::Xapian, "index " + quote_path(options.index.dir.string()) + ": " + e.get_description(),
                    "what was committed before this error is intact; fix the cause and run newsdex-index again");
    }
    return stats;
}

}  // namespace newsdex
