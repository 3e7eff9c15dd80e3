// What a meeting needs from a connection, without knowing it is a WebSocket
// (keeps Beast out of meeting code; tests can plug in a fake).
#pragma once

#include <memory>
#include <string>

#include "protocol/envelope.hpp"
#include "protocol/limits.hpp"

namespace chibo::meeting {

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Queues a frame for sending. Thread-safe; frames delivered from one strand
  // are sent in the order delivered. Never blocks: a connection whose queue is
  // full closes itself with 4503 (DESIGN.md principle 5).
  virtual void deliver(protocol::SharedFrame frame) = 0;
  // Closes the connection with `code`. Thread-safe.
  virtual void close(protocol::CloseCode code) = 0;
};

}  // namespace chibo::meeting
