// PROTOCOL.md "Secret ballots and the annual review (issue 4)" over real
// WebSockets, against the threat model of docs/secret-ballot.md and the
// counting rules of DOMAIN.md "Votes" and "Annual review and rating".
//
//   1. 15 voters: every frame every client receives while the ballot is open
//      (replies, events, pushes, a reconnect's join result) carries turnout
//      only; a copy of the database taken then holds nothing of the ballots;
//      after the close the database links no member to a choice, the box is in
//      tracker order (not casting order), each voter finds its tracker, the
//      fingerprint recomputes, the server's output holds no tracker or choice.
//   2. Who may not cast, and bad arguments, per op.
//   3. Reopening voids the held ballots.
//   4. A restart while a ballot is open (SIGTERM and SIGKILL) loses the held
//      ballots; voters send them again with the same tracker and key.
//   5. Small ballots (secrecy), discipline and election counting.
//   6. A whole annual review of a 10-member cell: the agenda, who is not
//      rated, self-reviews with a PDF, eight rating ballots designed around
//      the thresholds, the quota, the counting committee's confirmation.
//
// The cell is the demo cell (server/service/demo.cpp), changed through the
// protocol where a case needs another composition. Like meeting_run_test.cpp:
// no fixed sleeps, every wait has a deadline.
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <tuple>
#include <utility>

#include "fixture.hpp"

