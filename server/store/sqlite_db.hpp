// A thin RAII layer over the SQLite C API, private to server/store.
//
// Db owns one connection and a cache of its prepared statements; Stmt leases
// one cached statement for the span of a scope, binds parameters (values never
// enter SQL text), steps it, and resets it on destruction so no statement keeps
// a read snapshot open. Every SQLite failure throws SqliteError, which is a
// store::Error (reads simply let it propagate; the writer maps its code to a
// Status, see status_of()).
//
// Threading: a Db and its statements are used by one thread at a time (the
// writer thread, or whoever holds a ReadPool lease). Connections are opened
// with SQLITE_OPEN_NOMUTEX; the store provides the exclusion.
#pragma once

#include <sqlite3.h>

#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "store/status.hpp"
#include "store/store.hpp"

namespace chibo::store {

// A failed SQLite call: `code` is the extended result code.
struct SqliteError : Error {
  SqliteError(int code, const std::string& message) : Error(message), code(code) {}
  int code;
};

// Maps an SQLite extended result code to the Status the store reports:
// UNIQUE/PRIMARYKEY -> conflict, any other constraint -> invalid,
// FULL/IOERR/READONLY/CANTOPEN/BUSY -> storage_unavailable, else internal.
Status status_of(int code, std::string message);

class Db {
 public:
  // Opens `path` with `flags` (SQLITE_OPEN_*; NOMUTEX is added), turns on
  // extended result codes and sets the busy timeout. Throws SqliteError.
  static std::unique_ptr<Db> open(const std::string& path, int flags, int busy_timeout_ms);

  // Finalizes every cached statement and closes the connection.
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* raw() const { return db_; }

  // Runs one or more statements that take no parameters (DDL, PRAGMA,
  // transaction control). Never use it with values from outside.
  void exec(const char* sql);

  // True while a transaction is open on this connection.
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

  // Builds the SqliteError for the connection's most recent failure.
  SqliteError error(int code, std::string_view context) const;

 private:
  friend class Stmt;
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool leased = false;
  };
  explicit Db(sqlite3* db) : db_(db) {}
  // Returns the cached statement for `sql`, preparing it on first use.
  Cached& cached(const std::string& sql);

  sqlite3* db_;
  std::unordered_map<std::string, Cached> cache_;
};

// Bytes to bind as a BLOB (a plain string binds as UTF-8 TEXT).
struct Blob {
  std::string_view bytes;
};

// One use of a prepared statement. Parameters are numbered from 1 in the order
// passed to bind(); columns from 0.
class Stmt {
 public:
  // Leases the connection's cached statement for `sql`; if that statement is
  // already leased (nested use), prepares a private one instead.
  Stmt(Db& db, const std::string& sql);
  // Resets and clears bindings (or finalizes a private statement).
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binds the arguments to ?1, ?2, ... Accepts integers, bool, strings and
  // std::optional of those (nullopt binds NULL).
  template <class... A>
  Stmt& bind(const A&... args) {
    int i = 0;
    (bind_one(++i, args), ...);
    return *this;
  }

  // Steps once: true when a row is available, false when the statement is done.
  bool step();
  // Steps a statement that returns no rows to completion.
  void run();

  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string text(int col) const;
  std::string blob(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;
  std::optional<std::string> opt_text(int col) const;

  // Rows changed by the last run() on this connection.
  int changes() const { return sqlite3_changes(db_.raw()); }

 private:
  void check(int rc, int index);
  void bind_null(int i) { check(sqlite3_bind_null(stmt_, i), i); }
  void bind_int(int i, std::int64_t v) { check(sqlite3_bind_int64(stmt_, i, v), i); }
  void bind_text(int i, std::string_view v);
  void bind_blob(int i, std::string_view v);

  template <class T>
  void bind_one(int i, const T& v) {
    if constexpr (std::is_same_v<T, std::nullopt_t>) {
      bind_null(i);
    } else if constexpr (std::is_same_v<T, Blob>) {
      bind_blob(i, v.bytes);
    } else if constexpr (std::is_same_v<T, bool>) {
      bind_int(i, v ? 1 : 0);
    } else if constexpr (std::is_integral_v<T>) {
      bind_int(i, static_cast<std::int64_t>(v));
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      bind_text(i, std::string_view(v));
    } else {
      // std::optional<U>
      if (v) bind_one(i, *v);
      else bind_null(i);
    }
  }

  Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
  Db::Cached* lease_ = nullptr;  // null for a private statement
};

}  // namespace chibo::store
