// decide() and the fold together, without Asio or a store: each step decides
// a command against the state, then folds the events it returned, as the
// meeting actor does (PROTOCOL.md "Running a meeting").
#include "meeting_fixture.hpp"

using namespace chibo;
using namespace chibo::meeting;
using namespace chibo::meeting::test;

TEST_CASE("meeting.created carries the template agenda; agenda.set keeps ids and numbers new items", "[meeting][decide]") {
  Meeting m;
  REQUIRE(m.s.agenda.size() > 5);
  CHECK(m.s.agenda.front().id == "i1");
  auto items = m.s.agenda;
  items.erase(items.begin() + 1);
  domain::AgendaItem extra;
  extra.title = "Mục mới";
  items.push_back(extra);
  auto d = m.run(kChair, cmd::AgendaSet{items});
  REQUIRE_FALSE(d.refused);
  CHECK(m.s.agenda.back().id == "i" + std::to_string(domain::agenda_template(domain::MeetingKind::regular).size() + 1));

  SECTION("an unknown id is invalid_args") {
    items.back().id = "i999";
    CHECK(m.run(kChair, cmd::AgendaSet{items}).refused == ErrorCode::invalid_args);
  }
  SECTION("a repeated id is invalid_args") {
    items[1].id = items[0].id;
    CHECK(m.run(kChair, cmd::AgendaSet{items}).refused == ErrorCode::invalid_args);
  }
  SECTION("a member may not edit it") {
    CHECK(m.run(member_actor(1), cmd::AgendaSet{items}).refused == ErrorCode::forbidden);
  }
}

TEST_CASE("status gates: before open, after close", "[meeting][decide]") {
  Meeting m;
  CHECK(m.run(kChair, cmd::RollcallOpen{}).refused == ErrorCode::meeting_not_open);
  CHECK(m.run(kChair, cmd::Close{}).refused == ErrorCode::meeting_not_open);
  CHECK(m.run(member_actor(1), cmd::Open{}).refused == ErrorCode::forbidden);
  REQUIRE_FALSE(m.run(kChair, cmd::Open{}, example_roster()).refused);
  CHECK(m.run(kChair, cmd::Open{}).refused == ErrorCode::conflict);
  REQUIRE_FALSE(m.run(kChair, cmd::Close{}).refused);
  CHECK(m.last_type() == "meeting.closed");
  const cmd::Command after[] = {cmd::RollcallOpen{}, cmd::HandRaise{}, cmd::AgendaTemplate{}, cmd::Notice{"x"},
                                cmd::VoteOpen{"x", "", domain::DecisionKind::ordinary}};
  for (const auto& c : after) CHECK(m.run(kChair, c).refused == ErrorCode::meeting_closed);
}

TEST_CASE("the roll call: check-in, marks, late arrivals and the summary", "[meeting][decide]") {
  Meeting m = opened_meeting();
  REQUIRE(m.s.roll.size() == 11);
  REQUIRE_FALSE(m.run(kChair, cmd::RollcallOpen{}).refused);
  CHECK(m.run(kChair, cmd::RollcallOpen{}).refused == ErrorCode::conflict);
  for (int i = 1; i <= 6; ++i) REQUIRE_FALSE(m.run(member_actor(i), cmd::Checkin{}).refused);
  // A second check-in changes nothing.
  auto again = m.run(member_actor(1), cmd::Checkin{});
  CHECK_FALSE(again.refused);
  CHECK(again.events.empty());
  // Someone not on the roll cannot check in.
  CHECK(m.run(member_actor(99), cmd::Checkin{}).refused == ErrorCode::not_eligible);
  CHECK(m.run(kObserver, cmd::Checkin{}).refused == ErrorCode::not_eligible);
  // Official 7 absent with a reason; the exempt member stays away; 10 comes.
  REQUIRE_FALSE(m.run(kChair, cmd::Mark{7, Attendance::absent_excused, domain::AbsenceReason::illness, ""}).refused);
  REQUIRE_FALSE(m.run(member_actor(10), cmd::Checkin{}).refused);
  CHECK(m.run(member_actor(2), cmd::Mark{7, Attendance::present, {}, ""}).refused == ErrorCode::forbidden);
  CHECK(m.run(kChair, cmd::Mark{99, Attendance::present, {}, ""}).refused == ErrorCode::not_found);
  CHECK(m.run(kChair, cmd::Mark{11, Attendance::departed, {}, ""}).refused == ErrorCode::conflict);
  REQUIRE_FALSE(m.run(kChair, cmd::RollcallClose{}).refused);
  const auto closed = m.last_data();
  const auto& sum = closed.at("summary").as_object();
  // Denominator: 9 official - 1 attached - 1 exempt absent - 1 excused = 6.
  CHECK(sum.at("denominator").as_int64() == 6);
  CHECK(sum.at("voters_present").as_int64() == 6);
  CHECK(sum.at("present").as_int64() == 7);
  CHECK(closed.at("absent_excused").as_array().size() == 1);
  // Probationary B and the exempt and attached members were never marked.
  CHECK(closed.at("unmarked").as_array().size() == 3);
  CHECK(m.run(kChair, cmd::RollcallClose{}).refused == ErrorCode::conflict);

  // After the roll call closed, an arrival is late.
  REQUIRE_FALSE(m.run(member_actor(11), cmd::Checkin{}).refused);
  CHECK(m.last_data().at("late").as_bool());
  CHECK_FALSE(m.last_data().at("can_vote").as_bool());  // probationary
  // The minute-taker may mark attendance once appointed.
  CHECK(m.run(member_actor(3), cmd::Mark{8, Attendance::present, {}, ""}).refused == ErrorCode::forbidden);
  REQUIRE_FALSE(m.run(kChair, cmd::Appoint{"minute_taker", "member:3", {}, ""}).refused);
  REQUIRE_FALSE(m.run(member_actor(3), cmd::Mark{8, Attendance::present, {}, ""}).refused);
  CHECK(m.last_data().at("can_vote").as_bool());  // exempt and present: votes
  CHECK(m.last_data().at("summary").at("denominator").as_int64() == 7);
}

