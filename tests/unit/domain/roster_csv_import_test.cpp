// Roster import of good files: every variant a secretary's spreadsheet might
// produce reads back to exactly the same members.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "roster_fixtures.hpp"

using namespace roster_test;

namespace {

const std::string kHeader =
    "Họ và tên,Loại,Trạng thái,Chức vụ,Ngày sinh,Ngày vào Đảng,Điện thoại,Ghi chú";

std::vector<std::string> vietnamese_rows(const std::string& eol) {
  return {
      kHeader,
      "Nguyễn Thị Hồng,Chính thức,Đang sinh hoạt,Bí thư,12/03/1970,03/02/1995,0912 345 678,",
      "\"Trần Văn Bình, con\",Dự bị,,,1/9/1990,2025-06-01,,\"Có \"\"ngoặc\"\"\"",
      "Lê Thị Út,chính thức,Miễn sinh hoạt,Phó bí thư,01.01.1940,19-05-1965,,\"Ốm dài ngày" +
          eol + "nằm viện\"",
      "Phạm Đức Ưng,CT,Sinh hoạt tạm thời,Chi ủy viên,,,,",
      "Đỗ Quốc Việt,DB,Đình chỉ,Đảng viên,,,,",
  };
}

struct Variant {
  const char* what;
  std::string csv;
};

std::vector<Variant> variants() {
  return {
      {"Excel: BOM and CRLF", kBom + lines(vietnamese_rows("\r\n"))},
      {"LF, no BOM, no final line end",
       [] {
         auto s = lines(vietnamese_rows("\n"), "\n");
         s.pop_back();
         return s;
       }()},
      {"';' separator (Excel in a Vietnamese locale)",
       kBom + lines({
                  "Họ và tên;Loại;Trạng thái;Chức vụ;Ngày sinh;Ngày vào Đảng;Điện thoại;Ghi chú",
                  "Nguyễn Thị Hồng;Chính thức;Đang sinh hoạt;Bí thư;12/03/1970;03/02/1995;0912 "
                  "345 678;",
                  "Trần Văn Bình, con;Dự bị;;;01/09/1990;01/06/2025;;\"Có \"\"ngoặc\"\"\"",
                  "Lê Thị Út;Chính thức;Miễn sinh hoạt;Phó bí thư;01/01/1940;19/05/1965;;\"Ốm "
                  "dài ngày\nnằm viện\"",
                  "Phạm Đức Ưng;Chính thức;Sinh hoạt tạm thời;Chi ủy viên;;;;",
                  "Đỗ Quốc Việt;Dự bị;Đình chỉ;;;;;",
              })},
      {"English headers and values, ISO dates",
       lines({
           "full_name,kind,status,committee_role,birth_date,admitted_on,phone,note",
           "Nguyễn Thị Hồng,official,active,secretary,1970-03-12,1995-02-03,0912 345 678,",
           "\"Trần Văn Bình, con\",probationary,,none,1990-09-01,2025-06-01,,\"Có "
           "\"\"ngoặc\"\"\"",
           "Lê Thị Út,official,exempt,deputy,1940-01-01,1965-05-19,,\"Ốm dài ngày\nnằm viện\"",
           "Phạm Đức Ưng,official,attached,committee_member,,,,",
           "Đỗ Quốc Việt,probationary,suspended,,,,,",
       })},
      {"NFD (combining marks), upper case, underscores and double spaces",
       lines({
           // HỌ VÀ TÊN, Loại đảng viên, trạng_thái, Chức  vụ, Ngày sinh, Ngày vào Đảng,
           // Số điện thoại, Ghi chú: all decomposed.
           "HO\xCC\xA3 VA\xCC\x80 TE\xCC\x82N,"
           "Loa\xCC\xA3i \xC4\x91" "a\xCC\x89ng vie\xCC\x82n,"
           "tra\xCC\xA3ng_tha\xCC\x81i,"
           "Chu\xCC\x9B\xCC\x81" "c  vu\xCC\xA3,"
           "Nga\xCC\x80y sinh,"
           "Nga\xCC\x80y va\xCC\x80o \xC4\x90" "a\xCC\x89ng,"
           "So\xCC\x82\xCC\x81 \xC4\x91ie\xCC\xA3\xCC\x82n thoa\xCC\xA3i,"
           "Ghi chu\xCC\x81",
           // Values in NFD too: Chính thức, Đang sinh hoạt, Bí thư.
           "Nguyễn Thị Hồng,Chi\xCC\x81nh thu\xCC\x9B\xCC\x81" "c,\xC4\x90" "ang sinh "
           "hoa\xCC\xA3t,Bi\xCC\x81 thu\xCC\x9B,12/03/1970,03/02/1995,0912 345 678,",
           // Dự bị
           "\"Trần Văn Bình, con\",Du\xCC\x9B\xCC\xA3 bi\xCC\xA3,,,1/9/1990,1/6/2025,,\"Có "
           "\"\"ngoặc\"\"\"",
           // Miễn sinh hoạt, Phó bí thư
           "Lê Thị Út,CHÍNH THỨC,Mie\xCC\x82\xCC\x83n sinh hoa\xCC\xA3t,Pho\xCC\x81 "
           "bi\xCC\x81 thu\xCC\x9B,1/1/1940,19/5/1965,,\"Ốm dài ngày\r\nnằm viện\"",
           // Sinh hoạt tạm thời, Chi ủy viên
           "Phạm Đức Ưng,,Sinh hoa\xCC\xA3t ta\xCC\xA3m tho\xCC\x9B\xCC\x80i,Chi "
           "u\xCC\x89y vie\xCC\x82n,,,,",
           // Đình chỉ
           "Đỗ Quốc Việt,Du\xCC\x9B\xCC\xA3 bi\xCC\xA3,\xC4\x90i\xCC\x80nh chi\xCC\x89,,,,,",
       })},
      {"shuffled columns, STT column, blank lines, padded cells, trailing blanks",
       kBom + lines({
                  "",
                  "STT,Ghi chú,Ngày vào Đảng,Họ tên,Chức vụ,Điện thoại,Ngày sinh,Trạng thái,Loại",
                  ",,,,,,,,",
                  "1,,03/02/1995,Nguyễn Thị Hồng,Bí thư, 0912 345 678 ,12/03/1970,Đang sinh hoạt,"
                  "Chính thức",
                  "2,\"Có \"\"ngoặc\"\"\",01/06/2025,\"Trần Văn Bình, con\",,,01/09/1990,,Dự bị",
                  "",
                  "3,\"Ốm dài ngày\nnằm viện\",19/05/1965,  Lê   Thị Út ,Phó bí thư,,01/01/1940,"
                  "  Miễn sinh hoạt  ,Chính thức",
                  "4,,,Phạm Đức Ưng,Chi ủy viên,,,Sinh hoạt tạm thời,",
                  "5,,,Đỗ\xC2\xA0Quốc Việt,,,,Đình chỉ,Dự bị",
                  "6,,,,,,,,",
                  "7,,,,,,,,",
                  "",
                  "   ",
                  ",,,,,,,,",
              })},
  };
}

}  // namespace

