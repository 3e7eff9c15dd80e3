// Secret ballots through decide() and the fold (PROTOCOL.md "Secret
// ballots"; docs/secret-ballot.md): casting writes nothing, the close seals
// a box sorted by tracker, counted by the rule set.
#include <algorithm>

#include "meeting_fixture.hpp"
#include "store/hash_chain.hpp"

using namespace chibo;
using namespace chibo::meeting;
using namespace chibo::meeting::test;

namespace {

std::string tracker(int i) {
  // Distinct and, on purpose, in the reverse of the casting order.
  char buf[33];
  std::snprintf(buf, sizeof buf, "%032x", 1000 - i);
  return buf;
}

cmd::BallotCast cast(std::int64_t ballot, std::string choice, int i, std::string key = "") {
  return cmd::BallotCast{ballot, {std::move(choice)}, false, tracker(i), std::move(key)};
}

std::int64_t open_ballot(Meeting& m, cmd::BallotOpen b) {
  auto d = m.run(kChair, b);
  REQUIRE_FALSE(d.refused);
  return d.result.at("ballot").as_int64();
}

}  // namespace

TEST_CASE("a cast is held, not written; the close seals the box sorted by tracker", "[meeting][ballot]") {
  Meeting m = meeting_with_roll_call();  // denominator 7, voters 1..6
  const auto b = open_ballot(m, {"yes_no", "Kết nạp quần chúng Nguyễn Văn A", domain::DecisionKind::admission, {}, {}, 1, 0});
  CHECK(m.last_data().at("issued").as_int64() == 6);
  const auto head = m.s.head;
  const char* choices[] = {"for", "for", "against", "for", "for", "blank"};
  for (int i = 1; i <= 6; ++i) {
    auto d = m.run(member_actor(i), cast(b, choices[i - 1], i, "k" + std::to_string(i)));
    REQUIRE_FALSE(d.refused);
    CHECK(d.immediate);
    CHECK(d.result.at("turnout").as_int64() == i);
  }
  CHECK(m.s.head == head);  // nothing appended while the ballot is open
  CHECK(m.box.turnout() == 6);

  SECTION("retries, second ballots, outsiders") {
    auto retry = m.run(member_actor(2), cast(b, "for", 2, "k2"));
    CHECK(retry.result.at("duplicate").as_bool());
    CHECK(m.box.turnout() == 6);
    CHECK(m.run(member_actor(2), cast(b, "against", 77, "other")).reason == "already_voted");
    CHECK(m.run(member_actor(10), cast(b, "for", 10)).refused == ErrorCode::not_eligible);  // probationary
    CHECK(m.run(kObserver, cast(b, "for", 11)).refused == ErrorCode::not_eligible);
    CHECK(m.run(member_actor(1), cast(b + 99, "for", 12)).refused == ErrorCode::not_found);
  }
  SECTION("the sealed record") {
    CHECK(m.run(kChair, cmd::Close{}).reason == "ballot_open");
    REQUIRE_FALSE(m.run(kChair, cmd::BallotClose{b}).refused);
    const auto d = m.last_data();
    CHECK(d.at("returned").as_int64() == 6);
    CHECK(d.at("valid").as_int64() == 5);
    CHECK(d.at("invalid").as_int64() == 1);
    CHECK(d.at("counts").at("for").as_int64() == 4);
    // Admission: at least 2/3 of 7 = 5 needed; 4 is not enough.
    CHECK_FALSE(d.at("result").at("passed").as_bool());
    CHECK(d.at("result").at("required").as_int64() == 5);
    // The box is in tracker order (here the reverse of casting) and its
    // fingerprint is the SHA-256 of its lines.
    const auto& box = d.at("box").as_array();
    REQUIRE(box.size() == 6);
    std::string lines, prev;
    for (const auto& v : box) {
      const std::string t(v.at("tracker").as_string());
      CHECK(t > prev);
      prev = t;
      lines += t + " " + std::string(v.at("choice").as_string()) + "\n";
    }
    CHECK(d.at("fingerprint").as_string() == store::sha256_hex(lines));
    // No ballot names a member; the voter list names no choice.
    for (const auto& v : box) CHECK(v.as_object().size() == 2);
    CHECK(d.at("voted").as_array().size() == 6);
    CHECK(d.at("secrecy").as_string() == "none");
    // Closed: no more ballots; a retry is still refused as closed.
    CHECK(m.run(member_actor(1), cast(b, "for", 1, "k1")).refused == ErrorCode::vote_closed);
    CHECK(m.run(kChair, cmd::BallotClose{b}).refused == ErrorCode::vote_closed);
  }
}