namespace chibo::test {
namespace {

using O = json::object;
using A = json::array;

// The demo cell's twelve members (server/service/demo.cpp).
constexpr const char* kHong = "Nguyễn Thị Hồng";   // official, secretary (account bithu): the chair
constexpr const char* kBinh = "Trần Văn Bình";     // official, deputy
constexpr const char* kChau = "Lê Minh Châu";      // official, committee member
constexpr const char* kDung = "Phạm Quốc Dũng";    // official
constexpr const char* kEn = "Hoàng Thị Én";        // official
constexpr const char* kGiang = "Võ Văn Giang";     // official
constexpr const char* kHanh = "Đặng Thị Hạnh";     // official
constexpr const char* kKhoa = "Bùi Văn Khoa";      // official, exempt
constexpr const char* kLan = "Đỗ Thị Lan";         // official
constexpr const char* kManh = "Ngô Văn Mạnh";      // official, attached
constexpr const char* kNgoc = "Dương Thị Ngọc";    // probationary, admitted 2026-06-03
constexpr const char* kPhuc = "Lý Văn Phúc";       // probationary, admitted 2026-08-19

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

std::optional<bool> bool_at(const json::object& o, std::string_view p) {
  const json::value* v = at(o, p);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->as_bool();
}

std::vector<std::string> strings_at(const json::object& o, std::string_view p) {
  std::vector<std::string> out;
  const json::value* v = at(o, p);
  if (!v || !v->is_array()) return out;
  for (const auto& s : v->as_array()) out.push_back(s.is_string() ? std::string(s.as_string()) : dump(s));
  return out;
}

std::set<std::string> keys_of(const json::object& o) {
  std::set<std::string> k;
  for (const auto& kv : o) k.insert(std::string(kv.key()));
  return k;
}

std::set<std::string> keys_at(const json::object& o, std::string_view p) {
  const json::value* v = at(o, p);
  if (!v || !v->is_object()) return {};
  return keys_of(v->as_object());
}

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

std::string sha256_hex(const std::string& s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  REQUIRE(EVP_Digest(s.data(), s.size(), md, &n, EVP_sha256(), nullptr) == 1);
  return hex(md, n);
}

// What a voter's phone does (crypto.getRandomValues): 128 random bits as 32 lowercase hex.
std::string new_tracker() {
  unsigned char b[16];
  REQUIRE(RAND_bytes(b, sizeof b) == 1);
  return hex(b, sizeof b);
}

std::string b64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string b64_decode(const std::string& text) {
  if (text.empty()) return {};
  std::string out(3 * text.size() / 4 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  REQUIRE(n >= 0);
  std::size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

// Unicode code points of UTF-8 text (PROTOCOL.md counts text so).
std::int64_t code_points(const std::string& s) {
  return std::count_if(s.begin(), s.end(), [](unsigned char ch) { return (ch & 0xC0) != 0x80; });
}

std::size_t occurrences(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) ++n;
  return n;
}

// Calls `fn(key_or_empty, value)` for every member and element of `v`, recursively.
void walk(const json::value& v, const std::function<void(const json::object&)>& on_object,
          const std::function<void(const std::string&)>& on_string) {
  if (v.is_object()) {
    on_object(v.as_object());
    for (const auto& kv : v.as_object()) walk(kv.value(), on_object, on_string);
  } else if (v.is_array()) {
    for (const auto& e : v.as_array()) walk(e, on_object, on_string);
  } else if (v.is_string()) {
    on_string(std::string(v.as_string()));
  }
}

// ---------------------------------------------------------------------------
// Participants: a connection that records every frame it receives
// ---------------------------------------------------------------------------

struct Peer {
  std::string name;
  std::string pid;   // participant id
  std::string link;  // join-link token ("" for the chair's account)
  WsClient ws;
  std::vector<json::object> replies;  // every reply received (hello included), in order

  json::object request(std::string_view op, O args) {
    json::object r = ws.request(op, std::move(args));
    replies.push_back(r);
    return r;
  }
  // Every frame received since the last take(): replies, then events. Events
  // are forgotten afterwards (event_at() only finds later ones).
  std::vector<json::object> take() {
    std::vector<json::object> out = std::move(replies);
    replies.clear();
    for (auto& e : ws.events()) out.push_back(std::move(e));
    INFO(name << " received frames that are not JSON objects");
    CHECK(ws.junk().empty());
    ws.clear_events();
    return out;
  }
};

// A conduct op that must succeed; its result.
json::object conduct(Peer& p, std::string_view op, std::int64_t meeting, O args = {}) {
  args["meeting"] = meeting;
  const auto r = p.request(op, args);
  INFO(p.name << ": " << op << " " << dump(args) << " -> " << dump(r));
  REQUIRE(is_ok(r));
  return result_of(r);
}

// The seq a conduct op answered (it must succeed and append).
std::int64_t act(Peer& p, std::string_view op, std::int64_t meeting, O args = {}) {
  const auto r = conduct(p, op, meeting, std::move(args));
  INFO(op << " -> " << dump(r));
  CHECK(at(r, "/unchanged") == nullptr);
  const auto seq = int_at(r, "/seq");
  REQUIRE(seq > 0);
  return seq;
}

// A request that must fail with `code` (and details.field / details.reason when given).
json::object refused(Peer& p, std::string_view op, O args, std::string_view code, std::string_view field = {},
                     std::string_view reason = {}) {
  const auto r = p.request(op, args);
  INFO(p.name << ": " << op << " " << dump(args) << " -> " << dump(r));
  CHECK(error_code(r) == code);
  if (!field.empty()) CHECK(str_at(r, "/error/details/field") == field);
  if (!reason.empty()) CHECK(str_at(r, "/error/details/reason") == reason);
  return r;
}

json::object event_at(Peer& p, std::int64_t meeting, std::int64_t seq) {
  wait_seq(p.ws, meeting, seq);
  for (const auto& e : p.ws.logged_events(meeting))
    if (int_at(e, "/seq") == seq) return e;
  FAIL(p.name << ": seq " << seq << " of meeting " << meeting << " never arrived");
  return {};
}

json::object event_is(Peer& p, std::int64_t meeting, std::int64_t seq, std::string_view ev) {
  auto e = event_at(p, meeting, seq);
  INFO(dump(e));
  CHECK(str_at(e, "/ev") == ev);
  return e;
}

// ---------------------------------------------------------------------------
// A meeting of the demo cell
// ---------------------------------------------------------------------------

struct Room {
  TestServer* srv = nullptr;
  Peer chair;                                  // the secretary's account, linked to member Hồng
  std::string token;                           // its session token
  std::int64_t cell = 0;
  std::int64_t meeting = 0;
  std::map<std::string, json::object> roster;  // by full name, as roster.list returns them
  std::map<std::int64_t, Link> links;          // by member id
  std::map<std::string, Peer> m;               // members connected by link, by name
  Peer observer;                               // a district observer by guest link (when issued)

  std::int64_t id(const std::string& name) const {
    INFO("member " << name);
    REQUIRE(roster.count(name) == 1);
    return int_at(roster.at(name), "/id");
  }
  std::string pid(const std::string& name) const { return participant_of_member(id(name)); }
  // The connection of a member: the chair's account for Hồng, else by link.
  Peer& operator[](const std::string& name) {
    if (name == kHong) return chair;
    INFO("member " << name << " is not connected");
    REQUIRE(m.count(name) == 1);
    return m.at(name);
  }

  void reload_roster() {
    roster.clear();
    const auto res = chair.ws.call("roster.list", {{"cell", cell}});
    for (const auto& v : res.at("members").as_array())
      roster[str_at(v.as_object(), "/full_name")] = v.as_object();
  }
};

Room login_room(TestServer& srv) {
  Room r;
  r.srv = &srv;
  Login sec = login(srv, kSecretary);
  r.chair.name = kHong;
  r.chair.pid = str_at(sec.me, "/participant");
  r.chair.ws = std::move(sec.ws);
  r.token = sec.token;
  r.cell = sec.cell();
  r.reload_roster();
  REQUIRE(r.chair.pid == r.pid(kHong));
  return r;
}

// meeting.create, links for every member, the chair in the meeting.
void create_meeting(Room& r, const std::string& kind, const std::string& title, const std::string& starts_at) {
  const auto res = r.chair.ws.call("meeting.create", {{"cell", r.cell}, {"kind", kind}, {"title", title},
                                                      {"starts_at", starts_at}, {"place", "Nhà văn hóa Khu phố 3"}});
  r.meeting = int_at(res, "/meeting/id");
  REQUIRE(r.meeting > 0);
  r.links = issue_all(r.chair.ws, r.meeting);
  REQUIRE(r.links.size() == r.roster.size());
  conduct(r.chair, "meeting.join", r.meeting, {{"since", 0}});
}

json::object hello_link(TestServer& srv, Peer& p, std::optional<std::int64_t> since = std::nullopt) {
  p.ws.connect(srv.port());
  const auto reply = p.ws.hello_join(p.link, std::nullopt, since);
  p.replies.push_back(reply);
  INFO(p.name << " hello by link: " << dump(reply));
  REQUIRE(is_ok(reply));
  p.pid = str_at(reply, "/result/me/participant");
  return reply;
}

Peer& connect(Room& r, const std::string& name) {
  Peer p;
  p.name = name;
  p.link = r.links.at(r.id(name)).token;
  hello_link(*r.srv, p);
  CHECK(p.pid == r.pid(name));
  r.m[name] = std::move(p);
  return r.m.at(name);
}

void connect_observer(Room& r) {
  const auto link = r.chair.ws
                        .call("link.issue_guest", {{"meeting", r.meeting},
                                                   {"name", "Trương Văn Tư"},
                                                   {"title", "Đảng ủy viên phường"},
                                                   {"observer", true}})
                        .at("link")
                        .as_object();
  r.observer.name = "observer";
  r.observer.link = str_at(link, "/token");
  hello_link(*r.srv, r.observer);
  CHECK(r.observer.pid == "guest:" + str_at(link, "/id"));
}

// meeting.open; the chair and every member named check in ("Có mặt").
void open_meeting(Room& r, const std::vector<std::string>& present) {
  act(r.chair, "meeting.open", r.meeting);
  act(r.chair, "rollcall.checkin", r.meeting);
  for (const auto& name : present) {
    if (name == kHong) continue;
    if (!r.m.count(name)) connect(r, name);
    act(r[name], "rollcall.checkin", r.meeting);
  }
}

// ---------------------------------------------------------------------------
// Ballots
// ---------------------------------------------------------------------------

std::int64_t open_ballot(Room& r, O args) {
  const auto res = conduct(r.chair, "ballot.open", r.meeting, std::move(args));
  const auto ballot = int_at(res, "/ballot");
  CHECK(int_at(res, "/seq") == ballot);  // the ballot's id is its seq
  REQUIRE(ballot > 0);
  return ballot;
}

// One ballot as its voter's browser keeps it.
struct Cast {
  std::string voter;      // name
  std::string pid;
  json::value choice;     // as sent
  std::string canonical;  // as it must appear in the box
  std::string tracker;
  std::string key;
};

Cast make_cast(Room& r, const std::string& voter, json::value choice, std::string canonical = {}) {
  Cast c;
  c.voter = voter;
  c.pid = r.pid(voter);
  if (canonical.empty()) canonical = choice.is_string() ? std::string(choice.as_string()) : "";
  c.choice = std::move(choice);
  c.canonical = std::move(canonical);
  c.tracker = new_tracker();
  c.key = "k-" + c.tracker.substr(0, 8);
  return c;
}

O cast_args(std::int64_t meeting, std::int64_t ballot, const Cast& c) {
  return {{"meeting", meeting}, {"ballot", ballot}, {"choice", c.choice}, {"tracker", c.tracker}, {"key", c.key}};
}

// Sends a ballot that must be held (not a duplicate); checks the reply and the turnout.
void cast_held(Room& r, std::int64_t ballot, const Cast& c, std::int64_t turnout) {
  Peer& p = r[c.voter];
  const auto reply = p.request("ballot.cast", cast_args(r.meeting, ballot, c));
  INFO(c.voter << " casts " << c.canonical << " " << c.tracker << " -> " << dump(reply));
  REQUIRE(is_ok(reply));
  const auto& res = result_of(reply);
  CHECK(bool_at(res, "/held") == true);
  CHECK(at(res, "/duplicate") == nullptr);
  CHECK(at(res, "/seq") == nullptr);  // held, not stored
  CHECK(int_at(res, "/turnout") == turnout);
}

// PROTOCOL.md "Ballot events": the sealed box of `closed` holds exactly
// `casts`, sorted by tracker, each with its voter's choice; `voted` is the
// voters sorted by participant id; the fingerprint is SHA-256 of the lines.
void check_sealed(const json::object& closed, const std::vector<Cast>& casts) {
  INFO("ballot.closed " << dump(closed));
  REQUIRE(str_at(closed, "/ev") == "ballot.closed");
  const json::value* bv = at(closed, "/data/box");
  REQUIRE(bv);
  REQUIRE(bv->is_array());
  const auto& box = bv->as_array();
  CHECK(box.size() == casts.size());
  std::string lines, prev;
  std::map<std::string, std::string> in_box;
  for (const auto& v : box) {
    REQUIRE(v.is_object());
    const auto& b = v.as_object();
    INFO("box entry " << dump(b));
    CHECK(keys_of(b) == std::set<std::string>{"tracker", "choice"});  // nothing else beside a ballot
    const std::string t = str_at(b, "/tracker"), ch = str_at(b, "/choice");
    CHECK(t > prev);  // strictly ascending: sorted by tracker
    prev = t;
    in_box[t] = ch;
    lines += t + " " + ch + "\n";
  }
  CHECK(str_at(closed, "/data/fingerprint") == sha256_hex(lines));
  // Each voter finds its tracker with its own choice.
  std::vector<std::string> voters;
  int blank = 0;
  for (const auto& c : casts) {
    INFO(c.voter << " looks for " << c.tracker << " with " << c.canonical);
    REQUIRE(in_box.count(c.tracker) == 1);
    CHECK(in_box.at(c.tracker) == c.canonical);
    voters.push_back(c.pid);
    if (c.canonical == "blank") ++blank;
  }
  std::sort(voters.begin(), voters.end());
  CHECK(strings_at(closed, "/data/voted") == voters);
  CHECK(int_at(closed, "/data/returned") == static_cast<std::int64_t>(casts.size()));
  CHECK(int_at(closed, "/data/invalid") == blank);
  CHECK(int_at(closed, "/data/valid") == static_cast<std::int64_t>(casts.size()) - blank);
  CHECK(str_at(closed, "/data/rules") == "vn-2023");
}

// Every voter checks, in its own copy of ballot.closed, that its ballot was counted.
void voters_verify(Room& r, std::int64_t closed_seq, const std::vector<Cast>& casts) {
  for (const auto& c : casts) {
    const auto e = event_at(r[c.voter], r.meeting, closed_seq);
    bool found = false;
    const json::value* bv = at(e, "/data/box");
    REQUIRE(bv);
    for (const auto& v : bv->as_array())
      if (str_at(v.as_object(), "/tracker") == c.tracker) {
        found = true;
        CHECK(str_at(v.as_object(), "/choice") == c.canonical);
      }
    INFO(c.voter << " looks for its tracker " << c.tracker);
    CHECK(found);
  }
}

// The join result's `ballots` (PROTOCOL.md: [{"ballot", "voted"}]).
void check_join_ballots(const json::object& joined, std::int64_t ballot, std::vector<std::string> voted) {
  INFO("joined " << dump(joined));
  const json::value* bv = at(joined, "/ballots");
  REQUIRE(bv);
  REQUIRE(bv->is_array());
  REQUIRE(bv->as_array().size() == 1);
  const auto& b = bv->as_array()[0].as_object();
  CHECK(keys_of(b) == std::set<std::string>{"ballot", "voted"});
  CHECK(int_at(b, "/ballot") == ballot);
  std::sort(voted.begin(), voted.end());
  CHECK(strings_at(b, "/voted") == voted);
}

// ---------------------------------------------------------------------------
// What clients saw while the ballot was open
// ---------------------------------------------------------------------------

// PROTOCOL.md: "No tally exists anywhere a client can reach before the close."
// Every frame: no tracker; no key that carries a choice or a count of one; no
// string that is a choice; events are turnout pushes (and presence) only,
// none logged; cast replies say held/turnout/duplicate and nothing else.
void check_open_frames(const std::vector<std::pair<std::string, json::object>>& frames, std::int64_t ballot,
                       const std::vector<std::string>& trackers, const std::set<std::string>& choices,
                       const std::set<std::string>& voters) {
  std::set<std::string> bad_keys{"counts", "tally", "box", "choice", "tracker", "fingerprint",
                                 "secrecy", "quota", "valid", "invalid", "returned"};
  bad_keys.insert(choices.begin(), choices.end());
  int turnout_pushes = 0;
  for (const auto& [who, f] : frames) {
    const std::string raw = dump(f);
    INFO(who << " received " << raw);
    for (const auto& t : trackers) CHECK(raw.find(t) == std::string::npos);
    walk(
        json::value(f),
        [&](const json::object& o) {
          for (const auto& kv : o) CHECK(bad_keys.count(std::string(kv.key())) == 0);
        },
        [&](const std::string& s) { CHECK(choices.count(s) == 0); });
    if (f.contains("ev")) {
      CHECK(at(f, "/seq") == nullptr);  // nothing is logged while the ballot is open
      const std::string ev = str_at(f, "/ev");
      if (ev == "presence") continue;
      CHECK(ev == "ballot.turnout");
      ++turnout_pushes;
      CHECK(keys_at(f, "/data") == std::set<std::string>{"ballot", "participant", "turnout"});
      CHECK(int_at(f, "/data/ballot") == ballot);
      CHECK(voters.count(str_at(f, "/data/participant")) == 1);
      const auto n = int_at(f, "/data/turnout");
      CHECK(n >= 1);
      CHECK(n <= static_cast<std::int64_t>(voters.size()));
      continue;
    }
    if (!is_ok(f)) {
      const std::set<std::string> allowed{"reason", "field", "received", "retry_after_ms"};
      for (const auto& k : keys_at(f, "/error/details")) CHECK(allowed.count(k) == 1);
      continue;
    }
    const json::value* res = at(f, "/result");
    if (!res || !res->is_object()) continue;
    if (res->as_object().contains("held")) {
      for (const auto& k : keys_of(res->as_object()))
        CHECK((k == "held" || k == "turnout" || k == "duplicate"));
    }
    if (const json::value* bs = at(f, "/result/joined/ballots"))
      for (const auto& b : bs->as_array()) CHECK(keys_of(b.as_object()) == std::set<std::string>{"ballot", "voted"});
  }
  CHECK(turnout_pushes > 0);
}

// ---------------------------------------------------------------------------
// The database file and the server's output
// ---------------------------------------------------------------------------

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A copy of the database as someone who copies the files would have it
// (the main file and its write-ahead log).
std::string copy_db(const ServerProcess& srv, const std::string& tag) {
  namespace fs = std::filesystem;
  const std::string to = srv.dir() + "/copy-" + tag + ".db";
  for (const char* suffix : {"", "-wal"}) {
    fs::remove(to + suffix);
    if (fs::exists(srv.db_path() + suffix)) fs::copy_file(srv.db_path() + suffix, to + suffix);
  }
  fs::remove(to + "-shm");
  return to;
}

struct DbRow {
  std::string table;
  std::vector<std::pair<std::string, std::string>> cols;  // name, value as bytes ("" for NULL)
  std::string col(const std::string& name) const {
    for (const auto& [n, v] : cols)
      if (n == name) return v;
    return {};
  }
  std::string all() const {
    std::string s;
    for (const auto& [n, v] : cols) s += n + "=" + v + "\x1f";
    return s;
  }
};

// Every row of every table (sqlite3 C API).
std::vector<DbRow> read_db(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  INFO("opening " << path << ": " << (db ? sqlite3_errmsg(db) : "?"));
  REQUIRE(rc == SQLITE_OK);
  auto each = [&](const std::string& sql, const std::function<void(sqlite3_stmt*)>& fn) {
    sqlite3_stmt* st = nullptr;
    INFO(sql << ": " << sqlite3_errmsg(db));
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    int step = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) fn(st);
    CHECK(step == SQLITE_DONE);
    sqlite3_finalize(st);
  };
  std::vector<std::string> tables;
  each("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
       [&](sqlite3_stmt* st) { tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))); });
  std::vector<DbRow> rows;
  for (const auto& t : tables)
    each("SELECT * FROM \"" + t + "\"", [&](sqlite3_stmt* st) {
      DbRow row;
      row.table = t;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        std::string v;
        if (sqlite3_column_type(st, c) != SQLITE_NULL) {
          const auto* p = static_cast<const char*>(sqlite3_column_blob(st, c));
          v.assign(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st, c)));
        }
        row.cols.emplace_back(sqlite3_column_name(st, c), std::move(v));
      }
      rows.push_back(std::move(row));
    });
  sqlite3_close(db);
  REQUIRE(!tables.empty());
  return rows;
}

