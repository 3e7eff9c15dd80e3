// Graceful shutdown (PROTOCOL.md "Close codes": 1001 server shutting down).
#include <signal.h>

#include "fixture.hpp"

namespace chibo::test {

TEST_CASE("shutdown: SIGTERM closes every WebSocket with 1001 and exits 0", "[shutdown]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  const auto seq = sec.ws.call("meeting.notice", {{"meeting", meeting}, {"text", "Trước khi tắt máy"}}).at("seq").as_int64();
  sec.ws.call("meeting.join", {{"meeting", meeting}});
  const Link link = issue_one(sec.ws, meeting, int_at(sec.ws.call("roster.list", {{"cell", sec.cell()}}), "/members/5/id"));
  WsClient member = with_link(srv, link.token);
  WsClient idle;  // authenticated, in no meeting
  idle = with_token(srv, sec.token);

  srv.send_signal(SIGTERM);
  std::vector<WsClient*> clients{&sec.ws, &member, &idle};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (bool all = false; !all && std::chrono::steady_clock::now() < deadline;) {
    all = true;
    for (auto* c : clients) all &= c->wait_closed(Ms(20));
  }
  CHECK(sec.ws.close_code() == 1001);
  CHECK(member.close_code() == 1001);
  CHECK(idle.close_code() == 1001);
  const auto code = srv.wait_exit(std::chrono::seconds(20));
  INFO(srv.output());
  REQUIRE(code);
  CHECK(*code == 0);

  // What was acknowledged before is there after a restart.
  srv.start();
  json::object reply;
  WsClient back = with_token(srv, sec.token, meeting, 0, &reply);
  CHECK(int_at(reply, "/result/joined/head") >= seq);
  CHECK(str_at(reply, "/result/joined/meeting/status") == "open");
}

}  // namespace chibo::test
