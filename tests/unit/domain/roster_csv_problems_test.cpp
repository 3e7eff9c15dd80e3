// Roster import of bad files: each problem is reported with the exact line,
// column and detail, every problem is collected, and nothing is imported.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "roster_fixtures.hpp"

using namespace roster_test;

namespace {

const std::string H = "Họ và tên,Loại,Trạng thái,Chức vụ,Ngày sinh,Ngày vào Đảng,Điện thoại,Ghi chú";
const std::string kGoodRow = "Nguyễn Văn A,Chính thức,,,,,,";

struct Case {
  const char* what;
  std::string csv;
  std::vector<CsvError> expect;
};

using P = CsvProblem;

std::vector<Case> cases() {
  std::string name201, detail20;
  for (int i = 0; i < 201; ++i) name201 += "Ễ";
  for (int i = 0; i < 20; ++i) detail20 += "Ễ";  // 60 bytes
  const std::string phone41(41, '9'), note501(501, 'x');
  return {
      {"empty text", "", {{1, "", P::empty_file, ""}}},
      {"BOM only", kBom, {{1, "", P::empty_file, ""}}},
      {"blank lines only", "\r\n  \r\n,,,\r\n", {{1, "", P::empty_file, ""}}},

      {"unknown column", lines({"Họ và tên,Quê quán,Ghi chú", "A,Hà Nội,"}),
       {{1, "Quê quán", P::unknown_column, "Quê quán"}}},
      {"unknown column on a header after blank lines", lines({"", "", "Họ và tên , Email ", "A,a@b"}),
       {{3, "Email", P::unknown_column, "Email"}}},
      {"unnamed column holding data", lines({"Họ và tên,,Loại", "A,,Dự bị", "B,lạc,Dự bị"}),
       {{3, "", P::unknown_column, "lạc"}}},

      // The second copy is reported, then not read: its junk value adds nothing.
      {"duplicate column (two spellings)", lines({"Họ và tên,Loại,kind", "A,Dự bị,???"}),
       {{1, "kind", P::duplicate_column, "kind"}}},
      {"duplicate column (same spelling)", lines({"Ghi chú,Họ và tên,Ghi chú", "x,A,y"}),
       {{1, "Ghi chú", P::duplicate_column, "Ghi chú"}}},

      {"missing name column", lines({"Loại,Trạng thái", "Chính thức,"}),
       {{1, "Họ và tên", P::missing_column, ""}}},

      {"too few cells", lines({H, kGoodRow, "Lê Văn B,Dự bị"}),
       {{3, "", P::wrong_field_count, "Lê Văn B,Dự bị"}}},
      {"too many cells", lines({H, kGoodRow + ",thừa"}),
       {{2, "", P::wrong_field_count, kGoodRow + ",thừa"}}},

      {"unterminated quote swallows the rest", lines({H, kGoodRow, "\"B,,,,,,,", "C,,,,,,,"}),
       {{3, "", P::bad_quoting, "\"B,,,,,,,\r\nC,,,,,,,\r\n"}}},
      {"quote inside an unquoted cell", lines({H, "Nguyễn \"Tư\",,,,,,,", kGoodRow}),
       {{2, "", P::bad_quoting, "Nguyễn \"Tư\",,,,,,,"}}},
      {"text after a closing quote", lines({H, kGoodRow, "\"Lê\" Văn,,,,,,,"}),
       {{3, "", P::bad_quoting, "\"Lê\" Văn,,,,,,,"}}},
      {"bad quoting in the header", lines({"\"Họ và tên,Loại", "A,B"}),
       {{1, "", P::bad_quoting, "\"Họ và tên,Loại\r\nA,B\r\n"}}},

      {"empty name", lines({H, " ,Dự bị,,,,,,"}), {{2, "Họ và tên", P::missing_name, ""}}},
      {"empty name in a renamed column", lines({"full_name,Loại", "\"  \",Dự bị"}),
       {{2, "full_name", P::missing_name, ""}}},

      {"bad kind", lines({H, "A,Dự khuyết,,,,,,"}), {{2, "Loại", P::bad_kind, "Dự khuyết"}}},
      {"bad status", lines({H, "A,,Nghỉ hưu,,,,,"}), {{2, "Trạng thái", P::bad_status, "Nghỉ hưu"}}},
      {"bad role", lines({H, "A,,,Chủ tịch,,,,"}), {{2, "Chức vụ", P::bad_role, "Chủ tịch"}}},

      {"bad birth date", lines({H, "A,,,,31/04/1970,,,"}),
       {{2, "Ngày sinh", P::bad_date, "31/04/1970"}}},
      {"admission date in the future", lines({H, "A,,,,,01/02/2026,,"}),
       {{2, "Ngày vào Đảng", P::bad_date, "01/02/2026"}}},

      {"name of 201 characters", lines({"Họ và tên", name201}),
       {{2, "Họ và tên", P::too_long, detail20}}},
      {"phone of 41 characters", lines({"Họ và tên,Điện thoại", "A," + phone41}),
       {{2, "Điện thoại", P::too_long, std::string(41, '9')}}},
      {"note of 501 characters", lines({"Họ và tên,Ghi chú", "A," + note501}),
       {{2, "Ghi chú", P::too_long, std::string(60, 'x')}}},

      {"invalid UTF-8", lines({H, kGoodRow, "Nguy\xE1\xBBn,,,,,,,", "B\xFF,,,,,,,"}),
       {{3, "", P::invalid_utf8, "Nguy"}, {4, "", P::invalid_utf8, "B"}}},
      {"invalid UTF-8 in the header", "H\xC3\x28 t\xEAn\nA\n", {{1, "", P::invalid_utf8, "H"}}},

      {"two secretaries", lines({H, "A,,,Bí thư,,,,", "B,,,Phó bí thư,,,,", "C,,,bí thư,,,,"}),
       {{4, "Chức vụ", P::duplicate_secretary, "bí thư"}}},
      {"three secretaries", lines({"name,role", "A,secretary", "B,Bí thư", "C,Bí thư"}),
       {{3, "role", P::duplicate_secretary, "Bí thư"}, {4, "role", P::duplicate_secretary, "Bí thư"}}},
  };
}

}  // namespace