TEST_CASE("good roster files give exactly the reference members", "[domain][csv]") {
  const auto v = GENERATE(from_range(variants()));
  INFO(v.what);
  const RosterParse r = parse_roster_csv(v.csv, kCell, kToday);
  CHECK(describe(r.errors).empty());
  CHECK(describe(r.members) == describe(reference_members()));
}

TEST_CASE("a file with a header and no rows gives no members and no errors", "[domain][csv]") {
  const auto csv = GENERATE(as<std::string>{}, kHeader, kHeader + "\r\n", kBom + kHeader + "\n\n\n",
                            "Họ và tên\n");
  const RosterParse r = parse_roster_csv(csv, kCell, kToday);
  CHECK(r.errors.empty());
  CHECK(r.members.empty());
}

TEST_CASE("a one-column file of names is a roster of active official members", "[domain][csv]") {
  const RosterParse r = parse_roster_csv("Họ và tên\nNguyễn Văn A\nTrần Thị B\n", kCell, kToday);
  CHECK(describe(r.errors).empty());
  CHECK(describe(r.members) ==
        describe(std::vector<Member>{
            member("Nguyễn Văn A", MemberKind::official, MemberStatus::active, CommitteeRole::none),
            member("Trần Thị B", MemberKind::official, MemberStatus::active, CommitteeRole::none),
        }));
}

