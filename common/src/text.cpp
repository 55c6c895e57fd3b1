#include "newsdex/text.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>

#include <xapian.h>

namespace newsdex {

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 when the bytes there are ill-formed.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;  // overlong
        if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;  // overlong
        if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < len; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    return len;
}

void append_utf8(std::string& out, unsigned cp) {
    Xapian::Unicode::append_utf8(out, cp);
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string to_valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::optional<std::string> decode_utf16(std::string_view s, bool little_endian) {
    if (s.size() % 2 != 0) return std::nullopt;
    std::string out;
    out.reserve(s.size());
    const auto unit = [&](std::size_t i) {
        const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
        return little_endian ? static_cast<unsigned>(a | (b << 8)) : static_cast<unsigned>((a << 8) | b);
    };
    for (std::size_t i = 0; i < s.size(); i += 2) {
        unsigned cp = unit(i);
        if (cp >= 0xDC00 && cp <= 0xDFFF) return std::nullopt;  // a low surrogate first
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 3 >= s.size()) return std::nullopt;
            const unsigned low = unit(i + 2);
            if (low < 0xDC00 || low > 0xDFFF) return std::nullopt;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        }
        append_utf8(out, cp);
    }
    return out;
}

std::string replace_controls(std::string_view s, bool keep_lines) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(s[i + 1]) <= 0x9F) {  // U+0080..U+009F
            out += ' ';
            ++i;
        } else if ((c < 0x20 && !(keep_lines && (c == '\n' || c == '\t'))) || c == 0x7F) {
            out += ' ';
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string decode_windows1252(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == reinterpret_cast<iconv_t>(-1)) {  // no gconv module: Latin-1 is the closest we can do
        for (unsigned char c : s) append_utf8(out, c);
        return out;
    }
    std::array<char, 4096> buf{};
    // iconv's API takes a non-const input pointer although it never writes through it.
    char* in = const_cast<char*>(s.data());
    std::size_t in_left = s.size();
    while (in_left > 0) {
        char* o = buf.data();
        std::size_t o_left = buf.size();
        const std::size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
        out.append(buf.data(), static_cast<std::size_t>(o - buf.data()));
        if (rc == static_cast<std::size_t>(-1) && errno == EILSEQ) {
            // One of the bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
            append_utf8(out, static_cast<unsigned char>(*in));
            ++in;
            --in_left;
        }
    }
    iconv_close(cd);
    return out;
}

std::string to_lower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it)
        append_utf8(out, Xapian::Unicode::tolower(*it));
    return out;
}

bool is_all_caps(std::string_view s) {
    bool any_letter = false;
    for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it) {
        const auto cat = Xapian::Unicode::get_category(*it);
        if (cat == Xapian::Unicode::LOWERCASE_LETTER) return false;
        if (cat == Xapian::Unicode::UPPERCASE_LETTER) any_letter = true;
    }
    return any_letter;
}

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string quote_path(std::string_view path) {
    std::string out = "'";
    for (std::size_t i = 0; i < path.size();) {
        const std::size_t n = utf8_sequence_length(path, i);
        const auto c = static_cast<unsigned char>(path[i]);
        if (n == 0 || c < 0x20 || c == 0x7F || c == '\'' || c == '\\') {
            switch (c) {
                case '\n': out += "\\n"; break;
                case '\t': out += "\\t"; break;
                case '\'': out += "\\'"; break;
                case '\\': out += "\\\\"; break;
                default: {
                    std::array<char, 5> hex{};
                    std::snprintf(hex.data(), hex.size(), "\\x%02X", static_cast<unsigned>(c));
                    out += hex.data();
                }
            }
            ++i;
        } else {
            out.append(path.substr(i, n));
            i += n;
        }
    }
    out += "'";
    return out;
}

std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string to_hex16(std::uint64_t v) {
    std::array<char, 17> buf{};
    std::snprintf(buf.data(), buf.size(), "%016llx", static_cast<unsigned long long>(v));
    return buf.data();
}

std::string base64(std::string_view bytes) {
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string nearest_option(const std::vector<std::string>& args, const std::vector<std::string>& known) {
    for (const auto& arg : args) {
        if (arg == "--") break;
        if (arg.size() < 3 || !arg.starts_with("--")) continue;
        const std::string name = arg.substr(2, arg.find('=') - 2);
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        std::string best;
        std::size_t best_distance = 3;  // more than two edits is another word
        for (const auto& k : known)
            if (const std::size_t d = edit_distance(name, k); d < best_distance) {
                best = k;
                best_distance = d;
            }
        return best.empty() ? std::string() : "--" + best;
    }
    return {};
}

}  // namespace newsdex
