// The SQLite catalogue: every file the indexer met, its state on disk, the fields extracted from it with
// their provenance, and why it failed if it did. Schema: schema/schema.sql (embedded at build time).
// Not thread-safe: one Catalogue per thread; the indexer's writer owns it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/article.hpp"
#include "newsdex/result.hpp"

namespace newsdex {

/// The schema version this build reads and writes (PRAGMA user_version).
inline constexpr int kCatalogueVersion = 1;

/// What the catalogue knows of a file on disk.
struct FileState {
    std::int64_t id = 0;
    std::string path;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string hash;
    std::string sidecar;
    std::optional<std::string> error;
    bool indexed = false;
};

class Catalogue {
public:
    /// Opens the catalogue at `file`, creating it when `create` is true. Fails with Errc::NoIndex when it
    /// is missing and `create` is false, Errc::SchemaMismatch when it has another version, Errc::Sqlite
    /// when SQLite fails.
    static Result<Catalogue> open(const std::filesystem::path& file, bool create);

    Catalogue(Catalogue&&) noexcept;
    Catalogue& operator=(Catalogue&&) noexcept;
    ~Catalogue();

    /// Every row's file state, ordered by id.
    Result<std::vector<FileState>> load_states();

    Result<void> begin();
    Result<void> commit();

    /// Writes the row of a successfully read file (insert when state.id is 0) and returns its id.
    Result<std::int64_t> put_article(const FileState& state, const Article& article);
    /// Records why the file at state.path failed (insert when state.id is 0) and returns its id; an
    /// indexed article keeps its fields and stays indexed.
    Result<std::int64_t> put_failure(const FileState& state, const std::string& reason);
    /// The file was touched but its bytes are the same: only its size and mtime change.
    Result<void> touch(std::int64_t id, std::int64_t size, std::int64_t mtime_ns);
    Result<void> remove(std::int64_t id);
    /// The article's document is missing from Xapian: the next run reads its file again.
    Result<void> mark_unindexed(std::int64_t id);

private:
    struct Impl;
    explicit Catalogue(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace newsdex
