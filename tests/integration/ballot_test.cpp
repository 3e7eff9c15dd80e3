// Secret ballots and the annual review over real WebSockets (issue 4;
// PROTOCOL.md "Secret ballots"; docs/secret-ballot.md): what every client
// receives before the close, what the database file and the server's output
// hold afterwards, double and retried ballots, each voter's tracker, the
// fingerprint; then an annual review with self-reviews, ratings and the quota.
#include <openssl/evp.h>
#include <sqlite3.h>

#include <algorithm>
#include <random>

#include "fixture.hpp"

namespace chibo::test {
namespace {

std::string sha256_hex(const std::string& s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), md, &n, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < n; ++i) out += {hex[md[i] >> 4], hex[md[i] & 15]};
  return out;
}

std::string tracker_of(std::mt19937_64& rng) {
  static const char* hex = "0123456789abcdef";
  std::string t;
  for (int i = 0; i < 32; ++i) t += hex[rng() % 16];
  return t;
}

// Every text value of every row of every table of the database file.
std::vector<std::string> all_rows(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::vector<std::string> tables, rows;
  auto each = [&](const std::string& sql, auto fn) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) fn(st);
    sqlite3_finalize(st);
  };
  each("SELECT name FROM sqlite_schema WHERE type = 'table'", [&](sqlite3_stmt* st) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  });
  for (const auto& t : tables)
    each("SELECT * FROM " + t, [&](sqlite3_stmt* st) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(st); ++c)
        if (const auto* v = sqlite3_column_text(st, c)) row += std::string(reinterpret_cast<const char*>(v)) + "\x1f";
      rows.push_back(t + ": " + row);
    });
  sqlite3_close(db);
  return rows;
}

struct Cell {
  Login sec;
  std::int64_t meeting = 0;
  std::vector<std::pair<std::int64_t, std::unique_ptr<WsClient>>> voters;  // member id, connection
};

// The demo cell plus `extra` official members; a meeting of `kind` opened,
// everyone checked in; `voters` holds those who may vote.
void open_cell(TestServer& srv, Cell& c, int extra, const std::string& kind) {
  c.sec = login(srv, kSecretary);
  for (int i = 0; i < extra; ++i)
    c.sec.ws.call("roster.add", {{"cell", c.sec.cell()}, {"member", {{"full_name", "Đảng viên bổ sung " + std::to_string(i + 1)}}}});
  c.meeting = int_at(c.sec.ws.call("meeting.create", {{"cell", c.sec.cell()}, {"kind", kind}, {"title", "Họp " + kind},
                                                      {"starts_at", "2027-01-10T08:00"}}), "/meeting/id");
  const auto links = issue_all(c.sec.ws, c.meeting);
  c.sec.ws.call("meeting.join", {{"meeting", c.meeting}});
  c.sec.ws.call("meeting.open", {{"meeting", c.meeting}});
  for (const auto& [id, l] : links) {
    auto m = std::make_unique<WsClient>(with_link(srv, l.token));
    m->call("rollcall.checkin", {{"meeting", c.meeting}});
    auto marked = m->wait_event([id = id](const json::object& e) {
      return str_at(e, "/ev") == "attendance.marked" && int_at(e, "/data/member") == id;
    });
    REQUIRE(marked);
    const json::value* cv = at(*marked, "/data/can_vote");
    if (cv && cv->as_bool()) c.voters.emplace_back(id, std::move(m));
  }
}

}  // namespace