TEST_CASE("every documented header spelling is recognised", "[domain][csv]") {
  using Check = std::function<bool(const Member&)>;
  struct Case {
    std::string header;
    std::string value;
    Check check;
  };
  const std::vector<Case> cases = {
      {"Loại", "Dự bị", [](const Member& m) { return m.kind == MemberKind::probationary; }},
      {"loại đảng viên", "Dự bị", [](const Member& m) { return m.kind == MemberKind::probationary; }},
      {"kind", "Dự bị", [](const Member& m) { return m.kind == MemberKind::probationary; }},
      {"Trạng thái", "exempt", [](const Member& m) { return m.status == MemberStatus::exempt; }},
      {"STATUS", "exempt", [](const Member& m) { return m.status == MemberStatus::exempt; }},
      {"Chức vụ", "deputy", [](const Member& m) { return m.committee_role == CommitteeRole::deputy; }},
      {"Chức vụ Đảng", "deputy", [](const Member& m) { return m.committee_role == CommitteeRole::deputy; }},
      {"committee_role", "deputy", [](const Member& m) { return m.committee_role == CommitteeRole::deputy; }},
      {"Role", "deputy", [](const Member& m) { return m.committee_role == CommitteeRole::deputy; }},
      {"Ngày sinh", "02/01/1980", [](const Member& m) { return m.birth_date == Date{1980, 1, 2}; }},
      {"birth_date", "02/01/1980", [](const Member& m) { return m.birth_date == Date{1980, 1, 2}; }},
      {"Ngày vào Đảng", "02/01/2000", [](const Member& m) { return m.admitted_on == Date{2000, 1, 2}; }},
      {"admitted_on", "02/01/2000", [](const Member& m) { return m.admitted_on == Date{2000, 1, 2}; }},
      {"Điện thoại", "0987", [](const Member& m) { return m.phone == "0987"; }},
      {"Số điện thoại", "0987", [](const Member& m) { return m.phone == "0987"; }},
      {"phone", "0987", [](const Member& m) { return m.phone == "0987"; }},
      {"Ghi chú", "x", [](const Member& m) { return m.note == "x"; }},
      {"note", "x", [](const Member& m) { return m.note == "x"; }},
      {"STT", "12", [](const Member& m) { return m.note.empty() && m.phone.empty(); }},
      {"Số thứ tự", "12", [](const Member& m) { return m.note.empty(); }},
      {"No", "12", [](const Member& m) { return m.note.empty(); }},
  };
  for (const auto& c : cases) {
    INFO("header '" << c.header << "' value '" << c.value << "'");
    const std::string csv = "Name," + c.header + "\nNguyễn Văn A," + c.value + "\n";
    const RosterParse r = parse_roster_csv(csv, kCell, kToday);
    CHECK(describe(r.errors).empty());
    REQUIRE(r.members.size() == 1);
    CHECK(r.members[0].full_name == "Nguyễn Văn A");
    CHECK(c.check(r.members[0]));
  }
  for (const std::string name_header : {"Họ và tên", "họ tên", "FULL_NAME", "full name", "name"}) {
    INFO(name_header);
    const RosterParse r = parse_roster_csv(name_header + "\nLê Văn B\n", kCell, kToday);
    REQUIRE(r.members.size() == 1);
    CHECK(r.members[0].full_name == "Lê Văn B");
  }
}

