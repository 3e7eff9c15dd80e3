#include "service/demo.hpp"

#include "auth/password.hpp"
#include "meeting/clock.hpp"
#include "meeting/meeting_state.hpp"
#include "service/sync_store.hpp"

namespace chibo::service {
using namespace chibo::domain;

namespace {

struct DemoMember {
  const char* name;
  MemberKind kind;
  MemberStatus status;
  CommitteeRole role;
  const char* admitted;
};

// A typical ~12-member ward cell: a committee of three, one exempt elder, one
// member attached elsewhere, two probationary members (DOMAIN.md "Who uses it").
constexpr DemoMember kMembers[] = {
    {"Nguyễn Thị Hồng", MemberKind::official, MemberStatus::active, CommitteeRole::secretary, "2001-05-19"},
    {"Trần Văn Bình", MemberKind::official, MemberStatus::active, CommitteeRole::deputy, "2005-02-03"},
    {"Lê Minh Châu", MemberKind::official, MemberStatus::active, CommitteeRole::committee_member, "2010-09-02"},
    {"Phạm Quốc Dũng", MemberKind::official, MemberStatus::active, CommitteeRole::none, "1998-12-22"},
    {"Hoàng Thị Én", MemberKind::official, MemberStatus::active, CommitteeRole::none, "2012-03-26"},
    {"Võ Văn Giang", MemberKind::official, MemberStatus::active, CommitteeRole::none, "2015-07-27"},
    {"Đặng Thị Hạnh", MemberKind::official, MemberStatus::active, CommitteeRole::none, "2018-10-20"},
    {"Bùi Văn Khoa", MemberKind::official, MemberStatus::exempt, CommitteeRole::none, "1972-01-06"},
    {"Đỗ Thị Lan", MemberKind::official, MemberStatus::active, CommitteeRole::none, "2019-05-15"},
    {"Ngô Văn Mạnh", MemberKind::official, MemberStatus::attached, CommitteeRole::none, "2008-11-07"},
    {"Dương Thị Ngọc", MemberKind::probationary, MemberStatus::active, CommitteeRole::none, "2026-06-03"},
    {"Lý Văn Phúc", MemberKind::probationary, MemberStatus::active, CommitteeRole::none, "2026-08-19"},
};

Id add_unit(store::Store& st, Unit u) {
  return wait_for<Id>([&](auto done) { st.add_unit(u, done); });
}

Id add_account(store::Store& st, store::Account a) {
  return wait_for<Id>([&](auto done) { st.add_account(a, done); });
}

}  // namespace

bool seed_demo_if_empty(store::Store& st) {
  if (!st.units().empty()) return false;
  const Id committee = add_unit(st, {0, std::nullopt, UnitKind::party_committee, "Đảng bộ phường Tân Mai", "Biên Hòa"});
  const Id cell = add_unit(st, {0, committee, UnitKind::cell, "Chi bộ Khu phố 3", "Biên Hòa"});

  std::vector<Member> members;
  for (const auto& d : kMembers) {
    Member m;
    m.cell_id = cell;
    m.full_name = d.name;
    m.kind = d.kind;
    m.status = d.status;
    m.committee_role = d.role;
    m.admitted_on = parse_date(d.admitted);
    members.push_back(m);
  }
  auto ids = wait_for<std::vector<Id>>([&](auto done) { st.import_members(cell, members, done); });

  const std::string hash = auth::hash_password(kDemoPassword);
  store::Account secretary{0, "bithu", hash, AccountRole::secretary, cell, ids.at(0), "Nguyễn Thị Hồng", "Bí thư Chi bộ"};
  add_account(st, secretary);
  add_account(st, {0, "danguy", hash, AccountRole::district_admin, committee, std::nullopt, "Trương Thanh Sơn",
                   "Phó Bí thư Đảng ủy phường"});
  add_account(st, {0, "quansat", hash, AccountRole::observer, committee, std::nullopt, "Phan Văn Quang",
                   "Đảng ủy viên, phụ trách Chi bộ Khu phố 3"});

  Meeting m;
  m.cell_id = cell;
  m.kind = MeetingKind::regular;
  m.title = "Sinh hoạt chi bộ thường kỳ tháng 12/2026";
  m.starts_at = "2026-12-01T19:30";
  m.place = "Nhà văn hóa Khu phố 3";
  m.video_url = "https://meet.jit.si/chibo-khupho3-demo";
  auto first = meeting::created_event(m, "system", meeting::now_ms());
  wait_for<store::EventRecord>([&](auto done) { st.create_meeting(m, first, done); });

  return true;
}

std::string demo_logins() {
  return std::string("chibo: demo logins (password for every account: ") + kDemoPassword +
         ")\n"
         "chibo:   bithu    - Bí thư Chi bộ Khu phố 3 (secretary)\n"
         "chibo:   danguy   - Đảng ủy phường Tân Mai (district admin)\n"
         "chibo:   quansat  - observer of Đảng ủy phường Tân Mai\n";
}

}  // namespace chibo::service
