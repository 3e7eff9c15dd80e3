#include "domain/roster_csv.hpp"

#include <array>
#include <optional>
#include <utility>

#include "domain/csv_reader.hpp"
#include "domain/text.hpp"

namespace chibo::domain {
namespace {

constexpr int kMaxRows = 500;                 // PROTOCOL.md "Limits": roster.import
constexpr std::size_t kMaxNameChars = 200;    // PROTOCOL.md "Limits": names
constexpr std::size_t kMaxPhoneChars = 40;
constexpr std::size_t kMaxNoteChars = 500;
constexpr std::size_t kMaxDetailBytes = 60;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// What a header cell names.
enum class Field {
  full_name, kind, status, committee_role, birth_date, admitted_on, phone, note,
  row_number,  // "STT": Excel users number their rows; ignored
  unnamed,     // an empty header cell; the cells under it must stay empty
  unknown,
};

// Header spellings after text::fold(): Vietnamese as secretaries write them,
// English as the wire names them.
constexpr std::array<std::pair<std::string_view, Field>, 27> kHeaders{{
    {"ho va ten", Field::full_name},       {"ho ten", Field::full_name},
    {"ho va ten dang vien", Field::full_name},
    {"full name", Field::full_name},       {"name", Field::full_name},
    {"loai", Field::kind},                 {"loai dang vien", Field::kind},
    {"kind", Field::kind},                 {"trang thai", Field::status},
    {"status", Field::status},             {"chuc vu", Field::committee_role},
    {"chuc vu dang", Field::committee_role}, {"committee role", Field::committee_role},
    {"role", Field::committee_role},       {"ngay sinh", Field::birth_date},
    {"birth date", Field::birth_date},     {"ngay vao dang", Field::admitted_on},
    {"admitted on", Field::admitted_on},   {"dien thoai", Field::phone},
    {"so dien thoai", Field::phone},       {"phone", Field::phone},
    {"ghi chu", Field::note},              {"note", Field::note},
    {"stt", Field::row_number},            {"so thu tu", Field::row_number},
    {"no", Field::row_number},             {"no.", Field::row_number},
}};

// Value spellings after text::fold(). Vietnamese terms follow DOMAIN.md "Who
// uses it"; "đang"/"đảng" both fold to "dang", which is harmless here.
constexpr std::array<std::pair<std::string_view, MemberKind>, 8> kKinds{{
    {"chinh thuc", MemberKind::official},
    {"dang vien chinh thuc", MemberKind::official},
    {"official", MemberKind::official},
    {"ct", MemberKind::official},
    {"du bi", MemberKind::probationary},
    {"dang vien du bi", MemberKind::probationary},
    {"probationary", MemberKind::probationary},
    {"db", MemberKind::probationary},
}};
constexpr std::array<std::pair<std::string_view, MemberStatus>, 13> kStatuses{{
    {"dang sinh hoat", MemberStatus::active},
    {"active", MemberStatus::active},
    {"mien sinh hoat", MemberStatus::exempt},
    {"mien cong tac va sinh hoat", MemberStatus::exempt},
    {"mien cong tac va sinh hoat dang", MemberStatus::exempt},
    {"exempt", MemberStatus::exempt},
    {"sinh hoat tam thoi", MemberStatus::attached},
    {"tam thoi", MemberStatus::attached},
    {"attached", MemberStatus::attached},
    {"dinh chi", MemberStatus::suspended},
    {"dinh chi sinh hoat", MemberStatus::suspended},
    {"suspended", MemberStatus::suspended},
    {"bi dinh chi", MemberStatus::suspended},
}};
constexpr std::array<std::pair<std::string_view, CommitteeRole>, 12> kRoles{{
    {"dang vien", CommitteeRole::none},
    {"none", CommitteeRole::none},
    {"bi thu", CommitteeRole::secretary},
    {"bi thu chi bo", CommitteeRole::secretary},
    {"secretary", CommitteeRole::secretary},
    {"pho bi thu", CommitteeRole::deputy},
    {"pho bi thu chi bo", CommitteeRole::deputy},
    {"deputy", CommitteeRole::deputy},
    {"chi uy vien", CommitteeRole::committee_member},
    {"cap uy vien", CommitteeRole::committee_member},
    {"uy vien chi bo", CommitteeRole::committee_member},
    {"committee member", CommitteeRole::committee_member},
}};

// Looks `value` up after folding; `empty` is the answer for a blank cell.
template <class E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<std::string_view, E>, N>& table,
                        std::string_view value, std::optional<E> empty = std::nullopt) {
  const std::string key = text::fold(value);
  if (key.empty()) return empty;
  for (const auto& [spelling, v] : table)
    if (spelling == key) return v;
  return std::nullopt;
}

Field header_field(std::string_view name) {
  if (text::trim(name).empty()) return Field::unnamed;
  return lookup(kHeaders, name).value_or(Field::unknown);
}

// Export spellings (the Vietnamese a cell secretary would type).
std::string_view vietnamese(MemberKind k) {
  return k == MemberKind::probationary ? "Dự bị" : "Chính thức";
}
std::string_view vietnamese(MemberStatus s) {
  switch (s) {
    case MemberStatus::active: return "Đang sinh hoạt";
    case MemberStatus::exempt: return "Miễn sinh hoạt";
    case MemberStatus::attached: return "Sinh hoạt tạm thời";
    case MemberStatus::suspended: return "Đình chỉ";
  }
  return "";
}
std::string_view vietnamese(CommitteeRole r) {
  switch (r) {
    case CommitteeRole::none: return "";
    case CommitteeRole::secretary: return "Bí thư";
    case CommitteeRole::deputy: return "Phó bí thư";
    case CommitteeRole::committee_member: return "Chi ủy viên";
  }
  return "";
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

// DD/MM/YYYY (also D/M/YYYY, with '/', '-' or '.', the same one twice; day
// first, as Vietnamese write dates) or ISO YYYY-MM-DD. Calendar checks are
// parse_date()'s.
std::optional<Date> parse_cell_date(std::string_view s) {
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') return parse_date(s);
  const std::size_t a = s.find_first_of("/-.");
  if (a == std::string_view::npos) return std::nullopt;
  const char sep = s[a];
  const std::size_t b = s.find(sep, a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  const auto day = s.substr(0, a), month = s.substr(a + 1, b - a - 1), year = s.substr(b + 1);
  if (!all_digits(day) || !all_digits(month) || !all_digits(year) || day.size() > 2 ||
      month.size() > 2 || year.size() != 4)
    return std::nullopt;
  std::string iso{year};
  iso += '-';
  if (month.size() == 1) iso += '0';
  iso += month;
  iso += '-';
  if (day.size() == 1) iso += '0';
  iso += day;
  return parse_date(iso);
}

// A spreadsheet would run a cell starting with = + - @ as a formula, so the
// export writes such a cell with a leading apostrophe (OWASP "CSV injection"),
// and a cell that already starts with an apostrophe before one of those (or
// before another apostrophe) gets one more. Import undoes exactly that, so the
// round trip is lossless.
bool formula_lead(char c) { return c == '=' || c == '+' || c == '-' || c == '@'; }
bool needs_guard(std::string_view v) {
  return !v.empty() &&
         (formula_lead(v[0]) || (v[0] == '\'' && v.size() > 1 && (formula_lead(v[1]) || v[1] == '\'')));
}
std::string_view unguard(std::string_view v) {
  if (v.size() > 1 && v[0] == '\'' && (formula_lead(v[1]) || v[1] == '\'')) v.remove_prefix(1);
  return v;
}

std::string date_dmy(const Date& d) {
  const std::string iso = to_string(d);  // YYYY-MM-DD
  return iso.substr(8, 2) + '/' + iso.substr(5, 2) + '/' + iso.substr(0, 4);
}

void append_cell(std::string& out, std::string_view v) {
  std::string guarded;
  if (needs_guard(v)) {
    guarded = "'" + std::string{v};
    v = guarded;
  }
  const bool quote = v.find_first_of(",;\"\r\n") != std::string_view::npos ||
                     text::trim(v).size() != v.size();
  if (!quote) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Collects the errors of one parse; keeps `detail` short and valid UTF-8.
struct Problems {
  std::vector<CsvError>& errors;
  void add(int line, std::string_view column, CsvProblem p, std::string_view detail) {
    errors.push_back({line, std::string{column}, p,
                      std::string{text::truncate_utf8(detail, kMaxDetailBytes)}});
  }
};

// Reports each physical line holding bytes that are not UTF-8, once, with the
// valid text before the bad byte as the detail (it helps find the spot).
void report_invalid_utf8(std::string_view text, Problems& problems) {
  int line = 1;
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    std::size_t line_end = text.find_first_of("\r\n", line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const auto content = text.substr(line_start, line_end - line_start);
    const std::size_t bad = text::find_invalid_utf8(content);
    if (bad != std::string_view::npos)
      problems.add(line, "", CsvProblem::invalid_utf8, content.substr(0, bad));
    if (line_end == text.size()) break;
    line_start = line_end + (text.compare(line_end, 2, "\r\n") == 0 ? 2 : 1);
    ++line;
  }
}

bool is_blank(const csv::Record& r) {
  if (r.bad_quoting) return false;
  for (const auto& c : r.cells)
    if (!text::trim(c).empty()) return false;
  return true;
}

struct Column {
  std::string name;  // as written, trimmed: error reports quote it back
  Field field = Field::unknown;
};

// Reads the header record; reports unknown, duplicate and missing columns.
// A duplicate is reported and then ignored, so rows are still checked.
std::vector<Column> read_header(const csv::Record& header, Problems& problems) {
  std::vector<Column> columns;
  std::array<bool, static_cast<std::size_t>(Field::row_number)> seen{};  // the 8 real fields
  for (const auto& cell : header.cells) {
    Column col{std::string{text::trim(cell)}, header_field(cell)};
    const auto slot = static_cast<std::size_t>(col.field);
    if (col.field == Field::unknown) {
      problems.add(header.line, col.name, CsvProblem::unknown_column, col.name);
    } else if (slot < seen.size()) {
      if (seen[slot]) {
        problems.add(header.line, col.name, CsvProblem::duplicate_column, col.name);
        col.field = Field::row_number;  // ignore the second copy
      }
      seen[slot] = true;
    }
    columns.push_back(std::move(col));
  }
  if (!seen[static_cast<std::size_t>(Field::full_name)])
    problems.add(header.line, "Họ và tên", CsvProblem::missing_column, "");
  return columns;
}

// A row whose only content sits under "STT" is a pre-numbered empty template row.
bool only_row_number(const csv::Record& r, const std::vector<Column>& columns) {
  if (r.cells.size() != columns.size()) return false;
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].field != Field::row_number && !text::trim(r.cells[i]).empty()) return false;
  return true;
}

// Checks one data row against the header and returns the member, or nothing
// when the row has a problem (all of them reported).
std::optional<Member> read_row(const csv::Record& row, const std::vector<Column>& columns,
                               Id cell_id, Date today, int& secretaries, Problems& problems) {
  const std::size_t before = problems.errors.size();
  Member m;
  m.cell_id = cell_id;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& col = columns[i];
    const std::string_view value = unguard(text::trim(row.cells[i]));
    const auto bad = [&](CsvProblem p) { problems.add(row.line, col.name, p, value); };
    const auto bounded = [&](std::size_t max) {
      if (text::count_code_points(value) > max) bad(CsvProblem::too_long);
      return std::string{value};
    };
    const auto date = [&]() -> std::optional<Date> {
      if (value.empty()) return std::nullopt;
      auto d = parse_cell_date(value);
      if (!d || *d > today) bad(CsvProblem::bad_date);
      return d;
    };
    switch (col.field) {
      case Field::full_name:
        m.full_name = text::collapse_spaces(value);
        if (m.full_name.empty()) {
          bad(CsvProblem::missing_name);
        } else if (text::count_code_points(m.full_name) > kMaxNameChars) {
          bad(CsvProblem::too_long);
        }
        break;
      case Field::kind:
        if (auto k = lookup(kKinds, value, std::optional{MemberKind::official})) {
          m.kind = *k;
        } else {
          bad(CsvProblem::bad_kind);
        }
        break;
      case Field::status:
        if (auto s = lookup(kStatuses, value, std::optional{MemberStatus::active})) {
          m.status = *s;
        } else {
          bad(CsvProblem::bad_status);
        }
        break;
      case Field::committee_role:
        if (auto r = lookup(kRoles, value, std::optional{CommitteeRole::none})) {
          m.committee_role = *r;
          // One secretary leads a cell (DOMAIN.md "Who uses it").
          if (*r == CommitteeRole::secretary && ++secretaries > 1)
            bad(CsvProblem::duplicate_secretary);
        } else {
          bad(CsvProblem::bad_role);
        }
        break;
      case Field::birth_date: m.birth_date = date(); break;
      case Field::admitted_on: m.admitted_on = date(); break;
      case Field::phone: m.phone = bounded(kMaxPhoneChars); break;
      case Field::note: m.note = bounded(kMaxNoteChars); break;
      case Field::row_number: break;
      case Field::unnamed:
      case Field::unknown:
        // Data under a column we do not read would be silently lost.
        if (col.field == Field::unnamed && !value.empty()) bad(CsvProblem::unknown_column);
        break;
    }
  }
  if (problems.errors.size() != before) return std::nullopt;
  return m;
}

}  // namespace

