// meeting.* (PROTOCOL.md "Ops"): listing and creating in the store, joining
// and leaving through the meeting's actor. open/close/notice are meeting
// commands (ops_conduct.cpp).
#include <boost/json/array.hpp>

#include "meeting/clock.hpp"
#include "meeting/meeting_state.hpp"
#include "protocol/args.hpp"
#include "protocol/codec.hpp"
#include "service/access.hpp"
#include "service/errors.hpp"
#include "service/join.hpp"
#include "service/service.hpp"

namespace chibo::service {
namespace json = boost::json;
using protocol::Args;
using protocol::ErrorCode;
using meeting::MeetingActor;

void join_meeting(Service& svc, const std::shared_ptr<Connection>& conn, domain::Id id, std::int64_t since,
                  MeetingActor::JoinDone done) {
  std::shared_ptr<MeetingActor> actor;
  try {
    meeting_joinable(svc.store(), *conn->principal, id);
    actor = svc.registry().find(id);  // folded from the log if not in memory
  } catch (const Denied& d) {
    return done(d.code, {});
  } catch (const store::Error&) {
    return done(ErrorCode::storage_unavailable, {});
  }
  if (!actor) return done(ErrorCode::not_found, {});
  if (conn->meeting) conn->meeting->leave(conn);  // one meeting per connection
  conn->meeting = actor;
  actor->join(conn, *conn->principal, since,
              [conn, actor, done = std::move(done)](MeetingActor::Error err, MeetingActor::Joined joined) {
                // Refused (a full meeting): the connection is in no meeting.
                if (err) conn->run([conn, actor] {
                  if (conn->meeting == actor) conn->meeting.reset();
                });
                done(err, std::move(joined));
              });
}

namespace {

// "2026-12-01T19:30": a real date, then HH:MM.
bool valid_starts_at(const std::string& s) {
  if (s.size() != 16 || s[10] != 'T' || s[13] != ':') return false;
  if (!domain::parse_date(s.substr(0, 10))) return false;
  auto two = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(s[i])) &&
                                         std::isdigit(static_cast<unsigned char>(s[i + 1]))
                                     ? (s[i] - '0') * 10 + (s[i + 1] - '0')
                                     : -1; };
  const int hh = two(11), mm = two(14);
  return hh >= 0 && hh < 24 && mm >= 0 && mm < 60;
}

void list(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto cell = a.id("cell");
  a.finish();
  cell_readable(svc.store(), *call.conn->principal, cell);
  json::array out;
  for (const auto& m : svc.store().meetings_of(cell)) out.push_back(protocol::to_json(m));
  call.ok({{"meetings", std::move(out)}});
}

void create(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  domain::Meeting m;
  m.cell_id = a.id("cell");
  const auto kind = a.string("kind", 40);
  m.title = a.string("title", protocol::kMaxNameChars);
  m.starts_at = a.string("starts_at", 16);
  m.place = a.opt_string("place", protocol::kMaxPlaceChars).value_or("");
  m.video_url = a.opt_string("video_url", protocol::kMaxPlaceChars).value_or("");
  a.finish();
  auto k = domain::meeting_kind_from(kind);
  if (!k) throw protocol::ArgError("kind", "unknown value");
  m.kind = *k;
  if (!valid_starts_at(m.starts_at)) throw protocol::ArgError("starts_at", "not YYYY-MM-DDTHH:MM");
  if (!m.video_url.empty() && m.video_url.rfind("https://", 0) != 0 && m.video_url.rfind("http://", 0) != 0)
    throw protocol::ArgError("video_url", "must start with http:// or https://");
  cell_manageable(svc.store(), *call.conn->principal, m.cell_id);

  // An annual review's agenda lists the members under review (issue 4).
  const auto roster = m.kind == domain::MeetingKind::annual_review ? svc.store().members_of(m.cell_id)
                                                                   : std::vector<domain::Member>{};
  auto first = meeting::created_event(m, call.conn->principal->participant, meeting::now_ms(), roster);
  svc.store().create_meeting(m, first, [&svc, call, m](store::Status st, store::EventRecord rec) mutable {
    if (!st) return call.fail(error_of(st));
    svc.registry().add(rec);
    m.id = rec.meeting_id;
    call.ok({{"meeting", protocol::to_json(m)}});
  });
}

void join(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  const auto since = a.opt_integer("since", 0, protocol::kMaxRequestId).value_or(0);
  a.finish();
  join_meeting(svc, call.conn, id, since, [call](auto err, MeetingActor::Joined joined) {
    if (err) return call.fail(*err, joined.object.empty() ? nullptr : &joined.object);
    call.ok(joined.object, joined.participants);
  });
}

void leave(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  a.finish();
  // Like join: only a meeting the caller may join (PROTOCOL.md who-may table).
  meeting_joinable(svc.store(), *call.conn->principal, id);
  if (call.conn->meeting && call.conn->meeting->id() == id) {
    call.conn->meeting->leave(call.conn);
    call.conn->meeting.reset();
  }
  call.ok();
}

}  // namespace

void register_meeting_ops(std::map<std::string, Service::Handler, std::less<>>& ops) {
  ops["meeting.list"] = list;
  ops["meeting.create"] = create;
  ops["meeting.join"] = join;
  ops["meeting.leave"] = leave;
}

}  // namespace chibo::service
