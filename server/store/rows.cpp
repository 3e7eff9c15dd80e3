#include "store/rows.hpp"

#include "store/sqlite_db.hpp"

namespace chibo::store {
namespace {

// Reads an enum column through its domain `*_from` parser.
template <class E>
E enum_col(const Stmt& st, int col, std::optional<E> (*from)(std::string_view), const char* what) {
  std::string s = st.text(col);
  std::optional<E> v = from(s);
  if (!v) throw Error(std::string("store: bad ") + what + " in database: '" + s + "'");
  return *v;
}

std::optional<domain::Date> date_col(const Stmt& st, int col, const char* what) {
  std::optional<std::string> s = st.opt_text(col);
  if (!s) return std::nullopt;
  std::optional<domain::Date> d = domain::parse_date(*s);
  if (!d) throw Error(std::string("store: bad ") + what + " in database: '" + *s + "'");
  return d;
}

}  // namespace

domain::Unit unit_row(const Stmt& st) {
  domain::Unit u;
  u.id = st.int64(0);
  u.parent_id = st.opt_int64(1);
  u.kind = enum_col(st, 2, domain::unit_kind_from, "unit kind");
  u.name = st.text(3);
  u.place = st.text(4);
  return u;
}

domain::Member member_row(const Stmt& st) {
  domain::Member m;
  m.id = st.int64(0);
  m.cell_id = st.int64(1);
  m.full_name = st.text(2);
  m.kind = enum_col(st, 3, domain::member_kind_from, "member kind");
  m.status = enum_col(st, 4, domain::member_status_from, "member status");
  m.committee_role = enum_col(st, 5, domain::committee_role_from, "committee role");
  m.birth_date = date_col(st, 6, "birth_date");
  m.admitted_on = date_col(st, 7, "admitted_on");
  m.phone = st.text(8);
  m.note = st.text(9);
  return m;
}

Account account_row(const Stmt& st) {
  Account a;
  a.id = st.int64(0);
  a.username = st.text(1);
  a.password_hash = st.text(2);
  a.role = enum_col(st, 3, domain::account_role_from, "account role");
  a.unit_id = st.int64(4);
  a.member_id = st.opt_int64(5);
  a.display_name = st.text(6);
  a.title = st.text(7);
  return a;
}

domain::Meeting meeting_row(const Stmt& st) {
  domain::Meeting m;
  m.id = st.int64(0);
  m.cell_id = st.int64(1);
  m.kind = enum_col(st, 2, domain::meeting_kind_from, "meeting kind");
  m.title = st.text(3);
  m.starts_at = st.text(4);
  m.place = st.text(5);
  m.video_url = st.text(6);
  m.status = enum_col(st, 7, domain::meeting_status_from, "meeting status");
  return m;
}

Session session_row(const Stmt& st) {
  Session s;
  s.token_hash = st.text(0);
  s.account_id = st.int64(1);
  s.created_ms = st.int64(2);
  s.expires_ms = st.int64(3);
  return s;
}

JoinLink join_link_row(const Stmt& st) {
  JoinLink l;
  l.token_hash = st.text(0);
  l.meeting_id = st.int64(1);
  l.member_id = st.opt_int64(2);
  l.guest_name = st.text(3);
  l.guest_title = st.text(4);
  l.observer = st.int64(5) != 0;
  l.created_ms = st.int64(6);
  l.revoked_ms = st.opt_int64(7);
  return l;
}

EventRecord event_row(const Stmt& st) {
  EventRecord e;
  e.meeting_id = st.int64(0);
  e.seq = st.int64(1);
  e.type = st.text(2);
  e.actor = st.text(3);
  e.ts_ms = st.int64(4);
  e.data = st.text(5);
  e.prev_hash = st.text(6);
  e.hash = st.text(7);
  return e;
}

std::optional<std::string> date_text(const std::optional<domain::Date>& d) {
  if (!d) return std::nullopt;
  return domain::to_string(*d);
}

bool date_ok(const std::optional<domain::Date>& d) {
  return !d || domain::parse_date(domain::to_string(*d)).has_value();
}

}  // namespace chibo::store
