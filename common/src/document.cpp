#include "newsdex/document.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <new>
#include <optional>

#include <zdict.h>
#include <zstd.h>

#include "newsdex/fields.hpp"
#include "newsdex/index_dir.hpp"
#include "newsdex/text.hpp"
#include "newsdex/word_table.hpp"

namespace newsdex {

namespace {

// Xapian refuses terms longer than 245 bytes; a name that long is noise anyway.
constexpr std::size_t kMaxTermBytes = 240;
// Longer "words" are URLs, hashes and the like: never a useful suggestion.
constexpr std::size_t kMaxSpellingBytes = 30;

void put_varint(std::string& out, std::uint64_t n) {
    while (n >= 0x80) {
        out += static_cast<char>((n & 0x7F) | 0x80);
        n >>= 7;
    }
    out += static_cast<char>(n);
}

bool get_varint(std::string_view& in, std::uint64_t& n) {
    n = 0;
    for (int shift = 0;; shift += 7) {
        if (in.empty() || shift > 56) return false;
        const auto byte = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        n |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) return true;
    }
}

void put_field(std::string& out, std::string_view value) {
    put_varint(out, value.size());
    out.append(value);
}

bool get_field(std::string_view& in, std::string& value) {
    std::uint64_t n = 0;
    if (!get_varint(in, n) || n > in.size()) return false;
    value.assign(in.substr(0, n));
    in.remove_prefix(n);
    return true;
}

std::string compact_date(std::string_view iso) {  // 2023-06-19 -> 20230619
    std::string out;
    for (char c : iso)
        if (c != '-') out += c;
    return out;
}

}  // namespace

std::string encode_display_record(const DisplayRecord& r) {
    std::string out(1, static_cast<char>(kDocumentLayoutVersion));
    put_field(out, std::to_string(r.id));
    for (const std::string* f : {&r.title, &r.date, &r.source, &r.author, &r.path, &r.url}) put_field(out, *f);
    return out;
}

namespace {

// The fields of a display record at the front of `data` (which then holds what follows them).
Result<DisplayRecord> decode_fields(std::string_view& data) {
    if (data.empty() || data.front() != static_cast<char>(kDocumentLayoutVersion))
        return fail(Errc::SchemaMismatch, "a display record of another layout version",
                    "rebuild the index with `newsdex-index --full`");
    data.remove_prefix(1);
    DisplayRecord r;
    std::string id;
    bool ok = get_field(data, id);
    for (std::string* f : {&r.title, &r.date, &r.source, &r.author, &r.path, &r.url}) ok = ok && get_field(data, *f);
    if (!ok) return fail(Errc::SchemaMismatch, "a truncated display record", "rebuild the index with `newsdex-index --full`");
    r.id = std::stoll(id);
    return r;
}

// zstd level 3 (zstd's default). With the index's dictionary it stores reuters-txt's texts 8% smaller
// than level 1 (7.79 against 8.44 MB) for about 0.02 s more over 19,043 articles, and decompresses as
// fast; from level 6 on, compressing took four times as long or more for a few percent. A context's
// tables are allocated once per thread, not per article, and only by the side that is used: a searcher
// never compresses, and a search without snippets never decompresses.
constexpr int kCompressionLevel = 3;

// What a stored frame holds first (kTextSlot): this byte, the article's id (a varint: a text put on
// another article's document is then refused, not shown as its snippets), and the text. Frames written
// before commit 9cba261 (2026-12-07) hold the display record (whose first byte, its layout version, is
// never 0) and then the text as a field; they are read as they are.
constexpr char kTextAlone = '\0';

ZSTD_CCtx* compression_context() {
    thread_local const std::unique_ptr<ZSTD_CCtx, std::size_t (*)(ZSTD_CCtx*)> context(ZSTD_createCCtx(), ZSTD_freeCCtx);
    return context.get();
}

ZSTD_DCtx* decompression_context() {
    thread_local const std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx*)> context(ZSTD_createDCtx(), ZSTD_freeDCtx);
    return context.get();
}

