#pragma once

#include <chrono>
#include <cstdint>

namespace chibo::meeting {

// Wall clock in ms since the epoch: event timestamps, expiries.
inline std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace chibo::meeting
