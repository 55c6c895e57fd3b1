#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include "newsdex/document.hpp"
#include "newsdex/fields.hpp"
#include "legacy_text.hpp"
#include "newsdex/index_dir.hpp"
#include "shared_hash.hpp"

using namespace newsdex;

namespace {
std::vector<std::string> terms_of(const Xapian::Document& doc) {
    std::vector<std::string> out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.push_back(*t);
    return out;
}
bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

TEST_SUITE("document") {
    TEST_CASE("display record round trip, any bytes") {
        DisplayRecord r{42, "T\xC3\xA9", "2023-06-19", "NPR", "A; B", std::string("/a/new\nline\xFF\0.txt", 18),
                        "https://x"};
        auto back = decode_display_record(encode_display_record(r));
        REQUIRE(back);
        CHECK(back->id == 42);
        CHECK(back->title == r.title);
        CHECK(back->date == r.date);
        CHECK(back->source == r.source);
        CHECK(back->author == r.author);
        CHECK(back->path == r.path);
        CHECK(back->url == r.url);
        Xapian::Document doc;
        RecordEncoder encoder;
        store_records(doc, r, "the text", encoder);
        CHECK(doc.get_value(kRecordSlot) == encode_display_record(r));  // stored as it is: nothing to unpack
        CHECK(load_display_record(doc)->path == r.path);
        const auto full = load_full_record(doc, Xapian::Database());
        REQUIRE(full);
        CHECK(full->record.path == r.path);
        CHECK(full->record.title == r.title);
        CHECK(full->text == "the text");
    }

    TEST_CASE("damaged or foreign document data is refused") {
        const std::string good = encode_display_record(DisplayRecord{1, "t", "", "", "", "/p", ""});
        CHECK_FALSE(decode_display_record(""));
        CHECK_FALSE(decode_display_record(good.substr(0, good.size() - 1)));
        CHECK_FALSE(decode_display_record(good + "x"));
        CHECK(decode_display_record("\x07" + good.substr(1)).error().code == Errc::SchemaMismatch);
        CHECK(load_display_record(Xapian::Document()).error().message == "no display record");
    }

    TEST_CASE("the stored text round-trips through its compressed slot, and a damaged or missing one is refused") {
        std::string text;
        for (int i = 0; i < 200; ++i) text += "Paragraph " + std::to_string(i) + " repeats itself. ";
        Xapian::Document doc;
        RecordEncoder encoder;
        store_records(doc, {3, "Headline", "2023-06-19", "NPR", "", "/a.txt", ""}, text, encoder);
        const std::string packed = doc.get_value(kTextSlot);
        CHECK(packed.size() * 4 < text.size());  // compressed
        const Xapian::Database no_db;
        const auto full = load_full_record(doc, no_db);
        REQUIRE(full);
        CHECK(full->text == text);
        CHECK(full->record.title == "Headline");
        Xapian::Document empty_text;
        store_records(empty_text, {4, "", "", "", "", "/b.txt", ""}, "", encoder);
        CHECK(load_full_record(empty_text, no_db).value().text.empty());
        CHECK(load_full_record(Xapian::Document(), no_db).error().message == "no stored text");
        for (const std::string& bad : {packed.substr(0, packed.size() / 2), std::string("not zstd at all"),
                                       packed.substr(0, 4) + std::string(packed.size() - 4, '\x55')}) {
            Xapian::Document damaged;
            damaged.add_value(kTextSlot, bad);
            const auto r2 = load_full_record(damaged, no_db);
            REQUIRE_FALSE(r2);
            CHECK(r2.error().code == Errc::SchemaMismatch);
        }
    }

    TEST_CASE("a stored text holds the text alone with its article's id, and older frames with their record read as they are") {
        const DisplayRecord seven{7, "Seven", "2023-06-19", "NPR", "", "/7.txt", ""};
        const DisplayRecord eight{8, "Eight", "", "", "", "/8.txt", ""};
        RecordEncoder encoder;
        Xapian::Document doc;
        store_records(doc, seven, "The text of seven.", encoder);
        const std::string packed = doc.get_value(kTextSlot);
        std::string raw(64, '\0');
        raw.resize(ZSTD_decompress(raw.data(), raw.size(), packed.data(), packed.size()));
        CHECK(raw == std::string("\0\x07", 2) + "The text of seven.");  // the record is stored once, in kRecordSlot
        const Xapian::Database no_db;
        CHECK(load_full_record(doc, no_db).value().record.path == "/7.txt");

        Xapian::Document other;
        store_records(other, eight, "The text of eight.", encoder);
        Xapian::Document mixed = doc;
        mixed.add_value(kTextSlot, other.get_value(kTextSlot));
        CHECK(load_full_record(mixed, no_db).error().message == "article 7's document holds the stored text of article 8");
        Xapian::Document no_record;
        no_record.add_value(kTextSlot, packed);
        CHECK(load_full_record(no_record, no_db).error().message == "no display record");

        // Written before commit 9cba261 (2026-12-07): the frame's own record is the one read.
        Xapian::Document legacy;
        legacy.add_value(kRecordSlot, encode_display_record(seven));
        legacy.add_value(kTextSlot, test::legacy_text_frame(seven, "An older text."));
        const auto old = load_full_record(legacy, no_db);
        REQUIRE(old);
        CHECK(old->text == "An older text.");
        CHECK(encode_display_record(old->record) == encode_display_record(seven));
        legacy.add_value(kTextSlot, test::legacy_text_frame(eight, std::string(300, 'x')));  // a two-byte length
        CHECK(load_full_record(legacy, no_db).value().record.path == "/8.txt");
        CHECK(load_full_record(legacy, no_db).value().text == std::string(300, 'x'));
    }

    TEST_CASE("stored texts learn a dictionary from the first records, and each record names it or none") {
        // Alike as an archive's articles are: the wire's phrases and the footer shared, the numbers their own.
        const auto text_of = [](int i, const std::string& city) {
            return city + ", March " + std::to_string(i % 28 + 1) + " - Shares of the company rose " +
                   std::to_string(i * 7 % 97) + " pct on the stock exchange today, traders said, after the board " +
                   "announced a dividend of " + std::to_string(i * 13 % 50) + " pence a share and a review of " +
                   std::to_string(i % 9 + 2) + " of its plants. Copyright 1987 Reuters. To see more, visit " +
                   "https://www.reuters.com. Sign up for our weekly newsletter.";
        };
        const auto store = [](RecordEncoder& encoder, int i, const std::string& text) {
            Xapian::Document doc;
            store_records(doc, {i, "Headline " + std::to_string(i), "1987-03-02", "Reuters", "", "/" + std::to_string(i) + ".txt", ""},
                          text, encoder);
            return doc;
        };
        RecordEncoder learner, plain;
        learner.learn(10);
        std::vector<Xapian::Document> docs;
        std::size_t with = 0, without = 0;
        for (int i = 0; i < 40; ++i) {
            docs.push_back(store(learner, i, text_of(i, "LONDON")));
            CHECK(learner.dictionary().empty() == (i < 9));  // trained once the tenth is compressed
            if (i < 10) continue;
            with += docs.back().get_value(kTextSlot).size();
            without += store(plain, i, text_of(i, "LONDON")).get_value(kTextSlot).size();
        }
        REQUIRE_FALSE(learner.dictionary().empty());
        CHECK(plain.dictionary().empty());  // never asked to learn
        CHECK(with * 2 < without);

        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        db.set_metadata(kRecordsDictionaryKey, learner.dictionary());
        // A thread keeps the dictionaries it fetched: what a database without one gives is seen in a
        // thread of its own.
        const auto in_fresh_thread = [](const auto& fn) { std::thread(fn).join(); };
        in_fresh_thread([&] {
            for (int i = 0; i < 40; ++i) {
                CAPTURE(i);
                // Without the dictionary: the ten compressed before it still read, the rest say why not.
                const auto blind = load_full_record(docs[static_cast<std::size_t>(i)], Xapian::Database());
                if (i < 10) CHECK(blind.value().text == text_of(i, "LONDON"));
                else CHECK(blind.error().message == "stored text compressed with a dictionary the index does not hold");
            }
        });
        for (int i = 0; i < 40; ++i) {
            CAPTURE(i);
            const auto full = load_full_record(docs[static_cast<std::size_t>(i)], db);
            REQUIRE(full);
            CHECK(full->text == text_of(i, "LONDON"));
            CHECK(full->record.id == i);
        }

        // Another index's dictionary: a record of one is refused by the other; a thread that moves
        // between them (a searcher following a rebuilt index) fetches each one's.
        RecordEncoder other;
        other.learn(10);
        for (int i = 0; i < 11; ++i) store(other, i, text_of(i, "PARIS"));
        REQUIRE_FALSE(other.dictionary().empty());
        REQUIRE(other.dictionary() != learner.dictionary());
        Xapian::WritableDatabase other_db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        other_db.set_metadata(kRecordsDictionaryKey, other.dictionary());
        const Xapian::Document paris = store(other, 50, text_of(50, "PARIS"));
        CHECK(load_full_record(paris, db).error().message == "stored text compressed with a dictionary the index does not hold");
        CHECK(load_full_record(paris, other_db).value().text == text_of(50, "PARIS"));
        CHECK(load_full_record(docs.back(), db).value().text == text_of(39, "LONDON"));

        // An index's dictionary is kept: an encoder made with it compresses with it and learns no other.
        RecordEncoder again(learner.dictionary());
        again.learn(1);
        const Xapian::Document later = store(again, 60, text_of(60, "LONDON"));
        CHECK(again.dictionary() == learner.dictionary());
        CHECK(load_full_record(later, db).value().text == text_of(60, "LONDON"));
        in_fresh_thread([&] { CHECK_FALSE(load_full_record(later, Xapian::Database())); });

        // Damaged metadata, bytes that are no dictionary: taken for none, and a new one learnt.
        RecordEncoder damaged(std::string(4000, 'x'));
        CHECK(damaged.dictionary().empty());
        damaged.learn(10);
        for (int i = 0; i < 10; ++i) store(damaged, i, text_of(i, "ROME"));
        CHECK_FALSE(damaged.dictionary().empty());
        // A dictionary whose header is whole and whose tables are not: refused, not trusted.
        std::string broken = learner.dictionary().substr(0, 12) + std::string(200, '\xff');
        Xapian::WritableDatabase broken_db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        broken_db.set_metadata(kRecordsDictionaryKey, broken);
        in_fresh_thread([&] {
            CHECK(load_full_record(docs.back(), broken_db).error().message == "the index's dictionary of stored texts is damaged");
        });

        // Too little to learn from: no dictionary, and records as readable as ever.
        RecordEncoder tiny;
        tiny.learn(2);
        store(tiny, 1, "a");
        store(tiny, 2, "b");
        CHECK(tiny.dictionary().empty());
        CHECK(load_full_record(store(tiny, 3, "c"), Xapian::Database()).value().text == "c");
    }

    TEST_CASE("names normalise to lower-case words") {
        CHECK(normalise_name("The  New-York Times") == "the new york times");
        CHECK(normalise_name("  NPR ") == "npr");
        CHECK(normalise_name("Am\xC3\x89lie Roussel") == "am\xC3\xA9lie roussel");
        CHECK(name_terms("A", "Jane Doe") == std::vector<std::string>{"Ajane", "Adoe"});
        CHECK(name_terms("A", "Doe, Jane Doe") == std::vector<std::string>{"Adoe", "Ajane"});
        CHECK(name_terms("A", "NPR") == std::vector<std::string>{"Anpr"});
        CHECK(name_terms("A", "  ").empty());
    }

    TEST_CASE("spelling words: distinct, lower case, no digits") {
        DocumentBuilder builder("english");
        const auto spelling_words = [&](const Article& article) {
            auto words = builder.build(article).spellings;
            std::sort(words.begin(), words.end());
            return words;
        };
        Article a;
        a.title = {"Oil prices", "first-line"};
        a.body = "OIL rose 5% in 2023; prices x9 fell. A B-2 bomber.";
        CHECK(spelling_words(a) == std::vector<std::string>{"bomber", "fell", "in", "oil", "prices", "rose"});
        // Beyond ASCII: accented capitals lower-cased, a non-ASCII digit or an underscore rules a word
        // out, the length bound counts bytes as written (30 here: 15 two-byte letters), and bytes that are
        // not UTF-8 are read as Latin-1, as everywhere in Xapian.
        a.title = {"ÉLAN in Zürich", "first-line"};
        a.body = "Café\u00A0au lait; snake_case x\u0663 " + std::string(15, 'a') + " " + [] {
            std::string s;
            for (int i = 0; i < 15; ++i) s += "é";
            return s;
        }() + " " + std::string(31, 'b') + " \xE9t\xE9";
        std::string got;
        for (const auto& w : spelling_words(a)) got += w + "|";
        CAPTURE(got);
        CHECK(spelling_words(a) == std::vector<std::string>{"aaaaaaaaaaaaaaa", "au", "café", "in", "lait", "zürich",
                                                            "élan", "\u00e9t\u00e9", "ééééééééééééééé"});
        // Read back from the headline and text a document stores (the indexer takes back the words of
        // an article it replaces): the same words, in a builder that has seen other articles or none.
        for (const char* language : {"english", "none"}) {
            DocumentBuilder other(language);
            (void)other.build(Article{});
            auto again = other.spelling_words(a.title.value, a.body);
            std::sort(again.begin(), again.end());
            CHECK(again == spelling_words(a));
            CHECK(other.spelling_words(a.title.value, a.body).size() == again.size());  // twice in a row
        }
    }

    TEST_CASE("the terms, values and id of an article") {
        Article a;
        a.title = {"Tariffs on steel", "first-line"};
        a.body = "Imports of steel doubled.";
        a.source = {"The Associated Press", "copyright"};
        a.author = {"Jane Doe; John Roe", "byline"};
        a.date = {"2023-06-26", "path"};
        DocumentBuilder builder("english");
        BuiltDocument built = builder.build(a);
        Xapian::Document& doc = built.doc;
        RecordEncoder encoder;
        stamp_document(doc, a, built.words, 7, encoder);
        const auto t = terms_of(doc);
        for (const char* want : {"ZStariff", "ZSsteel", "Ztariff", "Zsteel", "Zimport", "Zdoubl", "XSOURCEthe",
                                 "XSOURCEassociated", "XSOURCEpress", "Ajane", "Adoe", "Ajohn", "Aroe",
                                 "M202306", "Y2023", "Q7"}) {
            CAPTURE(want);
            CHECK(has(t, want));
        }
        CHECK_FALSE(has(t, "tariffs"));  // stems only
        CHECK(doc.get_value(kDateSlot) == "20230626");
        CHECK(doc.get_data().empty());  // the record and the text are in their slots
        auto record = load_display_record(doc);
        REQUIRE(record);
        CHECK(record->id == 7);
        CHECK(record->title == "Tariffs on steel");
        CHECK(record->source == "The Associated Press");
        CHECK(load_full_record(doc, Xapian::Database()).value().text == a.body);
        // The word sequence: headline twice (title prefix, then plain), a gap, then the body.
        std::vector<std::pair<Xapian::termpos, std::uint16_t>> seq;
        for_each_word(doc.get_value(kWordsSlot), [&](Xapian::termpos p, std::uint16_t h) { seq.emplace_back(p, h); });
        std::vector<std::pair<Xapian::termpos, std::uint16_t>> want;
        Xapian::termpos p = 1;
        for (const char* stem : {"ZStariff", "ZSon", "ZSsteel", "Ztariff", "Zon", "Zsteel"}) want.emplace_back(p++, word_hash(stem));
        p = 107;
        for (const char* stem : {"Zimport", "Zof", "Zsteel", "Zdoubl"}) want.emplace_back(p++, word_hash(stem));
        CHECK(seq == want);
        for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) CHECK(it.positionlist_count() == 0);
        CHECK(doc.get_value(kSharedHashesSlot).empty());  // no two of its terms share a hash
    }

