// The meeting actor's lane (PROTOCOL.md `vote.casts`, `attendance.marks`):
// casts and check-ins that come while one of theirs is being written are
// decided in turn and logged as one event. Driven deterministically: every
// command is posted before the io_context runs, so all but the first are on
// the strand before the first one's write can come back. Ballot turnout
// pushes are gathered the same way, per flush.
#include <catch2/catch.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <chrono>

#include "../store/store_fixture.hpp"
#include "meeting/meeting_actor.hpp"
#include "metrics/metrics.hpp"
#include "meeting_fixture.hpp"

namespace chibo::meeting::test {
namespace {

using Outcome = MeetingActor::Outcome;

// A connection whose socket has not taken what it was given: it holds every
// frame until told to send it (a congress's fan-out still under way, or a
// phone whose link has stalled).
struct HeldConnection : Subscriber {
  std::vector<protocol::SharedFrame> held;
  void deliver(protocol::SharedFrame f) override { held.push_back(std::move(f)); }
  void deliver_all(SharedFrames fs) override { held.insert(held.end(), fs->begin(), fs->end()); }
  void deliver_backlog(std::vector<protocol::SharedFrame> fs) override { held.insert(held.end(), fs.begin(), fs.end()); }
  void close(protocol::CloseCode) override {}
};

// The fixture's meeting (decided in memory) written to a real store, and an
// actor over it.
struct Lane {
  store::test::TempDb db;
  std::unique_ptr<store::Store> store = db.open();
  boost::asio::io_context io;
  std::shared_ptr<MeetingActor> actor;
  domain::Id id = 0;

  explicit Lane(const Meeting& m) {
    const domain::Id cell = store::test::add_unit(*store, domain::UnitKind::cell, "Chi bộ 1");
    domain::Meeting row = m.s.meeting;
    row.cell_id = cell;
    auto [st, created] = store::test::wait_for<store::EventRecord>(
        [&](auto done) { store->create_meeting(row, m.log.front(), done); });
    REQUIRE(st.is_ok());
    std::vector<store::EventRecord> log{created};
    id = created.meeting_id;
    for (std::size_t i = 1; i < m.log.size(); ++i) {
      store::EventRecord e = m.log[i];
      e.meeting_id = id;
      e.prev_hash = log.back().hash;
      e.hash = store::chain_hash(e);
      REQUIRE(store::test::wait_status([&](auto done) { store->append_event(e, std::nullopt, done); }).is_ok());
      log.push_back(e);
    }
    MeetingState s = empty_state();
    for (const auto& e : log) apply(s, e);
    actor = std::make_shared<MeetingActor>(io.get_executor(), *store, std::move(s), log, domain::default_rule_set());
  }

  // Posts every command, then runs until all are answered.
  std::vector<Outcome> run(const std::vector<std::pair<Actor, cmd::Command>>& commands) {
    std::vector<Outcome> out(commands.size());
    std::size_t answered = 0;
    for (std::size_t i = 0; i < commands.size(); ++i)
      actor->command(commands[i].first, commands[i].second, [&out, &answered, i](Outcome o) {
        out[i] = std::move(o);
        ++answered;
      });
    until([&] { return answered == commands.size(); });
    return out;
  }

  // Runs the actor's handlers until `done()` holds.
  void until(const std::function<bool()>& done) {
    io.restart();  // a previous run may have left it stopped
    auto guard = boost::asio::make_work_guard(io);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!done() && std::chrono::steady_clock::now() < deadline) io.run_one_for(std::chrono::milliseconds(100));
    REQUIRE(done());
  }

  std::vector<store::EventRecord> log() { return store->events(id); }

  // `n` connections joined as member 1 (to `to`, else this lane's actor),
  // each holding what it is sent.
  std::vector<std::shared_ptr<HeldConnection>> connect(std::size_t n, std::shared_ptr<MeetingActor> to = nullptr) {
    auth::Principal who;
    who.kind = auth::Principal::Kind::member_link;
    who.member_id = 1;
    who.participant = "member:1";
    who.name = "Official 1";
    std::vector<std::shared_ptr<HeldConnection>> conns;
    std::size_t joined = 0;
    for (std::size_t i = 0; i < n; ++i) {
      conns.push_back(std::make_shared<HeldConnection>());
      (to ? to : actor)->join(conns.back(), who, 0, [&joined](MeetingActor::Error e, MeetingActor::Joined) { joined += !e; });
    }
    until([&] { return joined == n; });
    return conns;
  }
  void disconnect(const std::vector<std::shared_ptr<HeldConnection>>& conns) {
    for (const auto& c : conns) actor->leave(c);
    until([&] { return io.poll() == 0; });
  }
};

json::object data_of(const store::EventRecord& e) { return json::parse(e.data).as_object(); }


std::pair<Actor, cmd::Command> cast(domain::Id member, std::int64_t vote, domain::Choice c, std::string key) {
  return {member_actor(member), cmd::VoteCast{vote, c, std::move(key)}};
}

}  // namespace

