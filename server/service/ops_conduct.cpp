// Running a meeting (PROTOCOL.md "Running a meeting"): each op's arguments
// are read and shape-checked here; whether the caller may do it now, in the
// meeting's state, is decided by the meeting actor (meeting/decide.hpp).
#include <boost/json/array.hpp>

#include "protocol/args.hpp"
#include "service/access.hpp"
#include "service/errors.hpp"
#include "service/service.hpp"

namespace chibo::service {
namespace json = boost::json;
using protocol::Args;
using protocol::ArgError;
using protocol::ErrorCode;
namespace cmd = meeting::cmd;

namespace {

// The caller in meeting terms. Anyone who may join the meeting may send these
// ops; `manages` marks the cell's secretary account and district admins.
meeting::Actor actor_of(Service& svc, const auth::Principal& p, domain::Id id) {
  meeting_joinable(svc.store(), p, id);
  bool manages = false;
  if (p.kind == auth::Principal::Kind::account) {
    try {
      meeting_manageable(svc.store(), p, id);
      manages = true;
    } catch (const Denied&) {
    }
  }
  return meeting::Actor{p.participant, p.name, p.member_id, manages};
}

template <class E>
E enum_arg(Args& a, std::string_view key, std::optional<E> (*from)(std::string_view), std::size_t max = 40) {
  const std::string s = a.string(key, max);
  auto v = from(s);
  if (!v) throw ArgError(std::string(key), "unknown value");
  return *v;
}

std::string participant_arg(Args& a, std::string_view key) {
  return a.string(key, protocol::kMaxParticipantIdChars);
}

bool is_key(const std::string& k) {
  return !k.empty() && k.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
}

std::vector<domain::AgendaItem> agenda_items(Args& a) {
  const json::value* v = a.opt_raw("items");
  if (!v || !v->is_array()) throw ArgError("items", "required array");
  const auto& arr = v->as_array();
  if (arr.empty() || arr.size() > protocol::kMaxAgendaItems) throw ArgError("items", "1 to 40 items");
  std::vector<domain::AgendaItem> items;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string prefix = "items." + std::to_string(i);
    if (!arr[i].is_object()) throw ArgError(prefix, "not an object");
    Args o(arr[i].as_object(), prefix);
    domain::AgendaItem item;
    item.id = o.opt_string("id", 16).value_or("");
    item.title = o.string("title", protocol::kMaxAgendaTitleChars);
    item.section = enum_arg(o, "section", &domain::agenda_section_from);
    item.key = o.opt_string("key", protocol::kMaxAgendaKeyChars).value_or("");
    item.thematic = o.opt_bool("thematic", false);
    o.finish();
    if (!item.key.empty() && !is_key(item.key)) throw ArgError(prefix + ".key", "a-z and _ only");
    items.push_back(std::move(item));
  }
  return items;
}

cmd::Appoint appoint_args(Args& a) {
  cmd::Appoint c;
  c.role = a.string("role", 40);
  if (c.role == "counting_committee") {
    const json::value* v = a.opt_raw("members");
    if (!v || !v->is_array()) throw ArgError("members", "required array");
    if (v->as_array().empty() || v->as_array().size() > protocol::kMaxCountingCommittee)
      throw ArgError("members", "1 to 7 members");
    for (const auto& m : v->as_array()) {
      if (!m.is_string() || m.as_string().size() > protocol::kMaxParticipantIdChars)
        throw ArgError("members", "participant ids");
      c.members.emplace_back(m.as_string());
    }
    c.head = participant_arg(a, "head");
  } else if (c.role == "chair" || c.role == "minute_taker") {
    c.participant = participant_arg(a, "participant");
  } else {
    throw ArgError("role", "unknown value");
  }
  return c;
}

cmd::Introduce introduce_args(Args& a) {
  cmd::Introduce c;
  c.participant = a.opt_string("participant", protocol::kMaxParticipantIdChars);
  if (!c.participant) {
    c.name = a.string("name", protocol::kMaxNameChars);
    c.title = a.opt_string("title", protocol::kMaxNameChars).value_or("");
    c.observer = a.opt_bool("observer", false);
  }
  return c;
}

cmd::Mark mark_args(Args& a) {
  using domain::Attendance;
  cmd::Mark c;
  c.member = a.id("member");
  c.attendance = enum_arg(a, "attendance", &domain::attendance_from);
  if (c.attendance == Attendance::unmarked) throw ArgError("attendance", "unknown value");
  if (a.opt_raw("reason") && !a.opt_raw("reason")->is_null())
    c.reason = enum_arg(a, "reason", &domain::absence_reason_from);
  c.note = a.opt_string("note", protocol::kMaxAbsenceNoteChars).value_or("");
  // PROTOCOL.md attendance.mark: a reason with an excused absence, and only then;
  // a note with "other".
  if (c.attendance == Attendance::absent_excused && !c.reason) throw ArgError("reason", "required");
  if (c.attendance != Attendance::absent_excused && c.reason) throw ArgError("reason", "only with absent_excused");
  if (c.reason == domain::AbsenceReason::other && c.note.empty()) throw ArgError("note", "required with other");
  if (!c.reason && !c.note.empty()) throw ArgError("note", "only with a reason");
  return c;
}

// Reads one op's arguments (besides `meeting`) into its command.
using Parse = cmd::Command (*)(Args&);

const std::map<std::string, Parse, std::less<>>& parsers() {
  static const std::map<std::string, Parse, std::less<>> table{
      {"agenda.set", [](Args& a) -> cmd::Command { return cmd::AgendaSet{agenda_items(a)}; }},
      {"agenda.template", [](Args&) -> cmd::Command { return cmd::AgendaTemplate{}; }},
      {"agenda.goto", [](Args& a) -> cmd::Command { return cmd::AgendaGoto{a.string("item", 16)}; }},
      {"role.appoint", [](Args& a) -> cmd::Command { return appoint_args(a); }},
      {"participant.introduce", [](Args& a) -> cmd::Command { return introduce_args(a); }},
      {"rollcall.open", [](Args&) -> cmd::Command { return cmd::RollcallOpen{}; }},
      {"rollcall.close", [](Args&) -> cmd::Command { return cmd::RollcallClose{}; }},
      {"rollcall.checkin", [](Args&) -> cmd::Command { return cmd::Checkin{}; }},
      {"attendance.mark", [](Args& a) -> cmd::Command { return mark_args(a); }},
      {"hand.raise", [](Args&) -> cmd::Command { return cmd::HandRaise{}; }},
      {"hand.lower",
       [](Args& a) -> cmd::Command {
         return cmd::HandLower{a.opt_string("participant", protocol::kMaxParticipantIdChars)};
       }},
      {"floor.give", [](Args& a) -> cmd::Command { return cmd::FloorGive{participant_arg(a, "participant")}; }},
      {"floor.end", [](Args&) -> cmd::Command { return cmd::FloorEnd{}; }},
      {"speech.gist",
       [](Args& a) -> cmd::Command {
         cmd::Gist g;
         g.speech = a.id("speech");
         g.text = a.opt_string("text", protocol::kMaxGistChars).value_or("");
         return g;
       }},
      {"vote.open",
       [](Args& a) -> cmd::Command {
         cmd::VoteOpen v;
         v.subject = a.string("subject", protocol::kMaxSubjectChars);
         v.decision = enum_arg(a, "decision", &domain::decision_kind_from);
         v.text = a.opt_string("text", protocol::kMaxVoteTextChars).value_or("");
         return v;
       }},
      {"vote.cast",
       [](Args& a) -> cmd::Command {
         cmd::VoteCast v;
         v.vote = a.id("vote");
         v.choice = enum_arg(a, "choice", &domain::choice_from);
         v.key = a.opt_string("key", protocol::kMaxIdempotencyKeyChars).value_or("");
         return v;
       }},
      {"vote.close", [](Args& a) -> cmd::Command { return cmd::VoteClose{a.id("vote")}; }},
      // The meeting's life cycle goes through the same path (ops_meeting.cpp
      // keeps create/join/leave, which are not meeting commands).
      {"meeting.open", [](Args&) -> cmd::Command { return cmd::Open{}; }},
      {"meeting.close", [](Args&) -> cmd::Command { return cmd::Close{}; }},
      {"meeting.notice",
       [](Args& a) -> cmd::Command { return cmd::Notice{a.string("text", protocol::kMaxNoticeChars)}; }},
  };
  return table;
}

void conduct(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  cmd::Command command = parsers().at(req.op)(a);
  a.finish();
  meeting::Actor who = actor_of(svc, *call.conn->principal, id);
  auto actor = svc.registry().find(id);
  if (!actor) throw Denied{ErrorCode::not_found};
  actor->command(std::move(who), std::move(command), [call](meeting::MeetingActor::Outcome o) {
    if (o.error) {
      if (o.reason.empty()) return call.fail(*o.error);
      // A decision refusing an argument names it as the shape checks do.
      json::object details;
      details[*o.error == ErrorCode::invalid_args ? "field" : "reason"] = o.reason;
      return call.fail(*o.error, &details);
    }
    json::object result = std::move(o.result);
    result["seq"] = o.seq;
    if (o.unchanged) result["unchanged"] = true;
    if (o.duplicate) result["duplicate"] = true;
    call.ok(result);
  });
}

}  // namespace

void register_conduct_ops(std::map<std::string, Service::Handler, std::less<>>& ops) {
  for (const auto& [name, parse] : parsers()) ops[name] = conduct;
}

}  // namespace chibo::service
