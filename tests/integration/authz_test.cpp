// PROTOCOL.md "Authorization matrix" (issue 7): every op of the protocol tried
// as every role, each in a state where the op could succeed, against one table
// kept here as data and, identically, at the end of PROTOCOL.md.
//
//   allowed  (✓)       ok, or an error about the state (conflict, not_found,
//                      vote_closed, …): the server let the caller through
//   ✗                  forbidden
//   not_eligible       a check-in or vote by someone not on the roll or not allowed to vote
//   hello_required     any op before hello
//   —                  does not apply (a review of one's own for someone with no member record)
//
// Every denied attempt must leave everything as it was: the meeting's head seq,
// the cell's roster, its meetings and the meeting's links are compared before
// and after. At the end the test prints every cell that differs (op, role,
// expected, got) and fails if there is one.
//
// The roles. The demo cell (server/service/demo.cpp) gives the accounts danguy
// (district admin), bithu (secretary, linked to member Nguyễn Thị Hồng) and
// quansat (observer account), and the members. The meeting under test is a
// new `annual_review` meeting of the demo cell (so the review ops apply), in
// which Trần Văn Bình is appointed chair and Lê Minh Châu minute-taker once it
// is open; Phạm Quốc Dũng (official), Dương Thị Ngọc (probationary) and Bùi Văn
// Khoa (exempt) come in by their links and check in; an observer and a guest
// come in by guest links. No op creates a unit, so a second cell ("Chi bộ Khu
// phố 4", under the same ward committee) is written into the database while
// the server is stopped, with a secretary account for it (bithu4, bithu's
// password hash); danguy then adds a member and a meeting to it and issues
// that member a link through the protocol: "a member of another cell" holds a
// real join link, for a meeting of the other cell. Unauthenticated: a new
// connection per attempt that sends the op without hello.
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <thread>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <utility>

#include "fixture.hpp"

namespace chibo::test {
namespace {

using O = json::object;
using A = json::array;

// ---- the table ----

enum Role : int {
  kAsAdmin,          // district admin of the cell's committee (danguy)
  kAsSecretary,      // the cell's secretary (bithu, a member too)
  kAsChair,          // a member appointed chair (role.appoint)
  kAsMinutes,        // a member appointed minute-taker
  kAsOfficial,       // member, official
  kAsProbationary,   // member, probationary
  kAsExempt,         // member, exempt, present
  kAsObserver,       // observer account of the committee (quansat)
  kAsObserverLink,   // a district observer by guest link (observer: true)
  kAsGuestLink,      // an invited guest by guest link
  kAsOtherMember,    // a member of another cell, by a link to a meeting of that cell
  kAsOtherSecretary, // the secretary of another cell (bithu4)
  kAsAnon,           // no hello
  kRoles
};

constexpr std::array<const char*, kRoles> kRoleNames = {
    "district admin", "secretary",        "chair",         "minute-taker",       "official",
    "probationary",   "exempt (present)", "observer account", "observer link",   "guest link",
    "member, other cell", "secretary, other cell", "unauthenticated"};

enum class Exp { allowed, forbidden, not_eligible, hello_required, none };
constexpr Exp Y = Exp::allowed;
constexpr Exp F = Exp::forbidden;
constexpr Exp NE = Exp::not_eligible;
constexpr Exp HR = Exp::hello_required;
constexpr Exp NA = Exp::none;

// When a row runs: while the meeting is scheduled, while it is open, or last
// (meeting.close).
enum class Phase { scheduled, open, last };

struct Row {
  const char* op;       // on the wire
  const char* variant;  // which case of the op, "" for the plain one
  Phase phase;
  std::array<Exp, kRoles> expect;
};

using P = Phase;
// Columns: admin, secretary, chair, minute-taker, official, probationary,
// exempt, observer account, observer link, guest link, member of another
// cell, secretary of another cell, unauthenticated.
// clang-format off
const std::vector<Row> kTable = {
  {"hello", "(joining the meeting)",      P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, Y }},
  {"session.logout", "",                  P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, HR}},
  {"ping", "",                            P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, HR}},
  {"org.units", "",                       P::open, {Y, Y, F, F, F, F, F, Y, F, F, F, Y, HR}},
  {"roster.list", "",                     P::open, {Y, Y, F, F, F, F, F, Y, F, F, F, F, HR}},
  {"roster.add", "",                      P::open, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"roster.update", "",                   P::open, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"roster.remove", "",                   P::open, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"roster.import", "",                   P::open, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"roster.export", "",                   P::open, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"meeting.list", "",                    P::open, {Y, Y, F, F, F, F, F, Y, F, F, F, F, HR}},
  {"meeting.create", "",                  P::open, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"link.issue", "(one member)",          P::open, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"link.issue_guest", "",                P::open, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"link.list", "",                       P::open, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"link.revoke", "",                     P::open, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"meeting.join", "",                    P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, HR}},
  {"meeting.leave", "",                   P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, HR}},
  {"meeting.open", "",               P::scheduled, {Y, Y, F, F, F, F, F, F, F, F, F, F, HR}},
  {"meeting.notice", "",                  P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"meeting.close", "",                   P::last, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"agenda.set", "",                      P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"agenda.template", "",                 P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"agenda.goto", "",                     P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"role.appoint", "",                    P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"participant.introduce", "",           P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"rollcall.open", "",                   P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"rollcall.checkin", "",                P::open, {NE,Y, Y, Y, Y, Y, Y, NE,NE,NE,F, F, HR}},
  {"attendance.mark", "",                 P::open, {Y, Y, Y, Y, F, F, F, F, F, F, F, F, HR}},
  {"rollcall.close", "",                  P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"hand.raise", "",                      P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, HR}},
  {"hand.lower", "(own hand)",            P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, HR}},
  {"hand.lower", "(another's hand)",      P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"floor.give", "",                      P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"floor.end", "(own floor)",            P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, HR}},
  {"floor.end", "(another's floor)",      P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"speech.gist", "",                     P::open, {Y, Y, Y, Y, F, F, F, F, F, F, F, F, HR}},
  {"vote.open", "",                       P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"vote.cast", "",                       P::open, {NE,Y, Y, Y, Y, NE,Y, NE,NE,NE,F, F, HR}},
  {"vote.close", "",                      P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"ballot.open", "",                     P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"ballot.cast", "",                     P::open, {NE,Y, Y, Y, Y, NE,Y, NE,NE,NE,F, F, HR}},
  {"ballot.reopen", "",                   P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"ballot.close", "",                    P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"ballot.confirm", "(no counting committee)", P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"review.submit", "(own review)",       P::open, {NA,Y, Y, Y, Y, Y, Y, NA,NA,NA,F, F, HR}},
  {"review.submit", "(another member's)", P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"review.upload", "(own review)",       P::open, {NA,Y, Y, Y, Y, Y, Y, NA,NA,NA,F, F, HR}},
  {"review.upload", "(another member's)", P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"review.get", "",                      P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, HR}},
  {"review.file", "",                     P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, HR}},
  {"minutes.get", "",                     P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, HR}},
  {"minutes.save", "",                    P::open, {Y, Y, Y, Y, F, F, F, F, F, F, F, F, HR}},
  {"minutes.present", "",                 P::open, {Y, Y, Y, Y, F, F, F, F, F, F, F, F, HR}},
  {"minutes.approve", "",                 P::open, {Y, Y, Y, F, F, F, F, F, F, F, F, F, HR}},
  {"minutes.addendum", "(before the lock)", P::open, {Y, Y, Y, Y, F, F, F, F, F, F, F, F, HR}},
  {"observer.report", "",                 P::open, {Y, F, F, F, F, F, F, Y, Y, F, F, F, HR}},
  {"observer.report_get", "",             P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, HR}},
  {"resolutions.list", "",                P::open, {Y, Y, F, F, F, F, F, Y, F, F, F, F, HR}},
  {"export.create", "(minutes)",          P::open, {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, F, F, HR}},
  {"export.create", "(resolution book)",  P::open, {Y, Y, F, F, F, F, F, Y, F, F, F, F, HR}},
};
// clang-format on

