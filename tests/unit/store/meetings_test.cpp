// Meetings and their logs: create, append (with its conflicts), status
// projection, listing order.
#include <catch2/catch.hpp>

#include <functional>
#include <future>
#include <vector>

#include "store_fixture.hpp"

using namespace chibo;
using namespace chibo::store;
using test::TempDb;

namespace {

struct MeetingFixture {
  TempDb tmp;
  std::unique_ptr<Store> s = tmp.open();
  Id cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ 1");
  EventRecord first = test::create_meeting(*s, test::make_meeting(cell, "2026-12-01T19:30"));

  Status append(const EventRecord& e, std::optional<domain::MeetingStatus> ns = std::nullopt) {
    return test::wait_status([&](auto done) { s->append_event(e, ns, done); });
  }
};

}  // namespace

TEST_CASE("create_meeting stores the row and a completed first event", "[store][meetings]") {
  MeetingFixture f;
  CHECK(f.first.meeting_id > 0);
  CHECK(f.first.seq == 1);
  CHECK(f.first.prev_hash == genesis_hash());
  CHECK(f.first.hash == chain_hash(f.first));
  CHECK(f.first.type == "meeting.created");

  auto m = f.s->meeting(f.first.meeting_id);
  REQUIRE(m);
  CHECK(m->cell_id == f.cell);
  CHECK(m->starts_at == "2026-12-01T19:30");
  CHECK(m->status == domain::MeetingStatus::scheduled);
  auto log = f.s->events(f.first.meeting_id);
  REQUIRE(log.size() == 1);
  CHECK(log[0].hash == f.first.hash);
  CHECK(log[0].data == "{}");
}

TEST_CASE("create_meeting fills seq, prev_hash and hash whatever the caller passed",
          "[store][meetings]") {
  MeetingFixture f;
  EventRecord first;
  first.meeting_id = 999;
  first.seq = 42;
  first.prev_hash = "bogus";
  first.hash = "bogus";
  first.type = "meeting.created";
  auto [st, e] = test::wait_for<EventRecord>(
      [&](auto done) { f.s->create_meeting(test::make_meeting(f.cell, "2027-01-01T08:00"), first, done); });
  REQUIRE(st.is_ok());
  CHECK(e.meeting_id != 999);
  CHECK(e.seq == 1);
  CHECK(e.prev_hash == genesis_hash());
  CHECK(e.hash == chain_hash(e));
}

TEST_CASE("create_meeting with an unknown cell stores nothing", "[store][meetings]") {
  MeetingFixture f;
  EventRecord first;
  first.type = "meeting.created";
  auto [st, e] = test::wait_for<EventRecord>(
      [&](auto done) { f.s->create_meeting(test::make_meeting(12345, "2027-01-01T08:00"), first, done); });
  CHECK(st.code() == Status::Code::invalid);  // foreign key
  CHECK(f.s->meeting_ids().size() == 1);
}

TEST_CASE("append_event refuses anything but the next link", "[store][meetings]") {
  struct Case {
    const char* what;
    std::function<void(EventRecord&)> spoil;
  };
  const std::vector<Case> cases = {
      {"seq repeats the head", [](EventRecord& e) { e.seq = 1; e.hash = chain_hash(e); }},
      {"seq leaves a gap", [](EventRecord& e) { e.seq = 3; e.hash = chain_hash(e); }},
      {"seq zero", [](EventRecord& e) { e.seq = 0; e.hash = chain_hash(e); }},
      {"prev_hash is not the head's",
       [](EventRecord& e) { e.prev_hash = genesis_hash(); e.hash = chain_hash(e); }},
      {"hash does not match the event", [](EventRecord& e) { e.data = "{\"x\":1}"; }},
      {"hash is empty", [](EventRecord& e) { e.hash.clear(); }},
  };
  for (const Case& c : cases) {
    MeetingFixture f;
    EventRecord e = test::next_event(f.first, "meeting.opened");
    c.spoil(e);
    INFO(c.what);
    CHECK(f.append(e, domain::MeetingStatus::open).code() == Status::Code::conflict);
    CHECK(f.s->events(f.first.meeting_id).size() == 1);  // nothing stored
    CHECK(f.s->meeting(f.first.meeting_id)->status == domain::MeetingStatus::scheduled);
  }
}

TEST_CASE("append_event to an unknown meeting is not_found", "[store][meetings]") {
  MeetingFixture f;
  EventRecord e = test::next_event(f.first, "x");
  e.meeting_id = f.first.meeting_id + 100;
  e.hash = chain_hash(e);
  CHECK(f.append(e).code() == Status::Code::not_found);
}

TEST_CASE("pipelined appends submitted back to back all commit", "[store][meetings]") {
  MeetingFixture f;
  EventRecord e2 = test::next_event(f.first, "meeting.opened");
  EventRecord e3 = test::next_event(e2, "attendance.marked");
  EventRecord e4 = test::next_event(e3, "poll.opened");
  std::promise<Status> p2, p3, p4;
  // No waiting in between: e3 is checked against e2 before e2 has committed.
  f.s->append_event(e2, domain::MeetingStatus::open, [&](Status st) { p2.set_value(st); });
  f.s->append_event(e3, std::nullopt, [&](Status st) { p3.set_value(st); });
  f.s->append_event(e4, std::nullopt, [&](Status st) { p4.set_value(st); });
  CHECK(p2.get_future().get().is_ok());
  CHECK(p3.get_future().get().is_ok());
  CHECK(p4.get_future().get().is_ok());
  auto log = f.s->events(f.first.meeting_id);
  REQUIRE(log.size() == 4);
  CHECK(log[3].hash == e4.hash);
  CHECK_FALSE(first_broken_link(log).has_value());
}

