// What a meeting does with a command: a pure function of the meeting's
// (speculative) state, who asks, and the command. It either refuses — with
// the error code PROTOCOL.md documents — or returns the events to append, in
// order. No I/O and no clock reads: the actor passes `now_ms` and, for
// meeting.open, the roster it read; tests call decide() directly.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "meeting/commands.hpp"
#include "meeting/meeting_state.hpp"
#include "protocol/errors.hpp"

namespace chibo::meeting {

// The caller, in meeting terms.
struct Actor {
  std::string participant;          // "member:5", "account:3", "guest:…"
  std::string name;
  std::optional<domain::Id> member; // roster member id, for members
  bool manages = false;             // the cell's secretary account, or a district admin over it
};

struct NewEvent {
  std::string type;
  boost::json::object data;
  std::optional<domain::MeetingStatus> new_status;  // for the meetings table
};

struct Decision {
  std::optional<protocol::ErrorCode> refused;
  std::string reason;                     // details.reason, where PROTOCOL.md names one
  std::vector<NewEvent> events;           // empty and not refused: nothing to change
  std::optional<std::int64_t> duplicate_of;  // an idempotent retry: answer with this seq
  boost::json::object result;             // extra reply fields ({"vote": 50})
};

// Extra inputs of meeting.open, gathered by the actor.
struct OpenContext {
  std::vector<domain::Member> roster;
  const domain::RuleSet* rules = nullptr;  // the server's configured set
};

Decision decide(const MeetingState& s, const Actor& who, const cmd::Command& c, std::int64_t now_ms,
                const OpenContext& open = {});

}  // namespace chibo::meeting
