#include "newsdex/index_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace newsdex {

IndexDir resolve_index_dir(const std::optional<std::string>& option) {
    const auto env = [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        return v && *v ? std::optional<std::string>(v) : std::nullopt;
    };
    if (option) return {*option};
    if (auto v = env("NEWSDEX_INDEX")) return {*v};
    if (auto v = env("XDG_DATA_HOME")) return {std::filesystem::path(*v) / "newsdex"};
    return {std::filesystem::path(env("HOME").value_or(".")) / ".local" / "share" / "newsdex"};
}

namespace {

StubIdentity identity_of(const struct stat& st) {
    return {static_cast<std::uint64_t>(st.st_ino),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

}  // namespace

Stub read_stub(const IndexDir& index) {
    Stub stub;
    const int fd = ::open(index.xapian().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return stub;
    struct stat st{};
    char buf[64];
    const ssize_t n = ::fstat(fd, &st) == 0 ? ::read(fd, buf, sizeof buf) : -1;
    ::close(fd);
    if (n <= 0) return stub;
    stub.identity = identity_of(st);
    std::string_view text(buf, static_cast<std::size_t>(n));
    if (text.ends_with('\n')) text.remove_suffix(1);
    constexpr std::string_view kBackend = "glass db.";
    constexpr std::size_t kMaxDigits = 18;  // N fits a long long: the indexer numbers the next folder N + 1
    if (text.starts_with(kBackend) && text.size() > kBackend.size() && text.size() <= kBackend.size() + kMaxDigits &&
        text.find_first_not_of("0123456789", kBackend.size()) == std::string_view::npos)
        stub.folder = std::string(text.substr(kBackend.size() - 3));
    return stub;
}

StubIdentity stub_identity(const IndexDir& index) {
    struct stat st{};
    if (::stat(index.xapian().c_str(), &st) != 0) return {};
    return identity_of(st);
}

}  // namespace newsdex
