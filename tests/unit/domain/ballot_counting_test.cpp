// Secret-ballot counting rules (DOMAIN.md "Votes", "Annual review and
// rating"; issue 4 unit tests): cumulative discipline and rating tables,
// election thresholds and ties, the excellent quota, small-ballot warnings,
// who is not rated.
#include <catch2/catch.hpp>

#include "domain/ballot_rules.hpp"

using namespace chibo::domain;

namespace {
const RuleSet& R() { return default_rule_set(); }
}  // namespace

TEST_CASE("discipline counts cumulatively from the harshest penalty down", "[domain][ballot]") {
  struct Case {
    int expulsion, removal, warning, reprimand, denominator;
    std::optional<Penalty> result;
    int cumulative;
  };
  const auto c = GENERATE(values<Case>({
      // Expulsion alone needs at least 2/3: 6 of 9 passes, 5 of 9 does not.
      {6, 0, 0, 0, 9, Penalty::expulsion, 6},
      // 5 for expulsion roll down to removal: 5 > 4.5.
      {5, 0, 0, 0, 9, Penalty::removal, 5},
      // Nobody has a majority alone; cumulated, warning reaches 5 of 9.
      {1, 2, 2, 3, 9, Penalty::warning, 5},
      // Only by adding everything does reprimand pass: 2+1+1+2 = 6 > 5.
      {2, 1, 1, 2, 10, Penalty::reprimand, 6},
      // Exactly half at the end is not more than half: no discipline.
      {1, 1, 1, 2, 10, std::nullopt, 0},
      // A zero denominator decides nothing.
      {0, 0, 0, 0, 0, std::nullopt, 0},
  }));
  INFO(c.expulsion << "/" << c.removal << "/" << c.warning << "/" << c.reprimand << " of " << c.denominator);
  // The order given does not matter: counting always starts at the harshest.
  const std::vector<PenaltyCount> v{{Penalty::reprimand, c.reprimand},
                                    {Penalty::expulsion, c.expulsion},
                                    {Penalty::warning, c.warning},
                                    {Penalty::removal, c.removal}};
  const auto r = discipline_result(v, c.denominator, R());
  CHECK(r.penalty == c.result);
  CHECK(r.cumulative == c.cumulative);
}

TEST_CASE("a penalty not on the ballot is skipped, its neighbours still accumulate", "[domain][ballot]") {
  const std::vector<PenaltyCount> v{{Penalty::warning, 3}, {Penalty::reprimand, 3}};
  const auto r = discipline_result(v, 9, R());
  CHECK(r.penalty == Penalty::reprimand);
  CHECK(r.required == 5);
}

TEST_CASE("rating: the highest level whose cumulative support reaches its threshold", "[domain][ballot]") {
  struct Case {
    int excellent, good, completed, not_completed, denominator;
    Rating level;
    int cumulative, required;
  };
  const auto c = GENERATE(values<Case>({
      {6, 1, 0, 0, 9, Rating::excellent, 6, 6},        // at least 2/3 of 9
      {5, 0, 0, 0, 9, Rating::good, 5, 5},             // 5 excellent support good: 5 > 4.5
      {2, 2, 1, 0, 9, Rating::completed, 5, 5},        // 2+2+1 = 5 > 4.5
      {1, 1, 2, 5, 9, Rating::not_completed, 9, 0},    // nothing reaches more than half
      {3, 1, 0, 3, 7, Rating::good, 4, 4},             // 4 > 3.5; excellent needs 5
      {0, 0, 0, 0, 0, Rating::not_completed, 0, 0},
  }));
  const RatingCount v[] = {{Rating::excellent, c.excellent},
                           {Rating::good, c.good},
                           {Rating::completed, c.completed},
                           {Rating::not_completed, c.not_completed}};
  const auto r = rating_result(v, c.denominator, R());
  CHECK(r.level == c.level);
  CHECK(r.cumulative == c.cumulative);
  CHECK(r.required == c.required);
}

TEST_CASE("elections: more than half elects, most votes fill the seats, ties are reported", "[domain][ballot]") {
  const int denominator = 9;  // more than half: 5
  SECTION("fewer pass than there are seats") {
    const auto r = election_result({{"c1", 7}, {"c2", 4}, {"c3", 5}}, 3, denominator, R());
    CHECK(r.elected == std::vector<std::string>{"c1", "c3"});
    CHECK(r.tied.empty());
    CHECK(r.required == 5);
  }
  SECTION("more pass than seats: the most votes win") {
    const auto r = election_result({{"c1", 6}, {"c2", 8}, {"c3", 7}}, 2, denominator, R());
    CHECK(r.elected == std::vector<std::string>{"c2", "c3"});
    CHECK(r.tied.empty());
  }
  SECTION("a tie at the last seat") {
    const auto r = election_result({{"c1", 8}, {"c2", 6}, {"c3", 6}}, 2, denominator, R());
    CHECK(r.elected == std::vector<std::string>{"c1"});
    CHECK(r.tied == std::vector<std::string>{"c2", "c3"});
  }
  SECTION("nobody passes") {
    const auto r = election_result({{"c1", 4}, {"c2", 4}}, 1, denominator, R());
    CHECK(r.elected.empty());
    CHECK(r.tied.empty());
  }
}