std::string label_of(const Row& r) {
  std::string s = std::string("`") + r.op + "`";
  if (*r.variant) s += std::string(" ") + r.variant;
  return s;
}

const char* md_of(Exp e) {
  switch (e) {
    case Exp::allowed: return "✓";
    case Exp::forbidden: return "✗";
    case Exp::not_eligible: return "`not_eligible`";
    case Exp::hello_required: return "`hello_required`";
    case Exp::none: return "—";
  }
  return "?";
}

const char* name_of(Exp e) {
  switch (e) {
    case Exp::allowed: return "allowed";
    case Exp::forbidden: return "forbidden";
    case Exp::not_eligible: return "not_eligible";
    case Exp::hello_required: return "hello_required";
    case Exp::none: return "n/a";
  }
  return "?";
}

// The table as PROTOCOL.md shows it (its lines starting with "|").
std::vector<std::string> markdown_table() {
  std::vector<std::string> out;
  std::string head = "| op |", rule = "|---|";
  for (const char* r : kRoleNames) {
    head += std::string(" ") + r + " |";
    rule += "---|";
  }
  out.push_back(head);
  out.push_back(rule);
  for (const auto& row : kTable) {
    std::string line = "| " + label_of(row) + " |";
    for (Exp e : row.expect) line += std::string(" ") + md_of(e) + " |";
    out.push_back(line);
  }
  return out;
}

// The table lines of PROTOCOL.md's section "## Authorization matrix".
std::vector<std::string> protocol_md_table() {
  std::ifstream in(ServerProcess::source_dir() + "/protocol/PROTOCOL.md");
  REQUIRE(in);
  std::vector<std::string> out;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) inside = line == "## Authorization matrix";
    else if (inside && line.rfind("|", 0) == 0) out.push_back(line);
  }
  return out;
}

// ---- helpers ----

constexpr std::int64_t kMaxSince = 9007199254740991;  // 2^53 - 1: "nothing to replay"

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += d[p[i] >> 4];
    s += d[p[i] & 15];
  }
  return s;
}

std::string new_tracker() {
  unsigned char b[16];
  REQUIRE(RAND_bytes(b, sizeof b) == 1);
  return hex(b, sizeof b);
}

std::string b64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

const std::string kPdf = "%PDF-1.4\n% ban tu kiem diem (authz)\n%%EOF\n";

// A request that must succeed (preparing a state); its result.
json::object must(WsClient& c, std::string_view op, O args) {
  const auto r = c.request(op, args);
  INFO("preparing: " << op << " " << dump(args) << " -> " << dump(r));
  REQUIRE(is_ok(r));
  return result_of(r);
}

