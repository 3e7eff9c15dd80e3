#include "meeting/meeting_state.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cassert>

#include "protocol/codec.hpp"
#include "store/hash_chain.hpp"

namespace chibo::meeting {
namespace json = boost::json;

store::EventRecord created_event(const domain::Meeting& m, std::string actor, std::int64_t ts_ms) {
  store::EventRecord e;
  e.type = "meeting.created";
  e.actor = std::move(actor);
  e.ts_ms = ts_ms;
  json::object data = protocol::to_json(m);
  data.erase("id");  // not known before the insert: the event's `meeting` is the id
  e.data = json::serialize(data);
  return e;
}

MeetingState empty_state() {
  MeetingState s;
  s.head_hash = store::genesis_hash();
  return s;
}

void apply(MeetingState& s, const store::EventRecord& e) {
  assert(e.seq == s.head + 1);
  const json::value data = json::parse(e.data);
  if (e.type == "meeting.created") {
    s.meeting = protocol::meeting_from_json(data.as_object());
    s.meeting.id = e.meeting_id;
    s.meeting.status = domain::MeetingStatus::scheduled;
  } else if (e.type == "meeting.opened") {
    s.meeting.status = domain::MeetingStatus::open;
  } else if (e.type == "meeting.closed") {
    s.meeting.status = domain::MeetingStatus::closed;
  } else if (e.type == "participant.arrived") {
    Participant p = participant_from_json(data.at("participant").as_object());
    s.arrived[p.id] = p;
  }
  s.head = e.seq;
  s.head_hash = e.hash;
}

}  // namespace chibo::meeting
