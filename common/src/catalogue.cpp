#include "newsdex/catalogue.hpp"

#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "newsdex/schema_sql.hpp"
#include "newsdex/text.hpp"

namespace newsdex {

namespace {

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string json_array(const std::vector<std::string>& items) {
    return nlohmann::json(items).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

struct Catalogue::Impl {
    sqlite3* db = nullptr;
    std::filesystem::path file;
    std::unordered_map<std::string, sqlite3_stmt*> statements;

    ~Impl() {
        for (auto& [sql, stmt] : statements) sqlite3_finalize(stmt);
        if (db) sqlite3_close(db);
    }

    Unexpected error(const std::string& what) const {
        return fail(Errc::Sqlite, "catalogue " + quote_path(file.string()) + ": " + what + ": " + sqlite3_errmsg(db));
    }

    Result<void> exec(const char* sql) {
        char* msg = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
            std::string m = msg ? msg : "unknown error";
            sqlite3_free(msg);
            return fail(Errc::Sqlite, "catalogue " + quote_path(file.string()) + ": " + m);
        }
        return {};
    }

    // A prepared statement, reset and cleared, kept for the life of the connection.
    Result<sqlite3_stmt*> prepare(const std::string& sql) {
        auto it = statements.find(sql);
        if (it != statements.end()) {
            sqlite3_reset(it->second);
            sqlite3_clear_bindings(it->second);
            return it->second;
        }
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
            return error("preparing a statement");
        statements.emplace(sql, stmt);
        return stmt;
    }

    // Binds each value in order: strings as TEXT, paths as BLOB, numbers, and nullopt as NULL.
    struct Blob {
        const std::string& bytes;
    };
    using Value = std::variant<std::int64_t, std::string, Blob, std::nullopt_t>;

    Result<void> run(const std::string& sql, const std::vector<Value>& values) {
        auto stmt = prepare(sql);
        if (!stmt) return Unexpected{stmt.error()};
        int i = 1;
        for (const auto& v : values) {
            int rc = SQLITE_OK;
            if (const auto* n = std::get_if<std::int64_t>(&v)) {
                rc = sqlite3_bind_int64(*stmt, i, *n);
            } else if (const auto* s = std::get_if<std::string>(&v)) {
                rc = sqlite3_bind_text(*stmt, i, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
            } else if (const auto* b = std::get_if<Blob>(&v)) {
                rc = sqlite3_bind_blob(*stmt, i, b->bytes.data(), static_cast<int>(b->bytes.size()), SQLITE_TRANSIENT);
            } else {
                rc = sqlite3_bind_null(*stmt, i);
            }
            if (rc != SQLITE_OK) return error("binding a value");
            ++i;
        }
        const int rc = sqlite3_step(*stmt);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) return error("writing");
        return {};
    }

    static std::string column_text(sqlite3_stmt* stmt, int col) {
        const void* p = sqlite3_column_blob(stmt, col);
        return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt, col)))
                 : std::string();
    }

    static FileState read_state(sqlite3_stmt* stmt) {
        FileState s;
        s.id = sqlite3_column_int64(stmt, 0);
        s.path = column_text(stmt, 1);
        s.size = sqlite3_column_int64(stmt, 2);
        s.mtime_ns = sqlite3_column_int64(stmt, 3);
        s.hash = column_text(stmt, 4);
        s.sidecar = column_text(stmt, 5);
        if (sqlite3_column_type(stmt, 6) != SQLITE_NULL) s.error = column_text(stmt, 6);
        s.indexed = sqlite3_column_int(stmt, 7) != 0;
        return s;
    }
};

constexpr const char* kStateColumns = "id, path, size, mtime_ns, hash, sidecar, error, indexed";

Catalogue::Catalogue(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Catalogue::Catalogue(Catalogue&&) noexcept = default;
Catalogue& Catalogue::operator=(Catalogue&&) noexcept = default;
Catalogue::~Catalogue() = default;

Result<Catalogue> Catalogue::open(const std::filesystem::path& file, bool create) {
    auto impl = std::make_unique<Impl>();
    impl->file = file;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(file.c_str(), &impl->db, flags, nullptr) != SQLITE_OK) {
        if (!create && !std::filesystem::exists(file))
            return fail(Errc::NoIndex, "no catalogue at " + quote_path(file.string()),
                        "create the index with `newsdex-index --index DIR PATH...`");
        return impl->error("opening");
    }
    sqlite3_busy_timeout(impl->db, 5000);
    // WAL: searchers and inspectors read while the indexer writes. NORMAL sync is safe in WAL mode
    // (a power cut may lose the last commit, never corrupt); the next run redoes what was lost.
    if (auto r = impl->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !r)
        return Unexpected{r.error()};
    auto version = impl->prepare("PRAGMA user_version");
    if (!version) return Unexpected{version.error()};
    if (sqlite3_step(*version) != SQLITE_ROW) return impl->error("reading the schema version");
    const int found = sqlite3_column_int(*version, 0);
    sqlite3_reset(*version);
    if (found == 0) {
        auto tables = impl->prepare("SELECT count(*) FROM sqlite_master");
        if (!tables) return Unexpected{tables.error()};
        sqlite3_step(*tables);
        const bool empty = sqlite3_column_int(*tables, 0) == 0;
        sqlite3_reset(*tables);
        if (!empty)
            return fail(Errc::SchemaMismatch, quote_path(file.string()) + " is an SQLite database but not a newsdex catalogue",
                        "point --index at a directory of its own");
        const std::string ddl = std::string("BEGIN;") + std::string(kSchemaSql) + "COMMIT;";
        if (auto r = impl->exec(ddl.c_str()); !r) return Unexpected{r.error()};
    } else if (found != kCatalogueVersion) {
        return fail(Errc::SchemaMismatch,
                    "catalogue " + quote_path(file.string()) + " has schema version " + std::to_string(found) +
                        "; this newsdex reads version " + std::to_string(kCatalogueVersion),
                    "use the newsdex that wrote it, or rebuild: remove the index directory and run newsdex-index again");
    }
    return Catalogue(std::move(impl));
}

