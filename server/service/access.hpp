// Who may do what (PROTOCOL.md "Who may do what"). Each check throws Denied
// (forbidden or not_found) or returns what it looked up.
#pragma once

#include "auth/principal.hpp"
#include "domain/types.hpp"
#include "store/store.hpp"

namespace chibo::service {

// True when `unit` is `ancestor` or lies under it.
bool is_within(store::Store& s, domain::Id unit, domain::Id ancestor);

// A cell the caller may read (roster, meetings): its district or its secretary.
domain::Unit cell_readable(store::Store& s, const auth::Principal& p, domain::Id cell);
// A cell the caller may change (roster, meetings, links): district admin or secretary.
domain::Unit cell_manageable(store::Store& s, const auth::Principal& p, domain::Id cell);
// A meeting the caller may join.
domain::Meeting meeting_joinable(store::Store& s, const auth::Principal& p, domain::Id meeting);
// A meeting the caller may chair or prepare (open, close, notices, links).
domain::Meeting meeting_manageable(store::Store& s, const auth::Principal& p, domain::Id meeting);

}  // namespace chibo::service
