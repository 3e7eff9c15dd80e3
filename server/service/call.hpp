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
    if (started_ns != 0) metrics::counters().command_latency.record(clock_ns() - started_ns);
  }
};

}  // namespace chibo::service
