#include "protocol/codec.hpp"

namespace chibo::protocol {
namespace json = boost::json;
using namespace chibo::domain;

namespace {

json::value date_or_null(const std::optional<Date>& d) {
  if (!d) return nullptr;
  return json::string(to_string(*d));
}

template <class E>
E enum_arg(Args& a, std::string_view key, E fallback, std::optional<E> (*from)(std::string_view),
           const std::string& prefix) {
  auto s = a.opt_string(key, 40);
  if (!s) return fallback;
  auto v = from(*s);
  if (!v) throw ArgError(prefix + std::string(key), "unknown value");
  return *v;
}

std::optional<Date> date_arg(Args& a, std::string_view key, const std::string& prefix) {
  auto s = a.opt_string(key, 10);
  if (!s || s->empty()) return std::nullopt;
  auto d = parse_date(*s);
  if (!d) throw ArgError(prefix + std::string(key), "not a date YYYY-MM-DD");
  return d;
}

}  // namespace

json::object to_json(const Unit& u) {
  json::object o;
  o["id"] = u.id;
  if (u.parent_id)
    o["parent"] = *u.parent_id;
  else
    o["parent"] = nullptr;
  o["kind"] = to_string(u.kind);
  o["name"] = u.name;
  o["place"] = u.place;
  return o;
}

json::object to_json(const Member& m) {
  json::object o;
  o["id"] = m.id;
  o["cell"] = m.cell_id;
  o["full_name"] = m.full_name;
  o["kind"] = to_string(m.kind);
  o["status"] = to_string(m.status);
  o["committee_role"] = to_string(m.committee_role);
  o["birth_date"] = date_or_null(m.birth_date);
  o["admitted_on"] = date_or_null(m.admitted_on);
  o["phone"] = m.phone;
  o["note"] = m.note;
  return o;
}

json::object to_json(const Meeting& m) {
  json::object o;
  o["id"] = m.id;
  o["cell"] = m.cell_id;
  o["kind"] = to_string(m.kind);
  o["title"] = m.title;
  o["starts_at"] = m.starts_at;
  o["place"] = m.place;
  o["video_url"] = m.video_url;
  o["status"] = to_string(m.status);
  return o;
}

Member member_from_json(const json::object& o, bool with_id, const std::string& prefix) {
  Args a(o, prefix);
  const std::string p = prefix.empty() ? "" : prefix + ".";
  Member m;
  if (with_id)
    m.id = a.id("id");
  else if (a.opt_raw("id"))
    throw ArgError(p + "id", "must not be given");
  m.cell_id = a.opt_id("cell").value_or(0);
  m.full_name = a.string("full_name", kMaxNameChars);
  m.kind = enum_arg(a, "kind", MemberKind::official, member_kind_from, p);
  m.status = enum_arg(a, "status", MemberStatus::active, member_status_from, p);
  m.committee_role = enum_arg(a, "committee_role", CommitteeRole::none, committee_role_from, p);
  m.birth_date = date_arg(a, "birth_date", p);
  m.admitted_on = date_arg(a, "admitted_on", p);
  m.phone = a.opt_string("phone", 40).value_or("");
  m.note = a.opt_string("note", 500).value_or("");
  a.finish();
  return m;
}

Meeting meeting_from_json(const json::object& o) {
  Meeting m;
  auto str = [&](std::string_view k) -> std::string {
    const json::value* v = o.if_contains(k);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  auto num = [&](std::string_view k) -> Id {
    const json::value* v = o.if_contains(k);
    return v && v->is_int64() ? v->as_int64() : 0;
  };
  m.id = num("id");
  m.cell_id = num("cell");
  m.kind = meeting_kind_from(str("kind")).value_or(MeetingKind::regular);
  m.title = str("title");
  m.starts_at = str("starts_at");
  m.place = str("place");
  m.video_url = str("video_url");
  m.status = meeting_status_from(str("status")).value_or(MeetingStatus::scheduled);
  return m;
}

}  // namespace chibo::protocol
