// Shared steps of the integration tests, over the demo data (server/service/demo.cpp):
// cell "Chi bộ Khu phố 3" with 12 members, accounts bithu (secretary, linked
// to member 1), danguy (district admin), quansat (observer), one scheduled
// meeting. Uses Catch2 assertions, so only for *_test.cpp files.
#pragma once

#include <catch2/catch.hpp>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "server_process.hpp"
#include "ws_client.hpp"

namespace chibo::test {

inline constexpr const char* kDemoPassword = "chibo-demo";
inline constexpr const char* kSecretary = "bithu";
inline constexpr const char* kDistrictAdmin = "danguy";
inline constexpr const char* kObserver = "quansat";

// The server of one test. When the test ends without an exception in flight,
// it is stopped with SIGTERM and must exit 0 without any sanitizer report: every
// test thereby also checks a clean shutdown (and, under ASan, no leaks).
class TestServer : public ServerProcess {
 public:
  using ServerProcess::ServerProcess;
  ~TestServer() {
    if (!running() || std::uncaught_exceptions() > 0) return;
    const int code = stop();
    const std::string report = sanitizer_report();
    INFO("server output:\n" << output());
    CHECK(code == 0);
    CHECK(report.empty());
  }
};

struct Login {
  WsClient ws;
  std::string token;
  json::object me;
  std::int64_t cell() const { return int_at(me, "/cell"); }
  std::int64_t unit() const { return int_at(me, "/unit"); }
};

// A password login of a demo account on a new connection.
inline Login login(const ServerProcess& srv, const std::string& user) {
  Login l;
  l.ws.connect(srv.port());
  const auto r = l.ws.hello_password(user, kDemoPassword, std::nullopt, std::nullopt, Ms(20000));
  INFO("hello as " << user << ": " << dump(r));
  REQUIRE(is_ok(r));
  l.token = str_at(r, "/result/session/token");
  REQUIRE(!l.token.empty());
  const json::value* me = at(r, "/result/me");
  REQUIRE(me);
  REQUIRE(me->is_object());
  l.me = me->as_object();
  return l;
}

// A new connection authenticated with a session token (no scrypt: cheap);
// `batch`: it asks for batched messages (PROTOCOL.md "Batched messages").
inline WsClient with_token(const ServerProcess& srv, const std::string& token,
                           std::optional<std::int64_t> meeting = std::nullopt,
                           std::optional<std::int64_t> since = std::nullopt, json::object* reply = nullptr,
                           bool batch = false) {
  WsClient c;
  c.set_batch(batch);
  c.connect(srv.port());
  const auto r = c.hello_token(token, meeting, since);
  INFO("hello with token: " << dump(r));
  REQUIRE(is_ok(r));
  if (reply) *reply = r;
  return c;
}

// A new connection of a link holder (joins the link's meeting).
inline WsClient with_link(const ServerProcess& srv, const std::string& token,
                          std::optional<std::int64_t> since = std::nullopt, json::object* reply = nullptr) {
  WsClient c;
  c.connect(srv.port());
  const auto r = c.hello_join(token, std::nullopt, since);
  INFO("hello with join link: " << dump(r));
  REQUIRE(is_ok(r));
  if (reply) *reply = r;
  return c;
}

// The demo cell's one meeting (the only one on a fresh demo database).
inline std::int64_t demo_meeting(WsClient& sec, std::int64_t cell) {
  const auto r = sec.call("meeting.list", {{"cell", cell}});
  const auto& ms = r.at("meetings").as_array();
  REQUIRE(!ms.empty());
  return ms.back().as_object().at("id").as_int64();
}

struct Link {
  std::int64_t member = 0;
  std::string name;
  std::string token;
  std::string id;
};

inline Link link_of(const json::value& v) {
  const auto& o = v.as_object();
  Link l;
  l.member = int_at(o, "/member", 0);
  l.name = str_at(o, "/name");
  l.token = str_at(o, "/token");
  l.id = str_at(o, "/id");
  return l;
}

// link.issue for every roster member; keyed by member id.
inline std::map<std::int64_t, Link> issue_all(WsClient& sec, std::int64_t meeting) {
  const auto r = sec.call("link.issue", {{"meeting", meeting}, {"all", true}});
  std::map<std::int64_t, Link> out;
  for (const auto& v : r.at("links").as_array()) {
    Link l = link_of(v);
    out[l.member] = l;
  }
  return out;
}

inline Link issue_one(WsClient& sec, std::int64_t meeting, std::int64_t member) {
  const auto r = sec.call("link.issue", {{"meeting", meeting}, {"member", member}});
  const auto& links = r.at("links").as_array();
  REQUIRE(links.size() == 1);
  return link_of(links[0]);
}

inline std::string participant_of_member(std::int64_t id) { return "member:" + std::to_string(id); }

// seqs of a list of logged events, in order.
inline std::vector<std::int64_t> seqs_of(const std::vector<json::object>& log) {
  std::vector<std::int64_t> out;
  for (const auto& e : log) out.push_back(int_at(e, "/seq"));
  return out;
}

// from, from+1, ..., to
inline std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> out;
  for (auto i = from; i <= to; ++i) out.push_back(i);
  return out;
}

