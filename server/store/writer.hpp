// The single writer thread with group commit (DESIGN.md principle 3, after
// LevelDB's DBImpl::Write). Private to server/store.
//
// Callers enqueue jobs; the thread takes everything queued (up to max_batch),
// runs it as one transaction with each job inside its own SAVEPOINT, commits,
// and only then calls each job's `done` in submission order. One fsync thus
// acknowledges a whole batch, and nothing is acknowledged before it is durable.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/status.hpp"
#include "store/store.hpp"

namespace chibo::store {

class Db;

class Writer {
 public:
  // Runs inside the job's savepoint on the writer thread. A non-ok Status (or
  // a thrown SqliteError, mapped with status_of()) rolls back this job alone.
  using Run = std::function<Status(Db&)>;
  // Called after the batch's COMMIT returned (or failed), on the writer thread,
  // never with the queue mutex held.
  using Finish = std::function<void(Status)>;

  // Starts the thread, which from now on is the only user of `db` (the
  // read-write connection). REQUIRES: db outlives the Writer.
  Writer(Db& db, std::size_t max_batch);
  // Runs every queued job (including jobs queued by callbacks meanwhile),
  // commits and joins the thread.
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Enqueues a job. Thread-safe; may be called from a done callback.
  void submit(Run run, Finish done);

  WriterStats stats() const;

 private:
  struct Job {
    Run run;
    Finish done;
  };

  void loop();
  // Runs one batch; returns each job's final Status (index = batch position).
  std::vector<Status> run_batch(std::vector<Job>& batch);
  // Runs one job in its savepoint. Sets `batch_lost` when the surrounding
  // transaction can no longer be committed (storage failure).
  Status run_job(Job& job, bool& batch_lost);

  Db& db_;  // used only on the writer thread
  const std::size_t max_batch_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;  // REQUIRES: mu_ held
  bool stopping_ = false;  // REQUIRES: mu_ held
  bool exited_ = false;    // REQUIRES: mu_ held

  mutable std::mutex stats_mu_;
  WriterStats stats_;  // REQUIRES: stats_mu_ held

  std::thread thread_;  // last: starts after every member above exists
};

}  // namespace chibo::store