TEST_CASE("lane: casts that queue behind a write are logged as one vote.casts, each answered with its seq",
          "[meeting][lane]") {
  Lane lane(meeting_with_roll_call());
  const auto opened = lane.run({{kChair, cmd::VoteOpen{"Kết nạp", "", domain::DecisionKind::ordinary}}});
  REQUIRE_FALSE(opened[0].error);
  const std::int64_t vote = opened[0].seq;
  using domain::Choice;

  const auto out = lane.run({
      cast(1, vote, Choice::yes, "k1"),      // written alone: nothing was in flight
      cast(2, vote, Choice::yes, "k2"),      // these queue behind it ...
      cast(3, vote, Choice::no, "k3"),
      cast(7, vote, Choice::yes, "k7"),      // absent: refused, the others unaffected
      cast(2, vote, Choice::abstain, "k2b"), // changes her mind in the same batch: the last counts
      cast(3, vote, Choice::no, "k3"),       // a retry of a cast in the same batch
      cast(4, vote, Choice::no, ""),
      cast(1, vote, Choice::yes, "k1"),      // a retry of the first, already in flight
      cast(5, vote, Choice::yes, ""),
      {kChair, cmd::VoteClose{vote}},        // came after the casts: counts them all
  });
  const std::int64_t first = out[0].seq, batch = first + 1;
  CHECK_FALSE(out[0].error);
  for (std::size_t i : {1u, 2u, 4u, 6u, 8u}) {
    INFO("command " << i);
    CHECK_FALSE(out[i].error);
    CHECK(out[i].seq == batch);
    CHECK_FALSE(out[i].duplicate);
  }
  CHECK(out[3].error == ErrorCode::not_eligible);
  CHECK((out[5].duplicate && out[5].seq == batch));
  CHECK((out[7].duplicate && out[7].seq == first));
  CHECK((!out[9].error && out[9].seq == batch + 1));

  const auto log = lane.log();
  REQUIRE(static_cast<std::int64_t>(log.size()) == batch + 1);
  CHECK(log[static_cast<std::size_t>(first - 1)].type == "vote.cast");
  const auto& e = log[static_cast<std::size_t>(batch - 1)];
  CHECK(e.type == "vote.casts");
  CHECK(e.actor == "system");
  const json::object d = data_of(e);
  CHECK(d.at("vote").as_int64() == vote);
  const auto& casts = d.at("casts").as_array();
  REQUIRE(casts.size() == 5);
  CHECK(casts[0].as_object().at("member").as_int64() == 2);
  // Only what the roster does not say: the participant id ("member:2") and
  // the name are every client's already.
  CHECK(json::serialize(casts[0]) == R"({"member":2,"choice":"for","key":"k2"})");
  CHECK(casts[2].as_object().at("choice").as_string() == "abstain");
  CHECK(json::serialize(casts[3]) == R"({"member":4,"choice":"against","key":""})");
  CHECK(json::serialize(d.at("tally")) == R"({"for":2,"against":2,"abstain":1,"answered":5})");

  const json::object closed = data_of(log.back());
  CHECK(log.back().type == "vote.closed");
  CHECK(closed.at("for").as_int64() == 2);
  CHECK(closed.at("against").as_int64() == 2);
  CHECK(closed.at("abstain").as_int64() == 1);

  // The log folds back to what the actor decided: a restarted server
  // answers every retry as it was answered.
  MeetingState s = empty_state();
  for (const auto& r : log) apply(s, r);
  const NamedVote& v = s.votes.at(vote);
  CHECK(v.choices.at(2) == Choice::abstain);
  CHECK(v.keys.at(2).at("k2").second == batch);
  CHECK(v.keys.at(2).at("k2b").second == batch);
  CHECK(v.keys.at(1).at("k1").second == first);
}