TEST_CASE("when a pipelined append fails, the ones chained after it fail too",
          "[store][meetings]") {
  MeetingFixture f;
  EventRecord e2 = test::next_event(f.first, "a");
  EventRecord e3 = test::next_event(e2, "b");
  EventRecord e4 = test::next_event(e3, "c");
  e2.hash[0] = e2.hash[0] == '0' ? '1' : '0';  // e2 is refused ...
  std::promise<Status> p2, p3, p4;
  f.s->append_event(e2, std::nullopt, [&](Status st) { p2.set_value(st); });
  f.s->append_event(e3, std::nullopt, [&](Status st) { p3.set_value(st); });
  f.s->append_event(e4, std::nullopt, [&](Status st) { p4.set_value(st); });
  CHECK(p2.get_future().get().code() == Status::Code::conflict);
  CHECK(p3.get_future().get().code() == Status::Code::conflict);  // ... so e3 has no parent
  CHECK(p4.get_future().get().code() == Status::Code::conflict);
  CHECK(f.s->events(f.first.meeting_id).size() == 1);
}

TEST_CASE("meeting status is moved only with its event", "[store][meetings]") {
  MeetingFixture f;
  const Id id = f.first.meeting_id;
  EventRecord e2 = test::next_event(f.first, "meeting.opened");
  REQUIRE(f.append(e2, domain::MeetingStatus::open).is_ok());
  CHECK(f.s->meeting(id)->status == domain::MeetingStatus::open);
  EventRecord e3 = test::next_event(e2, "note.added");
  REQUIRE(f.append(e3).is_ok());
  CHECK(f.s->meeting(id)->status == domain::MeetingStatus::open);  // no new_status: unchanged
  EventRecord e4 = test::next_event(e3, "meeting.closed");
  REQUIRE(f.append(e4, domain::MeetingStatus::closed).is_ok());
  CHECK(f.s->meeting(id)->status == domain::MeetingStatus::closed);
}

TEST_CASE("events() returns the log after a seq, in order", "[store][meetings]") {
  MeetingFixture f;
  EventRecord e = f.first;
  for (int i = 0; i < 5; ++i) {
    e = test::next_event(e, "n");
    REQUIRE(f.append(e).is_ok());
  }
  const Id id = f.first.meeting_id;
  auto tail = f.s->events(id, 3);
  REQUIRE(tail.size() == 3);
  CHECK(tail[0].seq == 4);
  CHECK(tail[2].seq == 6);
  CHECK(f.s->events(id, 6).empty());
  CHECK(f.s->events(id + 1).empty());
}

TEST_CASE("meetings_of lists newest first; meeting_ids lists every id ascending",
          "[store][meetings]") {
  TempDb tmp;
  auto s = tmp.open();
  const Id cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ 1");
  const Id other = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ 2");
  const char* starts[] = {"2026-03-05T19:30", "2026-12-01T19:30", "2025-12-31T08:00",
                          "2026-03-05T07:00"};
  std::vector<Id> ids;
  for (const char* at : starts) ids.push_back(test::create_meeting(*s, test::make_meeting(cell, at, at)).meeting_id);
  const Id elsewhere = test::create_meeting(*s, test::make_meeting(other, "2030-01-01T00:00")).meeting_id;

  auto list = s->meetings_of(cell);
  REQUIRE(list.size() == 4);
  CHECK(list[0].starts_at == "2026-12-01T19:30");
  CHECK(list[1].starts_at == "2026-03-05T19:30");
  CHECK(list[2].starts_at == "2026-03-05T07:00");
  CHECK(list[3].starts_at == "2025-12-31T08:00");
  CHECK(list[0].title == "2026-12-01T19:30");

  std::vector<Id> all = ids;
  all.push_back(elsewhere);
  CHECK(s->meeting_ids() == all);
  CHECK(s->meetings_of(other).size() == 1);
  CHECK(s->meetings_of(9999).empty());
  CHECK_FALSE(s->meeting(9999).has_value());
}

TEST_CASE("every meeting kind and status round-trips", "[store][meetings]") {
  TempDb tmp;
  auto s = tmp.open();
  const Id cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ 1");
  using K = domain::MeetingKind;
  for (K k : {K::regular, K::thematic, K::annual_review, K::admission, K::discipline, K::election}) {
    domain::Meeting m = test::make_meeting(cell, "2026-01-01T00:00");
    m.kind = k;
    m.status = domain::MeetingStatus::closed;
    m.place = "Hội trường";
    m.video_url = "https://meet.example/abc";
    const Id id = test::create_meeting(*s, m).meeting_id;
    auto back = s->meeting(id);
    REQUIRE(back);
    CHECK(back->kind == k);
    CHECK(back->status == domain::MeetingStatus::closed);
    CHECK(back->place == "Hội trường");
    CHECK(back->video_url == "https://meet.example/abc");
  }
}
