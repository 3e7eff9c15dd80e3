// Store: the one narrow interface between chibo and its SQLite file.
//
// Writes go to a single writer thread that merges whatever is queued into one
// transaction (group commit, as LevelDB's DBImpl::Write): each queued job runs
// inside its own SAVEPOINT, so a failing job is rolled back alone, and every
// `done` callback of a batch runs only after that batch's COMMIT returned
// (synchronous=FULL, WAL). A job is therefore acknowledged only once durable.
// Jobs of one batch are committed in submission order; callbacks run in
// submission order, on the writer thread: they must be quick and must not
// block (post the result to where it is needed).
//
// Reads may be called from any thread; they use a small pool of read-only
// connections (WAL readers do not block the writer). A read that SQLite fails
// throws store::Error; "not there" is an empty optional, never an exception.
//
// Keep meeting logic out of here: the store knows rows, not rules. A second
// backend (DESIGN.md "larger deployments") implements this same interface.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/types.hpp"
#include "store/records.hpp"
#include "store/status.hpp"

namespace chibo::store {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class T>
using Done = std::function<void(Status, T)>;
using DoneVoid = std::function<void(Status)>;

// Counters for /metrics and tests (monotonic since open).
struct WriterStats {
  std::uint64_t batches = 0;  // transactions committed (= fsync rounds)
  std::uint64_t jobs = 0;     // jobs run (ok or failed)
  std::uint64_t max_batch = 0;
};

class Store {
 public:
  // Opens (creating if needed) the database at `path`, sets WAL,
  // synchronous=FULL, foreign_keys=ON, busy_timeout, applies migrations up to
  // the current schema version (PRAGMA user_version) and starts the writer.
  // On failure returns nullptr and sets `st`.
  static std::unique_ptr<Store> open(const std::string& path, Status& st);

  // Runs every queued job, commits, stops the writer thread.
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // ---------------- organisation (writes) ----------------
  void add_unit(domain::Unit u, Done<Id> done);
  void add_account(Account a, Done<Id> done);          // conflict: username taken
  void set_password(Id account_id, std::string password_hash, DoneVoid done);
  void add_member(domain::Member m, Done<Id> done);    // m.id ignored; invalid: cell not a cell unit
  void update_member(domain::Member m, DoneVoid done); // by m.id; not_found if absent or removed
  void remove_member(Id member_id, DoneVoid done);     // soft delete (kept for old minutes)
  // All or nothing: every member is inserted, or none is (one savepoint).
  void import_members(Id cell_id, std::vector<domain::Member> ms, Done<std::vector<Id>> done);

  // ---------------- sessions and join links (writes) ----------------
  void put_session(Session s, DoneVoid done);
  void delete_session(std::string token_hash, DoneVoid done);
  void put_join_link(JoinLink l, DoneVoid done);
  // Revokes every live link of (meeting, member) - used before issuing a new one.
  void revoke_member_links(Id meeting_id, Id member_id, std::int64_t now_ms, DoneVoid done);
  void revoke_link(std::string token_hash, std::int64_t now_ms, DoneVoid done);

  // ---------------- meetings and their logs (writes) ----------------
  // Inserts the meeting row and its first event in one savepoint. The store
  // fills first.meeting_id, first.seq = 1, first.prev_hash = genesis and
  // first.hash, and returns the completed record.
  void create_meeting(domain::Meeting m, EventRecord first, Done<EventRecord> done);
  // Appends one event. conflict unless e.seq == head seq + 1 and e.prev_hash
  // equals the head's hash, and e.hash == chain_hash(e). When new_status is
  // set, the meetings row's status is updated in the same savepoint.
  void append_event(EventRecord e, std::optional<domain::MeetingStatus> new_status,
                    DoneVoid done);
  // Appends `e` and applies `review` in the same savepoint (issue 4
  // self-reviews): the announcement and the document commit together.
  void append_event_with_review(EventRecord e, ReviewWrite review, DoneVoid done);
  // A barrier: done runs after every job queued before it has committed.
  void sync(DoneVoid done);

  // ---------------- reads ----------------
  std::optional<Account> account_by_username(const std::string& username);
  std::optional<Account> account_by_id(Id id);
  std::optional<Session> session_by_hash(const std::string& token_hash);
  std::optional<JoinLink> join_link_by_hash(const std::string& token_hash);
  std::vector<JoinLink> join_links_of(Id meeting_id);  // live and revoked

  std::optional<domain::Unit> unit(Id id);
  std::vector<domain::Unit> units();                    // every unit, by id
  std::optional<domain::Member> member(Id id);          // nullopt when removed
  std::vector<domain::Member> members_of(Id cell_id);   // not removed; by committee role, then name
  // Goes up once each roster write (add, update, remove, import) has finished,
  // committed or not. A reader that saw version v, then read members_of, may
  // keep what it read while the version is still v (a meeting caches its
  // roster so that 2,000 joins do not read 2,000 rows each).
  std::uint64_t roster_version() const;
  std::optional<domain::Meeting> meeting(Id id);
  std::vector<domain::Meeting> meetings_of(Id cell_id); // newest starts_at first
  std::vector<Id> meeting_ids();                        // every meeting, by id
  std::vector<EventRecord> events(Id meeting_id, std::int64_t after_seq = 0);  // seq order
  std::optional<Review> review(Id meeting_id, Id member_id);  // without the file's bytes
  // Up to `len` bytes of the review's file from `offset` (empty past the end).
  std::string review_file(Id meeting_id, Id member_id, std::int64_t offset, std::int64_t len);

  WriterStats writer_stats() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chibo::store
