// The counting rules of DOMAIN.md "Votes" and the attendance criterion of
// "Order of a regular meeting", under the default rule set vn-2023 (issue 3).
#include <catch2/catch.hpp>

#include <array>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/rules.hpp"

using namespace chibo::domain;

namespace {

constexpr Fraction more_than_half{1, 2, true};
constexpr Fraction two_thirds{2, 3, false};
constexpr Fraction above_85{85, 100, true};

using K = MemberKind;
using S = MemberStatus;
using A = Attendance;

// A run of `n` identical roster entries: rosters are written as a few groups.
struct Group {
  int n;
  MemberKind kind;
  MemberStatus status;
  Attendance attendance;
};

std::vector<Attendee> roster_of(const std::vector<Group>& groups) {
  std::vector<Attendee> out;
  for (const Group& g : groups)
    for (int i = 0; i < g.n; ++i) out.push_back({g.kind, g.status, g.attendance});
  return out;
}

}  // namespace

// --- Thresholds ------------------------------------------------------------

TEST_CASE("reaches compares votes over base in exact integers", "[domain][rules]") {
  struct Case {
    Fraction f;
    int votes;
    int base;
    bool expect;
  };
  const auto c = GENERATE(values<Case>({
      // More than half (resolutions, elections): exactly half fails.
      {more_than_half, 4, 7, true},
      {more_than_half, 3, 7, false},
      {more_than_half, 5, 10, false},  // tie
      {more_than_half, 6, 10, true},
      {more_than_half, 1, 2, false},   // tie
      {more_than_half, 2, 2, true},
      {more_than_half, 1, 1, true},
      {more_than_half, 0, 1, false},
      {more_than_half, 9, 9, true},
      // At least two thirds (admission, confirmation): exactly 2/3 passes.
      {two_thirds, 6, 9, true},
      {two_thirds, 5, 9, false},
      {two_thirds, 2, 3, true},
      {two_thirds, 1, 3, false},
      {two_thirds, 4, 7, false},  // 57%
      {two_thirds, 5, 7, true},   // 71%
      {two_thirds, 4, 6, true},
      {two_thirds, 3, 6, false},
      {two_thirds, 1, 2, false},
      {two_thirds, 2, 2, true},
      {two_thirds, 1, 1, true},
      {two_thirds, 0, 1, false},
      {two_thirds, 12, 18, true},
      {two_thirds, 11, 18, false},
      // Attendance criterion "above 85%": exactly 85% fails.
      {above_85, 17, 20, false},
      {above_85, 18, 20, true},
      {above_85, 85, 100, false},
      {above_85, 86, 100, true},
      {above_85, 6, 7, true},  // 85.7%
      {above_85, 5, 6, false},  // 83.3%
      {Fraction{85, 100, false}, 17, 20, true},  // "at least" keeps the boundary
      // A base of 0 never passes, whatever the fraction or the votes.
      {more_than_half, 0, 0, false},
      {more_than_half, 1, 0, false},
      {two_thirds, 0, 0, false},
      {Fraction{0, 1, false}, 0, 0, false},
      {Fraction{0, 1, false}, 0, 1, true},  // "at least nothing" needs no vote
      {Fraction{0, 1, true}, 0, 1, false},
      {Fraction{1, 1, true}, 5, 5, false},  // more than everyone: unreachable
      {Fraction{1, 1, false}, 5, 5, true},
      // num*base and votes*den do not overflow int.
      {two_thirds, 1'000'000'000, 1'500'000'000, true},
      {two_thirds, 999'999'999, 1'500'000'000, false},
      {more_than_half, 1'000'000'001, 2'000'000'000, true},
      {more_than_half, 1'000'000'000, 2'000'000'000, false},
  }));
  INFO(to_rule_name(c.f) << ": " << c.votes << " of " << c.base);
  CHECK(reaches(c.f, c.votes, c.base) == c.expect);
}

TEST_CASE("required_votes is the smallest passing count", "[domain][rules]") {
  struct Case {
    Fraction f;
    int base;
    int expect;
  };
  const auto c = GENERATE(values<Case>({
      {more_than_half, 0, 1},  // base 0: nothing passes, so base + 1
      {more_than_half, 1, 1},
      {more_than_half, 2, 2},
      {more_than_half, 3, 2},
      {more_than_half, 7, 4},
      {more_than_half, 8, 5},
      {more_than_half, 9, 5},
      {more_than_half, 10, 6},
      {more_than_half, 18, 10},
      {two_thirds, 0, 1},
      {two_thirds, 1, 1},
      {two_thirds, 2, 2},
      {two_thirds, 3, 2},
      {two_thirds, 6, 4},
      {two_thirds, 7, 5},
      {two_thirds, 9, 6},
      {two_thirds, 10, 7},
      {two_thirds, 18, 12},
      {above_85, 20, 18},
      {above_85, 100, 86},
      {above_85, 7, 6},
      {Fraction{1, 1, true}, 5, 6},  // unreachable: base + 1
      {Fraction{0, 1, false}, 5, 0},
      {Fraction{0, 1, true}, 5, 1},
      {two_thirds, 1'500'000'000, 1'000'000'000},
  }));
  INFO(to_rule_name(c.f) << " of " << c.base);
  CHECK(required_votes(c.f, c.base) == c.expect);
}

TEST_CASE("required_votes agrees with reaches for every small base", "[domain][rules]") {
  const auto f = GENERATE(values<Fraction>({more_than_half, two_thirds, above_85,
                                            {1, 2, false}, {2, 3, true}, {3, 5, true},
                                            {3, 4, false}, {1, 3, true}, {0, 1, false},
                                            {0, 1, true}, {1, 1, false}, {1, 1, true}}));
  for (int base = 0; base <= 60; ++base) {
    int smallest = base + 1;
    for (int v = base; v >= 0; --v)
      if (reaches(f, v, base)) smallest = v;
    INFO(to_rule_name(f) << " of " << base);
    CHECK(required_votes(f, base) == smallest);
    // Monotone: every count from the required one up passes, none below.
    for (int v = 0; v <= base; ++v) CHECK(reaches(f, v, base) == (v >= smallest));
  }
}

TEST_CASE("to_rule_name spells a threshold for the wire and the minutes", "[domain][rules]") {
  struct Case {
    Fraction f;
    std::string name;
  };
  const auto c = GENERATE(values<Case>({
      {more_than_half, "more_than_half"},
      {two_thirds, "at_least_two_thirds"},
      {above_85, "more_than_85/100"},
      {Fraction{1, 2, false}, "at_least_1/2"},
      {Fraction{2, 3, true}, "more_than_2/3"},
      {Fraction{3, 5, true}, "more_than_3/5"},
      {Fraction{2, 4, true}, "more_than_2/4"},  // not reduced: the set's own numbers
      {Fraction{85, 100, false}, "at_least_85/100"},
  }));
  CHECK(to_rule_name(c.f) == c.name);
}

// --- Rule sets ---------------------------------------------------------------

TEST_CASE("vn-2023 is the default rule set", "[domain][rules]") {
  const RuleSet& r = default_rule_set();
  CHECK(r.name == "vn-2023");
  CHECK(find_rule_set("vn-2023") == &r);
  CHECK(r.ordinary == more_than_half);
  CHECK(r.admission == two_thirds);
  CHECK(r.quorum == more_than_half);
  CHECK(r.attendance_criterion == above_85);
  CHECK(r.min_minutes_regular == 90);
  CHECK(r.min_minutes_thematic == 120);
  CHECK(to_rule_name(r.attendance_criterion) == "more_than_85/100");  // PROTOCOL.md summary
}

TEST_CASE("find_rule_set refuses unknown names", "[domain][rules]") {
  const auto name = GENERATE(as<std::string>{}, "", "vn", "vn-2018", "VN-2023", "vn-2023 ",
                             " vn-2023", "vn_2023", "vn-20233");
  INFO("'" << name << "'");
  CHECK(find_rule_set(name) == nullptr);
}

// --- Wire spellings ----------------------------------------------------------

namespace {

// Every value goes to its spelling and back; spellings are unique; near
// misses are refused (the style of types_test.cpp).
template <class E, class From>
void check_round_trip(const std::vector<E>& all, From from, const std::vector<std::string>& names) {
  REQUIRE(all.size() == names.size());
  std::set<std::string> seen;
  for (std::size_t i = 0; i < all.size(); ++i) {
    INFO("value #" << i << " " << names[i]);
    CHECK(to_string(all[i]) == names[i]);
    CHECK(from(names[i]) == all[i]);
    seen.insert(std::string{to_string(all[i])});
    std::string upper = names[i];
    upper[0] = static_cast<char>(upper[0] - 'a' + 'A');
    CHECK_FALSE(from(upper));
    CHECK_FALSE(from(names[i] + " "));
    CHECK_FALSE(from(" " + names[i]));
    CHECK_FALSE(from(names[i].substr(1)));
  }
  CHECK(seen.size() == all.size());
  CHECK_FALSE(from(""));
  CHECK_FALSE(from("?"));
}

}  // namespace

TEST_CASE("rules enums have stable wire spellings", "[domain][rules]") {
  check_round_trip<Attendance>(
      {A::unmarked, A::present, A::absent_excused, A::absent_unexcused, A::departed},
      attendance_from,
      {"unmarked", "present", "absent_excused", "absent_unexcused", "departed"});
  check_round_trip<AbsenceReason>(
      {AbsenceReason::illness, AbsenceReason::work, AbsenceReason::travel, AbsenceReason::other},
      absence_reason_from, {"illness", "work", "travel", "other"});
  check_round_trip<DecisionKind>(
      {DecisionKind::ordinary, DecisionKind::admission, DecisionKind::confirmation},
      decision_kind_from, {"ordinary", "admission", "confirmation"});
  check_round_trip<Choice>({Choice::yes, Choice::no, Choice::abstain}, choice_from,
                           {"for", "against", "abstain"});
  // RollCategory is written only (the server derives it), so no from().
  CHECK(to_string(RollCategory::official) == "official");
  CHECK(to_string(RollCategory::probationary) == "probationary");
  CHECK(to_string(RollCategory::exempt) == "exempt");
  CHECK(to_string(RollCategory::attached) == "attached");
  CHECK(to_string(RollCategory::suspended) == "suspended");
}

TEST_CASE("choices are spelled as the protocol spells them, not as the enum", "[domain][rules]") {
  const auto s = GENERATE(as<std::string>{}, "yes", "no", "Yes", "For", "FOR", "agree", "y",
                          "1", "abstained", "against ");
  INFO("'" << s << "'");
  CHECK_FALSE(choice_from(s));
}

// --- Who counts --------------------------------------------------------------

TEST_CASE("attended means present or departed", "[domain][rules]") {
  struct Case {
    Attendance a;
    bool expect;
  };
  const auto c = GENERATE(values<Case>({
      {A::unmarked, false},
      {A::present, true},
      {A::absent_excused, false},
      {A::absent_unexcused, false},
      {A::departed, true},
  }));
  INFO(to_string(c.a));
  CHECK(attended(c.a) == c.expect);
}

TEST_CASE("denominator, vote eligibility and roll category for every member state",
          "[domain][rules]") {
  // Every kind x status x attendance: DOMAIN.md "The denominator" and the
  // "Who uses it" table. Columns: in the denominator, may vote now, category.
  using R = RollCategory;
  struct Case {
    MemberKind kind;
    MemberStatus status;
    Attendance attendance;
    bool in_denominator;
    bool can_vote;
    RollCategory category;
  };
  const auto c = GENERATE(values<Case>({
      // Official, active: counted unless absent for the whole meeting with a
      // reason; an unmarked or unexcused absence still counts (and fails).
      {K::official, S::active, A::unmarked, true, false, R::official},
      {K::official, S::active, A::present, true, true, R::official},
      {K::official, S::active, A::absent_excused, false, false, R::official},
      {K::official, S::active, A::absent_unexcused, true, false, R::official},
      {K::official, S::active, A::departed, true, false, R::official},  // left: no hand to raise
      // Exempt: not counted when absent; may vote when present; counts in the
      // denominator once attended, even after leaving.
      {K::official, S::exempt, A::unmarked, false, false, R::exempt},
      {K::official, S::exempt, A::present, true, true, R::exempt},
      {K::official, S::exempt, A::absent_excused, false, false, R::exempt},
      {K::official, S::exempt, A::absent_unexcused, false, false, R::exempt},
      {K::official, S::exempt, A::departed, true, false, R::exempt},
      // Attached elsewhere: excluded, even when visiting.
      {K::official, S::attached, A::unmarked, false, false, R::attached},
      {K::official, S::attached, A::present, false, false, R::attached},
      {K::official, S::attached, A::absent_excused, false, false, R::attached},
      {K::official, S::attached, A::absent_unexcused, false, false, R::attached},
      {K::official, S::attached, A::departed, false, false, R::attached},
      // Suspended, prosecuted, detained: excluded, cannot vote.
      {K::official, S::suspended, A::unmarked, false, false, R::suspended},
      {K::official, S::suspended, A::present, false, false, R::suspended},
      {K::official, S::suspended, A::absent_excused, false, false, R::suspended},
      {K::official, S::suspended, A::absent_unexcused, false, false, R::suspended},
      {K::official, S::suspended, A::departed, false, false, R::suspended},
      // Probationary members never count and never vote, whatever their status.
      {K::probationary, S::active, A::unmarked, false, false, R::probationary},
      {K::probationary, S::active, A::present, false, false, R::probationary},
      {K::probationary, S::active, A::absent_excused, false, false, R::probationary},
      {K::probationary, S::active, A::absent_unexcused, false, false, R::probationary},
      {K::probationary, S::active, A::departed, false, false, R::probationary},
      {K::probationary, S::exempt, A::unmarked, false, false, R::exempt},
      {K::probationary, S::exempt, A::present, false, false, R::exempt},
      {K::probationary, S::exempt, A::absent_excused, false, false, R::exempt},
      {K::probationary, S::exempt, A::absent_unexcused, false, false, R::exempt},
      {K::probationary, S::exempt, A::departed, false, false, R::exempt},
      {K::probationary, S::attached, A::unmarked, false, false, R::attached},
      {K::probationary, S::attached, A::present, false, false, R::attached},
      {K::probationary, S::attached, A::absent_excused, false, false, R::attached},
      {K::probationary, S::attached, A::absent_unexcused, false, false, R::attached},
      {K::probationary, S::attached, A::departed, false, false, R::attached},
      {K::probationary, S::suspended, A::unmarked, false, false, R::suspended},
      {K::probationary, S::suspended, A::present, false, false, R::suspended},
      {K::probationary, S::suspended, A::absent_excused, false, false, R::suspended},
      {K::probationary, S::suspended, A::absent_unexcused, false, false, R::suspended},
      {K::probationary, S::suspended, A::departed, false, false, R::suspended},
  }));
  const Attendee a{c.kind, c.status, c.attendance};
  INFO(to_string(c.kind) << " " << to_string(c.status) << " " << to_string(c.attendance));
  CHECK(in_denominator(a) == c.in_denominator);
  CHECK(can_vote(a) == c.can_vote);
  CHECK(category_of(a) == c.category);
  // Whoever may vote is in the denominator (a vote is never out of nothing).
  if (can_vote(a)) CHECK(in_denominator(a));
}

TEST_CASE("denominator of a roster follows the subtraction rules", "[domain][rules]") {
  struct Case {
    std::string name;
    std::vector<Group> roster;
    int denominator;
  };
  const auto c = GENERATE(values<Case>({
      {"empty roster", {}, 0},
      {"all official present", {{9, K::official, S::active, A::present}}, 9},
      // The issue's example.
      {"9 official, 1 exempt absent, 1 attached elsewhere",
       {{7, K::official, S::active, A::present},
        {1, K::official, S::exempt, A::absent_excused},
        {1, K::official, S::attached, A::unmarked}},
       7},
      {"same, the exempt member came",
       {{7, K::official, S::active, A::present},
        {1, K::official, S::exempt, A::present},
        {1, K::official, S::attached, A::unmarked}},
       8},
      {"same, the exempt member came and left",
       {{7, K::official, S::active, A::present},
        {1, K::official, S::exempt, A::departed},
        {1, K::official, S::attached, A::unmarked}},
       8},
      {"excused absence subtracted, unexcused and unmarked counted",
       {{5, K::official, S::active, A::present},
        {2, K::official, S::active, A::absent_excused},
        {1, K::official, S::active, A::absent_unexcused},
        {1, K::official, S::active, A::unmarked}},
       7},
      {"suspended subtracted",
       {{6, K::official, S::active, A::present}, {2, K::official, S::suspended, A::present}},
       6},
      {"probationary never counts",
       {{6, K::official, S::active, A::present},
        {3, K::probationary, S::active, A::present}},
       6},
      {"only probationary and exempt absentees",
       {{3, K::probationary, S::active, A::present}, {2, K::official, S::exempt, A::unmarked}},
       0},
  }));
  INFO(c.name);
  const auto roster = roster_of(c.roster);
  CHECK(denominator(roster) == c.denominator);
}

// --- Votes ---------------------------------------------------------------------

TEST_CASE("threshold by decision kind", "[domain][rules]") {
  struct Case {
    DecisionKind d;
    Fraction f;
    std::string rule;
  };
  const auto c = GENERATE(values<Case>({
      {DecisionKind::ordinary, more_than_half, "more_than_half"},
      {DecisionKind::admission, two_thirds, "at_least_two_thirds"},
      {DecisionKind::confirmation, two_thirds, "at_least_two_thirds"},
  }));
  const RuleSet& r = default_rule_set();
  CHECK(threshold(c.d, r) == c.f);
  CHECK(to_rule_name(threshold(c.d, r)) == c.rule);
  // The threshold is the rule set's, not a copy of a literal.
  CHECK(&threshold(c.d, r) == (c.d == DecisionKind::ordinary ? &r.ordinary : &r.admission));
}

TEST_CASE("vote_result counts 'for' over the denominator", "[domain][rules]") {
  struct Case {
    std::string name;
    DecisionKind d;
    Tally t;
    int denominator;
    int required;
    bool passed;
  };
  using D = DecisionKind;
  const auto c = GENERATE(values<Case>({
      // Ordinary business: more than 1/2 of the denominator.
      {"issue example: 4 of 7", D::ordinary, {4, 3, 0}, 7, 4, true},
      {"issue example: 3 of 7", D::ordinary, {3, 4, 0}, 7, 4, false},
      {"3 of 7, all who answered agree", D::ordinary, {3, 0, 0}, 7, 4, false},
      {"4 of 7, most abstain or are silent", D::ordinary, {4, 0, 1}, 7, 4, true},
      {"tie fails", D::ordinary, {5, 5, 0}, 10, 6, false},
      {"one over half", D::ordinary, {6, 4, 0}, 10, 6, true},
      {"tie of two", D::ordinary, {1, 1, 0}, 2, 2, false},
      {"unanimous", D::ordinary, {9, 0, 0}, 9, 5, true},
      {"one member", D::ordinary, {1, 0, 0}, 1, 1, true},
      {"no denominator", D::ordinary, {0, 0, 0}, 0, 1, false},
      {"no denominator, stray votes", D::ordinary, {3, 0, 0}, 0, 1, false},
      // Admission and confirmation: at least 2/3, exactly.
      {"6 of 9 admits", D::admission, {6, 3, 0}, 9, 6, true},
      {"5 of 9 does not", D::admission, {5, 2, 2}, 9, 6, false},
      {"2 of 3 admits", D::admission, {2, 1, 0}, 3, 2, true},
      {"1 of 3 does not", D::admission, {1, 2, 0}, 3, 2, false},
      {"4 of 7 does not", D::admission, {4, 3, 0}, 7, 5, false},
      {"5 of 7 admits", D::admission, {5, 2, 0}, 7, 5, true},
      {"12 of 18 admits", D::admission, {12, 6, 0}, 18, 12, true},
      {"admission, no denominator", D::admission, {0, 0, 0}, 0, 1, false},
      {"confirm: 6 of 9", D::confirmation, {6, 0, 3}, 9, 6, true},
      {"confirm: 5 of 9", D::confirmation, {5, 4, 0}, 9, 6, false},
      {"confirm: 4 of 7", D::confirmation, {4, 0, 0}, 7, 5, false},
      {"confirm: 5 of 7", D::confirmation, {5, 0, 0}, 7, 5, true},
      {"confirm: 4 of 6 is exactly two thirds", D::confirmation, {4, 2, 0}, 6, 4, true},
      {"confirm: 3 of 6 is half", D::confirmation, {3, 1, 2}, 6, 4, false},
  }));
  INFO(c.name);
  const RuleSet& r = default_rule_set();
  const VoteResult v = vote_result(c.t, c.denominator, c.d, r);
  CHECK(v.denominator == c.denominator);
  CHECK(v.required == c.required);
  CHECK(v.passed == c.passed);
  CHECK(v.rule == threshold(c.d, r));
  // `required` is what the minutes print: it must tell the same story.
  if (c.t.yes <= c.denominator) CHECK(v.passed == (c.t.yes >= v.required));
}

TEST_CASE("the issue's example: 9 official, 1 exempt absent, 1 attached", "[domain][rules]") {
  const auto roster = roster_of({{7, K::official, S::active, A::present},
                                 {1, K::official, S::exempt, A::absent_excused},
                                 {1, K::official, S::attached, A::unmarked}});
  const RuleSet& r = default_rule_set();
  const int d = denominator(roster);
  REQUIRE(d == 7);
  CHECK(vote_result({4, 3, 0}, d, DecisionKind::ordinary, r).passed);
  CHECK_FALSE(vote_result({3, 4, 0}, d, DecisionKind::ordinary, r).passed);
  CHECK(vote_result({3, 4, 0}, d, DecisionKind::ordinary, r).required == 4);
  // A vote of 4 over 9 official members would have failed: the denominator matters.
  CHECK_FALSE(vote_result({4, 3, 0}, 9, DecisionKind::ordinary, r).passed);
}

TEST_CASE("vote_result follows the rule set it is given", "[domain][rules]") {
  RuleSet strict = default_rule_set();
  strict.name = "test-3/5";
  strict.ordinary = {3, 5, true};
  strict.admission = {3, 4, false};
  const VoteResult o = vote_result({4, 0, 0}, 7, DecisionKind::ordinary, strict);
  CHECK(o.required == 5);
  CHECK_FALSE(o.passed);
  CHECK(to_rule_name(o.rule) == "more_than_3/5");
  const VoteResult a = vote_result({6, 0, 0}, 8, DecisionKind::confirmation, strict);
  CHECK(a.required == 6);
  CHECK(a.passed);
  CHECK(to_rule_name(a.rule) == "at_least_3/4");
}

// --- Attendance summary ------------------------------------------------------

TEST_CASE("summarize counts the roll call board, criterion and quorum", "[domain][rules]") {
  struct Cat {
    int total;
    int present;
  };
  struct Case {
    std::string name;
    std::vector<Group> roster;
    // official, probationary, exempt, attached, suspended
    std::array<Cat, 5> by_category;
    int present, absent_excused, absent_unexcused, unmarked;
    int expected, expected_present;
    bool meets_criterion;
    int denominator, voters_present;
    bool quorum;
  };
  const auto c = GENERATE(values<Case>({
      {"empty roster: nothing met, no quorum",
       {},
       {{{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}}},
       0, 0, 0, 0,
       0, 0, false,
       0, 0, false},
      {"17 of 20 expected is exactly 85%: fails",
       {{17, K::official, S::active, A::present}, {3, K::official, S::active, A::absent_excused}},
       {{{20, 17}, {0, 0}, {0, 0}, {0, 0}, {0, 0}}},
       17, 3, 0, 0,
       20, 17, false,
       17, 17, true},
      {"18 of 20 expected is 90%: passes",
       {{18, K::official, S::active, A::present}, {2, K::official, S::active, A::absent_unexcused}},
       {{{20, 18}, {0, 0}, {0, 0}, {0, 0}, {0, 0}}},
       18, 0, 2, 0,
       20, 18, true,
       20, 18, true},
      {"probationary members are expected",
       {{17, K::official, S::active, A::present},
        {3, K::probationary, S::active, A::absent_excused}},
       {{{17, 17}, {3, 0}, {0, 0}, {0, 0}, {0, 0}}},
       17, 3, 0, 0,
       20, 17, false,
       17, 17, true},
      {"exempt, attached, suspended are not expected",
       {{18, K::official, S::active, A::present},
        {2, K::probationary, S::active, A::unmarked},
        {3, K::official, S::exempt, A::unmarked},
        {1, K::official, S::exempt, A::present},
        {2, K::official, S::attached, A::absent_excused},
        {1, K::official, S::suspended, A::absent_unexcused}},
       {{{18, 18}, {2, 0}, {4, 1}, {2, 0}, {1, 0}}},
       19, 2, 1, 5,
       20, 18, true,
       19, 19, true},
      {"departed members attended but do not vote",
       {{14, K::official, S::active, A::present},
        {2, K::official, S::active, A::departed},
        {1, K::official, S::exempt, A::departed},
        {2, K::official, S::active, A::absent_unexcused}},
       {{{18, 16}, {0, 0}, {1, 1}, {0, 0}, {0, 0}}},
       17, 0, 2, 0,
       18, 16, true,  // 88.9%
       19, 14, true},
      {"quorum: 4 voters over 7",
       {{4, K::official, S::active, A::present}, {3, K::official, S::active, A::unmarked}},
       {{{7, 4}, {0, 0}, {0, 0}, {0, 0}, {0, 0}}},
       4, 0, 0, 3,
       7, 4, false,
       7, 4, true},
      {"no quorum: 3 voters over 7",
       {{3, K::official, S::active, A::present}, {4, K::official, S::active, A::unmarked}},
       {{{7, 3}, {0, 0}, {0, 0}, {0, 0}, {0, 0}}},
       3, 0, 0, 4,
       7, 3, false,
       7, 3, false},
      {"no quorum: exactly half",
       {{4, K::official, S::active, A::present}, {4, K::official, S::active, A::absent_unexcused}},
       {{{8, 4}, {0, 0}, {0, 0}, {0, 0}, {0, 0}}},
       4, 0, 4, 0,
       8, 4, false,
       8, 4, false},
      {"probationary present do not make a quorum",
       {{2, K::official, S::active, A::present},
        {3, K::official, S::active, A::unmarked},
        {6, K::probationary, S::active, A::present}},
       {{{5, 2}, {6, 6}, {0, 0}, {0, 0}, {0, 0}}},
       8, 0, 0, 3,
       11, 8, false,
       5, 2, false},
      {"excused absences shrink the denominator to a quorum",
       {{3, K::official, S::active, A::present},
        {3, K::official, S::active, A::absent_excused},
        {1, K::official, S::active, A::absent_unexcused}},
       {{{7, 3}, {0, 0}, {0, 0}, {0, 0}, {0, 0}}},
       3, 3, 1, 0,
       7, 3, false,
       4, 3, true},
      {"only exempt members, all absent: no denominator",
       {{3, K::official, S::exempt, A::absent_excused}},
       {{{0, 0}, {0, 0}, {3, 0}, {0, 0}, {0, 0}}},
       0, 3, 0, 0,
       0, 0, false,
       0, 0, false},
      {"the issue's example at roll call",
       {{7, K::official, S::active, A::present},
        {1, K::official, S::exempt, A::absent_excused},
        {1, K::official, S::attached, A::unmarked}},
       {{{7, 7}, {0, 0}, {1, 0}, {1, 0}, {0, 0}}},
       7, 1, 0, 1,
       7, 7, true,
       7, 7, true},
  }));
  INFO(c.name);
  const auto roster = roster_of(c.roster);
  const AttendanceSummary s = summarize(roster, default_rule_set());
  CHECK(s.members == static_cast<int>(roster.size()));
  for (int i = 0; i < 5; ++i) {
    INFO("category " << to_string(static_cast<RollCategory>(i)));
    CHECK(s.by_category[i].total == c.by_category[i].total);
    CHECK(s.by_category[i].present == c.by_category[i].present);
  }
  CHECK(s.present == c.present);
  CHECK(s.absent_excused == c.absent_excused);
  CHECK(s.absent_unexcused == c.absent_unexcused);
  CHECK(s.unmarked == c.unmarked);
  CHECK(s.expected == c.expected);
  CHECK(s.expected_present == c.expected_present);
  CHECK(s.meets_criterion == c.meets_criterion);
  CHECK(s.denominator == c.denominator);
  CHECK(s.voters_present == c.voters_present);
  CHECK(s.quorum == c.quorum);

  // Whatever the roster: every member in exactly one category and one
  // attendance bucket, and the summary agrees with the per-member rules.
  int totals = 0, presents = 0;
  for (const auto& cat : s.by_category) {
    totals += cat.total;
    presents += cat.present;
  }
  CHECK(totals == s.members);
  CHECK(presents == s.present);
  CHECK(s.present + s.absent_excused + s.absent_unexcused + s.unmarked == s.members);
  CHECK(s.denominator == denominator(roster));
}

TEST_CASE("summarize takes its criterion and quorum from the rule set", "[domain][rules]") {
  const auto roster = roster_of({{17, K::official, S::active, A::present},
                                 {3, K::official, S::active, A::absent_unexcused}});
  REQUIRE_FALSE(summarize(roster, default_rule_set()).meets_criterion);  // 85% is not above 85%
  RuleSet lenient = default_rule_set();
  lenient.name = "test-lenient";
  lenient.attendance_criterion = {85, 100, false};
  lenient.quorum = {9, 10, false};
  const AttendanceSummary s = summarize(roster, lenient);
  CHECK(s.meets_criterion);
  CHECK_FALSE(s.quorum);  // 17 of 20 is not 9/10
}

// --- Duration ------------------------------------------------------------------

TEST_CASE("min_minutes: 90, or 120 with a thematic part", "[domain][rules]") {
  using M = MeetingKind;
  struct Case {
    MeetingKind kind;
    bool thematic_part;
    int expect;
  };
  const auto c = GENERATE(values<Case>({
      {M::regular, false, 90},
      {M::regular, true, 120},
      {M::thematic, false, 120},  // a thematic meeting is all thematic part
      {M::thematic, true, 120},
      {M::annual_review, false, 90},
      {M::annual_review, true, 120},
      {M::admission, false, 90},
      {M::admission, true, 120},
      {M::discipline, false, 90},
      {M::discipline, true, 120},
      {M::election, false, 90},
      {M::election, true, 120},
  }));
  INFO(to_string(c.kind) << (c.thematic_part ? " with" : " without") << " a thematic part");
  CHECK(min_minutes(c.kind, c.thematic_part, default_rule_set()) == c.expect);

  RuleSet other = default_rule_set();
  other.name = "test-minutes";
  other.min_minutes_regular = 60;
  other.min_minutes_thematic = 100;
  CHECK(min_minutes(c.kind, c.thematic_part, other) == (c.expect == 90 ? 60 : 100));
}
