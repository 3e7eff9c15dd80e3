#include "metrics/metrics.hpp"

#include <algorithm>
#include <vector>

namespace chibo::metrics {

Counters& counters() {
  static Counters c;
  return c;
}

std::int64_t LatencyWindow::quantile(double q) const {
  const auto n = std::min<std::uint64_t>(count(), kWindow);
  if (n == 0) return 0;
  std::vector<std::int64_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = slots_[i].load(std::memory_order_relaxed);
  const auto k = static_cast<std::size_t>(q * static_cast<double>(n - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

std::size_t timed_op(std::string_view op) {
  return static_cast<std::size_t>(std::find(kTimedOps.begin(), kTimedOps.end(), op) - kTimedOps.begin());
}

void Counters::record_batch(std::uint64_t jobs) {
  add(batches);
  add(batch_jobs, jobs);
  std::size_t b = 0;
  while (b < kBatchBuckets.size() && jobs > kBatchBuckets[b]) ++b;
  add(batch_size[b]);
}

namespace {

void metric(std::string& out, const char* name, const char* type, const char* help, std::uint64_t v) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
  out += name;
  out += ' ';
  out += std::to_string(v);
  out += '\n';
}

std::string seconds(std::int64_t ns) { return std::to_string(static_cast<double>(ns) / 1e9); }

}  // namespace

std::string render(const Gauges& g) {
  const Counters& c = counters();
  auto get = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  std::string out;
  out.reserve(4096);
  metric(out, "chibo_connections", "gauge", "Open WebSocket connections.", g.connections);
  metric(out, "chibo_connections_opened_total", "counter", "WebSocket connections accepted.",
         get(c.connections_opened));
  metric(out, "chibo_meetings", "gauge", "Meetings in memory (one actor each).", g.meetings);
  metric(out, "chibo_meeting_loads_total", "counter", "Meetings folded from their log into an actor.",
         get(c.meeting_loads));
  metric(out, "chibo_meeting_evictions_total", "counter",
         "Quiet meetings dropped from memory (--meeting-idle-timeout).", get(c.meeting_evictions));
  metric(out, "chibo_commands_total", "counter", "Requests handled, every op.", get(c.commands));
  metric(out, "chibo_events_total", "counter", "Logged meeting events committed.", get(c.events));
  metric(out, "chibo_pushes_total", "counter", "Live frames queued to connections (events and presence, per subscriber).",
         get(c.pushes));
  metric(out, "chibo_ws_messages_total", "counter",
         "WebSocket messages written; below the frames sent when clients take batches.", get(c.ws_messages));
  metric(out, "chibo_writer_commits_total", "counter",
         "Group-commit transactions committed; each is one fsync (synchronous=FULL).", get(c.batches));
  metric(out, "chibo_queue_overflows_total", "counter", "Connections closed with 4503 (outbound queue full).",
         get(c.overflows));
  metric(out, "chibo_lane_delivery_timeouts_total", "counter",
         "Casts or check-ins written after 100 ms of waiting for a connection still sending the previous ones.",
         get(c.lane_delivery_timeouts));

  out += "# HELP chibo_writer_batch_size Jobs per group-commit transaction.\n# TYPE chibo_writer_batch_size histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b <= kBatchBuckets.size(); ++b) {
    cumulative += get(c.batch_size[b]);
    out += "chibo_writer_batch_size_bucket{le=\"";
    out += b < kBatchBuckets.size() ? std::to_string(kBatchBuckets[b]) : std::string("+Inf");
    out += "\"} " + std::to_string(cumulative) + "\n";
  }
  out += "chibo_writer_batch_size_sum " + std::to_string(get(c.batch_jobs)) + "\n";
  out += "chibo_writer_batch_size_count " + std::to_string(get(c.batches)) + "\n";

  const auto& l = c.command_latency;
  out += "# HELP chibo_command_latency_seconds Request read to reply queued, over the last " +
         std::to_string(LatencyWindow::kWindow) + " requests.\n# TYPE chibo_command_latency_seconds summary\n";
  out += "chibo_command_latency_seconds{quantile=\"0.5\"} " + seconds(l.quantile(0.5)) + "\n";
  out += "chibo_command_latency_seconds{quantile=\"0.99\"} " + seconds(l.quantile(0.99)) + "\n";
  out += "chibo_command_latency_seconds_sum " + seconds(static_cast<std::int64_t>(l.sum_ns())) + "\n";
  out += "chibo_command_latency_seconds_count " + std::to_string(l.count()) + "\n";

  out += "# HELP chibo_op_latency_seconds Request read to reply queued, for the ops every member sends at once, over "
         "the last " + std::to_string(LatencyWindow::kWindow) + " of each.\n# TYPE chibo_op_latency_seconds summary\n";
  for (std::size_t i = 0; i < kTimedOps.size(); ++i) {
    const auto& w = c.op_latency[i];
    const std::string op = "op=\"" + std::string(kTimedOps[i]) + "\"";
    out += "chibo_op_latency_seconds{" + op + ",quantile=\"0.5\"} " + seconds(w.quantile(0.5)) + "\n";
    out += "chibo_op_latency_seconds{" + op + ",quantile=\"0.99\"} " + seconds(w.quantile(0.99)) + "\n";
    out += "chibo_op_latency_seconds_sum{" + op + "} " + seconds(static_cast<std::int64_t>(w.sum_ns())) + "\n";
    out += "chibo_op_latency_seconds_count{" + op + "} " + std::to_string(w.count()) + "\n";
  }
  return out;
}

}  // namespace chibo::metrics
