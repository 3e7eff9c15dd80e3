// The counting rules of DOMAIN.md "Votes" and "Order of a regular meeting" as
// pure functions over a named rule set (issue 3 "Rules as data").
#include "domain/rules.hpp"
#include "domain/names.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>

namespace chibo::domain {
namespace {

// DOMAIN.md marks the thresholds configurable: each set is data, recorded by
// name in the meetings that ran under it, so a set is only ever added.
constexpr RuleSet vn_2023{
    .name = "vn-2023",
    .ordinary = {1, 2, true},               // "more than 1/2 of the denominator approve"
    .admission = {2, 3, false},             // "at least 2/3 of the denominator approve"
    .quorum = {1, 2, true},                 // more than half of the denominator present to vote
    .attendance_criterion = {85, 100, true},  // "attendance above 85% of members who are expected"
    .min_minutes_regular = 90,              // "At least 90 minutes,
    .min_minutes_thematic = 120,            //  120 when combined with a thematic part"
};
constexpr std::array<const RuleSet*, 1> rule_sets{&vn_2023};

using names::Names;
using names::name_of;
using names::value_of;

constexpr Names<Attendance, 5> attendances{{{Attendance::unmarked, "unmarked"},
                                            {Attendance::present, "present"},
                                            {Attendance::absent_excused, "absent_excused"},
                                            {Attendance::absent_unexcused, "absent_unexcused"},
                                            {Attendance::departed, "departed"}}};
constexpr Names<AbsenceReason, 4> absence_reasons{{{AbsenceReason::illness, "illness"},
                                                   {AbsenceReason::work, "work"},
                                                   {AbsenceReason::travel, "travel"},
                                                   {AbsenceReason::other, "other"}}};
constexpr Names<RollCategory, 5> roll_categories{{{RollCategory::official, "official"},
                                                  {RollCategory::probationary, "probationary"},
                                                  {RollCategory::exempt, "exempt"},
                                                  {RollCategory::attached, "attached"},
                                                  {RollCategory::suspended, "suspended"}}};
constexpr Names<DecisionKind, 3> decision_kinds{{{DecisionKind::ordinary, "ordinary"},
                                                 {DecisionKind::admission, "admission"},
                                                 {DecisionKind::confirmation, "confirmation"}}};
// PROTOCOL.md `vote.cast`: a choice is spelled for / against / abstain.
constexpr Names<Choice, 3> choices{{{Choice::yes, "for"},
                                    {Choice::no, "against"},
                                    {Choice::abstain, "abstain"}}};


}  // namespace

// --- Thresholds ------------------------------------------------------------

bool reaches(const Fraction& f, int votes, int base) {
  // "With nobody counted there is no decision": an empty denominator never
  // passes, whatever the fraction (so 0 of 0 is not "at least 0/1").
  if (base <= 0) return false;
  // Exact integer comparison, widened so num*base cannot overflow.
  const std::int64_t lhs = std::int64_t{votes} * f.den;
  const std::int64_t rhs = std::int64_t{f.num} * base;
  return f.strict ? lhs > rhs : lhs >= rhs;
}

int required_votes(const Fraction& f, int base) {
  if (base <= 0) return base + 1;
  // Smallest v with v*den > num*base (strict) or >= (not strict): one past
  // the floor of num*base/den, or its ceiling. Rule sets hold den > 0 and
  // num >= 0, so the quotient is non-negative and '/' floors.
  const std::int64_t prod = std::int64_t{f.num} * base;
  const std::int64_t v = f.strict ? prod / f.den + 1 : (prod + f.den - 1) / f.den;
  return v > base ? base + 1 : static_cast<int>(std::max<std::int64_t>(v, 0));
}

std::string to_rule_name(const Fraction& f) {
  // The two thresholds of the default set keep the names the client and the
  // minutes already print; anything else spells its fraction.
  if (f == Fraction{1, 2, true}) return "more_than_half";
  if (f == Fraction{2, 3, false}) return "at_least_two_thirds";
  return std::string{f.strict ? "more_than_" : "at_least_"} + std::to_string(f.num) + "/" +
         std::to_string(f.den);
}

const RuleSet* find_rule_set(std::string_view name) {
  for (const RuleSet* r : rule_sets)
    if (r->name == name) return r;
  return nullptr;
}

const RuleSet& default_rule_set() { return vn_2023; }

// --- Roll call -------------------------------------------------------------

std::string_view to_string(Attendance v) { return name_of(attendances, v); }
std::string_view to_string(AbsenceReason v) { return name_of(absence_reasons, v); }
std::string_view to_string(RollCategory v) { return name_of(roll_categories, v); }
std::optional<Attendance> attendance_from(std::string_view s) { return value_of(attendances, s); }
std::optional<AbsenceReason> absence_reason_from(std::string_view s) {
  return value_of(absence_reasons, s);
}

bool attended(Attendance a) { return a == Attendance::present || a == Attendance::departed; }

bool in_denominator(const Attendee& a) {
  // "Percentages are taken over the cell's official members ... Probationary
  // members never count."
  if (a.kind != MemberKind::official) return false;
  switch (a.status) {
    case MemberStatus::attached:   // "members temporarily attached elsewhere"
    case MemberStatus::suspended:  // "suspended, prosecuted or detained members"
      return false;
    case MemberStatus::exempt:     // "exempt members who are absent"; those who
      return attended(a.attendance);  // attend count in both numerator and denominator
    case MemberStatus::active:
      // "members absent for the whole meeting with an approved reason". An
      // unmarked or unexcused absence has no approved reason: still counted.
      return a.attendance != Attendance::absent_excused;
  }
  return false;
}

int denominator(std::span<const Attendee> roster) {
  return static_cast<int>(std::count_if(roster.begin(), roster.end(),
                                        [](const Attendee& a) { return in_denominator(a); }));
}

bool can_vote(const Attendee& a) {
  // Official members vote; exempt ones "may vote when present"; a member who
  // departed is no longer in the room to raise a hand.
  return a.kind == MemberKind::official &&
         (a.status == MemberStatus::active || a.status == MemberStatus::exempt) &&
         a.attendance == Attendance::present;
}

RollCategory category_of(const Attendee& a) {
  // Status first: an exempt, attached or suspended member is shown under that
  // heading whatever their kind, so each member is counted exactly once.
  switch (a.status) {
    case MemberStatus::exempt: return RollCategory::exempt;
    case MemberStatus::attached: return RollCategory::attached;
    case MemberStatus::suspended: return RollCategory::suspended;
    case MemberStatus::active: break;
  }
  return a.kind == MemberKind::official ? RollCategory::official : RollCategory::probationary;
}

AttendanceSummary summarize(std::span<const Attendee> roster, const RuleSet& rules) {
  AttendanceSummary s;
  s.members = static_cast<int>(roster.size());
  for (const Attendee& a : roster) {
    const RollCategory cat = category_of(a);
    const bool here = attended(a.attendance);
    CategoryCount& c = s.by_category[static_cast<int>(cat)];
    ++c.total;
    if (here) {
      ++c.present;
      ++s.present;
    }
    if (a.attendance == Attendance::absent_excused) ++s.absent_excused;
    if (a.attendance == Attendance::absent_unexcused) ++s.absent_unexcused;
    if (a.attendance == Attendance::unmarked) ++s.unmarked;
    // Quality criterion: "exempt members and those on special duty are not
    // expected"; attached and suspended members do not meet in this cell.
    if (cat == RollCategory::official || cat == RollCategory::probationary) {
      ++s.expected;
      if (here) ++s.expected_present;
    }
    if (in_denominator(a)) ++s.denominator;
    if (can_vote(a)) ++s.voters_present;
  }
  s.meets_criterion = reaches(rules.attendance_criterion, s.expected_present, s.expected);
  s.quorum = reaches(rules.quorum, s.voters_present, s.denominator);
  return s;
}

// --- Decisions -------------------------------------------------------------

std::string_view to_string(DecisionKind v) { return name_of(decision_kinds, v); }
std::optional<DecisionKind> decision_kind_from(std::string_view s) {
  return value_of(decision_kinds, s);
}
std::string_view to_string(Choice v) { return name_of(choices, v); }
std::optional<Choice> choice_from(std::string_view s) { return value_of(choices, s); }

const Fraction& threshold(DecisionKind d, const RuleSet& rules) {
  switch (d) {
    case DecisionKind::ordinary: return rules.ordinary;
    // "Admit a new member, confirm a probationary one: at least 2/3".
    case DecisionKind::admission:
    case DecisionKind::confirmation: return rules.admission;
  }
  return rules.ordinary;
}

VoteResult vote_result(const Tally& t, int denominator, DecisionKind d, const RuleSet& rules) {
  // Over the denominator, not over those who answered: against and abstain
  // count the same as silence.
  const Fraction& rule = threshold(d, rules);
  return VoteResult{
      .denominator = denominator,
      .required = required_votes(rule, denominator),
      .passed = reaches(rule, t.yes, denominator),
      .rule = rule,
  };
}

int min_minutes(MeetingKind kind, bool thematic_part, const RuleSet& rules) {
  // "At least 90 minutes, 120 when combined with a thematic part."
  return kind == MeetingKind::thematic || thematic_part ? rules.min_minutes_thematic
                                                        : rules.min_minutes_regular;
}

}  // namespace chibo::domain
