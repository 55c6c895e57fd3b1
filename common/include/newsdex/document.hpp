// Article -> Xapian document, and the display record stored as its document data.
//
// The layout (terms, prefixes, value slot, data) is written down in schema/document-layout.md; prefixes
// and slots come from fields.hpp. Thread-safe: a DocumentBuilder per thread (it owns a TermGenerator).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "newsdex/article.hpp"
#include "newsdex/result.hpp"

namespace newsdex {

/// Version of the document data layout; the searcher refuses an index with another one.
inline constexpr int kDocumentLayoutVersion = 1;

/// What a hit shows, stored in the document data so that results render from Xapian alone (which keeps
/// remote and sharded databases usable without the catalogue).
struct DisplayRecord {
    std::int64_t id = 0;
    std::string title, date, source, author, path, url;
    std::string text;  ///< the clean body, for snippets after the file has moved or changed
};

/// The document data bytes for `record`: a version byte, then each field as a varint length and bytes.
std::string encode_display_record(const DisplayRecord& record);

/// The record in `data`; fails with Errc::SchemaMismatch on another layout version or truncated data.
Result<DisplayRecord> decode_display_record(std::string_view data);

/// Lower-case words of a name joined by single spaces ("The  New-York Times" -> "the new york times"):
/// the form source: and author: terms are written and looked up in.
std::string normalise_name(std::string_view name);

/// The terms a name field adds: each word of the normalised name after `prefix`. A query for a name
/// asks for all of its words, so "associated press" finds "The Associated Press".
std::vector<std::string> name_terms(std::string_view prefix, std::string_view name);

/// The distinct lower-case words of an article's headline and body (no digits, 2 to 30 bytes): what
/// the spelling corrector learns from. Kept apart from the terms, which are stems.
std::vector<std::string> spelling_words(const Article& article);

/// Adds what needs the catalogue id: the unique term Q<id> and the display record.
void stamp_document(Xapian::Document& doc, const Article& article, std::int64_t id);

class DocumentBuilder {
public:
    /// REQUIRES: `language` is one of Xapian::Stem::get_available_languages() or "none".
    explicit DocumentBuilder(const std::string& language);

    /// The terms and values of `article`: the costly part, done by parser threads before the article
    /// has an id. stamp_document() completes it.
    Xapian::Document build(const Article& article);

private:
    Xapian::TermGenerator termgen_;
};

}  // namespace newsdex