// A second cell under the demo committee, with a secretary account (bithu's
// password hash): written while the server is stopped, since no op creates a
// unit or an account.
void add_second_cell(const std::string& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  auto exec = [&](const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql << " -> " << (err ? err : "ok"));
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
  };
  exec("INSERT INTO units (parent_id, kind, name, place) SELECT id, 'cell', 'Chi bộ Khu phố 4', 'Biên Hòa' "
       "FROM units WHERE kind = 'party_committee' ORDER BY id LIMIT 1");
  const auto cell2 = sqlite3_last_insert_rowid(h);
  exec("INSERT INTO accounts (username, password_hash, role, unit_id, member_id, display_name, title) "
       "SELECT 'bithu4', password_hash, 'secretary', " +
       std::to_string(cell2) +
       ", NULL, 'Trần Thị Bốn', 'Bí thư Chi bộ Khu phố 4' FROM accounts WHERE username = 'bithu'");
  REQUIRE(sqlite3_changes(h) == 1);
  sqlite3_close(h);
}

ServerProcess::Options server_options() {
  ServerProcess::Options o;
  // Hundreds of commands a second from one control connection: no rate limit here.
  o.extra_args = {"--rate-limit", "100000", "--rate-burst", "100000"};
  return o;
}

// ---- the meeting as the control connection sees it ----

struct View {
  std::string status = "scheduled";
  std::int64_t open_vote = 0;
  std::int64_t open_ballot = 0;
  std::int64_t last_closed_ballot = 0;
  std::set<std::int64_t> confirmed;
  std::int64_t floor_speech = 0;  // 0: nobody has the floor
  std::string floor_holder;
  std::int64_t last_speech = 0;
  bool rollcall_open = false;
  std::set<std::string> queue;
  A agenda;
  std::string current_item;
  std::map<std::int64_t, std::string> attendance;

  void apply(const O& e) {
    const std::string ev = str_at(e, "/ev");
    const json::value* dv = at(e, "/data");
    static const O kEmpty;
    const O& d = dv && dv->is_object() ? dv->as_object() : kEmpty;
    auto items_of = [&](std::string_view key) {
      const json::value* v = at(d, key);
      if (v && v->is_array()) agenda = v->as_array();
    };
    if (ev == "meeting.created") items_of("/agenda");
    else if (ev == "agenda.set") items_of("/items");
    else if (ev == "agenda.current") current_item = str_at(d, "/item");
    else if (ev == "meeting.opened") status = "open";
    else if (ev == "meeting.closed") status = "closed", floor_speech = 0;
    else if (ev == "rollcall.opened") rollcall_open = true;
    else if (ev == "rollcall.closed") rollcall_open = false;
    else if (ev == "attendance.marked") attendance[int_at(d, "/member")] = str_at(d, "/attendance");
    else if (ev == "attendance.marks") {
      if (const json::value* ms = at(d, "/marks"); ms && ms->is_array())
        for (const auto& m : ms->as_array())  // an entry leaves out "present" (PROTOCOL.md)
          attendance[int_at(m.as_object(), "/member")] =
              at(m.as_object(), "/attendance") ? str_at(m.as_object(), "/attendance") : "present";
    }
    else if (ev == "hand.raised") queue.insert(str_at(d, "/participant"));
    else if (ev == "hands.raised") {
      if (const json::value* hs = at(d, "/hands"); hs && hs->is_array())
        for (const auto& h : hs->as_array()) queue.insert(str_at(h.as_object(), "/participant"));
    }
    else if (ev == "hand.lowered") queue.erase(str_at(d, "/participant"));
    else if (ev == "floor.given") {
      floor_speech = last_speech = int_at(d, "/speech");
      floor_holder = str_at(d, "/participant");
      queue.erase(floor_holder);
    } else if (ev == "floor.ended") floor_speech = 0, floor_holder.clear();
    else if (ev == "vote.opened") open_vote = int_at(d, "/vote");
    else if (ev == "vote.closed") open_vote = 0;
    else if (ev == "ballot.opened") open_ballot = int_at(d, "/ballot");
    else if (ev == "ballot.closed") open_ballot = 0, last_closed_ballot = int_at(d, "/ballot");
    else if (ev == "ballot.confirmed") confirmed.insert(int_at(d, "/ballot"));
  }
};

// What the server let a caller do, from its reply.
struct Got {
  std::string code;         // "ok", or the error code
  bool let_through = false;  // a hello refused on its credentials, not on who sent it
  bool allowed() const {
    static const std::set<std::string> state_errors{"ok", "conflict", "not_found", "vote_closed", "meeting_closed",
                                                    "meeting_not_open"};
    return let_through || state_errors.count(code) > 0;
  }
  bool denied() const { return code == "forbidden" || code == "not_eligible" || code == "hello_required"; }
  bool matches(Exp e) const {
    switch (e) {
      case Exp::allowed: return allowed();
      case Exp::forbidden: return code == "forbidden";
      case Exp::not_eligible: return code == "not_eligible";
      case Exp::hello_required: return code == "hello_required";
      case Exp::none: return true;
    }
    return false;
  }
};

struct Snapshot {
  std::int64_t head = 0;
  std::string roster, meetings, links;
  bool operator==(const Snapshot&) const = default;
};

struct Finding {
  std::string op, role, expected, got;
};

// ---- the harness: one server, every role connected ----