TEST_CASE("lane: a cast's key is logged but not sent, and a batch is sent grouped by choice, live, replayed or after a reload",
          "[meeting][lane][sent]") {
  Lane lane(meeting_with_roll_call());
  const auto live = lane.connect(1);
  const auto opened = lane.run({{kChair, cmd::VoteOpen{"Kết nạp", "", domain::DecisionKind::ordinary}}});
  REQUIRE_FALSE(opened[0].error);
  const std::int64_t vote = opened[0].seq;
  const auto out = lane.run({cast(1, vote, domain::Choice::yes, "k-one"), cast(2, vote, domain::Choice::no, "k-two"),
                             cast(3, vote, domain::Choice::yes, "k-three")});
  for (const auto& o : out) REQUIRE_FALSE(o.error);
  lane.until([&] { return lane.io.poll() == 0; });

  // The log keeps every key: a retry is recognised, even after a restart.
  std::string logged;
  for (const auto& e : lane.log())
    if (e.type.rfind("vote.cast", 0) == 0) logged += e.data;
  for (const char* k : {"k-one", "k-two", "k-three"}) CHECK(logged.find(k) != std::string::npos);

  // What a connection is sent has none, whenever it is sent.
  auto sent_casts = [](const std::vector<protocol::SharedFrame>& frames) {
    std::string all;
    int n = 0;
    for (const auto& f : frames)
      if (f->rfind("{\"ev\":\"vote.cast", 0) == 0) all += *f, ++n;
    return std::pair{n, all};
  };
  const auto [live_n, live_frames] = sent_casts(live[0]->held);
  CHECK(live_n >= 2);  // the first alone, the others in one vote.casts
  CHECK(live_frames.find("\"key\"") == std::string::npos);
  CHECK(live_frames.find("\"choice\":\"for\"") != std::string::npos);  // the first, alone
  CHECK(live_frames.find("\"choices\":{\"against\":[2],\"for\":[3]}") != std::string::npos);
  const auto replayed = lane.connect(1);  // since 0: the whole log from the actor's frames
  CHECK(sent_casts(replayed[0]->held) == sent_casts(live[0]->held));
  MeetingState s = empty_state();
  const auto log = lane.log();
  for (const auto& e : log) apply(s, e);
  auto reloaded = std::make_shared<MeetingActor>(lane.io.get_executor(), *lane.store, std::move(s), log,
                                                 domain::default_rule_set());
  const auto after = lane.connect(1, reloaded);
  CHECK(sent_casts(after[0]->held) == sent_casts(live[0]->held));
  reloaded->leave(after[0]);
  lane.disconnect(live);
  lane.disconnect(replayed);
}

TEST_CASE("lane: check-ins that queue behind a write are logged as one attendance.marks with the summary once",
          "[meeting][lane]") {
  Lane lane(opened_meeting());
  const auto live = lane.connect(1);
  std::vector<std::pair<Actor, cmd::Command>> in;
  for (int i : {1, 2, 3, 10, 2}) in.push_back({member_actor(i), cmd::Checkin{}});  // 2 twice: unchanged
  in.push_back({member_actor(42), cmd::Checkin{}});                                 // not on the roll
  in.push_back({kChair, cmd::Mark{7, Attendance::absent_unexcused, {}, ""}});       // another kind: after them
  in.push_back({member_actor(4), cmd::Checkin{}});
  const auto out = lane.run(in);
  const std::int64_t first = out[0].seq, batch = first + 1;
  for (std::size_t i : {1u, 2u, 3u}) CHECK(out[i].seq == batch);
  CHECK((out[4].unchanged && out[4].seq == batch));
  CHECK(out[5].error == ErrorCode::not_eligible);
  CHECK(out[6].seq == batch + 1);
  CHECK(out[7].seq == batch + 2);  // a lane of one after the mark: logged as it is

  const auto log = lane.log();
  REQUIRE(static_cast<std::int64_t>(log.size()) == batch + 2);
  CHECK(log[static_cast<std::size_t>(first - 1)].type == "attendance.marked");
  const auto& e = log[static_cast<std::size_t>(batch - 1)];
  CHECK(e.type == "attendance.marks");
  const json::object d = data_of(e);
  const auto& marks = d.at("marks").as_array();
  REQUIRE(marks.size() == 3);
  // A member's own check-in: no name, no `by` (the member), no empty
  // reason or note, no `late` when on time, no attendance (present), and
  // can_vote only when false (member 10 is probationary). The fold below
  // reads them back as present.
  CHECK(json::serialize(marks[0]) == R"({"member":2})");
  CHECK(json::serialize(marks[2]) == R"({"member":10,"can_vote":false})");
  CHECK(d.at("summary").as_object().at("present").as_int64() == 4);
  // Sent, the plain ones are a list of ids (PROTOCOL.md attendance.marks).
  lane.until([&] { return lane.io.poll() == 0; });
  std::string sent;
  for (const auto& f : live[0]->held)
    if (f->rfind("{\"ev\":\"attendance.marks\"", 0) == 0) sent += *f;
  CHECK(sent.find(R"("data":{"present":[2,3],"marks":[{"member":10,"can_vote":false}],"summary":{)") != std::string::npos);
  CHECK(log[static_cast<std::size_t>(batch)].type == "attendance.marked");
  CHECK(log.back().type == "attendance.marked");
  CHECK(data_of(log.back()).at("summary").as_object().at("present").as_int64() == 5);

  MeetingState s = empty_state();
  for (const auto& r : log) apply(s, r);
  for (int i : {1, 2, 3, 4, 10}) CHECK(s.roll_entry(i)->attendance == Attendance::present);
  CHECK(s.roll_entry(7)->attendance == Attendance::absent_unexcused);

  // After a roll call is closed, check-ins are late: the entry says so, and
  // a member who may not vote says that too.
  const auto later = lane.run({{kChair, cmd::RollcallOpen{}}, {kChair, cmd::RollcallClose{}},
                               {member_actor(5), cmd::Checkin{}},    // alone: nothing in flight
                               {member_actor(6), cmd::Checkin{}},    // these two queue behind it
                               {member_actor(11), cmd::Checkin{}}});
  for (const auto& o : later) REQUIRE_FALSE(o.error);
  const auto late = lane.log().back();
  REQUIRE(late.type == "attendance.marks");
  const json::object ld = data_of(late);
  const auto& lm = ld.at("marks").as_array();
  REQUIRE(lm.size() == 2);
  CHECK(json::serialize(lm[0]) == R"({"member":6,"late":true})");
  CHECK(json::serialize(lm[1]) == R"({"member":11,"late":true,"can_vote":false})");
  MeetingState after = empty_state();
  for (const auto& r : lane.log()) apply(after, r);
  CHECK(after.roll_entry(6)->late);
  CHECK(after.roll_entry(6)->attendance == Attendance::present);
  CHECK(after.roll_entry(6)->note.empty());
  CHECK_FALSE(after.roll_entry(6)->reason);
  lane.disconnect(live);
}