// Posts `n` notices to `meeting`, 100 in flight at most, and requires every
// reply ok. `pad` more characters of three UTF-8 bytes each make them long.
inline void post_notices(WsClient& sec, std::int64_t meeting, int n, std::size_t pad = 0) {
  std::vector<std::int64_t> ids;
  std::size_t answered = 0;
  std::string padding;
  for (std::size_t i = 0; i < pad; ++i) padding += "ạ";
  for (int i = 0; i < n; ++i) {
    ids.push_back(sec.send("meeting.notice", json::object{{"meeting", meeting}, {"text", "Thông báo số " + std::to_string(i) + padding}}));
    while (ids.size() - answered > 100) REQUIRE(is_ok(sec.wait_reply(ids[answered++], Ms(20000))));
  }
  while (answered < ids.size()) REQUIRE(is_ok(sec.wait_reply(ids[answered++], Ms(20000))));
}

// Waits until `c` has seen seq >= `seq` of `meeting`.
inline void wait_seq(WsClient& c, std::int64_t meeting, std::int64_t seq, Ms timeout = kWait) {
  const bool seen = c.wait_until([&] { return c.last_seq(meeting) >= seq; }, timeout);
  INFO("waiting for seq " << seq << " of meeting " << meeting << ", saw up to " << c.last_seq(meeting));
  REQUIRE(seen);
}

// Events named `ev` among `events`, optionally only about `participant`.
inline std::vector<json::object> named(const std::vector<json::object>& events, std::string_view ev) {
  std::vector<json::object> out;
  for (const auto& e : events)
    if (str_at(e, "/ev") == ev) out.push_back(e);
  return out;
}

// Finds a participant in a `joined` object's participants.
inline std::optional<json::object> participant_in(const json::object& joined, const std::string& id) {
  const json::value* ps = at(joined, "/participants");
  if (!ps || !ps->is_array()) return std::nullopt;
  for (const auto& p : ps->as_array())
    if (p.is_object() && str_at(p.as_object(), "/id") == id) return p.as_object();
  return std::nullopt;
}

// A conduct op that must succeed; its result.
inline json::object conduct(WsClient& c, std::string_view op, std::int64_t meeting, json::object args = {}) {
  args["meeting"] = meeting;
  const auto r = c.request(op, args);
  INFO(op << " " << dump(args) << " -> " << dump(r));
  REQUIRE(is_ok(r));
  return result_of(r);
}

// The seq a conduct op answered (it must succeed and append).
inline std::int64_t act(WsClient& c, std::string_view op, std::int64_t meeting, json::object args = {}) {
  const auto r = conduct(c, op, meeting, std::move(args));
  INFO(op << " -> " << dump(r));
  CHECK(at(r, "/unchanged") == nullptr);
  CHECK(at(r, "/duplicate") == nullptr);
  const auto seq = int_at(r, "/seq");
  REQUIRE(seq > 0);
  return seq;
}

// A request that must fail with `code` (and details.field == `field` when given).
inline json::object refused(WsClient& c, std::string_view op, json::object args, std::string_view code, std::string_view field = {}) {
  const auto r = c.request(op, args);
  INFO(op << " " << dump(args) << " -> " << dump(r));
  CHECK(error_code(r) == code);
  if (!field.empty()) CHECK(str_at(r, "/error/details/field") == field);
  return r;
}

// The participants an arrival event brings: participant.arrived has one,
// participants.arrived (arrivals logged together) several.
inline std::vector<json::object> arrivals_in(const json::object& e) {
  std::vector<json::object> out;
  const std::string ev = str_at(e, "/ev");
  if (ev == "participant.arrived") {
    if (const json::value* p = at(e, "/data/participant"); p && p->is_object()) out.push_back(p->as_object());
  } else if (ev == "participants.arrived") {
    if (const json::value* ps = at(e, "/data/participants"); ps && ps->is_array())
      for (const auto& p : ps->as_array()) out.push_back(p.as_object());
  }
  return out;
}

inline bool is_arrival_of(const json::object& e, const std::string& participant) {
  for (const auto& p : arrivals_in(e))
    if (str_at(p, "/id") == participant) return true;
  return false;
}

