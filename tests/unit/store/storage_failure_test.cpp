// Principle 3 under a failing disk: when SQLite cannot write, every job of the
// batch is told storage_unavailable, nothing is half stored, and the store
// works again once the disk does.
//
// The tests run as root, so file permissions cannot make writes fail. Instead a
// forked child lowers its own RLIMIT_FSIZE (with SIGXFSZ ignored, a write past
// the limit fails with EFBIG, which SQLite reports as an I/O error) and
// reports through its exit code. Forking keeps the limit out of this process.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <future>
#include <string>

#include "store_fixture.hpp"

using namespace chibo;
using namespace chibo::store;
using test::TempDb;

namespace {

// Exit codes of the child; 0 is success.
enum Step : int {
  kOpen = 10,
  kSetup,
  kLimit,
  kBigWriteNotRefused,
  kNeighbourNotRefused,
  kHalfStored,
  kNoRecovery,
  kReopen,
  kAfterReopen,
};

std::uintmax_t size_or_zero(const std::string& p) {
  std::error_code ec;
  auto n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

// Runs in the child. `big` is the size of the row that must not fit.
int child(const std::string& path, std::size_t big) {
  ::signal(SIGXFSZ, SIG_IGN);
  ::alarm(60);  // a hang kills the child instead of the test run
  Status st;
  auto s = Store::open(path, st);
  if (!s) return kOpen;

  auto add_unit = [&](std::string name) {
    domain::Unit u;
    u.name = std::move(name);
    return test::wait_for<Id>([&](auto done) { s->add_unit(u, done); });
  };
  auto [ust, cell] = add_unit("Chi bộ 1");
  if (!ust) return kSetup;

  // Room for a little growth of the files that exist, not for the big row.
  std::uintmax_t limit =
      std::max({size_or_zero(path), size_or_zero(path + "-wal"), size_or_zero(path + "-shm")}) +
      64 * 1024;
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  rlimit low = old;
  low.rlim_cur = limit;
  if (::setrlimit(RLIMIT_FSIZE, &low) != 0) return kLimit;

  // The big member and a small neighbour queued behind a gate, so both land
  // in the same batch: neither may be acknowledged.
  std::promise<void> release;
  auto gate = release.get_future().share();
  s->sync([gate](Status) { gate.wait(); });
  domain::Member m = test::make_member(cell, "Nguyễn Văn Lớn");
  m.note.assign(big, 'x');
  std::promise<Status> big_done, small_done;
  s->add_member(m, [&](Status st, Id) { big_done.set_value(st); });
  domain::Unit u;
  u.name = "neighbour";
  s->add_unit(u, [&](Status st, Id) { small_done.set_value(st); });
  release.set_value();
  if (big_done.get_future().get().code() != Status::Code::storage_unavailable)
    return kBigWriteNotRefused;
  if (small_done.get_future().get().code() != Status::Code::storage_unavailable)
    return kNeighbourNotRefused;

  ::setrlimit(RLIMIT_FSIZE, &old);
  if (!s->members_of(cell).empty() || s->units().size() != 1) return kHalfStored;
  m.note = "small now";
  auto [mst, id] = test::wait_for<Id>([&](auto done) { s->add_member(m, done); });
  if (!mst) return kNoRecovery;

  s.reset();
  s = Store::open(path, st);
  if (!s) return kReopen;
  if (s->members_of(cell).size() != 1 || s->units().size() != 1) return kAfterReopen;
  return 0;
}

int run_in_child(const std::string& path, std::size_t big) {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(child(path, big));  // _exit: no Catch2 teardown in the child
  REQUIRE(pid > 0);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  if (WIFSIGNALED(status)) return 1000 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("a write the disk refuses is reported storage_unavailable", "[store][storage]") {
  // 1 MB fits the page cache, so it fails at COMMIT; 4 MB spills to the WAL
  // while the job runs, so it fails inside the job.
  for (std::size_t big : {std::size_t{1} << 20, std::size_t{4} << 20}) {
    TempDb tmp;
    INFO("row of " << big << " bytes; child exit code (see enum Step)");
    CHECK(run_in_child(tmp.path(), big) == 0);
  }
}
