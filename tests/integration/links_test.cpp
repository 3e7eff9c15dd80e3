// link.* and session.logout (PROTOCOL.md "Ops", "hello", "session.logout").
#include "fixture.hpp"

namespace chibo::test {
namespace {

bool is_base64url(const std::string& s) {
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

std::optional<json::object> listed(WsClient& sec, std::int64_t meeting, const std::string& link_id) {
  const auto all = sec.call("link.list", {{"meeting", meeting}});
  for (const auto& v : all.at("links").as_array())
    if (str_at(v.as_object(), "/id") == link_id) return v.as_object();
  return std::nullopt;
}

}  // namespace

TEST_CASE("links: issue, reissue revokes the old one, revoke, list without tokens", "[links]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto cell = sec.cell();
  const auto meeting = demo_meeting(sec.ws, cell);
  const auto roster = sec.ws.call("roster.list", {{"cell", cell}}).at("members").as_array();
  const auto& target = roster.back().as_object();
  const auto member = int_at(target, "/id");

  // One link.
  const auto r = sec.ws.call("link.issue", {{"meeting", meeting}, {"member", member}});
  INFO(dump(r));
  const auto& links = r.at("links").as_array();
  REQUIRE(links.size() == 1);
  const auto& l1 = links[0].as_object();
  const Link first = link_of(links[0]);
  CHECK(first.member == member);
  CHECK(first.name == str_at(target, "/full_name"));
  CHECK(first.token.size() == 43);
  CHECK(is_base64url(first.token));
  CHECK(first.id.size() == 16);
  CHECK(str_at(l1, "/path") == "/#/j/" + first.token);

  // It lets its holder in, bound to this meeting.
  json::object hello;
  WsClient holder = with_link(srv, first.token, std::nullopt, &hello);
  CHECK(str_at(hello, "/result/me/participant") == participant_of_member(member));
  CHECK(int_at(hello, "/result/me/meeting") == meeting);

  // Reissuing revokes it: the old token no longer passes hello, and the
  // connection using it is closed with 4401.
  const Link second = issue_one(sec.ws, meeting, member);
  CHECK(second.token != first.token);
  CHECK(second.id != first.id);
  CHECK(holder.wait_closed());
  CHECK(holder.close_code() == 4401);
  {
    WsClient c;
    c.connect(srv.port());
    CHECK(error_code(c.hello_join(first.token)) == "auth_failed");
  }
  WsClient holder2 = with_link(srv, second.token);

  // link.list: both, the old one revoked, no tokens anywhere.
  {
    const auto all = sec.ws.call("link.list", {{"meeting", meeting}});
    const std::string text = dump(all);
    CHECK(text.find(first.token) == std::string::npos);
    CHECK(text.find(second.token) == std::string::npos);
    for (const auto& v : all.at("links").as_array()) {
      INFO(dump(v));
      const auto& o = v.as_object();
      CHECK(!o.contains("token"));
      CHECK(!o.contains("path"));
      for (const char* k : {"id", "member", "name", "title", "observer", "created", "revoked"}) CHECK(o.contains(k));
    }
    auto old = listed(sec.ws, meeting, first.id);
    REQUIRE(old);
    CHECK(int_at(*old, "/revoked", 0) > 0);
    auto cur = listed(sec.ws, meeting, second.id);
    REQUIRE(cur);
    CHECK(at(*cur, "/revoked")->is_null());
    CHECK(int_at(*cur, "/member") == member);
    CHECK(int_at(*cur, "/created") > 0);
  }

  // link.revoke: the holder is closed with 4401, the token is dead.
  CHECK(sec.ws.call("link.revoke", {{"meeting", meeting}, {"link", second.id}}).empty());
  CHECK(holder2.wait_closed());
  CHECK(holder2.close_code() == 4401);
  {
    WsClient c;
    c.connect(srv.port());
    CHECK(error_code(c.hello_join(second.token)) == "auth_failed");
  }
  {
    auto cur = listed(sec.ws, meeting, second.id);
    REQUIRE(cur);
    CHECK(int_at(*cur, "/revoked", 0) > 0);
  }
  CHECK(error_code(sec.ws.request("link.revoke", {{"meeting", meeting}, {"link", "0123456789abcdef"}})) ==
        "not_found");

  // A guest observer's link: joins as guest:<link id>, role observer.
  const auto g = sec.ws.call("link.issue_guest", {{"meeting", meeting},
                                                  {"name", "Phan Văn Quang"},
                                                  {"title", "Đảng ủy viên"},
                                                  {"observer", true}});
  INFO(dump(g));
  const Link guest = link_of(g.at("link"));
  CHECK(at(g, "/link/member")->is_null());
  CHECK(guest.token.size() == 43);
  json::object gh;
  WsClient gc = with_link(srv, guest.token, std::nullopt, &gh);
  CHECK(str_at(gh, "/result/me/participant") == "guest:" + guest.id);
  CHECK(str_at(gh, "/result/me/role") == "observer");
  CHECK(str_at(gh, "/result/me/name") == "Phan Văn Quang");
  // An observer by link may read nothing but its meeting.
  CHECK(error_code(gc.request("roster.list", {{"cell", cell}})) == "forbidden");
  CHECK(error_code(gc.request("meeting.list", {{"cell", cell}})) == "forbidden");
  CHECK(error_code(gc.request("org.units")) == "forbidden");
  auto gl = listed(sec.ws, meeting, guest.id);
  REQUIRE(gl);
  CHECK(at(*gl, "/member")->is_null());
  CHECK(str_at(*gl, "/name") == "Phan Văn Quang");
  CHECK(str_at(*gl, "/title") == "Đảng ủy viên");
  CHECK(at(*gl, "/observer")->as_bool());

  // link.issue all reissues everyone's link: holders of the old ones are closed.
  {
    auto before = issue_all(sec.ws, meeting);
    WsClient a = with_link(srv, before.at(member).token);
    auto after = issue_all(sec.ws, meeting);
    CHECK(after.at(member).token != before.at(member).token);
    CHECK(a.wait_closed());
    CHECK(a.close_code() == 4401);
    WsClient c;
    c.connect(srv.port());
    CHECK(error_code(c.hello_join(before.at(member).token)) == "auth_failed");
    WsClient b = with_link(srv, after.at(member).token);
  }

  // An invited guest (not an observer) joins as role guest.
  {
    const auto gg = sec.ws.call("link.issue_guest", {{"meeting", meeting}, {"name", "Khách mời"}, {"observer", false}});
    json::object reply;
    WsClient w = with_link(srv, str_at(gg, "/link/token"), std::nullopt, &reply);
    CHECK(str_at(reply, "/result/me/role") == "guest");
    CHECK(str_at(reply, "/result/me/participant") == "guest:" + str_at(gg, "/link/id"));
  }

  // A member removed from the roster: its link no longer lets it in.
  {
    const auto gone = int_at(roster[4].as_object(), "/id");
    const Link l = issue_one(sec.ws, meeting, gone);
    sec.ws.call("roster.remove", {{"id", gone}});
    WsClient c;
    c.connect(srv.port());
    CHECK(error_code(c.hello_join(l.token)) == "auth_failed");
  }

  // link.issue for a member of no such cell / no such member.
  CHECK(error_code(sec.ws.request("link.issue", {{"meeting", meeting}, {"member", 99999}})) == "not_found");
  CHECK(error_code(sec.ws.request("link.issue", {{"meeting", 99999}, {"all", true}})) == "not_found");
}

TEST_CASE("session: logout closes with 1000 and kills the token; a link survives a restart", "[session]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  const Link link = issue_one(sec.ws, meeting, int_at(sec.ws.call("roster.list", {{"cell", sec.cell()}}),
                                                      "/members/3/id"));

  // Tokens and links are stored: they work after a restart.
  srv.restart();
  WsClient a = with_token(srv, sec.token);
  WsClient m = with_link(srv, link.token);

  // org.units: a secretary sees its cell only.
  const auto units = a.call("org.units").at("units").as_array();
  REQUIRE(units.size() == 1);
  CHECK(int_at(units[0].as_object(), "/id") == sec.cell());
  CHECK(str_at(units[0].as_object(), "/kind") == "cell");

  // A link holder's logout closes its connection but the link stays good.
  CHECK(m.call("session.logout").empty());
  CHECK(m.wait_closed());
  CHECK(m.close_code() == 1000);
  WsClient m2 = with_link(srv, link.token);

  // An account's logout deletes its session token.
  CHECK(a.call("session.logout").empty());
  CHECK(a.wait_closed());
  CHECK(a.close_code() == 1000);
  WsClient c;
  c.connect(srv.port());
  CHECK(error_code(c.hello_token(sec.token)) == "auth_failed");
}

}  // namespace chibo::test
