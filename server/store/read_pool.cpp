#include "store/read_pool.hpp"

#include <cassert>
#include <utility>

#include "store/sqlite_db.hpp"

namespace chibo::store {

namespace {
constexpr int kBusyTimeoutMs = 5000;
}

ReadPool::ReadPool(std::string path, std::size_t size) : path_(std::move(path)), size_(size) {
  assert(size_ > 0);
}

ReadPool::~ReadPool() {
  std::lock_guard lk(mu_);
  assert(idle_.size() == open_);  // a Lease outlived the Store
}

ReadPool::Lease::~Lease() {
  if (db_) pool_.give_back(std::move(db_));
}

ReadPool::Lease ReadPool::acquire() {
  {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [this] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      std::unique_ptr<Db> db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(db));
    }
    ++open_;  // reserve the slot; open outside the lock
  }
  try {
    // READONLY: a read path cannot write even by mistake.
    return Lease(*this, Db::open(path_, SQLITE_OPEN_READONLY, kBusyTimeoutMs));
  } catch (...) {
    {
      std::lock_guard lk(mu_);
      --open_;
    }
    cv_.notify_one();
    throw;
  }
}

void ReadPool::give_back(std::unique_ptr<Db> db) {
  {
    std::lock_guard lk(mu_);
    idle_.push_back(std::move(db));
  }
  cv_.notify_one();
}

}  // namespace chibo::store
