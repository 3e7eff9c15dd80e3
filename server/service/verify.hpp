// `chibo verify` (PROTOCOL.md "The record"): checks that an exported record,
// DOCX or PDF is what the server signed, offline with the public key, and
// with the database that the meeting's hash chain holds what it was bound to.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace chibo::service {

struct VerifyReport {
  bool ok = true;
  std::vector<std::string> lines;  // "ok   …", "FAIL …", "note …", one per check, in order
};

// `trusted_key`: the signer's raw public key (base64) the caller trusts, or
// nullopt to take the record's own (then only integrity is shown, not who
// signed). `db`: the database to check the chain against, or null.
VerifyReport verify_file(std::string_view bytes, const std::optional<std::string>& trusted_key, store::Store* db);

}  // namespace chibo::service
