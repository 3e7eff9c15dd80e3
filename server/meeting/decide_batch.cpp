// Casts, check-ins and raised hands logged together (PROTOCOL.md
// `vote.casts`, `attendance.marks`, `hands.raised`): a congress of 2,000
// answering within a second would otherwise be 2,000 events to each of 2,000
// phones (bench/README.md).
#include <cassert>

#include "meeting/decide_impl.hpp"

namespace chibo::meeting {
namespace json = boost::json;

bool batchable(const cmd::Command& c) {
  return std::holds_alternative<cmd::VoteCast>(c) || std::holds_alternative<cmd::Checkin>(c) ||
         std::holds_alternative<cmd::HandRaise>(c);
}

namespace {

enum class Kind { cast, checkin, hand };

// Whether a field of a single event stays in its batch entry. A hand keeps
// both of its fields: who raises it may be a guest, whom no roster names. A
// batched mark is a member's own check-in (only rollcall.checkin joins the
// lane): `by` is the member, a check-in clears reason and note, and `late`
// is rarely set, so only what differs from that stays.
bool kept(std::string_view k, const json::value& v, Kind kind) {
  if (kind == Kind::hand) return true;
  if (k == "participant" || k == "name" || k == "vote" || k == "tally" || k == "summary") return false;
  if (kind == Kind::cast) return true;
  if (k == "by") return false;
  if (k == "reason" || k == "note") return !(v.is_string() && v.as_string().empty());
  if (k == "late") return !(v.is_bool() && !v.as_bool());
  // A check-in is "present" and most who check in may vote: an entry says
  // attendance and can_vote only when they differ (PROTOCOL.md
  // attendance.marks). A congress's 2,000 entries go to 2,000 phones.
  if (k == "attendance") return !(v.is_string() && v.as_string() == "present");
  if (k == "can_vote") return !(v.is_bool() && v.as_bool());
  return true;
}

}  // namespace

NewEvent batch_event(const MeetingState& after, std::vector<NewEvent> singles) {
  assert(!singles.empty());
  if (singles.size() == 1) return std::move(singles.front());
  const std::string& type = singles.front().type;
  const Kind kind = type == "vote.cast" ? Kind::cast : type == "hand.raised" ? Kind::hand : Kind::checkin;
  const std::int64_t vote = kind == Kind::cast ? singles.front().data.at("vote").as_int64() : 0;
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
      if (kept(k, v, kind)) entry.emplace(k, std::move(v));
    entries.push_back(std::move(entry));
  }
  NewEvent batch;
  if (kind == Kind::hand) {
    batch.type = "hands.raised";
    batch.data["hands"] = std::move(entries);
  } else if (kind == Kind::cast) {
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