TEST_CASE("speakers: queue order, floor, timing, gist", "[meeting][decide]") {
  Meeting m = opened_meeting();
  REQUIRE_FALSE(m.run(kChair, cmd::AgendaGoto{"i5"}).refused);
  CHECK(m.run(kChair, cmd::AgendaGoto{"nope"}).refused == ErrorCode::not_found);
  CHECK(m.run(member_actor(99), cmd::HandRaise{}).refused == ErrorCode::not_eligible);  // not on the roll
  CHECK(m.run(kObserver, cmd::HandRaise{}).refused == ErrorCode::not_eligible);          // never came in
  // Members on the roll may raise a hand; arrived observers too.
  m.s.arrived["account:9"] = Participant{"account:9", "Cán bộ huyện", "observer", "", std::nullopt};
  REQUIRE_FALSE(m.run(member_actor(1), cmd::HandRaise{}).refused);
  REQUIRE_FALSE(m.run(kObserver, cmd::HandRaise{}).refused);
  REQUIRE_FALSE(m.run(member_actor(4), cmd::HandRaise{}).refused);
  CHECK(m.run(member_actor(4), cmd::HandRaise{}).events.empty());
  REQUIRE(m.s.hands == std::deque<std::string>{"member:1", "account:9", "member:4"});
  CHECK(m.run(member_actor(1), cmd::HandLower{"member:4"}).refused == ErrorCode::forbidden);
  CHECK(m.run(member_actor(1), cmd::FloorGive{"member:4"}).refused == ErrorCode::forbidden);
  CHECK(m.run(kChair, cmd::FloorEnd{}).refused == ErrorCode::conflict);

  REQUIRE_FALSE(m.run(kChair, cmd::FloorGive{"member:1"}).refused);
  const std::int64_t first = m.s.head;
  CHECK(m.last_data().at("speech").as_int64() == first);
  CHECK(m.last_data().at("item").as_string() == "i5");
  m.now += 95'000;
  // Giving the floor to the next speaker ends the current one first.
  auto d = m.run(kChair, cmd::FloorGive{"account:9"});
  REQUIRE(d.events.size() == 2);
  CHECK(d.events[0].type == "floor.ended");
  CHECK(d.events[0].data.at("duration_ms").as_int64() == 95'000);
  CHECK(m.s.hands == std::deque<std::string>{"member:4"});
  // The speaker may end their own floor; another member may not.
  CHECK(m.run(member_actor(4), cmd::FloorEnd{}).refused == ErrorCode::forbidden);
  REQUIRE_FALSE(m.run(kObserver, cmd::FloorEnd{}).refused);
  CHECK_FALSE(m.s.floor);
  // The gist: the chair or the minute-taker.
  CHECK(m.run(member_actor(4), cmd::Gist{first, "Ý kiến"}).refused == ErrorCode::forbidden);
  CHECK(m.run(kChair, cmd::Gist{424242, "x"}).refused == ErrorCode::not_found);
  REQUIRE_FALSE(m.run(kChair, cmd::Gist{first, "Đồng ý với dự thảo"}).refused);
  CHECK(m.s.speeches.at(first).gist == "Đồng ý với dự thảo");
}


TEST_CASE("named votes: eligibility, idempotency, changes, the result by the rule set", "[meeting][decide]") {
  using domain::Choice;
  Meeting m = meeting_with_roll_call();
  auto opened = m.run(kChair, cmd::VoteOpen{"Nghị quyết tháng 12", "", domain::DecisionKind::ordinary});
  REQUIRE_FALSE(opened.refused);
  const std::int64_t vote = opened.result.at("vote").as_int64();
  CHECK(m.last_data().at("denominator").as_int64() == 7);
  CHECK(m.last_data().at("eligible").as_array().size() == 6);
  CHECK(m.run(kChair, cmd::VoteOpen{"Another", "", domain::DecisionKind::ordinary}).refused == ErrorCode::conflict);

  struct Row {
    Actor who;
    Choice c;
    std::string key;
    std::optional<ErrorCode> error;
    bool appends;
  };
  const Row rows[] = {
      {member_actor(1), Choice::yes, "a", std::nullopt, true},
      {member_actor(1), Choice::yes, "a", std::nullopt, false},                // retry: counted once
      {member_actor(1), Choice::no, "a", ErrorCode::conflict, false},          // same key, other choice
      {member_actor(2), Choice::no, "", std::nullopt, true},
      {member_actor(2), Choice::yes, "", std::nullopt, true},                  // changed her mind
      {member_actor(2), Choice::yes, "", std::nullopt, false},                 // same answer again
      {member_actor(3), Choice::yes, "k3", std::nullopt, true},
      {member_actor(10), Choice::yes, "", ErrorCode::not_eligible, false},     // probationary
      {member_actor(7), Choice::yes, "", ErrorCode::not_eligible, false},      // absent
      {member_actor(8), Choice::yes, "", ErrorCode::not_eligible, false},      // exempt, absent
      {kObserver, Choice::yes, "", ErrorCode::not_eligible, false},
      {member_actor(4), Choice::abstain, "", std::nullopt, true},
  };
  for (const auto& r : rows) {
    INFO(r.who.participant << " " << domain::to_string(r.c) << " key " << r.key);
    const auto head = m.s.head;
    auto d = m.run(r.who, cmd::VoteCast{vote, r.c, r.key});
    CHECK(d.refused == r.error);
    CHECK((m.s.head != head) == r.appends);
  }
  CHECK(m.run(member_actor(5), cmd::VoteCast{vote + 1000, Choice::yes, ""}).refused == ErrorCode::not_found);
  CHECK(m.run(member_actor(5), cmd::VoteClose{vote}).refused == ErrorCode::forbidden);
  CHECK(m.run(kChair, cmd::Close{}).refused == ErrorCode::conflict);

  // 3 for out of a denominator of 7: 3*2 = 6 is not more than 7.
  REQUIRE_FALSE(m.run(kChair, cmd::VoteClose{vote}).refused);
  auto r = m.last_data();
  CHECK(r.at("for").as_int64() == 3);
  CHECK(r.at("abstain").as_int64() == 1);
  CHECK(r.at("required").as_int64() == 4);
  CHECK_FALSE(r.at("passed").as_bool());
  CHECK(r.at("rule").as_string() == "more_than_half");
  CHECK(r.at("not_answered").as_array().size() == 2);  // members 5 and 6
  // After the close: a new answer is refused, a retry is still answered.
  CHECK(m.run(member_actor(5), cmd::VoteCast{vote, Choice::yes, ""}).refused == ErrorCode::vote_closed);
  auto retry = m.run(member_actor(3), cmd::VoteCast{vote, Choice::yes, "k3"});
  CHECK_FALSE(retry.refused);
  CHECK(retry.duplicate_of.has_value());
  CHECK(m.run(kChair, cmd::VoteClose{vote}).refused == ErrorCode::vote_closed);
}

TEST_CASE("vote results follow the decision's threshold", "[meeting][decide]") {
  using domain::Choice;
  struct Case {
    domain::DecisionKind decision;
    int yes;
    bool passed;
    int required;
  };
  // Denominator 7 (see meeting_with_roll_call): more than half needs 4, two
  // thirds needs 5 (5*3 = 15 >= 14; 4*3 = 12 < 14).
  const auto c = GENERATE(values<Case>({
      {domain::DecisionKind::ordinary, 4, true, 4},
      {domain::DecisionKind::ordinary, 3, false, 4},
      {domain::DecisionKind::admission, 4, false, 5},
      {domain::DecisionKind::admission, 5, true, 5},
      {domain::DecisionKind::confirmation, 6, true, 5},
  }));
  Meeting m = meeting_with_roll_call();
  auto d = m.run(kChair, cmd::VoteOpen{"x", "", c.decision});
  const auto vote = d.result.at("vote").as_int64();
  for (int i = 1; i <= c.yes; ++i) REQUIRE_FALSE(m.run(member_actor(i), cmd::VoteCast{vote, Choice::yes, ""}).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::VoteClose{vote}).refused);
  CHECK(m.last_data().at("passed").as_bool() == c.passed);
  CHECK(m.last_data().at("required").as_int64() == c.required);
}

