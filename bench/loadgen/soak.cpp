// soak (issue 7): M meetings of N members for S seconds of continuous churn,
// watching the server's resident memory and open descriptors for leaks.
// Every member, on its own connection, loops: join by link (resuming with
// `since` after the first time), check in, stay online a few seconds casting
// whatever is open, leave (half the time `meeting.leave` then close, half an
// abrupt close), stay away a moment, come back. Each meeting's chair keeps
// opening a named vote, closing it, then a secret ballot, closing it, and
// checks each result against the acknowledged casts. After --rounds rounds
// the chair closes the meeting and opens the next one, as meetings end and
// begin through a day; members then join the new one from its start. Closed
// meetings nobody is in leave the server's memory after its
// --meeting-idle-timeout (service/registry.hpp), so a steady day has a
// steady footprint. --rounds 0 keeps one meeting for the whole run: its log
// (and so its state) then grows with every vote. Every command must be
// acknowledged ok; the seq checks of Conn hold across every reconnect.
//
// The server is sampled every second (VmRSS, entries of /proc/<pid>/fd).
// Warm-up is the first 20 % of the run; growth = RSS at the end of the churn
// over RSS at the end of the warm-up. After the churn every client closes and
// the descriptors must come back to the baseline taken before any client.
//
// Timing: the run lasts --seconds (or --minutes); --timeout bounds the
// wind-down after it (chairs close what is open, members leave).
#include <dirent.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "pool.hpp"
#include "process.hpp"
#include "scenario.hpp"
#include "setup.hpp"

