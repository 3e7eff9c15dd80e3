// Reads from many threads (more than the read pool holds) while the writer
// appends: every read sees a whole, verifying prefix of the log (WAL snapshot).
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "store_fixture.hpp"

using namespace chibo;
using namespace chibo::store;
using test::TempDb;

TEST_CASE("readers see consistent snapshots while the writer appends", "[store][concurrency]") {
  TempDb tmp;
  auto s = tmp.open();
  const Id cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ 1");
  const EventRecord first = test::create_meeting(*s, test::make_meeting(cell, "2026-12-01T19:30"));
  constexpr int kAppends = 300;

  std::atomic<bool> writing{true};
  std::atomic<int> bad_reads{0}, reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 8; ++r) {  // twice the pool size: some wait for a connection
    readers.emplace_back([&] {
      std::size_t last = 0;
      while (writing.load()) {
        auto log = s->events(first.meeting_id);
        ++reads;
        // A snapshot never goes backwards, never has a hole, always verifies.
        if (log.size() < last || first_broken_link(log).has_value()) ++bad_reads;
        last = log.size();
      }
    });
  }
  EventRecord e = first;
  std::vector<std::promise<Status>> done(kAppends);
  for (int i = 0; i < kAppends; ++i) {
    e = test::next_event(e, "vote.cast", "{\"i\":" + std::to_string(i) + "}");
    s->append_event(e, std::nullopt, [&done, i](Status st) { done[i].set_value(st); });
  }
  int failed = 0;
  for (auto& d : done) failed += d.get_future().get().is_ok() ? 0 : 1;
  writing = false;
  for (auto& t : readers) t.join();

  CHECK(failed == 0);
  CHECK(bad_reads == 0);
  CHECK(reads > 0);
  CHECK(s->events(first.meeting_id).size() == kAppends + 1);
}
