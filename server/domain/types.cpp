#include "domain/types.hpp"
#include "domain/names.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace chibo::domain {
namespace {

using names::Names;
using names::name_of;
using names::value_of;

constexpr Names<UnitKind, 2> unit_kinds{{{UnitKind::party_committee, "party_committee"},
                                         {UnitKind::cell, "cell"}}};
constexpr Names<MemberKind, 2> member_kinds{{{MemberKind::official, "official"},
                                             {MemberKind::probationary, "probationary"}}};
constexpr Names<MemberStatus, 4> member_statuses{{{MemberStatus::active, "active"},
                                                  {MemberStatus::exempt, "exempt"},
                                                  {MemberStatus::attached, "attached"},
                                                  {MemberStatus::suspended, "suspended"}}};
constexpr Names<CommitteeRole, 4> committee_roles{
    {{CommitteeRole::none, "none"},
     {CommitteeRole::secretary, "secretary"},
     {CommitteeRole::deputy, "deputy"},
     {CommitteeRole::committee_member, "committee_member"}}};
constexpr Names<MeetingKind, 6> meeting_kinds{{{MeetingKind::regular, "regular"},
                                               {MeetingKind::thematic, "thematic"},
                                               {MeetingKind::annual_review, "annual_review"},
                                               {MeetingKind::admission, "admission"},
                                               {MeetingKind::discipline, "discipline"},
                                               {MeetingKind::election, "election"}}};
constexpr Names<MeetingStatus, 3> meeting_statuses{{{MeetingStatus::scheduled, "scheduled"},
                                                    {MeetingStatus::open, "open"},
                                                    {MeetingStatus::closed, "closed"}}};
constexpr Names<AccountRole, 3> account_roles{{{AccountRole::district_admin, "district_admin"},
                                               {AccountRole::secretary, "secretary"},
                                               {AccountRole::observer, "observer"}}};


bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) -> int {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  Date d{digits(0, 4), digits(5, 2), digits(8, 2)};
  if (d.year < 1900 || d.year > 2999 || d.month < 1 || d.month > 12 || d.day < 1)
    return std::nullopt;
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max_day = days[d.month - 1] + (d.month == 2 && is_leap(d.year) ? 1 : 0);
  if (d.day > max_day) return std::nullopt;
  return d;
}

std::string to_string(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string_view to_string(UnitKind v) { return name_of(unit_kinds, v); }
std::string_view to_string(MemberKind v) { return name_of(member_kinds, v); }
std::string_view to_string(MemberStatus v) { return name_of(member_statuses, v); }
std::string_view to_string(CommitteeRole v) { return name_of(committee_roles, v); }
std::string_view to_string(MeetingKind v) { return name_of(meeting_kinds, v); }
std::string_view to_string(MeetingStatus v) { return name_of(meeting_statuses, v); }
std::string_view to_string(AccountRole v) { return name_of(account_roles, v); }
std::optional<UnitKind> unit_kind_from(std::string_view s) { return value_of(unit_kinds, s); }
std::optional<MemberKind> member_kind_from(std::string_view s) { return value_of(member_kinds, s); }
std::optional<MemberStatus> member_status_from(std::string_view s) { return value_of(member_statuses, s); }
std::optional<CommitteeRole> committee_role_from(std::string_view s) { return value_of(committee_roles, s); }
std::optional<MeetingKind> meeting_kind_from(std::string_view s) { return value_of(meeting_kinds, s); }
std::optional<MeetingStatus> meeting_status_from(std::string_view s) { return value_of(meeting_statuses, s); }
std::optional<AccountRole> account_role_from(std::string_view s) { return value_of(account_roles, s); }

}  // namespace chibo::domain
