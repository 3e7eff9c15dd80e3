#include "pool.hpp"

namespace chibo::loadgen {

Pool::Pool(int threads) : stats_(static_cast<std::size_t>(std::max(1, threads))) {
  for (int i = 0; i < std::max(1, threads); ++i) {
    ios_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*ios_.back()));
  }
  for (auto& io : ios_) threads_.emplace_back([&io] { io->run(); });
}

Pool::~Pool() { stop(); }

void Pool::stop() {
  for (auto& g : guards_) g.reset();
  for (auto& io : ios_) io->stop();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

Stats Pool::merged() const {
  Stats all;
  for (const auto& s : stats_) all.merge(s);
  return all;
}

asio::awaitable<bool> poll_until(std::function<bool()> pred, Ms timeout, Ms step) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) co_return false;
    t.expires_after(step);
    co_await t.async_wait(asio::use_awaitable);
  }
  co_return true;
}

asio::ip::address source_address(std::size_t i) {
  const auto x = static_cast<unsigned>((i / 250) % 250), y = static_cast<unsigned>(1 + i % 250);
  return asio::ip::address_v4((127u << 24) | (1u << 16) | (x << 8) | y);
}

}  // namespace chibo::loadgen
