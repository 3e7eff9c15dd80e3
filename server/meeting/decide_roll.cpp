// Roll call (PROTOCOL.md rollcall.*, attendance.mark; DOMAIN.md "Order of a
// regular meeting" 1: who is present, absent with a reason, absent without).
#include "meeting/decide_impl.hpp"

namespace chibo::meeting::detail {
namespace json = boost::json;
using namespace domain;

namespace {

json::object absentee(const RollEntry& e) {
  json::object o{{"member", e.member.id}, {"name", e.member.full_name}};
  if (e.reason) {
    o["reason"] = to_string(*e.reason);
    o["note"] = e.note;
  }
  return o;
}

// The roll call result the minutes use: the summary and the absentees by name.
json::object result_json(const MeetingState& s) {
  json::array excused, unexcused, unmarked;
  for (const auto& e : s.roll) {
    if (e.attendance == Attendance::absent_excused) excused.push_back(absentee(e));
    else if (e.attendance == Attendance::absent_unexcused) unexcused.push_back(absentee(e));
    else if (e.attendance == Attendance::unmarked) unmarked.push_back(absentee(e));
  }
  return {{"summary", summary_json(s, s.roll)},
          {"absent_excused", std::move(excused)},
          {"absent_unexcused", std::move(unexcused)},
          {"unmarked", std::move(unmarked)}};
}

// Appends attendance.marked for `entry` becoming `next`, with the summary after it.
Decision mark(Ctx& c, const RollEntry& entry, RollEntry next) {
  if (next.attendance == entry.attendance && next.reason == entry.reason && next.note == entry.note)
    return c.done();
  // A member who comes in after a roll call has been closed arrived late.
  next.late = next.attendance == Attendance::present &&
              (entry.late || (!attended(entry.attendance) && c.s.rollcalls_closed > 0));
  const Attendee a = next.attendee();
  c.emit("attendance.marked",
         {{"member", next.member.id},
          {"participant", "member:" + std::to_string(next.member.id)},
          {"name", next.member.full_name},
          {"attendance", to_string(next.attendance)},
          {"reason", next.reason ? to_string(*next.reason) : ""},
          {"note", next.note},
          {"late", next.late},
          {"by", c.who.name},
          {"can_vote", can_vote(a)},
          {"summary", summary_json(c.s, next)}});
  return c.done();
}

}  // namespace

Decision decide_roll(Ctx& c, const cmd::Command& command) {
  const MeetingState& s = c.s;
  if (std::holds_alternative<cmd::Checkin>(command)) {
    // "Có mặt" from the member's own phone: only for themselves.
    const RollEntry* e = c.who.member ? s.roll_entry(*c.who.member) : nullptr;
    if (!e) return c.refuse(ErrorCode::not_eligible);
    if (e->attendance == Attendance::present) return c.done();
    RollEntry next = *e;
    next.attendance = Attendance::present;
    next.reason.reset();
    next.note.clear();
    return mark(c, *e, std::move(next));
  }
  if (auto* m = std::get_if<cmd::Mark>(&command)) {
    if (!c.chair_level() && !c.minute_taker()) return c.refuse(ErrorCode::forbidden);
    const RollEntry* e = s.roll_entry(m->member);
    if (!e) return c.refuse(ErrorCode::not_found);
    // Leaving early is only possible for someone who came.
    if (m->attendance == Attendance::departed && !attended(e->attendance))
      return c.refuse(ErrorCode::conflict, "not_present");
    RollEntry next = *e;
    next.attendance = m->attendance;
    next.reason = m->reason;
    next.note = m->note;
    return mark(c, *e, std::move(next));
  }
  if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
  if (std::holds_alternative<cmd::RollcallOpen>(command)) {
    if (s.rollcall_open) return c.refuse(ErrorCode::conflict, "rollcall_open");
    c.emit("rollcall.opened", {{"summary", summary_json(s, s.roll)}});
    return c.done();
  }
  // RollcallClose
  if (!s.rollcall_open) return c.refuse(ErrorCode::conflict, "rollcall_not_open");
  c.emit("rollcall.closed", result_json(s));
  return c.done();
}

}  // namespace chibo::meeting::detail
