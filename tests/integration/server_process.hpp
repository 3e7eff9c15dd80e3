// The real chibo binary as a child process, for integration tests.
//
//   ServerProcess srv;            // chibo serve --demo on 127.0.0.1:0, fresh temp db
//   WsClient c; c.connect(srv.port());
//   srv.kill9(); srv.restart();   // same db, new port
//   auto r = srv.run_cli({"check", "--db", srv.db_path()});
//
// The binary is $CHIBO_BIN (set by CTest), else the one this test was built
// beside. Start-up failures throw std::runtime_error with the child's output.
// The destructor kills the child and removes the temp dir.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace chibo::test {

struct CliResult {
  int exit_code = -1;  // the exit status, or 128+signal when killed
  std::string output;  // stdout and stderr, interleaved
};

class ServerProcess {
 public:
  struct Options {
    bool demo = true;
    bool start = true;                     // start in the constructor
    std::vector<std::string> extra_args;   // appended to `chibo serve ...`
  };

  ServerProcess();
  explicit ServerProcess(Options opt);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the server on the same db; waits for "chibo: listening on" (20 s).
  void start();
  // SIGTERM, then waits (20 s, then SIGKILL). Returns the exit code (128+sig
  // when it died of a signal).
  int stop();
  // SIGKILL, then waits.
  void kill9();
  // Sends `sig` and returns at once (see wait_exit).
  void send_signal(int sig);
  // Waits for the child to exit; its exit code (128+sig when killed), or
  // nullopt when it is still running after `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  // stop() if running, then start() on the same database.
  void restart() {
    if (running()) stop();
    start();
  }
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  unsigned short port() const { return port_; }
  const std::string& db_path() const { return db_path_; }
  const std::string& dir() const { return dir_; }

  // Everything the current (or last) child wrote so far.
  std::string output() const;
  // The lines of output() that are AddressSanitizer, LeakSanitizer or
  // UndefinedBehaviorSanitizer reports ("" when there are none).
  std::string sanitizer_report() const;
  // Waits until the child's output contains `needle` (since the last start()).
  bool wait_output(const std::string& needle, std::chrono::milliseconds timeout) const;

  // Runs `chibo <args...>` to completion (30 s limit) and captures its output.
  CliResult run_cli(const std::vector<std::string>& args) const;

  static std::string binary();
  static std::string source_dir();

 private:
  void reap(std::chrono::milliseconds grace, int first_signal);
  void join_reader();

  Options opt_;
  std::string dir_;
  std::string db_path_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  unsigned short port_ = 0;
  int last_exit_ = -1;
  std::thread reader_;
  struct Shared {
    mutable std::mutex mu;
    mutable std::condition_variable cv;
    std::string output;
    bool eof = false;
  };
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
};

}  // namespace chibo::test