TEST_CASE("quota: excellent may not exceed 1/5 of good", "[domain][ballot]") {
  struct Case {
    int excellent, good, allowed;
    bool exceeded;
  };
  const auto c = GENERATE(values<Case>({
      {2, 10, 2, false},
      {3, 10, 2, true},
      {1, 4, 0, true},
      {0, 0, 0, false},
      {1, 5, 1, false},
  }));
  const auto q = quota_check(c.excellent, c.good, R());
  CHECK(q.allowed == c.allowed);
  CHECK(q.exceeded == c.exceeded);
}

TEST_CASE("when the result reveals votes", "[domain][ballot]") {
  CHECK(secrecy_limit(2, 2, 2, R()) == SecrecyLimit::few_ballots);
  CHECK(secrecy_limit(0, 0, 0, R()) == SecrecyLimit::few_ballots);
  CHECK(secrecy_limit(3, 1, 3, R()) == SecrecyLimit::unanimous);
  CHECK(secrecy_limit(5, 1, 4, R()) == SecrecyLimit::unanimous);  // one blank, the rest the same
  CHECK(secrecy_limit(3, 2, 3, R()) == SecrecyLimit::none);
  CHECK(secrecy_limit(4, 0, 0, R()) == SecrecyLimit::none);       // all blank
  CHECK(to_string(SecrecyLimit::few_ballots) == "few_ballots");
}

TEST_CASE("who is not rated", "[domain][ballot]") {
  const Date on{2026, 12, 15};
  auto m = [](MemberStatus st, std::optional<Date> admitted) {
    Member x;
    x.status = st;
    x.admitted_on = admitted;
    return x;
  };
  CHECK(not_rated(m(MemberStatus::exempt, {}), on, R()) == NotRated::exempt);
  CHECK(not_rated(m(MemberStatus::suspended, {}), on, R()) == NotRated::suspended);
  CHECK(not_rated(m(MemberStatus::active, {}), on, R()) == NotRated::none);
  CHECK(not_rated(m(MemberStatus::attached, {}), on, R()) == NotRated::none);
  // Exactly six months: rated; a day short: not.
  CHECK(not_rated(m(MemberStatus::active, Date{2026, 6, 15}), on, R()) == NotRated::none);
  CHECK(not_rated(m(MemberStatus::active, Date{2026, 6, 16}), on, R()) == NotRated::recently_admitted);
  // Month ends clamp: 31 August + 6 months is 28 February.
  CHECK(not_rated(m(MemberStatus::active, Date{2026, 8, 31}), Date{2027, 2, 28}, R()) == NotRated::none);
  CHECK(not_rated(m(MemberStatus::active, Date{2026, 8, 31}), Date{2027, 2, 27}, R()) == NotRated::recently_admitted);
}

TEST_CASE("review order: leaders first, roster order kept within each group", "[domain][ballot]") {
  auto m = [](Id id, CommitteeRole r) {
    Member x;
    x.id = id;
    x.committee_role = r;
    return x;
  };
  const auto order = review_order({m(1, CommitteeRole::none), m(2, CommitteeRole::committee_member),
                                   m(3, CommitteeRole::secretary), m(4, CommitteeRole::none),
                                   m(5, CommitteeRole::deputy)});
  std::vector<Id> ids;
  for (const auto& x : order) ids.push_back(x.id);
  CHECK(ids == std::vector<Id>{3, 5, 2, 1, 4});
}

TEST_CASE("ballot wire names round-trip; others are refused", "[domain][ballot]") {
  for (Penalty p : {Penalty::expulsion, Penalty::removal, Penalty::warning, Penalty::reprimand})
    CHECK(penalty_from(to_string(p)) == p);
  for (Rating r : {Rating::excellent, Rating::good, Rating::completed, Rating::not_completed})
    CHECK(rating_from(to_string(r)) == r);
  CHECK_FALSE(penalty_from("Expulsion"));
  CHECK_FALSE(rating_from(""));
  CHECK_FALSE(rating_from("good "));
}
