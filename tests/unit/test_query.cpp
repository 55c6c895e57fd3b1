// The query front end against expected Xapian query descriptions, as Xapian's own api_queryparser does.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "newsdex/query.hpp"

using namespace newsdex;

namespace {
std::string describe(const std::string& text, bool relaxed = false, const std::string& language = "english") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    auto q = QueryFrontEnd(db, language).parse(text);
    if (!q) return "ERROR: " + q.error().message;
    if (relaxed) return q->any ? q->any->get_description() : "none";
    return q->all.get_description();
}
}  // namespace

TEST_SUITE("query") {
    TEST_CASE("normalising case") {
        const std::pair<const char*, const char*> cases[] = {
            {"Blinken China", "blinken china"},
            {"BLINKEN visits", "blinken visits"},
            {"oil AND Opec", "oil AND opec"},
            {"oil NEAR/3 prices", "oil NEAR/3 prices"},
            {"OIL PRICES AND OPEC", "oil prices and opec"},   // all capitals: a pasted headline
            {"Source:NPR Title:\"Heat Pumps\"", "source:npr title:\"heat pumps\""},
            {"* source:npr", " source:npr"},
            {"Semicond* title:Tarif*", "(zzstem:semicond* OR semicond) (zzstemtitle:tarif* OR title:tarif)"},
            {"(chip* OR \"oil* price\")", "((zzstem:chip* OR chip) OR \"oil* price\")"},
            // A dotted abbreviation: both forms the index may hold outside quotes, as typed inside them.
            {"U.S. dollar", "(U.S. OR \"u.s.\") dollar"},
            {"u.s. Dollar", "(U.S. OR \"u.s.\") dollar"},
            {"U.S. DOLLAR", "(U.S. OR \"u.s.\") dollar"},
            {"title:U.S. +E.U,", "title:(U.S. OR \"u.s.\") +(E.U OR \"e.u\"),"},
            {"u.s.-Japan U.S.-led", "(U.S.-japan OR \"u.s.-japan\") (U.S.-led OR \"u.s.-led\")"},  // leading a compound
            {"\"U.S. dollar\" \"10 a.m.\" title:\"U.K. talks\"", "\"U.S. dollar\" \"10 a.m.\" title:\"U.K. talks\""},
            {"e.g", "(E.G OR \"e.g\")"},
            // Exclusions alone mean every article but those.
            {"-Oil -\"gas prices\" -(coal OR wood)", "NOT oil NOT \"gas prices\" NOT (coal OR wood)"},
            {"* -oil", " NOT oil"},
            {"source:npr -oil", "source:npr -oil"},
            {"oil -gas", "oil -gas"},
            {"\"-oil -gas\"", "\"-oil -gas\""},
        };
        for (const auto& [in, out] : cases) {
            CAPTURE(in);
            CHECK(normalise_query_text(in) == out);
        }
    }

    TEST_CASE("descriptions") {
        const std::pair<const char*, const char*> cases[] = {
            {"oil prices", "Query((Zoil@1 AND Zprice@2))"},
            {"Oil PRICES", "Query((Zoil@1 AND Zprice@2))"},
            {"\"taiwan strait\" semiconductors", "Query(((Ztaiwan@1 PHRASE 2 Zstrait@2) AND Zsemiconductor@3))"},
            {"oil OR gas", "Query((Zoil@1 OR Zgas@2))"},
            {"oil NOT gas", "Query((Zoil@1 AND_NOT Zgas@2))"},
            {"-oil -gas", "Query(((<alldocuments> AND_NOT Zoil@1) AND_NOT Zgas@2))"},
            {"oil -the", "Query((Zoil@1 AND_NOT Zthe@2))"},  // a stop word can be excluded
            {"state-owned -x", "Query(((Zstate@1 PHRASE 2 Zown@2) AND_NOT Zx@3))"},
            {"OIL OR GAS", "Query((Zoil@1 AND Zgas@3))"},  // "or" is a word, and a stop word
            {"+oil -gas prices", "Query(((Zoil@1 AND Zprice@3) AND_NOT Zgas@2))"},
            {"oil NEAR prices", "Query((Zoil@1 NEAR 11 Zprice@2))"},
            {"semicond*", "Query((WILDCARD SYNONYM Zsemicond OR Zsemicond@2))"},
            {"+(semicond* OR chip)", "Query((WILDCARD SYNONYM Zsemicond OR Zsemicond@2 OR Zchip@3))"},
            {"title:tarif*", "Query((WILDCARD SYNONYM ZStarif OR ZStarif@2))"},
            // The word itself too: its stem can be shorter than the prefix typed (dredge is dredg).
            {"dredge*", "Query((WILDCARD SYNONYM Zdredge OR Zdredg@2))"},
            {"-happy* oil", "Query((Zoil@3 AND_NOT (WILDCARD SYNONYM Zhappy OR Zhappi@2)))"},
            {"\"semi* chips\"", "Query((Zsemi@1 PHRASE 2 Zchip@2))"},
            {"the price of oil", "Query((Zprice@2 AND Zoil@4))"},
            {"title:tariffs", "Query(ZStariff@1)"},
            {"source:NPR drought", "Query((Zdrought@1 FILTER XSOURCEnpr))"},
            {"source:\"New York Times\"", "Query(0 * (XSOURCEnew AND XSOURCEyork AND XSOURCEtimes))"},
            {"author:doe", "Query(0 * Adoe)"},
            {"year:1987 oil", "Query((Zoil@1 FILTER Y1987))"},
            {"month:2023-06", "Query(0 * M202306)"},
            {"date:2023-06-01..2023-06-30", "Query(VALUE_RANGE 0 20230601 20230630)"},
            {"date:2023..", "Query(VALUE_GE 0 20230101)"},
            {"date:..1987-03", "Query(VALUE_LE 0 19870331)"},
            {"date:2023-06", "Query(VALUE_RANGE 0 20230601 20230631)"},
            {"*", "Query(<alldocuments>)"},
            {"date:2024-02-29", "Query(VALUE_RANGE 0 20240229 20240229)"},  // a leap day
            {"source:\"new york times\" (year:1987)", "Query((0 * Y1987 FILTER (XSOURCEnew AND XSOURCEyork AND XSOURCEtimes)))"},
            {"\"note: re:x\" 10:30 http://x.org", "Query(((Znote@1 PHRASE 3 Zre@2 PHRASE 3 Zx@3) AND (Z10@4 PHRASE 2 Z30@5) AND (Zhttp@6 PHRASE 3 Zx@7 PHRASE 3 Zorg@8)))"},
            {"* source:npr", "Query(0 * XSOURCEnpr)"},
            {"Update: prices", "Query((Zupdat@1 AND Zprice@2))"},  // a word before a colon that names no field
            // A required group of stop words parted by punctuation crashed Xapian's parser: such a query is
            // parsed without the stopper (fuzz/seeds/query/required-group-of-stop-words).
            {"oil +(a, the)", "Query((Zoil@1 AND (Za@2 AND Zthe@3)))"},
            {"oil +(the price) rose", "Query((Zoil@1 AND (Zthe@2 AND Zprice@3) AND Zrose@4))"},
            // Xapian skips what is no word character between the + and the bracket, so these are such
            // groups too (fuzz/seeds/query/required-group-after-punctuation).
            {"oil +, (a, the)", "Query((Zoil@1 AND (Za@2 AND Zthe@3)))"},
            {"oil +' (a, the)", "Query((Zoil@1 AND (Za@2 AND Zthe@3)))"},
            {"oil +\u2019 (a, the)", "Query((Zoil@1 AND (Za@2 AND Zthe@3)))"},  // a typographic apostrophe
            {"oil +\u00ab (a, the)", "Query((Zoil@1 AND (Za@2 AND Zthe@3)))"},
            // An excluded group crashed it the same way (fuzz/seeds/query/excluded-group-of-stop-words).
            {"oil -gas -(a, the)", "Query((Zoil@1 AND_NOT (Zgas@2 OR (Za@3 AND Zthe@4))))"},
            // Such a group where we see a phrase and Xapian does not: no crash, and Xapian reads nothing in it
            // (fuzz/seeds/query/required-group-after-field-quote).
            {"\"a\"source:.\" +(A\xff" "A", "Query()"},
            // A phrase left open runs to the end, a field's too (Xapian's fallback made "title" a word).
            {"\"oil prices", "Query((Zoil@1 PHRASE 2 Zprice@2))"},
            {"title:\"oil prices", "Query((ZSoil@1 PHRASE 2 ZSprice@2))"},
        };
        for (const auto& [in, out] : cases) {
            CAPTURE(in);
            CHECK(describe(in) == out);
        }
        // The fuzzer's own form of it, a NUL byte between the + and the bracket (a --batch line can hold one).
        CHECK(describe(std::string("u +'\0(A,A", 10)) == "Query((Zu@1 AND (Za@2 AND Za@3)))");
    }

    TEST_CASE("the relaxed query asks for some of the words") {
        CHECK(describe("oil prices", true) == "Query((Zoil@1 OR Zprice@2))");
        CHECK(describe("\"oil prices\"", true) == "none");
        CHECK(describe("source:npr oil prices", true) == "Query(((Zoil@1 OR Zprice@2) FILTER XSOURCEnpr))");
        CHECK(describe("oil", true) == "none");
        CHECK(describe("oil OR gas", true) == "none");
    }

    TEST_CASE("plain words: the queries built without Xapian's parser equal its own AND and OR parses") {
        // A tab is no plain-word character, so the same words parted by tabs go through Xapian's parser.
        std::vector<std::string> queries = {"oil prices", "the oil of the prices", "oil oil prices", "the of and", "a b c",
                                            "opec 1987 output", "coffee brazil export quotas talks", "x", "the oil",
                                            "prices rose in march as opec met", "12 34", "was were be", "  oil   prices ",
                                            "3m g7 10th a1b2", "running runs ran", std::string(300, 'x') + " oil"};
        // And generated ones: stop words, numbers, words that stem, in any order and number.
        const char* words[] = {"the", "of", "and", "is", "oil", "prices", "running", "1987", "x", "opec", "yes",
                               "cts", "said", "reuters", "9", "ponies", "agreed", "u", "s"};
        std::mt19937 rng(11);
        for (int i = 0; i < 300; ++i) {
            std::string q;
            for (int n = 1 + static_cast<int>(rng() % 6); n > 0; --n) q += std::string(q.empty() ? "" : " ") + words[rng() % std::size(words)];
            queries.push_back(q);
        }
        for (const std::string language : {"english", "none", "french"}) {
            for (const auto& q : queries) {
                std::string tabs = q;
                std::replace(tabs.begin(), tabs.end(), ' ', '\t');
                CAPTURE(language);
                CAPTURE(q);
                CHECK(describe(q, false, language) == describe(tabs, false, language));
                CHECK(describe(q, true, language) == describe(tabs, true, language));
            }
        }
    }

    TEST_CASE("terms for snippets: wildcards over plain words, phrases as typed, none under NOT") {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        QueryFrontEnd front_end(db, "english");
        const auto highlight = [&](const char* text) {
            auto q = front_end.parse(text);
            REQUIRE(q);
            return q->highlight.get_description();
        };
        CHECK(highlight("Semicond* title:tarif* -(drou*) +chip*") ==
              "Query((WILDCARD SYNONYM semicond OR WILDCARD SYNONYM drou OR WILDCARD SYNONYM chip))");
        CHECK(highlight("\"Oil Prices\" rose") == "Query((Zoil@1 OR Zprice@2 OR (oil PHRASE 2 prices)))");
        CHECK(highlight("grain -\"grain elevators\" title:\"coffee quotas\"") == "Query()");
        CHECK(highlight("oil prices") == "Query()");
        CHECK(highlight("\"the value of\"") == "Query((Zvalu@2 OR (the PHRASE 3 value PHRASE 3 of)))");  // no stop word alone
        CHECK(highlight("\"oil* price\"") == "Query((Zoil@1 OR Zprice@2 OR (oil PHRASE 2 price)))");  // no wildcard in quotes
    }

    TEST_CASE("malformed queries are errors that say what is wrong") {
        const std::pair<const char*, const char*> cases[] = {
            {"date:2023-13", "bad query \"date:2023-13\": date:2023-13: expected YYYY, YYYY-MM or YYYY-MM-DD, or a "
                             "range such as 2023-06-01..2023-06-30, 2023.. or ..2023-06"},
            {"date:2023-07..2023-06", "bad query \"date:2023-07..2023-06\": date:2023-07..2023-06: the range ends before it starts"},
            {"year:87", "bad query \"year:87\": year:87: expected a year such as 1987"},
            {"date:2023-02-29", "bad query \"date:2023-02-29\": date:2023-02-29: expected YYYY, YYYY-MM or YYYY-MM-DD, or a "
                                "range such as 2023-06-01..2023-06-30, 2023.. or ..2023-06"},
            // A bad value first after + or -: Xapian 1.4.22 frees a bad pointer if the field processor throws.
            {"+year:87", "bad query \"+year:87\": year:87: expected a year such as 1987"},
            {"-month:2023-13 oil", "bad query \"-month:2023-13 oil\": month:2023-13: expected a month such as 2023-06"},
            {"+source:\"\" oil", "bad query \"+source:\"\" oil\": source:: expected a name"},
            {"(author:\"  \")", "bad query \"(author:\"  \")\": author:  : expected a name"},
            {"Auther:doe oil", "bad query \"Auther:doe oil\": no field 'auther:'; the fields are title:, source:, author:, "
                               "year:, month:, date:"},
            {"oil (+nosuch:x)", "bad query \"oil (+nosuch:x)\": no field 'nosuch:'; the fields are title:, source:, author:, "
                                "year:, month:, date:"},
            {"month:June", "bad query \"month:June\": month:june: expected a month such as 2023-06"},
            // A space after the colon: Xapian would search the text for the word "title".
            {"Title: drought", "bad query \"Title: drought\": title: has no value (write title:word, with no space after "
                               "the colon)"},
            {"drought source:", "bad query \"drought source:\": source: has no value (write source:word, with no space "
                                "after the colon)"},
            {"   ", "empty query"},
            // Xapian would take NEAR for a word, or parse the query again with every operator off.
            {"oil NEAR \"crude prices\"", "bad query \"oil NEAR \"crude prices\"\": NEAR stands between two words (oil "
                                          "NEAR prices, oil NEAR/5 prices), not beside a phrase, a bracket, a wildcard or a field"},
            {"oil ADJ crude*", "bad query \"oil ADJ crude*\": ADJ stands between two words (oil ADJ prices, oil ADJ/5 "
                               "prices), not beside a phrase, a bracket, a wildcard or a field"},
            {"NEAR oil", "bad query \"NEAR oil\": NEAR stands between two words (oil NEAR prices, oil NEAR/5 prices), "
                         "not beside a phrase, a bracket, a wildcard or a field"},
            // An exclusion alone in brackets: Xapian's second parse, with every operator off, kept the word.
            {"oil (-gas)", "bad query \"oil (-gas)\": Xapian could not read it as written, and would have searched for "
                           "the excluded words"},
        };
        for (const auto& [in, out] : cases) {
            CAPTURE(in);
            CHECK(describe(in) == std::string("ERROR: ") + out);
        }
    }
}
