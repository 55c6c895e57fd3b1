// Walking the roots given to the indexer: which files are article candidates, which are ignored, and
// which cannot be walked (symlink loops, broken links, unreadable folders). Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/stat.h>

namespace newsdex {

/// A stat's modification time in nanoseconds: FileEntry::mtime_ns, and what the indexer compares it with.
std::int64_t mtime_ns(const struct stat& st);

struct FileEntry {
    std::string path;          ///< absolute, lexically normal; symlinks are not resolved
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string sidecar;       ///< size:mtime_ns of NAME.json beside NAME.txt, "" when there is none
};

struct CrawlProblem {
    std::string path;
    std::string reason;
};

struct CrawlResult {
    std::vector<FileEntry> files;         ///< sorted by path bytes
    std::vector<CrawlProblem> problems;   ///< one per path that could not be walked
    std::int64_t ignored = 0;             ///< regular files that are not articles by name
};

/// True for names the indexer reads as articles: *.txt (any case) and names without an extension.
bool is_article_name(const std::string& filename);

/// The sidecar path of an article path: NAME.json beside NAME.txt (or beside NAME).
std::string sidecar_path(const std::string& article_path);

/// Walks `roots` (files or folders), skipping hidden entries (names starting with '.'), the folder
/// `exclude` (the index itself, when it sits inside) and folders that hold a search index (a Xapian
/// database or a newsdex index). Symlinks are followed, except a link to a folder that holds it (a
/// loop: a problem) or to a file or folder under the roots (read where it is); a folder reached twice
/// another way is walked once.
CrawlResult crawl(const std::vector<std::filesystem::path>& roots, const std::filesystem::path& exclude);

}  // namespace newsdex
