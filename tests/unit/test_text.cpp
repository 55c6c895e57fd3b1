#include <doctest/doctest.h>

#include "newsdex/text.hpp"

using namespace newsdex;

TEST_SUITE("text") {
    TEST_CASE("utf-8 validation") {
        struct Case {
            std::string bytes;
            bool valid;
        };
        const Case cases[] = {
            {"plain ascii", true},
            {"caf\xC3\xA9", true},                 // é
            {"\xE2\x80\x94", true},                // em dash
            {"\xF0\x9F\x93\xB0", true},            // newspaper emoji
            {"caf\xE9", false},                    // Latin-1 é
            {"\xC0\xAF", false},                   // overlong '/'
            {"\xED\xA0\x80", false},               // surrogate
            {"\xF4\x90\x80\x80", false},           // above U+10FFFF
            {"\xE2\x80", false},                   // truncated
        };
        for (const auto& c : cases) {
            CAPTURE(c.bytes);
            CHECK(is_valid_utf8(c.bytes) == c.valid);
        }
    }

    TEST_CASE("windows-1252 decoding") {
        CHECK(decode_windows1252("caf\xE9") == "caf\xC3\xA9");
        CHECK(decode_windows1252("\x93quoted\x94") == "\xE2\x80\x9Cquoted\xE2\x80\x9D");
        CHECK(decode_windows1252("\xA3" "2") == "\xC2\xA3" "2");
        CHECK(decode_windows1252("\x80") == "\xE2\x82\xAC");  // euro sign
        CHECK(decode_windows1252("a\x81z") == "a\xC2\x81z");  // undefined in 1252: kept as U+0081
    }

    TEST_CASE("repairing and quoting") {
        CHECK(to_valid_utf8("ok\xFFok") == "ok\xEF\xBF\xBDok");
        CHECK(quote_path("/a/b.txt") == "'/a/b.txt'");
        CHECK(quote_path("/a/new\nline\t\xFF.txt") == "'/a/new\\nline\\t\\xFF.txt'");
        CHECK(quote_path("it's") == "'it\\'s'");
    }

    TEST_CASE("case") {
        CHECK(to_lower("BLINKEN Caf\xC3\x89") == "blinken caf\xC3\xA9");
        CHECK(is_all_caps("OIL PRICES AND OPEC"));
        CHECK_FALSE(is_all_caps("oil AND opec"));
        CHECK_FALSE(is_all_caps("1987"));
    }

    TEST_CASE("the option nearest a long option nobody has") {
        const std::vector<std::string> known = {"index", "limit", "offset", "format", "dry-run", "no-prune"};
        CHECK(nearest_option({"--limt", "5", "oil"}, known) == "--limit");
        CHECK(nearest_option({"--fromat=json", "oil"}, known) == "--format");  // a swap is two edits
        CHECK(nearest_option({"--dryrun", "x"}, known) == "--dry-run");
        CHECK(nearest_option({"--limit", "5", "--zzzz"}, known).empty());  // nothing near
        CHECK(nearest_option({"-n", "5", "--", "--limt"}, known).empty());  // after --, a query
        CHECK(nearest_option({"oil", "-x"}, known).empty());
    }

    TEST_CASE("base64 and hashes") {
        const std::pair<std::string, std::string> cases[] = {
            {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"\xFF\xFE", "//4="}};
        for (const auto& [in, out] : cases) CHECK(base64(in) == out);
        CHECK(to_hex16(fnv1a64("")) == "cbf29ce484222325");  // the FNV-1a-64 offset basis
        CHECK(to_hex16(fnv1a64("a")) == "af63dc4c8601ec8c");  // published test vector
    }
}
