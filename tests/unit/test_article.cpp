// Table-driven tests of every extraction rule: each case is an article as text, where it lives, and the
// fields (with the rule that found them) we expect to get out of it.
#include <doctest/doctest.h>

#include "newsdex/article.hpp"

using namespace newsdex;

namespace {

struct Expect {
    std::string title, title_rule;
    std::string date, date_rule;
    std::string source, source_rule;
    std::string author, author_rule;
    std::string url, url_rule;
    std::string dateline;
};

struct Case {
    const char* name;
    std::string path;
    std::string text;
    Expect want;
    std::vector<std::string> in_body;      // substrings the body must hold
    std::vector<std::string> not_in_body;  // substrings kept out of the body
    ReadOptions options = {};
};

// Checks fn(input) against each {input, expected} row, where a null expectation means "no value".
template <std::size_t N, typename Fn>
void check_optional_table(const std::pair<const char*, const char*> (&cases)[N], Fn fn) {
    for (const auto& [input, want] : cases) {
        CAPTURE(input);
        const std::optional<std::string> got = fn(input);
        if (want) {
            REQUIRE(got);
            CHECK(*got == want);
        } else {
            CHECK_FALSE(got);
        }
    }
}

Article parse(const Case& c) {
    std::string encoding;
    auto text = decode_text(c.text, encoding);
    REQUIRE(text);
    return parse_article(*text, c.path, c.options);
}

}  // namespace

