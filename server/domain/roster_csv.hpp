// Roster import/export as CSV (issue 2, "Organisation"). Pure: text in, members out.
//
// A file is accepted whole or not at all: parse_roster_csv() reports every bad
// row (line number, column, reason) and the caller stores nothing when any
// error is present.
//
// Format (UTF-8, an Excel BOM is skipped, "," or ";" separator detected from the
// header line, RFC 4180 quoting, CRLF or LF). Header names are matched without
// case and diacritics, in Vietnamese or English; column order is free:
//   Họ và tên | full_name           required
//   Loại      | kind                Chính thức / Dự bị / official / probationary (default chính thức)
//   Trạng thái| status              Đang sinh hoạt / Miễn sinh hoạt / Sinh hoạt tạm thời /
//                                   Đình chỉ / active / exempt / attached / suspended (default active)
//   Chức vụ   | committee_role      Bí thư / Phó bí thư / Chi ủy viên / (empty) / secretary / ...
//   Ngày sinh | birth_date          DD/MM/YYYY or YYYY-MM-DD, optional
//   Ngày vào Đảng | admitted_on     DD/MM/YYYY or YYYY-MM-DD, optional
//   Điện thoại| phone               optional
//   Ghi chú   | note                optional
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/types.hpp"

namespace chibo::domain {

// Stable reason codes (PROTOCOL.md lists them with the `invalid_csv` error).
enum class CsvProblem {
  empty_file,        // no header line
  unknown_column,    // a header cell that names no known column (line 1)
  duplicate_column,  // the same column twice (line 1)
  missing_column,    // a required column absent (line 1)
  wrong_field_count, // a row with more or fewer cells than the header
  bad_quoting,       // unterminated or misplaced quote
  missing_name,      // empty full name
  bad_kind,
  bad_status,
  bad_role,
  bad_date,          // not a real date in either accepted form, or in the future
  too_long,          // a cell over 200 characters (names) / 500 (note)
  invalid_utf8,
  too_many_rows,     // over the 500-row limit
  duplicate_secretary, // more than one row with role secretary
};
std::string_view to_string(CsvProblem);

struct CsvError {
  int line = 0;         // 1-based physical line in the file (header is line 1)
  std::string column;   // header name as written in the file, or "" for whole-row problems
  CsvProblem problem = CsvProblem::bad_quoting;
  std::string detail;   // the offending value, truncated to 60 bytes
};

struct RosterParse {
  std::vector<Member> members;  // cell_id set, id 0; empty when errors is not
  std::vector<CsvError> errors; // every problem found, in line order
};

// `today` bounds dates (no birth or admission date after it).
RosterParse parse_roster_csv(std::string_view text, Id cell_id, Date today);

// Writes the Vietnamese-header form, DD/MM/YYYY dates, Vietnamese values, CRLF
// line ends, with a UTF-8 BOM so Excel opens it right. parse_roster_csv() reads
// it back to the same members (ids aside).
std::string roster_to_csv(const std::vector<Member>& members);

}  // namespace chibo::domain
