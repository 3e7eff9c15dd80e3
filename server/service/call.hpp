// One request being answered: where the reply goes. Copyable, thread-safe
// (deliver is), so handlers can answer from any callback.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <memory>

#include "metrics/metrics.hpp"
#include "protocol/envelope.hpp"
#include "service/connection.hpp"

namespace chibo::service {

struct Call {
  std::shared_ptr<Connection> conn;
  std::int64_t id = 0;
  // steady_clock ns when the request was read (0: not timed), for the
  // command latency summary of /metrics.
  std::int64_t started_ns = 0;
  // Its op's index in metrics::kTimedOps (kTimedOps.size(): not kept apart).
  std::size_t timed_op = metrics::kTimedOps.size();

  static std::int64_t clock_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  // `spliced`: see protocol::reply_ok (a join's ready participants list).
  void ok(const boost::json::object& result = {}, std::string_view spliced = {}) const {
    conn->deliver(protocol::share(protocol::reply_ok(id, result, spliced)));
    timed();
  }
  void fail(protocol::ErrorCode code, const boost::json::object* details = nullptr) const {
    conn->deliver(protocol::share(protocol::reply_error(id, code, details)));
    timed();
  }

 private:
  void timed() const {
    if (started_ns == 0) return;
    const std::int64_t ns = clock_ns() - started_ns;
    metrics::counters().command_latency.record(ns);
    if (timed_op < metrics::kTimedOps.size()) metrics::counters().op_latency[timed_op].record(ns);
  }
};

}  // namespace chibo::service
