#include "meeting/meeting_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

namespace chibo::meeting {
namespace json = boost::json;
using namespace domain;

json::object to_json(const AgendaItem& item) {
  json::object o{{"id", item.id},
                 {"title", item.title},
                 {"section", to_string(item.section)},
                 {"key", item.key},
                 {"thematic", item.thematic}};
  if (item.member) o["member"] = item.member;
  return o;
}

json::array to_json(const std::vector<AgendaItem>& items) {
  json::array a;
  for (const auto& i : items) a.push_back(to_json(i));
  return a;
}

std::vector<AgendaItem> agenda_from_json(const json::array& a) {
  std::vector<AgendaItem> items;
  for (const auto& v : a) {
    if (!v.is_object()) continue;
    const auto& o = v.as_object();
    AgendaItem i;
    i.id = str_of(o, "id");
    i.title = str_of(o, "title");
    i.section = agenda_section_from(str_of(o, "section")).value_or(AgendaSection::proceedings);
    i.key = str_of(o, "key");
    i.thematic = bool_of(o, "thematic");
    i.member = int_of(o, "member");
    items.push_back(std::move(i));
  }
  return items;
}

json::object to_json(const AttendanceSummary& s, const RuleSet& rules) {
  json::object by;
  for (auto c : {RollCategory::official, RollCategory::probationary, RollCategory::exempt,
                 RollCategory::attached, RollCategory::suspended}) {
    const auto& n = s.by_category[static_cast<int>(c)];
    by[to_string(c)] = json::object{{"total", n.total}, {"present", n.present}};
  }
  return {{"members", s.members},
          {"present", s.present},
          {"absent_excused", s.absent_excused},
          {"absent_unexcused", s.absent_unexcused},
          {"unmarked", s.unmarked},
          {"by_category", std::move(by)},
          {"expected", s.expected},
          {"expected_present", s.expected_present},
          {"meets_criterion", s.meets_criterion},
          {"criterion", to_rule_name(rules.attendance_criterion)},
          {"denominator", s.denominator},
          {"voters_present", s.voters_present},
          {"quorum", s.quorum}};
}

json::object to_json(const Tally& t) {
  return {{"for", t.yes}, {"against", t.no}, {"abstain", t.abstain}, {"answered", t.answered()}};
}

json::object roll_entry_json(const RollEntry& e) {
  // Only what does not follow (PROTOCOL.md "A roster entry"): at the opening
  // nobody is marked, so nobody may vote yet; the participant id is
  // "member:<member>"; an official, active member with no committee role
  // says none of those; the category only when it is not the kind (the
  // client reads a missing one as the kind, and applies no rule of its
  // own). A congress's snapshot goes to each of its 2,000 phones
  // (bench/README.md, stop 17).
  json::object o{{"member", e.member.id}, {"name", e.member.full_name}};
  if (e.member.kind != MemberKind::official) o["kind"] = to_string(e.member.kind);
  if (e.member.status != MemberStatus::active) o["status"] = to_string(e.member.status);
  if (const auto category = to_string(category_of(e.attendee())); category != to_string(e.member.kind))
    o["category"] = category;
  if (e.member.committee_role != CommitteeRole::none) o["committee_role"] = to_string(e.member.committee_role);
  if (e.member.admitted_on) o["admitted_on"] = to_string(*e.member.admitted_on);
  return o;
}

namespace {

json::object without_key(const json::object& o) {
  json::object out;  // in order (erase would move the last field into the gap)
  out.reserve(o.size());
  for (const auto& [k, v] : o)
    if (k != "key") out.emplace(k, v);
  return out;
}

// A batch's answers as clients receive them: each member's last answer in
// the batch (the one that counts, PROTOCOL.md vote.casts), grouped by choice
// in the order the choices first come: {"for": [7, 8], "against": [9]}.
// About 5 bytes an answer instead of 30: every phone of a congress receives
// all 2,000 (bench/README.md, stop 18). An entry without a member id and a
// choice is no answer.
json::object by_choice(const json::array& casts) {
  std::vector<std::pair<std::int64_t, std::string_view>> last;  // newest first
  std::unordered_set<std::int64_t> seen;
  for (auto it = casts.rbegin(); it != casts.rend(); ++it) {
    const json::object* c = it->if_object();
    const json::value* member = c ? c->if_contains("member") : nullptr;
    const json::value* choice = c ? c->if_contains("choice") : nullptr;
    if (!member || !member->is_int64() || !choice || !choice->is_string()) continue;
    if (seen.insert(member->as_int64()).second) last.emplace_back(member->as_int64(), choice->as_string());
  }
  json::object out;
  for (auto it = last.rbegin(); it != last.rend(); ++it) {
    json::value& ids = out[it->second];
    if (!ids.is_array()) ids = json::array();
    ids.as_array().push_back(it->first);
  }
  return out;
}

// A batch's check-ins as clients receive them: the ids of the entries that
// say nothing but the member (present, may vote, on time: PROTOCOL.md
// attendance.marks) in one list, the others as they were logged. A batch
// names each member once (a second check-in changes nothing and is not
// logged); one that does not is sent as logged, since its order would count.
std::optional<std::pair<json::array, json::array>> split_marks(const json::array& marks) {
  json::array present, rest;
  std::unordered_set<std::int64_t> seen;
  for (const auto& m : marks) {
    const json::object* o = m.if_object();
    const json::value* member = o ? o->if_contains("member") : nullptr;
    if (!member || !member->is_int64() || !seen.insert(member->as_int64()).second) return std::nullopt;
    if (o->size() == 1)
      present.push_back(*member);
    else
      rest.push_back(m);
  }
  return std::pair{std::move(present), std::move(rest)};
}

}  // namespace

std::string sent_data(std::string_view type, const std::string& data) {
  if (type != "vote.cast" && type != "vote.casts" && type != "attendance.marks") return data;
  boost::system::error_code ec;
  json::value v = json::parse(data, ec);
  if (ec || !v.is_object()) return data;  // what we logged; sent as it is
  const json::object& logged = v.as_object();
  if (type == "vote.cast") return json::serialize(without_key(logged));
  json::object d;  // in order, the sent lists where the log has its entries
  d.reserve(logged.size() + 1);
  for (const auto& [k, x] : logged) {
    if (type == "vote.casts" && k == "casts" && x.is_array()) {
      d.emplace("choices", by_choice(x.as_array()));
      continue;
    }
    if (type == "attendance.marks" && k == "marks" && x.is_array())
      if (auto split = split_marks(x.as_array())) {
        d.emplace("present", std::move(split->first));
        d.emplace("marks", std::move(split->second));
        continue;
      }
    d.emplace(k, x);
  }
  return json::serialize(d);
}

std::string str_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t int_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

bool bool_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}

}  // namespace chibo::meeting