// The bytes of a stored frame, decompressed with `dictionary` (the one it names, or none); nullopt when
// it is damaged.
std::optional<std::string> unpack(std::string_view packed, const ZSTD_DDict* dictionary) {
    const unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
    // An article is a few kilobytes; the bound keeps a damaged size field from asking for terabytes.
    constexpr unsigned long long kMaxRecord = 1ULL << 31;
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxRecord) return std::nullopt;
    std::string raw(static_cast<std::size_t>(size), '\0');
    const std::size_t n = dictionary ? ZSTD_decompress_usingDDict(decompression_context(), raw.data(), raw.size(),
                                                                  packed.data(), packed.size(), dictionary)
                                     : ZSTD_decompressDCtx(decompression_context(), raw.data(), raw.size(),
                                                           packed.data(), packed.size());
    if (ZSTD_isError(n) || n != raw.size()) return std::nullopt;
    return raw;
}

}  // namespace

Result<DisplayRecord> decode_display_record(std::string_view data) {
    auto record = decode_fields(data);
    if (record && !data.empty())
        return fail(Errc::SchemaMismatch, "a display record with bytes after its fields",
                    "rebuild the index with `newsdex-index --full`");
    return record;
}

RecordEncoder::RecordEncoder(std::string dictionary) : dictionary_(std::move(dictionary)) {
    // Bytes that are no zstd dictionary (damaged metadata) are taken for none: zstd would use them as
    // plain content and write frames that name no dictionary, which no reader could then decompress.
    // The one learnt instead replaces them; the records that named them were unreadable already.
    if (ZDICT_getDictID(dictionary_.data(), dictionary_.size()) != 0)
        cdict_.reset(ZSTD_createCDict(dictionary_.data(), dictionary_.size(), kCompressionLevel), ZSTD_freeCDict);
    if (!cdict_) dictionary_.clear();
}

void RecordEncoder::learn(std::size_t samples) {
    if (dictionary_.empty()) wanted_samples_ = samples;
}

std::string RecordEncoder::compress(std::string_view raw) {
    std::string packed(ZSTD_compressBound(raw.size()), '\0');
    const std::size_t n = cdict_ ? ZSTD_compress_usingCDict(compression_context(), packed.data(), packed.size(),
                                                            raw.data(), raw.size(), cdict_.get())
                                 : ZSTD_compressCCtx(compression_context(), packed.data(), packed.size(), raw.data(),
                                                     raw.size(), kCompressionLevel);
    if (ZSTD_isError(n)) throw std::bad_alloc();  // the bound fits any input: only the context can fail
    packed.resize(n);
    add_sample(raw);
    return packed;
}

void RecordEncoder::sample_stored(const Xapian::Database& db) {
    if (wanted_samples_ == 0) return;
    const auto end = db.valuestream_end(kTextSlot);
    for (auto v = db.valuestream_begin(kTextSlot); wanted_samples_ > 0 && v != end; ++v) {
        const std::string packed = *v;
        // Those made with a dictionary (which a learning index does not hold) or damaged are passed over.
        if (ZSTD_getDictID_fromFrame(packed.data(), packed.size()) != 0) continue;
        if (const auto raw = unpack(packed, nullptr)) add_sample(*raw);
    }
}

void RecordEncoder::add_sample(std::string_view raw) {
    if (wanted_samples_ == 0) return;
    samples_.append(raw);
    sample_sizes_.push_back(raw.size());
    // 8 MiB: zstd asks for about a hundred times the dictionary's size; more only trains longer.
    constexpr std::size_t kMaxSampleBytes = 8 << 20;
    if (sample_sizes_.size() >= wanted_samples_ || samples_.size() >= kMaxSampleBytes) train();
}

void RecordEncoder::train() {
    // 32 KB, trained on 1,000 records (0.1 s): reuters-txt's stored texts came to 0.748 of their size
    // without one; 8 KB to 0.767, 112 KB (zstd's usual size) to 0.756; 3,000 records gained 1% more
    // for three times the training (level 1, each text with its display record). At level 3 on the
    // texts alone, 64 KB would gain 2.7% and 112 KB 4% of the texts' 6.5 MB: not worth a reader's
    // fetching and preparing a larger dictionary in every process that shows snippets.
    constexpr std::size_t kDictionaryCapacity = 32 * 1024;
    std::string dictionary(kDictionaryCapacity, '\0');
    const std::size_t n = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), samples_.data(),
                                                sample_sizes_.data(), static_cast<unsigned>(sample_sizes_.size()));
    wanted_samples_ = 0;
    std::string().swap(samples_);
    std::vector<std::size_t>().swap(sample_sizes_);
    if (ZDICT_isError(n)) return;  // too little to learn from: records stay as good without one
    dictionary.resize(n);
    *this = RecordEncoder(std::move(dictionary));
}