// docs/secret-ballot.md: "The two lists never point at each other". In every
// row of every table: no column is about ballots; a tracker appears only in
// the one ballot.closed event that sealed it, once; every JSON object that
// carries a choice or a tracker carries nothing else (no member, time, order).
// Returns the sealed rows.
std::vector<DbRow> check_db_links_nothing(const std::vector<DbRow>& rows, const std::vector<std::string>& trackers) {
  std::vector<DbRow> sealed;
  std::map<std::string, std::size_t> seen;
  for (const auto& row : rows) {
    INFO("table " << row.table << " row " << row.all());
    for (const auto& [name, value] : row.cols) {
      CHECK(name.find("choice") == std::string::npos);
      CHECK(name.find("tracker") == std::string::npos);
      CHECK(name.find("ballot") == std::string::npos);
      boost::system::error_code ec;
      const json::value v = json::parse(value, ec);
      if (ec || !(v.is_object() || v.is_array())) continue;
      walk(
          v,
          [&](const json::object& o) {
            if (o.contains("choice") || o.contains("tracker"))
              CHECK(keys_of(o) == std::set<std::string>{"tracker", "choice"});
          },
          [](const std::string&) {});
    }
    const std::string text = row.all();
    std::size_t here = 0;
    for (const auto& t : trackers) {
      const auto n = occurrences(text, t);
      seen[t] += n;
      here += n;
    }
    if (here > 0) {
      CHECK(row.table == "events");
      CHECK(row.col("type") == "ballot.closed");
      sealed.push_back(row);
    }
    if (row.table == "events" && row.col("type").rfind("ballot.", 0) == 0) {
      const std::set<std::string> allowed{"ballot.opened", "ballot.reopened", "ballot.closed", "ballot.confirmed"};
      CHECK(allowed.count(row.col("type")) == 1);  // nothing per cast
    }
  }
  for (const auto& t : trackers) {
    INFO("tracker " << t);
    CHECK(seen[t] <= 1);
  }
  return sealed;
}

// Nothing of the open ballot in any byte of the database files.
void check_files_hold_no_tracker(const ServerProcess& srv, const std::vector<std::string>& trackers) {
  for (const char* suffix : {"", "-wal"}) {
    const std::string bytes = file_bytes(srv.db_path() + suffix);
    INFO("file " << srv.db_path() << suffix << " (" << bytes.size() << " bytes)");
    for (const auto& t : trackers) CHECK(bytes.find(t) == std::string::npos);
  }
}

// The server's stdout/stderr holds no tracker and none of the words given.
void check_output(const ServerProcess& srv, const std::vector<std::string>& trackers,
                  const std::vector<std::string>& words) {
  const std::string out = srv.output();
  INFO("server output:\n" << out);
  for (const auto& t : trackers) CHECK(out.find(t) == std::string::npos);
  for (const auto& w : words) {
    INFO("word " << w);
    CHECK(out.find(w) == std::string::npos);
  }
}

std::vector<std::string> trackers_of(const std::vector<Cast>& casts) {
  std::vector<std::string> t;
  for (const auto& c : casts) t.push_back(c.tracker);
  return t;
}

}  // namespace

// ============================================================================
// 1. Fifteen voters.
// ============================================================================

TEST_CASE("ballot: 15 voters — turnout only while open, sealed in tracker order, nothing links voter to choice",
          "[ballot]") {
  TestServer srv;
  Room r = login_room(srv);

  // ---- 8 more official members by CSV: 16 active officials ----
  const std::vector<std::string> extra{"Nguyễn Văn An",  "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung",
                                       "Hoàng Văn Đức", "Vũ Thị Giao",   "Đinh Văn Hải", "Mai Thị Hương"};
  {
    std::string csv = "Họ và tên;Loại;Trạng thái;Ngày vào Đảng\n";
    for (const auto& n : extra) csv += n + ";Chính thức;Đang sinh hoạt;15/03/2010\n";
    const auto res = r.chair.ws.call("roster.import", {{"cell", r.cell}, {"csv", csv}});
    CHECK(int_at(res, "/imported") == 8);
    r.reload_roster();
    REQUIRE(r.roster.size() == 20);
  }
  std::vector<std::string> officials{kHong, kBinh, kChau, kDung, kEn, kGiang, kHanh, kLan};
  officials.insert(officials.end(), extra.begin(), extra.end());
  for (const auto& n : officials) {
    INFO(n);
    CHECK(str_at(r.roster.at(n), "/kind") == "official");
    CHECK(str_at(r.roster.at(n), "/status") == "active");
  }
  // Everyone official is present; the 15 voters are all but Hương, who stays silent.
  const std::vector<std::string> voters(officials.begin(), officials.end() - 1);
  REQUIRE(voters.size() == 15);

  create_meeting(r, "regular", "Sinh hoạt chi bộ tháng 12/2026 — bỏ phiếu kín", "2026-12-15T19:30");
  connect_observer(r);
  std::vector<std::string> present(officials.begin(), officials.end());
  present.push_back(kNgoc);  // probationary: present, never votes
  open_meeting(r, present);

  // ---- ballot.open: an admission at 2/3 by secret ballot ----
  std::set<std::string> eligible;
  for (const auto& n : officials) eligible.insert(r.pid(n));
  const auto ballot = open_ballot(r, {{"kind", "yes_no"},
                                      {"decision", "admission"},
                                      {"subject", "Đề nghị kết nạp quần chúng Trịnh Thị Quỳnh vào Đảng"}});
  {
    const auto e = event_is(r.chair, r.meeting, ballot, "ballot.opened");
    INFO(dump(e));
    CHECK(int_at(e, "/data/ballot") == ballot);
    CHECK(str_at(e, "/data/kind") == "yes_no");
    CHECK(str_at(e, "/data/method") == "secret");
    CHECK(str_at(e, "/data/decision") == "admission");
    CHECK(str_at(e, "/data/subject") == "Đề nghị kết nạp quần chúng Trịnh Thị Quỳnh vào Đảng");
    std::set<std::string> options;
    for (const auto& o : at(e, "/data/options")->as_array()) options.insert(str_at(o.as_object(), "/id"));
    CHECK(options == std::set<std::string>{"for", "against"});
    const auto el = strings_at(e, "/data/eligible");
    CHECK(std::set<std::string>(el.begin(), el.end()) == eligible);
    CHECK(int_at(e, "/data/issued") == 16);
    CHECK(int_at(e, "/data/denominator") == 16);  // 16 active officials; Khoa (exempt) absent, Mạnh attached
    CHECK(str_at(e, "/data/rules") == "vn-2023");
  }
  // Everyone has the opening; from here on, record every frame every client gets.
  std::vector<Peer*> everyone{&r.chair, &r.observer};
  for (auto& [n, p] : r.m) everyone.push_back(&p);
  for (Peer* p : everyone) {
    wait_seq(p->ws, r.meeting, ballot);
    p->ws.barrier();
    p->take();
  }
  std::vector<std::pair<std::string, json::object>> window;
  auto collect = [&](Peer& p) {
    for (auto& f : p.take()) window.emplace_back(p.name, std::move(f));
  };

  // ---- 15 ballots: 11 for, 3 against, 1 blank ----
  // Admission needs at least 2/3 of 16: 11 (11·3 = 33 ≥ 32; 10·3 = 30 < 32).
  std::vector<Cast> casts;
  for (std::size_t i = 0; i < voters.size(); ++i) {
    const std::string choice = i < 11 ? "for" : i < 14 ? "against" : "blank";
    casts.push_back(make_cast(r, voters[i], json::string(choice)));
  }
  // The casting order runs against the trackers' order: highest tracker first.
  std::sort(casts.begin(), casts.end(), [](const Cast& a, const Cast& b) { return a.tracker > b.tracker; });
  const std::vector<std::string> all_trackers = trackers_of(casts);
  const std::set<std::string> choice_words{"for", "against", "blank"};
  std::set<std::string> voter_pids;
  for (const auto& c : casts) voter_pids.insert(c.pid);

  std::vector<std::string> cast_order;
  for (std::size_t i = 0; i < casts.size(); ++i) {
    cast_held(r, ballot, casts[i], static_cast<std::int64_t>(i) + 1);
    cast_order.push_back(casts[i].pid);

    if (i == 6) {
      // A retry (the reply was lost): the same request again. Counted once.
      Peer& first = r[casts[0].voter];
      const auto retry = first.request("ballot.cast", cast_args(r.meeting, ballot, casts[0]));
      INFO(dump(retry));
      REQUIRE(is_ok(retry));
      CHECK(bool_at(result_of(retry), "/duplicate") == true);
      CHECK(bool_at(result_of(retry), "/held") == true);
      CHECK(int_at(result_of(retry), "/turnout") == 7);
      // A second ballot from the same member, with another key: refused.
      Cast second = casts[0];
      second.tracker = new_tracker();
      second.key = "another-key";
      second.choice = json::string(casts[0].canonical == "for" ? "against" : "for");
      refused(first, "ballot.cast", cast_args(r.meeting, ballot, second), "conflict", {}, "already_voted");
      O no_key = cast_args(r.meeting, ballot, second);
      no_key.erase("key");
      refused(first, "ballot.cast", no_key, "conflict", {}, "already_voted");
      // The same tracker from someone else: the box already has it.
      Cast taken = make_cast(r, casts[14].voter, json::string("for"));
      taken.tracker = casts[1].tracker;
      refused(r[taken.voter], "ballot.cast", cast_args(r.meeting, ballot, taken), "conflict", {}, "tracker_taken");
      // Who may not vote: the probationary member, the observer.
      refused(r[kNgoc], "ballot.cast", cast_args(r.meeting, ballot, make_cast(r, kNgoc, json::string("for"))),
              "not_eligible");
      Cast obs = make_cast(r, kNgoc, json::string("for"));
      refused(r.observer, "ballot.cast", cast_args(r.meeting, ballot, obs), "not_eligible");

      // A copy of the database taken now: the ballot is open and nothing of
      // the 7 held ballots is anywhere in it.
      check_files_hold_no_tracker(srv, all_trackers);
      const auto rows = read_db(copy_db(srv, "open"));
      CHECK(check_db_links_nothing(rows, all_trackers).empty());
      std::int64_t head = 0;
      for (const auto& row : rows)
        if (row.table == "events" && row.col("meeting_id") == std::to_string(r.meeting))
          head = std::max<std::int64_t>(head, std::stoll(row.col("seq")));
      CHECK(head == ballot);  // nothing logged since the opening
      check_output(srv, all_trackers, {"against", "choice"});

      // A voter's phone reconnects mid-ballot: the join result says who is in
      // the box, nothing else; no event is replayed.
      // (Not the chair: she is logged in by password and has no link. The
      // casting order is random, so about one run in 15 picked her.)
      Peer& phone = r[casts[3].voter != kHong ? casts[3].voter : casts[4].voter];
      const auto last = phone.ws.last_seq(r.meeting);
      collect(phone);
      const auto hello = hello_link(srv, phone, last);
      const json::value* joined = at(hello, "/result/joined");
      REQUIRE(joined);
      CHECK(int_at(joined->as_object(), "/head") == ballot);
      check_join_ballots(joined->as_object(), ballot, cast_order);
    }
  }
  // Every client has every turnout push: who, and how many — 1 … 15, in casting order.
  for (Peer* p : everyone) {
    const bool all = p->ws.wait_until([&] {
      for (const auto& e : p->ws.events())
        if (str_at(e, "/ev") == "ballot.turnout" && int_at(e, "/data/turnout") == 15) return true;
      return false;
    });
    INFO(p->name << " waits for turnout 15");
    CHECK(all);
    p->ws.barrier();
  }
  {
    std::vector<std::string> order;
    std::vector<std::int64_t> counts;
    for (const auto& e : named(r.chair.ws.events(), "ballot.turnout")) {
      order.push_back(str_at(e, "/data/participant"));
      counts.push_back(int_at(e, "/data/turnout"));
    }
    CHECK(order == cast_order);
    CHECK(counts == range(1, 15));
  }
  {
    // The chair's join result, asked again: the 15, sorted, and nothing else.
    const auto joined = conduct(r.chair, "meeting.join", r.meeting, {{"since", r.chair.ws.last_seq(r.meeting)}});
    check_join_ballots(joined, ballot, cast_order);
  }
  for (Peer* p : everyone) collect(*p);
  INFO(window.size() << " frames received while the ballot was open");
  check_open_frames(window, ballot, all_trackers, choice_words, voter_pids);

  // The meeting cannot close with the ballot open.
  refused(r.chair, "meeting.close", {{"meeting", r.meeting}}, "conflict", {}, "ballot_open");
  refused(r.chair, "ballot.confirm", {{"meeting", r.meeting}, {"ballot", ballot}}, "conflict", {}, "ballot_open");

  // ---- the close ----
  const auto closed_seq = act(r.chair, "ballot.close", r.meeting, {{"ballot", ballot}});
  CHECK(closed_seq == ballot + 1);  // one event: the sealed box
  const auto closed = event_is(r.chair, r.meeting, closed_seq, "ballot.closed");
  {
    INFO(dump(closed));
    check_sealed(closed, casts);
    CHECK(int_at(closed, "/data/ballot") == ballot);
    CHECK(str_at(closed, "/data/kind") == "yes_no");
    CHECK(str_at(closed, "/data/subject") == "Đề nghị kết nạp quần chúng Trịnh Thị Quỳnh vào Đảng");
    CHECK(int_at(closed, "/data/issued") == 16);
    CHECK(int_at(closed, "/data/returned") == 15);  // the retry counted once
    CHECK(int_at(closed, "/data/valid") == 14);
    CHECK(int_at(closed, "/data/invalid") == 1);
    CHECK(int_at(closed, "/data/counts/for") == 11);
    CHECK(int_at(closed, "/data/counts/against") == 3);
    CHECK(int_at(closed, "/data/denominator") == 16);
    CHECK(bool_at(closed, "/data/result/passed") == true);
    CHECK(int_at(closed, "/data/result/required") == 11);
    CHECK(str_at(closed, "/data/result/rule") == "at_least_two_thirds");
    CHECK(str_at(closed, "/data/secrecy") == "none");
    CHECK(at(closed, "/data/quota") == nullptr);  // rating ballots only
    // Neither list follows the casting order.
    std::vector<std::string> box_order;
    for (const auto& v : at(closed, "/data/box")->as_array()) box_order.push_back(str_at(v.as_object(), "/tracker"));
    CHECK(box_order != all_trackers);
    std::vector<std::string> ascending = all_trackers;
    std::reverse(ascending.begin(), ascending.end());
    CHECK(box_order == ascending);  // the casting order was the reverse of tracker order
    const auto voted = strings_at(closed, "/data/voted");
    CHECK(voted.size() == 15);
    CHECK(std::find(voted.begin(), voted.end(), r.pid("Mai Thị Hương")) == voted.end());
  }
  voters_verify(r, closed_seq, casts);
  {
    // No ballot is open any more: the join result lists none.
    const auto joined = conduct(r.chair, "meeting.join", r.meeting, {{"since", r.chair.ws.last_seq(r.meeting)}});
    const json::value* bs = at(joined, "/ballots");
    REQUIRE(bs);
    CHECK(bs->as_array().empty());
  }
  for (Peer* p : {&r.observer, &r[kNgoc]}) CHECK(str_at(event_at(*p, r.meeting, closed_seq), "/ev") == "ballot.closed");

  // ---- after the close ----
  refused(r["Mai Thị Hương"], "ballot.cast",
          cast_args(r.meeting, ballot, make_cast(r, "Mai Thị Hương", json::string("for"))), "vote_closed");
  refused(r.chair, "ballot.close", {{"meeting", r.meeting}, {"ballot", ballot}}, "vote_closed");
  refused(r.chair, "ballot.reopen", {{"meeting", r.meeting}, {"ballot", ballot}}, "vote_closed");
  refused(r[kBinh], "ballot.confirm", {{"meeting", r.meeting}, {"ballot", ballot}}, "forbidden");
  {
    // No counting committee was appointed: the chair confirms.
    const auto seq = act(r.chair, "ballot.confirm", r.meeting, {{"ballot", ballot}});
    const auto e = event_is(r.chair, r.meeting, seq, "ballot.confirmed");
    CHECK(int_at(e, "/data/ballot") == ballot);
    CHECK(str_at(e, "/data/participant") == r.chair.pid);
  }
  const auto closed_meeting = act(r.chair, "meeting.close", r.meeting);
  event_is(r.chair, r.meeting, closed_meeting, "meeting.closed");

  // ---- the files, after a graceful stop ----
  CHECK(srv.stop() == 0);
  CHECK(srv.sanitizer_report().empty());
  const auto rows = read_db(copy_db(srv, "after"));
  const auto sealed = check_db_links_nothing(rows, all_trackers);
  REQUIRE(sealed.size() == 1);
  {
    // The stored order is the box's: sorted by tracker.
    const auto data = json::parse(sealed[0].col("data")).as_object();
    std::vector<std::string> stored;
    for (const auto& v : data.at("box").as_array()) stored.push_back(str_at(v.as_object(), "/tracker"));
    std::vector<std::string> sorted = all_trackers;
    std::sort(sorted.begin(), sorted.end());
    CHECK(stored == sorted);
    for (const auto& t : all_trackers) CHECK(occurrences(sealed[0].col("data"), t) == 1);
    // The self-reviews table exists and holds nothing of this meeting.
    for (const auto& row : rows)
      if (row.table == "self_reviews") CHECK(row.col("meeting_id") != std::to_string(r.meeting));
  }
  check_output(srv, all_trackers, {"against", "choice", "\"for\"", "blank"});
  const CliResult check = srv.run_cli({"check", "--db", srv.db_path()});
  INFO(check.output);
  CHECK(check.exit_code == 0);
}

