// Reads of meetings and their event logs.
#include <string>

#include "store/rows.hpp"
#include "store/store_impl.hpp"

namespace chibo::store {

std::optional<domain::Meeting> Store::meeting(Id id) {
  static const std::string sql =
      std::string("SELECT ") + kMeetingColumns + " FROM meetings WHERE id = ?1";
  return read_one(*impl_->readers, sql, meeting_row, id);
}

std::vector<domain::Meeting> Store::meetings_of(Id cell_id) {
  // starts_at is "YYYY-MM-DDTHH:MM", so text order is time order.
  static const std::string sql = std::string("SELECT ") + kMeetingColumns +
                                 " FROM meetings WHERE cell_id = ?1"
                                 " ORDER BY starts_at DESC, id DESC";
  return read_all(*impl_->readers, sql, meeting_row, cell_id);
}

std::vector<Id> Store::meeting_ids() {
  return read_all(*impl_->readers, "SELECT id FROM meetings ORDER BY id",
                  [](const Stmt& st) -> Id { return st.int64(0); });
}

std::vector<EventRecord> Store::events(Id meeting_id, std::int64_t after_seq) {
  static const std::string sql = std::string("SELECT ") + kEventColumns +
                                 " FROM events WHERE meeting_id = ?1 AND seq > ?2 ORDER BY seq";
  return read_all(*impl_->readers, sql, event_row, meeting_id, after_seq);
}

}  // namespace chibo::store
