// Process-wide counters for GET /metrics (Prometheus text format, issue 6).
//
// Hot paths only touch relaxed atomics: a counter is one `fetch_add`, a
// latency sample one slot of a ring buffer. Nothing here takes a lock, so
// counting never slows a meeting; the scrape reads whatever is there (a
// summary over the last kWindow samples may mix a few in flight: fine for
// monitoring). Standard library only, so every layer may count.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace chibo::metrics {

// Batch-size histogram buckets of the group-commit writer (upper bounds).
inline constexpr std::array<std::uint64_t, 9> kBatchBuckets{1, 2, 4, 8, 16, 64, 256, 1024, 4096};

// The most recent latencies (nanoseconds), for p50/p99 "over a recent window".
class LatencyWindow {
 public:
  static constexpr std::size_t kWindow = 4096;
  void record(std::int64_t ns) {
    const auto i = next_.fetch_add(1, std::memory_order_relaxed);
    slots_[i % kWindow].store(ns, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(ns), std::memory_order_relaxed);
  }
  std::uint64_t count() const { return next_.load(std::memory_order_relaxed); }
  std::uint64_t sum_ns() const { return sum_ns_.load(std::memory_order_relaxed); }
  // The q-quantile (0..1) of the samples in the window, in ns (0 when empty).
  std::int64_t quantile(double q) const;

 private:
  std::atomic<std::uint64_t> next_{0};
  std::atomic<std::uint64_t> sum_ns_{0};
  std::array<std::atomic<std::int64_t>, kWindow> slots_{};
};

// The ops every member of a meeting sends at once (a roll call, a vote, a
// join storm): their latency is also kept apart, one window each, so that a
// congress's vote can be read off /metrics without the chair's commands or
// the other phases mixed in (bench/README.md).
inline constexpr std::array<std::string_view, 6> kTimedOps{"hello",     "meeting.join", "rollcall.checkin",
                                                           "hand.raise", "vote.cast",    "ballot.cast"};
// The index of `op` in kTimedOps, or kTimedOps.size() when it is not one.
std::size_t timed_op(std::string_view op);

struct Counters {
  std::atomic<std::uint64_t> commands{0};         // requests handled (every op)
  std::atomic<std::uint64_t> events{0};           // logged events committed
  std::atomic<std::uint64_t> pushes{0};           // live frames handed to connections (events × subscribers)
  std::atomic<std::uint64_t> ws_messages{0};      // WebSocket messages written (a batch counts once)
  std::atomic<std::uint64_t> batches{0};          // writer transactions committed = fsyncs
  std::atomic<std::uint64_t> batch_jobs{0};       // jobs in those transactions
  std::array<std::atomic<std::uint64_t>, kBatchBuckets.size() + 1> batch_size{};  // last: +Inf
  std::atomic<std::uint64_t> overflows{0};        // connections closed with 4503
  std::atomic<std::uint64_t> connections_opened{0};
  std::atomic<std::uint64_t> meeting_loads{0};      // actors folded from a log
  std::atomic<std::uint64_t> meeting_evictions{0};  // quiet actors dropped
  std::atomic<std::uint64_t> lane_delivery_timeouts{0};  // cast/check-in waits ended by the bound, not by delivery
  LatencyWindow command_latency;                  // request read → reply queued
  std::array<LatencyWindow, kTimedOps.size()> op_latency;  // the same, per kTimedOps entry

  void add(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) { c.fetch_add(n, std::memory_order_relaxed); }
  void record_batch(std::uint64_t jobs);
};

Counters& counters();

// Values only the caller knows (live connections, loaded meetings).
struct Gauges {
  std::uint64_t connections = 0;
  std::uint64_t meetings = 0;
};

// The whole /metrics body.
std::string render(const Gauges& g);

}  // namespace chibo::metrics