// ============================================================================
// 2. Who may not cast; bad arguments.
// ============================================================================

TEST_CASE("ballot: ineligible casts and bad arguments are refused and change nothing", "[ballot]") {
  TestServer srv;
  Room r = login_room(srv);
  create_meeting(r, "regular", "Sinh hoạt chi bộ tháng 12/2026", "2026-12-15T19:30");
  connect_observer(r);
  Login quansat = login(srv, kObserver);
  Peer district;
  district.name = "quansat";
  district.ws = std::move(quansat.ws);
  conduct(district, "meeting.join", r.meeting);
  for (const char* n : {kBinh, kChau, kDung, kEn, kNgoc}) connect(r, n);

  // Before the meeting opens.
  refused(r.chair, "ballot.open",
          {{"meeting", r.meeting}, {"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Sớm"}},
          "meeting_not_open");
  open_meeting(r, {kBinh, kChau, kDung, kNgoc});  // Én is connected but never checks in

  // ---- ballot.open: roles and arguments ----
  wait_seq(r.chair.ws, r.meeting, r.chair.ws.last_seq(r.meeting));
  r.chair.ws.barrier();
  const auto head = r.chair.ws.last_seq(r.meeting);
  {
    const O ok_args{{"meeting", r.meeting}, {"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Thông qua"}};
    refused(r[kBinh], "ballot.open", ok_args, "forbidden");
    refused(r.observer, "ballot.open", ok_args, "forbidden");
    refused(district, "ballot.open", ok_args, "forbidden");
    // Each kind with only its own arguments (a yes_no's decision is unknown to the others).
    auto with = [&](const O& changes, const char* drop = nullptr) {
      O a = ok_args;
      for (const auto& kv : changes) a[kv.key()] = kv.value();
      if (str_at(a, "/kind") != "yes_no" && str_at(a, "/kind") != "referendum") a.erase("decision");
      if (drop) a.erase(drop);
      return a;
    };
    refused(r.chair, "ballot.open", with({{"kind", "referendum"}}), "invalid_args", "kind");
    refused(r.chair, "ballot.open", with({}, "subject"), "invalid_args", "subject");
    refused(r.chair, "ballot.open", with({{"subject", ""}}), "invalid_args", "subject");
    refused(r.chair, "ballot.open", with({{"subject", std::string(501, 'x')}}), "invalid_args", "subject");
    refused(r.chair, "ballot.open", with({}, "decision"), "invalid_args", "decision");
    refused(r.chair, "ballot.open", with({{"decision", "unanimity"}}), "invalid_args", "decision");
    refused(r.chair, "ballot.open", with({{"kind", "discipline"}, {"penalties", A{}}}), "invalid_args", "penalties");
    refused(r.chair, "ballot.open", with({{"kind", "discipline"}, {"penalties", A{"beheading"}}}), "invalid_args",
            "penalties");
    refused(r.chair, "ballot.open",
            with({{"kind", "election"}, {"candidates", A{O{{"name", "Trần Văn Bình"}}}}, {"seats", 2}}),
            "invalid_args", "seats");
    refused(r.chair, "ballot.open", with({{"kind", "election"}, {"candidates", A{}}, {"seats", 1}}), "invalid_args",
            "candidates");
    refused(r.chair, "ballot.open", with({{"kind", "rating"}, {"member", 99999}}), "not_found");
  }
  // None of that was stored.
  CHECK(act(r.chair, "meeting.notice", r.meeting, {{"text", "Chuẩn bị bỏ phiếu kín"}}) == head + 1);

  const auto ballot = open_ballot(r, {{"kind", "yes_no"},
                                      {"decision", "ordinary"},
                                      {"subject", "Thông qua đề nghị khen thưởng đảng viên"}});
  {
    const auto e = event_is(r.chair, r.meeting, ballot, "ballot.opened");
    const auto el = strings_at(e, "/data/eligible");
    CHECK(std::set<std::string>(el.begin(), el.end()) ==
          std::set<std::string>{r.pid(kHong), r.pid(kBinh), r.pid(kChau), r.pid(kDung)});
    CHECK(int_at(e, "/data/issued") == 4);
  }
  refused(r.chair, "ballot.open",
          {{"meeting", r.meeting}, {"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Khác"}}, "conflict", {},
          "ballot_open");

  // ---- who may not cast ----
  auto attempt = [&](const std::string& voter) { return cast_args(r.meeting, ballot, make_cast(r, voter, json::string("for"))); };
  refused(r[kNgoc], "ballot.cast", attempt(kNgoc), "not_eligible");  // probationary
  refused(r[kEn], "ballot.cast", attempt(kEn), "not_eligible");      // official, not present
  refused(r.observer, "ballot.cast", attempt(kBinh), "not_eligible");  // observer by link
  refused(district, "ballot.cast", attempt(kBinh), "not_eligible");    // observer account
  {
    O a = attempt(kBinh);
    a["ballot"] = 99999;
    refused(r[kBinh], "ballot.cast", a, "not_found");
    a["ballot"] = 1;  // a seq, but meeting.created, not a ballot
    refused(r[kBinh], "ballot.cast", a, "not_found");
  }

  // ---- bad trackers: 32 lowercase hex characters only ----
  {
    const std::string good = new_tracker();
    std::string upper = good;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return std::toupper(ch); });
    if (upper == good) upper[0] = 'A';
    const std::vector<json::value> bad{json::string(upper),         json::string(good.substr(0, 31)),
                                       json::string(good + "0"),    json::string("g" + good.substr(1)),
                                       json::string(""),            json::string(std::string(32, ' ')),
                                       json::value(12345),          json::value(nullptr),
                                       json::string(good.substr(0, 16) + "-" + good.substr(17))};
    for (const auto& t : bad) {
      O a = attempt(kBinh);
      a["tracker"] = t;
      INFO("tracker " << dump(t));
      refused(r[kBinh], "ballot.cast", a, "invalid_args", "tracker");
    }
    O a = attempt(kBinh);
    a.erase("tracker");
    refused(r[kBinh], "ballot.cast", a, "invalid_args", "tracker");
  }
  // ---- choices that are not an option ----
  {
    const std::vector<json::value> bad{json::string("maybe"), json::string("excellent"), json::string("For"),
                                       json::string(""),      json::value(7),            A{"for"},
                                       json::value(nullptr)};
    for (const auto& ch : bad) {
      O a = attempt(kBinh);
      a["choice"] = ch;
      INFO("choice " << dump(ch));
      refused(r[kBinh], "ballot.cast", a, "invalid_args", "choice");
    }
    O a = attempt(kBinh);
    a.erase("choice");
    refused(r[kBinh], "ballot.cast", a, "invalid_args", "choice");
    a = attempt(kBinh);
    a["key"] = std::string(65, 'k');
    refused(r[kBinh], "ballot.cast", a, "invalid_args", "key");
    a["key"] = "";
    refused(r[kBinh], "ballot.cast", a, "invalid_args", "key");
  }
  // Nothing was held by any of that.
  check_join_ballots(conduct(r.chair, "meeting.join", r.meeting, {{"since", r.chair.ws.last_seq(r.meeting)}}), ballot, {});

  // ---- two ballots, the second with a tracker already in the box ----
  std::vector<Cast> casts{make_cast(r, kBinh, json::string("for")), make_cast(r, kChau, json::string("against"))};
  cast_held(r, ballot, casts[0], 1);
  {
    Cast same = casts[1];
    same.tracker = casts[0].tracker;
    refused(r[kChau], "ballot.cast", cast_args(r.meeting, ballot, same), "conflict", {}, "tracker_taken");
  }
  cast_held(r, ballot, casts[1], 2);
  check_join_ballots(conduct(r.chair, "meeting.join", r.meeting, {{"since", r.chair.ws.last_seq(r.meeting)}}), ballot,
                     {r.pid(kBinh), r.pid(kChau)});

  // ---- chair-level ops ----
  refused(r[kBinh], "ballot.close", {{"meeting", r.meeting}, {"ballot", ballot}}, "forbidden");
  refused(r[kBinh], "ballot.reopen", {{"meeting", r.meeting}, {"ballot", ballot}}, "forbidden");
  refused(r.observer, "ballot.close", {{"meeting", r.meeting}, {"ballot", ballot}}, "forbidden");
  refused(r.chair, "ballot.close", {{"meeting", r.meeting}, {"ballot", 99999}}, "not_found");
  refused(r.chair, "meeting.close", {{"meeting", r.meeting}}, "conflict", {}, "ballot_open");
  refused(r.chair, "ballot.confirm", {{"meeting", r.meeting}, {"ballot", ballot}}, "conflict", {}, "ballot_open");

  // ---- after the close ----
  const auto closed_seq = act(r.chair, "ballot.close", r.meeting, {{"ballot", ballot}});
  const auto closed = event_is(r.chair, r.meeting, closed_seq, "ballot.closed");
  check_sealed(closed, casts);
  CHECK(str_at(closed, "/data/secrecy") == "few_ballots");  // 2 ballots: each voter knows the other's
  refused(r[kDung], "ballot.cast", attempt(kDung), "vote_closed");
  refused(r[kBinh], "ballot.cast", cast_args(r.meeting, ballot, casts[0]), "vote_closed");  // even a retry
  refused(r.chair, "ballot.close", {{"meeting", r.meeting}, {"ballot", ballot}}, "vote_closed");
  refused(r.chair, "ballot.reopen", {{"meeting", r.meeting}, {"ballot", ballot}}, "vote_closed");
  refused(r.chair, "ballot.confirm", {{"meeting", r.meeting}, {"ballot", 99999}}, "not_found");
  act(r.chair, "meeting.close", r.meeting);
  refused(r.chair, "ballot.open",
          {{"meeting", r.meeting}, {"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Muộn"}},
          "meeting_closed");
  refused(r[kDung], "ballot.cast", attempt(kDung), "meeting_closed");
}