TEST_SUITE("article") {
    TEST_CASE("extraction rules") {
        const Case cases[] = {
            {"public radio: captions, footer, promotions, date from file name",
             "/a/radio/2023-06-19-drought.txt",
             "River towns brace for drought\n\n"
             "Barges wait at a dock. (MARTA OKAFOR/AFP via Getty Images)\n\n"
             "Hide caption\nBarges wait at a dock. (MARTA OKAFOR/AFP via Getty Images)\n\n"
             "The river is running low again.\n\nFarmers feel it first\n\nGrain elevators stopped buying.\n\n"
             "Grain elevators stopped buying.\n\n"
             "Copyright 2023 NPR. To see more, visit https://www.npr.org.\n\n"
             "Sign up for our weekly newsletter.\n",
             {"River towns brace for drought", "first-line", "2023-06-19", "path", "NPR", "copyright", "", "",
              "https://www.npr.org", "footer", ""},
             {"The river is running low again.\n\nFarmers feel it first\n\nGrain elevators stopped buying."},
             {"Getty", "Copyright", "newsletter", "Hide caption", "buying.\n\nGrain"}},
            {"wire: byline with two names, header date, dateline agency, copyright holder",
             "/a/wire/story.txt",
             "Dockworkers strike\n\nBy Samuel Okonkwo and Rita Feldman\n\nPublished June 20, 2023 at 4:15 PM EDT\n\n"
             "HOUSTON (AP) \xE2\x80\x94 A strike kept ships idle.\n\n"
             "Copyright 2023 The Associated Press. All rights reserved.\n",
             {"Dockworkers strike", "first-line", "2023-06-20", "header", "The Associated Press", "copyright",
              "Samuel Okonkwo; Rita Feldman", "byline", "", "", "HOUSTON (AP)"},
             {"HOUSTON (AP) \xE2\x80\x94 A strike kept ships idle."},
             {"By Samuel", "Published", "Copyright"}},
            {"1987 wire copy: date from the archive path, source from the sign-off",
             "/arch/1987/03/23/1001.txt",
             "COFFEE GROWERS SEEK TALKS\n\nLONDON, March 23 -\n\nCoffee producing countries will ask\n"
             "consumer nations to reopen talks.\n    Prices have fallen.\n Reuter\n",
             {"COFFEE GROWERS SEEK TALKS", "first-line", "1987-03-23", "path", "Reuters", "sign-off", "", "", "",
              "", "LONDON, March 23"},
             {"Coffee producing countries will ask consumer nations to reopen talks. Prices have fallen."},
             {"Reuter"}},
            {"dateline with a year and an agency",
             "/a/b.txt",
             "Breach at fitness app\n\nSAN FRANCISCO, July 18, 2023 (Reuters) - An intruder copied emails.\n",
             {"Breach at fitness app", "first-line", "2023-07-18", "dateline", "Reuters", "dateline", "", "", "",
              "", "SAN FRANCISCO, July 18, 2023 (Reuters)"},
             {"An intruder copied emails."},
             {}},
            {"month and day near the top completed by the copyright year",
             "/a/orchard.txt",
             "A late frost\n\nJune 21\n\nOrchard owners lost half the crop.\n\nCopyright 2023 NPR.\n",
             {"A late frost", "first-line", "2023-06-21", "month-day+copyright-year", "NPR", "copyright", "", "", "",
              "", ""},
             {"Orchard owners lost half the crop."},
             {"June 21"}},
            {"a date the story mentions is not the publication date",
             "/a/comet.txt",
             "Comet returns\n\nThe comet was last seen on March 3, 1952 and returns in 2031.\n",
             {"Comet returns", "first-line", "", "", "", "", "", "", "", "", ""},
             {"March 3, 1952"},
             {}},
            {"day-first and ISO header dates; 'By the end' is not a byline",
             "/a/coral.txt",
             "Coral recovers\n\nUpdated: 2023-07-11\n\nBy the end of the survey, divers had counted 40 species.\n",
             {"Coral recovers", "first-line", "2023-07-11", "header", "", "", "", "", "", "", ""},
             {"By the end of the survey"},
             {}},
            {"byline with an outlet after the name, ampersand",
             "/a/c.txt",
             "Comet\n\nBy Mira Castellanos & Owen Pike, Staff Writers\n\n19 June 2023\n\nText.\n",
             {"Comet", "first-line", "2023-06-19", "header", "", "", "Mira Castellanos; Owen Pike", "byline", "", "",
              ""},
             {"Text."},
             {"Castellanos"}},
            {"'Story by' is a byline, and the dateline after it still counts",
             "/a/markets.txt",
             "Markets fall\n\nStory by Bo Ek\n\nNEW YORK, July 18, 2023 (Reuters) - Stocks fell.\n",
             {"Markets fall", "first-line", "2023-07-18", "dateline", "Reuters", "dateline", "Bo Ek", "byline", "", "",
              "NEW YORK, July 18, 2023 (Reuters)"},
             {"Stocks fell."},
             {"Story by"}},
            {"web page furniture: advertisements, read-more links, a credit line; none of it starts the body",
             "/a/bridge.txt",
             "Council approves new bridge\n\nAdvertisement\n\nBy Ann Lee\n\nJune 19, 2023\n\n"
             "The council approved a bridge.\n\nRead more: Council rejects tunnel plan\n\nSkip advertisement\n\n"
             "Work starts in spring.\n\nPhoto by Bo Ek/Getty Images\n\n(Advertisement)\n\nContinue reading...\n\n"
             "Copyright 2023 City Post.\n",
             {"Council approves new bridge", "first-line", "2023-06-19", "header", "City Post", "copyright", "Ann Lee",
              "byline", "", "", ""},
             {"The council approved a bridge.\n\nWork starts in spring."},
             {"dvertisement", "Read more", "Photo by", "Continue"}},
            {"furniture above the headline is not the headline",
             "/a/bridge2.txt",
             "Advertisement\n\nSkip to main content\nCouncil approves new bridge\n\nBy Ann Lee\n\nThe council approved it.\n",
             {"Council approves new bridge", "first-line", "", "", "", "", "Ann Lee", "byline", "", "", ""},
             {"The council approved it."},
             {"dvertisement", "Skip"}},
            {"URL at the top names the source by its domain",
             "/a/ferry.txt",
             "Ferry adds a sailing\n\nhttps://www.harborweekly.example/news/ferry\n\nThe ferry adds a sailing.\n",
             {"Ferry adds a sailing", "first-line", "", "", "harborweekly.example", "url-domain", "", "",
              "https://www.harborweekly.example/news/ferry", "header", ""},
             {"The ferry adds a sailing."},
             {"https"}},
            {"--source applies only when no rule finds one",
             "/a/bbc/tech/001.txt",
             "Chip sales rise\n\nSales of chips rose.\n",
             {"Chip sales rise", "first-line", "", "", "BBC", "option", "", "", "", "", ""},
             {"Sales of chips rose."},
             {},
             ReadOptions{"BBC"}},
            {"reporting credit line names the authors",
             "/a/t.txt",
             "Tariffs rise\n\nBRUSSELS, June 26 (Reuters) - Tariffs rise.\n\n(Reporting by Jan de Vries; Editing by Mark Ellison)\n",
             {"Tariffs rise", "first-line", "", "", "Reuters", "dateline", "Jan de Vries", "reporting-credit", "", "",
              "BRUSSELS, June 26 (Reuters)"},
             {"Tariffs rise."},
             {"Editing"}},
            {"a long promotion-like paragraph of story text stays in the body",
             "/a/letters.txt",
             "Letters\n\nReaders wrote.\n\nOne reader asked why the city did not sign up more riders before it built "
             "the lane, and several others asked for a survey of shop owners along the whole of Main Street before "
             "any more lanes are painted, which the council has promised to consider at its next meeting in the "
             "autumn, along with a proposal to extend the lane to the station and a second one to the hospital "
             "on the far side of the river, both of which are already the subject of a public consultation.\n",
             {"Letters", "first-line", "", "", "", "", "", "", "", "", ""},
             {"sign up more riders"},
             {}},
        };
        for (const auto& c : cases) {
            CAPTURE(c.name);
            const Article a = parse(c);
            CHECK(a.title.value == c.want.title);
            CHECK(a.title.rule == c.want.title_rule);
            CHECK(a.date.value == c.want.date);
            CHECK(a.date.rule == c.want.date_rule);
            CHECK(a.source.value == c.want.source);
            CHECK(a.source.rule == c.want.source_rule);
            CHECK(a.author.value == c.want.author);
            CHECK(a.author.rule == c.want.author_rule);
            CHECK(a.url.value == c.want.url);
            CHECK(a.url.rule == c.want.url_rule);
            CHECK(a.dateline == c.want.dateline);
            for (const auto& s : c.in_body) {
                CAPTURE(s);
                CHECK(a.body.find(s) != std::string::npos);
            }
            for (const auto& s : c.not_in_body) {
                CAPTURE(s);
                CHECK(a.body.find(s) == std::string::npos);
            }
        }
    }

    TEST_CASE("captions and boilerplate are kept, out of the body") {
        std::string enc;
        auto text = decode_text("T\n\nA photo. (AP Photo/Jane Roe)\n\nBody.\n\nCopyright 2023 NPR.\n\nDonate today.\n", enc);
        REQUIRE(text);
        const Article a = parse_article(*text, "/x.txt", {});
        CHECK(a.captions == std::vector<std::string>{"A photo. (AP Photo/Jane Roe)"});
        CHECK(a.boilerplate == std::vector<std::string>{"Copyright 2023 NPR.", "Donate today."});
        CHECK(a.body == "Body.");
    }

    TEST_CASE("repeated paragraphs are indexed once") {
        const Article a = parse_article("T\n\nSame words.\n\nOther.\n\nSame words.\n", "/x.txt", {});
        CHECK(a.body == "Same words.\n\nOther.");
        CHECK(a.repeated_paragraphs == 1);
    }

    TEST_CASE("a first line too long for a headline is cut at a word, and indexed whole") {
        const std::string line(80, 'w');
        const std::string text = line + " " + line + " " + line + " " + line + " end\n";
        const Article a = parse_article(text, "/x.txt", {});
        CHECK(a.title.rule == "first-line-truncated");
        CHECK(a.title.value == line + " " + line + " " + line);
        CHECK(a.body.find(" end") != std::string::npos);
    }

    TEST_CASE("decoding: BOM, CRLF, lone CR, Windows-1252, UTF-16, binary, empty") {
        struct D {
            std::string bytes, text, encoding, error;
        };
        const D cases[] = {
            {"\xEF\xBB\xBFTitle\r\nBody\r\n", "Title\nBody\n", "utf-8+bom", ""},
            {"Title\rBody\r", "Title\nBody\n", "utf-8", ""},
            {"Caf\xE9 \x93quotes\x94\n", "Caf\xC3\xA9 \xE2\x80\x9Cquotes\xE2\x80\x9D\n", "windows-1252", ""},
            {std::string("PNG\0\x01", 5), "", "", "binary file (NUL byte at offset 3)"},
            // UTF-16 with its byte order mark: "Tē\r\n😀" (a surrogate pair), both ways round.
            {std::string("\xFF\xFET\0\x13\x01\r\0\n\0\x3D\xD8\x00\xDE", 14), "T\xC4\x93\n\xF0\x9F\x98\x80", "utf-16le", ""},
            {std::string("\xFE\xFF\0T\x01\x13\0\r\0\n\xD8\x3D\xDE\x00", 14), "T\xC4\x93\n\xF0\x9F\x98\x80", "utf-16be", ""},
            {std::string("\xFF\xFET\0\x3D\xD8", 6), "", "",
             "not well-formed UTF-16, although it starts with a UTF-16 little-endian byte order mark"},  // lone surrogate
            {std::string("\xFF\xFET\0x", 5), "", "",
             "not well-formed UTF-16, although it starts with a UTF-16 little-endian byte order mark"},  // odd length
            {std::string("\xFF\xFET\0\0\0", 6), "", "", "binary file (a NUL character in its UTF-16 text)"},
            {"", "", "", "empty file"},
            {" \n\t\n", "", "", "no text (only white space)"},
            // Control characters (an escape sequence, a bell, DEL, C1's CSI) become spaces; tabs stay.
            {"A \x1B[31mred\x1B[0m\a\tB\x7F\xC2\x9B!\x0C\n", "A  [31mred [0m \tB  ! \n", "utf-8", ""},
            {"\x01\x02\x03", "", "", "no text (only white space)"},
        };
        for (const auto& d : cases) {
            CAPTURE(d.bytes);
            std::string enc;
            auto r = decode_text(d.bytes, enc);
            if (d.error.empty()) {
                REQUIRE(r);
                CHECK(*r == d.text);
                CHECK(enc == d.encoding);
            } else {
                REQUIRE_FALSE(r);
                CHECK(r.error().message == d.error);
            }
        }
    }

    TEST_CASE("date lines") {
        const std::pair<const char*, const char*> cases[] = {
            {"June 19, 2023", "2023-06-19"},
            {"Published June 20, 2023 at 4:15 PM EDT", "2023-06-20"},
            {"Published: July 14, 2023", "2023-07-14"},
            {"Monday, Sept. 4, 2023", "2023-09-04"},
            {"Updated 3:45 PM EST, Tue November 8, 2022", "2022-11-08"},  // a time first, a short weekday
            {"Published 10.30 am BST Wed 6 March 2024", "2024-03-06"},
            {"Thu., Jan. 5, 2023", "2023-01-05"},
            {"3:45 PM, sunny, 2023", nullptr},
            {"19 June 2023", "2023-06-19"},
            {"Updated: 2023-07-11", "2023-07-11"},
            {"2023-07-11T08:00:00Z", "2023-07-11"},
            {"Feb 29, 2024", "2024-02-29"},
            {"Feb 29, 2023", nullptr},                     // no such day
            {"June 19", nullptr},                          // no year
            {"The vote on June 19, 2023 was close.", nullptr},  // a sentence, not a date line
        };
        check_optional_table(cases, parse_date_line);
    }

    TEST_CASE("dates in paths") {
        const std::pair<const char*, const char*> cases[] = {
            {"/arch/1987/03/23/123.txt", "1987-03-23"},
            {"/news/2023-06-19-slug.txt", "2023-06-19"},
            {"/news/20230619.txt", "2023-06-19"},
            {"/archive/2020/backfill/2019-05-01-old.txt", "2019-05-01"},
            {"/a/1987/13/40/1.txt", nullptr},
            {"/a/1999/12/31.txt", "1999-12-31"},          // the day as the file's name
            {"/a/2023-06/19/x.txt", "2023-06-19"},
            {"/a/2023-06/19.txt", "2023-06-19"},
            {"/a/2023/Jun/19/b.txt", "2023-06-19"},       // a month's name
            {"/a/2019/05/7.txt", nullptr},                // one digit: an article's number, not a day
            {"/a/2019/05/123.txt", nullptr},
            {"/a/2019/05/12.3.txt", nullptr},
            {"/a/story-12345678901.txt", nullptr},
            {"/a/b.txt", nullptr},
        };
        check_optional_table(cases, date_from_path);
    }

    TEST_CASE("a sidecar overrides every rule") {
        auto a = read_article("Headline\n\nBy Jo Bloggs\n\nBody.\n", "/a/2020-01-01-x.txt",
                              std::string(R"({"title":"Real title","date":"2023-06-30","source":"Coastal Review",)"
                                          R"("author":["Isla Moffat","Duncan Reid"],"url":"https://c.example/x","language":"en"})"),
                              "/a/2020-01-01-x.json", {});
        REQUIRE(a);
        CHECK(a->title.value == "Real title");
        CHECK(a->title.rule == "sidecar");
        CHECK(a->date.value == "2023-06-30");
        CHECK(a->date.rule == "sidecar");
        CHECK(a->source.value == "Coastal Review");
        CHECK(a->author.value == "Isla Moffat; Duncan Reid");
        CHECK(a->authors() == std::vector<std::string>{"Isla Moffat", "Duncan Reid"});
        CHECK(a->url.value == "https://c.example/x");
        CHECK(a->language.value == "en");
        // Control characters in a sidecar's strings become spaces, newlines included (one-line fields).
        auto c = read_article("Headline\n\nBody.\n", "/a/x.txt",
                              std::string(R"({"title":"Red\u001b[31m\nline","author":["A\u0007B"]})"), "/a/x.json", {});
        REQUIRE(c);
        CHECK(c->title.value == "Red [31m line");
        CHECK(c->author.value == "A B");
    }

    TEST_CASE("a bad sidecar is an error naming it") {
        const std::pair<std::string, std::string> cases[] = {
            {"{\"title\": ", "sidecar '/a/x.json': invalid JSON at byte 11"},
            {"[1, 2]", "sidecar '/a/x.json': not a JSON object"},
            {"{\"date\": \"soon\"}", "sidecar '/a/x.json': field \"date\" is not a date: \"soon\""},
            {"{\"title\": 3}", "sidecar '/a/x.json': field \"title\" is not a string"},
            {"{\"title\": \"T\", \"n\": 1E400}", "sidecar '/a/x.json': a number too large for JSON"},
        };
        for (const auto& [json, message] : cases) {
            auto a = read_article("T\n\nB\n", "/a/x.txt", json, "/a/x.json", {});
            REQUIRE_FALSE(a);
            CHECK(a.error().message == message);
        }
    }
}
