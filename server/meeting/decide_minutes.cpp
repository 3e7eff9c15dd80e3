// The minutes (PROTOCOL.md "Minutes"): the minute-taker's sections with
// versions (an edit from an older version is refused, never merged), the
// read-back, the approving vote, the lock and dated addenda; and observers'
// reports. The words of the minutes are meeting/minutes.cpp's.
#include <boost/json/serialize.hpp>

#include "meeting/decide_impl.hpp"
#include "store/hash_chain.hpp"

namespace chibo::meeting::detail {
namespace json = boost::json;
using namespace domain;

namespace {

bool writes_minutes(const Ctx& c) { return c.chair_level() || c.minute_taker(); }

Decision save(Ctx& c, const cmd::MinutesSave& m) {
  const Minutes& mm = c.s.minutes;
  if (!writes_minutes(c)) return c.refuse(ErrorCode::forbidden);
  if (mm.lock) return c.refuse(ErrorCode::minutes_locked);
  if (mm.approval_vote) return c.refuse(ErrorCode::conflict, "approval_open");
  if (!is_minutes_section(c.s, m.section)) return c.refuse(ErrorCode::invalid_args, "section");
  MinutesSection cur;
  if (auto it = mm.sections.find(m.section); it != mm.sections.end()) cur = it->second;
  if (m.base != cur.version) {
    // Someone saved since this text was loaded: keep theirs, show both.
    c.d.refused = ErrorCode::conflict;
    c.d.reason = "edited";
    c.d.result = json::object{{"version", cur.version}, {"text", cur.text}, {"by", cur.by}};
    return std::move(c.d);
  }
  if (cur.text == m.text) {
    c.d.result["version"] = cur.version;
    return c.done();
  }
  const std::int64_t version = cur.version + 1;
  c.emit("minutes.saved", {{"section", m.section},
                           {"text", m.text},
                           {"version", version},
                           {"by", c.who.participant},
                           {"by_name", c.who.name}});
  c.d.result["version"] = version;
  return c.done();
}

Decision present(Ctx& c) {
  if (!writes_minutes(c)) return c.refuse(ErrorCode::forbidden);
  if (c.s.minutes.lock) return c.refuse(ErrorCode::minutes_locked);
  if (c.s.minutes.approval_vote) return c.refuse(ErrorCode::conflict, "approval_open");
  c.emit("minutes.presented", {{"by", c.who.participant}, {"by_name", c.who.name}});
  return c.done();
}

Decision approve(Ctx& c) {
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  if (c.s.minutes.lock) return c.refuse(ErrorCode::minutes_locked);
  if (c.s.minutes.approval_vote || c.s.open_vote) return c.refuse(ErrorCode::conflict, "vote_open");
  // DOMAIN.md "Order of a regular meeting": the minutes are read back, then approved.
  if (!c.s.minutes.presented) return c.refuse(ErrorCode::conflict, "not_presented");
  cmd::VoteOpen v;
  v.subject = "Thông qua biên bản";
  v.decision = DecisionKind::ordinary;
  return open_named_vote(c, v, true);
}

Decision addendum(Ctx& c, const cmd::MinutesAddendum& a) {
  if (!writes_minutes(c)) return c.refuse(ErrorCode::forbidden);
  if (!c.s.minutes.lock) return c.refuse(ErrorCode::conflict, "not_locked");
  if (!c.in.key) return c.refuse(ErrorCode::internal);
  const std::string text_sha = store::sha256_hex(a.text);
  const std::string sig =
      c.in.key->sign(addendum_message(c.s.meeting.id, c.s.head, c.s.head_hash, text_sha, c.now_ms));
  c.emit("minutes.addendum", {{"text", a.text},
                              {"date_ms", c.now_ms},
                              {"by", c.who.participant},
                              {"by_name", c.who.name},
                              {"chain", json::object{{"seq", c.s.head}, {"hash", c.s.head_hash}}},
                              {"key_id", c.in.key->key_id()},
                              {"signature", sig}});
  return c.done();
}

Decision report(Ctx& c, const cmd::ObserverReportFile& r) {
  auto it = c.s.arrived.find(c.who.participant);
  // Only an observer who came into this meeting files a report on it.
  if (it == c.s.arrived.end() || it->second.role != "observer") return c.refuse(ErrorCode::forbidden);
  if (c.s.meeting.status == MeetingStatus::scheduled) return c.refuse(ErrorCode::meeting_not_open);
  c.emit("observer.reported", {{"participant", c.who.participant},
                               {"name", it->second.name},
                               {"title", it->second.title},
                               {"attendance", r.attendance},
                               {"order_ok", r.order_ok},
                               {"content_ok", r.content_ok},
                               {"remarks", r.remarks},
                               {"proposals", r.proposals}});
  return c.done();
}

}  // namespace

bool lock_minutes(Ctx& c, const json::object& closed) {
  if (!c.in.key || !c.in.document) return false;
  const Approval approval{&closed, c.now_ms};
  json::object content = minutes::to_json(minutes_document(c.s, *c.in.document, &approval));
  // The hash is of the content exactly as the event (and every record made
  // from it) serializes it: Boost.JSON keeps member order.
  const std::string sha = store::sha256_hex(json::serialize(content));
  // Bound to the head before the vote's close: the last event whose hash is
  // known when the decision is made (PROTOCOL.md "The lock").
  const std::string sig =
      c.in.key->sign(lock_message(c.s.meeting.id, c.s.head, c.s.head_hash, sha, c.now_ms));
  c.emit("minutes.locked", {{"content", std::move(content)},
                            {"content_sha256", sha},
                            {"chain", json::object{{"seq", c.s.head}, {"hash", c.s.head_hash}}},
                            {"locked_ms", c.now_ms},
                            {"key_id", c.in.key->key_id()},
                            {"public_key", c.in.key->public_key()},
                            {"signature", sig}});
  return true;
}

Decision decide_minutes(Ctx& c, const cmd::Command& command) {
  if (auto* m = std::get_if<cmd::MinutesSave>(&command)) return save(c, *m);
  if (std::holds_alternative<cmd::MinutesPresent>(command)) return present(c);
  if (std::holds_alternative<cmd::MinutesApprove>(command)) return approve(c);
  if (auto* a = std::get_if<cmd::MinutesAddendum>(&command)) return addendum(c, *a);
  return report(c, std::get<cmd::ObserverReportFile>(command));
}

}  // namespace chibo::meeting::detail
