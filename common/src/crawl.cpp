#include "newsdex/crawl.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include "newsdex/index_dir.hpp"

namespace newsdex {

std::int64_t mtime_ns(const struct stat& st) {
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

namespace {

std::string extension_lower(const std::string& name) {
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0) return {};
    std::string ext = name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

bool inside(const std::string& path, const std::string& folder) {
    return path == folder || folder == "/" || (path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/');
}

std::string real_path(const std::string& path) {
    char* r = ::realpath(path.c_str(), nullptr);
    if (!r) return {};
    std::string out(r);
    std::free(r);
    return out;
}

// A search index is not articles, and its files without an extension would read as such: a Xapian
// database (its version file, iam<backend>) or a newsdex index (its stub and catalogue), someone's
// other index kept in the archive. The index being written is excluded by path: it may be empty yet.
bool holds_index(const std::set<std::string>& names) {
    for (const char* version_file : {"iamglass", "iamchert", "iamflint", "iamhoney"})
        if (names.count(version_file)) return true;
    const IndexDir index{""};
    return names.count(index.xapian().filename().string()) && names.count(index.catalogue().filename().string());
}

struct Walker {
    std::string exclude;
    std::vector<std::string> real_roots;
    CrawlResult result;
    std::set<std::pair<dev_t, ino_t>> visited;  // directories entered, so that links cannot loop

    void problem(const std::string& path, std::string reason) { result.problems.push_back({path, std::move(reason)}); }

    bool under_roots(const std::string& real) const {
        return !real.empty() && std::any_of(real_roots.begin(), real_roots.end(), [&](const std::string& r) { return inside(real, r); });
    }

    // `siblings`: the names in the file's folder, when it was reached by listing one. It answers "is there
    // a NAME.json?" without a stat per article, which was most of a no-change re-run's system time.
    void file(const std::string& path, const struct stat& st, const std::set<std::string>* siblings) {
        const std::string name = path.substr(path.rfind('/') + 1);
        const auto exists = [&](const std::string& p) {
            struct stat s{};
            return siblings ? siblings->count(p.substr(p.rfind('/') + 1)) > 0 : ::stat(p.c_str(), &s) == 0;
        };
        if (!is_article_name(name)) {
            // A sidecar belongs to its article and is read with it; anything else is not ours.
            if (extension_lower(name) == "json") {
                const std::string stem = path.substr(0, path.size() - 5);
                if (exists(stem + ".txt") || exists(stem + ".TXT") || exists(stem)) return;
            }
            ++result.ignored;
            return;
        }
        FileEntry e{path, static_cast<std::int64_t>(st.st_size), mtime_ns(st), {}};
        const std::string side_path = sidecar_path(path);
        struct stat side{};
        if (exists(side_path) && ::stat(side_path.c_str(), &side) == 0 && S_ISREG(side.st_mode))
            e.sidecar = std::to_string(side.st_size) + ":" + std::to_string(mtime_ns(side));
        result.files.push_back(std::move(e));
    }

    // `folder` is an open descriptor of the folder that lists `path` as `name` (children of a walked
    // folder): the kernel then resolves one name, not every component of the path again, which halved
    // a no-change re-run's system time on reuters-txt (YYYY/MM/DD/ID.txt).
    void walk(const std::string& path, bool is_root, const std::set<std::string>* siblings = nullptr,
              int folder = AT_FDCWD, const char* name = nullptr) {
        if (!exclude.empty() && path == exclude) return;
        const char* at = name ? name : path.c_str();
        struct stat lst{};
        if (::fstatat(folder, at, &lst, AT_SYMLINK_NOFOLLOW) != 0) {
            problem(path, std::string("cannot read: ") + std::strerror(errno));
            return;
        }
        struct stat st = lst;
        if (S_ISLNK(lst.st_mode) && ::fstatat(folder, at, &st, 0) != 0) {
            problem(path, errno == ELOOP ? "symlink loop" : "broken symlink");
            return;
        }
        if (S_ISREG(st.st_mode)) {
            // A link to a file under the roots: the file is read where it really is, once (else it would
            // be the same article twice).
            if (S_ISLNK(lst.st_mode) && !is_root && under_roots(real_path(path))) return;
            file(path, st, siblings);
        } else if (S_ISDIR(st.st_mode)) {
            if (S_ISLNK(lst.st_mode) && !is_root) {
                const std::string target = real_path(path);
                const std::string parent = real_path(path.substr(0, path.rfind('/')));
                if (inside(parent, target)) {  // a link to a folder it sits in
                    problem(path, "symlink loop");
                    return;
                }
                // A link to a folder under the roots: that folder is walked where it really is, once.
                if (under_roots(target)) return;
            }
            if (!visited.insert({st.st_dev, st.st_ino}).second) {
                // Reached again: through a link that loops back, or a second link to the same folder.
                if (S_ISLNK(lst.st_mode)) problem(path, "symlink loop (folder already walked)");
                return;
            }
            directory(path);
        } else if (is_root) {
            problem(path, "not a regular file or folder");
        } else {
            ++result.ignored;  // fifos, sockets, devices: never articles, never opened
        }
    }

    void directory(const std::string& path) {
        DIR* dir = ::opendir(path.c_str());
        if (!dir) {
            problem(path, std::string("cannot read folder: ") + std::strerror(errno));
            return;
        }
        std::set<std::string> names;  // sorted: the crawl's order is the index's order
        while (const dirent* d = ::readdir(dir)) {
            const std::string name = d->d_name;
            if (name.empty() || name[0] == '.') continue;  // ., .., and hidden files such as .git, .DS_Store
            names.insert(name);
        }
        if (holds_index(names)) {
            ::closedir(dir);
            return;
        }
        for (const auto& name : names)
            walk(path == "/" ? "/" + name : path + "/" + name, false, &names, ::dirfd(dir), name.c_str());
        ::closedir(dir);  // open until its children are walked: one descriptor per level of depth
    }
};

}  // namespace

bool is_article_name(const std::string& filename) {
    const std::string ext = extension_lower(filename);
    return ext.empty() || ext == "txt";
}

std::string sidecar_path(const std::string& article_path) {
    const std::size_t slash = article_path.rfind('/');
    const std::size_t dot = article_path.rfind('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash + 2)) return article_path + ".json";
    return article_path.substr(0, dot) + ".json";
}

CrawlResult crawl(const std::vector<std::filesystem::path>& roots, const std::filesystem::path& exclude) {
    Walker w;
    w.exclude = exclude.string();
    for (const auto& root : roots)
        if (auto r = real_path(root.string()); !r.empty()) w.real_roots.push_back(r);
    for (const auto& root : roots) w.walk(root.string(), true);
    std::sort(w.result.files.begin(), w.result.files.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
    // The same file reached through two roots (or a root inside another) is one article.
    w.result.files.erase(std::unique(w.result.files.begin(), w.result.files.end(),
                                     [](const FileEntry& a, const FileEntry& b) { return a.path == b.path; }),
                         w.result.files.end());
    return w.result;
}

}  // namespace newsdex