// ============================================================================
// 3. Reopening voids.
// ============================================================================

TEST_CASE("ballot: reopen voids every held ballot; everyone votes again", "[ballot]") {
  TestServer srv;
  Room r = login_room(srv);
  create_meeting(r, "regular", "Sinh hoạt chi bộ tháng 12/2026", "2026-12-15T19:30");
  open_meeting(r, {kBinh, kChau, kDung, kEn, kGiang});

  const auto ballot = open_ballot(r, {{"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Thông qua"}});
  std::vector<Cast> first{make_cast(r, kBinh, json::string("for")), make_cast(r, kChau, json::string("against")),
                          make_cast(r, kDung, json::string("for"))};
  for (std::size_t i = 0; i < first.size(); ++i) cast_held(r, ballot, first[i], static_cast<std::int64_t>(i) + 1);

  refused(r[kBinh], "ballot.reopen", {{"meeting", r.meeting}, {"ballot", ballot}}, "forbidden");
  refused(r.chair, "ballot.reopen", {{"meeting", r.meeting}, {"ballot", 99999}}, "not_found");
  const auto reopened = act(r.chair, "ballot.reopen", r.meeting, {{"ballot", ballot}});
  {
    const auto e = event_is(r.chair, r.meeting, reopened, "ballot.reopened");
    INFO(dump(e));
    CHECK(keys_at(e, "/data") == std::set<std::string>{"ballot", "voided"});
    CHECK(int_at(e, "/data/ballot") == ballot);
    CHECK(int_at(e, "/data/voided") == 3);
    for (const auto& c : first) CHECK(dump(e).find(c.tracker) == std::string::npos);
  }
  // The turnout is back to 0, for the chair and for a phone that reconnects.
  check_join_ballots(conduct(r.chair, "meeting.join", r.meeting, {{"since", r.chair.ws.last_seq(r.meeting)}}), ballot, {});
  {
    Peer& giang = r[kGiang];
    wait_seq(giang.ws, r.meeting, reopened);
    const auto last = giang.ws.last_seq(r.meeting);
    const auto hello = hello_link(srv, giang, last);
    check_join_ballots(at(hello, "/result/joined")->as_object(), ballot, {});
  }
  r.chair.ws.clear_events();

  // Everyone may vote again. Bình's browser sends the same tracker and key
  // (with another choice): a fresh ballot, not a duplicate of the voided one.
  Cast binh = first[0];
  binh.choice = json::string("against");
  binh.canonical = "against";
  std::vector<Cast> second{binh, make_cast(r, kChau, json::string("for")), make_cast(r, kHong, json::string("for")),
                           make_cast(r, kEn, json::string("for")), make_cast(r, kGiang, json::string("against"))};
  for (std::size_t i = 0; i < second.size(); ++i) cast_held(r, ballot, second[i], static_cast<std::int64_t>(i) + 1);
  {
    // The turnout pushes start again at 1.
    const bool five = r.chair.ws.wait_until([&] { return named(r.chair.ws.events(), "ballot.turnout").size() >= 5; });
    REQUIRE(five);
    std::vector<std::int64_t> counts;
    for (const auto& e : named(r.chair.ws.events(), "ballot.turnout")) counts.push_back(int_at(e, "/data/turnout"));
    CHECK(counts == range(1, 5));
  }
  const auto closed_seq = act(r.chair, "ballot.close", r.meeting, {{"ballot", ballot}});
  const auto closed = event_is(r.chair, r.meeting, closed_seq, "ballot.closed");
  check_sealed(closed, second);  // Dũng did not vote again: his voided ballot is not there
  {
    const std::string d = dump(closed);
    CHECK(d.find(first[1].tracker) == std::string::npos);  // Châu's voided ballot
    CHECK(d.find(first[2].tracker) == std::string::npos);  // Dũng's
    CHECK(int_at(closed, "/data/counts/for") == 3);
    CHECK(int_at(closed, "/data/counts/against") == 2);
    // Denominator: the 8 active officials (Hạnh and Lan unmarked still count).
    CHECK(int_at(closed, "/data/denominator") == 8);
    CHECK(bool_at(closed, "/data/result/passed") == false);  // 3 is not more than 4
    CHECK(int_at(closed, "/data/result/required") == 5);
  }
  voters_verify(r, closed_seq, second);

  // Reopening an empty box voids nothing.
  const auto empty = open_ballot(r, {{"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Thông qua lần 2"}});
  CHECK(int_at(event_is(r.chair, r.meeting, act(r.chair, "ballot.reopen", r.meeting, {{"ballot", empty}}),
                        "ballot.reopened"),
               "/data/voided") == 0);
  act(r.chair, "ballot.close", r.meeting, {{"ballot", empty}});
}

// ============================================================================
// 4. A restart while a ballot is open.
// ============================================================================

