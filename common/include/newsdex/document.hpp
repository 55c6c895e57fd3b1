// Article -> Xapian document, and the display record stored with it (value slot kRecordSlot).
//
// The layout (terms, prefixes, value slot, data) is written down in schema/document-layout.md; prefixes
// and slots come from fields.hpp. Thread-safe: a DocumentBuilder per thread (it owns a TermGenerator).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "newsdex/article.hpp"
#include "newsdex/result.hpp"

struct ZSTD_CDict_s;  // zstd's dictionary, ready to compress with (zstd.h)

namespace newsdex {

/// Version of the document layout (terms, values, record); the searcher refuses an index with another
/// one, and the indexer updates one only with --full.
inline constexpr int kDocumentLayoutVersion = 5;

/// What a hit shows, stored with the document (value slot kRecordSlot, as it is) so that results render
/// from Xapian alone (which keeps remote and sharded databases usable without the catalogue).
struct DisplayRecord {
    std::int64_t id = 0;
    std::string title, date, source, author, path, url;
};

/// The record and the article's clean body: what snippets and the exact phrase check read (slots
/// kRecordSlot and kTextSlot).
struct FullRecord {
    DisplayRecord record;
    std::string text;
};

/// The bytes of `record`: a version byte, then each field as a varint length and bytes.
std::string encode_display_record(const DisplayRecord& record);

/// The record in `data`; fails with Errc::SchemaMismatch on another layout version or damaged data.
Result<DisplayRecord> decode_display_record(std::string_view data);

/// Compresses stored texts (slot kTextSlot) for the indexer: one zstd frame each, made with the
/// index's dictionary once it has one (metadata kRecordsDictionaryKey). News articles share much (the
/// wire's phrases, datelines, footers) that one article alone is too short to teach a compressor: a
/// 32 KB dictionary trained on the first thousand records made reuters-txt's stored texts a quarter
/// smaller and a third faster to decompress. An index keeps the first dictionary it gets for its life
/// (a new index trains its own), so that every record names, by its frame's dictionary id, the one the
/// index holds, or none. One per thread: not thread-safe.
class RecordEncoder {
public:
    /// With the index's dictionary, "" when it has none.
    explicit RecordEncoder(std::string dictionary = {});

    /// While there is no dictionary: keeps a copy of each record compressed, and once `samples` are kept
    /// (or 8 MiB of them), trains a dictionary on them, which compresses every record from the next on
    /// (the samples themselves stay compressed without). Training that fails (too few distinct bytes)
    /// leaves the encoder without a dictionary for the rest of its life.
    void learn(std::size_t samples);

    /// While learning: takes the records already stored in `db` (those written without a dictionary) as
    /// the first samples, before those compress() is given. An index that grew by runs too small to
    /// learn from, or was written before dictionaries, gets one at its next run that writes anything.
    void sample_stored(const Xapian::Database& db);

    /// One zstd frame of `raw`.
    std::string compress(std::string_view raw);

    /// The dictionary, "" while there is none: for the index's metadata.
    const std::string& dictionary() const { return dictionary_; }

private:
    void add_sample(std::string_view raw);
    void train();

