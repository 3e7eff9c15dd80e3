// The server under test as a child process (chibo serve --demo on a fresh
// temporary database, or the Node.js reference peer), and a sampler of its
// CPU time and resident memory from /proc/<pid>.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace chibo::loadgen {

class ServerChild {
 public:
  // Runs argv (argv[0] a path), waits up to 30 s for a stdout line starting
  // with `ready_prefix` followed by the port, then drains the output in a
  // thread (keeping its last lines). Throws std::runtime_error on failure.
  ServerChild(std::vector<std::string> argv, const std::string& ready_prefix);
  ~ServerChild();  // SIGTERM, then SIGKILL after 10 s
  ServerChild(const ServerChild&) = delete;
  ServerChild& operator=(const ServerChild&) = delete;

  pid_t pid() const { return pid_; }
  unsigned short port() const { return port_; }
  // SIGTERM and wait; the exit status (128+signal when killed).
  int stop();

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  unsigned short port_ = 0;
  std::thread drain_;
};

struct ProcSample {
  double cpu_s = 0;        // user + system time so far
  std::uint64_t rss_kb = 0;
};
ProcSample sample_proc(pid_t pid);

// Samples every 100 ms in a thread; peak RSS since start.
class ProcSampler {
 public:
  explicit ProcSampler(pid_t pid);
  ~ProcSampler();
  std::uint64_t peak_rss_kb() const { return peak_.load(); }

 private:
  pid_t pid_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> peak_{0};
  std::thread thread_;
};

// Raises RLIMIT_NOFILE to its hard limit; returns the new soft limit.
std::uint64_t raise_fd_limit();

}  // namespace chibo::loadgen
