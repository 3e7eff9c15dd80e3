// Roster export: the exact Vietnamese form, and export -> import giving back
// the same members for every kind, status and role.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "roster_fixtures.hpp"

using namespace roster_test;

TEST_CASE("roster_to_csv writes the Vietnamese form Excel opens", "[domain][csv]") {
  const std::string csv = roster_to_csv(reference_members());
  CHECK(csv == kBom +
                   "Họ và tên,Loại,Trạng thái,Chức vụ,Ngày sinh,Ngày vào Đảng,Điện thoại,Ghi chú\r\n"
                   "Nguyễn Thị Hồng,Chính thức,Đang sinh hoạt,Bí thư,12/03/1970,03/02/1995,0912 "
                   "345 678,\r\n"
                   "\"Trần Văn Bình, con\",Dự bị,Đang sinh hoạt,,01/09/1990,01/06/2025,,\"Có "
                   "\"\"ngoặc\"\"\"\r\n"
                   "Lê Thị Út,Chính thức,Miễn sinh hoạt,Phó bí thư,01/01/1940,19/05/1965,,\"Ốm "
                   "dài ngày\nnằm viện\"\r\n"
                   "Phạm Đức Ưng,Chính thức,Sinh hoạt tạm thời,Chi ủy viên,,,,\r\n"
                   "Đỗ Quốc Việt,Dự bị,Đình chỉ,,,,,\r\n");
  CHECK(roster_to_csv({}) ==
        kBom + "Họ và tên,Loại,Trạng thái,Chức vụ,Ngày sinh,Ngày vào Đảng,Điện thoại,Ghi chú\r\n");
}

TEST_CASE("cells a spreadsheet would run as formulas are written as text", "[domain][csv]") {
  struct Case {
    std::string note;
    std::string cell;  // as written in the file
  };
  const auto c = GENERATE(values<Case>({
      {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
      {"+84 912 345 678", "'+84 912 345 678"},
      {"-3", "'-3"},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"'=x", "''=x"},
      {"''", "'''"},
      {"'a", "'a"},
      {"'", "'"},
      {"a=b", "a=b"},
  }));
  Member m = member("A", MemberKind::official, MemberStatus::active, CommitteeRole::none);
  m.note = c.note;
  const std::string csv = roster_to_csv({m});
  const std::string last_line = csv.substr(csv.rfind("\r\n", csv.size() - 3) + 2);
  CHECK(last_line == "A,Chính thức,Đang sinh hoạt,,,,," + c.cell + "\r\n");
  const RosterParse back = parse_roster_csv(csv, kCell, kToday);
  REQUIRE(back.members.size() == 1);
  CHECK(back.members[0].note == c.note);
}

TEST_CASE("export then import gives the same members", "[domain][csv]") {
  // Every kind x status, every role (one secretary), every Vietnamese letter.
  const std::vector<std::string> names = {
      "Nguyễn Thị Ánh Hồng",
      "Trần Văn Đức",
      "Lê Hữu Ước",
      "aàáảãạ ăằắẳẵặ âầấẩẫậ AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ",
      "eèéẻẽẹ êềếểễệ EÈÉẺẼẸ ÊỀẾỂỄỆ iìíỉĩị IÌÍỈĨỊ",
      "oòóỏõọ ôồốổỗộ ơờớởỡợ OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ",
      "uùúủũụ ưừứửữự UÙÚỦŨỤ ƯỪỨỬỮỰ yỳýỷỹỵ YỲÝỶỸỴ đĐ",
      "Hồ, \"Bác\"; Chí Minh",
  };
  const MemberKind kinds[] = {MemberKind::official, MemberKind::probationary};
  const MemberStatus statuses[] = {MemberStatus::active, MemberStatus::exempt,
                                   MemberStatus::attached, MemberStatus::suspended};
  const CommitteeRole roles[] = {CommitteeRole::secretary, CommitteeRole::deputy,
                                 CommitteeRole::committee_member, CommitteeRole::none,
                                 CommitteeRole::none, CommitteeRole::deputy,
                                 CommitteeRole::committee_member, CommitteeRole::none};
  const char* notes[] = {"", "Ốm dài ngày", "a, b; c", "dòng 1\ndòng 2", "\"trích\"",
                         "=1+2", "Chuyển đến từ Chi bộ 5", ""};
  const char* phones[] = {"", "0912 345 678", "+84 912 345 678", "", "028-3822", "", "1", ""};
  std::vector<Member> roster;
  for (int i = 0; i < 8; ++i) {
    Member m = member(names[i], kinds[i % 2], statuses[i / 2], roles[i]);
    if (i % 3 != 0) m.birth_date = Date{1950 + i, 1 + i, 1 + 3 * i};
    if (i % 2 == 0) m.admitted_on = Date{1980 + i, 12 - i, 28 - i};
    m.phone = phones[i];
    m.note = notes[i];
    roster.push_back(m);
  }
  const RosterParse back = parse_roster_csv(roster_to_csv(roster), kCell, kToday);
  CHECK(describe(back.errors).empty());
  CHECK(describe(back.members) == describe(roster));

  // And the reference roster, whose file was hand-written.
  const RosterParse ref = parse_roster_csv(roster_to_csv(reference_members()), kCell, kToday);
  CHECK(describe(ref.members) == describe(reference_members()));
}
