// The demo cell that `make demo` starts with (issue 2, "What a user can do" 1).
#pragma once

#include <string>

#include "store/store.hpp"

namespace chibo::service {

inline constexpr const char* kDemoPassword = "chibo-demo";

// When the database has no unit yet, creates the demo đảng bộ, its chi bộ of
// 12 members, the accounts bithu / danguy / quansat (password kDemoPassword)
// and one scheduled meeting. Returns true when it seeded.
bool seed_demo_if_empty(store::Store& st);

// The demo logins, as `chibo serve --demo` prints them.
std::string demo_logins();

}  // namespace chibo::service
