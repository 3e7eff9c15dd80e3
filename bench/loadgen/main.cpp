// chibo_loadgen: plays real members against a chibo it starts itself
// (bench/README.md). One scenario per run, bounded in time; exit 0 only when
// every correctness check held.
//
//   chibo_loadgen province-day|congress|reconnect-storm|fan-out|soak|smoke
//       --chibo build/server/chibo [--reference bench/reference/server.js] [--node node]
//       [--meetings M] [--members N] [--events K] [--window W] [--threads T]
//       [--server-threads T] [--timeout S] [--no-hands] [--no-ballot] [--no-batch]
//       soak: [--seconds S | --minutes MIN] [--vote-every S] [--rounds N] [--no-votes]
#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <string>

#include "scenario.hpp"
#include "setup.hpp"

namespace chibo::loadgen {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "chibo-loadgen-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

void print_report(const Options& o, const Result& r) {
  std::cout << "== " << o.scenario << (r.ok ? "  OK" : "  FAILED") << "\n";
  for (const auto& [k, v] : r.figures) {
    std::cout << "  " << std::left << std::setw(28) << k << " ";
    if (v.is_double()) std::cout << std::fixed << std::setprecision(v.as_double() < 10 ? 3 : 1) << v.as_double();
    else if (v.is_string()) std::cout << v.as_string().c_str();
    else std::cout << boost::json::serialize(v);
    std::cout << "\n";
  }
  std::cout << "  latency (ms)                      n      p50      p99      max\n";
  for (const auto& [k, samples] : r.stats.lat) {
    const auto p = percentiles(samples);
    std::cout << "  " << std::left << std::setw(28) << k << std::right << std::setw(8) << p.n << std::fixed
              << std::setprecision(2) << std::setw(9) << p.p50_ms << std::setw(9) << p.p99_ms << std::setw(9)
              << p.max_ms << "\n";
  }
  for (const auto& [k, n] : r.stats.count) std::cout << "  " << std::left << std::setw(28) << k << " " << n << "\n";
  if (!r.stats.received.empty()) std::cout << "  events received                 n       bytes  bytes/event\n";
  for (const auto& [k, e] : r.stats.received)
    std::cout << "  " << std::left << std::setw(28) << k << std::right << std::setw(8) << e.n << std::setw(12)
              << e.bytes << std::setw(13) << e.bytes / std::max<std::uint64_t>(e.n, 1) << "\n";
  std::cout << "  errors                       " << r.stats.errors_total() << "\n";
  for (const auto& e : r.stats.errors) std::cout << "    " << e << "\n";
  std::cout << std::flush;
}

void report_and_exit(const Options& o, const Result& r, const TempDir& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir.path, ec);
  print_report(o, r);
  std::_Exit(1);
}

}  // namespace chibo::loadgen

