// link.* (PROTOCOL.md "Ops"): personal join links. Only the SHA-256 of a
// token is stored, so a token is shown once, when issued.
#include <boost/json/array.hpp>

#include <atomic>

#include "auth/token.hpp"
#include "meeting/clock.hpp"
#include "protocol/args.hpp"
#include "service/access.hpp"
#include "service/errors.hpp"
#include "service/service.hpp"

namespace chibo::service {
namespace json = boost::json;
using protocol::Args;
using protocol::ErrorCode;

namespace {

// A link's public id: the first 16 hex digits of its token hash. Enough to
// name it in link.list/link.revoke, useless for joining.
std::string link_id(const std::string& token_hash) { return token_hash.substr(0, 16); }

json::object issued_json(const store::JoinLink& l, const std::string& token, const std::string& name) {
  json::object o;
  o["id"] = link_id(l.token_hash);
  if (l.member_id)
    o["member"] = *l.member_id;
  else
    o["member"] = nullptr;
  o["name"] = name;
  o["token"] = token;
  o["path"] = "/#/j/" + token;
  return o;
}

// Collects the results of several store writes and answers once, after the
// last one committed (writes complete in submission order).
struct Fanin {
  Call call;
  std::atomic<int> left;
  std::atomic<bool> failed{false};
  json::object result;
  std::function<void()> after_ok;
  void done(const store::Status& st) {
    if (!st && !failed.exchange(true)) call.fail(error_of(st));
    if (--left == 0 && !failed) {
      if (after_ok) after_ok();
      call.ok(result);
    }
  }
};

void issue(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto meeting_id = a.id("meeting");
  const auto member_id = a.opt_id("member");
  const bool all = a.opt_bool("all", false);
  a.finish();
  if (all == member_id.has_value()) throw protocol::ArgError("member", "give member or all=true");
  auto m = meeting_manageable(svc.store(), *call.conn->principal, meeting_id);

  std::vector<domain::Member> who;
  if (all) {
    who = svc.store().members_of(m.cell_id);
  } else {
    auto mem = svc.store().member(*member_id);
    if (!mem || mem->cell_id != m.cell_id) throw Denied{ErrorCode::not_found};
    who.push_back(*mem);
  }
  // Connections still using a link about to be replaced are closed after.
  std::vector<std::string> replaced;
  for (const auto& l : svc.store().join_links_of(meeting_id))
    if (!l.revoked_ms && l.member_id)
      for (const auto& w : who)
        if (*l.member_id == w.id) replaced.push_back(l.token_hash);

  auto fan = std::make_shared<Fanin>();
  fan->call = call;
  fan->left = static_cast<int>(who.size() * 2) + 1;
  json::array links;
  const auto now = meeting::now_ms();
  for (const auto& w : who) {
    store::JoinLink l;
    const std::string token = auth::random_token();
    l.token_hash = auth::token_hash(token);
    l.meeting_id = meeting_id;
    l.member_id = w.id;
    l.created_ms = now;
    links.push_back(issued_json(l, token, w.full_name));
    svc.store().revoke_member_links(meeting_id, w.id, now, [fan](store::Status st) { fan->done(st); });
    svc.store().put_join_link(l, [fan](store::Status st) { fan->done(st); });
  }
  fan->result["links"] = std::move(links);
  fan->after_ok = [&svc, meeting_id, replaced] {
    if (auto actor = svc.registry().find_loaded(meeting_id))
      for (const auto& h : replaced) actor->revoke(h);
  };
  svc.store().sync([fan](store::Status st) { fan->done(st); });
}

void issue_guest(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto meeting_id = a.id("meeting");
  const auto name = a.string("name", protocol::kMaxNameChars);
  const auto title = a.opt_string("title", protocol::kMaxNameChars).value_or("");
  const bool observer = a.opt_bool("observer", true);
  a.finish();
  meeting_manageable(svc.store(), *call.conn->principal, meeting_id);
  store::JoinLink l;
  const std::string token = auth::random_token();
  l.token_hash = auth::token_hash(token);
  l.meeting_id = meeting_id;
  l.guest_name = name;
  l.guest_title = title;
  l.observer = observer;
  l.created_ms = meeting::now_ms();
  json::object link = issued_json(l, token, name);
  svc.store().put_join_link(l, [call, link](store::Status st) {
    if (!st) return call.fail(error_of(st));
    call.ok({{"link", link}});
  });
}

void list(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto meeting_id = a.id("meeting");
  a.finish();
  auto m = meeting_manageable(svc.store(), *call.conn->principal, meeting_id);
  json::array out;
  for (const auto& l : svc.store().join_links_of(meeting_id)) {
    json::object o;
    o["id"] = link_id(l.token_hash);
    std::string name = l.guest_name;
    if (l.member_id) {
      o["member"] = *l.member_id;
      if (auto mem = svc.store().member(*l.member_id)) name = mem->full_name;
    } else {
      o["member"] = nullptr;
    }
    o["name"] = name;
    o["title"] = l.guest_title;
    o["observer"] = l.observer;
    o["created"] = l.created_ms;
    if (l.revoked_ms)
      o["revoked"] = *l.revoked_ms;
    else
      o["revoked"] = nullptr;
    out.push_back(std::move(o));
  }
  call.ok({{"links", std::move(out)}});
}

void revoke(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto meeting_id = a.id("meeting");
  const auto id = a.string("link", 16);
  a.finish();
  meeting_manageable(svc.store(), *call.conn->principal, meeting_id);
  std::optional<std::string> hash;
  for (const auto& l : svc.store().join_links_of(meeting_id))
    if (link_id(l.token_hash) == id) hash = l.token_hash;
  if (!hash) throw Denied{ErrorCode::not_found};
  svc.store().revoke_link(*hash, meeting::now_ms(), [&svc, call, meeting_id, h = *hash](store::Status st) {
    if (!st) return call.fail(error_of(st));
    if (auto actor = svc.registry().find_loaded(meeting_id)) actor->revoke(h);
    call.ok();
  });
}

}  // namespace

void register_link_ops(std::map<std::string, Service::Handler, std::less<>>& ops) {
  ops["link.issue"] = issue;
  ops["link.issue_guest"] = issue_guest;
  ops["link.list"] = list;
  ops["link.revoke"] = revoke;
}

}  // namespace chibo::service
