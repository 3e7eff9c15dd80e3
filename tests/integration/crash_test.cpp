// Durability (PROTOCOL.md "Error codes", last line: every change commits before
// its ok reply): SIGKILL the server while notices stream in, restart, and check
// that every acknowledged notice is stored once, the log has no gaps and every
// hash chain verifies.
#include <cstdlib>

#include "fixture.hpp"

namespace chibo::test {
namespace {

bool chains_verify(const ServerProcess& srv, std::string& output) {
  const CliResult r = srv.run_cli({"check", "--db", srv.db_path()});
  output = r.output;
  return r.exit_code == 0 && r.output.find("chain verifies") != std::string::npos &&
         r.output.find("BROKEN") == std::string::npos;
}

}  // namespace

TEST_CASE("crash safety: acknowledged notices survive SIGKILL, chains verify, seqs stay gap-free", "[crash]") {
  TestServer srv;
  std::string token;
  std::int64_t meeting = 0;
  {
    Login sec = login(srv, kSecretary);
    token = sec.token;
    meeting = demo_meeting(sec.ws, sec.cell());
    sec.ws.call("meeting.open", {{"meeting", meeting}});
  }

  // Notices stream in (up to kInFlight unanswered at a time); the server is
  // killed as soon as the round's number of acks has been seen, so requests
  // are still in flight when it dies.
  constexpr std::size_t kInFlight = 100;
  const std::size_t kill_after[] = {10, 40, 120};
  std::map<std::int64_t, std::string> acked;  // seq -> text, over all rounds
  std::set<std::string> sent_texts;

  for (int round = 0; round < 3; ++round) {
    INFO("round " << round << ", kill after " << kill_after[round] << " acks");
    WsClient c = with_token(srv, token);
    std::vector<std::pair<std::int64_t, std::string>> sent;  // request id, text
    std::size_t answered = 0;                                 // replies are read in request order
    auto record = [&](const json::object& reply, const std::string& text) {
      INFO(dump(reply));
      REQUIRE(is_ok(reply));
      const auto seq = int_at(reply, "/result/seq");
      REQUIRE(seq > 0);
      REQUIRE(acked.count(seq) == 0);  // one seq, one notice
      acked[seq] = text;
    };
    // Takes every reply that has arrived, in order.
    auto drain = [&] {
      while (answered < sent.size()) {
        const auto id = sent[answered].first;
        auto reply = c.wait_frame([id](const json::object& o) { return int_at(o, "/re") == id; }, Ms(0));
        if (!reply) break;
        record(*reply, sent[answered].second);
        ++answered;
      }
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (answered < kill_after[round]) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      if (sent.size() - answered < kInFlight) {
        for (int k = 0; k < 5; ++k) {
          const std::string text =
              "Vòng " + std::to_string(round) + " - thông báo số " + std::to_string(sent.size());
          sent.emplace_back(c.send("meeting.notice", json::object{{"meeting", meeting}, {"text", text}}), text);
          sent_texts.insert(text);
        }
      } else {
        c.pump(Ms(2));
      }
      c.pump(Ms(0));
      drain();
    }
    // One more burst, and the kill right behind it.
    for (int k = 0; k < 20; ++k) {
      const std::string text = "Vòng " + std::to_string(round) + " - thông báo cuối " + std::to_string(k);
      sent.emplace_back(c.send("meeting.notice", json::object{{"meeting", meeting}, {"text", text}}), text);
      sent_texts.insert(text);
    }
    srv.kill9();

    // Replies already on their way when the server died are acknowledgements too.
    c.wait_closed(Ms(5000));
    drain();
    const std::size_t unanswered = sent.size() - answered;
    if (unanswered == 0) WARN("round " << round << ": every notice was answered before the kill landed");
    INFO(sent.size() << " notices sent, " << answered << " acknowledged");

    // The database as the crash left it: every chain verifies.
    {
      std::string out;
      const bool verifies = chains_verify(srv, out);
      INFO("chibo check:\n" << out);
      CHECK(verifies);
    }

    srv.start();
    json::object reply;
    WsClient v = with_token(srv, token, meeting, 0, &reply);
    CHECK(str_at(reply, "/result/joined/meeting/status") == "open");
    const auto head = int_at(reply, "/result/joined/head");
    REQUIRE(head >= (acked.empty() ? 0 : acked.rbegin()->first));
    wait_seq(v, meeting, head, Ms(20000));
    v.barrier();
    // (The log may go past head: this join can be the secretary's first arrival.)
    const auto log = v.logged_events(meeting);
    CHECK(seqs_of(log) == range(1, v.last_seq(meeting)));

    std::map<std::int64_t, std::string> stored;  // seq -> notice text
    std::map<std::string, int> times;
    for (const auto& e : named(log, "notice")) {
      const std::string text = str_at(e, "/data/text");
      stored[int_at(e, "/seq")] = text;
      ++times[text];
    }
    for (const auto& [seq, text] : acked) {
      INFO("acknowledged seq " << seq << ": " << text);
      REQUIRE(stored.count(seq) == 1);
      CHECK(stored.at(seq) == text);
    }
    for (const auto& [text, n] : times) {
      INFO("stored notice " << text);
      CHECK(n == 1);
      CHECK(sent_texts.count(text) == 1);
    }
  }

  std::string out;
  const bool verifies = chains_verify(srv, out);
  INFO("chibo check:\n" << out);
  CHECK(verifies);
  CHECK(srv.stop() == 0);
}

}  // namespace chibo::test

