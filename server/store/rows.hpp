// Row <-> struct mapping for every table, in one place. Private to server/store.
//
// Each k*Columns list is the SELECT list the matching *_row() reader expects,
// column 0 first. Enums are stored as their domain::to_string spelling; a row
// holding anything else (only possible if the file was edited by hand, since
// CHECK constraints fence every enum column) makes the reader throw Error.
#pragma once

#include <optional>
#include <string>

#include "domain/types.hpp"
#include "store/records.hpp"

namespace chibo::store {

class Stmt;

inline constexpr const char kUnitColumns[] = "id, parent_id, kind, name, place";
inline constexpr const char kMemberColumns[] =
    "id, cell_id, full_name, kind, status, committee_role, birth_date, admitted_on, phone, note";
inline constexpr const char kAccountColumns[] =
    "id, username, password_hash, role, unit_id, member_id, display_name, title";
inline constexpr const char kMeetingColumns[] =
    "id, cell_id, kind, title, starts_at, place, video_url, status";
inline constexpr const char kSessionColumns[] = "token_hash, account_id, created_ms, expires_ms";
inline constexpr const char kJoinLinkColumns[] =
    "token_hash, meeting_id, member_id, guest_name, guest_title, observer, created_ms, revoked_ms";
inline constexpr const char kEventColumns[] =
    "meeting_id, seq, type, actor, ts_ms, data, prev_hash, hash";

domain::Unit unit_row(const Stmt& st);
domain::Member member_row(const Stmt& st);
Account account_row(const Stmt& st);
domain::Meeting meeting_row(const Stmt& st);
Session session_row(const Stmt& st);
JoinLink join_link_row(const Stmt& st);
EventRecord event_row(const Stmt& st);

// The stored spelling of an optional date ('YYYY-MM-DD' or NULL).
std::optional<std::string> date_text(const std::optional<domain::Date>& d);

// True when the date is absent or a real calendar date (parse_date accepts it).
bool date_ok(const std::optional<domain::Date>& d);

}  // namespace chibo::store
