// Self-reviews (issue 4): written with the review.submitted event
// (Store::append_event_with_review), read back by review.get / review.file.
#include <string>

#include "store/store_impl.hpp"

namespace chibo::store {

void write_review(Db& db, const ReviewWrite& r) {
  {
    // The row exists from the first submission on; each part is replaced only
    // when this submission carries it.
    Stmt st(db,
            "INSERT INTO self_reviews (meeting_id, member_id, updated_ms) VALUES (?1, ?2, ?3)"
            " ON CONFLICT (meeting_id, member_id) DO UPDATE SET updated_ms = excluded.updated_ms");
    st.bind(r.meeting_id, r.member_id, r.updated_ms).run();
  }
  if (r.self_rating) {
    Stmt st(db, "UPDATE self_reviews SET self_rating = ?3 WHERE meeting_id = ?1 AND member_id = ?2");
    st.bind(r.meeting_id, r.member_id, *r.self_rating).run();
  }
  if (r.text) {
    Stmt st(db, "UPDATE self_reviews SET text = ?3 WHERE meeting_id = ?1 AND member_id = ?2");
    st.bind(r.meeting_id, r.member_id, *r.text).run();
  }
  if (r.file) {
    Stmt st(db,
            "UPDATE self_reviews SET file_name = ?3, file_mime = ?4, file_sha256 = ?5, file = ?6"
            " WHERE meeting_id = ?1 AND member_id = ?2");
    st.bind(r.meeting_id, r.member_id, r.file->name, r.file->mime, r.file->sha256, Blob{r.file->bytes}).run();
  }
}

std::optional<Review> Store::review(Id meeting_id, Id member_id) {
  static const std::string sql =
      "SELECT meeting_id, member_id, self_rating, text, file_name, file_mime, file_sha256,"
      " coalesce(length(file), 0), updated_ms FROM self_reviews WHERE meeting_id = ?1 AND member_id = ?2";
  return read_one(
      *impl_->readers, sql,
      [](const Stmt& st) {
        Review r;
        r.meeting_id = st.int64(0);
        r.member_id = st.int64(1);
        r.self_rating = st.text(2);
        r.text = st.text(3);
        r.file_name = st.text(4);
        r.file_mime = st.text(5);
        r.file_sha256 = st.text(6);
        r.file_size = st.int64(7);
        r.updated_ms = st.int64(8);
        return r;
      },
      meeting_id, member_id);
}

std::string Store::review_file(Id meeting_id, Id member_id, std::int64_t offset, std::int64_t len) {
  // substr() on a BLOB counts bytes, from 1.
  static const std::string sql =
      "SELECT substr(file, ?3, ?4) FROM self_reviews WHERE meeting_id = ?1 AND member_id = ?2 AND file IS NOT NULL";
  auto chunk = read_one(*impl_->readers, sql, [](const Stmt& st) { return st.blob(0); }, meeting_id, member_id,
                        offset + 1, len);
  return chunk.value_or(std::string());
}

}  // namespace chibo::store