std::string_view to_string(CsvProblem p) {
  switch (p) {
    case CsvProblem::empty_file: return "empty_file";
    case CsvProblem::unknown_column: return "unknown_column";
    case CsvProblem::duplicate_column: return "duplicate_column";
    case CsvProblem::missing_column: return "missing_column";
    case CsvProblem::wrong_field_count: return "wrong_field_count";
    case CsvProblem::bad_quoting: return "bad_quoting";
    case CsvProblem::missing_name: return "missing_name";
    case CsvProblem::bad_kind: return "bad_kind";
    case CsvProblem::bad_status: return "bad_status";
    case CsvProblem::bad_role: return "bad_role";
    case CsvProblem::bad_date: return "bad_date";
    case CsvProblem::too_long: return "too_long";
    case CsvProblem::invalid_utf8: return "invalid_utf8";
    case CsvProblem::too_many_rows: return "too_many_rows";
    case CsvProblem::duplicate_secretary: return "duplicate_secretary";
  }
  return "?";
}

// Invalid UTF-8 is reported per line and ends the parse: cells that are not
// text cannot be checked or quoted back. Rows past the 500th are not read, so
// an oversized file costs no more than a full one. Otherwise every problem of
// every row is collected, in line order, then column order.
RosterParse parse_roster_csv(std::string_view text, Id cell_id, Date today) {
  RosterParse result;
  Problems problems{result.errors};
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());

  report_invalid_utf8(text, problems);
  if (!result.errors.empty()) return result;

  csv::Reader reader{text, csv::detect_separator(text)};
  csv::Record record;
  bool have_header = false;
  while ((have_header = reader.next(record)) && is_blank(record)) {
  }
  if (!have_header) {
    problems.add(1, "", CsvProblem::empty_file, "");
    return result;
  }
  if (record.bad_quoting) {  // without a header no row can be read
    problems.add(record.line, "", CsvProblem::bad_quoting, record.raw);
    return result;
  }
  const std::vector<Column> columns = read_header(record, problems);

  std::vector<Member> members;
  int rows = 0, secretaries = 0;
  while (reader.next(record)) {
    if (is_blank(record) || only_row_number(record, columns)) continue;
    if (++rows > kMaxRows) {
      problems.add(record.line, "", CsvProblem::too_many_rows, record.raw);
      break;
    }
    if (record.bad_quoting) {
      problems.add(record.line, "", CsvProblem::bad_quoting, record.raw);
    } else if (record.cells.size() != columns.size()) {
      problems.add(record.line, "", CsvProblem::wrong_field_count, record.raw);
    } else if (auto m = read_row(record, columns, cell_id, today, secretaries, problems)) {
      members.push_back(std::move(*m));
    }
  }
  if (result.errors.empty()) result.members = std::move(members);
  return result;
}

std::string roster_to_csv(const std::vector<Member>& members) {
  std::string out{kBom};
  out += "Họ và tên,Loại,Trạng thái,Chức vụ,Ngày sinh,Ngày vào Đảng,Điện thoại,Ghi chú\r\n";
  for (const Member& m : members) {
    append_cell(out, m.full_name);
    out += ',';
    append_cell(out, vietnamese(m.kind));
    out += ',';
    append_cell(out, vietnamese(m.status));
    out += ',';
    append_cell(out, vietnamese(m.committee_role));
    out += ',';
    if (m.birth_date) out += date_dmy(*m.birth_date);
    out += ',';
    if (m.admitted_on) out += date_dmy(*m.admitted_on);
    out += ',';
    append_cell(out, m.phone);
    out += ',';
    append_cell(out, m.note);
    out += "\r\n";
  }
  return out;
}

}  // namespace chibo::domain
