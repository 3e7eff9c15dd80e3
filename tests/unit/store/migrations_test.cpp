// Schema versioning: PRAGMA user_version, applied once, newer refused.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <cstdio>
#include <string>

#include "store/schema.hpp"
#include "store_fixture.hpp"

using namespace chibo::store;
using chibo::store::test::TempDb;

namespace {

// Runs one query on a private connection and returns column 0 of every row,
// joined with "\n" (NULL as "").
std::string query(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) ==
          SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  std::string out;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (!out.empty()) out += "\n";
    if (auto* t = sqlite3_column_text(st, 0)) out += reinterpret_cast<const char*>(t);
  }
  CHECK(rc == SQLITE_DONE);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("a fresh database ends at the current schema version", "[store][migrations]") {
  TempDb tmp;
  REQUIRE(schema_version() >= 1);
  { auto s = tmp.open(); }
  CHECK(query(tmp.path(), "PRAGMA user_version") == std::to_string(schema_version()));
  CHECK(query(tmp.path(), "PRAGMA journal_mode") == "wal");
  const std::string tables =
      query(tmp.path(), "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  CHECK(tables == "accounts\nevents\njoin_links\nmeetings\nmembers\nself_reviews\nsessions\nunits");
}

TEST_CASE("reopening a current database changes nothing", "[store][migrations]") {
  TempDb tmp;
  {
    auto s = tmp.open();
    test::add_unit(*s, chibo::domain::UnitKind::cell, "Chi bộ 1");
  }
  const char* schema_sql = "SELECT group_concat(sql, ';') FROM sqlite_schema";
  const std::string schema_before = query(tmp.path(), schema_sql);
  { auto s = tmp.open(); }
  CHECK(query(tmp.path(), schema_sql) == schema_before);
  CHECK(query(tmp.path(), "PRAGMA user_version") == std::to_string(schema_version()));
  CHECK(query(tmp.path(), "SELECT count(*) FROM units") == "1");
}

TEST_CASE("a database from a newer chibo is refused", "[store][migrations]") {
  TempDb tmp;
  const std::string future = std::to_string(schema_version() + 1);
  query(tmp.path(), ("PRAGMA user_version = " + future).c_str());
  Status st;
  auto s = Store::open(tmp.path(), st);
  CHECK(s == nullptr);
  CHECK(st.code() == Status::Code::invalid);
  // Refused without touching it: still the future version, no tables added.
  CHECK(query(tmp.path(), "PRAGMA user_version") == future);
  CHECK(query(tmp.path(), "SELECT count(*) FROM sqlite_schema") == "0");
}

TEST_CASE("open refuses what cannot be a shared database file", "[store][migrations]") {
  for (const char* path : {"", ":memory:"}) {
    Status st;
    INFO("path '" << path << "'");
    CHECK(Store::open(path, st) == nullptr);
    CHECK(st.code() == Status::Code::invalid);
  }
  Status st;
  CHECK(Store::open("/nonexistent-dir-chibo/x.db", st) == nullptr);
  CHECK(st.code() == Status::Code::storage_unavailable);
}

TEST_CASE("a file that is not a database is refused", "[store][migrations]") {
  TempDb tmp;
  {
    std::FILE* f = std::fopen(tmp.path().c_str(), "wb");
    REQUIRE(f);
    std::fputs("this is not an SQLite database, just some text long enough to have a header....", f);
    std::fclose(f);
  }
  Status st;
  CHECK(Store::open(tmp.path(), st) == nullptr);
  CHECK_FALSE(st.is_ok());
}