Result<std::vector<FileState>> Catalogue::load_states() {
    auto stmt = impl_->prepare(std::string("SELECT ") + kStateColumns + " FROM articles ORDER BY id");
    if (!stmt) return Unexpected{stmt.error()};
    std::vector<FileState> out;
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) out.push_back(Impl::read_state(*stmt));
    if (rc != SQLITE_DONE) return impl_->error("reading file states");
    return out;
}

Result<void> Catalogue::begin() { return impl_->exec("BEGIN IMMEDIATE"); }
Result<void> Catalogue::commit() { return impl_->exec("COMMIT"); }

Result<std::int64_t> Catalogue::put_article(const FileState& s, const Article& a) {
    const auto opt = [](const Extracted& e) -> Impl::Value { return e.found() ? Impl::Value(e.value) : std::nullopt; };
    const auto rule = [](const Extracted& e) -> Impl::Value { return e.found() ? Impl::Value(e.rule) : std::nullopt; };
    std::vector<Impl::Value> values = {
        Impl::Blob{s.path}, s.size, s.mtime_ns, s.hash, s.sidecar, utc_now(), a.encoding,
        opt(a.title), rule(a.title), opt(a.date), rule(a.date), opt(a.source), rule(a.source),
        opt(a.author), rule(a.author), opt(a.url), rule(a.url), opt(a.language), rule(a.language),
        a.dateline.empty() ? Impl::Value(std::nullopt) : Impl::Value(a.dateline),
        json_array(a.captions), json_array(a.boilerplate), std::int64_t{a.repeated_paragraphs},
        static_cast<std::int64_t>(a.body.size())};
    static const std::string kColumns =
        "path, size, mtime_ns, hash, sidecar, error, indexed, indexed_at, encoding, title, title_rule, date, "
        "date_rule, source, source_rule, author, author_rule, url, url_rule, language, language_rule, dateline, "
        "captions, boilerplate, repeated_paragraphs, body_chars";
    static const std::string kPlaces = "?, ?, ?, ?, ?, NULL, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    if (s.id == 0) {
        if (auto r = impl_->run("INSERT INTO articles (" + kColumns + ") VALUES (" + kPlaces + ")", values); !r)
            return Unexpected{r.error()};
        return sqlite3_last_insert_rowid(impl_->db);
    }
    values.emplace_back(s.id);
    if (auto r = impl_->run("REPLACE INTO articles (" + kColumns + ", id) VALUES (" + kPlaces + ", ?)", values); !r)
        return Unexpected{r.error()};
    return s.id;
}

Result<std::int64_t> Catalogue::put_failure(const FileState& s, const std::string& reason) {
    if (s.id == 0) {
        if (auto r = impl_->run("INSERT INTO articles (path, size, mtime_ns, hash, sidecar, error, indexed) "
                                "VALUES (?, ?, ?, ?, ?, ?, 0)",
                                {Impl::Blob{s.path}, s.size, s.mtime_ns, s.hash, s.sidecar, reason});
            !r)
            return Unexpected{r.error()};
        return sqlite3_last_insert_rowid(impl_->db);
    }
    // The size and mtime stay those of the last good read, so the failure is retried on the next run.
    if (auto r = impl_->run("UPDATE articles SET path = ?, error = ? WHERE id = ?", {Impl::Blob{s.path}, reason, s.id}); !r)
        return Unexpected{r.error()};
    return s.id;
}

Result<void> Catalogue::touch(std::int64_t id, std::int64_t size, std::int64_t mtime_ns) {
    return impl_->run("UPDATE articles SET size = ?, mtime_ns = ? WHERE id = ?", {size, mtime_ns, id});
}

Result<void> Catalogue::remove(std::int64_t id) {
    return impl_->run("DELETE FROM articles WHERE id = ?", {id});
}

Result<void> Catalogue::mark_unindexed(std::int64_t id) {
    return impl_->run("UPDATE articles SET indexed = 0, hash = '' WHERE id = ?", {id});
}

}  // namespace newsdex
