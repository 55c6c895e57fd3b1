// Writing search results to stdout in the formats users script against. Formats json, jsonl and tsv are
// contracts: any change to their fields bumps kFormatVersion. Not thread-safe: one Printer per stream.
#pragma once

#include <ostream>
#include <string>

#include "newsdex/search.hpp"

namespace newsdex {

/// The version carried by every json and jsonl record as "format_version".
inline constexpr int kFormatVersion = 1;

enum class Format { Text, Json, Jsonl, Tsv, Paths };

struct PrintOptions {
    Format format = Format::Text;
    bool color = false;       ///< text only: bold headlines, highlighted matches
    bool nul = false;         ///< paths only: end each path with NUL instead of a newline
    bool batch = false;       ///< several queries: each hit carries its query
};

class Printer {
public:
    Printer(std::ostream& out, PrintOptions options) : out_(out), options_(options) {}

    /// Writes the results of one query.
    void results(const SearchResults& results);
    /// Writes the exact count of one query (--count).
    void count(const std::string& query, std::uint64_t n);

    /// The markers to put around matched words in snippets, for this format and colour choice.
    std::pair<std::string, std::string> highlight() const;

private:
    std::ostream& out_;
    PrintOptions options_;
};

}  // namespace newsdex
