// Reads of sessions and join links, by token hash.
#include <string>

#include "store/rows.hpp"
#include "store/store_impl.hpp"

namespace chibo::store {

std::optional<Session> Store::session_by_hash(const std::string& token_hash) {
  // Expiry is the caller's rule: an expired session is still returned.
  static const std::string sql =
      std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = ?1";
  return read_one(*impl_->readers, sql, session_row, token_hash);
}

std::optional<JoinLink> Store::join_link_by_hash(const std::string& token_hash) {
  static const std::string sql =
      std::string("SELECT ") + kJoinLinkColumns + " FROM join_links WHERE token_hash = ?1";
  return read_one(*impl_->readers, sql, join_link_row, token_hash);
}

std::vector<JoinLink> Store::join_links_of(Id meeting_id) {
  // Oldest first, so a member's current link is the last of theirs.
  static const std::string sql = std::string("SELECT ") + kJoinLinkColumns +
                                 " FROM join_links WHERE meeting_id = ?1"
                                 " ORDER BY created_ms, token_hash";
  return read_all(*impl_->readers, sql, join_link_row, meeting_id);
}

}  // namespace chibo::store
