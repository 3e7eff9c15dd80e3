#include "store/sqlite_db.hpp"

#include <utility>

namespace chibo::store {

Status status_of(int code, std::string message) {
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status::conflict(std::move(message));
    default:
      break;
  }
  switch (code & 0xff) {  // the primary result code
    case SQLITE_CONSTRAINT:
      return Status::invalid(std::move(message));
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_BUSY:  // only after busy_timeout expired
      return Status::storage_unavailable(std::move(message));
    default:
      return Status::internal(std::move(message));
  }
}

std::unique_ptr<Db> Db::open(const std::string& path, int flags, int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  // sqlite3_open_v2 hands back a handle even on failure; it must be closed.
  std::unique_ptr<Db> db(new Db(raw));
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
    throw SqliteError(rc, "sqlite: cannot open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  return db;
}

Db::~Db() {
  for (auto& [sql, c] : cache_) {
    assert(!c.leased);  // a Stmt outlived its connection
    sqlite3_finalize(c.stmt);
  }
  // Every statement is finalized above, so close cannot report SQLITE_BUSY.
  [[maybe_unused]] int rc = sqlite3_close(db_);
  assert(rc == SQLITE_OK);
}

void Db::exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw SqliteError(rc, "sqlite: " + msg);
  }
}

SqliteError Db::error(int code, std::string_view context) const {
  std::string msg = "sqlite: ";
  msg += sqlite3_errmsg(db_);
  if (!context.empty()) {
    msg += " [";
    msg += context.substr(0, 80);
    msg += ']';
  }
  return SqliteError(code, msg);
}

Db::Cached& Db::cached(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()) + 1, &s, nullptr);
  if (rc != SQLITE_OK) throw error(rc, sql);
  return cache_.emplace(sql, Cached{s, false}).first->second;
}

Stmt::Stmt(Db& db, const std::string& sql) : db_(db) {
  Db::Cached& c = db.cached(sql);
  if (!c.leased) {
    c.leased = true;
    lease_ = &c;
    stmt_ = c.stmt;
    return;
  }
  int rc = sqlite3_prepare_v2(db.raw(), sql.c_str(), static_cast<int>(sql.size()) + 1, &stmt_, nullptr);
  if (rc != SQLITE_OK) throw db.error(rc, sql);
}

Stmt::~Stmt() {
  if (lease_) {
    // reset() repeats the last step's error code; that error was already thrown.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    lease_->leased = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Stmt::check(int rc, int index) {
  if (rc != SQLITE_OK) throw db_.error(rc, "bind ?" + std::to_string(index));
}

void Stmt::bind_text(int i, std::string_view v) {
  // An empty view may have data() == nullptr, which SQLite would bind as NULL.
  const char* p = v.data() ? v.data() : "";
  check(sqlite3_bind_text64(stmt_, i, p, v.size(), SQLITE_TRANSIENT, SQLITE_UTF8), i);
}

void Stmt::bind_blob(int i, std::string_view v) {
  // A zero-length blob, not NULL.
  const char* p = v.data() ? v.data() : "";
  check(sqlite3_bind_blob64(stmt_, i, p, v.size(), SQLITE_TRANSIENT), i);
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw db_.error(rc, sqlite3_sql(stmt_));
}

void Stmt::run() {
  while (step()) {
  }
}

std::string Stmt::text(int col) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string Stmt::blob(int col) const {
  auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::int64_t> Stmt::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

}  // namespace chibo::store