class Matrix {
 public:
  TestServer srv{server_options()};
  std::int64_t cell = 0, cell2 = 0, meeting = 0, other_meeting = 0;
  std::array<std::unique_ptr<WsClient>, kRoles> conn;  // none for kAsAnon
  std::array<std::string, kRoles> pid;                 // participant ids
  std::array<std::optional<std::int64_t>, kRoles> member;
  std::array<std::string, kRoles> token;       // session tokens (accounts) or join tokens (links)
  std::array<std::string, kRoles> username;    // accounts only
  std::unique_ptr<WsClient> ctl, watch, giang;  // bithu: prepares states; bithu: reads heads; a bystander member
  std::string giang_pid;
  std::int64_t giang_id = 0, en_id = 0, lan_id = 0, hanh_id = 0;
  View view;
  std::vector<Finding> findings;
  std::vector<std::string> state_answers;  // allowed cells that answered a state error (not ok)
  int cells = 0;
  int serial = 0;

  static bool is_account(int r) {
    return r == kAsAdmin || r == kAsSecretary || r == kAsObserver || r == kAsOtherSecretary;
  }
  // Roles that have come into the meeting under test.
  static bool in_meeting(int r) { return r <= kAsGuestLink; }

  void setup() {
    // A second cell, written while the server is stopped. (An answer first:
    // the server prints "listening" before it installs its SIGTERM handler,
    // and answers nothing until it has.)
    REQUIRE(http_request(srv.port(), "GET", "/healthz").status == 200);
    REQUIRE(srv.stop() == 0);
    add_second_cell(srv.db_path());
    srv.start();

    username[kAsAdmin] = test::kDistrictAdmin;
    username[kAsSecretary] = test::kSecretary;
    username[kAsObserver] = test::kObserver;
    username[kAsOtherSecretary] = "bithu4";
    std::array<Login, kRoles> logins;
    for (int r : {kAsAdmin, kAsSecretary, kAsObserver, kAsOtherSecretary}) {
      logins[r] = login(srv, username[r]);
      token[r] = logins[r].token;
      pid[r] = str_at(logins[r].me, "/participant");
      conn[r] = std::make_unique<WsClient>(std::move(logins[r].ws));
    }
    cell = logins[kAsSecretary].cell();
    cell2 = logins[kAsOtherSecretary].cell();
    REQUIRE(cell2 != cell);
    member[kAsSecretary] = int_at(logins[kAsSecretary].me, "/member");
    REQUIRE(*member[kAsSecretary] > 0);

    ctl = std::make_unique<WsClient>(with_token(srv, token[kAsSecretary]));
    watch = std::make_unique<WsClient>(with_token(srv, token[kAsSecretary]));

    // The meeting under test: an annual review, so that the review ops apply.
    meeting = int_at(must(*ctl, "meeting.create",
                          {{"cell", cell},
                           {"kind", "annual_review"},
                           {"title", "Kiểm điểm, đánh giá, xếp loại năm 2026"},
                           {"starts_at", "2026-12-20T08:00"}}),
                     "/meeting/id");
    REQUIRE(meeting > 0);
    std::map<std::string, std::int64_t> id;
    const auto roster = must(*ctl, "roster.list", {{"cell", cell}});
    for (const auto& v : roster.at("members").as_array())
      id[str_at(v.as_object(), "/full_name")] = int_at(v.as_object(), "/id");
    REQUIRE(id.size() == 12);
    giang_id = id.at("Võ Văn Giang");
    en_id = id.at("Hoàng Thị Én");
    lan_id = id.at("Đỗ Thị Lan");
    hanh_id = id.at("Đặng Thị Hạnh");
    const std::pair<int, const char*> members[] = {{kAsChair, "Trần Văn Bình"},
                                                   {kAsMinutes, "Lê Minh Châu"},
                                                   {kAsOfficial, "Phạm Quốc Dũng"},
                                                   {kAsProbationary, "Dương Thị Ngọc"},
                                                   {kAsExempt, "Bùi Văn Khoa"}};
    for (const auto& [r, name] : members) {
      member[r] = id.at(name);
      token[r] = issue_one(*ctl, meeting, *member[r]).token;
    }
    const Link giang_link = issue_one(*ctl, meeting, giang_id);
    auto guest_link = [&](bool observer) {
      return str_at(must(*ctl, "link.issue_guest",
                         {{"meeting", meeting},
                          {"name", observer ? "Trương Văn Tư" : "Mai Thị Khách"},
                          {"title", observer ? "Đảng ủy viên phường" : "Trưởng khu phố"},
                          {"observer", observer}}),
                    "/link/token");
    };
    token[kAsObserverLink] = guest_link(true);
    token[kAsGuestLink] = guest_link(false);

    // The other cell: a member, a meeting and the member's link, through the protocol.
    WsClient& admin = *conn[kAsAdmin];
    const auto other =
        int_at(must(admin, "roster.add", {{"cell", cell2}, {"member", O{{"full_name", "Phan Văn Tư"}}}}), "/member/id");
    other_meeting = int_at(must(admin, "meeting.create",
                                {{"cell", cell2},
                                 {"kind", "regular"},
                                 {"title", "Sinh hoạt chi bộ Khu phố 4 tháng 12/2026"},
                                 {"starts_at", "2026-12-01T19:30"}}),
                           "/meeting/id");
    token[kAsOtherMember] = issue_one(admin, other_meeting, other).token;

    // Everyone comes in: accounts join, link holders say hello with their links.
    for (int r : {kAsAdmin, kAsSecretary, kAsObserver}) must(*conn[r], "meeting.join", {{"meeting", meeting}});
    must(*conn[kAsOtherSecretary], "meeting.join", {{"meeting", other_meeting}});
    for (int r : {kAsChair, kAsMinutes, kAsOfficial, kAsProbationary, kAsExempt, kAsObserverLink, kAsGuestLink, kAsOtherMember}) {
      json::object reply;
      conn[r] = std::make_unique<WsClient>(with_link(srv, token[r], std::nullopt, &reply));
      pid[r] = str_at(reply, "/result/me/participant");
      REQUIRE(!pid[r].empty());
    }
    REQUIRE(pid[kAsOfficial] == participant_of_member(*member[kAsOfficial]));
    json::object greply;
    giang = std::make_unique<WsClient>(with_link(srv, giang_link.token, std::nullopt, &greply));
    giang_pid = str_at(greply, "/result/me/participant");
    must(*ctl, "meeting.join", {{"meeting", meeting}, {"since", 0}});
    settle();
    sync();
  }

