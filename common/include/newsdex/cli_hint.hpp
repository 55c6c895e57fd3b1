// The command line's end for both mains: help, version, or an error with its hint (CLI11 is theirs; the
// library does not use it).
#pragma once

#include <iostream>
#include <optional>
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

/// Reads the command line into `app`'s options, then runs `check`, which throws a CLI::ParseError for a
/// mistake CLI11 cannot see. The exit status when the run ends here: 0 after --help or --version, 2 after
/// a mistake (said on stderr, with the hint); none when the run goes on.
template <typename Check>
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv, const std::string& program, Check check) {
    try {
        app.parse(argc, argv);
        check();
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << program << ": error: " << e.what() << '\n'
                  << program << ": hint: " << command_line_hint(app, argc, argv, program) << '\n';
        return 2;
    }
    return std::nullopt;
}

}  // namespace newsdex
