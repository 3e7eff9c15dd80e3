// Errors the op handlers raise and the dispatcher answers (service.cpp).
#pragma once

#include <boost/json/object.hpp>

#include "protocol/errors.hpp"
#include "store/status.hpp"

namespace chibo::service {

// Thrown by access checks and lookups: answered with `code`, nothing changed.
struct Denied {
  protocol::ErrorCode code;
};

// The wire error for a failed store write.
inline protocol::ErrorCode error_of(const store::Status& st) {
  using C = store::Status::Code;
  switch (st.code()) {
    case C::ok: return protocol::ErrorCode::internal;  // not an error; callers check first
    case C::not_found: return protocol::ErrorCode::not_found;
    case C::conflict: return protocol::ErrorCode::conflict;
    case C::invalid: return protocol::ErrorCode::invalid_args;
    case C::storage_unavailable: return protocol::ErrorCode::storage_unavailable;
    case C::internal: return protocol::ErrorCode::internal;
  }
  return protocol::ErrorCode::internal;
}

}  // namespace chibo::service