TEST_CASE("appointments and introductions", "[meeting][decide]") {
  Meeting m = opened_meeting();
  CHECK(m.run(kChair, cmd::Appoint{"minute_taker", "member:42", {}, ""}).refused == ErrorCode::not_found);
  REQUIRE_FALSE(m.run(kChair, cmd::Appoint{"chair", "member:2", {}, ""}).refused);
  // The appointed chair chairs; the cell's manager still may.
  REQUIRE_FALSE(m.run(member_actor(2), cmd::RollcallOpen{}).refused);
  CHECK(m.run(member_actor(3), cmd::RollcallClose{}).refused == ErrorCode::forbidden);
  REQUIRE_FALSE(m.run(kChair, cmd::Appoint{"counting_committee", "", {"member:1", "member:4"}, "member:4"}).refused);
  CHECK(m.s.committee_head == "member:4");
  CHECK(m.run(kChair, cmd::Appoint{"counting_committee", "", {"member:1"}, "member:4"}).refused ==
        ErrorCode::invalid_args);
  // A visitor without a link gets an id and is introduced at once.
  auto d = m.run(kChair, cmd::Introduce{std::nullopt, "Trần Văn Quan", "Đảng ủy viên", true});
  REQUIRE(d.events.size() == 2);
  const std::string visitor = "visitor:" + std::to_string(m.s.head - 1);
  CHECK(m.s.arrived.at(visitor).role == "observer");
  CHECK(m.s.introduced.contains(visitor));
  CHECK(m.run(kChair, cmd::Introduce{"member:1", "", "", false}).refused == ErrorCode::invalid_args);
  CHECK(m.run(kChair, cmd::Introduce{"guest:nobody", "", "", false}).refused == ErrorCode::not_found);
}

