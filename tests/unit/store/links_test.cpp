// Sessions and join links.
#include <catch2/catch.hpp>

#include <string>

#include "store_fixture.hpp"

using namespace chibo;
using namespace chibo::store;
using test::TempDb;

namespace {

struct LinkFixture {
  TempDb tmp;
  std::unique_ptr<Store> s = tmp.open();
  Id cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ 1");
  Id an = test::add_member(*s, test::make_member(cell, "An"));
  Id binh = test::add_member(*s, test::make_member(cell, "Bình"));
  Id meeting = test::create_meeting(*s, test::make_meeting(cell, "2026-12-01T19:30")).meeting_id;

  Status put(const JoinLink& l) {
    return test::wait_status([&](auto done) { s->put_join_link(l, done); });
  }
  JoinLink member_link(const std::string& token, Id member, std::int64_t at) {
    JoinLink l;
    l.token_hash = sha256_hex(token);
    l.meeting_id = meeting;
    l.member_id = member;
    l.created_ms = at;
    return l;
  }
};

}  // namespace

TEST_CASE("sessions: put, get, replace, delete", "[store][links]") {
  LinkFixture f;
  Account a;
  a.username = "admin";
  a.role = domain::AccountRole::district_admin;
  a.unit_id = f.cell;
  auto [st, account] = test::wait_for<Id>([&](auto done) { f.s->add_account(a, done); });
  REQUIRE(st.is_ok());

  Session s1{sha256_hex("token-1"), account, 1000, 2000};
  REQUIRE(test::wait_status([&](auto done) { f.s->put_session(s1, done); }).is_ok());
  auto got = f.s->session_by_hash(s1.token_hash);
  REQUIRE(got);
  CHECK(got->account_id == account);
  CHECK(got->created_ms == 1000);
  CHECK(got->expires_ms == 2000);
  CHECK_FALSE(f.s->session_by_hash(sha256_hex("token-2")).has_value());

  s1.expires_ms = 5000;  // a second put replaces (sliding expiry)
  REQUIRE(test::wait_status([&](auto done) { f.s->put_session(s1, done); }).is_ok());
  CHECK(f.s->session_by_hash(s1.token_hash)->expires_ms == 5000);

  Session orphan{sha256_hex("token-3"), 9999, 0, 1};
  CHECK(test::wait_status([&](auto done) { f.s->put_session(orphan, done); }).code() ==
        Status::Code::invalid);

  REQUIRE(test::wait_status([&](auto done) { f.s->delete_session(s1.token_hash, done); }).is_ok());
  CHECK_FALSE(f.s->session_by_hash(s1.token_hash).has_value());
  // Deleting again (a repeated logout) is fine.
  CHECK(test::wait_status([&](auto done) { f.s->delete_session(s1.token_hash, done); }).is_ok());
}

TEST_CASE("join links: member and guest links round-trip", "[store][links]") {
  LinkFixture f;
  REQUIRE(f.put(f.member_link("a1", f.an, 10)).is_ok());
  JoinLink guest;
  guest.token_hash = sha256_hex("g1");
  guest.meeting_id = f.meeting;
  guest.guest_name = "Đ/c Hoàng Văn Em";
  guest.guest_title = "Phó Ban Tổ chức Huyện ủy";
  guest.observer = true;
  guest.created_ms = 20;
  REQUIRE(f.put(guest).is_ok());

  auto g = f.s->join_link_by_hash(guest.token_hash);
  REQUIRE(g);
  CHECK_FALSE(g->member_id.has_value());
  CHECK(g->guest_name == "Đ/c Hoàng Văn Em");
  CHECK(g->guest_title == "Phó Ban Tổ chức Huyện ủy");
  CHECK(g->observer);
  CHECK_FALSE(g->revoked_ms.has_value());
  auto m = f.s->join_link_by_hash(sha256_hex("a1"));
  REQUIRE(m);
  CHECK(m->member_id == f.an);
  CHECK_FALSE(m->observer);

  CHECK(f.put(f.member_link("a1", f.binh, 30)).code() == Status::Code::conflict);
  JoinLink bad = f.member_link("x", f.an, 1);
  bad.meeting_id = 9999;
  CHECK(f.put(bad).code() == Status::Code::invalid);
  CHECK(f.s->join_links_of(f.meeting).size() == 2);
}

TEST_CASE("revoke_member_links revokes only that member's live links", "[store][links]") {
  LinkFixture f;
  REQUIRE(f.put(f.member_link("a1", f.an, 10)).is_ok());
  REQUIRE(f.put(f.member_link("a2", f.an, 20)).is_ok());
  REQUIRE(f.put(f.member_link("b1", f.binh, 30)).is_ok());
  REQUIRE(test::wait_status([&](auto done) { f.s->revoke_link(sha256_hex("a1"), 15, done); }).is_ok());

  REQUIRE(test::wait_status([&](auto done) { f.s->revoke_member_links(f.meeting, f.an, 99, done); })
              .is_ok());
  CHECK(f.s->join_link_by_hash(sha256_hex("a1"))->revoked_ms == 15);  // first revocation kept
  CHECK(f.s->join_link_by_hash(sha256_hex("a2"))->revoked_ms == 99);
  CHECK_FALSE(f.s->join_link_by_hash(sha256_hex("b1"))->revoked_ms.has_value());

  // Re-issue: a new link for An is live, the list keeps the old ones, oldest first.
  REQUIRE(f.put(f.member_link("a3", f.an, 100)).is_ok());
  auto links = f.s->join_links_of(f.meeting);
  REQUIRE(links.size() == 4);
  CHECK(links[0].token_hash == sha256_hex("a1"));
  CHECK(links[3].token_hash == sha256_hex("a3"));
  CHECK_FALSE(links[3].revoked_ms.has_value());
}

TEST_CASE("revoke_link: once, first time kept, unknown is not_found", "[store][links]") {
  LinkFixture f;
  REQUIRE(f.put(f.member_link("a1", f.an, 10)).is_ok());
  auto revoke = [&](const std::string& token, std::int64_t at) {
    return test::wait_status([&](auto done) { f.s->revoke_link(sha256_hex(token), at, done); });
  };
  CHECK(revoke("a1", 50).is_ok());
  CHECK(revoke("a1", 60).is_ok());
  CHECK(f.s->join_link_by_hash(sha256_hex("a1"))->revoked_ms == 50);
  CHECK(revoke("nope", 70).code() == Status::Code::not_found);
}