    TEST_CASE("the hashes two terms of an article share, and only those") {
        const auto [a, b] = newsdex::test::words_sharing_a_hash();
        const std::uint16_t h = word_hash(std::string(kStemPrefix) + a);
        REQUIRE(h == word_hash(std::string(kStemPrefix) + b));
        DocumentBuilder builder("english");
        const auto shared = [&](const std::string& title, const std::string& body) {
            Article article;
            article.title = {title, "first-line"};
            article.body = body;
            const BuiltDocument built = builder.build(article);
            // The definition from the document's terms says the same.
            CHECK(built.doc.get_value(kSharedHashesSlot) == encode_shared_hashes(built.doc));
            return built.doc.get_value(kSharedHashesSlot);
        };
        CHECK(shared("", "Both " + a + " and " + b + " here.") == encode_shared_hashes(std::vector<std::uint16_t>{h}));
        CHECK(holds_hash(shared("", a + " " + b), h));
        CHECK(shared("", a + " alone, " + a + " again") == "");
        CHECK(shared("", "Runs, running and run: one stem, one term") == "");
        // The headline's title terms (ZS) are other terms than the body's (Z): their hashes differ here.
        CHECK_FALSE(holds_hash(shared(a + " in the headline", a + " in the body"), h));
        CHECK(encode_shared_hashes(std::vector<std::uint16_t>{0x1234, 0xabcd}) == "\x34\x12\xcd\xab");
        CHECK(holds_hash("\x34\x12\xcd\xab", 0xabcd));
        CHECK_FALSE(holds_hash("\x34\x12\xcd\xab", 0x12cd));  // not across two entries
    }

