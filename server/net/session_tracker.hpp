// The set of live WebSocket sessions, so shutdown can close each with 1001.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <set>

namespace chibo::net {

class WebSocketSession;

class SessionTracker {
 public:
  void add(WebSocketSession* s) {
    std::lock_guard lock(mu_);
    sessions_.insert(s);
  }
  void remove(WebSocketSession* s) {
    std::lock_guard lock(mu_);
    sessions_.erase(s);
  }
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return sessions_.size();
  }
  // Calls fn for each live session while holding the lock: fn must only post.
  void for_each(const std::function<void(WebSocketSession&)>& fn) {
    std::lock_guard lock(mu_);
    for (auto* s : sessions_) fn(*s);
  }

 private:
  mutable std::mutex mu_;
  std::set<WebSocketSession*> sessions_;  // GUARDED_BY(mu_)
};

}  // namespace chibo::net
