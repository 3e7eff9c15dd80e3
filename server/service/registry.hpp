// Every meeting actor of the server, by meeting id. Thread-safe.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "meeting/meeting_actor.hpp"
#include "store/store.hpp"

namespace chibo::service {

class Registry {
 public:
  Registry(boost::asio::any_io_executor ex, store::Store& store, const domain::RuleSet& rules,
           std::size_t max_connections = meeting::MeetingActor::kDefaultMaxConnections,
           const auth::SigningKey* key = nullptr)
      : ex_(ex), store_(store), rules_(rules), max_connections_(max_connections), key_(key) {}

  // Start-up: reads every meeting's log, checks its hash chain and folds it
  // into an actor (DESIGN.md principle 2). Returns a message for each meeting
  // whose chain does not verify (that meeting is not loaded).
  std::vector<std::string> load_all();

  // Adds the actor of a meeting just created from its first event.
  std::shared_ptr<meeting::MeetingActor> add(const store::EventRecord& first);

  std::shared_ptr<meeting::MeetingActor> find(domain::Id meeting_id) const;
  std::size_t size() const;
  void close_all();  // shutdown: every connection of every meeting gets 1001

 private:
  std::shared_ptr<meeting::MeetingActor> make(const std::vector<store::EventRecord>& log);
  boost::asio::any_io_executor ex_;
  store::Store& store_;
  const domain::RuleSet& rules_;  // meetings open under it
  const std::size_t max_connections_;  // per meeting (--max-participants)
  const auth::SigningKey* key_;   // signs approved minutes
  mutable std::mutex mu_;
  std::map<domain::Id, std::shared_ptr<meeting::MeetingActor>> actors_;  // GUARDED_BY(mu_)
};

}  // namespace chibo::service