    std::string dictionary_;
    std::shared_ptr<ZSTD_CDict_s> cdict_;  // made from dictionary_
    std::size_t wanted_samples_ = 0;
    std::string samples_;  // concatenated, for ZDICT
    std::vector<std::size_t> sample_sizes_;
};

/// Stores `record` in value slot kRecordSlot, as it is, and `text` compressed in slot kTextSlot: a
/// page of hits without snippets reads only small values and decompresses nothing.
void store_records(Xapian::Document& doc, const DisplayRecord& record, std::string_view text, RecordEncoder& encoder);

/// The record stored in `doc`; fails with Errc::SchemaMismatch when it is missing or damaged.
Result<DisplayRecord> load_display_record(const Xapian::Document& doc);

/// The record and text stored in `doc` of `db` (a text stored before commit 9cba261, 2026-12-07, carries
/// its record in the same frame); fails with Errc::SchemaMismatch when either is missing or damaged, or when the text
/// names a dictionary that `db` does not hold. A record that names one is decompressed with
/// `db`'s, fetched from its metadata the first time a thread meets the dictionary's id and kept for the
/// thread's life: a search that checks phrases makes a PositionCheck per query, and a fresh dictionary
/// for each would cost a metadata read and zstd's tables every time. Ids are a hash of the dictionary's
/// content (zstd's own way of naming one), so one id stands for one dictionary whatever the database.
Result<FullRecord> load_full_record(const Xapian::Document& doc, const Xapian::Database& db);

/// A 16-bit hash of a term, never 0 (0 marks positions without a word in a word sequence).
std::uint16_t word_hash(std::string_view term);

/// The stems of an article in text order, each as its word_hash: what phrase and NEAR matching read
/// first, instead of Xapian positions (see positions.hpp). Two bytes per word, little-endian; a 0 is
/// followed by the count of empty positions it stands for (the gap between headline and body).
/// This is the definition, from a positional document's terms and positions; DocumentBuilder::build
/// makes the same bytes more cheaply from its stemmer's calls, and the unit tests and the fuzz target
/// hold the two equal.
std::string encode_word_sequence(const Xapian::Document& positional);

/// The kSharedHashesSlot value of a document: the word_hash values that two or more of its stem terms
/// (Z and ZS prefixes: those its word sequence is made of) share, ascending, two bytes each
/// little-endian; "" when none do. This is the definition, from a document's terms; DocumentBuilder::build
/// makes the same from its stemmer's calls, and the unit tests hold the two equal.
std::string encode_shared_hashes(const Xapian::Document& doc);
std::string encode_shared_hashes(const std::vector<std::uint16_t>& ascending);

/// Whether an encoded kSharedHashesSlot value holds `hash`.
bool holds_hash(std::string_view encoded, std::uint16_t hash);

/// Calls fn(position, hash) for each word of an encoded sequence, positions from 1.
template <typename Fn>
void for_each_word(std::string_view encoded, Fn fn) {
    Xapian::termpos pos = 1;
    for (std::size_t i = 0; i + 1 < encoded.size(); i += 2) {
        const auto h = static_cast<std::uint16_t>(static_cast<unsigned char>(encoded[i]) |
                                                  (static_cast<unsigned char>(encoded[i + 1]) << 8));
        if (h != 0) {
            fn(pos++, h);
        } else if (i + 3 < encoded.size()) {
            pos += static_cast<unsigned char>(encoded[i + 2]) | (static_cast<unsigned char>(encoded[i + 3]) << 8);
            i += 2;
        }
    }
}

/// Lower-case words of a name joined by single spaces ("The  New-York Times" -> "the new york times"):
/// the form source: and author: terms are written and looked up in.
std::string normalise_name(std::string_view name);

/// The terms a name field adds: each word of the normalised name after `prefix`. A query for a name
/// asks for all of its words, so "associated press" finds "The Associated Press".
std::vector<std::string> name_terms(std::string_view prefix, std::string_view name);

/// The stemmer for `language` ("none": each word is its own stem) that documents are built with:
/// queries must be parsed with the same one, or "none" indexes would not match their queries.
Xapian::Stem make_stemmer(const std::string& language);

/// Adds what needs the catalogue id: the unique term Q<id> and the records (store_records, through
/// `encoder`); and the word sequence (value slot kWordsSlot).
void stamp_document(Xapian::Document& doc, const Article& article, std::string words, std::int64_t id,
                    RecordEncoder& encoder);

/// What DocumentBuilder::build makes of an article.
struct BuiltDocument {
    Xapian::Document doc;  ///< terms and values; stamp_document() completes it
    std::string words;     ///< the word sequence (encode_word_sequence)
    /// The distinct lower-case words of the headline and body as the TermGenerator splits them, of 2 to
    /// 30 bytes with no digit or underscore, in no order: what the spelling corrector learns from. Kept
    /// apart from the terms, which are stems.
    std::vector<std::string> spellings;
};

class WordStemmer;

class DocumentBuilder {
public:
    /// REQUIRES: `language` is one of Xapian::Stem::get_available_languages() or "none".
    explicit DocumentBuilder(const std::string& language);
    DocumentBuilder(const DocumentBuilder&) = delete;  // a copy would share the stemmer's article state
    DocumentBuilder& operator=(const DocumentBuilder&) = delete;

    /// The terms and values of `article` (no positions: the index stores none, see
    /// schema/document-layout.md), its word sequence and its words for spelling: the costly part, done
    /// by parser threads before the article has an id.
    BuiltDocument build(const Article& article);

    /// The words build() gives the spelling corrector for this headline and body (BuiltDocument::spellings).
    std::vector<std::string> spelling_words(const std::string& title, const std::string& body);

    /// The stems of a headline and body with their positions, as build() tokenises them.
    Xapian::Document positional(const std::string& title, const std::string& body);

private:
    // Indexes headline (title-prefixed, then plain), a gap, then the body into termgen_'s document.
    void index_fields(const std::string& title, const std::string& body, bool positions);

    WordStemmer* stemmer_;  // owned by the Stem inside termgen_
    Xapian::TermGenerator termgen_;
};

}  // namespace newsdex
