#include "domain/ballot_rules.hpp"
#include "domain/names.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace chibo::domain {
namespace {

using names::Names;
using names::name_of;
using names::value_of;

constexpr Names<Penalty, 4> penalties{{{Penalty::expulsion, "expulsion"},
                                       {Penalty::removal, "removal"},
                                       {Penalty::warning, "warning"},
                                       {Penalty::reprimand, "reprimand"}}};
constexpr Names<Rating, 4> ratings{{{Rating::excellent, "excellent"},
                                    {Rating::good, "good"},
                                    {Rating::completed, "completed"},
                                    {Rating::not_completed, "not_completed"}}};
constexpr Names<SecrecyLimit, 3> secrecy_limits{{{SecrecyLimit::none, "none"},
                                                 {SecrecyLimit::few_ballots, "few_ballots"},
                                                 {SecrecyLimit::unanimous, "unanimous"}}};
constexpr Names<NotRated, 4> not_rated_reasons{{{NotRated::none, "none"},
                                                {NotRated::exempt, "exempt"},
                                                {NotRated::suspended, "suspended"},
                                                {NotRated::recently_admitted, "recently_admitted"}}};


// vn-2023 (DOMAIN.md "Votes" table and "Annual review and rating"):
const BallotRules kVn2023{
    {2, 3, false},  // expulsion: at least 2/3
    {1, 2, true},   // reprimand, warning, removal: more than 1/2
    {1, 2, true},   // election: a candidate needs more than 1/2
    {2, 3, false},  // excellent: at least 2/3 (07-HD/BTCTW)
    {1, 2, true},   // good: more than 1/2
    {1, 2, true},   // completed: more than 1/2
    {1, 5, false},  // quota: excellent at most 1/5 of good
    3,              // fewer returned ballots: the result reveals votes
    6,              // admitted less than 6 months ago: not rated
};

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

Date add_months(Date d, int months) {
  const int total = d.year * 12 + (d.month - 1) + months;
  Date out{total / 12, total % 12 + 1, 0};
  out.day = std::min(d.day, days_in_month(out.year, out.month));
  return out;
}

}  // namespace

std::string_view to_string(Penalty p) { return name_of(penalties, p); }
std::optional<Penalty> penalty_from(std::string_view s) { return value_of(penalties, s); }
std::string_view to_string(Rating r) { return name_of(ratings, r); }
std::optional<Rating> rating_from(std::string_view s) { return value_of(ratings, s); }
std::string_view to_string(SecrecyLimit l) { return name_of(secrecy_limits, l); }
std::string_view to_string(NotRated n) { return name_of(not_rated_reasons, n); }

const BallotRules& ballot_rules(const RuleSet&) { return kVn2023; }

DisciplineResult discipline_result(std::vector<PenaltyCount> votes, int denominator, const RuleSet& rules) {
  const BallotRules& br = ballot_rules(rules);
  std::stable_sort(votes.begin(), votes.end(),
                   [](const PenaltyCount& a, const PenaltyCount& b) { return a.penalty < b.penalty; });
  int cumulative = 0;
  for (const auto& v : votes) {
    cumulative += v.votes;
    const Fraction& f = v.penalty == Penalty::expulsion ? br.expulsion : br.other_penalty;
    if (reaches(f, cumulative, denominator)) return {v.penalty, cumulative, required_votes(f, denominator)};
  }
  return {};
}

RatingResult rating_result(std::span<const RatingCount> votes, int denominator, const RuleSet& rules) {
  const BallotRules& br = ballot_rules(rules);
  auto votes_for = [&](Rating r) {
    int n = 0;
    for (const auto& v : votes)
      if (v.level == r) n += v.votes;
    return n;
  };
  const std::pair<Rating, const Fraction*> levels[] = {
      {Rating::excellent, &br.excellent}, {Rating::good, &br.good}, {Rating::completed, &br.completed}};
  int cumulative = 0;
  for (const auto& [level, f] : levels) {
    cumulative += votes_for(level);
    if (reaches(*f, cumulative, denominator)) return {level, cumulative, required_votes(*f, denominator)};
  }
  // Nothing reached: every ballot naming a level still counts as support.
  return {Rating::not_completed, cumulative + votes_for(Rating::not_completed), 0};
}

ElectionResult election_result(std::vector<CandidateCount> votes, int seats, int denominator, const RuleSet& rules) {
  const Fraction& f = ballot_rules(rules).election;
  ElectionResult r;
  r.required = required_votes(f, denominator);
  // Callers refuse seats < 1; guard anyway, passing[seats - 1] needs a seat.
  if (seats < 1) return r;
  std::vector<CandidateCount> passing;
  for (const auto& v : votes)
    if (reaches(f, v.votes, denominator)) passing.push_back(v);
  std::stable_sort(passing.begin(), passing.end(),
                   [](const CandidateCount& a, const CandidateCount& b) { return a.votes > b.votes; });
  if (static_cast<int>(passing.size()) <= seats) {
    for (const auto& p : passing) r.elected.push_back(p.candidate);
    return r;
  }
  const int last = passing[static_cast<std::size_t>(seats - 1)].votes;
  const bool straddles = passing[static_cast<std::size_t>(seats)].votes == last;
  for (const auto& p : passing) {
    if (p.votes > last || (!straddles && p.votes == last && static_cast<int>(r.elected.size()) < seats))
      r.elected.push_back(p.candidate);
    else if (straddles && p.votes == last)
      r.tied.push_back(p.candidate);
  }
  return r;
}

QuotaCheck quota_check(int excellent, int good, const RuleSet& rules) {
  const Fraction& q = ballot_rules(rules).quota;
  QuotaCheck c;
  c.excellent = excellent;
  c.good = good;
  c.allowed = good * q.num / q.den;
  c.exceeded = static_cast<long long>(excellent) * q.den > static_cast<long long>(q.num) * good;
  return c;
}

SecrecyLimit secrecy_limit(int returned, int distinct_valid_choices, int valid, const RuleSet& rules) {
  if (returned < ballot_rules(rules).min_secret_ballots) return SecrecyLimit::few_ballots;
  if (valid > 0 && distinct_valid_choices == 1) return SecrecyLimit::unanimous;
  return SecrecyLimit::none;
}

NotRated not_rated(const Member& m, const Date& on, const RuleSet& rules) {
  if (m.status == MemberStatus::exempt) return NotRated::exempt;
  if (m.status == MemberStatus::suspended) return NotRated::suspended;
  if (m.admitted_on && add_months(*m.admitted_on, ballot_rules(rules).months_before_rated) > on)
    return NotRated::recently_admitted;
  return NotRated::none;
}

std::vector<Member> review_order(std::vector<Member> roster) {
  auto rank = [](CommitteeRole r) {
    switch (r) {
      case CommitteeRole::secretary: return 0;
      case CommitteeRole::deputy: return 1;
      case CommitteeRole::committee_member: return 2;
      case CommitteeRole::none: return 3;
    }
    return 3;
  };
  std::stable_sort(roster.begin(), roster.end(),
                   [&](const Member& a, const Member& b) { return rank(a.committee_role) < rank(b.committee_role); });
  return roster;
}

}  // namespace chibo::domain