TEST_CASE("ballot: a restart while open loses the held ballots; voters send them again", "[ballot]") {
  TestServer srv;
  Room r = login_room(srv);
  create_meeting(r, "regular", "Sinh hoạt chi bộ tháng 12/2026", "2026-12-15T19:30");
  open_meeting(r, {kBinh, kChau, kDung, kEn});

  const auto ballot = open_ballot(r, {{"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Thông qua"}});
  std::vector<Cast> held{make_cast(r, kHong, json::string("for")), make_cast(r, kBinh, json::string("for")),
                         make_cast(r, kChau, json::string("against")), make_cast(r, kDung, json::string("for"))};
  for (std::size_t i = 0; i < held.size(); ++i) cast_held(r, ballot, held[i], static_cast<std::int64_t>(i) + 1);
  const auto trackers = trackers_of(held);

  std::map<std::string, std::int64_t> last;
  for (const char* n : {kHong, kBinh, kChau, kDung, kEn}) {
    wait_seq(r[n].ws, r.meeting, ballot);
    r[n].ws.barrier();
    last[n] = r[n].ws.last_seq(r.meeting);
  }

  SECTION("SIGTERM") {
    CHECK(srv.stop() == 0);
    CHECK(srv.sanitizer_report().empty());
  }
  SECTION("SIGKILL") { srv.kill9(); }

  // Whatever the stop, the held ballots were never written.
  check_files_hold_no_tracker(srv, trackers);
  CHECK(check_db_links_nothing(read_db(copy_db(srv, "stopped")), trackers).empty());
  check_output(srv, trackers, {"against", "choice"});

  srv.start();
  // Everyone reconnects and resumes: the ballot is still open, the box empty.
  {
    json::object reply;
    r.chair.ws = with_token(srv, r.token, r.meeting, last[kHong], &reply);
    r.chair.replies.push_back(reply);
    const json::value* joined = at(reply, "/result/joined");
    REQUIRE(joined);
    check_join_ballots(joined->as_object(), ballot, {});
  }
  for (const char* n : {kBinh, kChau, kDung, kEn}) {
    const auto hello = hello_link(srv, r[n], last[n]);
    const json::value* joined = at(hello, "/result/joined");
    REQUIRE(joined);
    check_join_ballots(joined->as_object(), ballot, {});
    CHECK(str_at(joined->as_object(), "/meeting/status") == "open");
    r[n].ws.barrier();
    for (const auto& e : r[n].ws.events()) {
      INFO(dump(e));
      CHECK(str_at(e, "/ev").rfind("ballot.", 0) == std::string::npos);  // no ballot event was logged or replayed
    }
  }
  // Each browser sends its ballot again, with the same tracker and key: held anew.
  for (std::size_t i = 0; i < held.size(); ++i) cast_held(r, ballot, held[i], static_cast<std::int64_t>(i) + 1);
  {
    // Now the key is known again: a retry is a duplicate.
    const auto retry = r[kBinh].request("ballot.cast", cast_args(r.meeting, ballot, held[1]));
    REQUIRE(is_ok(retry));
    CHECK(bool_at(result_of(retry), "/duplicate") == true);
  }
  std::vector<Cast> all = held;
  all.push_back(make_cast(r, kEn, json::string("for")));
  cast_held(r, ballot, all.back(), 5);

  const auto closed_seq = act(r.chair, "ballot.close", r.meeting, {{"ballot", ballot}});
  const auto closed = event_is(r.chair, r.meeting, closed_seq, "ballot.closed");
  check_sealed(closed, all);
  CHECK(int_at(closed, "/data/issued") == 5);
  CHECK(int_at(closed, "/data/counts/for") == 4);
  CHECK(int_at(closed, "/data/counts/against") == 1);
  CHECK(int_at(closed, "/data/denominator") == 8);
  CHECK(int_at(closed, "/data/result/required") == 5);
  CHECK(bool_at(closed, "/data/result/passed") == false);  // 4 of 8 is not more than half
  voters_verify(r, closed_seq, all);
}

// ============================================================================
// 4b. Casts racing the close.
// ============================================================================

TEST_CASE("ballot: casts racing the close — every ballot answered held is in the sealed box", "[ballot]") {
  TestServer srv;
  Room r = login_room(srv);
  create_meeting(r, "regular", "Sinh hoạt chi bộ tháng 12/2026", "2026-12-15T19:30");
  const std::vector<std::string> names{kBinh, kChau, kDung, kEn, kGiang};
  open_meeting(r, names);
  for (std::size_t round = 0; round <= names.size(); ++round) {
    INFO("round " << round);
    const auto ballot = open_ballot(r, {{"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Thông qua"}});
    // Everyone sends at once, without waiting; the chair's close goes out among them.
    std::vector<Cast> casts;
    std::vector<std::int64_t> ids;
    std::int64_t close_id = 0;
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (k == round) close_id = r.chair.ws.send("ballot.close", O{{"meeting", r.meeting}, {"ballot", ballot}});
      casts.push_back(make_cast(r, names[k], json::string(k % 2 ? "against" : "for")));
      ids.push_back(r[names[k]].ws.send("ballot.cast", cast_args(r.meeting, ballot, casts.back())));
    }
    if (!close_id) close_id = r.chair.ws.send("ballot.close", O{{"meeting", r.meeting}, {"ballot", ballot}});
    const auto closing = r.chair.ws.wait_reply(close_id);
    INFO(dump(closing));
    REQUIRE(is_ok(closing));
    std::vector<Cast> held;
    for (std::size_t k = 0; k < names.size(); ++k) {
      const auto reply = r[names[k]].ws.wait_reply(ids[k]);
      INFO(names[k] << " -> " << dump(reply));
      if (is_ok(reply)) {
        CHECK(bool_at(result_of(reply), "/held") == true);
        held.push_back(casts[k]);
      } else {
        CHECK(error_code(reply) == "vote_closed");
      }
    }
    const auto closed = event_is(r.chair, r.meeting, int_at(result_of(closing), "/seq"), "ballot.closed");
    check_sealed(closed, held);  // held = counted, refused = not: nothing in between
  }
}

// ============================================================================
// 5. Small ballots; discipline and elections.
// ============================================================================