Result<FullRecord> load_full_record(const Xapian::Document& doc, const Xapian::Database& db) {
    const std::string packed = doc.get_value(kTextSlot);
    if (packed.empty())
        return fail(Errc::SchemaMismatch, "no stored text", "rebuild the index with `newsdex-index --full`");
    const unsigned wanted = ZSTD_getDictID_fromFrame(packed.data(), packed.size());
    thread_local unsigned held_id = 0;
    thread_local std::unique_ptr<ZSTD_DDict, std::size_t (*)(ZSTD_DDict*)> held(nullptr, ZSTD_freeDDict);
    if (wanted != 0 && wanted != held_id) {
        const std::string dictionary = db.get_metadata(kRecordsDictionaryKey);
        if (ZDICT_getDictID(dictionary.data(), dictionary.size()) != wanted)
            return fail(Errc::SchemaMismatch, "stored text compressed with a dictionary the index does not hold",
                        "rebuild the index with `newsdex-index --full`");
        held.reset(ZSTD_createDDict(dictionary.data(), dictionary.size()));
        held_id = held ? wanted : 0;
        if (!held)
            return fail(Errc::SchemaMismatch, "the index's dictionary of stored texts is damaged",
                        "rebuild the index with `newsdex-index --full`");
    }
    auto raw = unpack(packed, wanted != 0 ? held.get() : nullptr);
    if (!raw || raw->empty()) return fail(Errc::SchemaMismatch, "damaged stored text", "rebuild the index with `newsdex-index --full`");
    if (raw->front() == kTextAlone) {
        auto record = load_display_record(doc);
        if (!record) return Unexpected{record.error()};
        std::string_view data = *raw;
        data.remove_prefix(1);
        std::uint64_t id = 0;
        if (!get_varint(data, id))
            return fail(Errc::SchemaMismatch, "damaged stored text", "rebuild the index with `newsdex-index --full`");
        if (id != static_cast<std::uint64_t>(record->id))
            return fail(Errc::SchemaMismatch, "article " + std::to_string(record->id) +
                                                  "'s document holds the stored text of article " + std::to_string(id),
                        "rebuild the index with `newsdex-index --full`");
        return FullRecord{std::move(*record), std::string(data)};
    }
    std::string_view data = *raw;
    auto record = decode_fields(data);
    if (!record) return Unexpected{record.error()};
    FullRecord full{std::move(*record), {}};
    if (!get_field(data, full.text) || !data.empty())
        return fail(Errc::SchemaMismatch, "damaged stored text", "rebuild the index with `newsdex-index --full`");
    return full;
}

void store_records(Xapian::Document& doc, const DisplayRecord& record, std::string_view text, RecordEncoder& encoder) {
    doc.add_value(kRecordSlot, encode_display_record(record));
    std::string raw(1, kTextAlone);
    put_varint(raw, static_cast<std::uint64_t>(record.id));
    raw.append(text);
    doc.add_value(kTextSlot, encoder.compress(raw));
}

Result<DisplayRecord> load_display_record(const Xapian::Document& doc) {
    const std::string data = doc.get_value(kRecordSlot);
    if (data.empty())
        return fail(Errc::SchemaMismatch, "no display record", "rebuild the index with `newsdex-index --full`");
    return decode_display_record(data);
}

std::string normalise_name(std::string_view name) {
    std::string out;
    bool pending_space = false;
    const std::string lower = to_lower(to_valid_utf8(name));
    for (Xapian::Utf8Iterator it(lower); it != Xapian::Utf8Iterator(); ++it) {
        if (Xapian::Unicode::is_wordchar(*it)) {
            if (pending_space && !out.empty()) out += ' ';
            pending_space = false;
            Xapian::Unicode::append_utf8(out, *it);
        } else {
            pending_space = true;
        }
    }
    return out;
}

