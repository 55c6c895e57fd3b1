// Byte and text helpers shared by the reader, the indexer and the printers: UTF-8 checks, the
// Windows-1252 fallback, case folding, and showing arbitrary path bytes to people. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// `s` as UTF-8, decoding every byte as Windows-1252; the five bytes 1252 leaves undefined map to the
/// Latin-1 code point of the same number, so nothing is dropped.
std::string decode_windows1252(std::string_view s);

/// UTF-16 `s` (without its byte order mark) as UTF-8, little- or big-endian; nullopt when it is not
/// well-formed UTF-16 (an odd length, a lone surrogate).
std::optional<std::string> decode_utf16(std::string_view s, bool little_endian);

/// UTF-8 `s` with every control character (C0 and C1, DEL) replaced by a space, except newlines and tabs
/// when `keep_lines`: an escape sequence in an article must not reach a terminal, nor a bell a log.
std::string replace_controls(std::string_view s, bool keep_lines);

/// `s` with every ill-formed UTF-8 sequence replaced by U+FFFD: safe for JSON and terminals.
std::string to_valid_utf8(std::string_view s);

/// Unicode lower case of UTF-8 text (REQUIRES: valid UTF-8).
std::string to_lower(std::string_view s);

/// True when `s` has at least one letter and none of its letters is lower case.
bool is_all_caps(std::string_view s);

/// `s` without leading and trailing ASCII white space.
std::string_view trim(std::string_view s);

/// A path (any bytes) quoted for a message on stderr: control characters and bytes that are not UTF-8
/// are shown as \n, \t, \xNN escapes, so a warning stays on one line and names the file unambiguously.
std::string quote_path(std::string_view path);

/// 64-bit FNV-1a: the content fingerprint of a file (change and move detection, copy grouping).
std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 14695981039346656037ULL);

/// 16 lower-case hex digits.
std::string to_hex16(std::uint64_t v);

/// The first command-line argument, up to "--", that looks like a long option ("--limt=5") and is none of
/// `known` (long names without dashes), as the known name nearest to it ("--limit"), if one is within two
/// edits; "" when there is none. For the hint after an option nobody has.
std::string nearest_option(const std::vector<std::string>& args, const std::vector<std::string>& known);

/// Standard base64 (RFC 4648) with padding: exact path bytes inside JSON.
std::string base64(std::string_view bytes);

}  // namespace newsdex
