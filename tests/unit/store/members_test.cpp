// Units, accounts and members: validation, import, ordering, soft delete.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "store_fixture.hpp"

using namespace chibo;
using namespace chibo::store;
using test::TempDb;
using Role = domain::CommitteeRole;

namespace {

struct OrgFixture {
  TempDb tmp;
  std::unique_ptr<Store> s = tmp.open();
  Id district = test::add_unit(*s, domain::UnitKind::party_committee, "Đảng bộ Phường 1");
  Id cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ Khu phố 3", district);
  Id other_cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ Khu phố 4", district);

  std::pair<Status, Id> add(const domain::Member& m) {
    return test::wait_for<Id>([&](auto done) { s->add_member(m, done); });
  }
  std::pair<Status, std::vector<Id>> import(Id into, const std::vector<domain::Member>& ms) {
    return test::wait_for<std::vector<Id>>([&](auto done) { s->import_members(into, ms, done); });
  }
};

}  // namespace

TEST_CASE("units are stored with their parent and listed by id", "[store][org]") {
  OrgFixture f;
  auto units = f.s->units();
  REQUIRE(units.size() == 3);
  CHECK(units[0].id == f.district);
  CHECK(units[0].kind == domain::UnitKind::party_committee);
  CHECK_FALSE(units[0].parent_id.has_value());
  CHECK(units[1].id == f.cell);
  CHECK(units[1].parent_id == f.district);
  CHECK(units[1].name == "Chi bộ Khu phố 3");
  CHECK_FALSE(f.s->unit(9999).has_value());

  domain::Unit orphan;
  orphan.parent_id = 9999;
  auto [st, id] = test::wait_for<Id>([&](auto done) { f.s->add_unit(orphan, done); });
  CHECK(st.code() == Status::Code::invalid);  // foreign key
}

TEST_CASE("add_member refuses what the schema or the cell rule refuses", "[store][org]") {
  OrgFixture f;
  struct Case {
    const char* what;
    std::function<void(domain::Member&)> spoil;
  };
  const std::vector<Case> cases = {
      {"cell is a party committee", [&](domain::Member& m) { m.cell_id = f.district; }},
      {"cell does not exist", [](domain::Member& m) { m.cell_id = 9999; }},
      {"birth date is not a calendar date", [](domain::Member& m) { m.birth_date = domain::Date{1990, 2, 30}; }},
      {"admission date is garbage", [](domain::Member& m) { m.admitted_on = domain::Date{0, 0, 0}; }},
      {"status out of range", [](domain::Member& m) { m.status = static_cast<domain::MemberStatus>(42); }},
      {"role out of range", [](domain::Member& m) { m.committee_role = static_cast<Role>(42); }},
  };
  for (const Case& c : cases) {
    domain::Member m = test::make_member(f.cell, "Lê Văn Cường");
    c.spoil(m);
    INFO(c.what);
    auto [st, id] = f.add(m);
    CHECK(st.code() == Status::Code::invalid);
    CHECK(id == 0);
  }
  CHECK(f.s->members_of(f.cell).empty());
  CHECK(f.add(test::make_member(f.cell, "Lê Văn Cường")).first.is_ok());
}

TEST_CASE("members_of orders the committee first, then by name", "[store][org]") {
  OrgFixture f;
  test::add_member(*f.s, test::make_member(f.cell, "Võ Thị Yến"));
  test::add_member(*f.s, test::make_member(f.cell, "Bùi Văn Dũng", Role::committee_member));
  test::add_member(*f.s, test::make_member(f.cell, "Trần Văn Bình", Role::secretary));
  test::add_member(*f.s, test::make_member(f.cell, "Đặng Thu Hà"));
  test::add_member(*f.s, test::make_member(f.cell, "Phạm Minh Châu", Role::deputy));
  test::add_member(*f.s, test::make_member(f.cell, "An Văn Ba", Role::committee_member));
  test::add_member(*f.s, test::make_member(f.other_cell, "Người Khác"));

  std::vector<std::string> names;
  for (const auto& m : f.s->members_of(f.cell)) names.push_back(m.full_name);
  // Names compare as UTF-8 bytes: "Đ" (C4 90) sorts after every ASCII letter.
  CHECK(names == std::vector<std::string>{"Trần Văn Bình", "Phạm Minh Châu", "An Văn Ba",
                                          "Bùi Văn Dũng", "Võ Thị Yến", "Đặng Thu Hà"});
}

