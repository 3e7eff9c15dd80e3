// The Party's counting rules as pure functions over plain structs, driven by a
// named rule set (DOMAIN.md "Votes", "Order of a regular meeting"; issue 3
// "Rules as data"). Nothing here does I/O; every threshold comes from a
// RuleSet, never from a literal at the call site.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/types.hpp"

namespace chibo::domain {

// A threshold "votes / base ≥ num/den" (or "> num/den" when strict), compared
// in exact integer arithmetic: votes*den > num*base, never with floating point.
struct Fraction {
  int num = 1;
  int den = 2;
  bool strict = true;  // true: more than; false: at least
  friend bool operator==(const Fraction&, const Fraction&) = default;
};

// True when `votes` out of `base` reach the threshold. A base of 0 never
// passes: with nobody counted there is no decision.
bool reaches(const Fraction& f, int votes, int base);

// The smallest number of votes out of `base` that reaches `f`, or base + 1
// when even a unanimous base does not (base 0).
int required_votes(const Fraction& f, int base);

// Wire spelling of a threshold, also shown in the client and the minutes:
// "more_than_half", "at_least_two_thirds", else "more_than_3/5" style.
std::string to_rule_name(const Fraction& f);

struct RuleSet {
  std::string_view name;             // "vn-2023"
  Fraction ordinary;                 // resolutions, conclusions: more than 1/2 of the denominator
  Fraction admission;                // admission, confirmation: at least 2/3 of the denominator
  Fraction quorum;                   // voters present over the denominator, to hold valid votes
  Fraction attendance_criterion;     // quality criterion: present over expected (more than 85/100)
  int min_minutes_regular = 90;      // a regular meeting lasts at least this long
  int min_minutes_thematic = 120;    // ... or this with a thematic part
};

// The rule set of that name, or nullptr. Names are stable: meetings record the
// name they ran under, so a set is never changed in place, only added.
const RuleSet* find_rule_set(std::string_view name);
const RuleSet& default_rule_set();  // vn-2023

// Where a member stands in a meeting's roll call.
enum class Attendance {
  unmarked,          // not yet checked in or marked: counts as absent without reason
  present,
  absent_excused,    // vắng có lý do (a reason is recorded)
  absent_unexcused,  // vắng không lý do
  departed,          // was present, left early: attended, but votes no longer
};
enum class AbsenceReason { illness, work, travel, other };

std::string_view to_string(Attendance);
std::string_view to_string(AbsenceReason);
std::optional<Attendance> attendance_from(std::string_view);
std::optional<AbsenceReason> absence_reason_from(std::string_view);

struct Attendee {
  MemberKind kind = MemberKind::official;
  MemberStatus status = MemberStatus::active;
  Attendance attendance = Attendance::unmarked;
};

bool attended(Attendance a);  // present or departed

// DOMAIN.md "The denominator": official members, minus those attached
// elsewhere, minus suspended, minus exempt members who did not attend, minus
// those absent for the whole meeting with a reason. Probationary never count.
bool in_denominator(const Attendee& a);
int denominator(std::span<const Attendee> roster);

// Who may answer a vote now: an official member, active or exempt, present
// (not departed). Never probationary, attached, suspended; observers and
// guests are not on the roster at all.
bool can_vote(const Attendee& a);

// The category a member is counted under in the roll call board: exactly one.
enum class RollCategory { official, probationary, exempt, attached, suspended };
RollCategory category_of(const Attendee& a);
std::string_view to_string(RollCategory);

struct CategoryCount {
  int total = 0;
  int present = 0;  // attended (present or departed)
};

// Everything the roll call board, the minutes and the quality criterion need.
struct AttendanceSummary {
  int members = 0;                 // on the roster snapshot
  CategoryCount by_category[5];    // indexed by RollCategory
  int present = 0;                 // attended, any category
  int absent_excused = 0;
  int absent_unexcused = 0;        // marked so
  int unmarked = 0;
  // Quality criterion (DOMAIN.md): exempt, attached and suspended members are
  // not expected.
  int expected = 0;
  int expected_present = 0;
  bool meets_criterion = false;    // expected_present / expected reaches the rule set's criterion
  int denominator = 0;
  int voters_present = 0;          // can_vote now
  bool quorum = false;             // voters_present / denominator reaches the rule set's quorum
};
AttendanceSummary summarize(std::span<const Attendee> roster, const RuleSet& rules);

// Named decisions of issue 3 (secret-ballot kinds arrive with issue 4).
enum class DecisionKind { ordinary, admission, confirmation };
std::string_view to_string(DecisionKind);
std::optional<DecisionKind> decision_kind_from(std::string_view);
const Fraction& threshold(DecisionKind d, const RuleSet& rules);

enum class Choice { yes, no, abstain };  // wire: "for", "against", "abstain"
std::string_view to_string(Choice);
std::optional<Choice> choice_from(std::string_view);

struct Tally {
  int yes = 0;
  int no = 0;
  int abstain = 0;
  int answered() const { return yes + no + abstain; }
};

struct VoteResult {
  int denominator = 0;
  int required = 0;   // smallest "for" count that passes
  bool passed = false;
  Fraction rule;
};
// DOMAIN.md vote table: passes when `for` reaches the decision's threshold of
// the denominator (not of those present, not of those who answered).
VoteResult vote_result(const Tally& t, int denominator, DecisionKind d, const RuleSet& rules);

// The shortest a meeting of this kind may last (DOMAIN.md "Kinds of meeting").
int min_minutes(MeetingKind kind, bool thematic_part, const RuleSet& rules);

}  // namespace chibo::domain
