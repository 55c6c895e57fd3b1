// The one table of article fields: how each is queried, where it lives in a Xapian document and in the
// SQLite catalogue, and how --help describes it. schema/document-layout.md documents the same table;
// nothing else in the code names a term prefix or a value slot. Thread-safe (constant data).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace newsdex {

/// How a field's query syntax behaves.
enum class FieldKind {
    FreeText,  ///< words with positions, ranked (title:)
    Name,      ///< a boolean filter on a name or one of its words, any case (source:, author:)
    Boolean,   ///< a boolean filter on an exact value (year:, month:)
    DateRange, ///< a date or date range over the date value slot (date:)
};

struct Field {
    std::string_view query_prefix;   ///< what users type before the colon; also the SQLite column
    std::string_view term_prefix;    ///< Xapian term prefix ("" when the field has no terms)
    FieldKind kind;
    std::string_view help;           ///< one line for --help and the README
};

/// Value slot holding the publication date as YYYYMMDD: sort key and range filter.
inline constexpr Xapian::valueno kDateSlot = 0;

/// Value slot holding the article's word sequence (encode_word_sequence), read by phrase and NEAR
/// matching: a slot of its own, so that checking a candidate never reads and inflates its text.
inline constexpr Xapian::valueno kWordsSlot = 1;

/// Value slot holding the word hashes that two different terms of the article share (2 bytes each,
/// little-endian, ascending; no value when there are none): where its word sequence cannot tell two
/// words apart, so that a phrase's hit is confirmed against the text only when a query word's hash is
/// among them, not by reading every hit's term list (indexes marked with kSharedHashesKey; until
/// layout 5 this slot held a Bloom filter of word pairs, which the pair index replaced).
inline constexpr Xapian::valueno kSharedHashesSlot = 2;

/// Value slot holding the display record (encode_display_record): the fields every output shows, small
/// and uncompressed, so that a page of hits without snippets decompresses nothing. Value slots, not the
/// document data, which Xapian deflates with a 128 KB table reset per article (a fifth of its writing
/// time).
inline constexpr Xapian::valueno kRecordSlot = 3;

/// Value slot holding the article's clean text (headline excluded), zstd-compressed: read by snippets
/// and the exact phrase check (store_records). Before commit 9cba261 (2026-12-07) it held the display
/// record again before the text, which cost reuters-txt's index 1.25 MB (3%) to save a snippet page ten
/// small value reads.
inline constexpr Xapian::valueno kTextSlot = 4;

/// Term prefix of the unique article id term: "Q" + catalogue id (Omega's convention).
inline constexpr std::string_view kIdPrefix = "Q";
/// Term prefix of stems: every searchable word is indexed as Z + its stem (no positions: see
/// schema/document-layout.md).
inline constexpr std::string_view kStemPrefix = "Z";

inline constexpr std::array kFields = {
    Field{"title", "S", FieldKind::FreeText, "words or a \"phrase\" in the headline: title:tariffs"},
    Field{"source", "XSOURCE", FieldKind::Name,
          "the outlet, whole or one word of it, any case: source:npr, source:\"new york times\""},
    Field{"author", "A", FieldKind::Name,
          "a byline name, whole or one word of it: author:doe, author:\"jane doe\""},
    Field{"year", "Y", FieldKind::Boolean, "the publication year: year:1987"},
    Field{"month", "M", FieldKind::Boolean, "the publication month: month:2023-06"},
    Field{"date", "", FieldKind::DateRange,
          "a day, month or year, or a range with open ends: date:2023-06-01..2023-06-30, date:2023.., "
          "date:..1987-03"},
};

/// The field with this query prefix, if any.
constexpr std::optional<Field> find_field(std::string_view query_prefix) {
    for (const auto& f : kFields)
        if (f.query_prefix == query_prefix) return f;
    return std::nullopt;
}

/// The field with this query prefix; REQUIRES: it exists (a typo here is a programming error).
constexpr const Field& field(std::string_view query_prefix) {
    for (const auto& f : kFields)
        if (f.query_prefix == query_prefix) return f;
    throw "unknown field";  // NOLINT: unreachable for the constant names used in the code
}

/// Term prefix of headline stems ("ZS"): the stem prefix, then the title field's. Built in two steps:
/// g++ 12 -O3 warns (-Wrestrict) on a + b here.
inline std::string title_stem_prefix() {
    std::string prefix(kStemPrefix);
    prefix += field("title").term_prefix;
    return prefix;
}

}  // namespace newsdex
