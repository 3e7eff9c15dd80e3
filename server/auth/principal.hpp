// Who is on the other end of a connection, once `hello` succeeded.
#pragma once

#include <optional>
#include <string>

#include "domain/types.hpp"

namespace chibo::auth {

using domain::Id;

struct Principal {
  enum class Kind { account, member_link, guest_link };
  Kind kind = Kind::account;
  std::optional<domain::AccountRole> account_role;  // set for Kind::account
  Id account_id = 0;
  std::optional<Id> member_id;   // a member (by link, or a secretary's own record)
  Id unit_id = 0;                // account's unit; for links, the meeting's cell
  std::optional<Id> cell_id;     // secretary's cell, or a link's meeting's cell
  std::optional<Id> meeting_id;  // links only: the one meeting they open
  bool observer = false;         // a district observer (account role or observer link)
  std::string participant;       // "member:5", "account:3", "guest:<link id>"
  std::string name;
  std::string title;
  std::string credential_hash;   // session or link token hash (to revoke live connections)

  // The role string of PROTOCOL.md's `me.role`.
  std::string role() const {
    if (kind == Kind::member_link) return "member";
    if (kind == Kind::guest_link) return observer ? "observer" : "guest";
    return std::string(domain::to_string(*account_role));
  }
};

}  // namespace chibo::auth
