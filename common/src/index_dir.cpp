#include "newsdex/index_dir.hpp"

#include <cstdlib>

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

}  // namespace newsdex
