#include "auth/throttle.hpp"

#include <algorithm>

namespace chibo::auth {
namespace {

// How often forget_stale() actually walks the map: often enough that keys from
// an address-rotating attacker do not pile up, rarely enough that a flood of
// failures does not turn every call into a full scan.
constexpr std::int64_t kSweepEveryMs = 60'000;

}  // namespace

// REQUIRES: called with a clock that does not run backwards by much; if it
// does, the answer is still capped at max_lock_ms so nobody is locked out for
// longer than the policy allows.
std::int64_t Throttle::retry_after_ms(const std::string& key, std::int64_t now_ms) {
  forget_stale(now_ms);
  auto it = entries_.find(key);  // find, not []: asking must not create entries
  if (it == entries_.end()) return 0;
  if (now_ms - it->second.last_failure_ms >= policy_.forget_after_ms) {
    entries_.erase(it);
    return 0;
  }
  const std::int64_t wait = it->second.locked_until_ms - now_ms;
  return std::clamp<std::int64_t>(wait, 0, policy_.max_lock_ms);
}

// Counts one failure. Past the free ones, the key is locked for base_lock_ms,
// doubling with each further failure up to max_lock_ms (issue 2, "Auth").
void Throttle::record_failure(const std::string& key, std::int64_t now_ms) {
  forget_stale(now_ms);
  Entry& e = entries_[key];
  if (e.failures > 0 && now_ms - e.last_failure_ms >= policy_.forget_after_ms) e = Entry{};
  ++e.failures;
  e.last_failure_ms = now_ms;
  const int extra = e.failures - policy_.free_failures;
  if (extra <= 0) return;
  // base * 2^(extra-1), doubled step by step so a long streak cannot overflow.
  std::int64_t lock = policy_.base_lock_ms;
  for (int i = 1; i < extra && lock < policy_.max_lock_ms; ++i) lock *= 2;
  lock = std::min(lock, policy_.max_lock_ms);
  e.locked_until_ms = std::max(e.locked_until_ms, now_ms + lock);
}

void Throttle::record_success(const std::string& key) { entries_.erase(key); }

// Drops every key quiet for forget_after_ms, at most once per kSweepEveryMs,
// so memory is bounded by the keys that failed within the last forget window.
void Throttle::forget_stale(std::int64_t now_ms) {
  if (now_ms - last_sweep_ms_ < kSweepEveryMs && now_ms >= last_sweep_ms_) return;
  last_sweep_ms_ = now_ms;
  std::erase_if(entries_, [&](const auto& kv) {
    return now_ms - kv.second.last_failure_ms >= policy_.forget_after_ms;
  });
}

}  // namespace chibo::auth
