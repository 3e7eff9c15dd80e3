// The ballot rules of vn-2023 (DOMAIN.md "Votes", "Annual review and
// rating"; issue 4), edge by edge: the values of the table, cumulative
// discipline and rating at their exact thresholds, every order of input,
// election ties inside and across the last seat, the quota's floor, the
// secrecy limits, calendar-month arithmetic for who is not rated, and the
// wire names. ballot_counting_test.cpp holds the worked examples.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "domain/ballot_rules.hpp"

using namespace chibo::domain;

namespace {

const RuleSet& R() { return default_rule_set(); }

constexpr Fraction more_than_half{1, 2, true};
constexpr Fraction at_least_two_thirds{2, 3, false};

}  // namespace

// --- The table ---------------------------------------------------------------

TEST_CASE("vn-2023 ballot rules hold the DOMAIN.md thresholds", "[domain][ballot]") {
  const BallotRules& b = ballot_rules(R());
  CHECK(b.expulsion == at_least_two_thirds);
  CHECK(b.other_penalty == more_than_half);
  CHECK(b.election == more_than_half);
  CHECK(b.excellent == at_least_two_thirds);
  CHECK(b.good == more_than_half);
  CHECK(b.completed == more_than_half);
  CHECK(b.quota == Fraction{1, 5, false});
  CHECK(b.min_secret_ballots == 3);
  CHECK(b.months_before_rated == 6);

  // Only vn-2023 exists: a rule set of another name gets the same rules.
  RuleSet other = R();
  other.name = "xx-1999";
  CHECK(&ballot_rules(other) == &b);
}

// --- Discipline ----------------------------------------------------------------

TEST_CASE("discipline at its thresholds: 2/3 for expulsion, more than 1/2 below it", "[domain][ballot]") {
  struct Case {
    int expulsion, removal, warning, reprimand, denominator;
    std::optional<Penalty> result;
    int cumulative, required;
  };
  const auto c = GENERATE(values<Case>({
      // Denominator 10: expulsion needs 7, the others 6.
      {7, 0, 0, 0, 10, Penalty::expulsion, 7, 7},
      {6, 3, 0, 0, 10, Penalty::removal, 9, 6},    // 6 < 7; removal has 6+3
      {5, 1, 0, 0, 10, Penalty::removal, 6, 6},    // 5 is not 2/3, 5+1 > 5
      {5, 0, 0, 0, 10, std::nullopt, 0, 0},        // 5 is exactly half at every step
      {5, 0, 0, 1, 10, Penalty::reprimand, 6, 6},  // rolls down past empty penalties
      {0, 0, 0, 6, 10, Penalty::reprimand, 6, 6},
      {1, 1, 2, 2, 10, Penalty::reprimand, 6, 6},  // none above 2 alone: only the sum passes
      {0, 6, 4, 0, 10, Penalty::removal, 6, 6},    // the harsher one that passes wins
      {1, 1, 1, 1, 10, std::nullopt, 0, 0},
      {0, 0, 0, 0, 10, std::nullopt, 0, 0},
      // Denominator 9: 2/3 is exactly 6.
      {6, 0, 0, 0, 9, Penalty::expulsion, 6, 6},
      {5, 0, 0, 0, 9, Penalty::removal, 5, 5},
      {4, 0, 0, 0, 9, std::nullopt, 0, 0},
      {4, 0, 0, 1, 9, Penalty::reprimand, 5, 5},
      // Tiny and empty denominators.
      {1, 0, 0, 0, 1, Penalty::expulsion, 1, 1},
      {0, 0, 0, 1, 1, Penalty::reprimand, 1, 1},
      {3, 0, 0, 0, 0, std::nullopt, 0, 0},
  }));
  INFO(c.expulsion << "/" << c.removal << "/" << c.warning << "/" << c.reprimand << " of " << c.denominator);
  std::vector<PenaltyCount> v{{Penalty::expulsion, c.expulsion},
                              {Penalty::removal, c.removal},
                              {Penalty::warning, c.warning},
                              {Penalty::reprimand, c.reprimand}};
  // Every order of the input gives the same result.
  std::sort(v.begin(), v.end(), [](const PenaltyCount& a, const PenaltyCount& b) { return a.penalty < b.penalty; });
  do {
    const auto r = discipline_result(v, c.denominator, R());
    CHECK(r.penalty == c.result);
    CHECK(r.cumulative == c.cumulative);
    CHECK(r.required == c.required);
  } while (std::next_permutation(v.begin(), v.end(), [](const PenaltyCount& a, const PenaltyCount& b) {
    return a.penalty < b.penalty;
  }));
}

