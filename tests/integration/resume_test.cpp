// PROTOCOL.md "meeting.join": "a client that tracks the highest seq it has
// seen and sends it as since on reconnect misses nothing and sees nothing twice".
#include "fixture.hpp"

namespace chibo::test {

TEST_CASE("resume: a member reconnecting with since gets exactly the events it missed", "[resume]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto cell = sec.cell();
  const auto meeting = demo_meeting(sec.ws, cell);
  const std::string sec_pid = str_at(sec.me, "/participant");
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  sec.ws.call("meeting.join", {{"meeting", meeting}});

  Link link;
  for (const auto& [id, l] : issue_all(sec.ws, meeting))
    if (participant_of_member(id) != sec_pid) {
      link = l;
      break;
    }
  REQUIRE(!link.token.empty());
  const std::string pid = participant_of_member(link.member);

  // First visit: the whole log is replayed, then the member's own arrival comes live.
  json::object reply;
  std::int64_t last = 0;
  {
    WsClient m = with_link(srv, link.token, std::nullopt, &reply);
    const auto head = int_at(reply, "/result/joined/head");
    REQUIRE(head >= 2);  // created, opened (and the secretary's arrival)
    auto arrived = m.wait_event([&](const json::object& e) {
      return str_at(e, "/ev") == "participant.arrived" && str_at(e, "/data/participant/id") == pid;
    });
    REQUIRE(arrived);
    last = m.last_seq(meeting);
    CHECK(last == int_at(*arrived, "/seq"));
    CHECK(last > head);
    CHECK(seqs_of(m.logged_events(meeting)) == range(1, last));
    m.close();
  }

  // While it is away the secretary posts three notices.
  const std::vector<std::string> texts{"Thông báo 1: điểm danh lúc 19:30",
                                       "Thông báo 2: tài liệu đã gửi qua Zalo",
                                       "Thông báo 3: biểu quyết sau phần thảo luận"};
  std::vector<std::int64_t> notice_seqs;
  for (const auto& t : texts)
    notice_seqs.push_back(sec.ws.call("meeting.notice", {{"meeting", meeting}, {"text", t}}).at("seq").as_int64());
  CHECK(notice_seqs == range(last + 1, last + 3));

  SECTION("since = the last seq seen: exactly the missed events, in order, once") {
    WsClient back = with_link(srv, link.token, last, &reply);
    const auto head = int_at(reply, "/result/joined/head");
    CHECK(head >= notice_seqs.back());
    wait_seq(back, meeting, head);
    back.barrier();
    back.pump(Ms(200));  // anything extra would show up now
    const auto log = back.logged_events(meeting);
    CHECK(seqs_of(log) == range(last + 1, head));
    const auto notices = named(log, "notice");
    REQUIRE(notices.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
      INFO(dump(notices[i]));
      CHECK(int_at(notices[i], "/seq") == notice_seqs[i]);
      CHECK(str_at(notices[i], "/data/text") == texts[i]);
      CHECK(str_at(notices[i], "/data/by") == str_at(sec.me, "/name"));
      CHECK(str_at(notices[i], "/actor") == sec_pid);
      CHECK(int_at(notices[i], "/ts") > 0);
    }
    // Nothing else was logged meanwhile (no second arrival for this member).
    CHECK(log.size() == texts.size());
  }

  SECTION("since = 0: the whole log from seq 1, meeting.created first") {
    WsClient full = with_link(srv, link.token, 0, &reply);
    const auto head = int_at(reply, "/result/joined/head");
    CHECK(head == notice_seqs.back());
    wait_seq(full, meeting, head);
    full.barrier();
    full.pump(Ms(200));
    const auto log = full.logged_events(meeting);
    REQUIRE(!log.empty());
    CHECK(seqs_of(log) == range(1, head));
    CHECK(str_at(log[0], "/ev") == "meeting.created");
    CHECK(int_at(log[0], "/data/id", meeting) == meeting);  // "the meeting object"
    CHECK(str_at(log[0], "/data/title") == str_at(reply, "/result/joined/meeting/title"));
    CHECK(str_at(log[1], "/ev") == "meeting.opened");
    CHECK(named(log, "notice").size() == texts.size());
  }

  SECTION("since = head: nothing is replayed, live events follow") {
    WsClient up = with_link(srv, link.token, notice_seqs.back(), &reply);
    up.barrier();
    up.pump(Ms(200));
    CHECK(up.logged_events(meeting).empty());
    const auto seq = sec.ws.call("meeting.notice", {{"meeting", meeting}, {"text", "Trực tiếp"}}).at("seq").as_int64();
    CHECK(seq == notice_seqs.back() + 1);
    auto live = up.wait_event("notice");
    REQUIRE(live);
    CHECK(int_at(*live, "/seq") == seq);
    CHECK(seqs_of(up.logged_events(meeting)) == std::vector<std::int64_t>{seq});
  }

  SECTION("an account resumes the same way with meeting.join since") {
    WsClient acc = with_token(srv, sec.token);
    const auto joined = acc.call("meeting.join", {{"meeting", meeting}, {"since", last}});
    const auto head = int_at(joined, "/head");
    wait_seq(acc, meeting, head);
    acc.barrier();
    CHECK(seqs_of(acc.logged_events(meeting)) == range(last + 1, head));
  }
}

}  // namespace chibo::test

namespace chibo::test {

// PROTOCOL.md "meeting.join": after the reply the server pushes every event
// with since < seq <= head. A long meeting has more events than the outbound
// queue limit (4 MiB of live frames); the replay must still reach the client.
TEST_CASE("resume: a backlog longer than the outbound queue limit is replayed whole", "[resume][overload]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  // 800 notices of about 6 KB: 4.6 MB, over protocol::kMaxQueuedBytes.
  constexpr int kNotices = 800;
  post_notices(sec.ws, meeting, kNotices, 1900);

  json::object reply;
  WsClient c = with_token(srv, sec.token, meeting, 0, &reply);
  const auto head = int_at(reply, "/result/joined/head");
  REQUIRE(head > kNotices);
  c.wait_until([&] { return c.last_seq(meeting) >= head; }, Ms(30000));
  INFO("joined with since=0 at head " << head << "; got up to seq " << c.last_seq(meeting) << "; connection "
                                      << (c.closed() ? "closed with " + std::to_string(c.close_code().value_or(-1))
                                                     : std::string("open")));
  CHECK(!c.closed());
  REQUIRE(c.last_seq(meeting) >= head);
  c.barrier();
  const auto log = c.logged_events(meeting);
  CHECK(seqs_of(log).size() == static_cast<std::size_t>(c.last_seq(meeting)));
  CHECK(seqs_of(log) == range(1, c.last_seq(meeting)));
}

}  // namespace chibo::test
