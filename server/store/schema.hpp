// Schema versioning for the store: PRAGMA user_version counts the migration
// steps applied. Private to server/store (and its tests).
#pragma once

#include "store/status.hpp"

namespace chibo::store {

class Db;

// The user_version a database has once every known migration is applied.
int schema_version();

// invalid when the database's user_version is newer than this build knows:
// an older binary must not write a schema it does not understand. Checked by
// open() before it changes anything (even the journal mode).
Status refuse_newer(Db& db);

// Brings the database on `db` up to schema_version(), one transaction per
// step, so a crash leaves it at some whole step. Refuses a newer database as
// refuse_newer() does; other failures are mapped with status_of().
Status migrate(Db& db);

}  // namespace chibo::store
