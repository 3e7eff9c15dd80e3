// Plain domain types shared by every layer. No I/O, no JSON, no Asio.
// Vocabulary follows ../shared/DOMAIN.md; user-facing labels live in the
// client and in exports, never here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chibo::domain {

using Id = std::int64_t;

// A date as written on a roster ("2021-09-01"); validated by parse_date().
struct Date {
  int year = 0, month = 0, day = 0;
  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};
std::optional<Date> parse_date(std::string_view iso);  // strict YYYY-MM-DD, real calendar date
std::string to_string(const Date& d);                  // YYYY-MM-DD

// Đảng bộ (district, commune, grassroots) or chi bộ (cell).
enum class UnitKind { party_committee, cell };

struct Unit {
  Id id = 0;
  std::optional<Id> parent_id;
  UnitKind kind = UnitKind::cell;
  std::string name;   // "Chi bộ Khu phố 3"
  std::string place;  // default place line for documents: "Biên Hòa"
};

// Đảng viên chính thức / dự bị (DOMAIN.md "Who uses it").
enum class MemberKind { official, probationary };

// Status decides who counts in the vote denominator (DOMAIN.md "Votes").
enum class MemberStatus {
  active,
  exempt,     // miễn công tác và sinh hoạt đảng: counted only when present
  attached,   // sinh hoạt tạm thời elsewhere: excluded from this cell's denominator
  suspended,  // đình chỉ, bị truy tố, tạm giam: excluded, cannot vote
};

// Cấp ủy role inside the cell.
enum class CommitteeRole { none, secretary, deputy, committee_member };

struct Member {
  Id id = 0;
  Id cell_id = 0;
  std::string full_name;          // UTF-8, NFC as typed: "Nguyễn Thị Hồng"
  MemberKind kind = MemberKind::official;
  MemberStatus status = MemberStatus::active;
  CommitteeRole committee_role = CommitteeRole::none;
  std::optional<Date> birth_date;
  std::optional<Date> admitted_on;  // ngày vào Đảng
  std::string phone;                // optional, free text
  std::string note;                 // optional, free text
};

enum class MeetingKind { regular, thematic, annual_review, admission, discipline, election };

// scheduled -> open -> closed; a closed meeting is read-only.
enum class MeetingStatus { scheduled, open, closed };

struct Meeting {
  Id id = 0;
  Id cell_id = 0;
  MeetingKind kind = MeetingKind::regular;
  std::string title;
  std::string starts_at;  // local date-time "2026-12-01T19:30" as entered
  std::string place;      // physical place, or empty when online only
  std::string video_url;  // Zoom/Jitsi link, or empty
  MeetingStatus status = MeetingStatus::scheduled;
};

// Account roles (issue 2 auth). Members normally join by link, without account.
enum class AccountRole { district_admin, secretary, observer };

// Stable wire/database spellings. from_string returns nullopt for anything else.
std::string_view to_string(UnitKind);
std::string_view to_string(MemberKind);
std::string_view to_string(MemberStatus);
std::string_view to_string(CommitteeRole);
std::string_view to_string(MeetingKind);
std::string_view to_string(MeetingStatus);
std::string_view to_string(AccountRole);
std::optional<UnitKind> unit_kind_from(std::string_view);
std::optional<MemberKind> member_kind_from(std::string_view);
std::optional<MemberStatus> member_status_from(std::string_view);
std::optional<CommitteeRole> committee_role_from(std::string_view);
std::optional<MeetingKind> meeting_kind_from(std::string_view);
std::optional<MeetingStatus> meeting_status_from(std::string_view);
std::optional<AccountRole> account_role_from(std::string_view);

}  // namespace chibo::domain
