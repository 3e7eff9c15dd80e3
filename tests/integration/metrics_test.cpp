// GET /metrics (issue 6): Prometheus text format; the counters move when
// commands run, events commit and connections open.
#include "fixture.hpp"

namespace chibo::test {

TEST_CASE("metrics: counters move with commands, events, commits and connections", "[http][metrics]") {
  TestServer srv;
  const std::string before = scrape(srv);
  INFO(before);
  for (const char* name : {"chibo_connections", "chibo_meetings", "chibo_commands_total", "chibo_events_total",
                           "chibo_writer_commits_total", "chibo_queue_overflows_total", "chibo_lane_delivery_timeouts_total",
                           "chibo_writer_batch_size_count", "chibo_command_latency_seconds_count"})
    CHECK(metric_sample(before, name) >= 0);
  CHECK(before.find("# TYPE chibo_writer_batch_size histogram") != std::string::npos);
  CHECK(before.find("# TYPE chibo_command_latency_seconds summary") != std::string::npos);
  CHECK(metric_sample(before, "chibo_connections") == 0);
  CHECK(metric_sample(before, "chibo_meetings") == 1);  // the demo meeting

  auto sec = login(srv, kSecretary);
  const auto meeting = demo_meeting(sec.ws, sec.cell());
  sec.ws.call("meeting.join", {{"meeting", meeting}});
  act(sec.ws, "meeting.open", meeting);
  act(sec.ws, "meeting.notice", meeting, {{"text", "Kiểm tra số liệu"}});
  sec.ws.call("meeting.create", {{"cell", sec.cell()}, {"kind", "regular"}, {"title", "Họp thêm"},
                                 {"starts_at", "2026-12-02T19:30"}});

  const std::string after = scrape(srv);
  INFO(after);
  CHECK(metric_sample(after, "chibo_connections") == 1);
  CHECK(metric_sample(after, "chibo_meetings") == 2);
  // hello, meeting.list, join, open, notice, create: at least six more.
  CHECK(metric_sample(after, "chibo_commands_total") >= metric_sample(before, "chibo_commands_total") + 6);
  CHECK(metric_sample(after, "chibo_command_latency_seconds_count") >= metric_sample(before, "chibo_command_latency_seconds_count") + 6);
  CHECK(metric_sample(after, "chibo_command_latency_seconds{quantile=\"0.99\"}") > 0);
  // The ops members send at once are also kept apart: one hello and one
  // meeting.join here, and no vote.cast (an op not sent stays at 0; notice
  // and open are not kept apart at all).
  CHECK(before.find("# TYPE chibo_op_latency_seconds summary") != std::string::npos);
  CHECK(metric_sample(after, "chibo_op_latency_seconds_count{op=\"hello\"}") ==
        metric_sample(before, "chibo_op_latency_seconds_count{op=\"hello\"}") + 1);
  CHECK(metric_sample(after, "chibo_op_latency_seconds_count{op=\"meeting.join\"}") == 1);
  CHECK(metric_sample(after, "chibo_op_latency_seconds{op=\"meeting.join\",quantile=\"0.99\"}") > 0);
  CHECK(metric_sample(after, "chibo_op_latency_seconds_count{op=\"vote.cast\"}") == 0);
  CHECK(metric_sample(after, "chibo_op_latency_seconds{op=\"vote.cast\",quantile=\"0.99\"}") == 0);
  CHECK(metric_sample(after, "chibo_op_latency_seconds_count{op=\"meeting.notice\"}") == -1);
  // meeting.opened, notice, meeting.created (and participant.arrived).
  CHECK(metric_sample(after, "chibo_events_total") >= metric_sample(before, "chibo_events_total") + 3);
  CHECK(metric_sample(after, "chibo_pushes_total") > metric_sample(before, "chibo_pushes_total"));
  const double commits = metric_sample(after, "chibo_writer_commits_total");
  CHECK(commits > metric_sample(before, "chibo_writer_commits_total"));
  CHECK(metric_sample(after, "chibo_writer_batch_size_count") == commits);
  CHECK(metric_sample(after, "chibo_writer_batch_size_bucket{le=\"+Inf\"}") == commits);
  CHECK(metric_sample(after, "chibo_writer_batch_size_sum") >= commits);
  CHECK(metric_sample(after, "chibo_connections_opened_total") == 1);
  CHECK(metric_sample(after, "chibo_queue_overflows_total") == 0);
}

}  // namespace chibo::test
