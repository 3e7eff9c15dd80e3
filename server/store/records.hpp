// Rows the store persists beside the domain types. Plain structs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/types.hpp"

namespace chibo::store {

using domain::Id;

struct Account {
  Id id = 0;
  std::string username;       // unique, case-sensitive, ASCII login name
  std::string password_hash;  // auth::hash_password() encoding; never the password
  domain::AccountRole role = domain::AccountRole::secretary;
  Id unit_id = 0;                 // district_admin/observer: a party committee; secretary: a cell
  std::optional<Id> member_id;    // the member record of a secretary, when they are one
  std::string display_name;       // "Đ/c Trần Văn Bình"
  std::string title;              // "Phó Ban Tổ chức Huyện ủy" (observers)
};

// A bearer session after login. Only the SHA-256 of the token is stored.
struct Session {
  std::string token_hash;  // lowercase hex SHA-256 of the token
  Id account_id = 0;
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;
};

// A personal join link: one per (meeting, member) or per invited observer/guest.
// Only the SHA-256 of the link's token is stored; the token is shown once.
struct JoinLink {
  std::string token_hash;
  Id meeting_id = 0;
  std::optional<Id> member_id;  // set for a member of the cell
  std::string guest_name;       // set for an observer or guest (member_id empty)
  std::string guest_title;
  bool observer = false;        // district observer (files a report) vs plain guest
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> revoked_ms;
};

// One entry of a meeting's append-only log. `seq` starts at 1 and has no gaps.
// hash = chain_hash(prev_hash, this) (see hash_chain.hpp); both lowercase hex.
struct EventRecord {
  Id meeting_id = 0;
  std::int64_t seq = 0;
  std::string type;   // "meeting.created", "meeting.opened", ...
  std::string actor;  // "account:3", "member:17", "guest:<hash8>", "system"
  std::int64_t ts_ms = 0;  // server wall clock, ms since epoch
  std::string data;   // JSON object text, opaque to the store
  std::string prev_hash;
  std::string hash;
};

// A member's self-review for an annual review (issue 4). The text and the
// file are stored beside the log (too large for events); the
// review.submitted event that announces each change carries their sizes and
// the file's SHA-256, so the log still pins down what was submitted.
struct Review {
  Id meeting_id = 0;
  Id member_id = 0;
  std::string self_rating;  // a domain::Rating spelling, or "" before one is given
  std::string text;
  std::string file_name, file_mime, file_sha256;  // empty when no file
  std::int64_t file_size = 0;
  std::int64_t updated_ms = 0;
};

// What one submission changes; unset parts are kept as they were.
struct ReviewWrite {
  Id meeting_id = 0;
  Id member_id = 0;
  std::optional<std::string> self_rating;
  std::optional<std::string> text;
  struct File {
    std::string name, mime, sha256, bytes;
  };
  std::optional<File> file;
  std::int64_t updated_ms = 0;
};

}  // namespace chibo::store