namespace chibo::test {

TEST_CASE("crash safety: a roster.import cut short by SIGKILL is all or nothing", "[crash]") {
  TestServer srv;
  std::string token;
  std::int64_t cell = 0;
  {
    Login sec = login(srv, kSecretary);
    token = sec.token;
    cell = sec.cell();
  }
  std::size_t expected = 12;  // the demo roster
  for (int round = 0; round < 3; ++round) {
    INFO("round " << round);
    std::string csv = "Họ và tên,Ngày sinh\n";
    for (int i = 0; i < 400; ++i)
      csv += "Vòng " + std::to_string(round) + " người " + std::to_string(i) + ",01/01/1980\n";
    WsClient c = with_token(srv, token);
    const auto id = c.send("roster.import", json::object{{"cell", cell}, {"csv", csv}});
    // Kill at once, a little later, or after the answer.
    if (round == 1) c.pump(Ms(5));
    bool acked = false;
    if (round == 2) {
      const auto r = c.wait_reply(id, Ms(20000));
      INFO(dump(r));
      REQUIRE(is_ok(r));
      acked = true;
    }
    srv.kill9();
    c.wait_closed();
    if (auto r = c.wait_frame([id](const json::object& o) { return int_at(o, "/re") == id; }, Ms(0)))
      acked = is_ok(*r);
    srv.start();
    WsClient v = with_token(srv, token);
    const auto n = v.call("roster.list", {{"cell", cell}}).at("members").as_array().size();
    CHECK((n == expected || n == expected + 400));
    if (acked) CHECK(n == expected + 400);
    expected = n;
  }
}

TEST_CASE("tampering: an edited stored event breaks its chain; check and the server notice", "[crash]") {
  TestServer srv;
  std::int64_t meeting = 0;
  {
    Login sec = login(srv, kSecretary);
    meeting = demo_meeting(sec.ws, sec.cell());
    sec.ws.call("meeting.open", {{"meeting", meeting}});
    for (int i = 0; i < 3; ++i) sec.ws.call("meeting.notice", {{"meeting", meeting}, {"text", "Nguyên bản " + std::to_string(i)}});
  }
  REQUIRE(srv.stop() == 0);
  const auto good = srv.run_cli({"check", "--db", srv.db_path()});
  INFO(good.output);
  CHECK(good.exit_code == 0);

  // Rewrite notice 2 by hand (past the append-only trigger).
  tamper_notices(srv, meeting, "Nguyên bản 1", "Đã sửa");

  const auto bad = srv.run_cli({"check", "--db", srv.db_path()});
  INFO(bad.output);
  CHECK(bad.exit_code == 1);
  CHECK(bad.output.find("BROKEN") != std::string::npos);

  // The server refuses to serve the broken meeting rather than serve a forged record.
  srv.start();
  CHECK(srv.wait_output("NOT LOADED", Ms(5000)));
  Login sec = login(srv, kSecretary);
  const auto r = sec.ws.request("meeting.join", {{"meeting", meeting}});
  INFO(dump(r));
  CHECK(!is_ok(r));
}

}  // namespace chibo::test
