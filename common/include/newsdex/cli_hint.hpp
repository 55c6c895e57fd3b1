// The hint after a command-line error, for both mains (CLI11 is theirs; the library does not use it).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "newsdex/text.hpp"

namespace newsdex {

/// "did you mean --limit? see PROGRAM --help" for a long option nobody has that is near one of `app`'s,
/// else "see PROGRAM --help".
inline std::string command_line_hint(const CLI::App& app, int argc, char** argv, const std::string& program) {
    std::vector<std::string> known;
    for (const CLI::Option* o : app.get_options())
        for (const auto& name : o->get_lnames()) known.push_back(name);
    const std::string nearest = nearest_option(std::vector<std::string>(argv + 1, argv + argc), known);
    return (nearest.empty() ? "" : "did you mean " + nearest + "? ") + "see " + program + " --help";
}

}  // namespace newsdex
