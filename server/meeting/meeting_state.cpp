#include "meeting/meeting_state.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cassert>

#include "meeting/meeting_json.hpp"
#include "protocol/codec.hpp"
#include "store/hash_chain.hpp"

namespace chibo::meeting {
namespace json = boost::json;
using namespace domain;

namespace {
constexpr std::pair<BallotKind, std::string_view> kBallotKinds[] = {{BallotKind::yes_no, "yes_no"},
                                                                   {BallotKind::discipline, "discipline"},
                                                                   {BallotKind::election, "election"},
                                                                   {BallotKind::rating, "rating"}};
}  // namespace

std::string_view to_string(BallotKind k) {
  for (const auto& [v, s] : kBallotKinds)
    if (v == k) return s;
  return "yes_no";
}

std::optional<BallotKind> ballot_kind_from(std::string_view s) {
  for (const auto& [v, name] : kBallotKinds)
    if (name == s) return v;
  return std::nullopt;
}

const BallotOption* SecretBallot::option(const std::string& id) const {
  for (const auto& o : options)
    if (o.id == id) return &o;
  return nullptr;
}

Tally NamedVote::tally() const {
  Tally t;
  for (const auto& [member, c] : choices) {
    if (c == Choice::yes) ++t.yes;
    else if (c == Choice::no) ++t.no;
    else ++t.abstain;
  }
  return t;
}

const RollEntry* MeetingState::roll_entry(Id member) const {
  for (const auto& e : roll)
    if (e.member.id == member) return &e;
  return nullptr;
}

RollEntry* MeetingState::roll_entry(Id member) {
  return const_cast<RollEntry*>(std::as_const(*this).roll_entry(member));
}

const AgendaItem* MeetingState::agenda_item(const std::string& id) const {
  for (const auto& i : agenda)
    if (i.id == id) return &i;
  return nullptr;
}

const RuleSet& MeetingState::rules() const {
  const RuleSet* r = find_rule_set(rules_name);
  return r ? *r : default_rule_set();
}

std::vector<Attendee> MeetingState::attendees() const {
  std::vector<Attendee> out;
  out.reserve(roll.size());
  for (const auto& e : roll) out.push_back(e.attendee());
  return out;
}

std::string MeetingState::name_of(const std::string& participant) const {
  if (participant.rfind("member:", 0) == 0) {
    const Id id = std::atoll(participant.c_str() + 7);
    if (const RollEntry* e = roll_entry(id)) return e->member.full_name;
  }
  if (auto it = arrived.find(participant); it != arrived.end()) return it->second.name;
  if (participant == chair && !chair_name.empty()) return chair_name;
  return participant;
}

namespace {

// DOMAIN.md "Annual review": one item per member under review, leaders
// first, in place of the template's single "member reviews" item.
std::vector<AgendaItem> review_agenda(const Meeting& m, const std::vector<Member>& roster, json::array& not_rated_out) {
  auto items = agenda_template(m.kind);
  const auto on = parse_date(m.starts_at.substr(0, 10)).value_or(Date{});
  std::vector<AgendaItem> reviews;
  for (const Member& mem : review_order(roster)) {
    const NotRated why = not_rated(mem, on, default_rule_set());
    if (why != NotRated::none) {
      not_rated_out.push_back(json::object{{"member", mem.id}, {"name", mem.full_name}, {"reason", to_string(why)}});
      continue;
    }
    AgendaItem item;
    item.title = "Kiểm điểm đồng chí " + mem.full_name;
    item.section = AgendaSection::proceedings;
    item.key = "member_review";
    item.member = mem.id;
    reviews.push_back(std::move(item));
  }
  auto at = std::find_if(items.begin(), items.end(), [](const AgendaItem& i) { return i.key == "member_reviews"; });
  if (at != items.end()) at = items.erase(at);
  items.insert(at, reviews.begin(), reviews.end());
  for (std::size_t i = 0; i < items.size(); ++i) items[i].id = "i" + std::to_string(i + 1);
  return items;
}

}  // namespace

store::EventRecord created_event(const Meeting& m, std::string actor, std::int64_t ts_ms,
                                 const std::vector<Member>& roster) {
  store::EventRecord e;
  e.type = "meeting.created";
  e.actor = std::move(actor);
  e.ts_ms = ts_ms;
  json::object data = protocol::to_json(m);
  data.erase("id");  // not known before the insert: the event's `meeting` is the id
  json::array not_rated_list;
  const auto agenda = m.kind == MeetingKind::annual_review ? review_agenda(m, roster, not_rated_list)
                                                           : agenda_template(m.kind);
  data["agenda"] = to_json(agenda);
  if (m.kind == MeetingKind::annual_review) data["not_rated"] = std::move(not_rated_list);
  data["min_minutes"] = min_minutes(m.kind, has_thematic_part(agenda), default_rule_set());
  e.data = json::serialize(data);
  return e;
}

MeetingState empty_state() {
  MeetingState s;
  s.head_hash = store::genesis_hash();
  return s;
}

namespace {

// Calls `f` with each object entry of the list `d[list]`: the entries of one
// write (vote.casts, attendance.marks, hands.raised), each folded like its
// single event. A missing list or a malformed entry folds as nothing.
template <class F>
void each_entry(const json::object& d, std::string_view list, F&& f) {
  if (const json::value* xs = d.if_contains(list); xs && xs->is_array())
    for (const auto& x : xs->as_array())
      if (x.is_object()) f(x.as_object());
}

// Items the server numbered "i<N>": the next new item is i<max N + 1>.
void set_agenda(MeetingState& s, std::vector<AgendaItem> items) {
  for (const auto& i : items)
    if (i.id.size() > 1 && i.id[0] == 'i') s.next_item_no = std::max(s.next_item_no, std::atoi(i.id.c_str() + 1) + 1);
  s.agenda = std::move(items);
}

void apply_opened(MeetingState& s, const store::EventRecord& e, const json::object& d) {
  s.meeting.status = MeetingStatus::open;
  s.opened_ms = e.ts_ms;
  s.chair = str_of(d, "chair");
  s.chair_name = str_of(d, "chair_name");
  s.rules_name = str_of(d, "rules");
  s.roll.clear();
  if (const json::value* r = d.if_contains("roster"); r && r->is_array()) {
    for (const auto& v : r->as_array()) {
      const auto& o = v.as_object();
      RollEntry entry;
      entry.member.id = int_of(o, "member");
      entry.member.cell_id = s.meeting.cell_id;
      entry.member.full_name = str_of(o, "name");
      entry.member.kind = member_kind_from(str_of(o, "kind")).value_or(MemberKind::official);
      entry.member.status = member_status_from(str_of(o, "status")).value_or(MemberStatus::active);
      entry.member.committee_role = committee_role_from(str_of(o, "committee_role")).value_or(CommitteeRole::none);
      entry.member.admitted_on = parse_date(str_of(o, "admitted_on"));  // who is rated (issue 4)
      s.roll.push_back(std::move(entry));
    }
  }
}

// `fallback` is the attendance an entry that names none has: unmarked for a
// single attendance.marked, present for an attendance.marks entry (which
// leaves "present" out, PROTOCOL.md).
void apply_marked(MeetingState& s, const json::object& d, Attendance fallback = Attendance::unmarked) {
  RollEntry* entry = s.roll_entry(int_of(d, "member"));
  if (!entry) return;
  entry->attendance = attendance_from(str_of(d, "attendance")).value_or(fallback);
  entry->reason = absence_reason_from(str_of(d, "reason"));
  entry->note = str_of(d, "note");
  entry->late = bool_of(d, "late");
}

void apply_hand(MeetingState& s, const json::object& d) {
  const std::string p = str_of(d, "participant");
  if (!p.empty() && std::find(s.hands.begin(), s.hands.end(), p) == s.hands.end()) s.hands.push_back(p);
}

void apply_appointed(MeetingState& s, const json::object& d) {
  const std::string role = str_of(d, "role");
  if (role == "chair") {
    s.chair = str_of(d, "participant");
    s.chair_name = str_of(d, "name");
  }
  else if (role == "minute_taker") s.minute_taker = str_of(d, "participant");
  else if (role == "counting_committee") {
    s.counting_committee.clear();
    if (const json::value* m = d.if_contains("members"); m && m->is_array())
      for (const auto& v : m->as_array()) s.counting_committee.push_back(str_of(v.as_object(), "participant"));
    s.committee_head = str_of(d, "head");
  }
}

void apply_floor(MeetingState& s, const store::EventRecord& e, const json::object& d) {
  if (e.type == "floor.given") {
    Speech sp;
    sp.id = int_of(d, "speech");
    sp.participant = str_of(d, "participant");
    sp.name = str_of(d, "name");
    sp.item = str_of(d, "item");
    sp.item_title = str_of(d, "item_title");
    sp.started_ms = e.ts_ms;
    std::erase(s.hands, sp.participant);
    s.floor = sp.id;
    s.speeches[sp.id] = std::move(sp);
  } else if (e.type == "floor.ended") {
    if (auto it = s.speeches.find(int_of(d, "speech")); it != s.speeches.end()) it->second.ended_ms = e.ts_ms;
    s.floor.reset();
  } else if (e.type == "speech.gist") {
    if (auto it = s.speeches.find(int_of(d, "speech")); it != s.speeches.end()) it->second.gist = str_of(d, "text");
  }
}

// One member's answer (vote.cast's data, or one entry of vote.casts).
void apply_cast(NamedVote& v, const json::object& d, std::int64_t seq) {
  const Id member = int_of(d, "member");
  const Choice c = choice_from(str_of(d, "choice")).value_or(Choice::abstain);
  v.choices[member] = c;
  if (const std::string key = str_of(d, "key"); !key.empty()) v.keys[member][key] = {c, seq};
}

void apply_vote(MeetingState& s, const store::EventRecord& e, const json::object& d) {
  if (e.type == "vote.opened") {
    NamedVote v;
    v.id = e.seq;
    v.subject = str_of(d, "subject");
    v.text = str_of(d, "text");
    v.item = str_of(d, "item");
    v.decision = decision_kind_from(str_of(d, "decision")).value_or(DecisionKind::ordinary);
    v.minutes = bool_of(d, "minutes");
    if (v.minutes) s.minutes.approval_vote = v.id;
    s.votes[v.id] = std::move(v);
    s.open_vote = e.seq;
    return;
  }
  auto it = s.votes.find(int_of(d, "vote"));
  if (it == s.votes.end()) return;
  NamedVote& v = it->second;
  if (e.type == "vote.cast") {
    apply_cast(v, d, e.seq);
  } else if (e.type == "vote.casts") {
    // The casts of one write (PROTOCOL.md vote.casts), each as a vote.cast.
    each_entry(d, "casts", [&](const json::object& c) { apply_cast(v, c, e.seq); });
  } else if (e.type == "vote.closed") {
    v.open = false;
    v.closed_ms = e.ts_ms;
    v.closed = d;
    if (s.open_vote == v.id) s.open_vote.reset();
    if (v.minutes) {
      s.minutes.approval_vote.reset();
      // Not approved: back to drafting; a new read-back comes before a new vote.
      if (!bool_of(d, "passed")) s.minutes.presented = false;
    }
  }
}

void apply_ballot(MeetingState& s, const store::EventRecord& e, const json::object& d) {
  if (e.type == "ballot.opened") {
    SecretBallot b;
    b.id = e.seq;
    b.kind = ballot_kind_from(str_of(d, "kind")).value_or(BallotKind::yes_no);
    b.subject = str_of(d, "subject");
    b.item = str_of(d, "item");
    b.decision = decision_kind_from(str_of(d, "decision")).value_or(DecisionKind::ordinary);
    if (const json::value* o = d.if_contains("options"); o && o->is_array())
      for (const auto& v : o->as_array())
        b.options.push_back({str_of(v.as_object(), "id"), str_of(v.as_object(), "label")});
    b.seats = static_cast<int>(std::max<std::int64_t>(1, int_of(d, "seats")));
    b.member = int_of(d, "member");
    b.issued = static_cast<int>(int_of(d, "issued"));
    s.ballots[b.id] = std::move(b);
    s.open_ballot = e.seq;
    return;
  }
  auto it = s.ballots.find(int_of(d, "ballot"));
  if (it == s.ballots.end()) return;
  SecretBallot& b = it->second;
  if (e.type == "ballot.closed") {
    b.open = false;
    b.closed = d;
    if (s.open_ballot == b.id) s.open_ballot.reset();
    if (const json::value* r = d.if_contains("result"); r && r->is_object() && b.kind == BallotKind::rating)
      b.rated = rating_from(str_of(r->as_object(), "level"));
  } else if (e.type == "ballot.confirmed") {
    b.confirmed = true;
  }
}

void apply_minutes(MeetingState& s, const store::EventRecord& e, const json::object& d) {
  Minutes& m = s.minutes;
  if (e.type == "minutes.saved") {
    MinutesSection& sec = m.sections[str_of(d, "section")];
    sec.text = str_of(d, "text");
    sec.version = int_of(d, "version");
    sec.by = str_of(d, "by_name");
    sec.saved_ms = e.ts_ms;
    m.presented = false;  // what was read back is no longer what is written
  } else if (e.type == "minutes.presented") {
    m.presented = true;
  } else if (e.type == "minutes.locked") {
    MinutesLock l;
    if (const json::value* c = d.if_contains("content"); c && c->is_object()) l.content = c->as_object();
    l.content_sha256 = str_of(d, "content_sha256");
    if (const json::value* ch = d.if_contains("chain"); ch && ch->is_object()) {
      l.chain_seq = int_of(ch->as_object(), "seq");
      l.chain_hash = str_of(ch->as_object(), "hash");
    }
    l.locked_ms = int_of(d, "locked_ms");
    l.key_id = str_of(d, "key_id");
    l.public_key = str_of(d, "public_key");
    l.signature = str_of(d, "signature");
    m.lock = std::move(l);
  } else if (e.type == "minutes.addendum") {
    MinutesAddendum a;
    a.text = str_of(d, "text");
    a.by = str_of(d, "by_name");
    a.date_ms = int_of(d, "date_ms");
    if (const json::value* ch = d.if_contains("chain"); ch && ch->is_object()) {
      a.chain_seq = int_of(ch->as_object(), "seq");
      a.chain_hash = str_of(ch->as_object(), "hash");
    }
    a.key_id = str_of(d, "key_id");
    a.signature = str_of(d, "signature");
    m.addenda.push_back(std::move(a));
  }
}

void apply_report(MeetingState& s, const store::EventRecord& e, const json::object& d) {
  ObserverReport r;
  r.participant = str_of(d, "participant");
  r.name = str_of(d, "name");
  r.title = str_of(d, "title");
  r.attendance = str_of(d, "attendance");
  r.order_ok = bool_of(d, "order_ok");
  r.content_ok = bool_of(d, "content_ok");
  r.remarks = str_of(d, "remarks");
  r.proposals = str_of(d, "proposals");
  r.filed_ms = e.ts_ms;
  s.observer_reports[r.participant] = std::move(r);
}

}  // namespace

void apply(MeetingState& s, const store::EventRecord& e) {
  assert(e.seq == s.head + 1);
  const json::value parsed = json::parse(e.data);
  static const json::object kEmpty;
  const json::object& d = parsed.is_object() ? parsed.as_object() : kEmpty;
  const std::string& t = e.type;
  if (t == "meeting.created") {
    s.meeting = protocol::meeting_from_json(d);
    s.meeting.id = e.meeting_id;
    s.meeting.status = MeetingStatus::scheduled;
    if (const json::value* a = d.if_contains("agenda"); a && a->is_array()) set_agenda(s, agenda_from_json(a->as_array()));
  } else if (t == "meeting.opened") {
    apply_opened(s, e, d);
  } else if (t == "meeting.closed") {
    s.meeting.status = MeetingStatus::closed;
    s.closed_ms = e.ts_ms;
  } else if (t == "participant.arrived") {
    Participant p = participant_from_json(d.at("participant").as_object());
    s.arrived[p.id] = p;
  } else if (t == "participants.arrived") {
    // The arrivals of one write (a join storm): each as participant.arrived.
    for (const auto& v : d.at("participants").as_array()) {
      Participant p = participant_from_json(v.as_object());
      s.arrived[p.id] = std::move(p);
    }
  } else if (t == "participant.introduced") {
    s.introduced[str_of(d, "participant")] = true;
  } else if (t == "agenda.set") {
    if (const json::value* a = d.if_contains("items"); a && a->is_array()) set_agenda(s, agenda_from_json(a->as_array()));
  } else if (t == "agenda.current") {
    s.current_item = str_of(d, "item");
  } else if (t == "role.appointed") {
    apply_appointed(s, d);
  } else if (t == "rollcall.opened") {
    s.rollcall_open = true;
  } else if (t == "rollcall.closed") {
    s.rollcall_open = false;
    ++s.rollcalls_closed;
  } else if (t == "attendance.marked") {
    apply_marked(s, d);
  } else if (t == "attendance.marks") {
    // The check-ins of one write (PROTOCOL.md attendance.marks), each as attendance.marked.
    each_entry(d, "marks", [&](const json::object& m) { apply_marked(s, m, Attendance::present); });
  } else if (t == "hand.raised") {
    apply_hand(s, d);
  } else if (t == "hands.raised") {
    // The hands of one write (PROTOCOL.md hands.raised), each as hand.raised, in order.
    each_entry(d, "hands", [&](const json::object& h) { apply_hand(s, h); });
  } else if (t == "hand.lowered") {
    std::erase(s.hands, str_of(d, "participant"));
  } else if (t.rfind("floor.", 0) == 0 || t == "speech.gist") {
    apply_floor(s, e, d);
  } else if (t.rfind("vote.", 0) == 0) {
    apply_vote(s, e, d);
  } else if (t.rfind("ballot.", 0) == 0) {
    apply_ballot(s, e, d);
  } else if (t.rfind("minutes.", 0) == 0) {
    apply_minutes(s, e, d);
  } else if (t == "observer.reported") {
    apply_report(s, e, d);
  }
  s.head = e.seq;
  s.head_hash = e.hash;
}

void fold_single(MeetingState& s, std::string_view type, const json::object& data, std::int64_t seq) {
  if (type == "attendance.marked") return apply_marked(s, data);
  if (type == "hand.raised") return apply_hand(s, data);
  if (type != "vote.cast") return;
  if (auto it = s.votes.find(int_of(data, "vote")); it != s.votes.end()) apply_cast(it->second, data, seq);
}

}  // namespace chibo::meeting
