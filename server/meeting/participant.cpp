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

json::object to_json(const Participant& p) {
  json::object o;
  o["id"] = p.id;
  o["name"] = p.name;
  o["role"] = p.role;
  if (!p.title.empty()) o["title"] = p.title;
  // Only what differs from an official, active member with no committee
  // role (PROTOCOL.md "participants"): most of a cell. A congress's join
  // answer and join-storm arrivals list 2,000 of these to each of 2,000
  // phones, and the defaults were 60 % of each entry (bench/README.md).
  if (p.member) {
    using namespace domain;
    if (p.member->kind != MemberKind::official) o["member_kind"] = to_string(p.member->kind);
    if (p.member->status != MemberStatus::active) o["status"] = to_string(p.member->status);
    if (p.member->committee_role != CommitteeRole::none) o["committee_role"] = to_string(p.member->committee_role);
  }
  return o;
}

json::object to_json(const Participant& p, bool online) {
  json::object o = to_json(p);
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
