// province-day, congress and reconnect-storm: M meetings of N members
// through the real protocol. Each meeting's chair drives it and its members
// react to the events, as people in the room would: the chair opens the roll
// call, members check in and raise their hands, the chair advances the
// agenda, opens a named vote, members cast, the chair closes it, then the
// same with a secret ballot. Optionally every member then drops at once and
// resumes with `since` (reconnect-storm). Correctness is checked throughout:
// every reply exactly once and ok, seq gap-free per connection, each vote's
// closed tally equal to what the members cast, each ballot's tracker in the
// sealed box, and every member's last seq equal to the meeting's final head.
#include <unistd.h>

#include <boost/json/serialize.hpp>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>

#include "pool.hpp"
#include "process.hpp"
#include "scrape.hpp"
#include "scenario.hpp"
#include "setup.hpp"

namespace chibo::loadgen {
namespace {

struct Run {  // one meeting, shared by its chair and members (atomics: different threads)
  MeetingSetup setup;
  std::atomic<int> joined{0}, checked{0}, raised{0}, voted{0}, balloted{0}, vote_closed_seen{0}, resumed{0};
  std::atomic<int> cast_for{0}, cast_against{0}, cast_abstain{0}, held{0};
  std::atomic<std::int64_t> t_rollcall{0}, t_vote_open{0}, t_vote_close{0}, t_ballot_open{0}, t_ballot_close{0};
  std::atomic<std::int64_t> final_head{0};
  std::atomic<bool> closed{false};
};

struct Global {
  std::atomic<int> setups{0}, setup_failed{0}, joined{0}, conducted{0}, dropped{0}, noticed{0}, resumed{0};
  std::atomic<int> finished{0};
  std::atomic<bool> drop_now{false}, reconnect_now{false};
  std::atomic<std::int64_t> first_join_ns{0}, last_join_ns{0}, storm_start_ns{0}, last_resume_ns{0};
};

struct Member {
  std::size_t index = 0;  // global, for the source address
  int seat = 0;           // within the meeting
  std::unique_ptr<Conn> conn;
  std::string participant;
  std::int64_t last_seq = 0;
  std::string tracker, ballot_choice;
  bool finished = false;
};

void max_into(std::atomic<std::int64_t>& a, std::int64_t v) {
  auto cur = a.load();
  while (v > cur && !a.compare_exchange_weak(cur, v)) {
  }
}


asio::awaitable<void> play_member(asio::ip::tcp::endpoint server, const Options& o, Run& run, Global& g,
                                  Member& m, asio::io_context& io, Stats& st) {
  const Ms wait_long{static_cast<std::int64_t>(o.timeout_s) * 1000};
  m.conn = std::make_unique<Conn>(io, st);
  Conn* c = m.conn.get();
  // What the member reacts to, seen on whichever connection it has.
  std::atomic<bool> rollcall{false}, vote_closed{false}, ballot_closed{false}, meeting_closed{false};
  std::int64_t vote = 0, ballot = 0;
  bool vote_eligible = false, ballot_eligible = false;
  auto hook = [&](const std::string& ev, const json::object& f) {
    const auto now = now_ns();
    if (ev == "rollcall.opened") {
      rollcall = true;
      if (run.t_rollcall) st.sample("deliver.rollcall.opened", now - run.t_rollcall);
    } else if (ev == "vote.opened") {
      vote = f.at("data").as_object().at("vote").as_int64();
      vote_eligible = in_list(f, "eligible", m.participant);
      if (run.t_vote_open) st.sample("deliver.vote.opened", now - run.t_vote_open);
    } else if (ev == "vote.closed") {
      vote_closed = true;
      st.sample("deliver.vote.closed", now - run.t_vote_close);
      ++run.vote_closed_seen;
    } else if (ev == "ballot.opened") {
      ballot = f.at("data").as_object().at("ballot").as_int64();
      ballot_eligible = in_list(f, "eligible", m.participant);
      if (run.t_ballot_open) st.sample("deliver.ballot.opened", now - run.t_ballot_open);
    } else if (ev == "ballot.closed") {
      ballot_closed = true;
      st.sample("deliver.ballot.closed", now - run.t_ballot_close);
      if (!m.tracker.empty()) {
        bool found = false;
        for (const auto& b : f.at("data").as_object().at("box").as_array())
          if (b.as_object().at("tracker").as_string() == m.tracker &&
              json::serialize(b.as_object().at("choice")) == "\"" + m.ballot_choice + "\"")
            found = true;
        if (!found) st.error("ballot_missing", m.tracker);
      }
    } else if (ev == "meeting.closed") {
      meeting_closed = true;
    }
  };
  auto arm = [&](Conn& conn) {
    conn.parse_events = {"rollcall.opened", "vote.opened", "vote.closed", "ballot.opened", "ballot.closed",
                         "meeting.closed"};
    conn.on_event = hook;
  };
  arm(*c);
  const std::string& token = run.setup.links[static_cast<std::size_t>(m.seat)];

  // The hooks point into this frame: unhook whatever connection is current when it ends.
  struct Unhook {
    Member& m;
    ~Unhook() {
      if (m.conn) m.conn->on_event = nullptr;
    }
  } unhook{m};
  const auto t0 = now_ns();
  std::int64_t expected = 0;
  g.first_join_ns.compare_exchange_strong(expected, t0);
  if (!co_await c->open(server, source_address(m.index), wait_long)) co_return;
  auto aw8 = c->call("hello", hello_args({{"join", token}}), wait_long);
  auto hello = co_await std::move(aw8);
  if (!ok(hello)) co_return st.error("join", error_of(hello));
  st.sample("join", now_ns() - t0);
  m.participant = std::string(hello->at("result").as_object().at("me").as_object().at("participant").as_string());
  // A phone keeps its participant list in its own state, not the parsed
  // answer: held here for the member's whole run, 2,000 congress answers of
  // 2,000 participants each were gigabytes of JSON trees that the generator
  // kept faulting in (clear_page led its profile), on the server's cores.
  hello.reset();
  ++run.joined;
  ++g.joined;
  max_into(g.last_join_ns, now_ns());

  auto step = [&](const char* op, json::object args) -> asio::awaitable<std::optional<json::object>> {
    args["meeting"] = run.setup.id;
    auto r = co_await c->call(op, std::move(args), wait_long);
    if (!ok(r)) st.error(op, error_of(r));
    co_return r;
  };

  if (!co_await c->wait([&] { return rollcall.load(); }, wait_long)) co_return st.error("timeout", "rollcall.opened");
  auto aw9 = step("rollcall.checkin", {});
  co_await std::move(aw9);
  ++run.checked;
  if (o.hands) {
    auto aw10 = step("hand.raise", {});
    co_await std::move(aw10);
    ++run.raised;
  }
  if (!co_await c->wait([&] { return vote != 0; }, wait_long)) co_return st.error("timeout", "vote.opened");
  if (vote_eligible) {
    static const char* choices[] = {"for", "against", "abstain"};
    const char* choice = choices[m.seat % 3];
    auto aw11 = step("vote.cast", {{"vote", vote}, {"choice", choice}, {"key", "k-" + std::to_string(m.seat)}});
    auto r = co_await std::move(aw11);
    if (ok(r)) {
      const auto& res = r->at("result").as_object();
      if (res.contains("duplicate") || res.contains("unchanged")) st.error("vote_not_new", json::serialize(res));
      st.inc("votes_acked");
      (m.seat % 3 == 0 ? run.cast_for : m.seat % 3 == 1 ? run.cast_against : run.cast_abstain)++;
    }
  }
  ++run.voted;
  if (!co_await c->wait([&] { return vote_closed.load(); }, wait_long)) co_return st.error("timeout", "vote.closed");
  if (o.ballot) {
    if (!co_await c->wait([&] { return ballot != 0; }, wait_long)) co_return st.error("timeout", "ballot.opened");
    if (ballot_eligible) {
      thread_local std::mt19937_64 rng{std::random_device{}()};
      m.tracker = random_tracker(rng);
      m.ballot_choice = m.seat % 2 ? "against" : "for";
      auto aw12 = step("ballot.cast", {{"ballot", ballot}, {"choice", m.ballot_choice}, {"tracker", m.tracker},
                                             {"key", "b-" + std::to_string(m.seat)}});
      auto r = co_await std::move(aw12);
      if (ok(r)) {
        st.inc("ballots_held");
        ++run.held;
      }
    }
    ++run.balloted;
    if (!co_await c->wait([&] { return ballot_closed.load(); }, wait_long))
      co_return st.error("timeout", "ballot.closed");
  }
  ++g.conducted;

  if (o.storm) {
    if (!co_await poll_until([&] { return g.drop_now.load(); }, wait_long)) co_return st.error("timeout", "drop");
    m.last_seq = c->last_seq;
    c->drop();
    ++g.dropped;
    if (!co_await poll_until([&] { return g.reconnect_now.load(); }, wait_long, Ms(2)))
      co_return st.error("timeout", "reconnect");
    // A fresh connection, like a phone back on the network: same link, since = last seq seen.
    auto fresh = std::make_unique<Conn>(io, st);
    fresh->last_seq = m.last_seq;
    arm(*fresh);
    const auto r0 = now_ns();
    if (!co_await fresh->open(server, source_address(m.index), wait_long)) co_return;
    auto aw13 = fresh->call("hello", hello_args({{"join", token}}, m.last_seq), wait_long);
    auto again = co_await std::move(aw13);
    if (!ok(again)) co_return st.error("resume", error_of(again));
    again.reset();  // as hello above
    st.sample("resume", now_ns() - r0);
    m.conn->on_event = nullptr;
    m.conn = std::move(fresh);
    c = m.conn.get();
    ++run.resumed;
    ++g.resumed;
    max_into(g.last_resume_ns, now_ns());
  }
  if (!co_await c->wait([&] { return meeting_closed.load(); }, wait_long))
    co_return st.error("timeout", "meeting.closed");
  m.last_seq = c->last_seq;
  m.finished = true;
  ++g.finished;
}

asio::awaitable<void> chair_setup(asio::ip::tcp::endpoint server, const Session& s, int index, Run& run, Global& g,
                                  std::unique_ptr<Conn>& chair, asio::io_context& io, Stats& st, int members) {
  auto aw14 = open_chair(io, server, s, index, "Sinh hoạt chi bộ " + std::to_string(index + 1), members, chair,
                         run.setup, st);
  const bool good = co_await std::move(aw14);
  ++(good ? g.setups : g.setup_failed);
}

asio::awaitable<void> chair_conduct(const Options& o, Run& run, Global& g, Conn& c, Stats& st, int total_members) {
  const Ms wait_long{static_cast<std::int64_t>(o.timeout_s) * 1000};
  const int n = o.members;
  const auto id = run.setup.id;
  bool vote_closed = false, ballot_closed = false;
  json::object vote_result, ballot_result;
  c.parse_events.insert({"vote.closed", "ballot.closed"});
  auto prev = c.on_event;
  struct Restore {
    Conn& c;
    std::function<void(const std::string&, const json::object&)> prev;
    ~Restore() { c.on_event = prev; }
  } restore{c, prev};
  c.on_event = [&](const std::string& ev, const json::object& f) {
    if (ev == "vote.closed") vote_closed = true, vote_result = f.at("data").as_object();
    if (ev == "ballot.closed") ballot_closed = true, ballot_result = f.at("data").as_object();
    if (prev) prev(ev, f);
  };
  auto act = [&](const char* op, json::object args, std::atomic<std::int64_t>* t = nullptr)
      -> asio::awaitable<std::optional<json::object>> {
    args["meeting"] = id;
    if (t) *t = now_ns();
    auto r = co_await c.call(op, std::move(args), wait_long);
    if (!ok(r)) st.error(op, error_of(r));
    co_return r;
  };
  auto all = [&](std::atomic<int>& k) { return [&k, n] { return k.load() >= n; }; };

  if (!co_await poll_until(all(run.joined), wait_long)) co_return st.error("timeout", "members joined");
  auto aw16 = act("rollcall.open", {}, &run.t_rollcall);
  co_await std::move(aw16);
  if (!co_await poll_until(all(run.checked), wait_long)) co_return st.error("timeout", "check-ins");
  auto aw17 = act("rollcall.close", {});
  co_await std::move(aw17);
  if (run.setup.agenda.size() > 1) {
    auto aw18 = act("agenda.goto", {{"item", run.setup.agenda[1]}});
    co_await std::move(aw18);
  }
  if (o.hands && !co_await poll_until(all(run.raised), wait_long)) co_return st.error("timeout", "hands");
  if (run.setup.agenda.size() > 2) {
    auto aw19 = act("agenda.goto", {{"item", run.setup.agenda[2]}});
    co_await std::move(aw19);
  }

  auto aw20 = act("vote.open", {{"subject", "Thông qua nghị quyết"}, {"decision", "ordinary"}}, &run.t_vote_open);
  auto v = co_await std::move(aw20);
  if (!ok(v)) co_return;
  const auto vote = v->at("result").as_object().at("vote").as_int64();
  if (!co_await poll_until(all(run.voted), wait_long)) co_return st.error("timeout", "votes");
  auto aw21 = act("vote.close", {{"vote", vote}}, &run.t_vote_close);
  co_await std::move(aw21);
  if (!co_await c.wait([&] { return vote_closed; }, wait_long)) co_return st.error("timeout", "chair vote.closed");
  // Zero lost or duplicated votes: the server's tally is exactly what was cast.
  if (vote_result.at("for").as_int64() != run.cast_for || vote_result.at("against").as_int64() != run.cast_against ||
      vote_result.at("abstain").as_int64() != run.cast_abstain)
    st.error("tally", json::serialize(vote_result).substr(0, 200) + " vs cast " + std::to_string(run.cast_for) + "/" +
                          std::to_string(run.cast_against) + "/" + std::to_string(run.cast_abstain));
  st.inc("votes_counted", static_cast<std::uint64_t>(vote_result.at("answered").as_int64()));

  if (o.ballot) {
    auto aw22 = act("ballot.open", {{"kind", "yes_no"}, {"subject", "Bỏ phiếu kín"}, {"decision", "ordinary"}},
                          &run.t_ballot_open);
    auto b = co_await std::move(aw22);
    if (!ok(b)) co_return;
    const auto ballot = b->at("result").as_object().at("ballot").as_int64();
    if (!co_await poll_until(all(run.balloted), wait_long)) co_return st.error("timeout", "ballots");
    auto aw23 = act("ballot.close", {{"ballot", ballot}}, &run.t_ballot_close);
    co_await std::move(aw23);
    if (!co_await c.wait([&] { return ballot_closed; }, wait_long)) co_return st.error("timeout", "chair ballot.closed");
    if (ballot_result.at("returned").as_int64() != run.held)
      st.error("ballot_count", "returned " + std::to_string(ballot_result.at("returned").as_int64()) + " held " +
                                   std::to_string(run.held.load()));
  }
  ++g.conducted;

  if (o.storm) {
    if (!co_await poll_until([&] { return g.dropped.load() >= total_members; }, wait_long))
      co_return st.error("timeout", "all dropped");
    // Something happens while everyone is away: the resume must bring it.
    auto aw24 = act("meeting.notice", {{"text", "Trong lúc mất kết nối"}});
    co_await std::move(aw24);
    ++g.noticed;
    if (!co_await poll_until(all(run.resumed), wait_long)) co_return st.error("timeout", "resumed");
  }
  if (run.setup.agenda.size() > 3) {
    auto aw25 = act("agenda.goto", {{"item", run.setup.agenda.back()}});
    co_await std::move(aw25);
  }
  auto aw26 = act("meeting.close", {});
  auto closed = co_await std::move(aw26);
  if (ok(closed)) run.final_head = closed->at("result").as_object().at("seq").as_int64();
  run.closed = true;
  ++g.finished;
}

}  // namespace

Result run_meeting_day(const Options& o) {
  Result res;
  raise_fd_limit();
  TempDir dir;
  std::vector<std::string> argv{o.chibo, "serve", "--db", dir.path + "/chibo.db", "--listen", "127.0.0.1:0", "--demo"};
  if (o.server_threads > 0) argv.insert(argv.end(), {"--threads", std::to_string(o.server_threads)});
  ServerChild server(argv, "chibo: listening on http://127.0.0.1");
  const asio::ip::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), server.port());
  const auto empty = sample_proc(server.pid());
  ProcSampler sampler(server.pid());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout_s);
  auto wait_for = [&](const std::function<bool()>& pred) {
    while (!pred()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(Ms(5));
    }
    return true;
  };

  const int M = o.meetings, N = o.members;
  const int total = M * N;
  Pool pool(o.threads);
  Global g;
  std::vector<std::unique_ptr<Run>> runs;
  for (int i = 0; i < M; ++i) runs.push_back(std::make_unique<Run>());
  std::vector<std::unique_ptr<Conn>> chairs(static_cast<std::size_t>(M));
  std::vector<Member> members(static_cast<std::size_t>(total));
  std::string phase = "setup";
  bool done = false;
  Session session;
  std::atomic<bool> admin_done{false};
  {
    const auto t0 = now_ns();
    pool.spawn(0, [&]() -> asio::awaitable<void> {
      session = co_await admin_setup(pool.io(0), ep, N, pool.stats(0));
      admin_done = true;
    });
    if (!wait_for([&] { return admin_done.load(); }) || session.token.empty()) goto report;
    for (int i = 0; i < M; ++i)
      pool.spawn(static_cast<std::size_t>(i), [&, i]() -> asio::awaitable<void> {
        co_await chair_setup(ep, session, i, *runs[static_cast<std::size_t>(i)], g,
                             chairs[static_cast<std::size_t>(i)], pool.io(static_cast<std::size_t>(i)),
                             pool.stats(static_cast<std::size_t>(i)), N);
      });
    if (!wait_for([&] { return g.setups + g.setup_failed >= M; }) || g.setup_failed > 0) goto report;
    res.figures["setup_s"] = static_cast<double>(now_ns() - t0) / 1e9;
    res.figures["rss_kb_setup"] = sample_proc(server.pid()).rss_kb;
    const auto cpu0 = sample_proc(server.pid()).cpu_s;
    const auto gen0 = sample_proc(getpid()).cpu_s;
    double gen_join = 0;  // the generator's CPU seconds in the join phase
    const auto w0 = now_ns();

    phase = "join";
    for (int i = 0; i < M; ++i) {
      const std::size_t ci = static_cast<std::size_t>(i);
      pool.spawn(ci, [&, ci]() -> asio::awaitable<void> {
        co_await chair_conduct(o, *runs[ci], g, *chairs[ci], pool.stats(ci), total);
      });
      for (int k = 0; k < N; ++k) {
        const std::size_t mi = ci * static_cast<std::size_t>(N) + static_cast<std::size_t>(k);
        members[mi].index = mi;
        members[mi].seat = k;
        pool.spawn(mi, [&, ci, mi]() -> asio::awaitable<void> {
          co_await play_member(ep, o, *runs[ci], g, members[mi], pool.io(mi), pool.stats(mi));
        });
      }
    }
    if (!wait_for([&] { return g.joined >= total; })) goto report;
    {
      const auto s = sample_proc(server.pid());
      const double join_wall = static_cast<double>(now_ns() - w0) / 1e9;
      gen_join = sample_proc(getpid()).cpu_s - gen0;
      // Both on the same cores (bench/README.md): which of the two bounds a
      // phase shows here, not in a one-off `top`.
      res.figures["join_phase_server_cpu_pct"] = 100.0 * (s.cpu_s - cpu0) / std::max(join_wall, 1e-9);
      res.figures["join_phase_generator_cpu_pct"] = 100.0 * gen_join / std::max(join_wall, 1e-9);
      res.figures["rss_kb_connected"] = s.rss_kb;
      res.figures["join_s"] = static_cast<double>(g.last_join_ns - g.first_join_ns) / 1e9;
      res.figures["joins_per_s"] = total / std::max(1e-9, static_cast<double>(g.last_join_ns - g.first_join_ns) / 1e9);
      const double conns = total + M;
      res.figures["rss_kb_per_connection"] =
          (static_cast<double>(s.rss_kb) - res.figures["rss_kb_setup"].to_number<double>()) / conns;
    }
    phase = "conduct";
    if (!wait_for([&] { return g.conducted >= total + M; })) goto report;
    if (o.storm) {
      phase = "reconnect-storm";
      g.drop_now = true;
      if (!wait_for([&] { return g.dropped >= total && g.noticed >= M; })) goto report;
      g.storm_start_ns = now_ns();
      g.reconnect_now = true;
      if (!wait_for([&] { return g.resumed >= total; })) goto report;
      res.figures["storm_resumed"] = g.resumed.load();
      res.figures["storm_s"] = static_cast<double>(g.last_resume_ns - g.storm_start_ns) / 1e9;
    }
    phase = "close";
    if (!wait_for([&] { return g.finished >= total + M; })) goto report;
    const double wall = static_cast<double>(now_ns() - w0) / 1e9;
    res.figures["play_s"] = wall;
    res.figures["server_cpu_pct"] = 100.0 * (sample_proc(server.pid()).cpu_s - cpu0) / wall;
    res.figures["generator_cpu_pct"] = 100.0 * (sample_proc(getpid()).cpu_s - gen0) / wall;
    // The server's side of the command latencies (scrape.hpp).
    add_server_latencies(http_get(ep, "/metrics"), res.figures);
    done = true;
  }