TEST_CASE("discipline with only some penalties on the ballot", "[domain][ballot]") {
  SECTION("nothing offered: no discipline") {
    const auto r = discipline_result({}, 9, R());
    CHECK_FALSE(r.penalty);
    CHECK(r.cumulative == 0);
    CHECK(r.required == 0);
  }
  SECTION("expulsion or reprimand: expulsion's votes roll to reprimand") {
    const auto r = discipline_result({{Penalty::reprimand, 2}, {Penalty::expulsion, 4}}, 10, R());
    CHECK(r.penalty == Penalty::reprimand);
    CHECK(r.cumulative == 6);
    CHECK(r.required == 6);
  }
  SECTION("removal alone, short of a majority") {
    const auto r = discipline_result({{Penalty::removal, 4}}, 8, R());
    CHECK_FALSE(r.penalty);
    CHECK(r.cumulative == 0);
  }
}

// --- Rating ------------------------------------------------------------------

TEST_CASE("rating at its thresholds, counted from excellent down", "[domain][ballot]") {
  struct Case {
    int excellent, good, completed, not_completed, denominator;
    Rating level;
    int cumulative, required;
  };
  const auto c = GENERATE(values<Case>({
      // Denominator 9: excellent needs 6, good and completed 5.
      {6, 0, 0, 3, 9, Rating::excellent, 6, 6},
      {9, 0, 0, 0, 9, Rating::excellent, 9, 6},
      {5, 0, 0, 4, 9, Rating::good, 5, 5},
      {3, 2, 0, 4, 9, Rating::good, 5, 5},
      {2, 2, 1, 4, 9, Rating::completed, 5, 5},
      {0, 0, 5, 4, 9, Rating::completed, 5, 5},
      {2, 1, 1, 5, 9, Rating::not_completed, 9, 0},  // every ballot naming a level
      {1, 1, 1, 0, 9, Rating::not_completed, 3, 0},  // only 3 returned: the absent still count
      {0, 0, 0, 9, 9, Rating::not_completed, 9, 0},
      // Denominator 10: excellent needs 7 (2/3 of 10 is 6.67), the others 6.
      {7, 0, 0, 3, 10, Rating::excellent, 7, 7},
      {6, 0, 0, 4, 10, Rating::good, 6, 6},
      {4, 1, 0, 5, 10, Rating::not_completed, 10, 0},  // 5 of 10 is exactly half
      {4, 1, 1, 4, 10, Rating::completed, 6, 6},
      // Denominator 3: excellent needs 2.
      {2, 0, 0, 1, 3, Rating::excellent, 2, 2},
      // Nothing counted decides nothing.
      {0, 0, 0, 0, 0, Rating::not_completed, 0, 0},
      {3, 0, 0, 0, 0, Rating::not_completed, 3, 0},
  }));
  INFO(c.excellent << "/" << c.good << "/" << c.completed << "/" << c.not_completed << " of " << c.denominator);
  // Given lowest first: the order of the input does not matter.
  const RatingCount v[] = {{Rating::not_completed, c.not_completed},
                           {Rating::completed, c.completed},
                           {Rating::good, c.good},
                           {Rating::excellent, c.excellent}};
  const auto r = rating_result(v, c.denominator, R());
  CHECK(r.level == c.level);
  CHECK(r.cumulative == c.cumulative);
  CHECK(r.required == c.required);
}

TEST_CASE("rating with levels missing from the counts", "[domain][ballot]") {
  const RatingCount only_good[] = {{Rating::good, 5}};
  const auto r = rating_result(only_good, 9, R());
  CHECK(r.level == Rating::good);
  CHECK(r.cumulative == 5);
  CHECK(r.required == 5);

  const auto none = rating_result({}, 9, R());
  CHECK(none.level == Rating::not_completed);
  CHECK(none.cumulative == 0);
  CHECK(none.required == 0);
}

// --- Elections -----------------------------------------------------------------

