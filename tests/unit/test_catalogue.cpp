#include <doctest/doctest.h>

#include <sqlite3.h>

#include "newsdex/catalogue.hpp"
#include "temp_dir.hpp"

using namespace newsdex;
using newsdex::test::TempDir;

TEST_SUITE("catalogue") {
    TEST_CASE("rows round trip, paths as exact bytes") {
        TempDir dir;
        auto cat = Catalogue::open(dir / "c.sqlite", true);
        REQUIRE(cat);
        REQUIRE(cat->begin());
        Article a;
        a.title = {"T", "first-line"};
        a.source = {"NPR", "copyright"};
        FileState s{0, std::string("/a/new\nline\xFF.txt"), 10, 20, "abcd", "", std::nullopt, false};
        auto id = cat->put_article(s, a);
        REQUIRE(id);
        FileState bad{0, "/a/bin.txt", 5, 6, "", "", std::nullopt, false};
        auto bad_id = cat->put_failure(bad, "binary file");
        REQUIRE(bad_id);
        REQUIRE(cat->commit());

        auto states = cat->load_states();
        REQUIRE(states);
        REQUIRE(states->size() == 2);
        CHECK((*states)[0].path == s.path);
        CHECK((*states)[0].indexed);
        CHECK((*states)[0].hash == "abcd");
        CHECK_FALSE((*states)[0].error);
        CHECK((*states)[1].error == std::optional<std::string>("binary file"));
        CHECK_FALSE((*states)[1].indexed);

        REQUIRE(cat->touch(*id, 11, 21));
        REQUIRE(cat->remove(*bad_id));
        auto after = cat->load_states();
        REQUIRE(after);
        REQUIRE(after->size() == 1);
        CHECK((*after)[0].id == *id);
        CHECK((*after)[0].size == 11);
        CHECK((*after)[0].mtime_ns == 21);
        CHECK((*after)[0].hash == "abcd");  // touching changes only size and mtime
    }

    TEST_CASE("a catalogue of another schema version is refused, not touched") {
        TempDir dir;
        {
            auto cat = Catalogue::open(dir / "c.sqlite", true);
            REQUIRE(cat);
        }
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((dir / "c.sqlite").c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
        auto again = Catalogue::open(dir / "c.sqlite", true);
        REQUIRE_FALSE(again);
        CHECK(again.error().code == Errc::SchemaMismatch);
        CHECK(again.error().message.find("schema version 99") != std::string::npos);
    }

    TEST_CASE("an SQLite file that is not a catalogue is refused") {
        TempDir dir;
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((dir / "c.sqlite").c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "CREATE TABLE mine(x)", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
        auto cat = Catalogue::open(dir / "c.sqlite", true);
        REQUIRE_FALSE(cat);
        CHECK(cat.error().code == Errc::SchemaMismatch);
    }

    TEST_CASE("no catalogue and no permission to create one") {
        TempDir dir;
        auto cat = Catalogue::open(dir / "missing.sqlite", false);
        REQUIRE_FALSE(cat);
        CHECK(cat.error().code == Errc::NoIndex);
    }
}
