// The load generator's threads: one io_context per thread, so every
// connection stays on one thread; one Stats per thread. Cross-thread
// coordination (a meeting's chair and its members) goes through atomics that
// coroutines poll with a short timer.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "conn.hpp"

namespace chibo::loadgen {

class Pool {
 public:
  explicit Pool(int threads);
  ~Pool();
  int size() const { return static_cast<int>(ios_.size()); }
  asio::io_context& io(std::size_t i) { return *ios_[i % ios_.size()]; }
  Stats& stats(std::size_t i) { return stats_[i % stats_.size()]; }
  // Runs `coro` on thread i (mod size).
  template <class F>
  void spawn(std::size_t i, F&& f) {
    asio::co_spawn(io(i), std::forward<F>(f), asio::detached);
  }
  void stop();  // stops and joins the threads
  Stats merged() const;

 private:
  std::vector<std::unique_ptr<asio::io_context>> ios_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<Stats> stats_;
  std::vector<std::thread> threads_;
};

// Polls pred every `step` on the current coroutine's executor.
asio::awaitable<bool> poll_until(std::function<bool()> pred, Ms timeout, Ms step = Ms(10));

// The i-th source address: 127.1.x.y, spread so each address holds few
// connections (own ephemeral ports per address; the server's per-address
// limit is never the bottleneck).
asio::ip::address source_address(std::size_t i);

}  // namespace chibo::loadgen