TEST_CASE("elections: passing, seats and ties at the boundary", "[domain][ballot]") {
  struct Case {
    const char* what;
    std::vector<CandidateCount> votes;
    int seats, denominator;
    std::vector<std::string> elected, tied;
    int required;
  };
  const auto c = GENERATE(values<Case>({
      {"3 seats, 4 pass: the most votes win",
       {{"a", 9}, {"b", 5}, {"c", 7}, {"d", 6}, {"e", 4}}, 3, 9, {"a", "c", "d"}, {}, 5},
      {"a tie of two at the last seat",
       {{"a", 9}, {"b", 6}, {"c", 7}, {"d", 6}}, 3, 9, {"a", "c"}, {"b", "d"}, 5},
      {"a tie of three across the last seat",
       {{"a", 8}, {"b", 6}, {"c", 6}, {"d", 6}}, 2, 9, {"a"}, {"b", "c", "d"}, 5},
      {"everyone tied for fewer seats",
       {{"a", 6}, {"b", 6}, {"c", 6}}, 2, 9, {}, {"a", "b", "c"}, 5},
      {"a tie inside the seats is no tie",
       {{"a", 6}, {"b", 6}, {"c", 8}, {"d", 5}}, 3, 9, {"c", "a", "b"}, {}, 5},
      {"as many pass as there are seats, tied or not",
       {{"a", 6}, {"b", 6}, {"c", 2}}, 2, 9, {"a", "b"}, {}, 5},
      {"more seats than pass: equal votes keep input order",
       {{"x", 6}, {"y", 7}, {"z", 6}, {"w", 1}}, 5, 9, {"y", "x", "z"}, {}, 5},
      {"nobody passes", {{"a", 4}, {"b", 4}, {"c", 3}}, 2, 9, {}, {}, 5},
      {"exactly half does not pass", {{"a", 4}, {"b", 5}}, 1, 8, {"b"}, {}, 5},
      {"an empty denominator elects nobody", {{"a", 3}}, 1, 0, {}, {}, 1},
      {"no candidates", {}, 2, 9, {}, {}, 5},
      {"no seats (callers refuse it): nobody", {{"a", 9}}, 0, 9, {}, {}, 5},
  }));
  INFO(c.what);
  const auto r = election_result(c.votes, c.seats, c.denominator, R());
  CHECK(r.elected == c.elected);
  CHECK(r.tied == c.tied);
  CHECK(r.required == c.required);
}

// --- Quota -------------------------------------------------------------------

TEST_CASE("quota: allowed is the floor of good/5", "[domain][ballot]") {
  struct Case {
    int excellent, good, allowed;
    bool exceeded;
  };
  const auto c = GENERATE(values<Case>({
      {2, 10, 2, false},
      {3, 10, 2, true},
      {0, 4, 0, false},
      {1, 4, 0, true},
      {0, 0, 0, false},
      {1, 0, 0, true},
      {2, 14, 2, false},
      {3, 14, 2, true},
      {3, 15, 3, false},
      {200, 1000, 200, false},
      {201, 1000, 200, true},
  }));
  INFO(c.excellent << " excellent, " << c.good << " good");
  const auto q = quota_check(c.excellent, c.good, R());
  CHECK(q.excellent == c.excellent);
  CHECK(q.good == c.good);
  CHECK(q.allowed == c.allowed);
  CHECK(q.exceeded == c.exceeded);
  CHECK(q.exceeded == (q.excellent > q.allowed));
}

// --- Secrecy limits ------------------------------------------------------------

TEST_CASE("secrecy limits: few ballots first, then unanimity", "[domain][ballot]") {
  struct Case {
    int returned, distinct, valid;
    SecrecyLimit limit;
  };
  const auto c = GENERATE(values<Case>({
      {0, 0, 0, SecrecyLimit::few_ballots},
      {2, 1, 2, SecrecyLimit::few_ballots},  // few wins over unanimous
      {2, 2, 2, SecrecyLimit::few_ballots},
      {3, 1, 3, SecrecyLimit::unanimous},
      {3, 1, 1, SecrecyLimit::unanimous},    // two blank, one valid
      {3, 2, 3, SecrecyLimit::none},
      {3, 3, 3, SecrecyLimit::none},
      {3, 0, 0, SecrecyLimit::none},         // no valid ballot reveals nothing
      {15, 2, 14, SecrecyLimit::none},
  }));
  INFO(c.returned << " returned, " << c.distinct << " distinct of " << c.valid << " valid");
  CHECK(secrecy_limit(c.returned, c.distinct, c.valid, R()) == c.limit);
}

// --- Not rated ---------------------------------------------------------------