TEST_CASE("every documented value spelling is recognised", "[domain][csv]") {
  struct Case {
    const char* column;
    std::string value;
    std::string wire;  // to_string() of the parsed value
  };
  const auto c = GENERATE(values<Case>({
      {"Loại", "", "official"},
      {"Loại", "Chính thức", "official"},
      {"Loại", "official", "official"},
      {"Loại", "ct", "official"},
      {"Loại", "Đảng viên chính thức", "official"},
      {"Loại", "Chinh thuc", "official"},  // typed without a Vietnamese keyboard
      {"Loại", "Chính thúc", "official"},  // a tone typo: folding forgives it
      {"Loại", "Dự bị", "probationary"},
      {"Loại", "probationary", "probationary"},
      {"Loại", "DB", "probationary"},
      {"Trạng thái", "", "active"},
      {"Trạng thái", "Đang sinh hoạt", "active"},
      {"Trạng thái", "active", "active"},
      {"Trạng thái", "Miễn sinh hoạt", "exempt"},
      {"Trạng thái", "Miễn công tác và sinh hoạt", "exempt"},
      {"Trạng thái", "Miễn công tác và sinh hoạt Đảng", "exempt"},
      {"Trạng thái", "exempt", "exempt"},
      {"Trạng thái", "Sinh hoạt tạm thời", "attached"},
      {"Trạng thái", "Tạm thời", "attached"},
      {"Trạng thái", "attached", "attached"},
      {"Trạng thái", "Đình chỉ", "suspended"},
      {"Trạng thái", "Đình chỉ sinh hoạt", "suspended"},
      {"Trạng thái", "suspended", "suspended"},
      {"Chức vụ", "", "none"},
      {"Chức vụ", "Đảng viên", "none"},
      {"Chức vụ", "none", "none"},
      {"Chức vụ", "Bí thư", "secretary"},
      {"Chức vụ", "Bí thư chi bộ", "secretary"},
      {"Chức vụ", "secretary", "secretary"},
      {"Chức vụ", "Phó Bí thư", "deputy"},
      {"Chức vụ", "deputy", "deputy"},
      {"Chức vụ", "Chi ủy viên", "committee_member"},
      {"Chức vụ", "Cấp ủy viên", "committee_member"},
      {"Chức vụ", "committee_member", "committee_member"},
  }));
  INFO(c.column << ": '" << c.value << "'");
  const std::string column = c.column;
  const RosterParse r =
      parse_roster_csv("Họ và tên," + column + "\nNguyễn Văn A," + c.value + "\n", kCell, kToday);
  CHECK(describe(r.errors).empty());
  REQUIRE(r.members.size() == 1);
  const Member& m = r.members[0];
  const std::string_view got = column == "Loại"         ? to_string(m.kind)
                               : column == "Trạng thái" ? to_string(m.status)
                                                        : to_string(m.committee_role);
  CHECK(got == c.wire);
}

TEST_CASE("date cells: day first or ISO, real dates, not after today", "[domain][csv]") {
  struct Case {
    std::string cell;
    std::optional<Date> expect;  // nullopt: bad_date
  };
  const auto c = GENERATE(values<Case>({
      {"01/09/2021", Date{2021, 9, 1}},
      {"1/9/2021", Date{2021, 9, 1}},
      {"01-09-2021", Date{2021, 9, 1}},
      {"1.9.2021", Date{2021, 9, 1}},
      {"2021-09-01", Date{2021, 9, 1}},
      {"29/02/2024", Date{2024, 2, 29}},
      {"29/02/2000", Date{2000, 2, 29}},
      {"15/01/2026", Date{2026, 1, 15}},  // today itself
      {"31/04/2021", std::nullopt},
      {"29/02/2023", std::nullopt},
      {"29/02/1900", std::nullopt},
      {"32/01/2021", std::nullopt},
      {"01/13/2021", std::nullopt},
      {"00/01/2021", std::nullopt},
      {"16/01/2026", std::nullopt},  // tomorrow
      {"2030-01-01", std::nullopt},  // future
      {"1/9/21", std::nullopt},      // two-digit year
      {"01/09-2021", std::nullopt},  // mixed separators
      {"001/09/2021", std::nullopt},
      {"01/09/2021/", std::nullopt},
      {"2021/09/01", std::nullopt},
      {"2021-9-1", std::nullopt},
      {"1 tháng 9 2021", std::nullopt},
      {"hôm qua", std::nullopt},
      {"01/09/20x1", std::nullopt},
  }));
  INFO("'" << c.cell << "'");
  const RosterParse r =
      parse_roster_csv("Họ và tên,Ngày sinh\nNguyễn Văn A," + c.cell + "\n", kCell, kToday);
  if (c.expect) {
    CHECK(describe(r.errors).empty());
    REQUIRE(r.members.size() == 1);
    CHECK(r.members[0].birth_date == c.expect);
  } else {
    CHECK(r.members.empty());
    CHECK(describe(r.errors) ==
          describe(std::vector<CsvError>{{2, "Ngày sinh", CsvProblem::bad_date, c.cell}}));
  }
}

TEST_CASE("names keep their Vietnamese text exactly", "[domain][csv]") {
  // NFC stays NFC and NFD stays NFD: the name is the member's, not ours to rewrite.
  const std::string nfd = "Nguye\xCC\x82\xCC\x83n";
  const RosterParse r = parse_roster_csv("Họ và tên\nNguyễn Thị Ánh\n" + nfd + "\n", kCell, kToday);
  REQUIRE(r.members.size() == 2);
  CHECK(r.members[0].full_name == "Nguyễn Thị Ánh");
  CHECK(r.members[1].full_name == nfd);
}
