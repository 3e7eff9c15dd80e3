// Domain value types: calendar dates and the stable wire spellings of enums.
#include <catch2/catch.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/types.hpp"

using namespace chibo::domain;

TEST_CASE("parse_date accepts real YYYY-MM-DD dates only", "[domain][date]") {
  struct Case {
    std::string text;
    std::optional<Date> expect;
  };
  const auto c = GENERATE(values<Case>({
      {"2021-09-01", Date{2021, 9, 1}},
      {"1900-01-01", Date{1900, 1, 1}},
      {"2999-12-31", Date{2999, 12, 31}},
      {"2024-02-29", Date{2024, 2, 29}},  // leap year
      {"2000-02-29", Date{2000, 2, 29}},  // divisible by 400: leap
      {"2021-04-30", Date{2021, 4, 30}},
      {"2021-12-31", Date{2021, 12, 31}},
      {"1900-02-29", std::nullopt},  // divisible by 100: not leap
      {"2023-02-29", std::nullopt},
      {"2024-02-30", std::nullopt},
      {"2021-04-31", std::nullopt},
      {"2021-06-31", std::nullopt},
      {"2021-13-01", std::nullopt},
      {"2021-00-10", std::nullopt},
      {"2021-01-00", std::nullopt},
      {"2021-01-32", std::nullopt},
      {"1899-12-31", std::nullopt},
      {"3000-01-01", std::nullopt},
      {"2021-9-1", std::nullopt},
      {"21-09-01", std::nullopt},
      {"2021/09/01", std::nullopt},
      {"01/09/2021", std::nullopt},
      {" 2021-09-01", std::nullopt},
      {"2021-09-01 ", std::nullopt},
      {"2021-09-0a", std::nullopt},
      {"abcd-ef-gh", std::nullopt},
      {"", std::nullopt},
  }));
  INFO("'" << c.text << "'");
  CHECK(parse_date(c.text) == c.expect);
  if (c.expect) CHECK(to_string(*c.expect) == c.text);
}

TEST_CASE("dates order by calendar", "[domain][date]") {
  CHECK(Date{2021, 9, 1} < Date{2021, 9, 2});
  CHECK(Date{2021, 9, 30} < Date{2021, 10, 1});
  CHECK(Date{2020, 12, 31} < Date{2021, 1, 1});
  CHECK(to_string(Date{2021, 3, 5}) == "2021-03-05");
}

namespace {

// Every value of an enum goes to its spelling and back; spellings are unique;
// near misses are refused.
template <class E, class From>
void check_round_trip(const std::vector<E>& all, From from, const std::vector<std::string>& names) {
  REQUIRE(all.size() == names.size());
  std::set<std::string> seen;
  for (std::size_t i = 0; i < all.size(); ++i) {
    INFO("value #" << i);
    CHECK(to_string(all[i]) == names[i]);
    CHECK(from(to_string(all[i])) == all[i]);
    seen.insert(std::string{to_string(all[i])});
    std::string upper = names[i];
    upper[0] = static_cast<char>(upper[0] - 'a' + 'A');
    CHECK_FALSE(from(upper));
    CHECK_FALSE(from(names[i] + " "));
    CHECK_FALSE(from(names[i].substr(1)));
  }
  CHECK(seen.size() == all.size());
  CHECK_FALSE(from(""));
  CHECK_FALSE(from("?"));
}

}  // namespace

TEST_CASE("enum spellings round-trip and reject unknown ones", "[domain][enums]") {
  check_round_trip<UnitKind>({UnitKind::party_committee, UnitKind::cell}, unit_kind_from,
                             {"party_committee", "cell"});
  check_round_trip<MemberKind>({MemberKind::official, MemberKind::probationary}, member_kind_from,
                               {"official", "probationary"});
  check_round_trip<MemberStatus>(
      {MemberStatus::active, MemberStatus::exempt, MemberStatus::attached, MemberStatus::suspended},
      member_status_from, {"active", "exempt", "attached", "suspended"});
  check_round_trip<CommitteeRole>({CommitteeRole::none, CommitteeRole::secretary,
                                   CommitteeRole::deputy, CommitteeRole::committee_member},
                                  committee_role_from,
                                  {"none", "secretary", "deputy", "committee_member"});
  check_round_trip<MeetingKind>(
      {MeetingKind::regular, MeetingKind::thematic, MeetingKind::annual_review,
       MeetingKind::admission, MeetingKind::discipline, MeetingKind::election},
      meeting_kind_from,
      {"regular", "thematic", "annual_review", "admission", "discipline", "election"});
  check_round_trip<MeetingStatus>({MeetingStatus::scheduled, MeetingStatus::open,
                                   MeetingStatus::closed},
                                  meeting_status_from, {"scheduled", "open", "closed"});
  check_round_trip<AccountRole>(
      {AccountRole::district_admin, AccountRole::secretary, AccountRole::observer},
      account_role_from, {"district_admin", "secretary", "observer"});
  // Vietnamese labels belong to the client and exports, never the wire.
  CHECK_FALSE(member_kind_from("chính thức"));
  CHECK_FALSE(committee_role_from("bí thư"));
}