report:
  res.figures["phase_reached"] = done ? "done" : phase;
  res.figures["meetings"] = M;
  res.figures["members_per_meeting"] = N;
  res.figures["connections"] = total + M;
  res.figures["rss_kb_empty"] = empty.rss_kb;
  res.figures["rss_kb_peak"] = sampler.peak_rss_kb();
  pool.stop();
  res.stats = pool.merged();
  if (!done) res.stats.error("incomplete", "stopped in phase " + phase + " (timeout " + std::to_string(o.timeout_s) + " s)");
  if (done) {
    // Events complete: every member saw every logged event up to the final head.
    int behind = 0;
    for (std::size_t i = 0; i < members.size(); ++i) {
      const auto head = runs[i / static_cast<std::size_t>(N)]->final_head.load();
      if (!members[i].finished || members[i].last_seq != head) ++behind;
    }
    if (behind) res.stats.error("events_incomplete", std::to_string(behind) + " members short of the final head");
    res.figures["events_complete_members"] = total - behind;
  }
  const int code = server.stop();
  if (code != 0) res.stats.error("server_exit", std::to_string(code));
  res.ok = done && res.stats.errors_total() == 0;
  // Coroutines still suspended reference members and runs: do not unwind under them.
  if (!done) report_and_exit(o, res, dir);
  return res;
}

}  // namespace chibo::loadgen