TEST_CASE("a removed member is gone from the roster but its row stays", "[store][org]") {
  OrgFixture f;
  const Id keep = test::add_member(*f.s, test::make_member(f.cell, "Ở Lại"));
  const Id gone = test::add_member(*f.s, test::make_member(f.cell, "Chuyển Đi"));
  REQUIRE(test::wait_status([&](auto done) { f.s->remove_member(gone, done); }).is_ok());

  CHECK_FALSE(f.s->member(gone).has_value());
  CHECK(f.s->member(keep).has_value());
  REQUIRE(f.s->members_of(f.cell).size() == 1);
  CHECK(f.s->members_of(f.cell)[0].id == keep);

  domain::Member m = test::make_member(f.cell, "Sửa Tên");
  m.id = gone;
  CHECK(test::wait_status([&](auto done) { f.s->update_member(m, done); }).code() ==
        Status::Code::not_found);
  CHECK(test::wait_status([&](auto done) { f.s->remove_member(gone, done); }).code() ==
        Status::Code::not_found);
  // Kept for old minutes: a join link may still point at the removed member.
  JoinLink l;
  l.token_hash = sha256_hex("t");
  l.meeting_id = test::create_meeting(*f.s, test::make_meeting(f.cell, "2026-01-01T00:00")).meeting_id;
  l.member_id = gone;
  CHECK(test::wait_status([&](auto done) { f.s->put_join_link(l, done); }).is_ok());
}

TEST_CASE("roster_version goes up after every roster write, before its reply", "[store][org]") {
  // A meeting keeps its roster while the version stands (MeetingActor::refresh_roster):
  // each kind of write, accepted or refused, must move it by the time done runs.
  OrgFixture f;
  std::uint64_t v = f.s->roster_version();
  auto moved = [&] {
    const std::uint64_t now = f.s->roster_version();
    const bool up = now > v;
    v = now;
    return up;
  };
  const Id id = test::add_member(*f.s, test::make_member(f.cell, "Lê Văn Tám"));
  CHECK(moved());
  domain::Member m = test::make_member(f.cell, "Lê Văn Tâm");
  m.id = id;
  REQUIRE(test::wait_status([&](auto done) { f.s->update_member(m, done); }).is_ok());
  CHECK(moved());
  REQUIRE(f.import(f.cell, {test::make_member(f.cell, "Hà Thị Lan")}).first.is_ok());
  CHECK(moved());
  REQUIRE(test::wait_status([&](auto done) { f.s->remove_member(id, done); }).is_ok());
  CHECK(moved());
  CHECK(test::wait_status([&](auto done) { f.s->remove_member(id, done); }).code() == Status::Code::not_found);
  CHECK(moved());  // refused, nothing changed: a needless re-read, never a stale roster
  CHECK(f.s->members_of(f.cell).size() == 1);
  CHECK_FALSE(moved());  // reads leave it alone
}

TEST_CASE("update_member rewrites the row; absent ids are not_found", "[store][org]") {
  OrgFixture f;
  const Id id = test::add_member(*f.s, test::make_member(f.cell, "Nguyễn Văn An"));
  domain::Member m = test::make_member(f.other_cell, "Nguyễn Văn Ân", Role::secretary);
  m.id = id;
  m.status = domain::MemberStatus::attached;
  m.birth_date = domain::Date{1980, 1, 1};
  REQUIRE(test::wait_status([&](auto done) { f.s->update_member(m, done); }).is_ok());
  auto back = f.s->member(id);
  REQUIRE(back);
  CHECK(back->full_name == "Nguyễn Văn Ân");
  CHECK(back->cell_id == f.other_cell);
  CHECK(back->committee_role == Role::secretary);
  CHECK(back->status == domain::MemberStatus::attached);
  CHECK(back->birth_date == domain::Date{1980, 1, 1});

  m.id = 9999;
  CHECK(test::wait_status([&](auto done) { f.s->update_member(m, done); }).code() ==
        Status::Code::not_found);
  m.id = id;
  m.cell_id = f.district;
  CHECK(test::wait_status([&](auto done) { f.s->update_member(m, done); }).code() ==
        Status::Code::invalid);
  CHECK(f.s->member(id)->cell_id == f.other_cell);
}

