// `chibo backup`: an online, consistent copy of the database while the
// server runs (issue 7 "Operations"). SQLite's backup API copies every page
// of one read snapshot, so the copy is the database as of one commit: each
// acknowledged write is in it or after it, never half (DESIGN.md principle 3).
#pragma once

#include <string>

#include "store/status.hpp"

namespace chibo::store {

// Copies the database at `from` (WAL and all) into a new file `to`. Refuses
// to overwrite an existing file. The copy is written beside `to` under a
// temporary name, synced, and renamed into place, so `to` is either absent
// or whole. Safe beside a running server: it only reads, and while it copies
// the server keeps committing (to the WAL, which the snapshot ignores).
Status backup_database(const std::string& from, const std::string& to);

}  // namespace chibo::store
