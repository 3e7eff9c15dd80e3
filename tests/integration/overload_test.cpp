// PROTOCOL.md "Limits": an outbound queue over 8,192 frames or 4 MiB closes the
// connection with 4503; "the client reconnects and resumes" with since.
#include "fixture.hpp"

namespace chibo::test {

TEST_CASE("overload: a reader too slow for the feed is closed with 4503 and resumes without a gap", "[overload]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const std::string sec_pid = str_at(sec.me, "/participant");
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  Link member;
  for (const auto& [id, l] : issue_all(sec.ws, meeting))
    if (participant_of_member(id) != sec_pid) member = l;

  // A member with a tiny receive window, which then stops reading.
  WsClient slow;
  slow.set_receive_buffer(4096);
  slow.connect(srv.port());
  REQUIRE(is_ok(slow.hello_join(member.token)));
  REQUIRE(slow.wait_event("participant.arrived"));

  // The secretary posts long notices (6 KB each) until the server reports the
  // overflow, keeping up to 100 requests in flight.
  std::string big;
  for (int i = 0; i < 2000; ++i) big += "ệ";  // 2000 characters, 6000 bytes
  std::vector<std::int64_t> ids;
  std::size_t answered = 0;
  std::int64_t last_seq = 0;
  bool overflowed = false;
  for (int n = 0; n < 4000 && !overflowed; ++n) {
    ids.push_back(sec.ws.send("meeting.notice", json::object{{"meeting", meeting}, {"text", big}}));
    while (ids.size() - answered > 100 || (n % 50 == 49 && answered < ids.size())) {
      const auto r = sec.ws.wait_reply(ids[answered++], Ms(20000));
      REQUIRE(is_ok(r));
      last_seq = int_at(r, "/result/seq");
    }
    if (n % 50 == 49) overflowed = srv.output().find("closing with 4503") != std::string::npos;
  }
  while (answered < ids.size()) {
    const auto r = sec.ws.wait_reply(ids[answered++], Ms(20000));
    REQUIRE(is_ok(r));
    last_seq = int_at(r, "/result/seq");
  }
  INFO(ids.size() << " notices posted, up to seq " << last_seq);
  REQUIRE(overflowed);

  // Reading now, the slow member gets a gap-free prefix of the log, then 4503.
  REQUIRE(slow.wait_closed(Ms(30000)));
  CHECK(slow.close_code() == 4503);
  const auto got = slow.logged_events(meeting);
  REQUIRE(!got.empty());
  const auto first = int_at(got.front(), "/seq");
  const auto seen = slow.last_seq(meeting);
  CHECK(seqs_of(got) == range(first, seen));
  CHECK(seen < last_seq);

  // It reconnects with since and gets exactly the rest.
  json::object reply;
  WsClient back = with_link(srv, member.token, seen, &reply);
  const auto head = int_at(reply, "/result/joined/head");
  CHECK(head >= last_seq);
  back.wait_until([&] { return back.last_seq(meeting) >= head; }, Ms(30000));
  INFO("resumed from seq " << seen << " to head " << head << " (" << head - seen
                           << " events to replay); the resuming connection "
                           << (back.closed() ? "was closed with " + std::to_string(back.close_code().value_or(-1))
                                             : std::string("is open"))
                           << " after seq " << back.last_seq(meeting));
  wait_seq(back, meeting, head, Ms(30000));
  back.barrier();
  CHECK(seqs_of(back.logged_events(meeting)) == range(seen + 1, head));
}

}  // namespace chibo::test