// The answers a logged event records, in order, as (member, data field):
// one for vote.cast / attendance.marked, each entry of vote.casts /
// attendance.marks (PROTOCOL.md "Casts and check-ins travel together");
// `field` is "key" or "choice" for casts, "attendance" for marks (an
// attendance.marks entry leaves out "present": read as such here). A
// vote.casts as sent groups member ids by choice ("choices", each member
// once); as stored it lists entries with their keys ("casts").
inline std::vector<std::pair<std::int64_t, std::string>> answers_in(const json::object& e, std::string_view field) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  const std::string ev = str_at(e, "/ev");
  const std::string pointer = "/" + std::string(field);
  if (ev == "vote.cast" || ev == "attendance.marked") out.emplace_back(int_at(e, "/data/member"), str_at(e, "/data" + pointer));
  if (const json::value* groups = ev == "vote.casts" ? at(e, "/data/choices") : nullptr) {
    for (const auto& [choice, ids] : groups->as_object())
      for (const auto& id : ids.as_array()) out.emplace_back(id.as_int64(), field == "choice" ? std::string(choice) : "");
    return out;
  }
  // An attendance.marks as sent lists its plain check-ins as ids ("present").
  if (const json::value* ids = ev == "attendance.marks" ? at(e, "/data/present") : nullptr)
    for (const auto& id : ids->as_array()) out.emplace_back(id.as_int64(), field == "attendance" ? "present" : "");
  const char* list = ev == "vote.casts" ? "/data/casts" : ev == "attendance.marks" ? "/data/marks" : nullptr;
  const std::string fallback = ev == "attendance.marks" && field == "attendance" ? "present" : "";
  if (list)
    for (const auto& x : at(e, list)->as_array()) {
      const auto& entry = x.as_object();
      out.emplace_back(int_at(entry, "/member"), at(entry, pointer) ? str_at(entry, pointer) : fallback);
    }
  return out;
}

// The log of `meeting` as stored, read from the database file (sqlite3 -json,
// a WAL reader beside the running server): each event as {"seq", "ev",
// "data"}. What the server keeps and does not send (a cast's key,
// PROTOCOL.md "Events") is only here.
inline std::vector<json::object> stored_log(const ServerProcess& srv, std::int64_t meeting) {
  const std::string cmd = "sqlite3 -json '" + srv.db_path() + "' \"SELECT seq, type AS ev, data FROM events WHERE meeting_id = " +
                          std::to_string(meeting) + " ORDER BY seq\"";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[65536];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    REQUIRE(pclose(p) == 0);
  }
  std::vector<json::object> log;
  if (out.find_first_not_of(" \n") == std::string::npos) return log;  // no rows: sqlite3 prints nothing
  const json::value rows = json::parse(out);
  for (const auto& row : rows.as_array()) {
    json::object e = row.as_object();
    e["data"] = json::parse(e.at("data").as_string());
    log.push_back(std::move(e));
  }
  return log;
}

// Edits the stored notices of `meeting` by hand, past the append-only
// trigger (the server must be stopped): `from` becomes `to` in their data.
// What a forger with the database file would do; the hash chain must notice.
inline void tamper_notices(const ServerProcess& srv, std::int64_t meeting, const std::string& from,
                           const std::string& to) {
  const std::string sql = "DROP TRIGGER events_no_update; UPDATE events SET data = replace(data, '" + from + "', '" +
                          to + "') WHERE meeting_id = " + std::to_string(meeting) + " AND type = 'notice';";
  REQUIRE(std::system(("sqlite3 '" + srv.db_path() + "' \"" + sql + "\"").c_str()) == 0);
}

// Waits until `c` has received the first arrival of `participant`, alone or
// in a participants.arrived with others (so it claims no event: one may bring
// several). A first arrival means online: no presence comes with it.
inline bool wait_arrival(WsClient& c, const std::string& participant, Ms timeout = kWait) {
  return c.wait_until(
      [&] {
        const auto evs = c.events();
        return std::any_of(evs.begin(), evs.end(), [&](const json::object& e) { return is_arrival_of(e, participant); });
      },
      timeout);
}

// GET /metrics (issue 6); REQUIREs a 200 in the Prometheus text format.
inline std::string scrape(const ServerProcess& srv) {
  const auto r = http_request(srv.port(), "GET", "/metrics");
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type").find("text/plain") == 0);
  return r.body;
}

// The value of the sample line `name` (exactly, labels included) in a
// scraped body, or -1 when there is none.
inline double metric_sample(const std::string& body, const std::string& name) {
  std::istringstream in(body);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    if (space != std::string::npos && line.substr(0, space) == name) return std::stod(line.substr(space + 1));
  }
  return -1;
}

}  // namespace chibo::test
