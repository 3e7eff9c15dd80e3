#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>

#ifndef CHIBO_TEST_DEFAULT_BIN
#define CHIBO_TEST_DEFAULT_BIN "chibo"
#endif
#ifndef CHIBO_TEST_SOURCE_DIR
#define CHIBO_TEST_SOURCE_DIR "."
#endif

namespace chibo::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "chibo-it-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
  return tmpl;
}

// Everything exec needs is built before fork: only async-signal-safe calls
// run in the child (the test process has threads).
struct Argv {
  explicit Argv(const std::vector<std::string>& args) : strings(args) {
    for (auto& s : strings) ptrs.push_back(s.data());
    ptrs.push_back(nullptr);
  }
  std::vector<std::string> strings;
  std::vector<char*> ptrs;
};

// Forks `argv`, its stdout and stderr into a new pipe; returns the read end.
pid_t spawn(const Argv& argv, int& read_fd) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  const int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    if (devnull >= 0) close(devnull);
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    // The child dies with the test process, whatever happens to it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    execv(argv.ptrs[0], argv.ptrs.data());
    const char msg[] = "chibo-test: exec failed\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(127);
  }
  close(fds[1]);
  if (devnull >= 0) close(devnull);
  read_fd = fds[0];
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Waits up to `timeout` for `pid`; returns the decoded status or nullopt.
std::optional<int> wait_pid(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return decode_status(status);
    if (r < 0 && errno != EINTR) return -1;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

std::string ServerProcess::binary() {
  if (const char* env = std::getenv("CHIBO_BIN"); env && *env) return env;
  return CHIBO_TEST_DEFAULT_BIN;
}

std::string ServerProcess::source_dir() { return CHIBO_TEST_SOURCE_DIR; }

ServerProcess::ServerProcess() : ServerProcess(Options{}) {}

ServerProcess::ServerProcess(Options opt) : opt_(std::move(opt)) {
  dir_ = make_temp_dir();
  db_path_ = dir_ + "/test.db";
  if (opt_.start) start();
}

ServerProcess::~ServerProcess() {
  if (running()) reap(std::chrono::seconds(20), SIGKILL);
  join_reader();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void ServerProcess::start() {
  if (running()) throw std::logic_error("ServerProcess::start: already running");
  join_reader();
  std::vector<std::string> args{binary(),     "serve",    "--db",
                                db_path_,     "--listen", "127.0.0.1:0",
                                "--web-root", source_dir() + "/client-web"};
  if (opt_.demo) args.push_back("--demo");
  // Tests drive the protocol far faster than people do: the command rate
  // limit is lifted unless a test sets its own (a later flag wins).
  for (const char* a : {"--rate-limit", "100000", "--rate-burst", "100000"}) args.push_back(a);
  args.insert(args.end(), opt_.extra_args.begin(), opt_.extra_args.end());
  Argv argv(args);

  auto shared = std::make_shared<Shared>();
  shared_ = shared;
  port_ = 0;
  pid_ = spawn(argv, out_fd_);
  // Drain the pipe in a thread so the child never blocks on a full pipe.
  reader_ = std::thread([shared, fd = out_fd_] {
    char buf[4096];
    for (;;) {
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      std::lock_guard lock(shared->mu);
      if (n <= 0) {
        shared->eof = true;
        shared->cv.notify_all();
        break;
      }
      shared->output.append(buf, static_cast<std::size_t>(n));
      if (std::getenv("CHIBO_TEST_VERBOSE")) std::cerr.write(buf, n);
      shared->cv.notify_all();
    }
    close(fd);
  });
  out_fd_ = -1;

  const std::string marker = "chibo: listening on http";  // http:// or https://
  std::unique_lock lock(shared->mu);
  const bool seen = shared->cv.wait_for(lock, std::chrono::seconds(20), [&] {
    const auto at = shared->output.find(marker);
    return shared->eof || (at != std::string::npos && shared->output.find('\n', at) != std::string::npos);
  });
  const auto at = shared->output.find(marker);
  if (!seen || at == std::string::npos) {
    const std::string out = shared->output;
    lock.unlock();
    reap(std::chrono::seconds(20), SIGKILL);
    throw std::runtime_error(std::string("chibo serve did not report its port ") +
                             (seen ? "(it exited)" : "within 20 s") + "; binary " + binary() +
                             "; output:\n" + out);
  }
  const std::string host = "://127.0.0.1:";
  port_ = static_cast<unsigned short>(std::stoi(shared->output.substr(shared->output.find(host, at) + host.size())));
}

int ServerProcess::stop() {
  if (!running()) return last_exit_;
  reap(std::chrono::seconds(20), SIGTERM);
  return last_exit_;
}

void ServerProcess::kill9() {
  if (running()) reap(std::chrono::seconds(20), SIGKILL);
}

void ServerProcess::send_signal(int sig) {
  if (running()) kill(pid_, sig);
}

std::optional<int> ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (!running()) return last_exit_;
  auto status = wait_pid(pid_, timeout);
  if (!status) return std::nullopt;
  last_exit_ = *status;
  pid_ = -1;
  join_reader();
  return last_exit_;
}

void ServerProcess::reap(std::chrono::milliseconds grace, int first_signal) {
  kill(pid_, first_signal);
  auto status = wait_pid(pid_, grace);
  if (!status) {
    std::cerr << "chibo-test: server pid " << pid_ << " did not exit within " << grace.count()
              << " ms of signal " << first_signal << "; killing it\n";
    kill(pid_, SIGKILL);
    status = wait_pid(pid_, std::chrono::seconds(20));
    if (status) status = -1;  // hung: never report a clean exit
  }
  last_exit_ = status.value_or(-1);
  pid_ = -1;
  join_reader();
}

void ServerProcess::join_reader() {
  if (reader_.joinable()) reader_.join();  // the pipe reaches EOF once the child is gone
}

std::string ServerProcess::output() const {
  std::lock_guard lock(shared_->mu);
  return shared_->output;
}

std::string ServerProcess::sanitizer_report() const {
  const std::string out = output();
  std::string report;
  std::size_t pos = 0;
  while (pos < out.size()) {
    const auto nl = out.find('\n', pos);
    const std::string line = out.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    for (const char* marker : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                               "SUMMARY: AddressSanitizer", "SUMMARY: UndefinedBehaviorSanitizer"})
      if (line.find(marker) != std::string::npos) {
        report += line + "\n";
        break;
      }
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return report;
}

bool ServerProcess::wait_output(const std::string& needle, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(shared_->mu);
  return shared_->cv.wait_for(lock, timeout, [&] { return shared_->output.find(needle) != std::string::npos; });
}

CliResult ServerProcess::run_cli(const std::vector<std::string>& args) const {
  std::vector<std::string> all{binary()};
  all.insert(all.end(), args.begin(), args.end());
  Argv argv(all);
  int fd = -1;
  const pid_t pid = spawn(argv, fd);
  CliResult r;
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    const int pr = poll(&p, 1, static_cast<int>(left));
    if (pr < 0 && errno == EINTR) continue;
    if (pr <= 0) break;
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    r.output.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  auto status = wait_pid(pid, std::chrono::seconds(10));
  if (!status) {
    kill(pid, SIGKILL);
    wait_pid(pid, std::chrono::seconds(10));
    r.output += "\n[chibo-test: killed after 30 s]\n";
    status = -1;
  }
  r.exit_code = *status;
  return r;
}

}  // namespace chibo::test
