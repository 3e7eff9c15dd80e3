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

#include "auth/signing_key.hpp"
#include "meeting/ballot_box.hpp"
#include "meeting/commands.hpp"
#include "meeting/meeting_state.hpp"
#include "meeting/minutes.hpp"
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
  std::shared_ptr<const store::ReviewWrite> review;  // written with the event (review.submitted)
};

// A secret ballot accepted into the box (not an event: PROTOCOL.md "Held,
// then sealed").
struct Hold {
  domain::Id member = 0;
  std::string key;
  BoxedBallot ballot;
};

struct Decision {
  std::optional<protocol::ErrorCode> refused;
  std::string reason;                     // details.reason, where PROTOCOL.md names one
  std::vector<NewEvent> events;           // empty and not refused: nothing to change
  std::optional<std::int64_t> duplicate_of;  // an idempotent retry: answer with this seq
  boost::json::object result;             // extra reply fields ({"vote": 50})
  std::optional<Hold> hold;               // ballot.cast: put this in the box
  bool immediate = false;                 // answer `result` now (no seq: nothing is written)
};

// What the actor knows beyond the log: for meeting.open the roster it read
// and the server's rule set; for secret ballots the open ballot's box; for
// locking the minutes and their addenda the server's key and the names on
// the document's header.
struct Inputs {
  std::vector<domain::Member> roster;
  const domain::RuleSet* rules = nullptr;
  const BallotBox* box = nullptr;
  const auth::SigningKey* key = nullptr;
  const DocumentContext* document = nullptr;
};

Decision decide(const MeetingState& s, const Actor& who, const cmd::Command& c, std::int64_t now_ms,
                const Inputs& in = {});

// Commands that may be logged together when several come while the previous
// one of them is being written (PROTOCOL.md `vote.casts`, `attendance.marks`,
// `hands.raised`): a named vote's cast, a member's own check-in and a raised
// hand. Each decides to at most one event, about its caller alone.
bool batchable(const cmd::Command& c);

// The one event that logs `singles` — the events of batchable commands of
// one kind, decided in turn — given `after`, the state with all of them
// folded (fold_single). One single is logged as it is; more become
// `vote.casts` (one vote: only the open vote takes casts),
// `attendance.marks`, with the tally or summary once, after the last, or
// `hands.raised`.
// REQUIRES: singles is not empty and all of one type.
NewEvent batch_event(const MeetingState& after, std::vector<NewEvent> singles);

}  // namespace chibo::meeting
