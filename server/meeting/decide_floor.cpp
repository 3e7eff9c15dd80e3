// Speakers (PROTOCOL.md hand.*, floor.*, speech.gist): a queue of raised
// hands in order, one floor at a time, each speech timed and recorded against
// the current agenda item for the minutes.
#include <algorithm>

#include "meeting/decide_impl.hpp"

namespace chibo::meeting::detail {
namespace json = boost::json;
using namespace domain;

namespace {

bool queued(const MeetingState& s, const std::string& p) {
  return std::find(s.hands.begin(), s.hands.end(), p) != s.hands.end();
}

void end_floor(Ctx& c) {
  const Speech& sp = c.s.speeches.at(*c.s.floor);
  c.emit("floor.ended", {{"speech", sp.id},
                         {"participant", sp.participant},
                         {"name", sp.name},
                         {"duration_ms", std::max<std::int64_t>(0, c.now_ms - sp.started_ms)}});
}

}  // namespace

Decision decide_floor(Ctx& c, const cmd::Command& command) {
  const MeetingState& s = c.s;
  const std::string& me = c.who.participant;
  if (std::holds_alternative<cmd::HandRaise>(command)) {
    // Members, observers and guests may all ask for the floor (DOMAIN.md:
    // observers "may speak, never vote").
    if (!c.known(me)) return c.refuse(ErrorCode::not_eligible);
    if (queued(s, me) || (s.floor && s.speeches.at(*s.floor).participant == me)) return c.done();
    c.emit("hand.raised", {{"participant", me}, {"name", s.name_of(me)}});
    return c.done();
  }
  if (auto* h = std::get_if<cmd::HandLower>(&command)) {
    const std::string target = h->participant.value_or(me);
    if (target != me && !c.chair_level()) return c.refuse(ErrorCode::forbidden);
    if (!queued(s, target)) return c.done();
    c.emit("hand.lowered", {{"participant", target}, {"name", s.name_of(target)}});
    return c.done();
  }
  if (auto* g = std::get_if<cmd::FloorGive>(&command)) {
    if (!c.chair_level()) return c.refuse(ErrorCode::forbidden);
    if (!c.known(g->participant)) return c.refuse(ErrorCode::not_found);
    if (s.floor) {
      if (s.speeches.at(*s.floor).participant == g->participant) return c.done();
      end_floor(c);
    }
    const AgendaItem* item = s.agenda_item(s.current_item);
    c.emit("floor.given", {{"speech", c.next_seq()},
                           {"participant", g->participant},
                           {"name", s.name_of(g->participant)},
                           {"item", item ? item->id : ""},
                           {"item_title", item ? item->title : ""}});
    return c.done();
  }
  if (std::holds_alternative<cmd::FloorEnd>(command)) {
    if (!s.floor) return c.refuse(ErrorCode::conflict, "no_floor");
    if (s.speeches.at(*s.floor).participant != me && !c.chair_level()) return c.refuse(ErrorCode::forbidden);
    end_floor(c);
    return c.done();
  }
  const auto& gist = std::get<cmd::Gist>(command);
  if (!c.chair_level() && !c.minute_taker()) return c.refuse(ErrorCode::forbidden);
  auto it = s.speeches.find(gist.speech);
  if (it == s.speeches.end()) return c.refuse(ErrorCode::not_found);
  if (it->second.gist == gist.text) return c.done();
  c.emit("speech.gist", {{"speech", gist.speech}, {"text", gist.text}});
  return c.done();
}

}  // namespace chibo::meeting::detail
