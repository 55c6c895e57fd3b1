// Where an index lives and what it holds. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace newsdex {

struct IndexDir {
    std::filesystem::path dir;

    /// A Xapian stub file naming the current database folder (db.N): compaction writes db.N+1 and then
    /// swaps the stub atomically, so searchers always open a whole database.
    std::filesystem::path xapian() const { return dir / "xapian"; }
    std::filesystem::path catalogue() const { return dir / "catalogue.sqlite"; }
    /// Held (flock) by the indexer for its whole run, with its process id inside.
    std::filesystem::path lock() const { return dir / "lock"; }
};

/// Which stub file an index has: the indexer replaces it (rename) to swap databases, so a change of
/// inode or mtime says a searcher's database may be gone.
struct StubIdentity {
    std::uint64_t inode = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const StubIdentity&) const = default;
};

/// The stub file as the indexer writes it, "glass db.N": the folder it names and which file it was.
struct Stub {
    std::string folder;  ///< "db.N"; empty when the stub is missing, unreadable or not in that form
    StubIdentity identity;
};

/// Reads the stub with one open, fstat and read (no stream): a search process pays for every call.
Stub read_stub(const IndexDir& index);

/// The stub's identity now, from a stat; all zero when there is none.
StubIdentity stub_identity(const IndexDir& index);

/// The index directory: `option` (--index) if given, else $NEWSDEX_INDEX, else $XDG_DATA_HOME/newsdex,
/// else ~/.local/share/newsdex.
IndexDir resolve_index_dir(const std::optional<std::string>& option);

/// Xapian metadata keys the indexer writes and the searcher reads.
inline constexpr const char* kLanguageKey = "newsdex:language";
inline constexpr const char* kLayoutKey = "newsdex:layout";
/// "1" when every article has its kSharedHashesSlot written: an index begun, or rewritten whole
/// (--full), by a newsdex that writes it. Without it a phrase's hits are confirmed by their term lists.
inline constexpr const char* kSharedHashesKey = "newsdex:shared-hashes";
/// The zstd dictionary of the stored texts (RecordEncoder), absent until the index has one.
inline constexpr const char* kRecordsDictionaryKey = "newsdex:records-dictionary";

}  // namespace newsdex
