// Where an index lives and what it holds. Thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace newsdex {

struct IndexDir {
    std::filesystem::path dir;

    std::filesystem::path xapian() const { return dir / "xapian"; }
    std::filesystem::path catalogue() const { return dir / "catalogue.sqlite"; }
};

/// The index directory: `option` (--index) if given, else $NEWSDEX_INDEX, else $XDG_DATA_HOME/newsdex,
/// else ~/.local/share/newsdex.
IndexDir resolve_index_dir(const std::optional<std::string>& option);

/// Xapian metadata keys the indexer writes and the searcher reads.
inline constexpr const char* kLanguageKey = "newsdex:language";
inline constexpr const char* kLayoutKey = "newsdex:layout";

}  // namespace newsdex
