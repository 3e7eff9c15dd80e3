// A meeting's state as a fold over its event log (DESIGN.md principle 2:
// events are the truth; the same fold rebuilds every meeting at start-up).
#pragma once

#include <map>
#include <string>

#include "domain/types.hpp"
#include "meeting/participant.hpp"
#include "store/records.hpp"

namespace chibo::meeting {

struct MeetingState {
  domain::Meeting meeting;
  std::int64_t head = 0;     // seq of the last applied event
  std::string head_hash;     // its hash (genesis before seq 1)
  // Everyone who has come into the meeting at least once, by participant id
  // (participant.arrived events): the attendance record of non-members too.
  std::map<std::string, Participant> arrived;
};

// The first event of a meeting's log (store::Store::create_meeting fills its
// meeting id, seq and hashes). Its data is the meeting object without `id`.
store::EventRecord created_event(const domain::Meeting& m, std::string actor, std::int64_t ts_ms);

// The state before any event.
MeetingState empty_state();

// Applies one event. REQUIRES: e.seq == s.head + 1 and e.prev_hash == s.head_hash
// (the caller checked the chain). Unknown event types only advance the head,
// so an older binary can still fold a newer log.
void apply(MeetingState& s, const store::EventRecord& e);

}  // namespace chibo::meeting
