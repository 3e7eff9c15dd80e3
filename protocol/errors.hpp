// The closed list of error codes (PROTOCOL.md "Error codes"), with their
// Vietnamese and English default messages.
#pragma once

#include <optional>
#include <string_view>

namespace chibo::protocol {

enum class ErrorCode {
  bad_json,
  bad_request,
  unknown_op,
  invalid_args,
  hello_required,
  already_authenticated,
  unsupported_version,
  auth_failed,
  token_expired,
  throttled,
  forbidden,
  not_found,
  conflict,
  invalid_csv,
  meeting_not_open,
  meeting_closed,
  not_eligible,
  vote_closed,
  minutes_locked,
  storage_unavailable,
  internal,
};

std::string_view to_string(ErrorCode);                  // the wire spelling
std::optional<ErrorCode> error_code_from(std::string_view);
std::string_view message_vi(ErrorCode);                 // default user message
std::string_view message_en(ErrorCode);

}  // namespace chibo::protocol