TEST_CASE("reopening voids every held ballot", "[meeting][ballot]") {
  Meeting m = meeting_with_roll_call();
  const auto b = open_ballot(m, {"yes_no", "x", domain::DecisionKind::ordinary, {}, {}, 1, 0});
  REQUIRE_FALSE(m.run(member_actor(1), cast(b, "for", 1)).refused);
  REQUIRE_FALSE(m.run(member_actor(2), cast(b, "for", 2)).refused);
  CHECK(m.run(member_actor(3), cmd::BallotReopen{b}).refused == ErrorCode::forbidden);
  REQUIRE_FALSE(m.run(kChair, cmd::BallotReopen{b}).refused);
  CHECK(m.last_data().at("voided").as_int64() == 2);
  CHECK(m.box.turnout() == 0);
  REQUIRE_FALSE(m.run(member_actor(1), cast(b, "against", 21)).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::BallotClose{b}).refused);
  CHECK(m.last_data().at("returned").as_int64() == 1);
  CHECK(m.last_data().at("secrecy").as_string() == "few_ballots");
}

TEST_CASE("choices are checked against the ballot's options", "[meeting][ballot]") {
  Meeting m = meeting_with_roll_call();
  const auto e = open_ballot(m, {"election", "Bầu chi ủy", {}, {}, {{"An", 1}, {"Bình", 2}, {"Cường", 3}}, 2, 0});
  auto list = [&](std::vector<std::string> ids, int i) { return cmd::BallotCast{e, std::move(ids), true, tracker(i), ""}; };
  CHECK(m.run(member_actor(1), list({"c1", "c2", "c3"}, 1)).reason == "choice");  // more than 2 seats
  CHECK(m.run(member_actor(1), list({"c1", "c1"}, 1)).reason == "choice");        // twice the same
  CHECK(m.run(member_actor(1), list({"c9"}, 1)).reason == "choice");
  CHECK(m.run(member_actor(1), cast(e, "c1", 1)).reason == "choice");              // not a list
  REQUIRE_FALSE(m.run(member_actor(1), list({"c2", "c1"}, 1)).refused);
  REQUIRE_FALSE(m.run(member_actor(2), list({"c1"}, 2)).refused);
  REQUIRE_FALSE(m.run(member_actor(3), list({}, 3)).refused);  // blank
  for (int i = 4; i <= 6; ++i) REQUIRE_FALSE(m.run(member_actor(i), list({"c1", "c3"}, i)).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::BallotClose{e}).refused);
  const auto d = m.last_data();
  CHECK(d.at("counts").at("c1").as_int64() == 5);
  CHECK(d.at("counts").at("c3").as_int64() == 3);
  CHECK(d.at("invalid").as_int64() == 1);
  // More than 1/2 of 7: 4. Only An has it.
  CHECK(d.at("result").at("elected").as_array() == json::array{"c1"});
  // Sorted candidate ids in the box.
  bool seen = false;
  for (const auto& v : d.at("box").as_array()) seen |= v.at("choice").as_string() == "c1,c2";
  CHECK(seen);
}

