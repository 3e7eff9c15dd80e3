// status_of(): how SQLite's result codes become the store's Status codes.
#include <catch2/catch.hpp>

#include "store/sqlite_db.hpp"

using chibo::store::Status;
using chibo::store::status_of;

TEST_CASE("SQLite result codes map to store status codes", "[store][status]") {
  struct Case {
    int sqlite;
    Status::Code expected;
  };
  const Case cases[] = {
      {SQLITE_CONSTRAINT_UNIQUE, Status::Code::conflict},
      {SQLITE_CONSTRAINT_PRIMARYKEY, Status::Code::conflict},
      {SQLITE_CONSTRAINT_FOREIGNKEY, Status::Code::invalid},
      {SQLITE_CONSTRAINT_CHECK, Status::Code::invalid},
      {SQLITE_CONSTRAINT_NOTNULL, Status::Code::invalid},
      {SQLITE_CONSTRAINT_TRIGGER, Status::Code::invalid},
      {SQLITE_CONSTRAINT, Status::Code::invalid},
      {SQLITE_FULL, Status::Code::storage_unavailable},
      {SQLITE_IOERR, Status::Code::storage_unavailable},
      {SQLITE_IOERR_WRITE, Status::Code::storage_unavailable},
      {SQLITE_IOERR_FSYNC, Status::Code::storage_unavailable},
      {SQLITE_READONLY, Status::Code::storage_unavailable},
      {SQLITE_READONLY_DBMOVED, Status::Code::storage_unavailable},
      {SQLITE_CANTOPEN, Status::Code::storage_unavailable},
      {SQLITE_BUSY, Status::Code::storage_unavailable},
      {SQLITE_BUSY_SNAPSHOT, Status::Code::storage_unavailable},
      {SQLITE_ERROR, Status::Code::internal},
      {SQLITE_MISUSE, Status::Code::internal},
      {SQLITE_CORRUPT, Status::Code::internal},
  };
  for (const Case& c : cases) {
    INFO("sqlite code " << c.sqlite);
    Status st = status_of(c.sqlite, "msg");
    CHECK(st.code() == c.expected);
    CHECK(st.message() == "msg");
  }
}