TEST_CASE("the fold rebuilds the same state from the log", "[meeting][decide]") {
  Meeting m = meeting_with_roll_call();
  auto d = m.run(kChair, cmd::VoteOpen{"x", "", domain::DecisionKind::ordinary});
  REQUIRE_FALSE(m.run(member_actor(1), cmd::VoteCast{d.result.at("vote").as_int64(), domain::Choice::yes, "r"}).refused);
  MeetingState again = empty_state();
  for (const auto& e : m.log) apply(again, e);
  CHECK(again.head == m.s.head);
  CHECK(again.roll.size() == m.s.roll.size());
  for (std::size_t i = 0; i < again.roll.size(); ++i) CHECK(again.roll[i].attendance == m.s.roll[i].attendance);
  CHECK(again.votes.at(d.result.at("vote").as_int64()).keys == m.s.votes.at(d.result.at("vote").as_int64()).keys);
  CHECK(again.open_vote == m.s.open_vote);
}

namespace chibo::meeting::test {

// PROTOCOL.md "Events": participants.arrived holds the first arrivals of one
// write; the fold records each exactly as a participant.arrived would, so
// the attendance record (and the minutes) cannot tell them apart.
TEST_CASE("the fold takes participants.arrived as that many participant.arrived", "[meeting][decide]") {
  auto append = [](MeetingState& s, std::string type, json::object data) {
    store::EventRecord e;
    e.meeting_id = 7;
    e.seq = s.head + 1;
    e.type = std::move(type);
    e.actor = "system";
    e.ts_ms = 1'000'000;
    e.data = json::serialize(data);
    e.prev_hash = s.head_hash;
    e.hash = store::chain_hash(e);
    apply(s, e);
  };
  const Participant a{"member:1", "Nguyễn Thị Hồng", "member", "", std::nullopt};
  const Participant b{"account:9", "Phan Văn Quang", "observer", "Đảng ủy viên", std::nullopt};
  const Participant c{"guest:1", "Khách", "guest", "", std::nullopt};

  Meeting batched, single;
  append(batched.s, "participants.arrived",
         {{"participants", json::array{to_json(a, true), to_json(b, true), to_json(c, true)}}});
  for (const auto* p : {&a, &b, &c}) append(single.s, "participant.arrived", {{"participant", to_json(*p, true)}});

  REQUIRE(batched.s.arrived.size() == 3);
  for (const auto& [id, p] : single.s.arrived) {
    INFO(id);
    REQUIRE(batched.s.arrived.contains(id));
    CHECK(batched.s.arrived.at(id).name == p.name);
    CHECK(batched.s.arrived.at(id).role == p.role);
    CHECK(batched.s.arrived.at(id).title == p.title);
  }
  CHECK(batched.s.head == 2);  // one event, one seq
  CHECK(single.s.head == 4);
}

}  // namespace chibo::meeting::test