TEST_CASE("ballot: small ballots say their secrecy is limited; discipline and election counting", "[ballot]") {
  TestServer srv;
  Room r = login_room(srv);
  create_meeting(r, "discipline", "Xem xét kỷ luật đảng viên", "2026-12-15T19:30");
  open_meeting(r, {kBinh, kChau, kDung, kEn, kGiang});
  // Denominator 8: the active officials; Hạnh and Lan (unmarked) still count.

  auto run = [&](O open_args, std::vector<Cast> casts) {
    const auto ballot = open_ballot(r, std::move(open_args));
    for (std::size_t i = 0; i < casts.size(); ++i) cast_held(r, ballot, casts[i], static_cast<std::int64_t>(i) + 1);
    const auto seq = act(r.chair, "ballot.close", r.meeting, {{"ballot", ballot}});
    const auto closed = event_is(r.chair, r.meeting, seq, "ballot.closed");
    check_sealed(closed, casts);
    voters_verify(r, seq, casts);
    return closed;
  };
  const O yes_no{{"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Thông qua"}};
  auto s = [](const char* c) { return json::value(json::string(c)); };

  SECTION("two voters: few_ballots") {
    const auto e = run(yes_no, {make_cast(r, kBinh, s("for")), make_cast(r, kChau, s("against"))});
    CHECK(str_at(e, "/data/secrecy") == "few_ballots");
  }
  SECTION("no ballot at all: few_ballots, the fingerprint of an empty box") {
    const auto e = run(yes_no, {});
    CHECK(str_at(e, "/data/secrecy") == "few_ballots");
    CHECK(str_at(e, "/data/fingerprint") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(int_at(e, "/data/counts/for") == 0);
  }
  SECTION("three voters, the same choice: unanimous") {
    const auto e = run(yes_no, {make_cast(r, kBinh, s("for")), make_cast(r, kChau, s("for")), make_cast(r, kDung, s("for"))});
    CHECK(str_at(e, "/data/secrecy") == "unanimous");
    CHECK(int_at(e, "/data/counts/for") == 3);
  }
  SECTION("three voters, every valid ballot the same, one blank: unanimous") {
    const auto e = run(yes_no, {make_cast(r, kBinh, s("against")), make_cast(r, kChau, s("blank")),
                                make_cast(r, kDung, s("against"))});
    CHECK(str_at(e, "/data/secrecy") == "unanimous");
    CHECK(int_at(e, "/data/invalid") == 1);
  }
  SECTION("three voters, two choices: none") {
    const auto e = run(yes_no, {make_cast(r, kBinh, s("for")), make_cast(r, kChau, s("against")),
                                make_cast(r, kDung, s("for"))});
    CHECK(str_at(e, "/data/secrecy") == "none");
  }
  SECTION("discipline, cumulative from the harshest: 3 warning + 2 reprimand = reprimand") {
    // Warning: 3, not more than 4. Reprimand: 3 + 2 = 5 > 4: reprimand.
    const auto e = run({{"kind", "discipline"},
                        {"penalties", A{"reprimand", "warning"}},
                        {"subject", "Kỷ luật đồng chí Võ Văn Giang"}},
                       {make_cast(r, kHong, s("warning")), make_cast(r, kBinh, s("warning")),
                        make_cast(r, kChau, s("warning")), make_cast(r, kDung, s("reprimand")),
                        make_cast(r, kEn, s("reprimand")), make_cast(r, kGiang, s("none"))});
    INFO(dump(e));
    CHECK(str_at(e, "/data/kind") == "discipline");
    CHECK(int_at(e, "/data/counts/warning") == 3);
    CHECK(int_at(e, "/data/counts/reprimand") == 2);
    CHECK(int_at(e, "/data/counts/none") == 1);
    CHECK(str_at(e, "/data/result/penalty") == "reprimand");
    CHECK(int_at(e, "/data/result/cumulative") == 5);
    CHECK(int_at(e, "/data/result/required") == 5);
    CHECK(str_at(e, "/data/secrecy") == "none");
  }
  SECTION("election: arrays of candidates, canonical in the box") {
    const O open{{"kind", "election"},
                 {"subject", "Bầu chi ủy"},
                 {"seats", 2},
                 {"candidates", A{O{{"name", kBinh}, {"member", r.id(kBinh)}}, O{{"name", kChau}}, O{{"name", kDung}}}}};
    // c1 has 5 > 4: elected; c2 3, c3 1: not. Choices are sorted and joined in the box.
    const auto ballot = open_ballot(r, open);
    {
      const auto opened = event_is(r.chair, r.meeting, ballot, "ballot.opened");
      CHECK(int_at(opened, "/data/seats") == 2);
      std::vector<std::string> ids;
      for (const auto& o : at(opened, "/data/options")->as_array()) ids.push_back(str_at(o.as_object(), "/id"));
      CHECK(ids == std::vector<std::string>{"c1", "c2", "c3"});
      // Bad election choices.
      for (const json::value& ch : {json::value(A{"c1", "c1"}), json::value(A{"c1", "c2", "c3"}),
                                    json::value(A{"c4"}), json::value(s("c1,c2"))}) {
        INFO("choice " << dump(ch));
        O a = cast_args(r.meeting, ballot, make_cast(r, kBinh, ch));
        refused(r[kBinh], "ballot.cast", a, "invalid_args", "choice");
      }
    }
    std::vector<Cast> casts{make_cast(r, kHong, A{"c1", "c2"}, "c1,c2"), make_cast(r, kBinh, A{"c2", "c1"}, "c1,c2"),
                            make_cast(r, kChau, A{"c1", "c2"}, "c1,c2"), make_cast(r, kDung, A{"c1"}, "c1"),
                            make_cast(r, kEn, A{"c3", "c1"}, "c1,c3"),   make_cast(r, kGiang, A{}, "blank")};
    for (std::size_t i = 0; i < casts.size(); ++i) cast_held(r, ballot, casts[i], static_cast<std::int64_t>(i) + 1);
    const auto seq = act(r.chair, "ballot.close", r.meeting, {{"ballot", ballot}});
    const auto e = event_is(r.chair, r.meeting, seq, "ballot.closed");
    check_sealed(e, casts);
    INFO(dump(e));
    CHECK(int_at(e, "/data/counts/c1") == 5);
    CHECK(int_at(e, "/data/counts/c2") == 3);
    CHECK(int_at(e, "/data/counts/c3") == 1);
    CHECK(strings_at(e, "/data/result/elected") == std::vector<std::string>{"c1"});
    CHECK(strings_at(e, "/data/result/tied").empty());
    CHECK(int_at(e, "/data/result/required") == 5);
    CHECK(int_at(e, "/data/invalid") == 1);
  }
}

// ============================================================================
// 6. The annual review of a 10-member cell.
// ============================================================================

TEST_CASE("ballot: an annual review — agenda, self-reviews with a PDF, eight ratings, the quota, the committee",
          "[ballot]") {
  TestServer srv;
  Room r = login_room(srv);

  // ---- the cell: 10 members ----
  // Mạnh (attached) and Phúc leave the roster; Ngọc's admission moves to
  // 2026-07-01, less than 6 months before the meeting on 2026-12-10 (she
  // would be rated from 2027-01-01). Left: 8 active officials, Khoa (exempt),
  // Ngọc (probationary).
  for (const char* n : {kManh, kPhuc}) r.chair.ws.call("roster.remove", {{"id", r.id(n)}});
  {
    O ngoc = r.roster.at(kNgoc);
    ngoc["admitted_on"] = "2026-07-01";
    CHECK(str_at(r.chair.ws.call("roster.update", {{"member", ngoc}}), "/member/admitted_on") == "2026-07-01");
  }
  r.reload_roster();
  REQUIRE(r.roster.size() == 10);
  const std::vector<std::string> rated{kHong, kBinh, kChau, kDung, kEn, kGiang, kHanh, kLan};

  create_meeting(r, "annual_review", "Kiểm điểm, đánh giá, xếp loại đảng viên năm 2026", "2026-12-10T19:30");

  // ---- meeting.created: one item per rated member, leaders first; who is not rated ----
  const auto created = event_is(r.chair, r.meeting, 1, "meeting.created");
  std::vector<std::string> review_order;  // names, in agenda order
  std::map<std::string, std::string> item_of;
  {
    INFO(dump(created));
    CHECK(str_at(created, "/data/kind") == "annual_review");
    const auto& agenda = at(created, "/data/agenda")->as_array();
    std::size_t collective = agenda.size(), first_review = agenda.size(), last_review = 0;
    for (std::size_t i = 0; i < agenda.size(); ++i) {
      const auto& it = agenda[i].as_object();
      if (str_at(it, "/key") == "collective_review") collective = i;
      if (str_at(it, "/key") != "member_review") continue;
      first_review = std::min(first_review, i);
      last_review = i;
      const auto member = int_at(it, "/member");
      std::string name;
      for (const auto& [n, m] : r.roster)
        if (int_at(m, "/id") == member) name = n;
      INFO("item " << dump(it));
      REQUIRE(!name.empty());
      CHECK(str_at(it, "/title") == "Kiểm điểm đồng chí " + name);
      CHECK(str_at(it, "/section") == "proceedings");
      review_order.push_back(name);
      item_of[name] = str_at(it, "/id");
    }
    REQUIRE(review_order.size() == 8);
    CHECK(last_review - first_review == 7);  // together
    CHECK(first_review == collective + 1);   // after the collective review
    // The secretary, the deputy, the committee member; then the others.
    CHECK(std::vector<std::string>(review_order.begin(), review_order.begin() + 3) ==
          std::vector<std::string>{kHong, kBinh, kChau});
    CHECK(std::set<std::string>(review_order.begin() + 3, review_order.end()) ==
          std::set<std::string>{kDung, kEn, kGiang, kHanh, kLan});
    std::set<std::tuple<std::int64_t, std::string, std::string>> not_rated;
    for (const auto& v : at(created, "/data/not_rated")->as_array())
      not_rated.emplace(int_at(v.as_object(), "/member"), str_at(v.as_object(), "/name"), str_at(v.as_object(), "/reason"));
    CHECK(not_rated == std::set<std::tuple<std::int64_t, std::string, std::string>>{
                           {r.id(kKhoa), kKhoa, "exempt"}, {r.id(kNgoc), kNgoc, "recently_admitted"}});
  }

  {
    // The 6-month line, by calendar months: admitted 2026-07-01, rated from 2027-01-01.
    WsClient probe = with_token(srv, r.token);
    const std::vector<std::pair<std::string, bool>> dates{{"2026-12-31T19:30", false}, {"2027-01-01T08:00", true}};
    for (const auto& [starts, rated_then] : dates) {
      const auto made = probe.call("meeting.create", {{"cell", r.cell}, {"kind", "annual_review"},
                                                      {"title", "Kiểm điểm (dự kiến)"}, {"starts_at", starts}});
      const auto id = int_at(made, "/meeting/id");
      probe.call("meeting.join", {{"meeting", id}, {"since", 0}});
      wait_seq(probe, id, 1);
      const auto first = probe.logged_events(id).front();
      INFO("meeting on " << starts << ": " << dump(first));
      bool listed = false;
      for (const auto& v : at(first, "/data/not_rated")->as_array())
        if (int_at(v.as_object(), "/member") == r.id(kNgoc)) {
          listed = true;
          CHECK(str_at(v.as_object(), "/reason") == "recently_admitted");
        }
      CHECK(listed == !rated_then);
    }
  }

  // ---- before the meeting: self-reviews ----
  for (const auto& n : rated)
    if (n != kHong) connect(r, n);
  connect(r, kNgoc);
  const std::vector<std::string> self_rating{"excellent", "good", "good", "good", "good", "good", "completed", "good"};
  std::map<std::string, std::string> texts;
  for (std::size_t i = 0; i < rated.size(); ++i) {
    const std::string& n = rated[i];
    texts[n] = "Bản tự kiểm điểm năm 2026 của đồng chí " + n +
               ".\nƯu điểm: chấp hành tốt chủ trương, nghị quyết.\nKhuyết điểm: đôi lúc chưa sâu sát.";
    const auto seq = act(r[n], "review.submit", r.meeting, {{"self_rating", self_rating[i]}, {"text", texts[n]}});
    const auto e = event_is(r.chair, r.meeting, seq, "review.submitted");
    INFO(dump(e));
    CHECK(int_at(e, "/data/member") == r.id(n));
    CHECK(str_at(e, "/data/name") == n);
    CHECK(str_at(e, "/data/self_rating") == self_rating[i]);
    CHECK(int_at(e, "/data/chars") == code_points(texts[n]));
    CHECK(at(e, "/data/text") == nullptr);  // the text is stored apart
    CHECK(dump(e).find("Ưu điểm") == std::string::npos);
  }
  refused(r[kBinh], "review.submit",
          {{"meeting", r.meeting}, {"member", r.id(kChau)}, {"self_rating", "good"}, {"text", "Không phải của tôi"}},
          "forbidden");
  refused(r[kBinh], "review.submit", {{"meeting", r.meeting}, {"self_rating", "perfect"}, {"text", "x"}},
          "invalid_args", "self_rating");
  refused(r[kBinh], "review.submit", {{"meeting", r.meeting}, {"text", std::string(16001, 'a')}}, "invalid_args",
          "text");
  refused(r[kEn], "review.get", {{"meeting", r.meeting}, {"member", r.id(kKhoa)}}, "not_found");
  {
    const auto got = conduct(r[kEn], "review.get", r.meeting, {{"member", r.id(kGiang)}});
    INFO(dump(got));
    CHECK(int_at(got, "/review/member") == r.id(kGiang));
    CHECK(str_at(got, "/review/self_rating") == "good");
    CHECK(str_at(got, "/review/text") == texts[kGiang]);
    CHECK(at(got, "/review/file")->is_null());
  }

  // ---- a PDF in two chunks (Dũng), read back by Én ----
  std::string pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n";
  for (int i = 0; pdf.size() < 50'000; ++i) pdf += "% dong " + std::to_string(i) + ": tu kiem diem \x01\xff\x7f\n";
  pdf += "%%EOF\n";
  const std::size_t chunk1 = 36 * 1024;  // 48 KiB of base64
  const O upload{{"meeting", r.meeting},
                 {"name", "tu-kiem-diem-dung.pdf"},
                 {"mime", "application/pdf"},
                 {"size", static_cast<std::int64_t>(pdf.size())}};
  auto chunk = [&](std::size_t offset, std::size_t n) {
    O a = upload;
    a["offset"] = static_cast<std::int64_t>(offset);
    a["data"] = b64_encode(std::string_view(pdf).substr(offset, n));
    return a;
  };
  {
    const auto first = chunk(0, chunk1);
    CHECK(first.at("data").as_string().size() == 48 * 1024);
    CHECK(int_at(conduct(r[kDung], "review.upload", r.meeting, first), "/received") == static_cast<std::int64_t>(chunk1));
    // A wrong offset: conflict, and the upload goes on from what was received.
    refused(r[kDung], "review.upload", chunk(chunk1 + 100, 1000), "conflict", {}, "offset");
    refused(r[kDung], "review.upload", chunk(chunk1 - 1, 1000), "conflict", {}, "offset");
    const auto seq = act(r[kDung], "review.upload", r.meeting, chunk(chunk1, pdf.size() - chunk1));
    const auto e = event_is(r.chair, r.meeting, seq, "review.submitted");
    INFO(dump(e));
    CHECK(int_at(e, "/data/member") == r.id(kDung));
    CHECK(str_at(e, "/data/file/name") == "tu-kiem-diem-dung.pdf");
    CHECK(str_at(e, "/data/file/mime") == "application/pdf");
    CHECK(int_at(e, "/data/file/size") == static_cast<std::int64_t>(pdf.size()));
    CHECK(str_at(e, "/data/file/sha256") == sha256_hex(pdf));
  }
  {
    // Not a PDF, though it says so: refused, nothing stored.
    const std::string html = "<html><body>Bản tự kiểm điểm</body></html>";
    O a{{"meeting", r.meeting}, {"name", "tu-kiem-diem.pdf"}, {"mime", "application/pdf"},
        {"size", static_cast<std::int64_t>(html.size())}, {"offset", 0}, {"data", b64_encode(html)}};
    refused(r[kHanh], "review.upload", a, "invalid_args", "data");
    const std::string zip = std::string("PK\x03\x04", 4) + std::string(100, 'z');
    a["size"] = static_cast<std::int64_t>(zip.size());
    a["data"] = b64_encode(zip);
    refused(r[kHanh], "review.upload", a, "invalid_args", "data");  // a DOCX's ZIP is not a PDF
    const auto got = conduct(r[kEn], "review.get", r.meeting, {{"member", r.id(kHanh)}});
    CHECK(at(got, "/review/file")->is_null());
    refused(r[kEn], "review.file", {{"meeting", r.meeting}, {"member", r.id(kHanh)}, {"offset", 0}}, "not_found");
  }
  {
    const auto got = conduct(r[kEn], "review.get", r.meeting, {{"member", r.id(kDung)}});
    INFO(dump(got));
    CHECK(str_at(got, "/review/text") == texts[kDung]);  // the file did not replace the text
    CHECK(str_at(got, "/review/self_rating") == "good");
    CHECK(str_at(got, "/review/file/name") == "tu-kiem-diem-dung.pdf");
    CHECK(int_at(got, "/review/file/size") == static_cast<std::int64_t>(pdf.size()));
    CHECK(str_at(got, "/review/file/sha256") == sha256_hex(pdf));
    std::string bytes;
    int chunks = 0;
    while (bytes.size() < pdf.size()) {
      const auto part = conduct(r[kEn], "review.file", r.meeting,
                                {{"member", r.id(kDung)}, {"offset", static_cast<std::int64_t>(bytes.size())}});
      INFO("offset " << bytes.size());
      CHECK(int_at(part, "/offset") == static_cast<std::int64_t>(bytes.size()));
      CHECK(int_at(part, "/size") == static_cast<std::int64_t>(pdf.size()));
      CHECK(str_at(part, "/mime") == "application/pdf");
      CHECK(str_at(part, "/name") == "tu-kiem-diem-dung.pdf");
      const std::string data = str_at(part, "/data");
      CHECK(data.size() <= 48 * 1024);
      REQUIRE(!data.empty());
      bytes += b64_decode(data);
      REQUIRE(++chunks <= 3);
    }
    CHECK(chunks == 2);
    CHECK(bytes == pdf);
    const auto past = conduct(r[kEn], "review.file", r.meeting,
                              {{"member", r.id(kDung)}, {"offset", static_cast<std::int64_t>(pdf.size())}});
    CHECK(str_at(past, "/data") == "");
  }

  // ---- the meeting: committee, roll call ----
  open_meeting(r, {kBinh, kChau, kDung, kEn, kGiang, kHanh, kLan, kNgoc});  // Khoa (exempt) does not come
  {
    const auto seq = act(r.chair, "role.appoint", r.meeting,
                         {{"role", "counting_committee"},
                          {"members", A{json::string(r.pid(kChau)), json::string(r.pid(kGiang)), json::string(r.pid(kLan))}},
                          {"head", r.pid(kChau)}});
    const auto e = event_is(r.chair, r.meeting, seq, "role.appointed");
    INFO(dump(e));
    CHECK(str_at(e, "/data/role") == "counting_committee");
    CHECK(str_at(e, "/data/head") == r.pid(kChau));
    std::set<std::string> members;
    for (const auto& v : at(e, "/data/members")->as_array()) members.insert(str_at(v.as_object(), "/participant"));
    CHECK(members == std::set<std::string>{r.pid(kChau), r.pid(kGiang), r.pid(kLan)});
  }
  act(r.chair, "rollcall.open", r.meeting);
  {
    const auto seq = act(r.chair, "rollcall.close", r.meeting);
    const auto e = event_is(r.chair, r.meeting, seq, "rollcall.closed");
    INFO(dump(e));
    CHECK(int_at(e, "/data/summary/present") == 9);
    CHECK(int_at(e, "/data/summary/denominator") == 8);  // 8 active officials; Khoa exempt and absent
    CHECK(int_at(e, "/data/summary/voters_present") == 8);
  }
  // Members who are not rated cannot be put to a rating.
  for (const char* n : {kKhoa, kNgoc})
    refused(r.chair, "ballot.open",
            {{"meeting", r.meeting}, {"kind", "rating"}, {"subject", "Xếp loại"}, {"member", r.id(n)}}, "conflict",
            {}, "not_rated");

  // ---- eight ratings, designed ----
  // Denominator 8: excellent needs at least 2/3 → 6; good and completed more
  // than 1/2 → 5; counted cumulatively downward. Quota: excellent ≤ 1/5 of
  // good, counted over every rating closed so far in the meeting.
  struct Plan {
    std::vector<std::string> votes;  // by voter, in `rated` order
    std::string level;
    int cumulative, required;
    int excellent, good, allowed;  // quota after this ballot
    bool exceeded;
    std::string secrecy;
  };
  const std::string E = "excellent", G = "good", C = "completed", N = "not_completed", B = "blank";
  const std::vector<Plan> plans{
      // exactly 2/3: excellent; 1 excellent and no good yet: over the quota
      {{E, E, E, E, E, E, G, C}, "excellent", 6, 6, 1, 0, 0, true, "none"},
      // 5 excellent is not 2/3; with 3 good, 8 support good
      {{E, E, E, E, E, G, G, G}, "good", 8, 5, 1, 1, 0, true, "none"},
      // 2 + 3 = 5 > 4: good, exactly at the line
      {{E, E, G, G, G, C, C, N}, "good", 5, 5, 1, 2, 0, true, "none"},
      // a blank ballot counts in the denominator only: 1 + 4 = 5: good
      {{E, G, G, G, G, C, N, B}, "good", 5, 5, 1, 3, 0, true, "none"},
      // all the same: the result gives every ballot away
      {{G, G, G, G, G, G, G, G}, "good", 8, 5, 1, 4, 0, true, "unanimous"},
      // the fifth good: 1 excellent ≤ 5/5, the quota holds
      {{E, E, E, G, G, C, C, C}, "good", 5, 5, 1, 5, 1, false, "none"},
      // 4 good is not more than half; 8 support completed
      {{G, G, G, G, C, C, C, C}, "completed", 8, 5, 1, 5, 1, false, "none"},
      // 1 + 3 = 4 support completed: not completed
      {{G, C, C, C, N, N, N, N}, "not_completed", -1, 0, 1, 5, 1, false, "none"},
  };
  std::int64_t first_ballot = 0;
  std::vector<std::string> all_trackers;
  for (std::size_t i = 0; i < review_order.size(); ++i) {
    const std::string& who = review_order[i];
    const Plan& plan = plans[i];
    INFO("reviewing " << who << " (" << i + 1 << " of 8)");
    // The item, the review read out, one comment.
    {
      const auto seq = act(r.chair, "agenda.goto", r.meeting, {{"item", item_of.at(who)}});
      CHECK(str_at(event_is(r.chair, r.meeting, seq, "agenda.current"), "/data/item") == item_of.at(who));
    }
    {
      const auto seq = act(r.chair, "floor.give", r.meeting, {{"participant", r.pid(who)}});
      const auto e = event_is(r.chair, r.meeting, seq, "floor.given");
      CHECK(str_at(e, "/data/item") == item_of.at(who));
      act(r[who], "floor.end", r.meeting);
      const std::string& critic = rated[(i + 3) % rated.size()] == who ? rated[(i + 4) % rated.size()]
                                                                        : rated[(i + 3) % rated.size()];
      act(r[critic], "hand.raise", r.meeting);
      act(r.chair, "floor.give", r.meeting, {{"participant", r.pid(critic)}});
      act(r[critic], "floor.end", r.meeting);
    }
    const auto ballot = open_ballot(r, {{"kind", "rating"}, {"subject", "Đề xuất xếp loại đồng chí " + who},
                                        {"member", r.id(who)}});
    if (!first_ballot) first_ballot = ballot;
    {
      const auto e = event_is(r.chair, r.meeting, ballot, "ballot.opened");
      INFO(dump(e));
      CHECK(str_at(e, "/data/kind") == "rating");
      CHECK(int_at(e, "/data/member") == r.id(who));
      CHECK(str_at(e, "/data/member_name") == who);
      CHECK(str_at(e, "/data/item") == item_of.at(who));
      std::vector<std::string> options;
      for (const auto& o : at(e, "/data/options")->as_array()) options.push_back(str_at(o.as_object(), "/id"));
      CHECK(options == std::vector<std::string>{E, G, C, N});
      CHECK(int_at(e, "/data/issued") == 8);
      CHECK(int_at(e, "/data/denominator") == 8);
    }
    refused(r[kNgoc], "ballot.cast", cast_args(r.meeting, ballot, make_cast(r, kNgoc, json::string(G))), "not_eligible");
    std::vector<Cast> casts;
    for (std::size_t v = 0; v < rated.size(); ++v) casts.push_back(make_cast(r, rated[v], json::string(plan.votes[v])));
    // In an order of its own each time.
    std::sort(casts.begin(), casts.end(), [](const Cast& a, const Cast& b) { return a.key < b.key; });
    for (std::size_t v = 0; v < casts.size(); ++v) cast_held(r, ballot, casts[v], static_cast<std::int64_t>(v) + 1);
    const auto seq = act(r.chair, "ballot.close", r.meeting, {{"ballot", ballot}});
    const auto e = event_is(r.chair, r.meeting, seq, "ballot.closed");
    check_sealed(e, casts);
    voters_verify(r, seq, casts);
    for (const auto& c : casts) all_trackers.push_back(c.tracker);
    INFO(dump(e));
    CHECK(int_at(e, "/data/member") == r.id(who));
    CHECK(str_at(e, "/data/kind") == "rating");
    CHECK(int_at(e, "/data/denominator") == 8);
    for (const auto& level : {E, G, C, N})
      CHECK(int_at(e, "/data/counts/" + level) == std::count(plan.votes.begin(), plan.votes.end(), level));
    CHECK(str_at(e, "/data/result/level") == plan.level);
    if (plan.cumulative >= 0) CHECK(int_at(e, "/data/result/cumulative") == plan.cumulative);
    CHECK(int_at(e, "/data/result/required") == plan.required);
    CHECK(int_at(e, "/data/quota/excellent") == plan.excellent);
    CHECK(int_at(e, "/data/quota/good") == plan.good);
    CHECK(int_at(e, "/data/quota/allowed") == plan.allowed);
    CHECK(bool_at(e, "/data/quota/exceeded") == plan.exceeded);
    CHECK(str_at(e, "/data/secrecy") == plan.secrecy);
  }

  // ---- the counting committee's head confirms its report ----
  refused(r[kGiang], "ballot.confirm", {{"meeting", r.meeting}, {"ballot", first_ballot}}, "forbidden");  // committee, not head
  refused(r[kDung], "ballot.confirm", {{"meeting", r.meeting}, {"ballot", first_ballot}}, "forbidden");
  refused(r.chair, "ballot.confirm", {{"meeting", r.meeting}, {"ballot", first_ballot}}, "forbidden");  // a committee exists
  refused(r[kNgoc], "ballot.confirm", {{"meeting", r.meeting}, {"ballot", first_ballot}}, "forbidden");
  {
    const auto seq = act(r[kChau], "ballot.confirm", r.meeting, {{"ballot", first_ballot}});
    const auto e = event_is(r.chair, r.meeting, seq, "ballot.confirmed");
    INFO(dump(e));
    CHECK(int_at(e, "/data/ballot") == first_ballot);
    CHECK(str_at(e, "/data/participant") == r.pid(kChau));
    CHECK(str_at(e, "/data/by") == kChau);
  }
  act(r.chair, "meeting.close", r.meeting);
  refused(r[kBinh], "review.submit", {{"meeting", r.meeting}, {"self_rating", "good"}, {"text", "Muộn"}},
          "meeting_closed");

  // ---- the files ----
  CHECK(srv.stop() == 0);
  CHECK(srv.sanitizer_report().empty());
  const auto rows = read_db(copy_db(srv, "after"));
  CHECK(check_db_links_nothing(rows, all_trackers).size() == 8);
  {
    // The self-reviews sit apart from the log, one row per member, the file's bytes intact.
    int reviews = 0;
    for (const auto& row : rows)
      if (row.table == "self_reviews" && row.col("meeting_id") == std::to_string(r.meeting)) {
        ++reviews;
        if (row.col("member_id") == std::to_string(r.id(kDung))) CHECK(row.col("file") == pdf);
      }
    CHECK(reviews == 8);
  }
  check_output(srv, all_trackers, {"excellent", "not_completed", "choice", "Ưu điểm", "tu kiem diem"});
  const CliResult check = srv.run_cli({"check", "--db", srv.db_path()});
  INFO(check.output);
  CHECK(check.exit_code == 0);
}

}  // namespace chibo::test