TEST_CASE("a secret ballot of 15: nothing before the close, nothing linkable after", "[ballot]") {
  TestServer srv;
  Cell c;
  open_cell(srv, c, 8, "regular");
  REQUIRE(c.voters.size() >= 15);
  c.voters.resize(15);
  auto& sec = c.sec.ws;
  const auto ballot = int_at(sec.call("ballot.open", {{"meeting", c.meeting}, {"kind", "yes_no"}, {"subject", "Kết nạp quần chúng Lê Văn A"},
                                                     {"decision", "admission"}}), "/ballot");

  // 15 voters in a known order, whose trackers are deliberately not in that order.
  std::mt19937_64 rng(7);
  std::vector<std::string> trackers, choices;
  std::map<std::string, std::string> mine;  // tracker -> choice
  for (std::size_t i = 0; i < c.voters.size(); ++i) {
    std::string t = tracker_of(rng);
    t[0] = "fedcba9876543210"[i % 16];  // casting order runs against tracker order
    trackers.push_back(t);
    choices.push_back(i % 3 == 0 ? "against" : "for");
    mine[t] = choices.back();
    auto& m = *c.voters[i].second;
    const auto r = m.call("ballot.cast", {{"meeting", c.meeting}, {"ballot", ballot}, {"choice", choices[i]},
                                          {"tracker", t}, {"key", "k" + std::to_string(i)}});
    CHECK(r.at("held").as_bool());
    CHECK(int_at(r, "/turnout") == static_cast<std::int64_t>(i + 1));
    CHECK_FALSE(r.contains("seq"));  // nothing was written
  }
  // A retry with the same key counts once; another ballot from a voter is refused.
  auto& first = *c.voters[0].second;
  const auto retry = first.call("ballot.cast", {{"meeting", c.meeting}, {"ballot", ballot}, {"choice", choices[0]},
                                                {"tracker", trackers[0]}, {"key", "k0"}});
  CHECK(retry.at("duplicate").as_bool());
  const auto again = first.request("ballot.cast", {{"meeting", c.meeting}, {"ballot", ballot}, {"choice", "for"},
                                                   {"tracker", tracker_of(rng)}, {"key", "other"}});
  CHECK(error_code(again) == "conflict");
  CHECK(str_at(details_of(again), "/reason") == "already_voted");
  // Bad input: a bad tracker, a choice not on the ballot.
  auto& second = *c.voters[1].second;
  CHECK(str_at(details_of(second.request("ballot.cast", {{"meeting", c.meeting}, {"ballot", ballot}, {"choice", "for"}, {"tracker", "ABC"}})), "/field") == "tracker");
  CHECK(error_code(sec.request("ballot.cast", {{"meeting", c.meeting}, {"ballot", ballot}, {"choice", "maybe"}, {"tracker", tracker_of(rng)}})) != "");

  // Before the close, every frame anyone received names no choice and no count of one.
  sec.barrier();
  for (auto& [id, m] : c.voters) m->barrier();
  // Nothing is logged while the ballot is open (no event after ballot.opened),
  // and the only pushes are turnout (who, how many) and presence.
  auto check_frames = [&](WsClient& w) {
    for (const auto& e : w.events()) {
      INFO(dump(e));
      if (at(e, "/seq")) {
        CHECK(int_at(e, "/seq") <= ballot);
        continue;
      }
      const std::string ev = str_at(e, "/ev");
      if (ev == "presence") continue;
      CHECK(ev == "ballot.turnout");
      const auto& d = e.at("data").as_object();
      CHECK(d.size() == 3);  // ballot, participant, turnout
      CHECK(d.contains("turnout"));
    }
  };
  check_frames(sec);
  for (auto& [id, m] : c.voters) check_frames(*m);

  // The close: the sealed record.
  sec.call("ballot.close", {{"meeting", c.meeting}, {"ballot", ballot}});
  auto closed = sec.wait_event("ballot.closed");
  REQUIRE(closed);
  const auto& d = closed->at("data").as_object();
  CHECK(int_at(*closed, "/data/returned") == 15);
  CHECK(int_at(*closed, "/data/counts/for") == 10);
  CHECK(int_at(*closed, "/data/counts/against") == 5);
  CHECK(d.at("voted").as_array().size() == 15);
  const auto& box = d.at("box").as_array();
  REQUIRE(box.size() == 15);
  std::string lines, prev;
  std::vector<std::string> stored;
  for (const auto& v : box) {
    const std::string t(v.at("tracker").as_string()), ch(v.at("choice").as_string());
    CHECK(v.as_object().size() == 2);  // tracker and choice, nothing else
    CHECK(t > prev);
    prev = t;
    stored.push_back(t);
    lines += t + " " + ch + "\n";
    // Each voter finds its tracker with its own choice.
    CHECK(mine.at(t) == ch);
  }
  CHECK(stored != trackers);  // the stored order is not the casting order
  CHECK(str_at(*closed, "/data/fingerprint") == sha256_hex(lines));
  CHECK(error_code(second.request("ballot.cast", {{"meeting", c.meeting}, {"ballot", ballot}, {"choice", "for"}, {"tracker", tracker_of(rng)}})) ==
        "vote_closed");

  // The database: no row holds a member next to a choice of this ballot
  // other than the sealed event itself, whose two lists are not linked.
  srv.stop();
  for (const auto& row : all_rows(srv.db_path())) {
    if (row.find("ballot.closed") != std::string::npos) continue;
    for (const auto& t : trackers) CHECK(row.find(t) == std::string::npos);
  }
  // The server's output holds no tracker and no choice word.
  const std::string log = srv.output();
  for (const auto& t : trackers) CHECK(log.find(t) == std::string::npos);
  CHECK(log.find("against") == std::string::npos);
}

