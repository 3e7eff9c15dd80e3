// The writer thread: group commit, per-job savepoints, callback order.
#include <catch2/catch.hpp>

#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "store_fixture.hpp"

using namespace chibo;
using namespace chibo::store;
using test::TempDb;

TEST_CASE("concurrent submitters are batched and called back in order", "[store][writer]") {
  TempDb tmp;
  auto s = tmp.open();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;  // 2000 jobs in all

  std::mutex mu;
  std::vector<std::vector<int>> seen(kThreads);  // per thread: indices in callback order
  std::vector<Status> failures;
  std::set<Id> ids;
  std::promise<void> all_done;
  int remaining = kThreads * kPerThread;

  const WriterStats before = s->writer_stats();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        domain::Unit u;
        u.kind = domain::UnitKind::cell;
        u.name = "Chi bộ " + std::to_string(t) + "-" + std::to_string(i);
        s->add_unit(u, [&, t, i](Status st, Id id) {
          std::lock_guard lk(mu);
          seen[t].push_back(i);
          if (!st) failures.push_back(st);
          ids.insert(id);
          if (--remaining == 0) all_done.set_value();
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  all_done.get_future().wait();

  std::lock_guard lk(mu);
  CHECK(failures.empty());
  CHECK(ids.size() == kThreads * kPerThread);
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    REQUIRE(seen[t].size() == kPerThread);
    for (int i = 0; i < kPerThread; ++i) REQUIRE(seen[t][i] == i);
  }
  const WriterStats after = s->writer_stats();
  CHECK(after.jobs - before.jobs == kThreads * kPerThread);
  // Group commit: fewer transactions (fsyncs) than jobs.
  CHECK(after.batches - before.batches < after.jobs - before.jobs);
  CHECK(after.max_batch > 1);
  CHECK(after.max_batch <= 1024);
  CHECK(s->units().size() == kThreads * kPerThread);
}

TEST_CASE("a failing job is rolled back alone; its batch neighbours commit", "[store][writer]") {
  TempDb tmp;
  auto s = tmp.open();
  const Id cell = test::add_unit(*s, domain::UnitKind::cell, "Chi bộ 1");
  auto account = [&](std::string username) {
    Account a;
    a.username = std::move(username);
    a.password_hash = "scrypt$x";
    a.unit_id = cell;
    a.display_name = "Đ/c " + a.username;
    return a;
  };
  auto [st0, taken_id] = test::wait_for<Id>([&](auto done) { s->add_account(account("taken"), done); });
  REQUIRE(st0.is_ok());

  // Hold the writer inside a callback so the next three jobs queue up and are
  // taken as one batch.
  std::promise<void> entered, release;
  auto release_future = release.get_future();
  s->sync([&](Status) {
    entered.set_value();
    release_future.wait();
  });
  entered.get_future().wait();
  const WriterStats held = s->writer_stats();

  std::vector<std::promise<std::pair<Status, Id>>> results(3);
  const char* names[] = {"ok1", "taken", "ok2"};
  for (int i = 0; i < 3; ++i)
    s->add_account(account(names[i]), [&results, i](Status st, Id id) {
      results[i].set_value({std::move(st), id});
    });
  release.set_value();
  auto r0 = results[0].get_future().get();
  auto r1 = results[1].get_future().get();
  auto r2 = results[2].get_future().get();

  CHECK(r0.first.is_ok());
  CHECK(r1.first.code() == Status::Code::conflict);
  CHECK(r1.second == 0);  // no id for a job that did not commit
  CHECK(r2.first.is_ok());
  const WriterStats after = s->writer_stats();
  CHECK(after.batches - held.batches == 1);  // all three in one transaction
  CHECK(after.jobs - held.jobs == 3);

  CHECK(s->account_by_username("ok1").has_value());
  CHECK(s->account_by_username("ok2").has_value());
  auto taken = s->account_by_username("taken");
  REQUIRE(taken);
  CHECK(taken->id == taken_id);
  CHECK(taken->display_name == "Đ/c taken");
}

TEST_CASE("a job submitted from a done callback runs", "[store][writer]") {
  TempDb tmp;
  auto s = tmp.open();
  std::promise<Status> inner;
  s->sync([&](Status) { s->sync([&](Status st) { inner.set_value(st); }); });
  CHECK(inner.get_future().get().is_ok());
}

TEST_CASE("destroying the store runs and commits everything queued", "[store][writer]") {
  TempDb tmp;
  std::atomic<int> ok{0};
  {
    auto s = tmp.open();
    for (int i = 0; i < 300; ++i) {
      domain::Unit u;
      u.name = "u" + std::to_string(i);
      s->add_unit(u, [&](Status st, Id) {
        if (st) ++ok;
      });
    }
  }  // ~Store drains the queue
  CHECK(ok == 300);
  auto s = tmp.open();
  CHECK(s->units().size() == 300);
}