  // A join is answered before its participant.arrived is durable, and while
  // the meeting is scheduled no op can wait for pending writes: poll until the
  // head stops moving, so that no denied attempt is blamed for an arrival
  // still being written (seen under ASan: "denied yet changed: head 11 -> 12").
  void settle() {
    auto last = head();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (int still = 0; still < 3 && std::chrono::steady_clock::now() < deadline;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const auto h = head();
      still = h == last ? still + 1 : 0;
      last = h;
    }
  }

  // After meeting.open: the appointments, a roll call everyone answers, and
  // a self-review with a file to read.
  void setup_open() {
    sync();
    if (view.status == "scheduled") must(*ctl, "meeting.open", {{"meeting", meeting}});
    must(*ctl, "role.appoint", {{"meeting", meeting}, {"role", "chair"}, {"participant", pid[kAsChair]}});
    must(*ctl, "role.appoint", {{"meeting", meeting}, {"role", "minute_taker"}, {"participant", pid[kAsMinutes]}});
    must(*ctl, "rollcall.open", {{"meeting", meeting}});
    for (int r : {kAsSecretary, kAsChair, kAsMinutes, kAsOfficial, kAsProbationary, kAsExempt})
      must(*conn[r], "rollcall.checkin", {{"meeting", meeting}});
    must(*giang, "rollcall.checkin", {{"meeting", meeting}});
    must(*ctl, "rollcall.close", {{"meeting", meeting}});
    must(*ctl, "review.submit",
         {{"meeting", meeting}, {"member", giang_id}, {"self_rating", "good"}, {"text", "Bản tự kiểm điểm năm 2026."}});
    must(*ctl, "review.upload", upload_args(giang_id));
    sync();
  }

  // ---- state ----

  // The meeting's head, as its actor knows it now: what an op that changes
  // nothing answers (lowering a hand nobody raised), or, when the meeting is
  // not open, what a join answers. (The first is small, the second lists every
  // participant: a reply over 4 KiB costs this test a delayed ACK, ~40 ms.)
  std::int64_t head() {
    const auto r = ctl->request("hand.lower", {{"meeting", meeting}, {"participant", participant_of_member(lan_id)}});
    if (is_ok(r)) {
      INFO(dump(r));
      REQUIRE(at(r, "/result/unchanged"));
      return int_at(r, "/result/seq");
    }
    return int_at(must(*watch, "meeting.join", {{"meeting", meeting}, {"since", kMaxSince}}), "/head");
  }

  // Brings `view` up to the meeting's head.
  void sync() {
    const auto h = head();
    wait_seq(*ctl, meeting, h);
    for (const auto& e : ctl->logged_events(meeting)) view.apply(e);
    ctl->clear_events();
  }

  Snapshot snapshot() {
    Snapshot s;
    s.head = head();
    s.roster = str_at(must(*watch, "roster.export", {{"cell", cell}}), "/csv");
    s.meetings = dump(must(*watch, "meeting.list", {{"cell", cell}}));
    s.links = dump(must(*watch, "link.list", {{"meeting", meeting}}));
    return s;
  }

  void ctl_do(std::string_view op, O args) {
    args["meeting"] = meeting;
    must(*ctl, op, std::move(args));
    sync();
  }

  std::int64_t open_vote() {
    sync();
    if (!view.open_vote) ctl_do("vote.open", {{"subject", "Thông qua nghị quyết (thử quyền)"}, {"decision", "ordinary"}});
    REQUIRE(view.open_vote > 0);
    return view.open_vote;
  }
  void no_vote() {
    sync();
    if (view.open_vote) ctl_do("vote.close", {{"vote", view.open_vote}});
  }
  std::int64_t open_ballot() {
    sync();
    if (!view.open_ballot)
      ctl_do("ballot.open", {{"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Phiếu kín (thử quyền)"}});
    REQUIRE(view.open_ballot > 0);
    return view.open_ballot;
  }
  void no_ballot() {
    sync();
    if (view.open_ballot) ctl_do("ballot.close", {{"ballot", view.open_ballot}});
  }
  std::int64_t closed_unconfirmed_ballot() {
    no_ballot();
    if (!view.last_closed_ballot || view.confirmed.count(view.last_closed_ballot)) {
      open_ballot();
      no_ballot();
    }
    return view.last_closed_ballot;
  }
  void rollcall(bool open) {
    sync();
    if (view.rollcall_open != open) ctl_do(open ? "rollcall.open" : "rollcall.close", {});
  }
  void give_floor(const std::string& p) {
    sync();
    if (view.floor_holder != p) ctl_do("floor.give", {{"participant", p}});
  }
  void free_floor() {
    sync();
    if (view.floor_speech) ctl_do("floor.end", {});
  }
  // A meeting of the demo cell other than the one under test, scheduled or open.
  std::int64_t fresh_meeting(bool open) {
    const auto id = int_at(must(*ctl, "meeting.create",
                                {{"cell", cell},
                                 {"kind", "regular"},
                                 {"title", "Sinh hoạt chi bộ (thử quyền " + std::to_string(++serial) + ")"},
                                 {"starts_at", "2026-12-05T19:30"}}),
                           "/meeting/id");
    if (open) must(*ctl, "meeting.open", {{"meeting", id}});
    return id;
  }
  // Members a row added to the cell: removed after each attempt, so that the
  // roster stays small.
  std::vector<std::int64_t> added;

