// Shared pieces for the roster CSV tests: a readable dump of members (so a
// mismatch shows every field) and the members of the reference roster file.
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "domain/roster_csv.hpp"

namespace roster_test {

using namespace chibo::domain;

inline constexpr Date kToday{2026, 1, 15};
inline constexpr Id kCell = 7;
inline const std::string kBom = "\xEF\xBB\xBF";

inline std::string describe(const Member& m) {
  std::ostringstream o;
  o << "{id=" << m.id << " cell=" << m.cell_id << " name='" << m.full_name
    << "' kind=" << to_string(m.kind) << " status=" << to_string(m.status)
    << " role=" << to_string(m.committee_role)
    << " born=" << (m.birth_date ? to_string(*m.birth_date) : "-")
    << " admitted=" << (m.admitted_on ? to_string(*m.admitted_on) : "-") << " phone='"
    << m.phone << "' note='" << m.note << "'}";
  return o.str();
}

inline std::vector<std::string> describe(const std::vector<Member>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(describe(m));
  return out;
}

inline std::string describe(const CsvError& e) {
  std::ostringstream o;
  o << "{line=" << e.line << " column='" << e.column << "' problem=" << to_string(e.problem)
    << " detail='" << e.detail << "'}";
  return o.str();
}

inline std::vector<std::string> describe(const std::vector<CsvError>& es) {
  std::vector<std::string> out;
  for (const auto& e : es) out.push_back(describe(e));
  return out;
}

inline Member member(std::string name, MemberKind k, MemberStatus s, CommitteeRole r,
                     std::optional<Date> born = {}, std::optional<Date> admitted = {},
                     std::string phone = "", std::string note = "") {
  Member m;
  m.cell_id = kCell;
  m.full_name = std::move(name);
  m.kind = k;
  m.status = s;
  m.committee_role = r;
  m.birth_date = born;
  m.admitted_on = admitted;
  m.phone = std::move(phone);
  m.note = std::move(note);
  return m;
}

// The five members every variant of the reference file describes.
inline std::vector<Member> reference_members() {
  return {
      member("Nguyễn Thị Hồng", MemberKind::official, MemberStatus::active,
             CommitteeRole::secretary, Date{1970, 3, 12}, Date{1995, 2, 3}, "0912 345 678"),
      member("Trần Văn Bình, con", MemberKind::probationary, MemberStatus::active,
             CommitteeRole::none, Date{1990, 9, 1}, Date{2025, 6, 1}, "", "Có \"ngoặc\""),
      member("Lê Thị Út", MemberKind::official, MemberStatus::exempt, CommitteeRole::deputy,
             Date{1940, 1, 1}, Date{1965, 5, 19}, "", "Ốm dài ngày\nnằm viện"),
      member("Phạm Đức Ưng", MemberKind::official, MemberStatus::attached,
             CommitteeRole::committee_member),
      member("Đỗ Quốc Việt", MemberKind::probationary, MemberStatus::suspended,
             CommitteeRole::none),
  };
}

// Joins lines with `eol`, ending the last one too.
inline std::string lines(const std::vector<std::string>& ls, const std::string& eol = "\r\n") {
  std::string out;
  for (const auto& l : ls) out += l + eol;
  return out;
}

}  // namespace roster_test
