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

namespace {

// Whether a field of a single event stays in its batch entry. A batched
// mark is a member's own check-in (only rollcall.checkin joins the lane):
// `by` is the member, a check-in clears reason and note, and `late` is
// rarely set, so only what differs from that stays.
bool kept(std::string_view k, const json::value& v, bool cast) {
  if (k == "participant" || k == "name" || k == "vote" || k == "tally" || k == "summary") return false;
  if (cast) return true;
  if (k == "by") return false;
  if (k == "reason" || k == "note") return !(v.is_string() && v.as_string().empty());
  if (k == "late") return !(v.is_bool() && !v.as_bool());
  return true;
}

}  // namespace

NewEvent batch_event(const MeetingState& after, std::vector<NewEvent> singles) {
  assert(!singles.empty());
  if (singles.size() == 1) return std::move(singles.front());
  const bool casts = singles.front().type == "vote.cast";
  const std::int64_t vote = casts ? singles.front().data.at("vote").as_int64() : 0;
  // Each entry is its single event's data without what the batch says once
  // (the vote, the tally, the summary) and without what every client has
  // from the roster the member id names: the participant id ("member:<id>")
  // and the name. Every phone receives every entry, so each byte here is
  // paid 2,000 times in a congress (bench/README.md, "Results (stop 16)").
  json::array entries;
  entries.reserve(singles.size());
  for (auto& e : singles) {
    assert(e.type == singles.front().type);
    json::object entry;  // the kept fields in their order (erase would move the last into the gap)
    for (auto& [k, v] : e.data)
      if (kept(k, v, casts)) entry.emplace(k, std::move(v));
    entries.push_back(std::move(entry));
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
