// Per-connection command rate limit (issue 7 "Limits and abuse"): a token
// bucket that refills `rate_per_s` tokens a second up to `burst`. A command
// with no token is refused (`throttled`); a connection that keeps sending
// with an empty bucket for `max_strikes` commands in a row is abusive and is
// closed (4429). Pure: the caller passes the clock.
#pragma once

#include <algorithm>
#include <cstdint>

namespace chibo::auth {

struct RatePolicy {
  double rate_per_s = 20;  // a member taps a few times a minute; a chair's burst of marks stays under this
  double burst = 60;
  int max_strikes = 20;    // refused commands in a row before the connection is closed
};

class TokenBucket {
 public:
  enum class Verdict { allow, refuse, close };

  explicit TokenBucket(RatePolicy p = {}) : p_(p), tokens_(p.burst) {}

  Verdict take(std::int64_t now_ms) {
    if (last_ms_ >= 0 && now_ms > last_ms_)
      tokens_ = std::min(p_.burst, tokens_ + p_.rate_per_s * static_cast<double>(now_ms - last_ms_) / 1000.0);
    last_ms_ = std::max(last_ms_, now_ms);
    if (tokens_ >= 1) {
      tokens_ -= 1;
      strikes_ = 0;
      return Verdict::allow;
    }
    return ++strikes_ >= p_.max_strikes ? Verdict::close : Verdict::refuse;
  }

  // How long until the next token (for details.retry_after_ms).
  std::int64_t retry_after_ms() const {
    return tokens_ >= 1 ? 0 : static_cast<std::int64_t>((1 - tokens_) * 1000.0 / p_.rate_per_s) + 1;
  }

 private:
  RatePolicy p_;
  double tokens_;
  std::int64_t last_ms_ = -1;
  int strikes_ = 0;
};

}  // namespace chibo::auth