TEST_CASE("each problem is reported at its line and column", "[domain][csv]") {
  const auto c = GENERATE(from_range(cases()));
  INFO(c.what << "\n" << c.csv);
  const RosterParse r = parse_roster_csv(c.csv, kCell, kToday);
  CHECK(describe(r.errors) == describe(c.expect));
  CHECK(r.members.empty());
}

TEST_CASE("lengths at the limit are accepted", "[domain][csv]") {
  std::string name200;
  for (int i = 0; i < 200; ++i) name200 += "Ễ";
  const RosterParse r = parse_roster_csv(
      lines({"Họ và tên,Điện thoại,Ghi chú",
             "\"" + name200 + "\"," + std::string(40, '9') + "," + std::string(500, 'x')}),
      kCell, kToday);
  CHECK(describe(r.errors).empty());
  REQUIRE(r.members.size() == 1);
  CHECK(r.members[0].full_name == name200);
}

TEST_CASE("500 rows are accepted, 501 are too many (reported once)", "[domain][csv]") {
  std::vector<std::string> rows{"STT,Họ và tên"};
  for (int i = 1; i <= 500; ++i) rows.push_back(std::to_string(i) + ",Đảng viên " + std::to_string(i));
  const RosterParse ok = parse_roster_csv(lines(rows), kCell, kToday);
  CHECK(ok.errors.empty());
  CHECK(ok.members.size() == 500);

  rows.push_back("501,Đảng viên 501");
  rows.push_back("502,Đảng viên 502");
  rows.push_back("503,");  // would be a missing_name, but reading has stopped
  const RosterParse over = parse_roster_csv(lines(rows), kCell, kToday);
  CHECK(describe(over.errors) ==
        describe(std::vector<CsvError>{{502, "", P::too_many_rows, "501,Đảng viên 501"}}));
  CHECK(over.members.empty());
}

TEST_CASE("every problem in a file is reported, in line order, and nothing imported",
          "[domain][csv]") {
  const std::string csv = lines({
      H,                                                  // 1
      "A,Chính thức,,,,,,\"dòng một",                     // 2: a note over two lines
      "dòng hai\"",                                       // 3
      " ,Dự bị,,,,,,",                                    // 4: missing name
      "",                                                 // 5
      "B,Dự khuyết,Nghỉ,Bí thư,31/02/2001,,,",           // 6: kind, status, date
      "C,,,Bí thư,,,,",                                   // 7: second secretary
      "D,Dự bị",                                          // 8: too few cells
      kGoodRow,                                           // 9
      "E,,,,,,\"=1+2\" x,",                               // 10: bad quoting
      "F,,,,,2040-01-01,,\"ghi chú\"",                    // 11: future admission
  });
  const RosterParse r = parse_roster_csv(csv, kCell, kToday);
  CHECK(describe(r.errors) == describe(std::vector<CsvError>{
                                  {4, "Họ và tên", P::missing_name, ""},
                                  {6, "Loại", P::bad_kind, "Dự khuyết"},
                                  {6, "Trạng thái", P::bad_status, "Nghỉ"},
                                  {6, "Ngày sinh", P::bad_date, "31/02/2001"},
                                  {7, "Chức vụ", P::duplicate_secretary, "Bí thư"},
                                  {8, "", P::wrong_field_count, "D,Dự bị"},
                                  {10, "", P::bad_quoting, "E,,,,,,\"=1+2\" x,"},
                                  {11, "Ngày vào Đảng", P::bad_date, "2040-01-01"},
                              }));
  CHECK(r.members.empty());
}

TEST_CASE("details are cut to 60 bytes on a character boundary", "[domain][csv]") {
  std::string kind = "x";
  for (int i = 0; i < 30; ++i) kind += "ộ";  // 1 + 90 bytes
  const RosterParse r = parse_roster_csv(lines({"Họ và tên,Loại", "A," + kind}), kCell, kToday);
  REQUIRE(r.errors.size() == 1);
  std::string expect = "x";
  for (int i = 0; i < 19; ++i) expect += "ộ";  // 58 bytes: a 20th would need 61
  CHECK(r.errors[0].detail == expect);
}

TEST_CASE("to_string(CsvProblem) gives the wire codes", "[domain][csv]") {
  const std::vector<std::pair<CsvProblem, std::string>> all = {
      {P::empty_file, "empty_file"},
      {P::unknown_column, "unknown_column"},
      {P::duplicate_column, "duplicate_column"},
      {P::missing_column, "missing_column"},
      {P::wrong_field_count, "wrong_field_count"},
      {P::bad_quoting, "bad_quoting"},
      {P::missing_name, "missing_name"},
      {P::bad_kind, "bad_kind"},
      {P::bad_status, "bad_status"},
      {P::bad_role, "bad_role"},
      {P::bad_date, "bad_date"},
      {P::too_long, "too_long"},
      {P::invalid_utf8, "invalid_utf8"},
      {P::too_many_rows, "too_many_rows"},
      {P::duplicate_secretary, "duplicate_secretary"},
  };
  for (const auto& [p, name] : all) CHECK(to_string(p) == name);
}
