// The set of live WebSocket sessions, so shutdown can close each with 1001,
// and their number per client address for the connection limits (issue 7).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "service/connection.hpp"

namespace chibo::net {


class SessionTracker {
 public:
  void add(service::Connection* s, const std::string& address) {
    std::lock_guard lock(mu_);
    sessions_.insert(s);
    ++per_address_[address];
  }
  void remove(service::Connection* s, const std::string& address) {
    std::lock_guard lock(mu_);
    sessions_.erase(s);
    if (auto it = per_address_.find(address); it != per_address_.end() && --it->second <= 0) per_address_.erase(it);
  }
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return sessions_.size();
  }
  std::size_t from(const std::string& address) const {
    std::lock_guard lock(mu_);
    auto it = per_address_.find(address);
    return it == per_address_.end() ? 0 : static_cast<std::size_t>(it->second);
  }
  // Calls fn for each live session while holding the lock: fn must only post.
  void for_each(const std::function<void(service::Connection&)>& fn) {
    std::lock_guard lock(mu_);
    for (auto* s : sessions_) fn(*s);
  }

 private:
  mutable std::mutex mu_;
  std::set<service::Connection*> sessions_;  // GUARDED_BY(mu_)
  std::map<std::string, int> per_address_;  // GUARDED_BY(mu_)
};

}  // namespace chibo::net
