// What the service layer needs from one client connection. The WebSocket
// session implements it; the fields are owned by the connection's strand.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "auth/principal.hpp"
#include "meeting/meeting_actor.hpp"
#include "meeting/subscriber.hpp"

namespace chibo::service {

class Connection : public meeting::Subscriber {
 public:
  // Runs fn on this connection's strand (used to change the fields below
  // from callbacks that complete elsewhere: writer thread, auth pool).
  virtual void run(std::function<void()> fn) = 0;
  virtual std::shared_ptr<Connection> shared() = 0;
  // Like shared(), but empty (not throwing) for a connection being destroyed.
  virtual std::shared_ptr<Connection> try_shared() = 0;

  // REQUIRE: on the connection's strand.
  std::optional<auth::Principal> principal;
  std::shared_ptr<meeting::MeetingActor> meeting;  // the meeting joined, if any
  bool hello_pending = false;
  int failed_hellos = 0;
  std::string remote_address;  // for login throttling and logs
  // hello {batch: true}: the client reads several frames from one WebSocket
  // message, separated by "\n" (PROTOCOL.md "Batched messages").
  bool batch = false;

  // A self-review file arriving in chunks (review.upload), until complete.
  struct Upload {
    domain::Id meeting = 0, member = 0;
    std::string name, mime;
    std::size_t size = 0;
    std::string bytes;
  };
  std::optional<Upload> upload;
};

}  // namespace chibo::service
