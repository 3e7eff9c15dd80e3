// The meeting actor's lane (PROTOCOL.md `vote.casts`, `attendance.marks`):
// casts and check-ins that come while one of theirs is being written are
// decided in turn and logged as one event. Driven deterministically: every
// command is posted before the io_context runs, so all but the first are on
// the strand before the first one's write can come back.
#include <catch2/catch.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <chrono>

#include "../store/store_fixture.hpp"
#include "meeting/meeting_actor.hpp"
#include "meeting_fixture.hpp"

namespace chibo::meeting::test {
namespace {

using Outcome = MeetingActor::Outcome;

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
    io.restart();  // a previous run may have left it stopped
    auto guard = boost::asio::make_work_guard(io);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (answered < commands.size() && std::chrono::steady_clock::now() < deadline)
      io.run_one_for(std::chrono::milliseconds(100));
    REQUIRE(answered == commands.size());
    return out;
  }

  std::vector<store::EventRecord> log() { return store->events(id); }
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
  CHECK(casts[0].as_object().at("name").as_string() == "Official 2");
  CHECK(casts[0].as_object().at("key").as_string() == "k2");
  CHECK(casts[2].as_object().at("choice").as_string() == "abstain");
  CHECK_FALSE(casts[0].as_object().contains("participant"));  // it is "member:<member>"
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

TEST_CASE("lane: check-ins that queue behind a write are logged as one attendance.marks with the summary once",
          "[meeting][lane]") {
  Lane lane(opened_meeting());
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
  CHECK(marks[2].as_object().at("member").as_int64() == 10);
  CHECK(marks[2].as_object().at("attendance").as_string() == "present");
  CHECK(d.at("summary").as_object().at("present").as_int64() == 4);
  CHECK(log[static_cast<std::size_t>(batch)].type == "attendance.marked");
  CHECK(log.back().type == "attendance.marked");
  CHECK(data_of(log.back()).at("summary").as_object().at("present").as_int64() == 5);

  MeetingState s = empty_state();
  for (const auto& r : log) apply(s, r);
  for (int i : {1, 2, 3, 4, 10}) CHECK(s.roll_entry(i)->attendance == Attendance::present);
  CHECK(s.roll_entry(7)->attendance == Attendance::absent_unexcused);
}

}  // namespace chibo::meeting::test
