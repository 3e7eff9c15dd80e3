#include "store/writer.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <exception>
#include <iterator>
#include <utility>

#include "metrics/metrics.hpp"
#include "store/sqlite_db.hpp"

namespace chibo::store {
namespace {

// Rolls back whatever transaction is open; used only on a failure path, where
// a second failure has nothing left to report to.
void rollback_quietly(Db& db) {
  if (db.in_transaction()) sqlite3_exec(db.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace

Writer::Writer(Db& db, std::size_t max_batch) : db_(db), max_batch_(max_batch) {
  assert(max_batch_ > 0);
  thread_ = std::thread([this] { loop(); });
}

Writer::~Writer() {
  // REQUIRES: not called from a done callback (the thread cannot join itself).
  assert(std::this_thread::get_id() != thread_.get_id());
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void Writer::submit(Run run, Finish done) {
  assert(run && done);
  {
    std::lock_guard lk(mu_);
    assert(!exited_);  // submitting to a destroyed Store
    queue_.push_back(Job{std::move(run), std::move(done)});
  }
  cv_.notify_one();
}

WriterStats Writer::stats() const {
  std::lock_guard lk(stats_mu_);
  return stats_;
}

void Writer::loop() {
  std::vector<Job> batch;
  for (;;) {
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) {  // stopping, and everything has been run
        exited_ = true;
        return;
      }
      // Take everything queued (bounded, so one batch cannot grow without end
      // while producers keep up): the group in group commit.
      auto n = static_cast<std::ptrdiff_t>(std::min(queue_.size(), max_batch_));
      batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + n));
      queue_.erase(queue_.begin(), queue_.begin() + n);
    }
    std::vector<Status> results = run_batch(batch);
    // Principle 3: the callbacks run only now, after COMMIT returned, in
    // submission order, and without mu_ so they may submit more work.
    for (std::size_t i = 0; i < batch.size(); ++i) {
      try {
        batch[i].done(std::move(results[i]));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "chibo store: a done callback threw: %s\n", e.what());
      } catch (...) {
        std::fprintf(stderr, "chibo store: a done callback threw\n");
      }
    }
    batch.clear();
  }
}

std::vector<Status> Writer::run_batch(std::vector<Job>& batch) {
  Db& db = db_;
  std::vector<Status> results(batch.size());
  auto fail_all = [&](const std::string& why) {
    rollback_quietly(db);
    for (Status& r : results) r = Status::storage_unavailable("not committed: " + why);
    std::lock_guard lk(stats_mu_);
    stats_.jobs += batch.size();
  };

  try {
    // IMMEDIATE: take the write lock now, so no job can hit SQLITE_BUSY halfway.
    Stmt(db, "BEGIN IMMEDIATE").run();
  } catch (const SqliteError& e) {
    fail_all(e.what());
    return results;
  }

  bool batch_lost = false;
  std::string lost_reason;
  for (std::size_t i = 0; i < batch.size() && !batch_lost; ++i) {
    results[i] = run_job(batch[i], batch_lost);
    if (batch_lost) lost_reason = results[i].message();
  }
  if (batch_lost) {
    fail_all(lost_reason);
    return results;
  }

  try {
    Stmt(db, "COMMIT").run();
  } catch (const SqliteError& e) {
    fail_all(e.what());
    return results;
  }

  metrics::counters().record_batch(batch.size());
  std::lock_guard lk(stats_mu_);
  stats_.batches += 1;
  stats_.jobs += batch.size();
  stats_.max_batch = std::max<std::uint64_t>(stats_.max_batch, batch.size());
  return results;
}

Status Writer::run_job(Job& job, bool& batch_lost) {
  Db& db = db_;
  try {
    Stmt(db, "SAVEPOINT job").run();
  } catch (const SqliteError& e) {
    batch_lost = true;
    return status_of(e.code, e.what());
  }

  Status st;
  try {
    st = job.run(db);
    if (st) Stmt(db, "RELEASE job").run();
  } catch (const SqliteError& e) {
    st = status_of(e.code, e.what());
  } catch (const std::exception& e) {
    st = Status::internal(e.what());
  }
  if (st) return st;

  // A storage failure (disk full, I/O error) may already have rolled back the
  // whole transaction, and if not, the COMMIT would most likely fail the same
  // way: give up the batch rather than acknowledge its other jobs.
  if (st.code() == Status::Code::storage_unavailable || !db.in_transaction()) {
    batch_lost = true;
    return st;
  }
  try {
    // Undo this job only; its neighbours in the batch keep their work.
    Stmt(db, "ROLLBACK TO job").run();
    Stmt(db, "RELEASE job").run();
  } catch (const SqliteError&) {
    batch_lost = true;
  }
  return st;
}

}  // namespace chibo::store