  json::object throwaway_member() {
    auto m = must(*ctl, "roster.add",
                  {{"cell", cell}, {"member", O{{"full_name", "Đảng viên thử " + std::to_string(++serial)}}}})
                 .at("member")
                 .as_object();
    added.push_back(int_at(m, "/id"));
    return m;
  }
  O upload_args(std::optional<std::int64_t> who) {
    O a{{"meeting", meeting},
        {"name", "tu-kiem-diem.pdf"},
        {"mime", "application/pdf"},
        {"size", static_cast<std::int64_t>(kPdf.size())},
        {"offset", 0},
        {"data", b64(kPdf)}};
    if (who) a["member"] = *who;
    return a;
  }

  // Puts the meeting in a state where `row` could succeed for `r`, and
  // returns the request's args.
  O prepare(const Row& row, int r) {
    const std::string op = row.op, variant = row.variant;
    const std::string tag = std::string(kRoleNames[r]);
    const bool own = variant.find("own") != std::string::npos;
    const O m{{"meeting", meeting}};
    auto with = [&](O extra) {
      O a = m;
      for (auto& kv : extra) a[kv.key()] = kv.value();
      return a;
    };
    if (op == "hello" || op == "session.logout" || op == "ping" || op == "org.units") return {};
    if (op == "roster.list" || op == "roster.export" || op == "meeting.list") return {{"cell", cell}};
    if (op == "roster.add") return {{"cell", cell}, {"member", O{{"full_name", "Người thêm " + std::to_string(++serial)}}}};
    if (op == "roster.update") {
      O mem = throwaway_member();
      mem["note"] = "sửa bởi " + tag;
      return {{"member", mem}};
    }
    if (op == "roster.remove") return {{"id", int_at(throwaway_member(), "/id")}};
    if (op == "roster.import")
      return {{"cell", cell}, {"csv", "full_name\nNgười nhập " + std::to_string(++serial) + "\n"}};
    if (op == "meeting.create")
      return {{"cell", cell}, {"kind", "regular"}, {"title", "Sinh hoạt chuyên đề " + tag}, {"starts_at", "2026-12-15T19:30"}};
    if (op == "link.issue") return with({{"member", lan_id}});
    if (op == "link.issue_guest") return with({{"name", "Khách mời " + tag}, {"title", ""}, {"observer", false}});
    if (op == "link.list") return m;
    if (op == "link.revoke") {
      const auto l = must(*ctl, "link.issue_guest", with({{"name", "Khách thu hồi"}, {"observer", false}}));
      return with({{"link", str_at(l, "/link/id")}});
    }
    if (op == "meeting.join") return with({{"since", kMaxSince}});
    if (op == "meeting.leave") return m;
    if (op == "meeting.open") {
      sync();
      return {{"meeting", view.status == "scheduled" ? meeting : fresh_meeting(false)}};
    }
    if (op == "meeting.close") {
      sync();
      if (view.status != "open") return {{"meeting", fresh_meeting(true)}};
      no_vote();
      no_ballot();
      return m;
    }
    if (op == "meeting.notice") return with({{"text", "Thông báo của " + tag}});
    if (op == "agenda.set") {
      sync();
      return with({{"items", view.agenda}});
    }
    if (op == "agenda.template") return m;
    if (op == "agenda.goto") {
      sync();
      for (const auto& v : view.agenda)
        if (str_at(v.as_object(), "/id") != view.current_item) return with({{"item", str_at(v.as_object(), "/id")}});
      FAIL("no agenda item to go to");
      return {};
    }
    if (op == "role.appoint") return with({{"role", "minute_taker"}, {"participant", pid[kAsMinutes]}});
    if (op == "participant.introduce") return with({{"participant", pid[kAsObserverLink]}});
    if (op == "rollcall.open") {
      rollcall(false);
      return m;
    }
    if (op == "rollcall.close") {
      rollcall(true);
      return m;
    }
    if (op == "rollcall.checkin") {
      // A member not yet present says "Có mặt".
      if (member[r] && r != kAsOtherSecretary) ctl_do("attendance.mark", {{"member", *member[r]}, {"attendance", "absent_unexcused"}});
      return m;
    }
    if (op == "attendance.mark") {
      sync();
      if (view.attendance[hanh_id] == "absent_excused")
        return with({{"member", hanh_id}, {"attendance", "absent_unexcused"}});
      return with({{"member", hanh_id}, {"attendance", "absent_excused"}, {"reason", "illness"}});
    }
    if (op == "hand.raise") {
      sync();
      if (in_meeting(r) && view.queue.count(pid[r])) ctl_do("hand.lower", {{"participant", pid[r]}});
      if (in_meeting(r) && view.floor_holder == pid[r]) free_floor();
      return m;
    }
    if (op == "hand.lower" && own) {
      sync();
      if (in_meeting(r)) {
        if (view.floor_holder == pid[r]) free_floor();
        if (!view.queue.count(pid[r])) must(*conn[r], "hand.raise", m);
      }
      return m;
    }
    if (op == "hand.lower") {
      sync();
      if (view.floor_holder == giang_pid) free_floor();
      if (!view.queue.count(giang_pid)) must(*giang, "hand.raise", m);
      return with({{"participant", giang_pid}});
    }
    if (op == "floor.give") {
      free_floor();
      return with({{"participant", giang_pid}});
    }
    if (op == "floor.end") {
      give_floor(own && in_meeting(r) ? pid[r] : giang_pid);
      return m;
    }
    if (op == "speech.gist") {
      sync();
      if (!view.last_speech) give_floor(giang_pid);
      return with({{"speech", view.last_speech}, {"text", "Ý kiến tóm tắt, ghi bởi " + tag}});
    }
    if (op == "vote.open") {
      no_vote();
      return with({{"subject", "Biểu quyết do " + tag + " mở"}, {"decision", "ordinary"}});
    }
    if (op == "vote.cast") return with({{"vote", open_vote()}, {"choice", "for"}});
    if (op == "vote.close") return with({{"vote", open_vote()}});
    if (op == "ballot.open") {
      no_ballot();
      return with({{"kind", "yes_no"}, {"decision", "ordinary"}, {"subject", "Phiếu kín do " + tag + " mở"}});
    }
    if (op == "ballot.cast") {
      const auto b = open_ballot();
      ctl_do("ballot.reopen", {{"ballot", b}});  // nobody has voted in it
      return with({{"ballot", b}, {"choice", "for"}, {"tracker", new_tracker()}});
    }
    if (op == "ballot.reopen" || op == "ballot.close") return with({{"ballot", open_ballot()}});
    if (op == "ballot.confirm") return with({{"ballot", closed_unconfirmed_ballot()}});
    if (op == "review.submit") {
      O a = with({{"self_rating", "good"}, {"text", "Tự kiểm điểm, gửi bởi " + tag}});
      if (!own) a["member"] = en_id;
      return a;
    }
    if (op == "review.upload") return upload_args(own ? std::nullopt : std::optional<std::int64_t>(en_id));
    if (op == "review.get") return with({{"member", giang_id}});
    if (op == "review.file") return with({{"member", giang_id}, {"offset", 0}});
    if (op == "minutes.get" || op == "observer.report_get") return m;
    if (op == "minutes.save") {
      // From the version that is there now: a stale base would be a conflict.
      const auto mg = must(*ctl, "minutes.get", m);
      std::int64_t base = 0;
      for (const auto& v : mg.at("minutes").as_object().at("sections").as_array())
        if (str_at(v.as_object(), "/id") == "closing") base = int_at(v.as_object(), "/version");
      return with({{"section", "closing"}, {"text", "Ghi bởi " + tag}, {"base", base}});
    }
    if (op == "minutes.present") return m;
    if (op == "minutes.approve") {
      // Nobody answers the approval vote, so closing it leaves them unlocked.
      no_vote();
      ctl_do("minutes.present", {});
      return m;
    }
    if (op == "minutes.addendum") return with({{"text", "Phụ lục của " + tag}});
    if (op == "observer.report")
      return with({{"attendance", "Đủ"}, {"order_ok", true}, {"content_ok", true}, {"remarks", tag}, {"proposals", ""}});
    if (op == "resolutions.list") return {{"cell", cell}, {"year", 2026}};
    if (op == "export.create" && variant == "(minutes)") return with({{"what", "minutes"}, {"format", "html"}});
    if (op == "export.create") return {{"cell", cell}, {"year", 2026}, {"what", "resolutions"}, {"format", "html"}};
    FAIL("no preparation for " << op << " " << variant);
    return {};
  }

