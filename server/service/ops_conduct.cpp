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

// `prefix` names the enclosing object in errors, as Args does ("items.2").
template <class E>
E enum_arg(Args& a, std::string_view key, std::optional<E> (*from)(std::string_view), const std::string& prefix = {}) {
  const std::string s = a.string(key, 40);
  auto v = from(s);
  if (!v) throw ArgError(prefix.empty() ? std::string(key) : prefix + "." + std::string(key), "unknown value");
  return *v;
}

// An optional idempotency key: absent, or 1..64 characters.
std::string key_arg(Args& a) {
  auto key = a.opt_string("key", protocol::kMaxIdempotencyKeyChars);
  if (key && key->empty()) throw ArgError("key", "empty");
  return key.value_or("");
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
    item.section = enum_arg(o, "section", &domain::agenda_section_from, prefix);
    item.key = o.opt_string("key", protocol::kMaxAgendaKeyChars).value_or("");
    item.thematic = o.opt_bool("thematic", false);
    item.member = o.opt_id("member").value_or(0);
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

cmd::BallotOpen ballot_open_args(Args& a) {
  cmd::BallotOpen b;
  b.kind = a.string("kind", 20);
  b.subject = a.string("subject", protocol::kMaxSubjectChars);
  auto kind = meeting::ballot_kind_from(b.kind);
  if (!kind) throw ArgError("kind", "unknown value");
  auto array_of = [&](std::string_view key, std::size_t min, std::size_t max) -> const json::array& {
    const json::value* v = a.opt_raw(key);
    if (!v || !v->is_array()) throw ArgError(std::string(key), "required array");
    if (v->as_array().size() < min || v->as_array().size() > max)
      throw ArgError(std::string(key), "between " + std::to_string(min) + " and " + std::to_string(max) + " items");
    return v->as_array();
  };
  switch (*kind) {
    case meeting::BallotKind::yes_no:
      b.decision = enum_arg(a, "decision", &domain::decision_kind_from);
      break;
    case meeting::BallotKind::discipline:
      for (const auto& p : array_of("penalties", 1, 4)) {
        auto pen = p.is_string() ? domain::penalty_from(p.as_string()) : std::nullopt;
        if (!pen) throw ArgError("penalties", "unknown value");
        b.penalties.push_back(*pen);
      }
      break;
    case meeting::BallotKind::election: {
      const auto& cands = array_of("candidates", 1, protocol::kMaxCandidates);
      for (std::size_t i = 0; i < cands.size(); ++i) {
        const std::string prefix = "candidates." + std::to_string(i);
        if (!cands[i].is_object()) throw ArgError(prefix, "not an object");
        Args o(cands[i].as_object(), prefix);
        cmd::Candidate cand;
        cand.name = o.string("name", protocol::kMaxNameChars);
        cand.member = o.opt_id("member").value_or(0);
        o.finish();
        b.candidates.push_back(std::move(cand));
      }
      b.seats = static_cast<int>(a.integer("seats", 1, static_cast<std::int64_t>(cands.size())));
      break;
    }
    case meeting::BallotKind::rating:
      b.member = a.id("member");
      break;
  }
  return b;
}

bool is_tracker(const std::string& t) {
  return t.size() == 32 && t.find_first_not_of("0123456789abcdef") == std::string::npos;
}

cmd::BallotCast ballot_cast_args(Args& a) {
  cmd::BallotCast c;
  c.ballot = a.id("ballot");
  const json::value* v = a.opt_raw("choice");
  if (!v) throw ArgError("choice", "required");
  if (v->is_string()) {
    if (v->as_string().empty() || v->as_string().size() > 40) throw ArgError("choice", "unknown value");
    c.choice.emplace_back(v->as_string());
  } else if (v->is_array()) {
    c.list = true;
    if (v->as_array().size() > protocol::kMaxCandidates) throw ArgError("choice", "too many");
    for (const auto& id : v->as_array()) {
      if (!id.is_string() || id.as_string().size() > 8) throw ArgError("choice", "candidate ids");
      c.choice.emplace_back(id.as_string());
    }
  } else {
    throw ArgError("choice", "a string or an array");
  }
  c.tracker = a.string("tracker", 32);
  if (!is_tracker(c.tracker)) throw ArgError("tracker", "32 lowercase hex characters");
  c.key = key_arg(a);
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
         auto text = a.opt_string("text", protocol::kMaxGistChars);  // may be "" (clears the gist)
         if (!text) throw ArgError("text", "required");
         g.text = std::move(*text);
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
         v.key = key_arg(a);
         return v;
       }},
      {"vote.close", [](Args& a) -> cmd::Command { return cmd::VoteClose{a.id("vote")}; }},
      {"ballot.open", [](Args& a) -> cmd::Command { return ballot_open_args(a); }},
      {"ballot.cast", [](Args& a) -> cmd::Command { return ballot_cast_args(a); }},
      {"ballot.reopen", [](Args& a) -> cmd::Command { return cmd::BallotReopen{a.id("ballot")}; }},
      {"ballot.close", [](Args& a) -> cmd::Command { return cmd::BallotClose{a.id("ballot")}; }},
      {"ballot.confirm", [](Args& a) -> cmd::Command { return cmd::BallotConfirm{a.id("ballot")}; }},
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
  run_command(svc, call, id, std::move(command));
}

}  // namespace

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

void run_command(Service& svc, const Call& call, domain::Id id, cmd::Command command) {
  meeting::Actor who = actor_of(svc, *call.conn->principal, id);
  auto actor = svc.registry().find(id);
  if (!actor) throw Denied{ErrorCode::not_found};
  actor->command(std::move(who), std::move(command), [call](meeting::MeetingActor::Outcome o) {
    if (o.error) {
      if (o.reason.empty() && o.result.empty()) return call.fail(*o.error);
      // A decision refusing an argument names it as the shape checks do.
      json::object details = std::move(o.result);
      if (!o.reason.empty()) details[*o.error == ErrorCode::invalid_args ? "field" : "reason"] = o.reason;
      return call.fail(*o.error, &details);
    }
    json::object result = std::move(o.result);
    if (!o.immediate) result["seq"] = o.seq;
    if (o.unchanged) result["unchanged"] = true;
    if (o.duplicate) result["duplicate"] = true;
    call.ok(result);
  });
}

void register_conduct_ops(std::map<std::string, Service::Handler, std::less<>>& ops) {
  for (const auto& [name, parse] : parsers()) ops[name] = conduct;
}

}  // namespace chibo::service
