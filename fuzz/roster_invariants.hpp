// What must hold of any roster CSV import (server/domain/roster_csv.hpp),
// whatever the bytes: shared by fuzz_csv and by fuzz_protocol (roster.import).
#pragma once

#include <string>
#include <string_view>

#include "domain/roster_csv.hpp"
#include "domain/text.hpp"
#include "fuzz_check.hpp"

namespace chibo::fuzz {

// Physical lines as the CSV reader counts them: CRLF, LF or a lone CR end one
// line each; the text after the last line end is one more (possibly empty).
inline int physical_lines(std::string_view t) {
  int n = 1;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\n') {
      ++n;
    } else if (t[i] == '\r') {
      ++n;
      if (i + 1 < t.size() && t[i + 1] == '\n') ++i;
    }
  }
  return n;
}

inline bool same_member(const domain::Member& a, const domain::Member& b) {
  return a.id == b.id && a.cell_id == b.cell_id && a.full_name == b.full_name && a.kind == b.kind &&
         a.status == b.status && a.committee_role == b.committee_role && a.birth_date == b.birth_date &&
         a.admitted_on == b.admitted_on && a.phone == b.phone && a.note == b.note;
}

inline void check_date(const std::optional<domain::Date>& d, domain::Date today) {
  if (!d) return;
  FUZZ_CHECK(*d <= today, "an accepted date is after today");
  const auto again = domain::parse_date(domain::to_string(*d));
  FUZZ_CHECK(again && *again == *d, "an accepted date is not a real calendar date");
}

inline void check_text(std::string_view s, std::size_t max_chars, const char* what) {
  FUZZ_CHECK(domain::text::is_valid_utf8(s), what);
  FUZZ_CHECK(domain::text::count_code_points(s) <= max_chars, what);
}

// Checks `parsed` = parse_roster_csv(text, cell, today). With `round_trip`,
// also exports the members and imports the export: roster_csv.hpp promises the
// same members back.
inline void check_roster_parse(std::string_view text, domain::Id cell, domain::Date today,
                               const domain::RosterParse& parsed, bool round_trip) {
  using domain::CsvProblem;
  std::string_view body = text;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  const int lines = physical_lines(body);
  const bool valid_utf8 = domain::text::is_valid_utf8(body);

  FUZZ_CHECK(parsed.errors.empty() || parsed.members.empty(), "members returned along with errors");
  int last_line = 0;
  bool saw_invalid_utf8 = false;
  for (const auto& e : parsed.errors) {
    FUZZ_CHECK(e.line >= 1 && e.line <= lines,
               "error line " + std::to_string(e.line) + " outside 1.." + std::to_string(lines));
    FUZZ_CHECK(e.line >= last_line, "errors not in line order");
    last_line = e.line;
    FUZZ_CHECK(domain::to_string(e.problem) != "?", "problem outside the closed list");
    FUZZ_CHECK(e.detail.size() <= 60, "detail over 60 bytes");
    // Both go back to the client inside a JSON string: they must be text.
    FUZZ_CHECK(domain::text::is_valid_utf8(e.detail), "detail is not valid UTF-8");
    FUZZ_CHECK(domain::text::is_valid_utf8(e.column), "column is not valid UTF-8");
    if (e.problem == CsvProblem::invalid_utf8) saw_invalid_utf8 = true;
  }
  FUZZ_CHECK(saw_invalid_utf8 == !valid_utf8, "invalid_utf8 reported iff the text is not UTF-8");

  FUZZ_CHECK(parsed.members.size() <= 500, "more than 500 members accepted");
  int secretaries = 0;
  for (const auto& m : parsed.members) {
    FUZZ_CHECK(m.id == 0 && m.cell_id == cell, "member id/cell");
    FUZZ_CHECK(!m.full_name.empty(), "empty name accepted");
    check_text(m.full_name, 200, "name: not UTF-8 or over 200 characters");
    FUZZ_CHECK(domain::text::collapse_spaces(m.full_name) == m.full_name, "name not collapsed/trimmed");
    check_text(m.phone, 40, "phone: not UTF-8 or over 40 characters");
    check_text(m.note, 500, "note: not UTF-8 or over 500 characters");
    check_date(m.birth_date, today);
    check_date(m.admitted_on, today);
    if (m.committee_role == domain::CommitteeRole::secretary) ++secretaries;
  }
  FUZZ_CHECK(secretaries <= 1, "two secretaries accepted");

  if (!round_trip || !parsed.errors.empty()) return;
  const std::string exported = domain::roster_to_csv(parsed.members);
  const auto again = domain::parse_roster_csv(exported, cell, today);
  std::string why = "export of the accepted members does not import cleanly:";
  for (const auto& e : again.errors)
    why += " line " + std::to_string(e.line) + " " + std::string(domain::to_string(e.problem)) + " [" + e.detail + "]";
  FUZZ_CHECK(again.errors.empty(), why);
  FUZZ_CHECK(again.members.size() == parsed.members.size(), "round trip changed the member count");
  for (std::size_t i = 0; i < again.members.size(); ++i)
    FUZZ_CHECK(same_member(again.members[i], parsed.members[i]),
               "round trip changed member " + std::to_string(i) + ": [" + parsed.members[i].full_name + "] -> [" +
                   again.members[i].full_name + "]");
}

}  // namespace chibo::fuzz
