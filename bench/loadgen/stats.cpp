#include "stats.hpp"

#include <algorithm>

namespace chibo::loadgen {

void Stats::error(const std::string& kind, const std::string& detail) {
  inc("error." + kind);
  if (errors.size() < 20) errors.push_back(kind + ": " + detail);
}

void Stats::merge(const Stats& o) {
  for (const auto& [k, v] : o.lat) lat[k].insert(lat[k].end(), v.begin(), v.end());
  for (const auto& [k, n] : o.count) count[k] += n;
  for (const auto& [k, r] : o.received) {
    received[k].n += r.n;
    received[k].bytes += r.bytes;
  }
  for (const auto& e : o.errors)
    if (errors.size() < 20) errors.push_back(e);
}

std::uint64_t Stats::errors_total() const {
  std::uint64_t n = 0;
  for (const auto& [k, c] : count)
    if (k.rfind("error.", 0) == 0) n += c;
  return n;
}

Percentiles percentiles(std::vector<std::int64_t> v) {
  Percentiles p;
  p.n = v.size();
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return static_cast<double>(v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))]) / 1e6; };
  p.p50_ms = at(0.5);
  p.p99_ms = at(0.99);
  p.max_ms = static_cast<double>(v.back()) / 1e6;
  return p;
}

}  // namespace chibo::loadgen
