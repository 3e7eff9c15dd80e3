// `chibo serve`: wires the store, the service and the listener, runs the I/O
// threads, and shuts down gracefully on SIGINT/SIGTERM.
#pragma once

#include <string>
#include <vector>

namespace chibo::net {

struct ServeOptions {
  std::string db_path = "chibo.db";
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::string web_root;
  std::vector<std::string> origins;  // extra allowed origins
  bool demo = false;                 // seed the demo cell into an empty database
  int threads = 0;                   // 0: one per core
  int meeting_threads = 0;           // meetings' actors; 0: half the cores, at least 1
  std::string rules = "vn-2023";
  std::size_t max_upload_bytes = 5 * 1024 * 1024;  // self-review files (review.upload)
  // Issue 7 limits (docs/operations.md "Limits").
  std::size_t max_connections = 100'000;
  std::size_t max_connections_per_address = 1'000;
  std::size_t max_participants = 3'000;  // connections joined to one meeting
  int http_timeout_s = 30;               // a whole HTTP request (slow-loris)
  int ws_idle_timeout_s = 60;            // WebSocket silence before it is cut
  int meeting_idle_timeout_s = 120;      // a quiet meeting leaves memory (service/registry.hpp)
  double rate_per_s = 20;   // commands per connection per second, sustained
  double rate_burst = 60;
  std::string tls_cert, tls_key;  // both set: HTTPS and WSS (issue 7)
  bool trust_proxy = false;       // client address from X-Forwarded-For     // the rule set meetings open under (domain/rules.hpp)
};

// Runs until a signal; returns the process exit code.
int serve(const ServeOptions& opt);

}  // namespace chibo::net
