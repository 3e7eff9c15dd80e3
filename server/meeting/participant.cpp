#include "meeting/participant.hpp"

#include "protocol/codec.hpp"

namespace chibo::meeting {
namespace json = boost::json;

Participant participant_of(const domain::Member& m) {
  Participant p;
  p.id = "member:" + std::to_string(m.id);
  p.name = m.full_name;
  p.role = "member";
  p.member = m;
  return p;
}

Participant participant_of(const auth::Principal& who, const std::optional<domain::Member>& m) {
  if (m) return participant_of(*m);
  Participant p;
  p.id = who.participant;
  p.name = who.name;
  p.title = who.title;
  // A district cadre attending a cell's meeting is an observer (DOMAIN.md
  // "Cấp ủy viên cấp trên dự sinh hoạt"), whatever their account role.
  p.role = (who.kind == auth::Principal::Kind::guest_link && !who.observer) ? "guest" : "observer";
  return p;
}

json::object to_json(const Participant& p, bool online) {
  json::object o;
  o["id"] = p.id;
  o["name"] = p.name;
  o["role"] = p.role;
  if (!p.title.empty()) o["title"] = p.title;
  if (p.member) {
    o["member_kind"] = domain::to_string(p.member->kind);
    o["status"] = domain::to_string(p.member->status);
    o["committee_role"] = domain::to_string(p.member->committee_role);
  }
  o["online"] = online;
  return o;
}

Participant participant_from_json(const json::object& o) {
  auto str = [&](std::string_view k) -> std::string {
    const json::value* v = o.if_contains(k);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  Participant p;
  p.id = str("id");
  p.name = str("name");
  p.role = str("role");
  p.title = str("title");
  return p;
}

}  // namespace chibo::meeting
