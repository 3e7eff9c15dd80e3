// org.units and roster.* (PROTOCOL.md "Ops").
#include <boost/json/array.hpp>

#include <ctime>

#include "domain/roster_csv.hpp"
#include "protocol/args.hpp"
#include "protocol/codec.hpp"
#include "service/access.hpp"
#include "service/errors.hpp"
#include "service/service.hpp"

namespace chibo::service {
namespace json = boost::json;
using protocol::Args;
using protocol::ErrorCode;

namespace {

json::array members_json(const std::vector<domain::Member>& ms) {
  json::array a;
  for (const auto& m : ms) a.push_back(protocol::to_json(m));
  return a;
}

// Today in the server's local time zone: the bound for roster dates.
domain::Date today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

void units(Service& svc, const Call& call, protocol::Request& req) {
  Args(req.args).finish();
  const auth::Principal& p = *call.conn->principal;
  if (p.kind != auth::Principal::Kind::account) throw Denied{ErrorCode::forbidden};
  json::array out;
  for (const auto& u : svc.store().units()) {
    const bool visible = p.account_role == domain::AccountRole::secretary ? u.id == p.cell_id
                                                                           : is_within(svc.store(), u.id, p.unit_id);
    if (visible) out.push_back(protocol::to_json(u));
  }
  call.ok({{"units", std::move(out)}});
}

void list(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto cell = a.id("cell");
  a.finish();
  cell_readable(svc.store(), *call.conn->principal, cell);
  call.ok({{"members", members_json(svc.store().members_of(cell))}});
}

void add(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto cell = a.id("cell");
  domain::Member m = protocol::member_from_json(a.object("member"), false, "member");
  a.finish();
  if (m.cell_id != 0 && m.cell_id != cell) throw protocol::ArgError("member.cell", "must equal cell");
  cell_manageable(svc.store(), *call.conn->principal, cell);
  m.cell_id = cell;
  svc.store().add_member(m, [call, m](store::Status st, domain::Id id) mutable {
    if (!st) return call.fail(error_of(st));
    m.id = id;
    call.ok({{"member", protocol::to_json(m)}});
  });
}

void update(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  domain::Member m = protocol::member_from_json(a.object("member"), true, "member");
  a.finish();
  auto old = svc.store().member(m.id);
  if (!old) throw Denied{ErrorCode::not_found};
  cell_manageable(svc.store(), *call.conn->principal, old->cell_id);
  if (m.cell_id != 0 && m.cell_id != old->cell_id) throw protocol::ArgError("member.cell", "cannot move a member");
  m.cell_id = old->cell_id;
  svc.store().update_member(m, [call, m](store::Status st) {
    if (!st) return call.fail(error_of(st));
    call.ok({{"member", protocol::to_json(m)}});
  });
}

void remove(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("id");
  a.finish();
  auto old = svc.store().member(id);
  if (!old) throw Denied{ErrorCode::not_found};
  cell_manageable(svc.store(), *call.conn->principal, old->cell_id);
  svc.store().remove_member(id, [call](store::Status st) {
    if (!st) return call.fail(error_of(st));
    call.ok();
  });
}

void import(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto cell = a.id("cell");
  const std::string csv = a.string("csv", protocol::kMaxCsvBytes);
  a.finish();
  // PROTOCOL.md: 60 KiB of UTF-8, not 60 Ki characters (Vietnamese text is
  // ~1.3 bytes a character).
  if (csv.size() > protocol::kMaxCsvBytes) throw protocol::ArgError("csv", "too long");
  cell_manageable(svc.store(), *call.conn->principal, cell);
  auto parsed = domain::parse_roster_csv(csv, cell, today());
  if (!parsed.errors.empty()) {
    json::array errors;
    for (const auto& e : parsed.errors)
      errors.push_back({{"line", e.line},
                        {"column", e.column},
                        {"problem", domain::to_string(e.problem)},
                        {"detail", e.detail}});
    json::object details{{"errors", std::move(errors)}};
    return call.fail(ErrorCode::invalid_csv, &details);
  }
  auto members = parsed.members;
  svc.store().import_members(cell, std::move(parsed.members),
                             [call, members](store::Status st, std::vector<domain::Id> ids) mutable {
                               if (!st) return call.fail(error_of(st));
                               for (std::size_t i = 0; i < members.size() && i < ids.size(); ++i)
                                 members[i].id = ids[i];
                               call.ok({{"imported", members.size()}, {"members", members_json(members)}});
                             });
}

void export_csv(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto cell = a.id("cell");
  a.finish();
  cell_manageable(svc.store(), *call.conn->principal, cell);
  call.ok({{"csv", domain::roster_to_csv(svc.store().members_of(cell))},
           {"filename", "chi-bo-" + std::to_string(cell) + "-danh-sach.csv"}});
}

}  // namespace

void register_roster_ops(std::map<std::string, Service::Handler, std::less<>>& ops) {
  ops["org.units"] = units;
  ops["roster.list"] = list;
  ops["roster.add"] = add;
  ops["roster.update"] = update;
  ops["roster.remove"] = remove;
  ops["roster.import"] = import;
  ops["roster.export"] = export_csv;
}

}  // namespace chibo::service