namespace chibo::loadgen {
namespace {

// What one meeting's chair and members share (different threads: atomics,
// and a mutex for the ballots held).
struct SoakMeeting {
  MeetingSetup setup;                  // the meeting joined now; written by the chair under mu
  std::atomic<std::int64_t> current{0};  // setup.id, for checks without the lock
  std::atomic<std::int64_t> open_vote{0}, open_ballot{0};  // castable now (0: none, or closing)
  std::atomic<int> in_flight{0};                           // casts sent, reply not yet in
  std::atomic<int> cast_for{0}, cast_against{0}, cast_abstain{0};
  std::mutex mu;
  std::map<std::string, std::string> held;  // tracker -> choice, of the open ballot (acked)
};

struct SoakGlobal {
  std::atomic<bool> stop{false};
  std::atomic<int> members_done{0}, chairs_done{0}, setups{0}, setup_failed{0};
  std::atomic<std::uint64_t> log_events{0}, log_bytes{0};  // logged events the chairs received
};

struct SoakMember {
  std::size_t index = 0;
  int seat = 0;
  std::unique_ptr<Conn> conn, retired;  // the previous connection is kept a cycle (its handlers drain)
  std::int64_t last_seq = 0;
};

Ms uniform_ms(std::mt19937_64& rng, int lo, int hi) {
  return Ms(std::uniform_int_distribution<int>(lo, hi)(rng));
}

// /proc/<pid>/fd: how many, and by what they point to (sockets and pipes by
// kind, anon inodes and files by name).
struct FdCount {
  int total = 0, sockets = 0, files = 0, other = 0;
  std::map<std::string, int> by_target;
  std::string describe() const {
    return std::to_string(total) + " (" + std::to_string(sockets) + " sockets, " + std::to_string(files) +
           " files, " + std::to_string(other) + " other)";
  }
};

FdCount count_fds(pid_t pid) {
  FdCount c;
  const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = opendir(dir.c_str());
  if (!d) return c;
  while (const dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    ++c.total;
    char target[512];
    const ssize_t n = readlink((dir + "/" + e->d_name).c_str(), target, sizeof target - 1);
    std::string t(target, n > 0 ? static_cast<std::size_t>(n) : 0);
    if (t.rfind("socket:", 0) == 0) ++c.sockets, t = "socket";
    else if (t.rfind("pipe:", 0) == 0) ++c.other, t = "pipe";
    else if (t.rfind("/", 0) == 0) ++c.files;
    else ++c.other;
    ++c.by_target[t];
  }
  closedir(d);
  return c;
}

// The descriptors `after` holds beyond `before`: the read pool's (SQLite
// opens the database and its -wal for each of the store's read connections,
// lazily, up to kReadConnections = 4 in server/store/store.cpp: bounded, not a
// leak) and the rest. Each a list "+k target".
struct FdDiff {
  int read_pool = 0, other = 0;
  std::string read_pool_list, other_list;
};

FdDiff fd_diff(const FdCount& before, const FdCount& after, const std::string& db_path) {
  FdDiff d;
  std::map<std::string, int> delta;
  for (const auto& [t, k] : after.by_target) delta[t] += k;
  for (const auto& [t, k] : before.by_target) delta[t] -= k;
  for (const auto& [t, k] : delta) {
    if (k == 0) continue;
    const std::string item = (k > 0 ? "+" : "") + std::to_string(k) + " " + t;
    const bool pool = (t == db_path || t == db_path + "-wal") && k > 0 && k <= 4;
    (pool ? d.read_pool_list : d.other_list) += (pool ? d.read_pool_list : d.other_list).empty() ? item : ", " + item;
    (pool ? d.read_pool : d.other) += k;
  }
  return d;
}

struct Sample {
  double t_s = 0;  // since the churn started (negative: before)
  std::uint64_t rss_kb = 0;
  int fds = 0;
};

asio::awaitable<void> soak_member(asio::ip::tcp::endpoint server, SoakMeeting& mt, SoakGlobal& g,
                                  SoakMember& m, asio::io_context& io, Stats& st) {
  std::mt19937_64 rng{0x50a4u + m.index};
  // The meeting as this member knows it, carried across its connections.
  std::int64_t meeting = 0;
  std::string participant;
  std::int64_t vote = 0, ballot = 0, voted_in = 0, balloted_in = 0;
  bool vote_eligible = false, ballot_eligible = false;
  auto hook = [&](const std::string& ev, const json::object& f) {
    const auto& d = f.at("data").as_object();
    if (ev == "vote.opened") {
      vote = d.at("vote").as_int64();
      vote_eligible = in_list(f, "eligible", participant);
    } else if (ev == "vote.closed") {
      if (d.at("vote").as_int64() == vote) vote = 0;
    } else if (ev == "ballot.opened") {
      ballot = d.at("ballot").as_int64();
      ballot_eligible = in_list(f, "eligible", participant);
    } else if (ev == "ballot.closed") {
      if (d.at("ballot").as_int64() == ballot) ballot = 0;
    } else if (ev == "attendance.marked" || ev == "attendance.marks") {
      // Checked in after a vote opened: may vote from now on (PROTOCOL.md,
      // `eligible`). Check-ins that queued behind another's write come as
      // entries of attendance.marks, whose participant is "member:<member>".
      auto mine = [&](const json::object& m) {
        if (participant != "member:" + std::to_string(m.at("member").as_int64())) return;
        // An attendance.marks entry says can_vote only when false (PROTOCOL.md).
        const json::value* cv = m.if_contains("can_vote");
        const bool can = cv ? cv->as_bool() : ev == "attendance.marks";
        vote_eligible = vote_eligible || can;
        ballot_eligible = ballot_eligible || can;
      };
      if (ev == "attendance.marked") {
        mine(d);
      } else {
        // Plain check-ins (present, may vote) come as ids (PROTOCOL.md).
        if (const json::value* ids = d.if_contains("present"))
          for (const auto& id : ids->as_array()) mine(json::object{{"member", id}});
        for (const auto& m : d.at("marks").as_array()) mine(m.as_object());
      }
    }
  };
  struct Unhook {
    SoakMember& m;
    ~Unhook() {
      if (m.conn) m.conn->on_event = nullptr;
      if (m.retired) m.retired->on_event = nullptr;
    }
  } unhook{m};
  bool first = true;
  while (!g.stop) {
    std::string token;
    std::int64_t now_held = 0;
    {
      std::lock_guard lock(mt.mu);
      now_held = mt.setup.id;
      token = mt.setup.links[static_cast<std::size_t>(m.seat)];
    }
    if (now_held != meeting) {
      // The chair has opened the next meeting: join it from its start.
      meeting = now_held;
      first = true;
      m.last_seq = 0;
      vote = ballot = voted_in = balloted_in = 0;
      vote_eligible = ballot_eligible = false;
    }
    auto c = std::make_unique<Conn>(io, st);
    c->last_seq = m.last_seq;
    c->parse_events = {"vote.opened", "vote.closed", "ballot.opened", "ballot.closed", "attendance.marked",
                       "attendance.marks"};
    c->on_event = hook;
    if (m.conn) {
      m.conn->on_event = nullptr;
      m.retired = std::move(m.conn);
    }
    m.conn = std::move(c);
    Conn& conn = *m.conn;
    const auto t0 = now_ns();
    if (!co_await conn.open(server, source_address(m.index), kCallTimeout)) break;
    std::optional<std::int64_t> since;
    if (!first) since = m.last_seq;
    auto aw1 = conn.call("hello", hello_args({{"join", token}}, since), kCallTimeout);
    auto hello = co_await std::move(aw1);
    if (!ok(hello)) {
      st.error(first ? "join" : "rejoin", error_of(hello));
      break;
    }
    st.sample(first ? "join" : "rejoin", now_ns() - t0);
    st.inc(first ? "joins_first" : "rejoins");
    if (first)
      participant = std::string(hello->at("result").as_object().at("me").as_object().at("participant").as_string());
    first = false;

    auto step = [&](const char* op, json::object args) -> asio::awaitable<std::optional<json::object>> {
      args["meeting"] = meeting;
      auto r = co_await conn.call(op, std::move(args), kCallTimeout);
      if (!ok(r)) st.error(op, error_of(r));
      co_return r;
    };
    auto aw2 = conn.call("rollcall.checkin", {{"meeting", meeting}}, kCallTimeout);
    auto reply2 = co_await std::move(aw2);
    if (!ok(reply2)) {
      // The chair closed this meeting between our join and our check-in (we
      // read its link just before): the right answer, and the next join
      // goes to the new meeting. Anything else is an error.
      const bool moved_on = error_of(reply2).find("\"meeting_closed\"") != std::string::npos &&
                            mt.current.load() != meeting;
      if (!moved_on) {
        st.error("rollcall.checkin", error_of(reply2));
        break;
      }
      st.inc("checkins_closed_meanwhile");
    } else {
      st.inc("checkins");
    }

    // Online a few seconds: cast on whatever the chair has open.
    const auto until = std::chrono::steady_clock::now() + uniform_ms(rng, 3'000, 10'000);
    // Vote ids are seqs, so two meetings may share one: the meeting must match too.
    auto castable = [&](const std::atomic<std::int64_t>& open, std::int64_t id) {
      return open.load() == id && mt.current.load() == meeting;
    };
    auto want_vote = [&] { return vote != 0 && vote_eligible && voted_in != vote && castable(mt.open_vote, vote); };
    auto want_ballot = [&] {
      return ballot != 0 && ballot_eligible && balloted_in != ballot && castable(mt.open_ballot, ballot);
    };
    bool failed = false;
    while (!g.stop && conn.is_open() && std::chrono::steady_clock::now() < until) {
      // Re-checked at least every 200 ms: the chair's open_* change without a frame here.
      co_await conn.wait([&] { return g.stop || !conn.is_open() || want_vote() || want_ballot(); }, Ms(200));
      if (want_vote()) {
        ++mt.in_flight;  // before re-checking: the chair sets open_vote = 0, then waits for in_flight == 0
        if (castable(mt.open_vote, vote)) {
          const std::int64_t v = vote;
          static const char* choices[] = {"for", "against", "abstain"};
          const int k = static_cast<int>((m.seat + v) % 3);
          auto aw3 = step("vote.cast", {{"vote", v}, {"choice", choices[k]}, {"key", "k-" + std::to_string(v)}});
          auto r = co_await std::move(aw3);
          if (ok(r)) {
            const auto& res = r->at("result").as_object();
            if (res.contains("duplicate") || res.contains("unchanged")) st.error("vote_not_new", json::serialize(res));
            (k == 0 ? mt.cast_for : k == 1 ? mt.cast_against : mt.cast_abstain)++;
            voted_in = v;
            st.inc("votes_cast");
          } else {
            failed = true;
          }
        }
        --mt.in_flight;
      }
      if (!failed && want_ballot()) {
        ++mt.in_flight;
        if (castable(mt.open_ballot, ballot)) {
          const std::int64_t b = ballot;
          const std::string choice = (m.seat + b) % 2 ? "against" : "for";
          const std::string tracker = random_tracker(rng);
          auto aw4 = step("ballot.cast",
                          {{"ballot", b}, {"choice", choice}, {"tracker", tracker}, {"key", "b-" + std::to_string(b)}});
          auto r = co_await std::move(aw4);
          if (ok(r)) {
            const auto& res = r->at("result").as_object();
            if (res.contains("duplicate")) st.error("ballot_not_new", json::serialize(res));
            {
              std::lock_guard lock(mt.mu);
              mt.held[tracker] = choice;
            }
            balloted_in = b;
            st.inc("ballots_cast");
          } else {
            failed = true;
          }
        }
        --mt.in_flight;
      }
      if (failed) break;
    }
    if (failed) break;
    if (!conn.is_open()) break;  // closed by the server: Conn counted it
    m.last_seq = conn.last_seq;
    if (!g.stop && (rng() & 1)) {
      // A polite leave; either way the connection then just goes.
      auto aw5 = step("meeting.leave", {});
      auto reply5 = co_await std::move(aw5);
      if (!ok(reply5)) break;
      st.inc("leaves_polite");
    } else {
      st.inc("leaves_abrupt");
    }
    m.last_seq = conn.last_seq;
    conn.drop();
    if (g.stop) break;
    co_await poll_until([&] { return g.stop.load(); }, uniform_ms(rng, 500, 3'000), Ms(100));
  }
  if (m.conn && m.conn->is_open()) m.conn->drop();
  ++g.members_done;
}

asio::awaitable<void> soak_chair_setup(asio::ip::tcp::endpoint server, const Session& s, int index, SoakMeeting& mt,
                                       SoakGlobal& g, std::unique_ptr<Conn>& chair, asio::io_context& io, Stats& st,
                                       int members) {
  auto aw1 = open_chair(io, server, s, index, "Sinh hoạt chi bộ (soak) " + std::to_string(index + 1), members, chair,
                        mt.setup, st);
  bool good = co_await std::move(aw1);
  if (good) {
    // Open the roll call once: members check in on every arrival (unchanged after the first).
    auto aw3 = chair->call("rollcall.open", {{"meeting", mt.setup.id}}, kCallTimeout);
    auto r = co_await std::move(aw3);
    good = ok(r);
    if (!good) st.error("setup", "rollcall.open: " + error_of(r));
  }
  mt.current = mt.setup.id;
  ++(good ? g.setups : g.setup_failed);
}

asio::awaitable<void> soak_chair(const Options& o, const Session& session, SoakMeeting& mt, SoakGlobal& g, Conn& c,
                                 Stats& st, int index, int total_members) {
  std::mt19937_64 rng{0xc4a1u + static_cast<std::uint64_t>(index)};
  std::map<std::int64_t, json::object> vote_closed, ballot_closed;
  c.parse_events.insert({"vote.closed", "ballot.closed"});
  c.on_event = [&](const std::string& ev, const json::object& f) {
    const auto& d = f.at("data").as_object();
    if (ev == "vote.closed") vote_closed[d.at("vote").as_int64()] = d;
    if (ev == "ballot.closed") ballot_closed[d.at("ballot").as_int64()] = d;
  };
  c.on_raw = [&](std::string_view, std::string_view frame) {
    const auto seq = frame.find(",\"seq\":"), ts = frame.find(",\"ts\":");
    if (seq != std::string_view::npos && seq < ts) {
      ++g.log_events;
      g.log_bytes += frame.size();
    }
  };
  struct Unhook {
    Conn& c;
    ~Unhook() {
      c.on_event = nullptr;
      c.on_raw = nullptr;
    }
  } unhook{c};
  auto act = [&](const char* op, json::object args) -> asio::awaitable<std::optional<json::object>> {
    args["meeting"] = mt.setup.id;
    auto r = co_await c.call(op, std::move(args), kCallTimeout);
    if (!ok(r)) st.error(op, error_of(r));
    co_return r;
  };
  auto pause = [&](Ms d) { return poll_until([&] { return g.stop.load(); }, d, Ms(100)); };
  int n = 0;  // rounds so far (a named vote and a secret ballot each)
  auto settle = [&] { return poll_until([&] { return mt.in_flight.load() == 0; }, kCallTimeout, Ms(5)); };
  // Closes the meeting (nothing is open: every round ends settled) and opens
  // the next, whose id and links the members pick up at their next join.
  int generation = 1;
  auto next_meeting = [&]() -> asio::awaitable<bool> {
    mt.current = 0;  // closing: a member who joins it now may find it closed
    auto aw1 = act("meeting.close", {});
    auto closed = co_await std::move(aw1);
    if (!ok(closed)) co_return false;
    c.last_seq = 0;  // the next meeting's log starts at seq 1 on this connection
    MeetingSetup next;
    auto hook = c.on_event;  // create_meeting chains its own while it runs
    auto aw2 = create_meeting(c, session,
                              "Sinh hoạt chi bộ (soak) " + std::to_string(index + 1) + "." + std::to_string(++generation),
                              o.members, next, st);
    const bool created = co_await std::move(aw2);
    c.on_event = hook;
    if (!created) co_return false;
    auto aw3 = c.call("rollcall.open", {{"meeting", next.id}}, kCallTimeout);
    auto roll = co_await std::move(aw3);
    if (!ok(roll)) {
      st.error("rollcall.open", error_of(roll));
      co_return false;
    }
    {
      std::lock_guard lock(mt.mu);
      mt.setup = std::move(next);
      mt.current = mt.setup.id;
    }
    st.inc("meetings_rotated");
    co_return true;
  };
  auto round_done = [&]() -> asio::awaitable<bool> {
    if (o.soak_rounds == 0 || n % o.soak_rounds != 0 || g.stop) co_return true;
    auto aw = next_meeting();
    co_return co_await std::move(aw);
  };
  const int period_ms = std::max(1, o.soak_vote_every_s) * 1000;
  // Spread the meetings' votes over the period.
  auto aw0 = pause(uniform_ms(rng, 0, period_ms));
  co_await std::move(aw0);
  while (o.soak_votes && !g.stop) {
    ++n;
    // A named vote: open ~40 % of the period, then closed and checked.
    mt.cast_for = mt.cast_against = mt.cast_abstain = 0;
    auto aw1 = act("vote.open", {{"subject", "Biểu quyết số " + std::to_string(n)}, {"decision", "ordinary"}});
    auto v = co_await std::move(aw1);
    if (!ok(v)) break;
    const auto vote = v->at("result").as_object().at("vote").as_int64();
    mt.open_vote = vote;
    st.inc("votes_opened");
    auto aw2 = pause(Ms(period_ms * 2 / 5));
    co_await std::move(aw2);
    mt.open_vote = 0;
    auto aw3 = settle();
    if (!co_await std::move(aw3)) {
      st.error("timeout", "casts in flight");
      break;
    }
    auto aw4 = act("vote.close", {{"vote", vote}});
    auto reply4 = co_await std::move(aw4);
    if (!ok(reply4)) break;
    auto aw5 = c.wait([&] { return vote_closed.count(vote) > 0; }, kCallTimeout);
    if (!co_await std::move(aw5)) {
      st.error("timeout", "vote.closed");
      break;
    }
    const auto& res = vote_closed[vote];
    if (res.at("for").as_int64() != mt.cast_for || res.at("against").as_int64() != mt.cast_against ||
        res.at("abstain").as_int64() != mt.cast_abstain)
      st.error("tally", json::serialize(res).substr(0, 200) + " vs acked " + std::to_string(mt.cast_for) + "/" +
                            std::to_string(mt.cast_against) + "/" + std::to_string(mt.cast_abstain));
    vote_closed.erase(vote);
    st.inc("votes_closed");
    auto aw6 = pause(Ms(period_ms / 10));
    co_await std::move(aw6);
    if (!o.ballot || g.stop) {
      auto aw6b = round_done();
      if (!co_await std::move(aw6b)) break;
      continue;
    }

    // A secret ballot, the same way; the sealed box must hold exactly the acked ballots.
    auto aw7 = act("ballot.open", {{"kind", "yes_no"}, {"subject", "Bỏ phiếu kín số " + std::to_string(n)},
                                   {"decision", "ordinary"}});
    auto b = co_await std::move(aw7);
    if (!ok(b)) break;
    const auto ballot = b->at("result").as_object().at("ballot").as_int64();
    mt.open_ballot = ballot;
    st.inc("ballots_opened");
    auto aw8 = pause(Ms(period_ms * 2 / 5));
    co_await std::move(aw8);
    mt.open_ballot = 0;
    auto aw9 = settle();
    if (!co_await std::move(aw9)) {
      st.error("timeout", "ballots in flight");
      break;
    }
    auto aw10 = act("ballot.close", {{"ballot", ballot}});
    auto reply10 = co_await std::move(aw10);
    if (!ok(reply10)) break;
    auto aw11 = c.wait([&] { return ballot_closed.count(ballot) > 0; }, kCallTimeout);
    if (!co_await std::move(aw11)) {
      st.error("timeout", "ballot.closed");
      break;
    }
    {
      const auto& res = ballot_closed[ballot];
      std::lock_guard lock(mt.mu);
      if (res.at("returned").as_int64() != static_cast<std::int64_t>(mt.held.size()))
        st.error("ballot_count", "returned " + std::to_string(res.at("returned").as_int64()) + " held " +
                                     std::to_string(mt.held.size()));
      std::size_t found = 0;
      for (const auto& e : res.at("box").as_array()) {
        const auto& t = e.as_object();
        auto it = mt.held.find(std::string(t.at("tracker").as_string()));
        if (it != mt.held.end() && t.at("choice").is_string() && t.at("choice").as_string() == it->second) ++found;
      }
      if (found != mt.held.size())
        st.error("ballot_missing", std::to_string(mt.held.size() - found) + " held ballots not in the box");
      mt.held.clear();
    }
    ballot_closed.erase(ballot);
    st.inc("ballots_closed");
    auto aw12 = pause(Ms(period_ms / 10));
    co_await std::move(aw12);
    auto aw12b = round_done();
    if (!co_await std::move(aw12b)) break;
  }
  // The run is over (or a step failed): wait for the members to go, then go.
  auto aw13 = poll_until([&] { return g.stop.load() && g.members_done.load() >= total_members; },
                         Ms(static_cast<std::int64_t>(o.soak_seconds + o.timeout_s) * 1000), Ms(100));
  co_await std::move(aw13);
  c.drop();
  ++g.chairs_done;
}

}  // namespace

Result run_soak(const Options& o) {
  using clock = std::chrono::steady_clock;
  Result res;
  raise_fd_limit();
  TempDir dir;
  std::vector<std::string> argv{o.chibo, "serve", "--db", dir.path + "/chibo.db", "--listen", "127.0.0.1:0", "--demo"};
  if (o.server_threads > 0) argv.insert(argv.end(), {"--threads", std::to_string(o.server_threads)});
  ServerChild server(argv, "chibo: listening on http://127.0.0.1");
  const pid_t pid = server.pid();
  const asio::ip::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), server.port());
  std::this_thread::sleep_for(Ms(500));  // let start-up settle before the baseline
  const FdCount fd_baseline = count_fds(pid);
  const auto empty = sample_proc(pid);

