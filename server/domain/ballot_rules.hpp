// Counting rules of secret ballots (DOMAIN.md "Votes", "Annual review and
// rating"; issue 4): discipline counted cumulatively from the harshest
// penalty down, ratings cumulatively from the highest level down, elections
// by more than half of the denominator, the excellent-rating quota, and when
// a ballot's result itself gives votes away. Pure functions, thresholds from
// the RuleSet only.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/rules.hpp"
#include "domain/types.hpp"

namespace chibo::domain {

// The penalties a cell may decide, harshest first (Điều lệ Đảng: khai trừ,
// cách chức, cảnh cáo, khiển trách).
enum class Penalty { expulsion, removal, warning, reprimand };
std::string_view to_string(Penalty);  // "expulsion", "removal", "warning", "reprimand"
std::optional<Penalty> penalty_from(std::string_view);

// The four rating levels, highest first (Quy định 124-QĐ/TW).
enum class Rating { excellent, good, completed, not_completed };
std::string_view to_string(Rating);   // "excellent", "good", "completed", "not_completed"
std::optional<Rating> rating_from(std::string_view);

struct BallotRules {
  Fraction expulsion;       // at least 2/3 of the denominator
  Fraction other_penalty;   // more than 1/2
  Fraction election;        // a candidate needs more than 1/2
  Fraction excellent;       // at least 2/3 (07-HD/BTCTW)
  Fraction good;            // more than 1/2
  Fraction completed;       // more than 1/2; below it: not completed
  Fraction quota;           // excellent may not exceed 1/5 of those rated good
  int min_secret_ballots = 3;     // fewer returned ballots: secrecy is limited
  int months_before_rated = 6;    // admitted less than this long ago: not rated
};
// The ballot rules of a rule set ("vn-2023": the values above).
const BallotRules& ballot_rules(const RuleSet& rules);

// Discipline: `votes[i]` is the number of ballots for penalties[i]; penalties
// are given in any order and counted harshest first. Walking from the
// harshest, votes accumulate; the first penalty whose cumulative count reaches
// its threshold (expulsion: at least 2/3, others: more than 1/2) is the
// result. nullopt: no discipline. Ballots for "no discipline" count only in
// the denominator.
struct PenaltyCount {
  Penalty penalty;
  int votes = 0;
};
struct DisciplineResult {
  std::optional<Penalty> penalty;
  int cumulative = 0;  // the cumulative count that decided it (0 if none)
  int required = 0;    // what that penalty needed
};
DisciplineResult discipline_result(std::vector<PenaltyCount> votes, int denominator, const RuleSet& rules);

// Rating: votes per level (a ballot names one level). A vote for a level also
// supports every lower level; the result is the highest level whose
// cumulative support reaches its threshold; else not_completed.
struct RatingCount {
  Rating level;
  int votes = 0;
};
struct RatingResult {
  Rating level = Rating::not_completed;
  int cumulative = 0;
  int required = 0;  // 0 for not_completed (nothing needed)
};
RatingResult rating_result(std::span<const RatingCount> votes, int denominator, const RuleSet& rules);

// Election: each ballot names up to `seats` candidates. A candidate with
// more than 1/2 of the denominator is elected; if more pass than there are
// seats, the most votes win and a tie at the last seat is reported (the cell
// votes again between them).
struct CandidateCount {
  std::string candidate;
  int votes = 0;
};
struct ElectionResult {
  std::vector<std::string> elected;   // most votes first
  std::vector<std::string> tied;      // tied for the last seat(s): a new round is needed
  int required = 0;
};
ElectionResult election_result(std::vector<CandidateCount> votes, int seats, int denominator, const RuleSet& rules);

// Quota (DOMAIN.md): members proposed excellent may not exceed 20% of those
// proposed good. `exceeded` when excellent*den > num*good.
struct QuotaCheck {
  int excellent = 0;
  int good = 0;
  int allowed = 0;  // the most excellent ratings the quota allows
  bool exceeded = false;
};
QuotaCheck quota_check(int excellent, int good, const RuleSet& rules);

// When the result itself reveals how people voted (issue 4): fewer than
// min_secret_ballots ballots returned, or every valid ballot the same.
enum class SecrecyLimit { none, few_ballots, unanimous };
std::string_view to_string(SecrecyLimit);
SecrecyLimit secrecy_limit(int returned, int distinct_valid_choices, int valid, const RuleSet& rules);

// Who is not rated in an annual review, and why (DOMAIN.md "Not rated").
enum class NotRated { none, exempt, suspended, recently_admitted };
std::string_view to_string(NotRated);
// `on` is the meeting's date. Admitted less than months_before_rated months
// before it (by calendar months: admitted 2026-06-15 is rated from 2026-12-15).
NotRated not_rated(const Member& m, const Date& on, const RuleSet& rules);

// The order members are reviewed in: the secretary, deputies, committee
// members, then everyone else; roster order within each group.
std::vector<Member> review_order(std::vector<Member> roster);

}  // namespace chibo::domain
