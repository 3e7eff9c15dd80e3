#include "service/access.hpp"

#include "service/errors.hpp"

namespace chibo::service {
using protocol::ErrorCode;
using domain::AccountRole;

bool is_within(store::Store& s, domain::Id unit, domain::Id ancestor) {
  // Units form a shallow tree (district > commune > cell); the walk is bounded
  // to stop a corrupt cycle from looping.
  std::optional<domain::Id> cur = unit;
  for (int depth = 0; cur && depth < 16; ++depth) {
    if (*cur == ancestor) return true;
    auto u = s.unit(*cur);
    if (!u) return false;
    cur = u->parent_id;
  }
  return false;
}

namespace {

domain::Unit cell_or_not_found(store::Store& s, domain::Id cell) {
  auto u = s.unit(cell);
  if (!u || u->kind != domain::UnitKind::cell) throw Denied{ErrorCode::not_found};
  return *u;
}

bool is_account(const auth::Principal& p, AccountRole r) {
  return p.kind == auth::Principal::Kind::account && p.account_role == r;
}

}  // namespace

domain::Unit cell_readable(store::Store& s, const auth::Principal& p, domain::Id cell) {
  if (p.kind != auth::Principal::Kind::account) throw Denied{ErrorCode::forbidden};
  auto u = cell_or_not_found(s, cell);
  if (is_account(p, AccountRole::secretary)) {
    if (p.cell_id != cell) throw Denied{ErrorCode::forbidden};
  } else if (!is_within(s, cell, p.unit_id)) {
    throw Denied{ErrorCode::forbidden};
  }
  return u;
}

domain::Unit cell_manageable(store::Store& s, const auth::Principal& p, domain::Id cell) {
  auto u = cell_readable(s, p, cell);
  if (is_account(p, AccountRole::observer)) throw Denied{ErrorCode::forbidden};
  return u;
}

domain::Meeting meeting_joinable(store::Store& s, const auth::Principal& p, domain::Id id) {
  auto m = s.meeting(id);
  if (!m) throw Denied{ErrorCode::not_found};
  if (p.kind != auth::Principal::Kind::account) {
    if (p.meeting_id != id) throw Denied{ErrorCode::forbidden};
    return *m;
  }
  cell_readable(s, p, m->cell_id);
  return *m;
}

domain::Meeting meeting_manageable(store::Store& s, const auth::Principal& p, domain::Id id) {
  auto m = s.meeting(id);
  if (!m) throw Denied{ErrorCode::not_found};
  cell_manageable(s, p, m->cell_id);
  return *m;
}

}  // namespace chibo::service