TEST_CASE("a restart while a ballot is open empties the box; voters send their ballots again", "[ballot]") {
  TestServer srv;
  Cell c;
  open_cell(srv, c, 0, "regular");
  REQUIRE(c.voters.size() >= 3);
  const std::string token = c.sec.token;
  const auto ballot = int_at(c.sec.ws.call("ballot.open", {{"meeting", c.meeting}, {"kind", "yes_no"}, {"subject", "x"}, {"decision", "ordinary"}}), "/ballot");
  std::mt19937_64 rng(9);
  std::vector<std::string> trackers;
  for (int i = 0; i < 3; ++i) {
    trackers.push_back(tracker_of(rng));
    c.voters[i].second->call("ballot.cast", {{"meeting", c.meeting}, {"ballot", ballot}, {"choice", "for"}, {"tracker", trackers[i]}, {"key", "k" + std::to_string(i)}});
  }
  srv.kill9();
  srv.start();
  json::object reply;
  WsClient chair = with_token(srv, token, c.meeting, std::nullopt, &reply);
  const auto& ballots = at(reply, "/result/joined/ballots")->as_array();
  REQUIRE(ballots.size() == 1);
  CHECK(ballots[0].at("voted").as_array().empty());
  // The same tracker and key again: held anew.
  for (int i = 0; i < 3; ++i) {
    const auto links = issue_one(chair, c.meeting, c.voters[i].first);
    WsClient m = with_link(srv, links.token);
    const auto r = m.call("ballot.cast", {{"meeting", c.meeting}, {"ballot", ballot}, {"choice", "for"}, {"tracker", trackers[i]}, {"key", "k" + std::to_string(i)}});
    CHECK_FALSE(r.contains("duplicate"));
  }
  chair.call("ballot.close", {{"meeting", c.meeting}, {"ballot", ballot}});
  auto closed = chair.wait_event("ballot.closed");
  REQUIRE(closed);
  CHECK(int_at(*closed, "/data/returned") == 3);
  CHECK(str_at(*closed, "/data/secrecy") == "unanimous");
}