  // The sampler: one sample a second, times relative to the churn's start (set below).
  std::mutex sample_mu;
  std::vector<Sample> samples;
  std::atomic<std::int64_t> churn_start_ns{0};
  std::atomic<bool> sampling{true};
  std::thread sampler([&] {
    while (sampling) {
      const auto s = sample_proc(pid);
      const int fds = count_fds(pid).total;
      const auto t0 = churn_start_ns.load();
      {
        std::lock_guard lock(sample_mu);
        samples.push_back({t0 ? static_cast<double>(now_ns() - t0) / 1e9 : -1.0, s.rss_kb, fds});
      }
      for (int i = 0; i < 10 && sampling; ++i) std::this_thread::sleep_for(Ms(100));
    }
  });

  const int M = o.meetings, N = o.members, total = M * N;
  const double S = std::max(1, o.soak_seconds), warmup_s = 0.2 * S;
  Pool pool(o.threads);
  SoakGlobal g;
  std::vector<std::unique_ptr<SoakMeeting>> meetings;
  for (int i = 0; i < M; ++i) meetings.push_back(std::make_unique<SoakMeeting>());
  std::vector<std::unique_ptr<Conn>> chairs(static_cast<std::size_t>(M));
  std::vector<SoakMember> members(static_cast<std::size_t>(total));
  std::string phase = "setup";
  bool done = false;
  Session session;
  std::atomic<bool> admin_done{false};
  auto deadline = clock::now() + std::chrono::seconds(o.timeout_s);
  auto wait_for = [&](const std::function<bool()>& pred) {
    while (!pred()) {
      if (clock::now() > deadline) return false;
      std::this_thread::sleep_for(Ms(20));
    }
    return true;
  };
  double cpu0 = 0;
  {
    pool.spawn(0, [&]() -> asio::awaitable<void> {
      session = co_await admin_setup(pool.io(0), ep, N, pool.stats(0));
      admin_done = true;
    });
    if (!wait_for([&] { return admin_done.load(); }) || session.token.empty()) goto report;
    for (int i = 0; i < M; ++i)
      pool.spawn(static_cast<std::size_t>(i), [&, i]() -> asio::awaitable<void> {
        const auto ci = static_cast<std::size_t>(i);
        co_await soak_chair_setup(ep, session, i, *meetings[ci], g, chairs[ci], pool.io(ci), pool.stats(ci), N);
      });
    if (!wait_for([&] { return g.setups + g.setup_failed >= M; }) || g.setup_failed > 0) goto report;
    res.figures["rss_kb_setup"] = sample_proc(pid).rss_kb;
    res.figures["fd_setup"] = count_fds(pid).describe();

    phase = "churn";
    cpu0 = sample_proc(pid).cpu_s;
    const auto start = clock::now();
    churn_start_ns = now_ns();
    for (int i = 0; i < M; ++i) {
      const auto ci = static_cast<std::size_t>(i);
      pool.spawn(ci, [&, ci, i]() -> asio::awaitable<void> {
        co_await soak_chair(o, session, *meetings[ci], g, *chairs[ci], pool.stats(ci), i, total);
      });
      for (int k = 0; k < N; ++k) {
        const std::size_t mi = ci * static_cast<std::size_t>(N) + static_cast<std::size_t>(k);
        members[mi].index = mi;
        members[mi].seat = k;
        pool.spawn(mi, [&, ci, mi]() -> asio::awaitable<void> {
          co_await soak_member(ep, *meetings[ci], g, members[mi], pool.io(mi), pool.stats(mi));
        });
      }
    }
    std::this_thread::sleep_until(start + std::chrono::milliseconds(static_cast<std::int64_t>(warmup_s * 1000)));
    const auto warm = sample_proc(pid);
    const auto ev_warm = g.log_events.load(), bytes_warm = g.log_bytes.load();
    res.figures["rss_kb_warmup_end"] = warm.rss_kb;
    res.figures["fd_warmup_end"] = count_fds(pid).total;
    std::this_thread::sleep_until(start + std::chrono::milliseconds(static_cast<std::int64_t>(S * 1000)));
    const auto end = sample_proc(pid);
    res.figures["rss_kb_end"] = end.rss_kb;
    res.figures["fd_end_of_churn"] = count_fds(pid).total;
    const auto ev_end = g.log_events.load(), bytes_end = g.log_bytes.load();
    res.figures["server_cpu_pct"] = 100.0 * (end.cpu_s - cpu0) / S;
    res.figures["rss_growth"] = static_cast<double>(end.rss_kb) / static_cast<double>(std::max<std::uint64_t>(1, warm.rss_kb));
    {
      std::uint64_t max_all = 0, max_after = 0;
      std::lock_guard lock(sample_mu);
      for (const auto& s : samples) {
        max_all = std::max(max_all, s.rss_kb);
        if (s.t_s >= warmup_s) max_after = std::max(max_after, s.rss_kb);
      }
      max_all = std::max(max_all, end.rss_kb);
      max_after = std::max(max_after, end.rss_kb);
      res.figures["rss_kb_max"] = max_all;
      res.figures["rss_kb_max_after_warmup"] = max_after;
      res.figures["rss_growth_max"] =
          static_cast<double>(max_after) / static_cast<double>(std::max<std::uint64_t>(1, warm.rss_kb));
    }
    // The meetings' logs grow with every vote and the server keeps each
    // meeting's log in memory (its frames, for resumes): what that accounts for.
    res.figures["log_events_after_warmup"] = ev_end - ev_warm;
    res.figures["log_bytes_after_warmup"] = bytes_end - bytes_warm;
    res.figures["log_events_total"] = ev_end;
    if (ev_end > ev_warm)
      res.figures["rss_bytes_per_logged_event"] =
          (static_cast<double>(end.rss_kb) - static_cast<double>(warm.rss_kb)) * 1024.0 / static_cast<double>(ev_end - ev_warm);

    phase = "wind-down";
    g.stop = true;
    deadline = clock::now() + std::chrono::seconds(o.timeout_s);
    if (!wait_for([&] { return g.members_done >= total && g.chairs_done >= M; })) goto report;
    // Every client is gone: give the server a few seconds to notice (its
    // sockets back to the baseline's), then count.
    const auto quiet = clock::now();
    while (count_fds(pid).sockets > fd_baseline.sockets && clock::now() - quiet < std::chrono::seconds(10))
      std::this_thread::sleep_for(Ms(100));
    res.figures["fd_settle_s"] = std::chrono::duration<double>(clock::now() - quiet).count();
    // A few seconds more for anything closed late (1 s in a run of under 30 s, e.g. the smoke).
    std::this_thread::sleep_for(std::chrono::seconds(S >= 30 ? 3 : 1));
    const FdCount fd_end = count_fds(pid);
    const FdDiff diff = fd_diff(fd_baseline, fd_end, dir.path + "/chibo.db");
    res.figures["fd_after_disconnect"] = fd_end.describe();
    res.figures["fd_read_pool_opened"] = diff.read_pool;
    if (!diff.read_pool_list.empty()) res.figures["fd_read_pool_list"] = diff.read_pool_list;
    res.figures["fd_leaked"] = diff.other;
    res.figures["rss_kb_after_disconnect"] = sample_proc(pid).rss_kb;
    if (diff.other != 0 || !diff.other_list.empty())
      res.stats.error("fd_leak", "baseline " + fd_baseline.describe() + ", after every client left " +
                                     fd_end.describe() + ": " + diff.other_list);
    done = true;
  }
report:
  sampling = false;
  sampler.join();
  res.figures["phase_reached"] = done ? "done" : phase;
  res.figures["seconds"] = static_cast<std::int64_t>(S);
  res.figures["warmup_s"] = warmup_s;
  res.figures["meetings"] = M;
  res.figures["members_per_meeting"] = N;
  res.figures["connections_max"] = total + M;
  res.figures["rss_kb_empty"] = empty.rss_kb;
  res.figures["fd_baseline"] = fd_baseline.describe();
  res.figures["samples"] = static_cast<std::int64_t>(samples.size());
  {
    int fd_max = 0;
    for (const auto& s : samples) fd_max = std::max(fd_max, s.fds);
    res.figures["fd_max"] = fd_max;
  }
  pool.stop();
  {
    Stats merged = pool.merged();
    merged.merge(res.stats);
    res.stats = std::move(merged);
  }
  if (!done) res.stats.error("incomplete", "stopped in phase " + phase);
  const int code = server.stop();
  if (code != 0) res.stats.error("server_exit", std::to_string(code));
  const bool rss_ok = done && res.figures["rss_growth"].to_number<double>() < 1.05;
  res.figures["verdict_rss"] = std::string(rss_ok ? "growth < 1.05" : "growth >= 1.05") +
                               (o.soak_rss_check ? "" : " (not checked)");
  res.ok = done && (rss_ok || !o.soak_rss_check) && res.stats.errors_total() == 0;
  if (!done) report_and_exit(o, res, dir);
  return res;
}

}  // namespace chibo::loadgen
