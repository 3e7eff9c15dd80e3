#include "process.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace chibo::loadgen {

ServerChild::ServerChild(std::vector<std::string> argv, const std::string& ready_prefix) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    raise_fd_limit();  // the server holds one descriptor per connection
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  fd_ = fds[0];
  // Read line by line until the ready line (bounded: 30 s via alarm-free polling).
  std::string buf, seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (port_ == 0) {
    if (std::chrono::steady_clock::now() > deadline) break;
    char c;
    const ssize_t n = read(fd_, &c, 1);
    if (n <= 0) break;
    if (c != '\n') {
      buf += c;
      continue;
    }
    seen += buf + "\n";
    if (buf.rfind(ready_prefix, 0) == 0) {
      const auto colon = buf.rfind(':');
      port_ = static_cast<unsigned short>(std::stoi(buf.substr(colon + 1)));
    }
    buf.clear();
  }
  if (port_ == 0) {
    stop();
    throw std::runtime_error("server did not start: " + argv[0] + "\n" + seen);
  }
  drain_ = std::thread([fd = fd_] {
    char b[4096];
    while (read(fd, b, sizeof b) > 0) {
    }
  });
}

int ServerChild::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 1000; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    usleep(10'000);
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return 128 + SIGKILL;
}

ServerChild::~ServerChild() {
  stop();
  if (drain_.joinable()) drain_.join();
  if (fd_ >= 0) close(fd_);
}

ProcSample sample_proc(pid_t pid) {
  ProcSample s;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (std::getline(stat, line)) {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    std::istringstream in(line.substr(line.rfind(')') + 2));
    std::string f;
    unsigned long long ut = 0, st = 0;
    for (int i = 3; i <= 15 && in >> f; ++i) {
      if (i == 14) ut = std::stoull(f);
      if (i == 15) st = std::stoull(f);
    }
    s.cpu_s = static_cast<double>(ut + st) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) s.rss_kb = std::stoull(line.substr(6));
  return s;
}

ProcSampler::ProcSampler(pid_t pid) : pid_(pid) {
  thread_ = std::thread([this] {
    while (!stop_) {
      const auto s = sample_proc(pid_);
      if (s.rss_kb > peak_) peak_ = s.rss_kb;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
}

ProcSampler::~ProcSampler() {
  stop_ = true;
  thread_.join();
}

std::uint64_t raise_fd_limit() {
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  return rl.rlim_cur;
}

}  // namespace chibo::loadgen