TEST_CASE("import_members is all or nothing", "[store][org]") {
  OrgFixture f;
  std::vector<domain::Member> ms;
  for (const char* n : {"Một", "Hai", "Ba", "Bốn"}) ms.push_back(test::make_member(0, n));

  SECTION("every row valid: ids in input order") {
    ms[1].cell_id = f.cell;  // an explicit, matching cell is fine too
    auto [st, ids] = f.import(f.cell, ms);
    REQUIRE(st.is_ok());
    REQUIRE(ids.size() == 4);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto m = f.s->member(ids[i]);
      REQUIRE(m);
      CHECK(m->full_name == ms[i].full_name);
      CHECK(m->cell_id == f.cell);
    }
  }
  SECTION("one row names a party committee: nothing stored") {
    ms[2].cell_id = f.district;
    auto [st, ids] = f.import(f.cell, ms);
    CHECK(st.code() == Status::Code::invalid);
    CHECK(st.message().find("row 3") != std::string::npos);
    CHECK(ids.empty());
    CHECK(f.s->members_of(f.cell).empty());
  }
  SECTION("the last row has an impossible date: nothing stored") {
    ms[3].admitted_on = domain::Date{2021, 13, 1};
    auto [st, ids] = f.import(f.cell, ms);
    CHECK(st.code() == Status::Code::invalid);
    CHECK(f.s->members_of(f.cell).empty());
  }
  SECTION("importing into a party committee: nothing stored") {
    auto [st, ids] = f.import(f.district, ms);
    CHECK(st.code() == Status::Code::invalid);
    CHECK(f.s->members_of(f.district).empty());
  }
  SECTION("an empty import into a cell is ok, into a committee invalid") {
    CHECK(f.import(f.cell, {}).first.is_ok());
    CHECK(f.import(f.district, {}).first.code() == Status::Code::invalid);
  }
}

TEST_CASE("accounts: unique username, lookups, password change", "[store][org]") {
  OrgFixture f;
  const Id member = test::add_member(*f.s, test::make_member(f.cell, "Trần Văn Bình", Role::secretary));
  Account a;
  a.username = "binh.tv";
  a.password_hash = "scrypt$32768$8$1$c2FsdA==$aGFzaA==";
  a.role = domain::AccountRole::secretary;
  a.unit_id = f.cell;
  a.member_id = member;
  a.display_name = "Đ/c Trần Văn Bình";
  auto [st, id] = test::wait_for<Id>([&](auto done) { f.s->add_account(a, done); });
  REQUIRE(st.is_ok());

  auto by_name = f.s->account_by_username("binh.tv");
  REQUIRE(by_name);
  CHECK(by_name->id == id);
  CHECK(by_name->member_id == member);
  CHECK(by_name->role == domain::AccountRole::secretary);
  CHECK(by_name->display_name == "Đ/c Trần Văn Bình");
  CHECK_FALSE(f.s->account_by_username("BINH.TV").has_value());  // case-sensitive
  CHECK(f.s->account_by_id(id)->username == "binh.tv");

  Account dup = a;
  dup.display_name = "someone else";
  auto [st2, id2] = test::wait_for<Id>([&](auto done) { f.s->add_account(dup, done); });
  CHECK(st2.code() == Status::Code::conflict);

  Account observer;
  observer.username = "obs";
  observer.role = domain::AccountRole::observer;
  observer.unit_id = f.district;
  observer.title = "Phó Ban Tổ chức Huyện ủy";
  auto [st3, id3] = test::wait_for<Id>([&](auto done) { f.s->add_account(observer, done); });
  REQUIRE(st3.is_ok());
  CHECK_FALSE(f.s->account_by_id(id3)->member_id.has_value());
  CHECK(f.s->account_by_id(id3)->title == "Phó Ban Tổ chức Huyện ủy");

  CHECK(test::wait_status([&](auto done) { f.s->set_password(id, "new-hash", done); }).is_ok());
  CHECK(f.s->account_by_id(id)->password_hash == "new-hash");
  CHECK(test::wait_status([&](auto done) { f.s->set_password(9999, "x", done); }).code() ==
        Status::Code::not_found);
}