std::vector<std::string> name_terms(std::string_view prefix, std::string_view name) {
    std::vector<std::string> terms;
    const std::string words = normalise_name(name);
    std::size_t pos = 0;
    while (pos < words.size()) {
        const std::size_t space = std::min(words.find(' ', pos), words.size());
        std::string term = std::string(prefix) + words.substr(pos, space - pos);
        if (term.size() <= kMaxTermBytes && std::find(terms.begin(), terms.end(), term) == terms.end())
            terms.push_back(std::move(term));
        pos = space + 1;
    }
    return terms;
}

namespace {

// Writes the word sequence format (encode_word_sequence): two bytes per word, little-endian; a run of
// empty positions as 0 and its length, written only when a word follows it.
class SequenceWriter {
public:
    void word(std::uint16_t hash) {
        while (pending_gap_ > 0) {
            const std::size_t run = std::min<std::size_t>(pending_gap_, 0xFFFF);
            put(0);
            put(run);
            pending_gap_ -= run;
        }
        put(hash);
    }
    void skip(std::size_t positions) { pending_gap_ += positions; }
    void clear() {
        bytes_.clear();
        pending_gap_ = 0;
    }
    const std::string& bytes() const { return bytes_; }

private:
    void put(std::size_t v) {
        bytes_ += static_cast<char>(v & 0xFF);
        bytes_ += static_cast<char>((v >> 8) & 0xFF);
    }

    std::string bytes_;
    std::size_t pending_gap_ = 0;
};

}  // namespace

// Stems through Xapian's stemmer with a cache, and notes two things about an article on the way:
// - its distinct words, for the spelling corrector: the TermGenerator hands the stemmer every word,
//   lower-cased, so they cost no second pass over the text (that pass was a fifth of parsing);
// - its word sequence (encode_word_sequence's format): Xapian 1.4's TermGenerator, with STEM_ALL_Z,
//   stems every word it gives a position, once, in text order (numbers, CJK n-grams included; words
//   too long to index get neither), so the n-th call is the n-th position. The builder then asks
//   Xapian for no positions at all, which saves building them and reading them back (a third of
//   building a document). tests/unit/test_document.cpp and the fuzz target hold the sequence equal to
//   the one read from a positional document.
// News text repeats its words, so most calls are a lookup (the Snowball stemmer was 40% of tokenising).
class WordStemmer : public Xapian::StemImplementation {
public:
    explicit WordStemmer(const std::string& language) {
        if (language != "none") stem_ = Xapian::Stem(language);  // else empty: a word is its own stem
    }

    std::string operator()(const std::string& word) override {
        // Outside an article nothing points into the cache: a query parser's stemmer (a --batch
        // searcher's lives for every query) is bounded here, a builder's in start_article().
        if (!collecting_ && cache_.size() > kMaxCached) cache_.clear();
        auto [found, fresh] = cache_.find_or_add(word);
        Entry& e = found->value;
        if (fresh) e.stem = stem_(word);
        if (!collecting_) return e.stem;
        if (!e.annotated) {  // only an article's words need these: a searcher's snippets and queries never do
            e.annotated = true;
            e.spelling = is_spelling_word(word);
            e.hash[0] = word_hash(std::string(kStemPrefix) + e.stem);
            e.hash[1] = word_hash(title_stem_prefix() + e.stem);
        }
        if (e.spelling && e.article != article_) {
            e.article = article_;
            words_.push_back(&found->word);
        }
        const int field = in_title_ ? 1 : 0;
        if (e.in_sequence[field] != article_) {
            e.in_sequence[field] = article_;
            terms_.push_back({e.hash[field], field, &e.stem});
        }
        sequence_.word(e.hash[field]);
        return e.stem;
    }

    std::string get_description() const override { return "newsdex WordStemmer(" + stem_.get_description() + ")"; }

    /// Forgets the last article; collects the next one's words and sequence if `collect`.
    void start_article(bool collect) {
        words_.clear();
        terms_.clear();
        sequence_.clear();
        in_title_ = false;
        if (cache_.size() > kMaxCached) cache_.clear();  // bounds memory on a huge vocabulary
        ++article_;
        collecting_ = collect;
    }

