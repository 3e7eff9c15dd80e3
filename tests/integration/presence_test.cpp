// PROTOCOL.md "meeting.join" (participants, online) and the `presence` and
// `participant.arrived` events: who is in the meeting, live and in the record.
#include <tuple>

#include "fixture.hpp"

namespace chibo::test {
namespace {

bool is_presence(const json::object& e, const std::string& participant, bool online) {
  const json::value* on = at(e, "/data/online");
  return str_at(e, "/ev") == "presence" && str_at(e, "/data/participant") == participant && on && on->is_bool() &&
         on->as_bool() == online;
}

std::optional<json::object> wait_presence(WsClient& c, const std::string& participant, bool online) {
  return c.wait_event([&](const json::object& e) { return is_presence(e, participant, online); });
}


}  // namespace

TEST_CASE("presence: members see each other come and go; arrival is logged once", "[presence]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto cell = sec.cell();
  const auto meeting = demo_meeting(sec.ws, cell);
  const std::string sec_pid = str_at(sec.me, "/participant");
  REQUIRE(sec_pid.rfind("member:", 0) == 0);  // the demo secretary's account is linked to her member record

  // link.issue all: one personal link per roster member.
  const auto links = issue_all(sec.ws, meeting);
  const auto roster = sec.ws.call("roster.list", {{"cell", cell}}).at("members").as_array();
  REQUIRE(roster.size() == 12);
  REQUIRE(links.size() == roster.size());
  for (const auto& v : roster) {
    const auto& m = v.as_object();
    const auto id = int_at(m, "/id");
    INFO("member " << dump(m));
    REQUIRE(links.count(id) == 1);
    const Link& l = links.at(id);
    CHECK(l.name == str_at(m, "/full_name"));
    CHECK(l.token.size() == 43);
    CHECK(l.id.size() == 16);
  }

  CHECK(sec.ws.call("meeting.open", {{"meeting", meeting}}).at("seq").as_int64() == 2);
  const auto sec_joined = sec.ws.call("meeting.join", {{"meeting", meeting}, {"since", 0}});
  {
    auto me = participant_in(sec_joined, sec_pid);
    REQUIRE(me);
    const json::value* on = at(*me, "/online");
    REQUIRE(on);
    REQUIRE(on->is_bool());
    CHECK(on->as_bool());
  }
  // Each roster entry says only what differs from an official, active member
  // with no committee role (PROTOCOL.md meeting.join); the demo cell has
  // probationary members, one not active, and a committee.
  std::set<std::string> said;
  for (const auto& v : roster) {
    const auto& m = v.as_object();
    auto p = participant_in(sec_joined, participant_of_member(int_at(m, "/id")));
    REQUIRE(p);
    INFO("roster " << dump(m) << " listed " << dump(*p));
    CHECK(str_at(*p, "/name") == str_at(m, "/full_name"));
    CHECK(str_at(*p, "/role") == "member");
    for (const auto& [field, from, fallback] : {std::tuple{"/member_kind", "/kind", "official"},
                                                {"/status", "/status", "active"},
                                                {"/committee_role", "/committee_role", "none"}}) {
      const std::string want = str_at(m, from);
      CHECK((want == fallback ? at(*p, field) == nullptr : str_at(*p, field) == want));
      if (want != fallback) said.insert(field);
    }
    CHECK(p->size() == 4u + (p->contains("member_kind") ? 1u : 0u) + (p->contains("status") ? 1u : 0u) +
                           (p->contains("committee_role") ? 1u : 0u));  // id, name, role, online
  }
  CHECK(said.size() == 3);  // the demo cell exercises every field
  REQUIRE(wait_arrival(sec.ws, sec_pid));
  // The logged arrival is the same entry without `online` (the arrival says
  // it). The secretary came first and alone: one participant.arrived.
  int logged = 0;
  for (const auto& e : sec.ws.events())
    if (str_at(e, "/ev") == "participant.arrived" && str_at(e, "/data/participant/id") == sec_pid) {
      ++logged;
      CHECK(str_at(e, "/data/participant/committee_role") == "secretary");
      CHECK(at(e, "/data/participant/online") == nullptr);
      CHECK(at(e, "/data/participant/member_kind") == nullptr);
      CHECK(at(e, "/data/participant/status") == nullptr);
    }
  CHECK(logged == 1);

  // Three members other than the secretary join with their links, one by one.
  std::vector<Link> picked;
  for (const auto& [id, l] : links)
    if (participant_of_member(id) != sec_pid && picked.size() < 3) picked.push_back(l);
  REQUIRE(picked.size() == 3);
  auto pid = [&](std::size_t i) { return participant_of_member(picked[i].member); };

  std::vector<WsClient> members;
  for (std::size_t i = 0; i < picked.size(); ++i) {
    INFO("member " << i << " (" << pid(i) << ") joins");
    json::object reply;
    members.push_back(with_link(srv, picked[i].token, std::nullopt, &reply));
    CHECK(str_at(reply, "/result/me/participant") == pid(i));
    CHECK(str_at(reply, "/result/me/role") == "member");
    CHECK(int_at(reply, "/result/me/meeting") == meeting);
    CHECK(int_at(reply, "/result/me/cell") == cell);
    CHECK(at(reply, "/result/session") == nullptr);  // only password logins get a session
    const json::value* jv = at(reply, "/result/joined");
    REQUIRE(jv);
    REQUIRE(jv->is_object());
    const json::object& joined = jv->as_object();
    CHECK(int_at(joined, "/meeting/id") == meeting);
    CHECK(str_at(joined, "/meeting/status") == "open");
    // Every roster member is listed, online or not.
    for (const auto& [id, l] : links) CHECK(participant_in(joined, participant_of_member(id)).has_value());
    // The secretary, the earlier members and itself are online; the later ones not yet.
    auto secp = participant_in(joined, sec_pid);
    REQUIRE(secp);
    CHECK(at(*secp, "/online")->as_bool() == true);
    for (std::size_t j = 0; j < picked.size(); ++j) {
      auto p = participant_in(joined, pid(j));
      REQUIRE(p);
      INFO("participant " << dump(*p));
      CHECK(str_at(*p, "/name") == picked[j].name);
      CHECK(str_at(*p, "/role") == "member");
      const json::value* on = at(*p, "/online");
      REQUIRE(on);
      REQUIRE(on->is_bool());
      CHECK(on->as_bool() == (j <= i));
    }
    // Everyone already in sees this one arrive (and so come online).
    CHECK(wait_arrival(sec.ws, pid(i)));
    for (std::size_t k = 0; k < i; ++k) CHECK(wait_arrival(members[k], pid(i)));
  }

  // Presence is live state, not history: no seq.
  for (const auto& e : named(sec.ws.events(), "presence")) {
    INFO(dump(e));
    CHECK(at(e, "/seq") == nullptr);
    CHECK(int_at(e, "/meeting") == meeting);
  }

  // One leaves: the others see it go offline.
  members[2].close();
  CHECK(wait_presence(sec.ws, pid(2), false));
  CHECK(wait_presence(members[0], pid(2), false));
  CHECK(wait_presence(members[1], pid(2), false));

  // A second connection of someone already online is not news; closing one
  // of the two is not either (presence: "first connection opened or last closed").
  {
    WsClient twin = with_link(srv, picked[0].token);
    twin.close();
  }
  // And a reconnect is presence only, not a second arrival.
  members[0].drop();
  CHECK(wait_presence(sec.ws, pid(0), false));
  members[0] = with_link(srv, picked[0].token, members[0].last_seq(meeting));
  CHECK(wait_presence(sec.ws, pid(0), true));
  CHECK(wait_presence(members[1], pid(0), true));

  // A notice posted after the reconnect is logged after any arrival the
  // reconnect could have caused: once it is seen, the log is complete.
  const auto last = sec.ws.call("meeting.notice", {{"meeting", meeting}, {"text", "Kiểm tra điểm danh"}})
                        .at("seq")
                        .as_int64();
  wait_seq(sec.ws, meeting, last);
  const auto log = sec.ws.logged_events(meeting);
  CHECK(seqs_of(log) == range(1, last));
  std::map<std::string, int> arrivals;
  for (const auto& e : log) {
    const auto people = arrivals_in(e);
    for (const auto& p : people) {
      INFO(dump(e));
      const std::string who = str_at(p, "/id");
      ++arrivals[who];
      CHECK(str_at(e, "/actor") == (people.size() == 1 ? who : "system"));
      CHECK(!str_at(p, "/name").empty());
    }
  }
  const std::map<std::string, int> expected{{sec_pid, 1}, {pid(0), 1}, {pid(1), 1}, {pid(2), 1}};
  CHECK(arrivals == expected);

  // The twin connection's open and close produced no presence change for member 0
  // beyond the drop/reconnect: exactly one online (the reconnect: the first
  // connection was the arrival) and one offline event.
  int on0 = 0, off0 = 0;
  for (const auto& e : sec.ws.events()) {
    on0 += is_presence(e, pid(0), true);
    off0 += is_presence(e, pid(0), false);
  }
  CHECK(on0 == 1);
  CHECK(off0 == 1);

  // meeting.leave: offline for the others, and no more of the meeting's events.
  CHECK(members[1].call("meeting.leave", {{"meeting", meeting}}).empty());
  CHECK(wait_presence(sec.ws, pid(1), false));
  CHECK(wait_presence(members[0], pid(1), false));
  const auto after = sec.ws.call("meeting.notice", {{"meeting", meeting}, {"text", "Sau khi rời"}}).at("seq").as_int64();
  CHECK(members[0].wait_event([&](const json::object& e) { return int_at(e, "/seq") == after; }));
  members[1].barrier();
  CHECK(members[1].last_seq(meeting) < after);
  CHECK(sec.ws.junk().empty());
}

}  // namespace chibo::test

