// Shared by the decide_*.cpp files: the context one decision is built in.
#pragma once

#include "meeting/decide.hpp"
#include "meeting/meeting_json.hpp"

namespace chibo::meeting::detail {

struct Ctx {
  const MeetingState& s;
  const Actor& who;
  std::int64_t now_ms;
  const BallotBox* box;  // the open secret ballot's box, if the actor has one
  const Inputs& in;
  Decision d;

  // The seq the next appended event will get (events of one decision are
  // consecutive: the actor appends them in order).
  std::int64_t next_seq() const { return s.head + 1 + static_cast<std::int64_t>(d.events.size()); }
  void emit(std::string type, boost::json::object data,
            std::optional<domain::MeetingStatus> st = std::nullopt) {
    d.events.push_back(NewEvent{std::move(type), std::move(data), st, nullptr});
  }
  Decision refuse(protocol::ErrorCode code, std::string reason = {}) {
    d.refused = code;
    d.reason = std::move(reason);
    d.events.clear();
    d.result = {};  // a refusal's result is its details (see minutes.save)
    return std::move(d);
  }
  Decision done() { return std::move(d); }

  // PROTOCOL.md "Who may": chair-level is the cell's manager or the appointed chair.
  bool chair_level() const { return who.manages || (!s.chair.empty() && who.participant == s.chair); }
  bool minute_taker() const { return !s.minute_taker.empty() && who.participant == s.minute_taker; }
  // A roster member of the snapshot, or someone who has come in.
  bool known(const std::string& participant) const;
  const RollEntry* member_entry(const std::string& participant) const;  // nullptr unless "member:N" on the roll
};

using protocol::ErrorCode;

Decision decide_roll(Ctx& c, const cmd::Command& command);   // rollcall.*, attendance.mark
Decision decide_floor(Ctx& c, const cmd::Command& command);  // hand.*, floor.*, speech.gist
Decision decide_vote(Ctx& c, const cmd::Command& command);   // vote.*
Decision decide_ballot(Ctx& c, const cmd::Command& command); // ballot.*
Decision decide_minutes(Ctx& c, const cmd::Command& command); // minutes.*, observer.report

// Opens a named vote (vote.open, and minutes.approve with `minutes`).
Decision open_named_vote(Ctx& c, const cmd::VoteOpen& v, bool minutes);
// Appends minutes.locked after the approving vote's vote.closed (`closed`:
// its data), in the same decision. Refuses `internal` without a key.
bool lock_minutes(Ctx& c, const boost::json::object& closed);

// The attendance summary of `roll` under the meeting's rules, as JSON.
boost::json::object summary_json(const MeetingState& s, const std::vector<RollEntry>& roll);
// The same with `changed` in place of its member's entry: a check-in's
// summary after it, without copying the roll (a congress's 2,000 check-ins
// would copy its 2,000 entries each).
boost::json::object summary_json(const MeetingState& s, const RollEntry& changed);

}  // namespace chibo::meeting::detail
