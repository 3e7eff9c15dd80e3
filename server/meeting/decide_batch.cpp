// Casts and check-ins logged together (PROTOCOL.md `vote.casts`,
// `attendance.marks`): a congress of 2,000 answering within a second would
// otherwise be 2,000 events to each of 2,000 phones (bench/README.md).
#include <cassert>

#include "meeting/decide_impl.hpp"

namespace chibo::meeting {
namespace json = boost::json;

bool batchable(const cmd::Command& c) {
  return std::holds_alternative<cmd::VoteCast>(c) || std::holds_alternative<cmd::Checkin>(c);
}

NewEvent batch_event(const MeetingState& after, std::vector<NewEvent> singles) {
  assert(!singles.empty());
  if (singles.size() == 1) return std::move(singles.front());
  const bool casts = singles.front().type == "vote.cast";
  const std::int64_t vote = casts ? singles.front().data.at("vote").as_int64() : 0;
  // Each entry is its single event's data without what the batch says once
  // (the vote, the tally, the summary) or what follows from the member id
  // (its participant id, "member:<id>").
  json::array entries;
  entries.reserve(singles.size());
  for (auto& e : singles) {
    assert(e.type == singles.front().type);
    json::object& d = e.data;
    d.erase("participant");
    d.erase("vote");
    d.erase("tally");
    d.erase("summary");
    entries.push_back(std::move(d));
  }
  NewEvent batch;
  if (casts) {
    auto v = after.votes.find(vote);
    assert(v != after.votes.end());
    batch.type = "vote.casts";
    batch.data["vote"] = vote;
    batch.data["casts"] = std::move(entries);
    batch.data["tally"] = to_json(v->second.tally());
  } else {
    batch.type = "attendance.marks";
    batch.data["marks"] = std::move(entries);
    batch.data["summary"] = detail::summary_json(after, after.roll);
  }
  return batch;
}

}  // namespace chibo::meeting