    /// Whether the words that follow are indexed under the title prefix (their terms are ZS + stem).
    void set_in_title(bool in_title) { in_title_ = in_title; }

    /// `n` positions without a word (increase_termpos); written before the next word, if one comes.
    void skip(Xapian::termpos n) { sequence_.skip(n); }

    std::vector<std::string> words() const {
        std::vector<std::string> out;
        out.reserve(words_.size());
        for (const std::string* w : words_) out.push_back(*w);
        return out;
    }

    const std::string& sequence() const { return sequence_.bytes(); }

    /// The hashes that two different terms of the sequence share, ascending (kSharedHashesSlot). Two
    /// words with one stem in the same field are one term.
    std::vector<std::uint16_t> shared_hashes() {
        std::sort(terms_.begin(), terms_.end(), [](const Term& a, const Term& b) { return a.hash < b.hash; });
        std::vector<std::uint16_t> out;
        for (std::size_t i = 0, j = 0; i < terms_.size(); i = j) {
            bool shared = false;
            for (j = i; j < terms_.size() && terms_[j].hash == terms_[i].hash; ++j)
                shared = shared || terms_[j].field != terms_[i].field || *terms_[j].stem != *terms_[i].stem;
            if (shared) out.push_back(terms_[i].hash);
        }
        return out;
    }

private:
    static constexpr std::size_t kMaxCached = 1 << 18;

    // 2 to 30 bytes, no digit and no underscore: numbers, codes and identifiers are not worth suggesting.
    static bool is_spelling_word(const std::string& word) {
        if (word.size() < 2 || word.size() > kMaxSpellingBytes) return false;
        for (Xapian::Utf8Iterator it(word); it != Xapian::Utf8Iterator(); ++it) {
            const unsigned ch = *it;
            if (ch == '_' || Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER) return false;
        }
        return true;
    }

    struct Entry {
        std::string stem;
        std::uint16_t hash[2] = {0, 0};  // word_hash of the term: Z + stem, ZS + stem (title)
        std::uint64_t article = 0;        // the last article whose words list this word
        std::uint64_t in_sequence[2] = {0, 0};  // the last article whose terms_ hold its body, title term
        bool spelling = false;
        bool annotated = false;           // spelling and hash are set (first seen while collecting)
    };
    // A term of the article's sequence: its hash, field (0 body, 1 title) and stem.
    struct Term {
        std::uint16_t hash;
        int field;
        const std::string* stem;  // in cache_, which keeps it while an article is collected
    };
    Xapian::Stem stem_;
    WordTable<Entry> cache_;
    std::uint64_t article_ = 0;
    bool collecting_ = false;
    bool in_title_ = false;
    std::vector<const std::string*> words_;
    std::vector<Term> terms_;
    SequenceWriter sequence_;
};

Xapian::Stem make_stemmer(const std::string& language) { return Xapian::Stem(new WordStemmer(language)); }

DocumentBuilder::DocumentBuilder(const std::string& language) : stemmer_(new WordStemmer(language)) {
    termgen_.set_stemmer(Xapian::Stem(stemmer_));  // the Stem owns it, the builder keeps a view
    // Only stems: words and phrases match their stems ("oil prices" finds "oil price"). Storing
    // unstemmed terms as well (STEM_SOME) makes the index a quarter larger and writing it 1.45x slower
    // (measured on reuters-txt), for phrases that would differ only in word endings.
    termgen_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
}

std::uint16_t word_hash(std::string_view term) {
    const std::uint64_t h = fnv1a64(term);
    const auto folded = static_cast<std::uint16_t>(h ^ (h >> 16) ^ (h >> 32) ^ (h >> 48));
    return folded == 0 ? 1 : folded;
}

std::string encode_word_sequence(const Xapian::Document& positional) {
    std::vector<std::uint16_t> at;  // position -> hash of its stem, 0 for none
    for (auto t = positional.termlist_begin(); t != positional.termlist_end(); ++t) {
        const std::uint16_t h = word_hash(*t);
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
            if (*p >= at.size()) at.resize(*p + 1, 0);
            at[*p] = h;
        }
    }
    SequenceWriter out;
    for (std::size_t p = 1; p < at.size(); ++p) {
        if (at[p] != 0)
            out.word(at[p]);
        else
            out.skip(1);
    }
    return out.bytes();
}

