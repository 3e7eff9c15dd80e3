// The meeting actors in memory, by meeting id. Thread-safe.
//
// A meeting is folded from its log into an actor when it is first needed
// (DESIGN.md principle 2: the log is the truth, the actor a cache of its
// fold) and dropped again once it has been quiet for the idle timeout (chibo
// serve --meeting-idle-timeout): nobody connected, nothing being written, no
// secret ballot held. Memory is then bounded by the meetings in use, not by
// every meeting and event ever held (issue 7, the soak: bench/README.md).
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
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

  // Start-up: loads every meeting not yet closed, checking its hash chain.
  // Returns a message for each whose chain does not verify (that meeting is
  // never served). Closed meetings are checked when first loaded; `chibo
  // check` checks them all.
  std::vector<std::string> load_open();

  // Adds the actor of a meeting just created from its first event.
  std::shared_ptr<meeting::MeetingActor> add(const store::EventRecord& first);

  // The meeting's actor, loaded from the store if it is not in memory;
  // nullptr if there is no such meeting or its chain is broken. May read the
  // store (throws store::Error).
  std::shared_ptr<meeting::MeetingActor> find(domain::Id meeting_id);
  // Only if it is in memory (nobody is connected to one that is not).
  std::shared_ptr<meeting::MeetingActor> find_loaded(domain::Id meeting_id) const;

  // Drops every actor quiet for at least `idle_ms` at `now_ms` that nothing
  // else holds. Returns how many were dropped.
  std::size_t evict_quiet(std::int64_t now_ms, std::int64_t idle_ms);

  std::size_t size() const;  // actors in memory
  void close_all();          // shutdown: every connection of every meeting gets 1001

 private:
  // Folds `log` into an actor, or returns nullptr (and remembers the meeting
  // as broken) when its chain does not verify; `problem` then says why.
  std::shared_ptr<meeting::MeetingActor> make(domain::Id id, const std::vector<store::EventRecord>& log,
                                              std::string* problem = nullptr);
  boost::asio::any_io_executor ex_;
  store::Store& store_;
  const domain::RuleSet& rules_;       // meetings open under it
  const std::size_t max_connections_;  // per meeting (--max-participants)
  const auth::SigningKey* key_;        // signs approved minutes
  mutable std::mutex mu_;
  std::map<domain::Id, std::shared_ptr<meeting::MeetingActor>> actors_;  // GUARDED_BY(mu_)
  std::set<domain::Id> broken_;                                          // GUARDED_BY(mu_)
  std::uint64_t evictions_ = 0;                                          // GUARDED_BY(mu_)
};

}  // namespace chibo::service
