// hello's result, each identity's view (PROTOCOL.md "hello", "Identities and
// roles", "org.units"), login throttling, and the shape of error replies.
#include <chrono>

#include "fixture.hpp"

namespace chibo::test {
namespace {

std::int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

TEST_CASE("hello: the result for a password, a token and a join link", "[hello]") {
  TestServer srv;
  WsClient c;
  c.connect(srv.port());
  const auto r = c.hello_password(kSecretary, kDemoPassword, std::nullopt, std::nullopt, Ms(20000));
  INFO(dump(r));
  REQUIRE(is_ok(r));
  CHECK(int_at(r, "/result/protocol") == 1);
  CHECK(str_at(r, "/result/server").rfind("chibo/", 0) == 0);
  const auto now = int_at(r, "/result/now");
  CHECK(std::llabs(now - wall_ms()) < 60'000);
  const std::string token = str_at(r, "/result/session/token");
  CHECK(token.size() == 43);
  const auto expires = int_at(r, "/result/session/expires");
  CHECK(std::llabs(expires - (now + 30LL * 24 * 3600 * 1000)) < 3'600'000);  // valid 30 days
  CHECK(str_at(r, "/result/me/role") == "secretary");
  CHECK(str_at(r, "/result/me/participant").rfind("member:", 0) == 0);
  CHECK(str_at(r, "/result/me/name") == "Nguyễn Thị Hồng");
  const auto cell = int_at(r, "/result/me/cell");
  CHECK(cell > 0);
  CHECK(int_at(r, "/result/me/unit") == cell);
  CHECK(at(r, "/result/me/meeting") == nullptr);  // only for a join link
  CHECK(at(r, "/result/joined") == nullptr);      // no meeting asked for

  // The token: same identity, no new session.
  WsClient t;
  t.connect(srv.port());
  const auto meeting = demo_meeting(c, cell);
  const auto rt = t.hello_token(token, meeting);
  INFO(dump(rt));
  REQUIRE(is_ok(rt));
  CHECK(at(rt, "/result/session") == nullptr);
  CHECK(str_at(rt, "/result/me/participant") == str_at(r, "/result/me/participant"));
  CHECK(int_at(rt, "/result/joined/meeting/id") == meeting);  // joined at once
  CHECK(int_at(rt, "/result/joined/head") >= 1);

  // The district admin and the observer: accounts without a member record.
  for (const auto& [user, role] : {std::pair{kDistrictAdmin, "district_admin"}, std::pair{kObserver, "observer"}}) {
    Login l = login(srv, user);
    INFO(user << ": " << dump(l.me));
    CHECK(str_at(l.me, "/role") == role);
    CHECK(str_at(l.me, "/participant").rfind("account:", 0) == 0);
    CHECK(at(l.me, "/cell") == nullptr);
    CHECK(l.unit() != cell);
    // org.units: its committee and every unit under it.
    const auto units = l.ws.call("org.units").at("units").as_array();
    REQUIRE(units.size() == 2);
    bool saw_committee = false, saw_cell = false;
    for (const auto& u : units) {
      const auto& o = u.as_object();
      if (int_at(o, "/id") == l.unit()) {
        saw_committee = true;
        CHECK(str_at(o, "/kind") == "party_committee");
        CHECK(at(o, "/parent")->is_null());
      }
      if (int_at(o, "/id") == cell) {
        saw_cell = true;
        CHECK(str_at(o, "/kind") == "cell");
        CHECK(int_at(o, "/parent") == l.unit());
      }
    }
    CHECK(saw_committee);
    CHECK(saw_cell);
  }
}

TEST_CASE("hello: an observer account attends as an observer, listed in participants", "[hello][presence]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  sec.ws.call("meeting.join", {{"meeting", meeting}});

  Login obs = login(srv, kObserver);
  const std::string pid = str_at(obs.me, "/participant");
  const auto joined = obs.ws.call("meeting.join", {{"meeting", meeting}});
  auto me = participant_in(joined, pid);
  REQUIRE(me);
  CHECK(str_at(*me, "/role") == "observer");
  CHECK(str_at(*me, "/name") == "Phan Văn Quang");
  // Its arrival is logged, and others now list it.
  auto arrived = sec.ws.wait_event([&](const json::object& e) {
    return str_at(e, "/ev") == "participant.arrived" && str_at(e, "/data/participant/id") == pid;
  });
  REQUIRE(arrived);
  CHECK(str_at(*arrived, "/data/participant/role") == "observer");
  CHECK(str_at(*arrived, "/actor") == pid);
  WsClient again = with_token(srv, sec.token);
  const auto view = again.call("meeting.join", {{"meeting", meeting}});
  auto listed = participant_in(view, pid);
  REQUIRE(listed);
  CHECK(at(*listed, "/online")->as_bool());
  // An observer may read but not chair.
  CHECK(error_code(obs.ws.request("meeting.notice", {{"meeting", meeting}, {"text", "Ý kiến"}})) == "forbidden");
  CHECK(error_code(obs.ws.request("meeting.close", {{"meeting", meeting}})) == "forbidden");
}

TEST_CASE("hello: repeated wrong passwords are throttled with retry_after_ms", "[hello][bad]") {
  TestServer srv;
  std::optional<json::object> throttled;
  int attempts = 0;
  // Two failures per connection (a third would close it with 4401).
  for (int conn = 0; conn < 6 && !throttled; ++conn) {
    WsClient c;
    c.connect(srv.port());
    for (int i = 0; i < 2 && !throttled; ++i) {
      const auto r = c.hello_password(kSecretary, "sai-" + std::to_string(attempts), std::nullopt, std::nullopt,
                                      Ms(20000));
      ++attempts;
      INFO(dump(r));
      if (error_code(r) == "throttled")
        throttled = r;
      else
        CHECK(error_code(r) == "auth_failed");
    }
  }
  INFO("after " << attempts << " attempts");
  REQUIRE(throttled);
  CHECK(attempts > 1);
  CHECK(int_at(*throttled, "/error/details/retry_after_ms") > 0);
  // While throttled, even the right password is refused.
  const auto since = std::chrono::steady_clock::now();
  WsClient c;
  c.connect(srv.port());
  const auto r = c.hello_password(kSecretary, kDemoPassword, std::nullopt, std::nullopt, Ms(20000));
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
  INFO(dump(r) << " after " << elapsed << " ms");
  if (elapsed + 200 < int_at(*throttled, "/error/details/retry_after_ms")) CHECK(error_code(r) == "throttled");
}

// PROTOCOL.md "Envelopes": "details is present only where an error below says
// so" (bad_json and bad_request: details.reason; invalid_args: details.field;
// invalid_csv, throttled).
TEST_CASE("errors: replies carry details only where PROTOCOL.md documents them", "[bad]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  struct Case {
    const char* what;
    std::string frame;
    const char* code;
    bool reason;  // details.reason expected, else no details at all
  };
  const std::vector<Case> cases{
      {"bad_json", "{\"id\":", "bad_json", true},
      {"bad_request", R"({"id":4,"op":"org.units","extra":1})", "bad_request", true},
      {"unknown_op", R"({"id":5,"op":"org.nothing"})", "unknown_op", false},
      {"not_found", R"({"id":6,"op":"roster.list","args":{"cell":999}})", "not_found", false},
      {"already_authenticated", R"({"id":7,"op":"hello","args":{"v":1,"auth":{"token":")" + sec.token + R"("}}})",
       "already_authenticated", false},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    sec.ws.send_raw(c.frame);
    auto r = sec.ws.wait_frame([](const json::object& o) { return o.contains("re"); });
    REQUIRE(r);
    INFO(dump(*r));
    CHECK(error_code(*r) == c.code);
    if (c.reason) {
      CHECK(!str_at(*r, "/error/details/reason").empty());
    } else {
      CHECK(at(*r, "/error/details") == nullptr);
    }
  }
}

}  // namespace chibo::test