  // Sends the row's request as `r`; the whole reply.
  json::object send(const Row& row, int r, const O& args) {
    const std::string op = row.op;
    if (r == kAsAnon) {
      WsClient c;
      c.connect(srv.port());
      if (op == "hello") return c.hello(O{{"join", std::string(43, 'A')}});
      return c.request(op, args);
    }
    if (op == "hello") {
      WsClient c;
      c.connect(srv.port());
      return is_account(r) ? c.hello_token(token[r], meeting) : c.hello_join(token[r], meeting);
    }
    if (op == "session.logout") {
      WsClient c;
      c.connect(srv.port());
      const auto h = is_account(r) ? c.hello_password(username[r], kDemoPassword, std::nullopt, std::nullopt, Ms(20000))
                                   : c.hello_join(token[r]);
      INFO("hello as " << kRoleNames[r] << ": " << dump(h));
      REQUIRE(is_ok(h));
      const auto reply = c.request(op, args);
      if (is_ok(reply)) {
        CHECK(c.wait_closed());
        CHECK(c.close_code() == 1000);
      }
      return reply;
    }
    return conn[r]->request(op, args);
  }

  // What to restore after an attempt.
  void after(const Row& row, int r, const Got& got, const O& reply) {
    const std::string op = row.op;
    if (got.code == "ok" && op == "roster.add") added.push_back(int_at(reply, "/result/member/id"));
    if (got.code == "ok" && op == "roster.import")
      if (const json::value* ms = at(reply, "/result/members"); ms && ms->is_array())
        for (const auto& v : ms->as_array()) added.push_back(int_at(v.as_object(), "/id"));
    for (const auto id : added) {
      const auto rr = ctl->request("roster.remove", {{"id", id}});
      INFO(dump(rr));
      CHECK((is_ok(rr) || error_code(rr) == "not_found"));
    }
    added.clear();
    if (op == "meeting.leave" && got.code == "ok" && in_meeting(r))
      must(*conn[r], "meeting.join", {{"meeting", meeting}, {"since", kMaxSince}});
    if (op == "rollcall.checkin" && member[r] && r != kAsOtherSecretary) {
      sync();
      if (view.attendance[*member[r]] != "present")
        ctl_do("attendance.mark", {{"member", *member[r]}, {"attendance", "present"}});
    }
  }

