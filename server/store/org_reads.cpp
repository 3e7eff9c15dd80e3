// Reads of the organisation: units, members, accounts.
#include <string>

#include "store/rows.hpp"
#include "store/store_impl.hpp"

namespace chibo::store {

std::optional<domain::Unit> Store::unit(Id id) {
  static const std::string sql = std::string("SELECT ") + kUnitColumns + " FROM units WHERE id = ?1";
  return read_one(*impl_->readers, sql, unit_row, id);
}

std::vector<domain::Unit> Store::units() {
  static const std::string sql = std::string("SELECT ") + kUnitColumns + " FROM units ORDER BY id";
  return read_all(*impl_->readers, sql, unit_row);
}

std::optional<domain::Member> Store::member(Id id) {
  // A removed member is gone for the living roster; old minutes keep the name
  // they were written with.
  static const std::string sql = std::string("SELECT ") + kMemberColumns +
                                 " FROM members WHERE id = ?1 AND removed_at IS NULL";
  return read_one(*impl_->readers, sql, member_row, id);
}

std::uint64_t Store::roster_version() const { return impl_->roster_version.load(); }

std::vector<domain::Member> Store::members_of(Id cell_id) {
  // The cấp ủy first (secretary, deputy, committee members), then everyone
  // else, as a roster is read out. Names compare as UTF-8 bytes (BINARY):
  // stable and deterministic; a true Vietnamese collation would need ICU, and
  // display order is the client's business. id breaks ties between namesakes.
  static const std::string sql =
      std::string("SELECT ") + kMemberColumns +
      " FROM members WHERE cell_id = ?1 AND removed_at IS NULL"
      " ORDER BY CASE committee_role WHEN 'secretary' THEN 0 WHEN 'deputy' THEN 1"
      " WHEN 'committee_member' THEN 2 ELSE 3 END, full_name, id";
  return read_all(*impl_->readers, sql, member_row, cell_id);
}

std::optional<Account> Store::account_by_username(const std::string& username) {
  static const std::string sql =
      std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE username = ?1";
  return read_one(*impl_->readers, sql, account_row, username);
}

std::optional<Account> Store::account_by_id(Id id) {
  static const std::string sql = std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = ?1";
  return read_one(*impl_->readers, sql, account_row, id);
}

}  // namespace chibo::store