TEST_CASE("an annual review: self-reviews with a file, ratings by secret ballot, the quota", "[ballot]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto cell = sec.cell();
  const auto members = sec.ws.call("roster.list", {{"cell", cell}}).at("members").as_array();
  REQUIRE(members.size() >= 10);
  const auto meeting = int_at(sec.ws.call("meeting.create", {{"cell", cell}, {"kind", "annual_review"}, {"title", "Kiểm điểm 2026"},
                                                             {"starts_at", "2027-01-10T08:00"}}), "/meeting/id");
  sec.ws.call("meeting.join", {{"meeting", meeting}});
  auto created = sec.ws.wait_event("meeting.created");
  REQUIRE(created);
  // One item per member under review, the secretary first; the exempt member is not rated.
  std::vector<std::int64_t> reviewed;
  for (const auto& i : at(*created, "/data/agenda")->as_array())
    if (str_at(i.as_object(), "/key") == "member_review") reviewed.push_back(int_at(i.as_object(), "/member"));
  REQUIRE(!reviewed.empty());
  CHECK(reviewed.front() == int_at(sec.me, "/member"));
  const auto& not_rated = at(*created, "/data/not_rated")->as_array();
  CHECK(std::any_of(not_rated.begin(), not_rated.end(), [](const json::value& v) { return str_at(v.as_object(), "/reason") == "exempt"; }));

  // Before the meeting: a self-review with text, and a PDF in two chunks.
  const auto links = issue_all(sec.ws, meeting);
  const auto A = reviewed[1];
  WsClient a = with_link(srv, links.at(A).token);
  a.call("review.submit", {{"meeting", meeting}, {"self_rating", "good"}, {"text", "Bản tự kiểm điểm năm 2026."}});
  std::string pdf = "%PDF-1.4\n";
  while (pdf.size() < 50'000) pdf += "chibo self-review test line\n";
  auto b64 = [](const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    return out;
  };
  const std::size_t first_chunk = 36 * 1024;
  json::object up{{"meeting", meeting}, {"name", "tu-kiem-diem.pdf"}, {"mime", "application/pdf"}, {"size", static_cast<std::int64_t>(pdf.size())}};
  auto chunk = [&](std::size_t off, std::size_t n) {
    json::object o = up;
    o["offset"] = static_cast<std::int64_t>(off);
    o["data"] = b64(pdf.substr(off, n));
    return o;
  };
  CHECK(int_at(a.call("review.upload", chunk(0, first_chunk)), "/received") == static_cast<std::int64_t>(first_chunk));
  const auto wrong = a.request("review.upload", chunk(first_chunk + 3, 10));
  CHECK(str_at(details_of(wrong), "/reason") == "offset");
  CHECK(a.call("review.upload", chunk(first_chunk, pdf.size() - first_chunk)).contains("seq"));
  // Not a PDF: refused.
  json::object fake = up;
  fake["size"] = 8;
  fake["offset"] = 0;
  fake["data"] = b64("NOTAPDF!");
  CHECK(str_at(details_of(a.request("review.upload", fake)), "/field") == "data");
  // Another member reads it back, byte for byte.
  WsClient b = with_link(srv, links.at(reviewed[2]).token);
  CHECK(str_at(b.call("review.get", {{"meeting", meeting}, {"member", A}}), "/review/text") == "Bản tự kiểm điểm năm 2026.");
  std::string got;
  while (got.size() < pdf.size()) {
    const auto r = b.call("review.file", {{"meeting", meeting}, {"member", A}, {"offset", static_cast<std::int64_t>(got.size())}});
    const std::string data = str_at(r, "/data");
    std::string bytes(3 * data.size() / 4, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()), reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
    REQUIRE(n > 0);
    std::size_t pad = 0;
    while (pad < 2 && !data.empty() && data[data.size() - 1 - pad] == '=') ++pad;
    got += bytes.substr(0, static_cast<std::size_t>(n) - pad);
  }
  CHECK(got == pdf);

  // The meeting: everyone here checks in; ratings by secret ballot.
  sec.ws.call("meeting.open", {{"meeting", meeting}});
  sec.ws.call("rollcall.checkin", {{"meeting", meeting}});
  std::vector<std::unique_ptr<WsClient>> voters;
  for (const auto& [id, l] : links) {
    auto m = std::make_unique<WsClient>(with_link(srv, l.token));
    m->call("rollcall.checkin", {{"meeting", meeting}});
    voters.push_back(std::move(m));
  }
  std::mt19937_64 rng(11);
  auto rate = [&](std::int64_t member, const std::vector<std::string>& votes) {
    sec.ws.call("agenda.goto", {{"meeting", meeting}, {"item", [&] {
      for (const auto& i : at(*created, "/data/agenda")->as_array())
        if (int_at(i.as_object(), "/member", 0) == member) return str_at(i.as_object(), "/id");
      return std::string("i1");
    }()}});
    const auto ballot = int_at(sec.ws.call("ballot.open", {{"meeting", meeting}, {"kind", "rating"}, {"subject", "Xếp loại"}, {"member", member}}), "/ballot");
    std::size_t k = 0;
    for (auto& v : voters) {
      if (k == votes.size()) break;
      if (is_ok(v->request("ballot.cast", {{"meeting", meeting}, {"ballot", ballot}, {"choice", votes[k]}, {"tracker", tracker_of(rng)}}))) ++k;
    }
    REQUIRE(k == votes.size());
    sec.ws.clear_events();
    sec.ws.call("ballot.close", {{"meeting", meeting}, {"ballot", ballot}});
    auto c = sec.ws.wait_event("ballot.closed");
    REQUIRE(c);
    return *c;
  };
  // The denominator is every official member not away with a reason: read it
  // from the first ballot and design the votes from it (DOMAIN.md: excellent at
  // least 2/3, good more than 1/2, counted cumulatively downward).
  const auto den_probe = int_at(sec.ws.call("ballot.open", {{"meeting", meeting}, {"kind", "rating"}, {"subject", "probe"}, {"member", A}}), "/ballot");
  sec.ws.call("ballot.reopen", {{"meeting", meeting}, {"ballot", den_probe}});
  sec.ws.call("ballot.close", {{"meeting", meeting}, {"ballot", den_probe}});
  auto probe = sec.ws.wait_event("ballot.closed");
  REQUIRE(probe);
  const int den = static_cast<int>(int_at(*probe, "/data/denominator"));
  const int two_thirds = (2 * den + 2) / 3, half = den / 2 + 1;
  INFO("denominator " << den);
  REQUIRE(two_thirds <= 8);
  auto votes = [](int n, const std::string& level, int m, const std::string& rest) {
    std::vector<std::string> v(static_cast<std::size_t>(n), level);
    v.insert(v.end(), static_cast<std::size_t>(m), rest);
    return v;
  };
  // The probe made a first rating (no ballots): not completed, not counted as good or excellent.
  const auto r1 = rate(reviewed[1], votes(two_thirds, "excellent", 0, ""));
  CHECK(str_at(r1, "/data/result/level") == "excellent");
  CHECK(int_at(r1, "/data/quota/excellent") == 1);
  CHECK(r1.at("data").at("quota").at("exceeded").as_bool());  // 1 excellent, 0 good
  const auto r2 = rate(reviewed[2], votes(two_thirds - 1, "excellent", 0, ""));  // not 2/3: rolls down to good
  CHECK(str_at(r2, "/data/result/level") == (two_thirds - 1 >= half ? "good" : "not_completed"));
  for (int i = 3; i < 8 && i < static_cast<int>(reviewed.size()); ++i) {
    const auto r = rate(reviewed[static_cast<std::size_t>(i)], votes(half, "good", 0, ""));
    CHECK(str_at(r, "/data/result/level") == "good");
    if (i == 7) {
      // 1 excellent over 6 good: 1*5 <= 6, the quota holds.
      CHECK(int_at(r, "/data/quota/good") >= 5);
      CHECK_FALSE(r.at("data").at("quota").at("exceeded").as_bool());
    }
  }
}

}  // namespace chibo::test