TEST_CASE("lane: hands raised behind a write are logged as one hands.raised, in the order raised",
          "[meeting][lane]") {
  Lane lane(meeting_with_roll_call());
  const auto out = lane.run({
      {member_actor(1), cmd::HandRaise{}},   // alone
      {member_actor(3), cmd::HandRaise{}},   // these queue behind it, in this order
      {member_actor(2), cmd::HandRaise{}},
      {member_actor(3), cmd::HandRaise{}},   // already queued: unchanged
      {member_actor(42), cmd::HandRaise{}},  // unknown here: refused, the others unaffected
      {member_actor(5), cmd::HandRaise{}},
  });
  const std::int64_t first = out[0].seq, batch = first + 1;
  CHECK(lane.log()[static_cast<std::size_t>(first - 1)].type == "hand.raised");
  for (std::size_t i : {1u, 2u, 5u}) CHECK((!out[i].error && out[i].seq == batch));
  CHECK((out[3].unchanged && out[3].seq == batch));
  CHECK(out[4].error == ErrorCode::not_eligible);
  const auto log = lane.log();
  REQUIRE(static_cast<std::int64_t>(log.size()) == batch);
  CHECK(log.back().type == "hands.raised");
  CHECK(log.back().actor == "system");
  // Each entry as its hand.raised: who raises a hand may be a guest, whom no
  // roster names, so the name stays.
  CHECK(json::serialize(data_of(log.back())) ==
        R"({"hands":[{"participant":"member:3","name":"Official 3"},{"participant":"member:2","name":"Official 2"},)"
        R"({"participant":"member:5","name":"Official 5"}]})");
  MeetingState s = empty_state();
  for (const auto& r : log) apply(s, r);
  CHECK(std::vector<std::string>(s.hands.begin(), s.hands.end()) ==
        std::vector<std::string>{"member:1", "member:3", "member:2", "member:5"});
}

