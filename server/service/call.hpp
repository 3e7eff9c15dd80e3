// One request being answered: where the reply goes. Copyable, thread-safe
// (deliver is), so handlers can answer from any callback.
#pragma once

#include <boost/json/object.hpp>

#include <memory>

#include "protocol/envelope.hpp"
#include "service/connection.hpp"

namespace chibo::service {

struct Call {
  std::shared_ptr<Connection> conn;
  std::int64_t id = 0;

  void ok(const boost::json::object& result = {}) const {
    conn->deliver(protocol::share(protocol::reply_ok(id, result)));
  }
  void fail(protocol::ErrorCode code, const boost::json::object* details = nullptr) const {
    conn->deliver(protocol::share(protocol::reply_error(id, code, details)));
  }
};

}  // namespace chibo::service