TEST_CASE("discipline counts from the harshest penalty down", "[meeting][ballot]") {
  Meeting m = meeting_with_roll_call();  // denominator 7
  const auto b = open_ballot(m, {"discipline", "Kỷ luật đ/c X", {}, {domain::Penalty::reprimand, domain::Penalty::warning}, {}, 1, 0});
  CHECK(m.last_data().at("options").as_array().size() == 3);  // warning, reprimand, none
  CHECK(m.last_data().at("options").as_array()[0].at("id").as_string() == "warning");
  const char* choices[] = {"warning", "warning", "reprimand", "reprimand", "none", "none"};
  for (int i = 1; i <= 6; ++i) REQUIRE_FALSE(m.run(member_actor(i), cast(b, choices[i - 1], i)).refused);
  REQUIRE_FALSE(m.run(kChair, cmd::BallotClose{b}).refused);
  // warning 2 (not > 3.5); warning+reprimand 4 > 3.5: reprimand.
  CHECK(m.last_data().at("result").at("penalty").as_string() == "reprimand");
  CHECK(m.last_data().at("result").at("cumulative").as_int64() == 4);
}

TEST_CASE("rating ballots, the members not rated, and the quota", "[meeting][ballot]") {
  auto roster = example_roster();
  roster[5].admitted_on = domain::Date{2026, 9, 1};  // member 6: admitted 3 months before
  roster[0].committee_role = domain::CommitteeRole::none;
  roster[3].committee_role = domain::CommitteeRole::secretary;
  Meeting m(domain::MeetingKind::annual_review, roster);
  const auto created = json::parse(m.log.front().data).as_object();
  // Not rated: 6 (recently admitted) and 8 (exempt).
  CHECK(created.at("not_rated").as_array().size() == 2);
  // One item per member under review, the secretary (4) first.
  std::vector<domain::Id> reviewed;
  for (const auto& i : m.s.agenda)
    if (i.key == "member_review") reviewed.push_back(i.member);
  REQUIRE(reviewed.size() == 9);
  CHECK(reviewed.front() == 4);
  CHECK(std::find(reviewed.begin(), reviewed.end(), 6) == reviewed.end());

  REQUIRE_FALSE(m.run(kChair, cmd::Open{}, roster).refused);
  for (int i : {1, 2, 3, 4, 5, 6, 7}) REQUIRE_FALSE(m.run(member_actor(i), cmd::Checkin{}).refused);
  // Denominator 9 - 1 attached - 1 exempt absent = 7.
  CHECK(m.run(kChair, cmd::BallotOpen{"rating", "x", {}, {}, {}, 1, 6}).reason == "not_rated");
  auto rate = [&](domain::Id who, std::vector<std::string> votes) {
    const auto b = open_ballot(m, {"rating", "Xếp loại", {}, {}, {}, 1, who});
    for (std::size_t i = 0; i < votes.size(); ++i)
      REQUIRE_FALSE(m.run(member_actor(static_cast<domain::Id>(i + 1)), cast(b, votes[i], static_cast<int>(i + 1))).refused);
    REQUIRE_FALSE(m.run(kChair, cmd::BallotClose{b}).refused);
    return m.last_data();
  };
  // 5 of 7 for excellent: at least 2/3 (5*3 = 15 >= 14).
  auto r1 = rate(1, {"excellent", "excellent", "excellent", "excellent", "excellent", "good", "good"});
  CHECK(r1.at("result").at("level").as_string() == "excellent");
  CHECK(r1.at("quota").at("exceeded").as_bool());  // 1 excellent, 0 good
  auto r2 = rate(2, {"good", "good", "good", "good", "completed", "completed", "excellent"});
  CHECK(r2.at("result").at("level").as_string() == "good");
  CHECK(r2.at("quota").at("good").as_int64() == 1);
  CHECK(r2.at("quota").at("exceeded").as_bool());  // 1 excellent > 1/5 of 1 good
  // Everyone says "completed" or lower: 3 not enough for completed (> 3.5).
  auto r3 = rate(3, {"completed", "completed", "completed", "not_completed", "not_completed", "not_completed"});
  CHECK(r3.at("result").at("level").as_string() == "not_completed");
}
