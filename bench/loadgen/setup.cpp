#include "setup.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>

#include "pool.hpp"

namespace chibo::loadgen {

bool batch_messages = true;

json::object hello_args(json::object auth, std::optional<std::int64_t> since) {
  json::object a{{"v", 1}, {"auth", std::move(auth)}};
  if (batch_messages) a["batch"] = true;
  if (since) a["since"] = *since;
  return a;
}

bool ok(const std::optional<json::object>& r) {
  if (!r) return false;
  const auto* v = r->if_contains("ok");
  return v && v->is_bool() && v->as_bool();
}

std::string error_of(const std::optional<json::object>& r) {
  if (!r) return "no reply";
  return json::serialize(*r).substr(0, 300);
}

asio::awaitable<Session> admin_setup(asio::io_context& io, asio::ip::tcp::endpoint server, int members,
                                     Stats& stats) {
  Session s;
  Conn c(io, stats);
  if (!co_await c.open(server, source_address(0), kCallTimeout)) co_return s;
  auto aw1 = c.call("hello", hello_args({{"user", "bithu"}, {"password", "chibo-demo"}}), kCallTimeout);
  auto r = co_await std::move(aw1);
  if (!ok(r)) {
    stats.error("setup", "login: " + error_of(r));
    co_return s;
  }
  const auto& res = r->at("result").as_object();
  s.token = std::string(res.at("session").as_object().at("token").as_string());
  s.cell = res.at("me").as_object().at("cell").as_int64();
  auto aw2 = c.call("roster.list", {{"cell", s.cell}}, kCallTimeout);
  auto roster = co_await std::move(aw2);
  if (!ok(roster)) {
    stats.error("setup", "roster.list: " + error_of(roster));
    s.token.clear();
    co_return s;
  }
  int have = static_cast<int>(roster->at("result").as_object().at("members").as_array().size());
  // Official active members, so each can check in and vote.
  while (have < members) {
    const int rows = std::min(500, members - have);
    std::string csv = "full_name,kind,status,admitted_on\n";
    for (int i = 0; i < rows; ++i)
      csv += "Đảng viên thử " + std::to_string(have + i + 1) + ",official,active,2001-05-19\n";
    auto aw3 = c.call("roster.import", {{"cell", s.cell}, {"csv", csv}}, kCallTimeout);
    auto imp = co_await std::move(aw3);
    if (!ok(imp)) {
      stats.error("setup", "roster.import: " + error_of(imp));
      s.token.clear();
      co_return s;
    }
    have += rows;
  }
  co_return s;
}

asio::awaitable<bool> create_meeting(Conn& chair, const Session& s, std::string title, int members,
                                     MeetingSetup& out, Stats& stats) {
  auto aw4 = chair.call(
      "meeting.create",
      {{"cell", s.cell}, {"kind", "regular"}, {"title", title}, {"starts_at", "2026-12-01T19:30"}}, kCallTimeout);
  auto created = co_await std::move(aw4);
  if (!ok(created)) {
    stats.error("setup", "meeting.create: " + error_of(created));
    co_return false;
  }
  out.id = created->at("result").as_object().at("meeting").as_object().at("id").as_int64();
  auto aw5 = chair.call("link.issue", {{"meeting", out.id}, {"all", true}}, kCallTimeout);
  auto links = co_await std::move(aw5);
  if (!ok(links)) {
    stats.error("setup", "link.issue: " + error_of(links));
    co_return false;
  }
  std::map<std::int64_t, std::string> by_member;
  for (const auto& l : links->at("result").as_object().at("links").as_array())
    by_member[l.as_object().at("member").as_int64()] = std::string(l.as_object().at("token").as_string());
  for (const auto& [id, token] : by_member)
    if (static_cast<int>(out.links.size()) < members) out.links.push_back(token);
  if (static_cast<int>(out.links.size()) < members) {
    stats.error("setup", "fewer links than members");
    co_return false;
  }
  auto aw6 = chair.call("meeting.open", {{"meeting", out.id}}, kCallTimeout);
  auto opened = co_await std::move(aw6);
  if (!ok(opened)) {
    stats.error("setup", "meeting.open: " + error_of(opened));
    co_return false;
  }
  chair.parse_events.insert("meeting.created");
  auto prev = chair.on_event;
  chair.on_event = [&out, prev](const std::string& ev, const json::object& f) {
    if (ev == "meeting.created")
      for (const auto& item : f.at("data").as_object().at("agenda").as_array())
        out.agenda.push_back(std::string(item.as_object().at("id").as_string()));
    if (prev) prev(ev, f);
  };
  auto aw7 = chair.call("meeting.join", {{"meeting", out.id}}, kCallTimeout);
  auto joined = co_await std::move(aw7);
  if (!ok(joined)) {
    stats.error("setup", "meeting.join: " + error_of(joined));
    co_return false;
  }
  // The backlog (meeting.created first) follows the join reply.
  if (!co_await chair.wait([&] { return !out.agenda.empty(); }, kCallTimeout)) {
    stats.error("setup", "no meeting.created in the join backlog");
    co_return false;
  }
  co_return true;
}

std::string random_tracker(std::mt19937_64& rng) {
  static const char* hex = "0123456789abcdef";
  std::string t;
  for (int i = 0; i < 32; ++i) t += hex[rng() & 15];
  return t;
}

bool in_list(const json::object& frame, const char* key, const std::string& who) {
  for (const auto& v : frame.at("data").as_object().at(key).as_array())
    if (v.as_string() == who) return true;
  return false;
}

asio::awaitable<bool> open_chair(asio::io_context& io, asio::ip::tcp::endpoint server, const Session& s, int index,
                                 std::string title, int members, std::unique_ptr<Conn>& chair, MeetingSetup& out,
                                 Stats& stats) {
  chair = std::make_unique<Conn>(io, stats);
  auto aw1 = chair->open(server, source_address(1'000'000 + static_cast<std::size_t>(index)), kCallTimeout);
  if (!co_await std::move(aw1)) co_return false;
  auto aw2 = chair->call("hello", hello_args({{"token", s.token}}), kCallTimeout);
  auto h = co_await std::move(aw2);
  if (!ok(h)) {
    stats.error("setup", "chair hello: " + error_of(h));
    co_return false;
  }
  auto aw3 = create_meeting(*chair, s, std::move(title), members, out, stats);
  co_return co_await std::move(aw3);
}

}  // namespace chibo::loadgen
