// Named votes, biểu quyết giơ tay (PROTOCOL.md vote.*; DOMAIN.md "Votes"):
// who may answer and the result come from server/domain/rules under the
// meeting's rule set; answers are public and may change until the close.
#include "meeting/decide_impl.hpp"

namespace chibo::meeting::detail {
namespace json = boost::json;
using namespace domain;

namespace {

std::string participant_of(Id member) { return "member:" + std::to_string(member); }

}  // namespace

Decision open_named_vote(Ctx& c, const cmd::VoteOpen& v, bool minutes) {
  const MeetingState& s = c.s;
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  if (s.open_vote) return c.refuse(ErrorCode::conflict, "vote_open");
  json::array eligible;
  for (const auto& e : s.roll)
    if (can_vote(e.attendee())) eligible.push_back(json::string(participant_of(e.member.id)));
  const std::int64_t id = c.next_seq();
  c.emit("vote.opened", {{"vote", id},
                         {"subject", v.subject},
                         {"text", v.text},
                         {"decision", to_string(v.decision)},
                         {"method", "named"},
                         {"rule", to_rule_name(threshold(v.decision, s.rules()))},
                         {"rules", s.rules().name},
                         {"item", s.current_item},
                         {"eligible", std::move(eligible)},
                         {"denominator", denominator(s.attendees())}});
  if (minutes) c.d.events.back().data["minutes"] = true;
  c.d.result["vote"] = id;
  return c.done();
}

namespace {

Decision cast(Ctx& c, const cmd::VoteCast& v) {
  const MeetingState& s = c.s;
  auto it = s.votes.find(v.vote);
  if (it == s.votes.end()) return c.refuse(ErrorCode::not_found);
  const NamedVote& vote = it->second;
  // A retried request (same key) is answered as the first one was, even after
  // the close: it succeeded then and must not count twice or fail now.
  if (c.who.member && !v.key.empty()) {
    if (auto mk = vote.keys.find(*c.who.member); mk != vote.keys.end()) {
      if (auto k = mk->second.find(v.key); k != mk->second.end()) {
        if (k->second.first != v.choice) return c.refuse(ErrorCode::conflict, "key_reused");
        c.d.duplicate_of = k->second.second;
        return c.done();
      }
    }
  }
  if (!vote.open) return c.refuse(ErrorCode::vote_closed);
  const RollEntry* e = c.who.member ? s.roll_entry(*c.who.member) : nullptr;
  if (!e || !can_vote(e->attendee())) return c.refuse(ErrorCode::not_eligible);
  if (auto prev = vote.choices.find(e->member.id); prev != vote.choices.end() && prev->second == v.choice)
    return c.done();
  // The tally after this answer, without copying the vote (a congress's
  // 2,000 casts would copy its 2,000 choices each).
  Tally after = vote.tally();
  auto count = [&after](Choice ch, int n) { (ch == Choice::yes ? after.yes : ch == Choice::no ? after.no : after.abstain) += n; };
  if (auto prev = vote.choices.find(e->member.id); prev != vote.choices.end()) count(prev->second, -1);
  count(v.choice, 1);
  c.emit("vote.cast", {{"vote", vote.id},
                       {"member", e->member.id},
                       {"participant", participant_of(e->member.id)},
                       {"name", e->member.full_name},
                       {"choice", to_string(v.choice)},
                       {"key", v.key},
                       {"tally", to_json(after)}});
  return c.done();
}

Decision close_vote(Ctx& c, const cmd::VoteClose& v) {
  const MeetingState& s = c.s;
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  auto it = s.votes.find(v.vote);
  if (it == s.votes.end()) return c.refuse(ErrorCode::not_found);
  const NamedVote& vote = it->second;
  if (!vote.open) return c.refuse(ErrorCode::vote_closed);
  const Tally t = vote.tally();
  const VoteResult r = vote_result(t, denominator(s.attendees()), vote.decision, s.rules());
  json::array not_answered;
  for (const auto& e : s.roll)
    if (can_vote(e.attendee()) && !vote.choices.contains(e.member.id))
      not_answered.push_back(json::string(participant_of(e.member.id)));
  json::object closed{{"vote", vote.id},
                         {"subject", vote.subject},
                         {"decision", to_string(vote.decision)},
                         {"method", "named"},
                         {"for", t.yes},
                         {"against", t.no},
                         {"abstain", t.abstain},
                         {"answered", t.answered()},
                         {"not_answered", std::move(not_answered)},
                         {"denominator", r.denominator},
                         {"required", r.required},
                         {"passed", r.passed},
                         {"rule", to_rule_name(r.rule)},
                         {"rules", s.rules().name}};
  if (vote.minutes) closed["minutes"] = true;
  c.emit("vote.closed", closed);
  // Approved minutes are locked in the same commit as the vote's result
  // (PROTOCOL.md "The lock").
  if (vote.minutes && r.passed && !lock_minutes(c, closed)) return c.refuse(ErrorCode::internal);
  return c.done();
}

}  // namespace

Decision decide_vote(Ctx& c, const cmd::Command& command) {
  if (auto* o = std::get_if<cmd::VoteOpen>(&command)) return open_named_vote(c, *o, false);
  if (auto* v = std::get_if<cmd::VoteCast>(&command)) return cast(c, *v);
  return close_vote(c, std::get<cmd::VoteClose>(command));
}

}  // namespace chibo::meeting::detail
