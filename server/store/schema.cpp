// The migration steps, oldest first. A step is never edited once released:
// a schema change is a new step appended to kSteps.
#include "store/schema.hpp"

#include <iterator>
#include <string>

#include "store/sqlite_db.hpp"

namespace chibo::store {
namespace {

// Conventions (brief issue 1):
// - enums are stored as their domain::to_string spelling, fenced by CHECK;
// - dates are 'YYYY-MM-DD' text or NULL;
// - times are integer milliseconds since the epoch;
// - meetings.status is a projection of the meeting's event log (principle 2),
//   written only together with the event that changes it.
constexpr const char* kStep1 = R"sql(
CREATE TABLE units (
  id        INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES units(id),
  kind      TEXT NOT NULL CHECK (kind IN ('party_committee', 'cell')),
  name      TEXT NOT NULL,
  place     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE members (
  id             INTEGER PRIMARY KEY,
  cell_id        INTEGER NOT NULL REFERENCES units(id),
  full_name      TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('official', 'probationary')),
  status         TEXT NOT NULL CHECK (status IN ('active', 'exempt', 'attached', 'suspended')),
  committee_role TEXT NOT NULL
                 CHECK (committee_role IN ('none', 'secretary', 'deputy', 'committee_member')),
  birth_date     TEXT CHECK (birth_date IS NULL OR
                             birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  admitted_on    TEXT CHECK (admitted_on IS NULL OR
                             admitted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  phone          TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  -- Soft delete: old minutes still name the member (ms since epoch, NULL = current).
  removed_at     INTEGER
);
CREATE INDEX members_by_cell ON members(cell_id);

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('district_admin', 'secretary', 'observer')),
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  member_id     INTEGER REFERENCES members(id),
  display_name  TEXT NOT NULL DEFAULT '',
  title         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE meetings (
  id        INTEGER PRIMARY KEY,
  cell_id   INTEGER NOT NULL REFERENCES units(id),
  kind      TEXT NOT NULL CHECK (kind IN ('regular', 'thematic', 'annual_review', 'admission',
                                          'discipline', 'election')),
  title     TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  place     TEXT NOT NULL DEFAULT '',
  video_url TEXT NOT NULL DEFAULT '',
  status    TEXT NOT NULL CHECK (status IN ('scheduled', 'open', 'closed'))
);
CREATE INDEX meetings_by_cell ON meetings(cell_id, starts_at);

-- Only the SHA-256 of a bearer token is stored, never the token.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE join_links (
  token_hash  TEXT PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
  member_id   INTEGER REFERENCES members(id),
  guest_name  TEXT NOT NULL DEFAULT '',
  guest_title TEXT NOT NULL DEFAULT '',
  observer    INTEGER NOT NULL CHECK (observer IN (0, 1)),
  created_ms  INTEGER NOT NULL,
  revoked_ms  INTEGER
) WITHOUT ROWID;
CREATE INDEX join_links_by_meeting ON join_links(meeting_id, member_id);

-- The append-only log (principle 2), hash-chained per meeting (principle 9).
CREATE TABLE events (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  seq        INTEGER NOT NULL CHECK (seq >= 1),
  type       TEXT NOT NULL,
  actor      TEXT NOT NULL,
  ts_ms      INTEGER NOT NULL,
  data       TEXT NOT NULL,
  prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash       TEXT NOT NULL CHECK (length(hash) = 64),
  PRIMARY KEY (meeting_id, seq)
) WITHOUT ROWID;

-- Events are never rewritten by chibo; these make a bug that tries fail loudly.
-- (Tampering by hand is caught by the hash chain, not by these.)
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
)sql";

// Issue 4: members' self-reviews for annual reviews (text and an optional
// PDF/DOCX file), beside the log; see records.hpp Review.
constexpr const char* kStep2 = R"sql(
CREATE TABLE self_reviews (
  meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
  member_id   INTEGER NOT NULL REFERENCES members(id),
  self_rating TEXT NOT NULL DEFAULT ''
              CHECK (self_rating IN ('', 'excellent', 'good', 'completed', 'not_completed')),
  text        TEXT NOT NULL DEFAULT '',
  file_name   TEXT NOT NULL DEFAULT '',
  file_mime   TEXT NOT NULL DEFAULT '',
  file_sha256 TEXT NOT NULL DEFAULT '',
  file        BLOB,
  updated_ms  INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, member_id)
);
)sql";

constexpr const char* kSteps[] = {kStep1, kStep2};

int user_version(Db& db) {
  Stmt st(db, "PRAGMA user_version");
  if (!st.step()) throw db.error(SQLITE_INTERNAL, "PRAGMA user_version returned no row");
  return static_cast<int>(st.int64(0));
}

}  // namespace

int schema_version() { return static_cast<int>(std::size(kSteps)); }

Status refuse_newer(Db& db) {
  try {
    int v = user_version(db);
    if (v > schema_version())
      return Status::invalid("store: database schema version " + std::to_string(v) +
                             " is newer than this chibo knows (" +
                             std::to_string(schema_version()) + ")");
    return Status::ok();
  } catch (const SqliteError& e) {
    return status_of(e.code, e.what());
  }
}

Status migrate(Db& db) {
  if (Status st = refuse_newer(db); !st) return st;
  try {
    for (int next = user_version(db) + 1; next <= schema_version(); ++next) {
      // IMMEDIATE takes the write lock before reading the version again, so two
      // processes opening one new file cannot both apply the same step.
      db.exec("BEGIN IMMEDIATE");
      try {
        int current = user_version(db);
        if (current < next) {
          db.exec(kSteps[next - 1]);
          // PRAGMA takes no bound parameters; `next` is our own loop counter.
          db.exec(("PRAGMA user_version = " + std::to_string(next)).c_str());
        }
        db.exec("COMMIT");
      } catch (...) {
        if (db.in_transaction()) sqlite3_exec(db.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
      }
    }
    return Status::ok();
  } catch (const SqliteError& e) {
    return status_of(e.code, e.what());
  }
}

}  // namespace chibo::store