namespace {

using chibo::loadgen::Options;

int usage() {
  std::cerr << "usage: chibo_loadgen province-day|congress|reconnect-storm|fan-out|soak|smoke --chibo PATH\n"
               "       [--reference server.js] [--node PATH] [--meetings M] [--members N] [--events K]\n"
               "       [--window W] [--threads T] [--server-threads T] [--timeout S] [--no-hands] [--no-ballot] [--no-batch]\n"
               "       soak: [--seconds S | --minutes MIN] [--vote-every S] [--rounds N] [--no-votes]\n";
  return 2;
}

bool run(Options o) {
  using namespace chibo::loadgen;
  if (o.scenario == "soak") {
    Result r = run_soak(o);
    print_report(o, r);
    return r.ok;
  }
  if (o.scenario == "fan-out") {
    Result c = run_fanout(o, false);
    print_report(o, c);
    if (o.reference.empty()) return c.ok;
    Result ref = run_fanout(o, true);
    Options ro = o;
    ro.scenario = "fan-out (reference)";
    print_report(ro, ref);
    const double a = c.figures["deliveries_per_s"].to_number<double>(), b = ref.figures["deliveries_per_s"].to_number<double>();
    std::cout << "== fan-out ratio chibo / reference: " << std::fixed << std::setprecision(2) << (b > 0 ? a / b : 0)
              << " (" << a << " vs " << b << " deliveries/s)\n";
    return c.ok && ref.ok;
  }
  Result r = run_meeting_day(o);
  print_report(o, r);
  return r.ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  Options o;
  o.scenario = argv[1];
  std::map<std::string, std::string> kv;
  std::map<std::string, bool> flags;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--no-hands" || a == "--no-ballot" || a == "--no-batch" || a == "--no-votes") {
      flags[a] = true;
    } else if (a.rfind("--", 0) == 0 && i + 1 < argc) {
      kv[a] = argv[++i];
    } else {
      return usage();
    }
  }
  // Presets (bench/README.md): each scenario's shape; flags override sizes.
  if (o.scenario == "province-day") o.meetings = 300, o.members = 29;
  else if (o.scenario == "congress") o.meetings = 1, o.members = 2000, o.hands = false, o.ballot = false;
  else if (o.scenario == "reconnect-storm") o.meetings = 300, o.members = 29, o.storm = true, o.hands = false, o.ballot = false;
  else if (o.scenario == "fan-out") o.meetings = 1, o.members = 500;
  else if (o.scenario == "soak") o.meetings = 10, o.members = 29, o.timeout_s = 120;
  else if (o.scenario != "smoke") return usage();
  auto num = [&](const char* k, int& v) {
    if (kv.count(k)) v = std::atoi(kv[k].c_str());
  };
  if (kv.count("--chibo")) o.chibo = kv["--chibo"];
  if (kv.count("--reference")) o.reference = kv["--reference"];
  if (kv.count("--node")) o.node = kv["--node"];
  num("--meetings", o.meetings);
  num("--members", o.members);
  num("--events", o.fanout_events);
  num("--window", o.fanout_window);
  num("--threads", o.threads);
  num("--server-threads", o.server_threads);
  num("--timeout", o.timeout_s);
  num("--seconds", o.soak_seconds);
  if (kv.count("--minutes")) o.soak_seconds = 60 * std::atoi(kv["--minutes"].c_str());
  num("--vote-every", o.soak_vote_every_s);
  num("--rounds", o.soak_rounds);
  if (flags["--no-votes"]) o.soak_votes = false;
  if (flags["--no-hands"]) o.hands = false;
  if (flags["--no-ballot"]) o.ballot = false;
  if (flags["--no-batch"]) chibo::loadgen::batch_messages = false;  // one frame per WebSocket message, as before
  if (o.meetings < 1 || o.members < 1 || o.fanout_events < 1 || o.threads < 1) return usage();
  if (o.soak_seconds < 1 || o.soak_vote_every_s < 1 || o.soak_rounds < 0) return usage();

  if (o.scenario != "smoke") return run(o) ? 0 : 1;
  // Every scenario at tiny scale, correctness only (CTest bench-smoke).
  bool all = true;
  Options a = o;
  a.scenario = "province-day", a.meetings = 20, a.members = 10;
  all &= run(a);
  Options b = o;
  b.scenario = "congress", b.meetings = 1, b.members = 40, b.hands = false, b.ballot = false;
  all &= run(b);
  Options c = o;
  c.scenario = "reconnect-storm", c.meetings = 20, c.members = 10, c.storm = true, c.hands = false, c.ballot = false;
  all &= run(c);
  Options d = o;
  d.scenario = "fan-out", d.meetings = 1, d.members = 20, d.fanout_events = 20;
  all &= run(d);
  Options e = o;
  e.scenario = "soak", e.meetings = 3, e.members = 5, e.soak_seconds = 5, e.soak_vote_every_s = 1, e.soak_rounds = 2,
  e.soak_rss_check = false;
  all &= run(e);
  std::cout << (all ? "smoke: every scenario correct\n" : "smoke: FAILED\n");
  return all ? 0 : 1;
}
