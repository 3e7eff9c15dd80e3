// The scenarios of issue 6 and what they report.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

#include "stats.hpp"

namespace chibo::loadgen {

struct Options {
  std::string scenario;            // province-day | congress | reconnect-storm | fan-out | soak
  std::string chibo = "chibo";     // the server binary (spawned with --demo on a temp db)
  std::string node = "node";       // for the reference peer
  std::string reference;           // bench/reference/server.js; fan-out compares when set
  int meetings = 20;
  int members = 10;                // per meeting
  int threads = 2;                 // load generator threads
  int server_threads = 0;          // chibo --threads (0: its default)
  int fanout_events = 200;         // notices in the fan-out
  int fanout_window = 32;          // notices in flight
  bool hands = true, ballot = true, storm = false;
  int timeout_s = 240;             // the whole scenario stops by itself after this (soak: its wind-down)
  int soak_seconds = 60;           // soak: how long the churn lasts (--seconds, --minutes)
  int soak_vote_every_s = 10;      // soak: each meeting's named vote + secret ballot cycle
  bool soak_votes = true;          // soak: false (--no-votes) churns joins and check-ins only
  int soak_rounds = 6;             // soak: vote rounds per meeting before the chair closes it and opens
                                   // the next (--rounds; 0: one meeting for the whole run)
  bool soak_rss_check = true;      // soak: fail on RSS growth >= 5 % (off in the smoke: correctness only)
  bool quiet = false;
};

struct Result {
  bool ok = false;                 // correctness held (no errors, every check passed)
  boost::json::object figures;     // what the report prints (also as JSON)
  Stats stats;
};

// province-day, congress and reconnect-storm: real meetings through the protocol.
Result run_meeting_day(const Options& o);
// fan-out: one meeting, the chair posts notices; events delivered per second.
// `reference` true runs against the Node.js peer instead of chibo.
Result run_fanout(const Options& o, bool reference);
// soak (issue 7): members keep leaving and rejoining, chairs keep voting, for
// soak_seconds; the server's RSS and descriptors are watched for leaks.
Result run_soak(const Options& o);

// A temporary directory for the server's database, removed by the destructor.
struct TempDir {
  TempDir();
  ~TempDir();
  std::string path;
};

// Removes `dir`, prints the report and ends the process at once (a scenario
// that timed out leaves coroutines suspended on objects that must not be
// unwound, so no destructor may run).
[[noreturn]] void report_and_exit(const Options& o, const Result& r, const TempDir& dir);
void print_report(const Options& o, const Result& r);

}  // namespace chibo::loadgen