  // Reads what every idle connection was sent (their queues stay short).
  void pump_all() {
    for (auto& c : conn)
      if (c) {
        c->pump(Ms(0));
        c->clear_events();
      }
    giang->pump(Ms(0));
    giang->clear_events();
    watch->pump(Ms(0));
    watch->clear_events();
  }

  void run(const Row& row) {
    // Denied first: an allowed attempt may use up the state (the meeting opens
    // or closes once); among the allowed, link holders (bound to the meeting
    // under test) before accounts, which can be given another meeting.
    std::vector<int> order;
    for (int pass = 0; pass < 3; ++pass)
      for (int r = 0; r < kRoles; ++r) {
        const Exp e = row.expect[r];
        if (e == Exp::none) continue;
        const int p = e != Exp::allowed ? 0 : is_account(r) ? 2 : 1;
        if (p == pass) order.push_back(r);
      }
    for (int r : order) attempt(row, r);
    pump_all();
  }

  void attempt(const Row& row, int r) {
    ++cells;
    const Exp want = row.expect[r];
    INFO(label_of(row) << " as " << kRoleNames[r]);
    const O args = prepare(row, r);
    const Snapshot before = snapshot();
    Got got;
    std::string detail;
    O reply;
    try {
      reply = send(row, r, args);
      got.code = is_ok(reply) ? "ok" : error_code(reply);
      // Unauthenticated, hello is the one op to try: with a link no one
      // issued it gets as far as checking the link.
      got.let_through = r == kAsAnon && std::string(row.op) == "hello" && got.code == "auth_failed";
      detail = dump(reply);
    } catch (const std::exception& e) {
      got.code = "no reply";
      detail = e.what();
    }
    if (!got.matches(want)) {
      findings.push_back({label_of(row), kRoleNames[r], name_of(want), got.code + "  " + detail.substr(0, 300)});
    } else if (want == Exp::allowed && got.code != "ok" && !got.let_through) {
      state_answers.push_back(label_of(row) + " as " + kRoleNames[r] + ": " + got.code + " " + detail.substr(0, 200));
    }
    if (got.denied()) {
      const Snapshot now = snapshot();
      if (!(now == before)) {
        std::ostringstream what;
        what << "denied (" << got.code << ") yet changed:";
        if (now.head != before.head) what << " head " << before.head << " -> " << now.head;
        if (now.roster != before.roster) what << " roster";
        if (now.meetings != before.meetings) what << " meetings";
        if (now.links != before.links) what << " links";
        findings.push_back({label_of(row), kRoleNames[r], name_of(want), what.str()});
      }
    }
    after(row, r, got, reply);
  }

  std::string report() const {
    std::ostringstream out;
    out << findings.size() << " of " << cells << " cells differ from the table:\n";
    out << "  op | role | expected | got\n";
    for (const auto& f : findings) out << "  " << f.op << " | " << f.role << " | " << f.expected << " | " << f.got << "\n";
    return out.str();
  }
};

}  // namespace

TEST_CASE("authz: every op as every role, against PROTOCOL.md's authorization matrix", "[authz]") {
  // The table here and the one in PROTOCOL.md are the same table.
  {
    const auto want = markdown_table();
    const auto have = protocol_md_table();
    std::string rendered;
    for (const auto& l : want) rendered += l + "\n";
    INFO("PROTOCOL.md \"## Authorization matrix\" should hold exactly this table:\n" << rendered);
    CHECK(have == want);
  }

  Matrix mx;
  mx.setup();
  for (const auto& row : kTable)
    if (row.phase == Phase::scheduled) mx.run(row);
  mx.setup_open();
  for (const auto& row : kTable)
    if (row.phase == Phase::open) mx.run(row);
  for (const auto& row : kTable)
    if (row.phase == Phase::last) mx.run(row);

  int expected_cells = 0;
  for (const auto& row : kTable)
    for (Exp e : row.expect) expected_cells += e != Exp::none;
  CHECK(mx.cells == expected_cells);
  if (!mx.state_answers.empty()) {
    std::string s;
    for (const auto& a : mx.state_answers) s += "  " + a + "\n";
    WARN("allowed, but answered with a state error (the preparation missed):\n" << s);
  }
  INFO(mx.report());
  CHECK(mx.findings.empty());
}

}  // namespace chibo::test