std::string encode_shared_hashes(const std::vector<std::uint16_t>& ascending) {
    std::string out;
    for (const std::uint16_t h : ascending) {
        out += static_cast<char>(h & 0xFF);
        out += static_cast<char>(h >> 8);
    }
    return out;
}

std::string encode_shared_hashes(const Xapian::Document& doc) {
    std::map<std::uint16_t, int> terms_with;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if ((*t).starts_with(kStemPrefix)) ++terms_with[word_hash(*t)];
    std::vector<std::uint16_t> shared;
    for (const auto& [h, n] : terms_with)
        if (n > 1) shared.push_back(h);
    return encode_shared_hashes(shared);
}

bool holds_hash(std::string_view encoded, std::uint16_t hash) {
    for (std::size_t i = 0; i + 1 < encoded.size(); i += 2)
        if ((static_cast<unsigned char>(encoded[i]) | (static_cast<unsigned char>(encoded[i + 1]) << 8)) == hash) return true;
    return false;
}

std::vector<std::string> DocumentBuilder::spelling_words(const std::string& title, const std::string& body) {
    stemmer_->start_article(true);
    Xapian::Document scratch;
    termgen_.set_document(scratch);
    index_fields(title, body, false);
    return stemmer_->words();
}

Xapian::Document DocumentBuilder::positional(const std::string& title, const std::string& body) {
    stemmer_->start_article(false);
    Xapian::Document doc;
    termgen_.set_document(doc);
    index_fields(title, body, true);
    return doc;
}

void DocumentBuilder::index_fields(const std::string& title, const std::string& body, bool positions) {
    const auto index = [&](const std::string& text, const std::string& prefix) {
        if (positions)
            termgen_.index_text(text, 1, prefix);
        else
            termgen_.index_text_without_positions(text, 1, prefix);
    };
    stemmer_->set_in_title(true);
    index(title, std::string(field("title").term_prefix));
    stemmer_->set_in_title(false);
    index(title, "");
    // A gap so that a phrase never runs from the headline into the first paragraph.
    constexpr Xapian::termpos kHeadlineGap = 100;
    termgen_.increase_termpos(kHeadlineGap);
    stemmer_->skip(kHeadlineGap);
    index(body, "");
}

BuiltDocument DocumentBuilder::build(const Article& article) {
    // The terms without positions (the index stores none: Xapian's position table was half the index
    // and a third of the writing time); the word sequence comes from the stemmer's calls instead.
    BuiltDocument out;
    stemmer_->start_article(true);
    termgen_.set_document(out.doc);
    index_fields(article.title.value, article.body, false);
    out.words = stemmer_->sequence();
    out.spellings = stemmer_->words();

    Xapian::Document& doc = out.doc;
    if (const auto shared = stemmer_->shared_hashes(); !shared.empty()) doc.add_value(kSharedHashesSlot, encode_shared_hashes(shared));
    for (const auto& t : name_terms(field("source").term_prefix, article.source.value)) doc.add_boolean_term(t);
    for (const auto& name : article.authors())
        for (const auto& t : name_terms(field("author").term_prefix, name)) doc.add_boolean_term(t);
    if (article.date.found()) {
        const std::string day = compact_date(article.date.value);
        doc.add_value(kDateSlot, day);
        doc.add_boolean_term(std::string(field("month").term_prefix) + day.substr(0, 6));
        doc.add_boolean_term(std::string(field("year").term_prefix) + day.substr(0, 4));
    }
    return out;
}

void stamp_document(Xapian::Document& doc, const Article& article, std::string words, std::int64_t id,
                    RecordEncoder& encoder) {
    std::string id_term(kIdPrefix);  // built in two steps: g++ 12 -O3 warns (-Wrestrict) on a + b here
    id_term += std::to_string(id);
    doc.add_boolean_term(id_term);
    store_records(doc, {id, article.title.value, article.date.value, article.source.value, article.author.value,
                        article.path, article.url.value},
                  article.body, encoder);
    doc.add_value(kWordsSlot, words);
}

}  // namespace newsdex
