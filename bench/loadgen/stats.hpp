// Per-thread tallies of the load generator, merged at the end: latency
// samples by name, counters by name, the first few error messages. One
// instance per I/O thread, so recording never takes a lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace chibo::loadgen {

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Stats {
  std::map<std::string, std::vector<std::int64_t>> lat;  // name -> samples (ns)
  std::map<std::string, std::uint64_t> count;
  std::vector<std::string> errors;  // the first few, for the report

  void sample(const std::string& name, std::int64_t ns) { lat[name].push_back(ns); }
  void inc(const std::string& name, std::uint64_t n = 1) { count[name] += n; }
  // An error: counted under "error.<kind>", the first 20 messages kept.
  void error(const std::string& kind, const std::string& detail);
  void merge(const Stats& o);
  std::uint64_t errors_total() const;
};

struct Percentiles {
  std::size_t n = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
};
Percentiles percentiles(std::vector<std::int64_t> v);

}  // namespace chibo::loadgen
