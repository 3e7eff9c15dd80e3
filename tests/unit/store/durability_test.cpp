// Principle 3: a done(ok) means committed, visible to any other connection and
// still there after a reopen.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <future>
#include <string>

#include "store_fixture.hpp"

using namespace chibo;
using namespace chibo::store;
using test::TempDb;

namespace {

// Counts rows with a fresh connection of its own (not the store's).
long long count_with_own_connection(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return -1;
  }
  sqlite3_stmt* st = nullptr;
  long long n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

}  // namespace

TEST_CASE("inside done(ok) the row is already committed", "[store][durability]") {
  TempDb tmp;
  auto s = tmp.open();
  const Id cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ 1");
  std::promise<long long> seen;
  s->add_member(test::make_member(cell, "Nguyễn Văn An"), [&](Status st, Id) {
    // If callbacks ran before COMMIT, another connection could not see the row.
    seen.set_value(st ? count_with_own_connection(tmp.path(), "SELECT count(*) FROM members") : -2);
  });
  CHECK(seen.get_future().get() == 1);
}

TEST_CASE("acknowledged rows survive closing and reopening", "[store][durability]") {
  TempDb tmp;
  Id cell = 0, member = 0;
  {
    auto s = tmp.open();
    cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ Khu phố 3");
    domain::Member m = test::make_member(cell, "Trần Thị Bình", domain::CommitteeRole::deputy);
    m.kind = domain::MemberKind::probationary;
    m.status = domain::MemberStatus::exempt;
    m.birth_date = domain::Date{1950, 2, 28};
    m.admitted_on = domain::Date{1975, 4, 30};
    m.phone = "0909 123 456";
    m.note = "miễn sinh hoạt";
    member = test::add_member(*s, m);
  }
  auto s = tmp.open();
  auto u = s->unit(cell);
  REQUIRE(u);
  CHECK(u->name == "Chi bộ Khu phố 3");
  CHECK(u->kind == domain::UnitKind::cell);
  auto m = s->member(member);
  REQUIRE(m);
  CHECK(m->cell_id == cell);
  CHECK(m->full_name == "Trần Thị Bình");
  CHECK(m->kind == domain::MemberKind::probationary);
  CHECK(m->status == domain::MemberStatus::exempt);
  CHECK(m->committee_role == domain::CommitteeRole::deputy);
  CHECK(m->birth_date == domain::Date{1950, 2, 28});
  CHECK(m->admitted_on == domain::Date{1975, 4, 30});
  CHECK(m->phone == "0909 123 456");
  CHECK(m->note == "miễn sinh hoạt");
}

TEST_CASE("an event log survives reopen and its chain verifies", "[store][durability]") {
  TempDb tmp;
  Id meeting = 0;
  std::string head;
  {
    auto s = tmp.open();
    const Id cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ 1");
    EventRecord e = test::create_meeting(*s, test::make_meeting(cell, "2026-12-01T19:30"));
    meeting = e.meeting_id;
    for (int i = 0; i < 20; ++i) {
      e = test::next_event(e, "note.added", "{\"i\":" + std::to_string(i) + "}");
      REQUIRE(test::wait_status([&](auto done) { s->append_event(e, std::nullopt, done); }).is_ok());
    }
    head = e.hash;
  }
  auto s = tmp.open();
  auto log = s->events(meeting);
  REQUIRE(log.size() == 21);
  CHECK(log.back().hash == head);
  CHECK_FALSE(first_broken_link(log).has_value());
  CHECK(s->meeting_ids() == std::vector<Id>{meeting});
}