    TEST_CASE("the word sequence from the stemmer's calls equals the one read from positions") {
        // build() asks Xapian for no positions and takes the sequence from the stemmer (see WordStemmer):
        // it must equal what a positional document of the same text says, and so must the terms.
        DocumentBuilder builder("english");
        std::vector<std::pair<std::string, std::string>> texts{
            {"", ""},
            {"Headline only", ""},
            {"", "Body only, no headline."},
            {"In 2023 oil b52 U.S. prices", "don't 1,000.5 C++ AT&T _x x_y \u00c9coles 3rd \u65e5\u672c\u8a9e caf\xe9 \xff\xfe"},
            {"long", "a " + std::string(70, 'x') + " b " + std::string(64, 'y') + " c " + std::string(65, 'z') + " d"},
        };
        for (const auto& e : std::filesystem::recursive_directory_iterator(NEWSDEX_CORPUS_DIR)) {
            if (!e.is_regular_file()) continue;
            std::ifstream in(e.path(), std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (auto a = read_article(bytes, e.path().string(), std::nullopt, "", ReadOptions{})) texts.emplace_back(a->title.value, a->body);
        }
        REQUIRE(texts.size() > 30);
        int with_shared_hashes = 0;
        for (const auto& [title, body] : texts) {
            CAPTURE(title);
            Article a;
            a.title = {title, "first-line"};
            a.body = body;
            const BuiltDocument built = builder.build(a);
            const Xapian::Document positional = builder.positional(title, body);
            CHECK(built.words == encode_word_sequence(positional));
            CHECK(built.doc.get_value(kSharedHashesSlot) == encode_shared_hashes(positional));
            if (!built.doc.get_value(kSharedHashesSlot).empty()) ++with_shared_hashes;
            std::map<std::string, Xapian::termcount> from_built, from_positions;
            for (auto t = built.doc.termlist_begin(); t != built.doc.termlist_end(); ++t)
                if ((*t).starts_with(kStemPrefix)) from_built[*t] = t.get_wdf();
            for (auto t = positional.termlist_begin(); t != positional.termlist_end(); ++t) from_positions[*t] = t.get_wdf();
            CHECK(from_built == from_positions);
        }
        CHECK(with_shared_hashes > 0);  // corpus/ has articles whose terms share a hash
    }

    TEST_CASE("the stemmer stems as Xapian's does, through its cache and after the cache is emptied") {
        Xapian::Stem cached = make_stemmer("english");
        const Xapian::Stem plain("english");
        for (const char* w : {"prices", "prices", "running", "don't", "1,000.5", "\u00e9coles"}) CHECK(cached(w) == plain(w));
        // Looked up again after the cache's table has grown many times, every word is found with its stem.
        const auto word = [](int i) { return "w" + std::to_string(i) + (i % 3 ? "s" : "ing"); };
        for (int i = 0; i < 100000; ++i) cached(word(i));
        int wrong = 0;
        for (int i = 0; i < 100000; ++i) wrong += cached(word(i)) != plain(word(i));
        CHECK(wrong == 0);
        // More distinct words than the cache keeps: it is emptied on the way (a --batch searcher's query
        // parser stems every query's words through one), and stems stay right.
        for (int i = 0; i < (1 << 18) + 100; ++i) cached("w" + std::to_string(i) + "s");
        CHECK(cached("prices") == "price");
        CHECK(cached("w7s") == plain("w7s"));
        CHECK(make_stemmer("none")("Prices") == "Prices");  // a word is its own stem
    }

    TEST_CASE("word sequences: hashes in order, runs of empty positions") {
        Xapian::Document d;
        d.add_posting("Za", 1);
        d.add_posting("Zb", 2);
        d.add_posting("Za", 300);
        std::vector<std::pair<Xapian::termpos, std::uint16_t>> seq;
        for_each_word(encode_word_sequence(d), [&](Xapian::termpos p, std::uint16_t h) { seq.emplace_back(p, h); });
        CHECK(seq == std::vector<std::pair<Xapian::termpos, std::uint16_t>>{
                         {1, word_hash("Za")}, {2, word_hash("Zb")}, {300, word_hash("Za")}});
        CHECK(encode_word_sequence(d).size() == 2 * 3 + 4);
        CHECK(word_hash("Za") != 0);
    }
}