TEST_CASE("lane: casts wait until the last cast event has reached every connection, at most a bound",
          "[meeting][lane]") {
  Lane lane(meeting_with_roll_call());
  const auto opened = lane.run({{kChair, cmd::VoteOpen{"Kết nạp", "", domain::DecisionKind::ordinary}}});
  const std::int64_t vote = opened[0].seq;
  using domain::Choice;
  // Only a meeting this large waits (a congress; a cell of 29 does not).
  const auto conns = lane.connect(MeetingActor::kLaneWaitFrom);
  const auto& conn = conns.back();

  const auto first = lane.run({cast(1, vote, Choice::yes, "k1")});
  REQUIRE_FALSE(first[0].error);
  REQUIRE_FALSE(conn->held.empty());  // its event has not been sent to the connection yet
  // Nothing of the lane is being written, yet these two wait: the last cast
  // event is still on its way. Without the wait, 2 would go alone. The bound
  // lets them go although the connection never sends.
  const auto timeouts = metrics::counters().lane_delivery_timeouts.load();
  const auto next = lane.run({cast(2, vote, Choice::no, "k2"), cast(3, vote, Choice::yes, "k3")});
  CHECK(metrics::counters().lane_delivery_timeouts.load() == timeouts + 1);  // operators see it
  REQUIRE_FALSE(next[0].error);
  CHECK(next[0].seq == first[0].seq + 1);
  CHECK(next[1].seq == next[0].seq);
  CHECK(lane.log().back().type == "vote.casts");

  // Sent by all: the next cast goes at once, alone.
  for (auto& c : conns) c->held.clear();
  const auto last = lane.run({cast(4, vote, Choice::abstain, "k4")});
  CHECK(last[0].seq == next[0].seq + 1);
  CHECK(lane.log().back().type == "vote.cast");
  lane.disconnect(conns);
}

TEST_CASE("lane: a meeting below kLaneWaitFrom connections does not wait for delivery", "[meeting][lane]") {
  Lane lane(meeting_with_roll_call());
  const std::int64_t vote = lane.run({{kChair, cmd::VoteOpen{"Kết nạp", "", domain::DecisionKind::ordinary}}})[0].seq;
  const auto conns = lane.connect(1);
  const auto first = lane.run({cast(1, vote, domain::Choice::yes, "k1")});
  // Its event is still held by the connection, and the next cast goes at
  // once, alone: no wait, so none ended by the bound.
  const auto timeouts = metrics::counters().lane_delivery_timeouts.load();
  const auto next = lane.run({cast(2, vote, domain::Choice::no, "k2")});
  CHECK(next[0].seq == first[0].seq + 1);
  CHECK(lane.log().back().type == "vote.cast");
  CHECK(metrics::counters().lane_delivery_timeouts.load() == timeouts);
  lane.disconnect(conns);
}

TEST_CASE("turnout: ballots held before the flush go as one ballot.turnout push, in the order held",
          "[meeting][lane][ballot]") {
  Lane lane(meeting_with_roll_call());  // voters 1..6
  const auto opened =
      lane.run({{kChair, cmd::BallotOpen{"yes_no", "Kết nạp", domain::DecisionKind::ordinary, {}, {}, 1, 0}}});
  REQUIRE_FALSE(opened[0].error);
  const std::int64_t ballot = opened[0].seq;
  const auto conns = lane.connect(1);
  const auto& conn = conns.front();
  auto pushes = [&] {
    std::vector<json::object> out;
    for (const auto& f : conn->held) {
      auto v = json::parse(*f).as_object();
      if (v.at("ev").as_string() == "ballot.turnout") out.push_back(v.at("data").as_object());
    }
    conn->held.clear();
    return out;
  };
  auto ballot_cast = [&](domain::Id member) {
    char tracker[33];
    std::snprintf(tracker, sizeof tracker, "%032x", static_cast<unsigned>(member));
    return std::pair<Actor, cmd::Command>{member_actor(member), cmd::BallotCast{ballot, {"for"}, false, tracker, ""}};
  };

  // One alone: the push as it always was.
  for (const auto& o : lane.run({ballot_cast(3)})) REQUIRE_FALSE(o.error);
  auto one = pushes();
  REQUIRE(one.size() == 1);
  CHECK(json::serialize(one[0]) == R"({"ballot":)" + std::to_string(ballot) + R"(,"participant":"member:3","turnout":1})");

  // Posted together, they are all held before the flush runs: one push, with
  // the turnout after the last; a refused one (7 is absent) is not in it.
  for (const auto& o : lane.run({ballot_cast(5), ballot_cast(1), ballot_cast(7), ballot_cast(2)}))
    CHECK((!o.error || *o.error == ErrorCode::not_eligible));
  auto many = pushes();
  REQUIRE(many.size() == 1);
  CHECK(json::serialize(many[0]) ==
        R"({"ballot":)" + std::to_string(ballot) + R"(,"participants":["member:5","member:1","member:2"],"turnout":4})");
  lane.disconnect(conns);
}

}  // namespace chibo::meeting::test
