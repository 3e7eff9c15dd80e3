// Batched messages (PROTOCOL.md "Batched messages"): a client that says
// hello {batch: true} may get several frames in one WebSocket message, joined
// by "\n", in order, none split, none lost or doubled; a client that did not
// ask still gets one frame per message.
#include <set>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace chibo::test {

TEST_CASE("batch: a resuming client's backlog comes in a few messages, whole and in order", "[batch]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  constexpr int kNotices = 300;
  post_notices(sec.ws, meeting, kNotices);

  json::object reply;
  WsClient batched = with_token(srv, sec.token, meeting, 0, &reply, true);
  WsClient plain = with_token(srv, sec.token, meeting, 0);
  const auto head = int_at(reply, "/result/joined/head");
  REQUIRE(head > kNotices);
  for (WsClient* c : {&batched, &plain}) {
    // Past head: the secretary's own arrival, logged as this join happened
    // (committed after the join's answer, so it is waited for too).
    wait_seq(*c, meeting, head + 1, Ms(20000));
    c->barrier();
    CHECK(c->junk().empty());
    CHECK(seqs_of(c->logged_events(meeting)) == range(1, c->last_seq(meeting)));
  }
  CHECK(batched.last_seq(meeting) == plain.last_seq(meeting));
  // Every frame of the plain client was its own message; the batched one got
  // the same frames in far fewer (the backlog is ~300 small frames, < 64 KiB
  // each message).
  INFO("batched: " << batched.messages() << " messages, largest " << batched.largest_batch() << " frames; plain: "
                   << plain.messages());
  CHECK(plain.largest_batch() == 1);
  CHECK(plain.messages() >= static_cast<std::size_t>(head));
  CHECK(batched.largest_batch() > 10);
  CHECK(batched.messages() * 10 < plain.messages());
}

TEST_CASE("batch: a command's events reach its sender before the reply, and live bursts lose nothing", "[batch]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  WsClient chair = with_token(srv, sec.token, meeting, 0, nullptr, true);
  WsClient watcher = with_token(srv, sec.token, meeting, 0, nullptr, true);
  chair.call("meeting.open", {{"meeting", meeting}});

  // 200 notices in flight at once: the server's events and replies to the
  // chair interleave in batches. Frames are claimed in arrival order.
  constexpr int kNotices = 200;
  std::set<std::int64_t> pending;
  for (int i = 0; i < kNotices; ++i)
    pending.insert(chair.send("meeting.notice", json::object{{"meeting", meeting}, {"text", "Ý kiến " + std::to_string(i)}}));
  std::set<std::int64_t> seen_seqs;
  std::int64_t last = 0;
  bool ordered = true;
  while (!pending.empty()) {
    auto f = chair.wait_frame([](const json::object&) { return true; }, Ms(20000));
    REQUIRE(f);
    if (const auto seq = int_at(*f, "/seq", 0); f->contains("ev") && seq > 0) {
      ordered = ordered && seq == last + 1;
      last = seq;
      seen_seqs.insert(seq);
      continue;
    }
    const auto re = int_at(*f, "/re");
    if (!pending.erase(re)) continue;
    REQUIRE(is_ok(*f));
    const auto seq = int_at(*f, "/result/seq");
    INFO("reply " << re << " for seq " << seq);
    CHECK(seen_seqs.count(seq) == 1);  // its notice event came first
  }
  CHECK(ordered);
  wait_seq(watcher, meeting, last, Ms(20000));
  watcher.barrier();
  CHECK(watcher.junk().empty());
  CHECK(seqs_of(watcher.logged_events(meeting)) == range(1, last));
  CHECK(chair.junk().empty());
}

TEST_CASE("batch: batch must be a boolean; a bad value fails the hello and leaves it unauthenticated", "[batch]") {
  TestServer srv;
  WsClient c;
  c.connect(srv.port());
  const auto r = c.request("hello", {{"v", 1}, {"auth", {{"user", kSecretary}, {"password", kDemoPassword}}}, {"batch", "yes"}});
  CHECK(error_code(r) == "invalid_args");
  CHECK(str_at(r, "/error/details/field") == "batch");
  // Nothing was accepted, so a correct hello still works on the same connection.
  const auto ok = c.request("hello", {{"v", 1}, {"auth", {{"user", kSecretary}, {"password", kDemoPassword}}}, {"batch", true}});
  CHECK(is_ok(ok));
}

}  // namespace chibo::test