TEST_CASE("not rated: status first, then calendar months since admission", "[domain][ballot]") {
  struct Case {
    MemberStatus status;
    std::optional<Date> admitted;
    Date on;
    NotRated reason;
  };
  using S = MemberStatus;
  const auto c = GENERATE(values<Case>({
      {S::active, std::nullopt, {2026, 12, 15}, NotRated::none},
      {S::active, Date{2026, 6, 15}, {2026, 12, 15}, NotRated::none},               // exactly 6 months
      {S::active, Date{2026, 6, 16}, {2026, 12, 15}, NotRated::recently_admitted},  // a day short
      {S::active, Date{2020, 1, 1}, {2026, 12, 15}, NotRated::none},
      {S::active, Date{2027, 1, 1}, {2026, 12, 15}, NotRated::recently_admitted},   // after the meeting
      // Across the year end.
      {S::active, Date{2026, 9, 30}, {2027, 3, 30}, NotRated::none},
      {S::active, Date{2026, 9, 30}, {2027, 3, 29}, NotRated::recently_admitted},
      // The day is clamped to the target month: 31 August + 6 months is 28 February...
      {S::active, Date{2026, 8, 31}, {2027, 2, 28}, NotRated::none},
      {S::active, Date{2026, 8, 31}, {2027, 2, 27}, NotRated::recently_admitted},
      // ... or 29 February in a leap year.
      {S::active, Date{2027, 8, 31}, {2028, 2, 29}, NotRated::none},
      {S::active, Date{2027, 8, 31}, {2028, 2, 28}, NotRated::recently_admitted},
      {S::active, Date{2026, 12, 31}, {2027, 6, 30}, NotRated::none},
      // Status comes before the admission date.
      {S::exempt, Date{2026, 12, 1}, {2026, 12, 15}, NotRated::exempt},
      {S::suspended, Date{2026, 12, 1}, {2026, 12, 15}, NotRated::suspended},
      {S::exempt, std::nullopt, {2026, 12, 15}, NotRated::exempt},
      // Attached members are rated like anyone else.
      {S::attached, Date{2020, 1, 1}, {2026, 12, 15}, NotRated::none},
      {S::attached, Date{2026, 12, 1}, {2026, 12, 15}, NotRated::recently_admitted},
  }));
  Member m;
  m.status = c.status;
  m.admitted_on = c.admitted;
  INFO((c.admitted ? to_string(*c.admitted) : std::string("-")) << " on " << to_string(c.on));
  CHECK(not_rated(m, c.on, R()) == c.reason);
}

// --- Review order --------------------------------------------------------------

TEST_CASE("review order is a stable sort by committee role", "[domain][ballot]") {
  using C = CommitteeRole;
  auto ids_of = [](const std::vector<Member>& ms) {
    std::vector<Id> ids;
    for (const auto& x : ms) ids.push_back(x.id);
    return ids;
  };
  auto roster = [](std::initializer_list<std::pair<Id, C>> rows) {
    std::vector<Member> out;
    for (const auto& [id, role] : rows) {
      Member x;
      x.id = id;
      x.committee_role = role;
      out.push_back(x);
    }
    return out;
  };
  CHECK(review_order({}).empty());
  CHECK(ids_of(review_order(roster({{7, C::none}, {3, C::none}, {5, C::none}}))) == std::vector<Id>{7, 3, 5});
  CHECK(ids_of(review_order(roster({{1, C::none}, {2, C::deputy}, {3, C::committee_member}, {4, C::deputy},
                                    {5, C::none}, {6, C::secretary}, {7, C::committee_member}, {8, C::deputy}}))) ==
        std::vector<Id>{6, 2, 4, 8, 3, 7, 1, 5});
}

// --- Wire names ----------------------------------------------------------------

TEST_CASE("ballot wire names are exact", "[domain][ballot]") {
  CHECK(to_string(Penalty::expulsion) == "expulsion");
  CHECK(to_string(Penalty::removal) == "removal");
  CHECK(to_string(Penalty::warning) == "warning");
  CHECK(to_string(Penalty::reprimand) == "reprimand");
  CHECK(to_string(Rating::excellent) == "excellent");
  CHECK(to_string(Rating::good) == "good");
  CHECK(to_string(Rating::completed) == "completed");
  CHECK(to_string(Rating::not_completed) == "not_completed");
  CHECK(to_string(SecrecyLimit::none) == "none");
  CHECK(to_string(SecrecyLimit::few_ballots) == "few_ballots");
  CHECK(to_string(SecrecyLimit::unanimous) == "unanimous");
  CHECK(to_string(NotRated::none) == "none");
  CHECK(to_string(NotRated::exempt) == "exempt");
  CHECK(to_string(NotRated::suspended) == "suspended");
  CHECK(to_string(NotRated::recently_admitted) == "recently_admitted");

  for (const char* s : {"expulsion", "removal", "warning", "reprimand"}) {
    const auto p = penalty_from(s);
    REQUIRE(p);
    CHECK(to_string(*p) == s);
  }
  for (const char* s : {"excellent", "good", "completed", "not_completed"}) {
    const auto r = rating_from(s);
    REQUIRE(r);
    CHECK(to_string(*r) == s);
  }

  for (const char* s : {"", "none", "EXPULSION", " warning", "reprimand ", "khai_tru", "excellent"})
    CHECK_FALSE(penalty_from(s));
  for (const char* s : {"", "none", "Good", "not completed", "not-completed", "xuat_sac", "warning"})
    CHECK_FALSE(rating_from(s));
}
