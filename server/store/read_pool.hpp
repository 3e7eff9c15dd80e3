// A small pool of read-only connections for Store's reads. Private to
// server/store. In WAL mode readers never block the writer nor each other,
// so reads from any thread run in parallel up to the pool size.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace chibo::store {

class Db;

class ReadPool {
 public:
  // Connections to `path` are opened lazily, at most `size` of them.
  ReadPool(std::string path, std::size_t size);
  // REQUIRES: no Lease outstanding.
  ~ReadPool();
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  // Exclusive use of one connection until destroyed; returns it to the pool.
  class Lease {
   public:
    Lease(Lease&& o) noexcept : pool_(o.pool_), db_(std::move(o.db_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Db& operator*() const { return *db_; }
    Db* operator->() const { return db_.get(); }

   private:
    friend class ReadPool;
    Lease(ReadPool& pool, std::unique_ptr<Db> db) : pool_(pool), db_(std::move(db)) {}
    ReadPool& pool_;
    std::unique_ptr<Db> db_;
  };

  // Waits while every connection is leased. Throws SqliteError when a new
  // connection cannot be opened.
  Lease acquire();

 private:
  void give_back(std::unique_ptr<Db> db);

  const std::string path_;
  const std::size_t size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Db>> idle_;  // REQUIRES: mu_ held
  std::size_t open_ = 0;                   // REQUIRES: mu_ held; idle + leased
};

}  // namespace chibo::store