namespace chibo::test {

TEST_CASE("presence: joining a second meeting leaves the first", "[presence]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto cell = sec.cell();
  const std::string sec_pid = str_at(sec.me, "/participant");
  const auto a = demo_meeting(sec.ws, cell);
  const auto b = sec.ws
                     .call("meeting.create", {{"cell", cell},
                                              {"kind", "thematic"},
                                              {"title", "Chuyên đề"},
                                              {"starts_at", "2026-12-10T19:00"}})
                     .at("meeting")
                     .at("id")
                     .as_int64();
  sec.ws.call("meeting.open", {{"meeting", a}});
  Link member;
  for (const auto& [id, l] : issue_all(sec.ws, a))
    if (participant_of_member(id) != sec_pid) member = l;
  WsClient m = with_link(srv, member.token);

  sec.ws.call("meeting.join", {{"meeting", a}});
  REQUIRE(wait_arrival(m, sec_pid));
  sec.ws.call("meeting.join", {{"meeting", b}});
  CHECK(m.wait_event([&](const json::object& e) {
    return str_at(e, "/ev") == "presence" && str_at(e, "/data/participant") == sec_pid &&
           !at(e, "/data/online")->as_bool();
  }));
  // Meeting a's events no longer reach that connection.
  WsClient chair = with_token(srv, sec.token);
  const auto seq = chair.call("meeting.notice", {{"meeting", a}, {"text", "Chỉ cho cuộc họp A"}}).at("seq").as_int64();
  CHECK(m.wait_event([&](const json::object& e) { return int_at(e, "/seq") == seq; }));
  sec.ws.barrier();
  CHECK(sec.ws.last_seq(a) < seq);
}

TEST_CASE("presence: a closed meeting is read-only; joining it logs no arrival", "[presence]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const std::string sec_pid = str_at(sec.me, "/participant");
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  Link member;
  for (const auto& [id, l] : issue_all(sec.ws, meeting))
    if (participant_of_member(id) != sec_pid) member = l;
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  const auto closed_at = sec.ws.call("meeting.close", {{"meeting", meeting}}).at("seq").as_int64();

  json::object reply;
  WsClient m = with_link(srv, member.token, 0, &reply);
  CHECK(str_at(reply, "/result/joined/meeting/status") == "closed");
  CHECK(int_at(reply, "/result/joined/head") == closed_at);
  wait_seq(m, meeting, closed_at);
  m.barrier();
  m.pump(Ms(200));
  CHECK(m.last_seq(meeting) == closed_at);
  const auto log = m.logged_events(meeting);
  REQUIRE(!log.empty());
  CHECK(str_at(log.back(), "/ev") == "meeting.closed");
  // A later visitor sees the same head: nothing was appended.
  const auto again = with_token(srv, sec.token, meeting, closed_at, &reply);
  CHECK(int_at(reply, "/result/joined/head") == closed_at);
}

}  // namespace chibo::test

namespace chibo::test {

TEST_CASE("presence: attendance survives a restart; a returning member is not logged twice", "[presence]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const std::string sec_pid = str_at(sec.me, "/participant");
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  Link member;
  for (const auto& [id, l] : issue_all(sec.ws, meeting))
    if (participant_of_member(id) != sec_pid) member = l;
  const std::string pid = participant_of_member(member.member);
  {
    WsClient m = with_link(srv, member.token);
    REQUIRE(m.wait_event("participant.arrived"));
  }

  srv.restart();
  WsClient chair = with_token(srv, sec.token);
  json::object reply;
  WsClient m = with_link(srv, member.token, 0, &reply);
  auto me = participant_in(at(reply, "/result/joined")->as_object(), pid);
  REQUIRE(me);
  CHECK(at(*me, "/online")->as_bool());
  const auto seq = chair.call("meeting.notice", {{"meeting", meeting}, {"text", "Sau khi khởi động lại"}}).at("seq").as_int64();
  wait_seq(m, meeting, seq);
  int arrivals = 0;
  for (const auto& e : named(m.logged_events(meeting), "participant.arrived"))
    arrivals += str_at(e, "/data/participant/id") == pid;
  CHECK(arrivals == 1);
}

}  // namespace chibo::test
