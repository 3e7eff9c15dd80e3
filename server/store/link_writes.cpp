// Writes of sessions and join links. Only token hashes reach the store.
#include <string>
#include <utility>

#include "store/store_impl.hpp"

namespace chibo::store {

// A put in the key-value sense: a second put of the same token hash replaces
// the row (e.g. to extend expires_ms).
void Store::put_session(Session s, DoneVoid done) {
  impl_->writer->submit(
      [s = std::move(s)](Db& db) {
        Stmt st(db,
                "INSERT INTO sessions (token_hash, account_id, created_ms, expires_ms)"
                " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (token_hash) DO UPDATE SET"
                " account_id = excluded.account_id, created_ms = excluded.created_ms,"
                " expires_ms = excluded.expires_ms");
        st.bind(s.token_hash, s.account_id, s.created_ms, s.expires_ms).run();
        return Status::ok();
      },
      std::move(done));
}

// Idempotent: deleting a session that is already gone is ok (a repeated logout).
void Store::delete_session(std::string token_hash, DoneVoid done) {
  impl_->writer->submit(
      [h = std::move(token_hash)](Db& db) {
        Stmt(db, "DELETE FROM sessions WHERE token_hash = ?1").bind(h).run();
        return Status::ok();
      },
      std::move(done));
}

// Insert only: a token hash that exists already is a conflict, so a revoked
// link can never be brought back by a put.
void Store::put_join_link(JoinLink l, DoneVoid done) {
  impl_->writer->submit(
      [l = std::move(l)](Db& db) {
        Stmt st(db,
                "INSERT INTO join_links (token_hash, meeting_id, member_id, guest_name,"
                " guest_title, observer, created_ms, revoked_ms)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        st.bind(l.token_hash, l.meeting_id, l.member_id, l.guest_name, l.guest_title, l.observer,
                l.created_ms, l.revoked_ms);
        st.run();
        return Status::ok();
      },
      std::move(done));
}

// Ok also when the member has no live link (nothing to revoke).
void Store::revoke_member_links(Id meeting_id, Id member_id, std::int64_t now_ms,
                                DoneVoid done) {
  impl_->writer->submit(
      [meeting_id, member_id, now_ms](Db& db) {
        Stmt(db,
             "UPDATE join_links SET revoked_ms = ?3"
             " WHERE meeting_id = ?1 AND member_id = ?2 AND revoked_ms IS NULL")
            .bind(meeting_id, member_id, now_ms)
            .run();
        return Status::ok();
      },
      std::move(done));
}

// not_found for an unknown token; revoking twice keeps the first time.
void Store::revoke_link(std::string token_hash, std::int64_t now_ms, DoneVoid done) {
  impl_->writer->submit(
      [h = std::move(token_hash), now_ms](Db& db) {
        Stmt st(db,
                "UPDATE join_links SET revoked_ms = coalesce(revoked_ms, ?2)"
                " WHERE token_hash = ?1");
        st.bind(h, now_ms).run();
        if (st.changes() == 0) return Status::not_found("store: no such join link");
        return Status::ok();
      },
      std::move(done));
}

}  // namespace chibo::store
