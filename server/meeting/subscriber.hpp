// What a meeting needs from a connection, without knowing it is a WebSocket
// (keeps Beast out of meeting code; tests can plug in a fake).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "protocol/envelope.hpp"
#include "protocol/limits.hpp"

namespace chibo::meeting {

// Frames pushed to every connection of a meeting at once: one allocation per
// broadcast, shared by all of them (not one per connection per frame).
using SharedFrames = std::shared_ptr<const std::vector<protocol::SharedFrame>>;

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Queues a frame for sending. Thread-safe; frames delivered from one strand
  // are sent in the order delivered. Never blocks: a connection whose queue is
  // full closes itself with 4503 (DESIGN.md principle 5).
  virtual void deliver(protocol::SharedFrame frame) = 0;
  // deliver() of each frame in turn, with one hop to the connection's strand.
  virtual void deliver_all(SharedFrames frames) = 0;
  // Queues a resuming client's backlog (events it missed), in order, outside
  // the slow-reader limit: those frames are already held by the meeting, so
  // queueing them costs a pointer each, and a client far behind must still be
  // able to catch up. Same ordering guarantee as deliver().
  virtual void deliver_backlog(std::vector<protocol::SharedFrame> frames) = 0;
  // Closes the connection with `code`. Thread-safe.
  virtual void close(protocol::CloseCode code) = 0;
};

}  // namespace chibo::meeting
