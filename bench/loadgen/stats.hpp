// Per-thread tallies of the load generator, merged at the end: latency
// samples by name, counters by name, the first few error messages. One
// instance per I/O thread, so recording never takes a lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace chibo::loadgen {

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Stats {
  std::map<std::string, std::vector<std::int64_t>> lat;  // name -> samples (ns)
  std::map<std::string, std::uint64_t, std::less<>> count;
  // Events received by type: how many and their bytes (the frame's JSON
  // text), so a report can say which event the phones' downlink goes to.
  struct Received {
    std::uint64_t n = 0, bytes = 0;
  };
  std::map<std::string, Received, std::less<>> received;
  std::vector<std::string> errors;  // the first few, for the report

  void sample(const std::string& name, std::int64_t ns) { lat[name].push_back(ns); }
  void inc(std::string_view name, std::uint64_t n = 1) { at(count, name) += n; }
  void event(std::string_view type, std::size_t bytes) {
    auto& r = at(received, type);
    ++r.n;
    r.bytes += bytes;
  }
  // An error: counted under "error.<kind>", the first 20 messages kept.
  void error(const std::string& kind, const std::string& detail);
  void merge(const Stats& o);
  std::uint64_t errors_total() const;

 private:
  // Lookup without building a std::string on every frame; inserts once.
  template <class V>
  static V& at(std::map<std::string, V, std::less<>>& m, std::string_view k) {
    auto it = m.find(k);
    if (it == m.end()) it = m.emplace(std::string(k), V{}).first;
    return it->second;
  }
};

struct Percentiles {
  std::size_t n = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
};
Percentiles percentiles(std::vector<std::int64_t> v);

}  // namespace chibo::loadgen
