// fan-out: one meeting of F members; the chair posts K notices, at most W
// in flight; every member must receive all K, in order, exactly once.
// Deliveries per second = F × K over the time from the first notice sent to
// the last member's last notice received. The same run against chibo and
// against the Node.js reference peer (bench/reference) gives the ratio.
//
// chibo does more per notice than the reference: each is a durable event
// (hash-chained, group-committed with synchronous=FULL) before it is sent;
// the reference only broadcasts.
#include <atomic>
#include <filesystem>
#include <iostream>
#include <thread>

#include "pool.hpp"
#include "process.hpp"
#include "scenario.hpp"
#include "setup.hpp"

namespace chibo::loadgen {

Result run_fanout(const Options& o, bool reference) {
  Result res;
  raise_fd_limit();
  TempDir dir;
  std::vector<std::string> argv;
  if (reference) {
    argv = {o.node, o.reference, "--port", "0"};
  } else {
    // The chair posts notices as fast as they commit: lift the per-connection
    // command rate limit (20/s) for this run only.
    argv = {o.chibo, "serve", "--db", dir.path + "/chibo.db", "--listen", "127.0.0.1:0", "--demo",
            "--rate-limit", "100000", "--rate-burst", "100000"};
    if (o.server_threads > 0) argv.insert(argv.end(), {"--threads", std::to_string(o.server_threads)});
  }
  ServerChild server(argv, reference ? "reference: listening on http://127.0.0.1" : "chibo: listening on http://127.0.0.1");
  const asio::ip::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), server.port());
  ProcSampler sampler(server.pid());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout_s);
  auto wait_for = [&](const std::function<bool()>& pred) {
    while (!pred()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(Ms(2));
    }
    return true;
  };
  const int F = o.members, K = o.fanout_events;
  const Ms wait_long{static_cast<std::int64_t>(o.timeout_s) * 1000};
  Pool pool(o.threads);
  std::vector<std::atomic<std::int64_t>> sent(static_cast<std::size_t>(K));
  std::atomic<int> joined{0}, complete{0}, settled{0};
  std::atomic<bool> setup_ok{false}, setup_done{false}, chair_done{false};
  std::atomic<std::int64_t> first_sent{0}, last_received{0};
  MeetingSetup meeting;
  std::unique_ptr<Conn> chair;
  std::vector<std::unique_ptr<Conn>> members(static_cast<std::size_t>(F));
  std::vector<int> got(static_cast<std::size_t>(F), 0);
  std::string phase = "setup";
  bool done = false;

  pool.spawn(0, [&]() -> asio::awaitable<void> {
    Stats& st = pool.stats(0);
    chair = std::make_unique<Conn>(pool.io(0), st);
    if (!co_await chair->open(ep, source_address(1'000'000), kCallTimeout)) co_return void(setup_done = true);
    if (reference) {
      // The reference knows one meeting (1) and takes any token: no accounts.
      auto aw27 = chair->call("hello", {{"v", 1}, {"auth", {{"token", "chair"}}}, {"meeting", 1}}, kCallTimeout);
      auto h = co_await std::move(aw27);
      if (!ok(h)) st.error("setup", "reference hello: " + error_of(h));
      meeting.id = 1;
      for (int i = 0; i < F; ++i) meeting.links.push_back("member-" + std::to_string(i));
      setup_ok = ok(h);
    } else {
      Session s = co_await admin_setup(pool.io(0), ep, F, st);
      if (!s.token.empty()) {
        auto aw28 = chair->call("hello", hello_args({{"token", s.token}}), kCallTimeout);
        auto h = co_await std::move(aw28);
        if (ok(h)) {
          auto aw29 = create_meeting(*chair, s, "Fan-out", F, meeting, st);
          setup_ok = co_await std::move(aw29);
        }
      }
    }
    setup_done = true;
  });
  if (!wait_for([&] { return setup_done.load(); }) || !setup_ok) goto report;

  phase = "join";
  for (int i = 0; i < F; ++i)
    pool.spawn(static_cast<std::size_t>(i), [&, i]() -> asio::awaitable<void> {
      const auto ui = static_cast<std::size_t>(i);
      Stats& st = pool.stats(ui);
      members[ui] = std::make_unique<Conn>(pool.io(ui), st);
      Conn& c = *members[ui];
      c.on_raw = [&, ui](std::string_view ev, std::string_view frame) {
        if (ev != "notice") return;
        if (frame.find("\"text\":\"settle\"") != std::string_view::npos) return void(++settled);
        const auto at = frame.find("\"text\":\"fan ");
        if (at == std::string_view::npos) return;
        const int k = std::atoi(frame.data() + at + 12);
        if (k < 0 || k >= K) return;
        const auto now = now_ns();
        st.sample("deliver.notice", now - sent[static_cast<std::size_t>(k)].load());
        if (k != got[ui]) st.error("notice_order", std::to_string(k) + " after " + std::to_string(got[ui]));
        got[ui] = k + 1;
        if (got[ui] == K) {
          ++complete;
          auto cur = last_received.load();
          while (now > cur && !last_received.compare_exchange_weak(cur, now)) {
          }
        }
      };
      if (!co_await c.open(ep, source_address(ui), wait_long)) co_return;
      auto aw30 = c.call("hello", hello_args({{"join", meeting.links[ui]}}), wait_long);
      auto h = co_await std::move(aw30);
      if (!ok(h)) co_return st.error("join", error_of(h));
      ++joined;
    });
  if (!wait_for([&] { return joined >= F; })) goto report;
  // The joins' own pushes (each arrival and presence change goes to everyone
  // already in) may still be on their way: one notice sent after them, seen
  // by every member, marks the end, so the figure measures only the notices.
  phase = "settle";
  pool.spawn(0, [&]() -> asio::awaitable<void> {
    auto aw31 = chair->call("meeting.notice", {{"meeting", meeting.id}, {"text", "settle"}}, wait_long);
    auto r = co_await std::move(aw31);
    if (!ok(r)) pool.stats(0).error("meeting.notice", error_of(r));
  });
  if (!wait_for([&] { return settled >= F; })) goto report;
  {
    phase = "fan-out";
    const auto cpu0 = sample_proc(server.pid()).cpu_s;
    pool.spawn(0, [&]() -> asio::awaitable<void> {
      Stats& st = pool.stats(0);
      std::deque<std::int64_t> inflight;
      first_sent = now_ns();
      for (int k = 0; k < K; ++k) {
        if (static_cast<int>(inflight.size()) >= o.fanout_window) {
          auto r = co_await chair->wait_reply(inflight.front(), wait_long);
          if (!ok(r)) st.error("meeting.notice", error_of(r));
          inflight.pop_front();
        }
        sent[static_cast<std::size_t>(k)] = now_ns();
        inflight.push_back(chair->send("meeting.notice", {{"meeting", meeting.id}, {"text", "fan " + std::to_string(k)}}));
      }
      while (!inflight.empty()) {
        auto r = co_await chair->wait_reply(inflight.front(), wait_long);
        if (!ok(r)) st.error("meeting.notice", error_of(r));
        inflight.pop_front();
      }
      chair_done = true;
    });
    if (!wait_for([&] { return complete >= F && chair_done; })) goto report;
    const double secs = static_cast<double>(last_received - first_sent) / 1e9;
    res.figures["fanout_s"] = secs;
    res.figures["deliveries"] = static_cast<double>(F) * K;
    res.figures["deliveries_per_s"] = static_cast<double>(F) * K / std::max(secs, 1e-9);
    res.figures["server_cpu_pct"] = 100.0 * (sample_proc(server.pid()).cpu_s - cpu0) / std::max(secs, 1e-9);
    done = true;
  }
report:
  res.figures["target"] = reference ? "reference (node ws)" : "chibo";
  res.figures["phase_reached"] = done ? "done" : phase;
  res.figures["members"] = F;
  res.figures["notices"] = K;
  res.figures["rss_kb_peak"] = sampler.peak_rss_kb();
  pool.stop();
  res.stats = pool.merged();
  if (!done) res.stats.error("incomplete", "stopped in phase " + phase);
  const int code = server.stop();
  if (code != 0 && !reference) res.stats.error("server_exit", std::to_string(code));
  res.ok = done && res.stats.errors_total() == 0;
  if (!done) report_and_exit(o, res, dir);
  return res;
}

}  // namespace chibo::loadgen
