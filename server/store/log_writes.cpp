// Writes of meetings and their hash-chained event logs (principles 2 and 9).
#include <string>
#include <utility>

#include "store/hash_chain.hpp"
#include "store/store_impl.hpp"

namespace chibo::store {
namespace {

void insert_event(Db& db, const EventRecord& e) {
  Stmt st(db,
          "INSERT INTO events (meeting_id, seq, type, actor, ts_ms, data, prev_hash, hash)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st.bind(e.meeting_id, e.seq, e.type, e.actor, e.ts_ms, e.data, e.prev_hash, e.hash);
  st.run();
}

struct Head {
  std::int64_t seq = 0;
  std::string hash = genesis_hash();
};

// The last event of a meeting's log. Inside a batch this sees the appends of
// earlier jobs of the same batch (same connection, same transaction), which is
// what lets a meeting pipeline seq n+1 before seq n has committed.
Head head_of(Db& db, Id meeting_id) {
  Stmt st(db, "SELECT seq, hash FROM events WHERE meeting_id = ?1 ORDER BY seq DESC LIMIT 1");
  Head h;
  if (st.bind(meeting_id).step()) {
    h.seq = st.int64(0);
    h.hash = st.text(1);
  }
  return h;
}

Status append(Db& db, const EventRecord& e, std::optional<domain::MeetingStatus> new_status) {
  {
    Stmt st(db, "SELECT 1 FROM meetings WHERE id = ?1");
    if (!st.bind(e.meeting_id).step())
      return Status::not_found("store: no meeting " + std::to_string(e.meeting_id));
  }
  // Principle 2: the log is gap-free and each event extends the head;
  // anything else means two writers raced, which is a conflict.
  Head head = head_of(db, e.meeting_id);
  if (e.seq != head.seq + 1)
    return Status::conflict("store: seq " + std::to_string(e.seq) + " does not follow head " +
                            std::to_string(head.seq));
  if (e.prev_hash != head.hash)
    return Status::conflict("store: prev_hash does not match the head of the log");
  if (e.hash != chain_hash(e))
    return Status::conflict("store: hash does not match the event");
  insert_event(db, e);
  if (new_status) {
    // meetings.status is a projection of the log, moved with its event.
    Stmt st(db, "UPDATE meetings SET status = ?2 WHERE id = ?1");
    st.bind(e.meeting_id, domain::to_string(*new_status)).run();
  }
  return Status::ok();
}

}  // namespace

void Store::create_meeting(domain::Meeting m, EventRecord first, Done<EventRecord> done) {
  submit_with_result<EventRecord>(
      *impl_->writer,
      [m = std::move(m), first = std::move(first)](Db& db, EventRecord& out) {
        Stmt st(db,
                "INSERT INTO meetings (cell_id, kind, title, starts_at, place, video_url, status)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        st.bind(m.cell_id, domain::to_string(m.kind), m.title, m.starts_at, m.place, m.video_url,
                domain::to_string(m.status));
        st.run();
        out = first;
        // The meeting id is part of the hashed bytes, so the hash can only be
        // computed once the row exists.
        out.meeting_id = sqlite3_last_insert_rowid(db.raw());
        out.seq = 1;
        out.prev_hash = genesis_hash();
        out.hash = chain_hash(out);
        insert_event(db, out);
        return Status::ok();
      },
      std::move(done));
}

void Store::append_event(EventRecord e, std::optional<domain::MeetingStatus> new_status,
                         DoneVoid done) {
  impl_->writer->submit([e = std::move(e), new_status](Db& db) { return append(db, e, new_status); },
                        std::move(done));
}

void Store::append_event_with_review(EventRecord e, ReviewWrite review, DoneVoid done) {
  impl_->writer->submit(
      [e = std::move(e), review = std::move(review)](Db& db) {
        if (Status st = append(db, e, std::nullopt); !st) return st;
        write_review(db, review);
        return Status::ok();
      },
      std::move(done));
}

}  // namespace chibo::store


