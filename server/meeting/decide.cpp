// decide(): status checks common to every command, then the meeting's life
// cycle (open, notices, close), the agenda and appointments. Roll call,
// speakers and votes live in decide_roll.cpp, decide_floor.cpp, decide_vote.cpp.
#include "meeting/decide.hpp"

#include <set>

#include "meeting/decide_impl.hpp"
#include "protocol/args.hpp"

namespace chibo::meeting {
namespace json = boost::json;
using namespace domain;

namespace detail {

bool Ctx::known(const std::string& participant) const {
  return member_entry(participant) != nullptr || s.arrived.contains(participant);
}

const RollEntry* Ctx::member_entry(const std::string& participant) const {
  if (participant.rfind("member:", 0) != 0) return nullptr;
  const std::string digits = participant.substr(7);
  if (digits.empty() || digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos) return nullptr;
  return s.roll_entry(std::stoll(digits));
}

json::object summary_json(const MeetingState& s, const std::vector<RollEntry>& roll) {
  std::vector<Attendee> a;
  a.reserve(roll.size());
  for (const auto& e : roll) a.push_back(e.attendee());
  return to_json(summarize(a, s.rules()), s.rules());
}

json::object summary_json(const MeetingState& s, const RollEntry& changed) {
  std::vector<Attendee> a;
  a.reserve(s.roll.size());
  for (const auto& e : s.roll) a.push_back(e.member.id == changed.member.id ? changed.attendee() : e.attendee());
  return to_json(summarize(a, s.rules()), s.rules());
}

namespace {

int meeting_min_minutes(const MeetingState& s, const std::vector<AgendaItem>& agenda) {
  return min_minutes(s.meeting.kind, has_thematic_part(agenda), s.rules());
}

Decision open(Ctx& c, const Inputs& ctx) {
  if (!c.who.manages) return c.refuse(ErrorCode::forbidden);
  if (c.s.meeting.status != MeetingStatus::scheduled) return c.refuse(ErrorCode::conflict, "meeting_open");
  const RuleSet& rules = ctx.rules ? *ctx.rules : default_rule_set();
  // The snapshot decides who counts for the rest of the meeting (PROTOCOL.md
  // "Who counts"): later roster edits cannot move a denominator mid-vote.
  std::vector<RollEntry> roll;
  json::array roster;
  for (const auto& m : ctx.roster) {
    RollEntry e;
    e.member = m;
    roster.push_back(roll_entry_json(e));
    roll.push_back(std::move(e));
  }
  std::vector<Attendee> att;
  for (const auto& e : roll) att.push_back(e.attendee());
  c.emit("meeting.opened",
         {{"by", c.who.name},
          {"chair", c.who.participant},
          {"chair_name", c.who.name},
          {"rules", rules.name},
          {"min_minutes", min_minutes(c.s.meeting.kind, has_thematic_part(c.s.agenda), rules)},
          {"roster", std::move(roster)},
          {"summary", to_json(summarize(att, rules), rules)}},
         MeetingStatus::open);
  return c.done();
}

Decision close(Ctx& c) {
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  if (c.s.open_vote) return c.refuse(ErrorCode::conflict, "vote_open");
  if (c.s.open_ballot) return c.refuse(ErrorCode::conflict, "ballot_open");
  if (c.s.floor) {
    const Speech& sp = c.s.speeches.at(*c.s.floor);
    c.emit("floor.ended", {{"speech", sp.id}, {"participant", sp.participant}, {"name", sp.name},
                           {"duration_ms", c.now_ms - sp.started_ms}});
  }
  const std::int64_t minutes = (c.now_ms - c.s.opened_ms) / 60000;
  const int min = meeting_min_minutes(c.s, c.s.agenda);
  c.emit("meeting.closed", {{"by", c.who.name}, {"duration_min", minutes}, {"min_minutes", min},
                            {"met_minimum", minutes >= min}},
         MeetingStatus::closed);
  return c.done();
}

// Keeps the ids the chair kept, numbers new items, and refuses what would lose
// history (PROTOCOL.md agenda.set).
Decision set_agenda(Ctx& c, std::vector<AgendaItem> items) {
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  std::set<std::string> seen;
  int next = c.s.next_item_no;
  for (auto& i : items) {
    if (i.id.empty()) {
      i.id = "i" + std::to_string(next++);
    } else if (!c.s.agenda_item(i.id) || !seen.insert(i.id).second) {
      return c.refuse(ErrorCode::invalid_args, "items");
    }
  }
  if (!c.s.current_item.empty() &&
      std::none_of(items.begin(), items.end(), [&](const AgendaItem& i) { return i.id == c.s.current_item; }))
    return c.refuse(ErrorCode::conflict, "current_item");
  const int min = meeting_min_minutes(c.s, items);
  c.emit("agenda.set", {{"items", to_json(items)}, {"min_minutes", min}});
  return c.done();
}

Decision goto_item(Ctx& c, const cmd::AgendaGoto& g) {
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  const AgendaItem* item = c.s.agenda_item(g.item);
  if (!item) return c.refuse(ErrorCode::not_found);
  if (c.s.current_item == g.item) return c.done();
  c.emit("agenda.current", {{"item", item->id}, {"title", item->title}});
  return c.done();
}

Decision appoint(Ctx& c, const cmd::Appoint& a) {
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  if (a.role == "counting_committee") {
    json::array members;
    std::set<std::string> seen;
    for (const auto& p : a.members) {
      if (!c.member_entry(p)) return c.refuse(ErrorCode::not_found);
      if (!seen.insert(p).second) return c.refuse(ErrorCode::invalid_args, "members");
      members.push_back(json::object{{"participant", p}, {"name", c.s.name_of(p)}});
    }
    if (!seen.contains(a.head)) return c.refuse(ErrorCode::invalid_args, "head");
    c.emit("role.appointed", {{"role", a.role}, {"members", std::move(members)}, {"head", a.head}});
    return c.done();
  }
  if (!c.known(a.participant)) return c.refuse(ErrorCode::not_found);
  const std::string& current = a.role == "chair" ? c.s.chair : c.s.minute_taker;
  if (current == a.participant) return c.done();
  c.emit("role.appointed", {{"role", a.role}, {"participant", a.participant}, {"name", c.s.name_of(a.participant)}});
  return c.done();
}

Decision introduce(Ctx& c, const cmd::Introduce& in) {
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  if (in.participant) {
    const std::string& p = *in.participant;
    if (c.member_entry(p) || p.rfind("member:", 0) == 0) return c.refuse(ErrorCode::invalid_args, "participant");
    auto it = c.s.arrived.find(p);
    if (it == c.s.arrived.end()) return c.refuse(ErrorCode::not_found);
    if (c.s.introduced.contains(p)) return c.done();
    c.emit("participant.introduced", {{"participant", p}, {"name", it->second.name},
                                      {"title", it->second.title}, {"role", it->second.role}});
    return c.done();
  }
  // Someone attending without a link (in the room, or only on video): they
  // get a participant id so the minutes can list them with the others.
  Participant v;
  v.id = "visitor:" + std::to_string(c.next_seq());
  v.name = in.name;
  v.title = in.title;
  v.role = in.observer ? "observer" : "guest";
  c.emit("participant.arrived", {{"participant", to_json(v)}});
  c.emit("participant.introduced", {{"participant", v.id}, {"name", v.name}, {"title", v.title}, {"role", v.role}});
  return c.done();
}

Decision submit_review(Ctx& c, const cmd::ReviewSubmit& r) {
  if (c.s.meeting.kind != MeetingKind::annual_review) return c.refuse(ErrorCode::conflict, "not_annual_review");
  if (c.who.member != r.member && !c.chair_level()) return c.refuse(ErrorCode::forbidden);
  auto w = std::make_shared<store::ReviewWrite>();
  w->meeting_id = c.s.meeting.id;
  w->member_id = r.member;
  w->self_rating = r.self_rating;
  w->text = r.text;
  if (r.file) w->file = *r.file;
  w->updated_ms = c.now_ms;
  json::object data{{"member", r.member}, {"name", r.member_name}};
  if (r.self_rating) data["self_rating"] = *r.self_rating;
  if (r.text) data["chars"] = static_cast<std::int64_t>(protocol::code_points(*r.text));
  if (r.file)
    data["file"] = json::object{{"name", r.file->name}, {"mime", r.file->mime},
                                {"size", static_cast<std::int64_t>(r.file->bytes.size())}, {"sha256", r.file->sha256}};
  c.emit("review.submitted", std::move(data));
  c.d.events.back().review = std::move(w);
  return c.done();
}

// The official template with fresh ids (the replaced items keep their
// history under their old ids), except that the current item, which must
// stay, keeps its id when the template has an item with its key.
std::vector<AgendaItem> fresh_template(const MeetingState& s) {
  auto items = agenda_template(s.meeting.kind);
  const AgendaItem* cur = s.agenda_item(s.current_item);
  for (auto& i : items) i.id = cur && !cur->key.empty() && cur->key == i.key ? cur->id : "";
  return items;
}

}  // namespace
}  // namespace detail

Decision decide(const MeetingState& s, const Actor& who, const cmd::Command& command, std::int64_t now_ms,
                const Inputs& in) {
  using namespace detail;
  Ctx c{s, who, now_ms, in.box, in, {}};
  const MeetingStatus st = s.meeting.status;
  // Addenda to locked minutes and observers' reports come after the close too.
  if (std::holds_alternative<cmd::MinutesAddendum>(command) || std::holds_alternative<cmd::ObserverReportFile>(command))
    return decide_minutes(c, command);
  if (st == MeetingStatus::closed) return c.refuse(ErrorCode::meeting_closed);
  if (std::holds_alternative<cmd::Open>(command)) return detail::open(c, in);
  // The agenda may be prepared before the meeting opens; nothing else may.
  if (auto* a = std::get_if<cmd::AgendaSet>(&command)) return set_agenda(c, a->items);
  if (std::holds_alternative<cmd::AgendaTemplate>(command)) return set_agenda(c, fresh_template(s));
  // Self-reviews reach participants before the meeting (DOMAIN.md: drafts
  // at least 3 working days ahead).
  if (auto* r = std::get_if<cmd::ReviewSubmit>(&command)) return submit_review(c, *r);
  if (st != MeetingStatus::open) return c.refuse(ErrorCode::meeting_not_open);

  if (std::holds_alternative<cmd::Close>(command)) return detail::close(c);
  if (auto* n = std::get_if<cmd::Notice>(&command)) {
    if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
    c.emit("notice", {{"text", n->text}, {"by", who.name}});
    return c.done();
  }
  if (auto* g = std::get_if<cmd::AgendaGoto>(&command)) return goto_item(c, *g);
  if (auto* a = std::get_if<cmd::Appoint>(&command)) return appoint(c, *a);
  if (auto* i = std::get_if<cmd::Introduce>(&command)) return introduce(c, *i);
  if (std::holds_alternative<cmd::RollcallOpen>(command) || std::holds_alternative<cmd::RollcallClose>(command) ||
      std::holds_alternative<cmd::Checkin>(command) || std::holds_alternative<cmd::Mark>(command))
    return decide_roll(c, command);
  if (std::holds_alternative<cmd::VoteOpen>(command) || std::holds_alternative<cmd::VoteCast>(command) ||
      std::holds_alternative<cmd::VoteClose>(command))
    return decide_vote(c, command);
  if (std::holds_alternative<cmd::BallotOpen>(command) || std::holds_alternative<cmd::BallotCast>(command) ||
      std::holds_alternative<cmd::BallotReopen>(command) || std::holds_alternative<cmd::BallotClose>(command) ||
      std::holds_alternative<cmd::BallotConfirm>(command))
    return decide_ballot(c, command);
  if (std::holds_alternative<cmd::MinutesSave>(command) || std::holds_alternative<cmd::MinutesPresent>(command) ||
      std::holds_alternative<cmd::MinutesApprove>(command))
    return decide_minutes(c, command);
  return decide_floor(c, command);
}

}  // namespace chibo::meeting
