// Issue 7 "Limits and abuse": each configurable limit is hit and answered as
// docs/operations.md says; the server keeps serving everyone else.
#include "fixture.hpp"

using namespace chibo::test;

namespace {

TestServer::Options with(std::vector<std::string> args) {
  TestServer::Options o;
  o.extra_args = std::move(args);
  return o;
}

}  // namespace

TEST_CASE("command rate limit: a burst passes, then throttled, then 4429", "[limits]") {
  // One token a second: the test's own slowness on a loaded machine can add
  // a token or two, never enough to hide the limit.
  TestServer srv(with({"--rate-limit", "1", "--rate-burst", "10"}));
  Login sec = login(srv, kSecretary);  // hello is a command too: 9 tokens left
  // Sent without waiting: the bucket cannot refill between them.
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(sec.ws.send("ping"));
  int ok = 0, throttled = 0;
  for (auto id : ids) {
    const auto r = sec.ws.wait_reply(id);
    if (is_ok(r)) {
      ++ok;
    } else {
      REQUIRE(error_code(r) == "throttled");
      CHECK(int_at(details_of(r), "/retry_after_ms") > 0);
      ++throttled;
    }
  }
  CHECK(ok >= 9);
  CHECK(ok <= 11);
  CHECK(throttled >= 1);
  CHECK(throttled == 12 - ok);
  // Keeping on with an empty bucket is abuse: 20 refusals in a row close it.
  for (int i = 0; i < 40 && !sec.ws.closed(); ++i) {
    try {
      sec.ws.send_raw(R"({"id":1000,"op":"ping"})");
    } catch (const std::runtime_error&) {
      break;  // the 4429 came in between closed() and this write (a loaded machine)
    }
  }
  REQUIRE(sec.ws.wait_closed());
  CHECK(sec.ws.close_code() == 4429);
  // Another connection is not affected.
  Login other = login(srv, kSecretary);
  CHECK(is_ok(other.ws.request("ping")));
}

TEST_CASE("connections per address and in all: refused before the upgrade", "[limits]") {
  SECTION("per address") {
    TestServer srv(with({"--max-connections-per-address", "3"}));
    std::vector<WsClient> open(3);
    for (auto& c : open) c.connect(srv.port());
    WsClient fourth;
    CHECK(fourth.try_connect(srv.port()) == 429);
    open.pop_back();  // one leaves: a new one may come
    WsClient again;
    bool accepted = false;
    for (int i = 0; i < 50 && !accepted; ++i) {
      accepted = again.try_connect(srv.port()) == 101;
      if (!accepted) again.pump(Ms(20));  // the server notices the close
    }
    CHECK(accepted);
  }
  SECTION("in all") {
    TestServer srv(with({"--max-connections", "2"}));
    WsClient a, b, c;
    a.connect(srv.port());
    b.connect(srv.port());
    CHECK(c.try_connect(srv.port()) == 503);
    // Plain HTTP still works (the limit is on WebSockets).
    CHECK(http_request(srv.port(), "GET", "/healthz").status == 200);
  }
}

TEST_CASE("behind a trusted proxy the per-address limit counts X-Forwarded-For", "[limits]") {
  auto via = [](const std::string& xff) {
    WsClient c;
    c.add_header("X-Forwarded-For", xff);
    return c;
  };
  SECTION("--trust-proxy: the address the proxy appended last") {
    TestServer srv(with({"--trust-proxy", "--max-connections-per-address", "2"}));
    WsClient a = via("10.0.0.7"), b = via("203.0.113.9, 10.0.0.7");  // a client's own claim is not believed
    a.connect(srv.port());
    b.connect(srv.port());
    WsClient c = via("10.0.0.7");
    CHECK(c.try_connect(srv.port()) == 429);
    WsClient d = via("10.0.0.8");  // another phone behind the same proxy address
    CHECK(d.try_connect(srv.port()) == 101);
  }
  SECTION("without it the header is ignored") {
    TestServer srv(with({"--max-connections-per-address", "2"}));
    WsClient a = via("10.0.0.1"), b = via("10.0.0.2");
    a.connect(srv.port());
    b.connect(srv.port());
    WsClient c = via("10.0.0.3");
    CHECK(c.try_connect(srv.port()) == 429);  // all three are 127.0.0.1
  }
}

TEST_CASE("members per meeting: a full meeting refuses the next join with conflict meeting_full", "[limits]") {
  TestServer srv(with({"--max-participants", "3"}));
  Login sec = login(srv, kSecretary);
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  sec.ws.call("meeting.join", {{"meeting", meeting}});  // 1 of 3
  const std::string sec_pid = str_at(sec.me, "/participant");
  std::vector<Link> links;
  for (const auto& [id, l] : issue_all(sec.ws, meeting))
    if (participant_of_member(id) != sec_pid) links.push_back(l);
  REQUIRE(links.size() >= 4);
  std::vector<WsClient> in;
  in.push_back(with_link(srv, links[0].token));  // 2 of 3
  in.push_back(with_link(srv, links[1].token));  // 3 of 3

  // The fourth connection: the documented error, and its hello fails whole.
  WsClient late;
  late.connect(srv.port());
  const auto refused = late.hello_join(links[2].token);
  INFO(dump(refused));
  REQUIRE(error_code(refused) == "conflict");
  CHECK(str_at(details_of(refused), "/reason") == "meeting_full");
  CHECK(error_code(late.request("ping")) == "hello_required");
  // An authenticated connection asking with meeting.join is refused the same
  // way and stays authenticated (the secretary's second device).
  WsClient second = with_token(srv, sec.token);
  const auto by_join = second.request("meeting.join", {{"meeting", meeting}});
  CHECK(error_code(by_join) == "conflict");
  CHECK(str_at(details_of(by_join), "/reason") == "meeting_full");
  CHECK(is_ok(second.request("ping")));

  // Those in lose nothing: the chair's next notice reaches both members.
  const auto seq = sec.ws.call("meeting.notice", {{"meeting", meeting}, {"text", "Phòng đã đủ người"}}).at("seq").as_int64();
  for (auto& m : in) wait_seq(m, meeting, seq);

  // One leaves; the place is free again (the server notices the drop).
  in.back().drop();
  bool joined = false;
  for (int i = 0; i < 100 && !joined; ++i) {
    WsClient again;
    again.connect(srv.port());
    const auto r = again.hello_join(links[3].token);
    joined = is_ok(r);
    if (!joined) {
      REQUIRE(str_at(details_of(r), "/reason") == "meeting_full");
      again.pump(Ms(50));
    } else {
      CHECK(int_at(r, "/result/joined/head") >= seq);
    }
  }
  CHECK(joined);
}

TEST_CASE("bad limit values stop the server with exit 2", "[limits]") {
  ServerProcess::Options o;
  o.start = false;
  ServerProcess srv(o);
  for (const char* flag : {"--max-connections", "--max-connections-per-address", "--rate-limit", "--rate-burst",
                           "--max-participants", "--http-timeout", "--ws-idle-timeout", "--meeting-threads"}) {
    INFO(flag);
    const auto r = srv.run_cli({"serve", "--db", srv.db_path(), "--listen", "127.0.0.1:0", flag, "0"});
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(flag) != std::string::npos);
  }
}
