// hello and session.logout (PROTOCOL.md "hello").
#include <boost/asio/post.hpp>

#include "auth/password.hpp"
#include "auth/token.hpp"
#include "meeting/clock.hpp"
#include "protocol/args.hpp"
#include "protocol/limits.hpp"
#include "service/access.hpp"
#include "service/errors.hpp"
#include "service/join.hpp"
#include "service/service.hpp"

namespace chibo::service {
namespace json = boost::json;
using auth::Principal;
using protocol::ErrorCode;

namespace {

constexpr std::string_view kServerName = "chibo/0.1.0";

Principal principal_of(const store::Account& a, const std::string& session_hash) {
  Principal p;
  p.kind = Principal::Kind::account;
  p.account_role = a.role;
  p.account_id = a.id;
  p.member_id = a.member_id;
  p.unit_id = a.unit_id;
  if (a.role == domain::AccountRole::secretary) p.cell_id = a.unit_id;
  p.observer = a.role != domain::AccountRole::secretary;
  p.participant = a.member_id ? "member:" + std::to_string(*a.member_id) : "account:" + std::to_string(a.id);
  p.name = a.display_name;
  p.title = a.title;
  p.credential_hash = session_hash;
  return p;
}

std::optional<Principal> principal_of(store::Store& s, const store::JoinLink& l) {
  auto m = s.meeting(l.meeting_id);
  if (!m) return std::nullopt;
  Principal p;
  p.unit_id = m->cell_id;
  p.cell_id = m->cell_id;
  p.meeting_id = m->id;
  p.credential_hash = l.token_hash;
  if (l.member_id) {
    auto member = s.member(*l.member_id);
    if (!member) return std::nullopt;  // removed from the roster since
    p.kind = Principal::Kind::member_link;
    p.member_id = member->id;
    p.participant = "member:" + std::to_string(member->id);
    p.name = member->full_name;
  } else {
    p.kind = Principal::Kind::guest_link;
    p.observer = l.observer;
    p.participant = "guest:" + l.token_hash.substr(0, 16);
    p.name = l.guest_name;
    p.title = l.guest_title;
  }
  return p;
}

json::object me_json(const Principal& p) {
  json::object me;
  me["participant"] = p.participant;
  me["role"] = p.role();
  me["name"] = p.name;
  me["unit"] = p.unit_id;
  if (p.cell_id) me["cell"] = *p.cell_id;
  if (p.meeting_id) me["meeting"] = *p.meeting_id;
  if (p.member_id) me["member"] = *p.member_id;
  return me;
}

struct HelloArgs {
  std::optional<domain::Id> meeting;
  std::int64_t since = 0;
};

// A failed hello: answer, and after kMaxFailedHellos close with 4401.
void hello_failed(const Call& call, ErrorCode code, const json::object* details = nullptr) {
  call.conn->hello_pending = false;
  call.fail(code, details);
  if (++call.conn->failed_hellos >= protocol::kMaxFailedHellos)
    call.conn->close(protocol::CloseCode::unauthenticated);
}

// Authenticated: remember who it is, join the meeting if asked, answer.
// REQUIRES: on the connection's strand.
void hello_succeeded(Service& svc, const Call& call, Principal p, const HelloArgs& h,
                     std::optional<json::object> session) {
  auto conn = call.conn;
  std::optional<domain::Id> meeting = h.meeting;
  if (p.meeting_id) {
    if (meeting && *meeting != *p.meeting_id) return hello_failed(call, ErrorCode::forbidden);
    meeting = p.meeting_id;  // a join link implies its meeting
  }
  // A hello that cannot join what it asked for fails whole: the connection
  // stays unauthenticated (PROTOCOL.md hello).
  if (meeting) {
    try {
      meeting_joinable(svc.store(), p, *meeting);
    } catch (const Denied& d) {
      return hello_failed(call, d.code);
    } catch (const store::Error&) {
      return hello_failed(call, ErrorCode::storage_unavailable);
    }
  }
  conn->hello_pending = false;
  conn->principal = p;
  json::object result;
  result["protocol"] = protocol::kVersion;
  result["server"] = kServerName;
  result["now"] = meeting::now_ms();
  if (session) result["session"] = *session;
  result["me"] = me_json(p);
  if (!meeting) return call.ok(result);
  join_meeting(svc, conn, *meeting, h.since,
               [call, result = std::move(result)](auto err, meeting::MeetingActor::Joined joined) mutable {
                 if (err) {
                   // The hello fails whole (PROTOCOL.md hello): unauthenticated
                   // again before the client can read this answer.
                   call.conn->run([conn = call.conn] { conn->principal.reset(); });
                   return call.fail(*err, joined.object.empty() ? nullptr : &joined.object);
                 }
                 result["joined"] = std::move(joined.object);
                 call.ok(result, joined.participants);
               });
}

void hello(Service& svc, const Call& call, protocol::Request& req) {
  protocol::Args a(req.args);
  const auto v = a.integer("v", 0, 1'000'000);
  const json::object& auth_obj = a.object("auth");
  HelloArgs h;
  h.meeting = a.opt_id("meeting");
  h.since = a.opt_integer("since", 0, protocol::kMaxRequestId).value_or(0);
  const bool batch = a.opt_bool("batch", false);
  a.finish();
  protocol::Args au(auth_obj, "auth");
  const auto user = au.opt_string("user", 100);
  const auto password = au.opt_string("password", 1024);
  const auto token = au.opt_string("token", 100);
  const auto join = au.opt_string("join", 100);
  au.finish();
  const int forms = (user || password ? 1 : 0) + (token ? 1 : 0) + (join ? 1 : 0);
  if (forms != 1 || (user.has_value() != password.has_value()))
    throw protocol::ArgError("auth", "give exactly one of user+password, token, join");

  if (v != protocol::kVersion) return call.fail(ErrorCode::unsupported_version);
  auto conn = call.conn;
  if (conn->principal || conn->hello_pending) return call.fail(ErrorCode::already_authenticated);
  conn->batch = batch;  // this answer and the backlog behind it may already travel together
  store::Store& st = svc.store();

  if (token) {
    const std::string hash = auth::token_hash(*token);
    auto s = auth::looks_like_token(*token) ? st.session_by_hash(hash) : std::nullopt;
    if (!s) return hello_failed(call, ErrorCode::auth_failed);
    if (s->expires_ms <= meeting::now_ms()) return hello_failed(call, ErrorCode::token_expired);
    auto acc = st.account_by_id(s->account_id);
    if (!acc) return hello_failed(call, ErrorCode::auth_failed);
    return hello_succeeded(svc, call, principal_of(*acc, hash), h, std::nullopt);
  }

  if (join) {
    const std::string hash = auth::token_hash(*join);
    auto link = auth::looks_like_token(*join) ? st.join_link_by_hash(hash) : std::nullopt;
    std::optional<Principal> p;
    if (link && !link->revoked_ms) p = principal_of(st, *link);
    if (!p) return hello_failed(call, ErrorCode::auth_failed);
    return hello_succeeded(svc, call, *p, h, std::nullopt);
  }

  // user + password: throttled, and hashed on the auth pool, off the I/O threads.
  const std::string addr = conn->remote_address;
  if (auto wait = svc.throttle_retry_after(*user, addr); wait > 0) {
    json::object details;
    details["retry_after_ms"] = wait;
    return hello_failed(call, ErrorCode::throttled, &details);
  }
  conn->hello_pending = true;
  boost::asio::post(svc.auth_pool(), [&svc, call, h, user = *user, password = *password, addr] {
    std::optional<store::Account> acc;
    bool good = false;
    try {
      acc = svc.store().account_by_username(user);
      // Hash even for an unknown user so timing does not tell which users exist.
      static const std::string dummy = auth::hash_password("chibo-no-such-user");
      good = auth::verify_password(password, acc ? acc->password_hash : dummy) && acc;
    } catch (const std::exception&) {
      return call.conn->run([call] { hello_failed(call, ErrorCode::storage_unavailable); });
    }
    svc.throttle_record(user, addr, good);
    if (!good) return call.conn->run([call] { hello_failed(call, ErrorCode::auth_failed); });

    store::Session s;
    const std::string token = auth::random_token();
    s.token_hash = auth::token_hash(token);
    s.account_id = acc->id;
    s.created_ms = meeting::now_ms();
    s.expires_ms = s.created_ms + svc.options().session_ttl_ms;
    json::object session;
    session["token"] = token;
    session["expires"] = s.expires_ms;
    Principal p = principal_of(*acc, s.token_hash);
    svc.store().put_session(s, [&svc, call, h, p, session](store::Status st) {
      call.conn->run([&svc, call, h, p, session, st] {
        if (!st) return hello_failed(call, error_of(st));
        hello_succeeded(svc, call, p, h, session);
      });
    });
  });
}

void logout(Service& svc, const Call& call, protocol::Request& req) {
  protocol::Args(req.args).finish();
  const Principal& p = *call.conn->principal;
  if (p.kind != Principal::Kind::account) {  // a join link is revoked by the secretary, not here
    call.ok();
    return call.conn->close(protocol::CloseCode::normal);
  }
  svc.store().delete_session(p.credential_hash, [call](store::Status st) {
    if (!st) return call.fail(error_of(st));
    call.ok();
    call.conn->close(protocol::CloseCode::normal);
  });
}

// Keep-alive for browsers, which cannot send WebSocket pings: a client that
// gets no reply within a few seconds knows its connection is dead.
void ping(Service&, const Call& call, protocol::Request& req) {
  protocol::Args(req.args).finish();
  call.ok({{"now", meeting::now_ms()}});
}

}  // namespace

void register_session_ops(std::map<std::string, Service::Handler, std::less<>>& ops) {
  ops["hello"] = hello;
  ops["session.logout"] = logout;
  ops["ping"] = ping;
}

}  // namespace chibo::service
