// Issue 7 "Faults / crash": a busy meeting — the chair posting notices,
// members answering a named vote with idempotency keys and raising hands —
// is cut by SIGKILL at random moments, 20 times. After each restart every
// member resumes with `since` and receives exactly the events it missed; at
// the end every acknowledged command is in the log exactly once and every
// hash chain verifies.
#include <iostream>
#include <random>

#include "fixture.hpp"

namespace chibo::test {
namespace {

bool bool_at(const json::object& o, std::string_view pointer) {
  const json::value* v = at(o, pointer);
  return v && v->is_bool() && v->as_bool();
}

struct Acked {
  std::int64_t seq;
  std::string type;
  std::string mark;  // notice text or vote key: unique per command
};

// Events of a fresh full replay of the meeting (since 0).
std::vector<json::object> full_log(const ServerProcess& srv, const std::string& token, std::int64_t meeting) {
  json::object reply;
  WsClient c = with_token(srv, token, meeting, 0, &reply);
  const auto head = int_at(reply, "/result/joined/head");
  REQUIRE(c.wait_until([&] { return c.last_seq(meeting) >= head; }));
  return c.logged_events(meeting);
}

}  // namespace

TEST_CASE("crash day: 20 SIGKILLs during a busy meeting lose no acknowledged command", "[crash]") {
  TestServer srv;
  std::string token;
  std::int64_t meeting = 0, vote = 0;
  std::map<std::int64_t, Link> links;
  {
    Login sec = login(srv, kSecretary);
    token = sec.token;
    meeting = demo_meeting(sec.ws, sec.cell());
    links = issue_all(sec.ws, meeting);
    sec.ws.call("meeting.open", {{"meeting", meeting}});
  }
  // The members who may vote (official, active) check in; the vote stays open all day.
  std::vector<Link> voters;
  for (const auto& [id, l] : links) {
    WsClient m = with_link(srv, l.token);
    m.call("rollcall.checkin", {{"meeting", meeting}});
    auto marked = m.wait_event([id = id](const json::object& e) {
      return str_at(e, "/ev") == "attendance.marked" && int_at(e, "/data/member") == id;
    });
    REQUIRE(marked);
    if (voters.size() < 4 && bool_at(*marked, "/data/can_vote")) voters.push_back(l);
  }
  REQUIRE(voters.size() == 4);
  {
    WsClient chair = with_token(srv, token, meeting);
    vote = int_at(chair.call("vote.open", {{"meeting", meeting}, {"subject", "Cả ngày"}, {"decision", "ordinary"}}),
                  "/vote");
  }

  std::mt19937 rng(20261122);
  std::vector<Acked> acked;
  std::map<std::string, std::int64_t> seen;  // member link token -> last seq seen
  int kills = 0;
  std::size_t unanswered = 0;  // commands cut off by a kill: proof the kills hit mid-burst
  for (int round = 0; round < 20; ++round) {
    INFO("round " << round);
    WsClient chair = with_token(srv, token, meeting);
    // Every member resumes from where it was and must get exactly what it missed.
    std::vector<WsClient> members;
    for (const auto& v : voters) {
      const std::int64_t since = seen[v.token];
      json::object reply;
      members.push_back(with_link(srv, v.token, since, &reply));
      const auto head = int_at(reply, "/result/joined/head");
      WsClient& m = members.back();
      // A kill before anything of the last burst committed leaves head ==
      // since: nothing to replay, so nothing to wait for (seen under load).
      REQUIRE(head >= since);
      if (head > since) REQUIRE(m.wait_until([&] { return m.last_seq(meeting) >= head; }));
      const auto log = m.logged_events(meeting);
      REQUIRE(static_cast<std::int64_t>(log.size()) == head - since);
      for (std::size_t i = 0; i < log.size(); ++i) CHECK(int_at(log[i], "/seq") == since + 1 + static_cast<std::int64_t>(i));
    }

    // A burst: notices from the chair, answers and hands from the members,
    // all in flight together.
    std::vector<std::tuple<WsClient*, std::int64_t, std::string, std::string>> sent;  // client, id, type, mark
    for (int i = 0; i < 15; ++i) {
      const std::string text = "r" + std::to_string(round) + "-n" + std::to_string(i);
      sent.emplace_back(&chair, chair.send("meeting.notice", json::object{{"meeting", meeting}, {"text", text}}), "notice", text);
      WsClient& m = members[static_cast<std::size_t>(i) % members.size()];
      const std::string key = "r" + std::to_string(round) + "-k" + std::to_string(i);
      sent.emplace_back(&m, m.send("vote.cast", json::object{{"meeting", meeting}, {"vote", vote}, {"choice", i % 2 ? "for" : "against"}, {"key", key}}),
                        "vote.cast", key);
      sent.emplace_back(&m, m.send(i % 2 ? "hand.lower" : "hand.raise", json::object{{"meeting", meeting}}), "hand", "");
    }
    // Kill at a random moment: at once, or after some answers came back.
    chair.pump(Ms(std::uniform_int_distribution<int>(0, 40)(rng)));
    srv.kill9();
    ++kills;
    for (auto& [client, id, type, mark] : sent) {
      auto r = client->wait_frame([id = id](const json::object& o) { return int_at(o, "/re") == id; }, Ms(0));
      if (!r) ++unanswered;
      if (!r || !is_ok(*r) || bool_at(*r, "/result/unchanged") || bool_at(*r, "/result/duplicate")) continue;
      if (type == "hand") continue;  // no mark to find; counted in the chain
      acked.push_back({int_at(*r, "/result/seq"), type, mark});
    }
    for (std::size_t i = 0; i < voters.size(); ++i) seen[voters[i].token] = members[i].last_seq(meeting);
    srv.start();
  }
  CHECK(kills == 20);
  CHECK(unanswered > 0);
  std::cout << "crash day: " << acked.size() << " acknowledged, " << unanswered << " cut off by 20 kills\n";

  // Every acknowledged command is there, exactly once, at its seq: in the
  // log as sent to clients (complete, gap-free), and as stored, where a
  // cast keeps its key (not sent, PROTOCOL.md "Events").
  const auto sent = full_log(srv, token, meeting);
  const auto log = stored_log(srv, meeting);
  REQUIRE(log.size() == sent.size());
  for (std::size_t i = 0; i < log.size(); ++i) {
    CHECK(int_at(log[i], "/seq") == static_cast<std::int64_t>(i) + 1);
    CHECK(str_at(log[i], "/ev") == str_at(sent[i], "/ev"));
  }
  // A cast is a vote.cast, or an entry of a vote.casts when it queued behind
  // another's write (PROTOCOL.md "Casts and check-ins travel together").
  auto keys_in = [](const json::object& e) {
    std::vector<std::string> keys;
    if (str_at(e, "/ev").rfind("vote.cast", 0) == 0)
      for (auto& [member, key] : answers_in(e, "key")) keys.push_back(std::move(key));
    return keys;
  };
  std::map<std::string, int> marks;
  int batched = 0;
  for (const auto& e : log) {
    if (str_at(e, "/ev") == "notice") ++marks[str_at(e, "/data/text")];
    for (const auto& k : keys_in(e)) ++marks[k];
    batched += str_at(e, "/ev") == "vote.casts";
  }
  std::cout << "crash day: " << batched << " vote.casts events\n";
  INFO(acked.size() << " acknowledged commands");
  CHECK(acked.size() > 20);
  for (const auto& a : acked) {
    INFO(a.type << " " << a.mark << " at seq " << a.seq);
    REQUIRE(a.seq >= 1);
    REQUIRE(a.seq <= static_cast<std::int64_t>(log.size()));
    const auto& e = log[static_cast<std::size_t>(a.seq - 1)];
    if (a.type == "notice") {
      CHECK(str_at(e, "/ev") == "notice");
      CHECK(str_at(e, "/data/text") == a.mark);
    } else {
      const auto keys = keys_in(e);
      CHECK(std::count(keys.begin(), keys.end(), a.mark) == 1);
    }
    CHECK(marks[a.mark] == 1);
  }
  for (const auto& [mark, n] : marks) CHECK(n == 1);  // nothing stored twice, acked or not
  const CliResult check = srv.run_cli({"check", "--db", srv.db_path()});
  INFO(check.output);
  CHECK(check.exit_code == 0);
  CHECK(check.output.find("BROKEN") == std::string::npos);
}

}  // namespace chibo::test
