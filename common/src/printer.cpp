#include "newsdex/printer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "newsdex/text.hpp"

namespace newsdex {

namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kMatch = "\x1b[1;31m";
constexpr const char* kReset = "\x1b[0m";

nlohmann::ordered_json nullable(const std::string& s) { return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s); }

std::string dump(const nlohmann::ordered_json& j) {
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::ordered_json hit_json(const Hit& h, const SearchResults& r, bool batch) {
    nlohmann::ordered_json j;
    j["format_version"] = kFormatVersion;
    if (batch) j["query"] = to_valid_utf8(r.query);
    j["rank"] = h.rank;
    j["score"] = std::round(h.score * 1e4) / 1e4;
    j["id"] = h.id;
    j["path"] = to_valid_utf8(h.path);
    // A path that is not UTF-8 cannot be a JSON string as it is: its exact bytes ride along in base64.
    if (!is_valid_utf8(h.path)) j["path_base64"] = base64(h.path);
    j["title"] = h.title;
    j["source"] = nullable(h.source);
    j["author"] = nullable(h.author);
    j["date"] = nullable(h.date);
    j["url"] = nullable(h.url);
    j["snippet"] = h.snippet;
    return j;
}

// TSV fields cannot hold tabs or newlines: escape them (and the backslash) as \t \n \r \\.
std::string tsv_field(const std::string& s) {
    const auto special = [](char c) { return c == '\t' || c == '\n' || c == '\r' || c == '\\'; };
    if (std::none_of(s.begin(), s.end(), special)) return s;
    std::string out;
    for (char c : s) {
        switch (c) {
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\\': out += "\\\\"; break;
            default: out += c;
        }
    }
    return out;
}

std::string score_text(double score) {
    std::array<char, 32> buf{};
    const auto end = std::to_chars(buf.data(), buf.data() + buf.size(), score, std::chars_format::fixed, 4).ptr;
    return std::string(buf.data(), end);
}

}  // namespace

std::pair<std::string, std::string> Printer::highlight() const {
    if (options_.format == Format::Text && options_.color) return {kMatch, kReset};
    return {};
}

void Printer::results(const SearchResults& r) {
    switch (options_.format) {
        case Format::Json: {
            nlohmann::ordered_json j;
            j["format_version"] = kFormatVersion;
            j["query"] = to_valid_utf8(r.query);
            j["total"] = r.total;
            nlohmann::ordered_json hits = nlohmann::ordered_json::array();
            for (const auto& h : r.hits) {
                nlohmann::ordered_json hj = hit_json(h, r, false);
                hj.erase("format_version");
                hits.push_back(std::move(hj));
            }
            j["hits"] = std::move(hits);
            out_ << dump(j) << '\n';
            break;
        }
        case Format::Jsonl:
            for (const auto& h : r.hits) out_ << dump(hit_json(h, r, options_.batch)) << '\n';
            break;
        case Format::Tsv: {
            // One write for the page: a stream insertion per field cost more than the rest of printing.
            std::string page;
            for (const auto& h : r.hits) {
                if (options_.batch) page += tsv_field(r.query) + '\t';
                page += std::to_string(h.rank) + '\t' + score_text(h.score) + '\t' + std::to_string(h.id) + '\t' + h.date +
                        '\t' + tsv_field(h.source) + '\t' + tsv_field(h.title) + '\t' + tsv_field(h.path) + '\n';
            }
            out_.write(page.data(), static_cast<std::streamsize>(page.size()));
            break;
        }
        case Format::Paths:
            for (const auto& h : r.hits) out_ << h.path << (options_.nul ? '\0' : '\n');
            break;
        case Format::Text: {
            const bool c = options_.color;
            if (options_.batch)
                out_ << (c ? kBold : "") << "# " << r.query << " (" << r.total << (r.total == 1 ? " match" : " matches")
                     << ")" << (c ? kReset : "") << '\n';
            for (const auto& h : r.hits) {
                out_ << h.rank << ". " << (c ? kBold : "") << h.title << (c ? kReset : "") << '\n';
                out_ << "   " << (c ? kDim : "") << (h.date.empty() ? "undated" : h.date);
                if (!h.source.empty()) out_ << " | " << h.source;
                if (!h.author.empty()) out_ << " | " << h.author;
                // Text is for people: a path with control characters or bytes that are not UTF-8 is shown
                // escaped. Scripts get exact bytes from --format paths, -0 or json's path_base64.
                const bool plain = is_valid_utf8(h.path) && h.path.find_first_of("\n\t\r'\\") == std::string::npos;
                out_ << " | " << (plain ? h.path : quote_path(h.path)) << (c ? kReset : "") << '\n';
                if (!h.snippet.empty()) out_ << "   " << h.snippet << '\n';
                out_ << '\n';
            }
            break;
        }
    }
}

void Printer::count(const std::string& query, std::uint64_t n) {
    if (options_.format == Format::Json || options_.format == Format::Jsonl) {
        nlohmann::ordered_json j{{"format_version", kFormatVersion}, {"query", to_valid_utf8(query)}, {"total", n}};
        out_ << dump(j) << '\n';
    } else if (options_.batch) {
        out_ << n << '\t' << tsv_field(query) << '\n';
    } else {
        out_ << n << '\n';
    }
}

}  // namespace newsdex
