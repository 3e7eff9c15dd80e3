// Login throttling, per account and per client address (issue 2, "Auth").
// Pure bookkeeping: the caller passes the clock. Not thread-safe; the caller
// serialises access (one strand or a mutex).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace chibo::auth {

struct ThrottlePolicy {
  int free_failures = 5;              // failures allowed before any delay
  std::int64_t base_lock_ms = 2'000;  // lock after the first failure past the free ones
  std::int64_t max_lock_ms = 15 * 60'000;  // doubling, capped here
  std::int64_t forget_after_ms = 60 * 60'000;  // a quiet key starts over
};

class Throttle {
 public:
  explicit Throttle(ThrottlePolicy p = {}) : policy_(p) {}

  // 0 when `key` may try now, else how many ms until it may.
  std::int64_t retry_after_ms(const std::string& key, std::int64_t now_ms);
  void record_failure(const std::string& key, std::int64_t now_ms);
  void record_success(const std::string& key);  // forgets the key
  std::size_t tracked() const { return entries_.size(); }

 private:
  struct Entry {
    int failures = 0;
    std::int64_t last_failure_ms = 0;
    std::int64_t locked_until_ms = 0;
  };
  void forget_stale(std::int64_t now_ms);
  ThrottlePolicy policy_;
  std::unordered_map<std::string, Entry> entries_;
  std::int64_t last_sweep_ms_ = 0;
};

}  // namespace chibo::auth
