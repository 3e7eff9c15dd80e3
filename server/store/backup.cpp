#include "store/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace chibo::store {
namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Conn = std::unique_ptr<sqlite3, Closer>;

Status failed(const std::string& what, sqlite3* db) {
  return Status::storage_unavailable(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Conn open(const std::string& path, int flags, Status& st) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Conn c(raw);
  if (rc != SQLITE_OK) st = failed("cannot open " + path, raw);
  else sqlite3_busy_timeout(raw, 5000);  // the server's writer holds its lock only for a commit
  return c;
}

// fsync of a file or directory; the rename is durable only with both.
bool sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

Status backup_database(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(to, ec)) return Status::invalid(to + " exists; not overwritten");
  if (!fs::exists(from, ec)) return Status::not_found("no database " + from);
  const std::string tmp = to + ".partial";
  fs::remove(tmp, ec);  // left by an interrupted run

  Status st;
  // Not SQLITE_OPEN_CREATE: a typo in --db must not make an empty database.
  // Read-write only so that a WAL database can be read with no server
  // running (the -shm may need creating); nothing is written to it.
  Conn src = open(from, SQLITE_OPEN_READWRITE, st);
  if (!st) return st;
  {
    Conn dst = open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, st);
    if (!st) return st;
    sqlite3_backup* b = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
    if (!b) return failed("backup", dst.get());
    // -1: every page in one step, so one read transaction, one snapshot
    // (stepping in pieces would restart on every write the server commits).
    int rc;
    do {
      rc = sqlite3_backup_step(b, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
    } while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
      Status err = failed("backup", dst.get());
      dst.reset();
      fs::remove(tmp, ec);
      return err;
    }
    // The copy is a single self-contained file: fold its WAL in and leave
    // rollback-journal mode, so restoring is copying one file.
    sqlite3_exec(dst.get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
  }
  if (!sync_path(tmp)) {
    fs::remove(tmp, ec);
    return Status::storage_unavailable("cannot sync " + tmp);
  }
  fs::rename(tmp, to, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::storage_unavailable("cannot rename to " + to + ": " + ec.message());
  }
  const fs::path dir = fs::absolute(to).parent_path();
  sync_path(dir.string());
  return {};
}

}  // namespace chibo::store
