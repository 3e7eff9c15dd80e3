// Store's private state and the helpers its method files share. Private to
// server/store.
#pragma once

#include <atomic>
#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/read_pool.hpp"
#include "store/sqlite_db.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace chibo::store {

struct Store::Impl {
  // Declaration order is destruction order reversed: the writer drains and
  // joins first, then the readers close, and the read-write connection closes
  // last, so it can checkpoint the WAL and remove it.
  std::unique_ptr<Db> write_db;
  std::unique_ptr<ReadPool> readers;
  std::unique_ptr<Writer> writer;
  std::atomic<std::uint64_t> roster_version{0};  // Store::roster_version()
};

// Submits a job whose body fills a result of type T: `body(Db&, T&) -> Status`.
// done receives the result only when the job committed, T{} otherwise.
template <class T, class Body>
void submit_with_result(Writer& writer, Body body, Done<T> done) {
  assert(done);
  auto out = std::make_shared<T>();
  writer.submit([out, body = std::move(body)](Db& db) mutable { return body(db, *out); },
                [out, done = std::move(done)](Status st) {
                  if (st) done(std::move(st), std::move(*out));
                  else done(std::move(st), T{});
                });
}

// Runs `sql` with `args` bound on a pooled read connection; the first row
// mapped by `row`, or nullopt. SqliteError (a store::Error) propagates.
template <class Row, class... A>
auto read_one(ReadPool& pool, const std::string& sql, Row row, const A&... args)
    -> std::optional<std::invoke_result_t<Row, const Stmt&>> {
  ReadPool::Lease db = pool.acquire();
  Stmt st(*db, sql);  // declared after the lease: reset before it is returned
  st.bind(args...);
  if (!st.step()) return std::nullopt;
  return row(st);
}

// Like read_one, every row in the order the SQL gives.
template <class Row, class... A>
auto read_all(ReadPool& pool, const std::string& sql, Row row, const A&... args)
    -> std::vector<std::invoke_result_t<Row, const Stmt&>> {
  ReadPool::Lease db = pool.acquire();
  Stmt st(*db, sql);
  st.bind(args...);
  std::vector<std::invoke_result_t<Row, const Stmt&>> out;
  while (st.step()) out.push_back(row(st));
  return out;
}

// Applies a self-review submission (review_rows.cpp); throws SqliteError.
void write_review(Db& db, const ReviewWrite& r);

// Milliseconds since the epoch, for store-stamped times (members.removed_at).
std::int64_t now_ms();

}  // namespace chibo::store
