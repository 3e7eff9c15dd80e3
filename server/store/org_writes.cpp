// Writes of the organisation: units, accounts, members.
#include <string>
#include <utility>

#include "store/rows.hpp"
#include "store/store_impl.hpp"

namespace chibo::store {
namespace {

Id last_id(Db& db) { return sqlite3_last_insert_rowid(db.raw()); }

// A roster write's completion: bumps the roster version before telling the
// caller, so a read after the reply never keeps a stale cached roster.
template <class Done>
Done bumping(std::atomic<std::uint64_t>& version, Done done) {
  return [&version, done = std::move(done)](auto... a) {
    version.fetch_add(1);
    done(std::move(a)...);
  };
}

// True when `unit_id` names a unit of kind cell: members hang off cells only.
bool is_cell(Db& db, Id unit_id) {
  Stmt st(db, "SELECT kind FROM units WHERE id = ?1");
  st.bind(unit_id);
  return st.step() && st.text(0) == domain::to_string(domain::UnitKind::cell);
}

// Checks what the schema cannot: the cell is a cell unit, dates are real dates.
Status check_member(Db& db, const domain::Member& m) {
  if (!is_cell(db, m.cell_id))
    return Status::invalid("store: unit " + std::to_string(m.cell_id) + " is not a cell");
  if (!date_ok(m.birth_date) || !date_ok(m.admitted_on))
    return Status::invalid("store: member has an impossible date");
  return Status::ok();
}

// Inserts one member row (m.id ignored) and sets `id`.
Status insert_member(Db& db, const domain::Member& m, Id& id) {
  if (Status st = check_member(db, m); !st) return st;
  Stmt st(db,
          "INSERT INTO members (cell_id, full_name, kind, status, committee_role, birth_date,"
          " admitted_on, phone, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  st.bind(m.cell_id, m.full_name, domain::to_string(m.kind), domain::to_string(m.status),
          domain::to_string(m.committee_role), date_text(m.birth_date), date_text(m.admitted_on),
          m.phone, m.note);
  st.run();
  id = last_id(db);
  return Status::ok();
}

}  // namespace

void Store::add_unit(domain::Unit u, Done<Id> done) {
  submit_with_result<Id>(
      *impl_->writer,
      [u = std::move(u)](Db& db, Id& id) {
        Stmt st(db, "INSERT INTO units (parent_id, kind, name, place) VALUES (?1, ?2, ?3, ?4)");
        st.bind(u.parent_id, domain::to_string(u.kind), u.name, u.place);
        st.run();
        id = last_id(db);
        return Status::ok();
      },
      std::move(done));
}

void Store::add_account(Account a, Done<Id> done) {
  submit_with_result<Id>(
      *impl_->writer,
      [a = std::move(a)](Db& db, Id& id) {
        Stmt st(db,
                "INSERT INTO accounts (username, password_hash, role, unit_id, member_id,"
                " display_name, title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        st.bind(a.username, a.password_hash, domain::to_string(a.role), a.unit_id, a.member_id,
                a.display_name, a.title);
        st.run();  // UNIQUE(username) -> conflict, via status_of()
        id = last_id(db);
        return Status::ok();
      },
      std::move(done));
}

void Store::set_password(Id account_id, std::string password_hash, DoneVoid done) {
  impl_->writer->submit(
      [account_id, hash = std::move(password_hash)](Db& db) {
        Stmt st(db, "UPDATE accounts SET password_hash = ?2 WHERE id = ?1");
        st.bind(account_id, hash).run();
        if (st.changes() == 0) return Status::not_found("store: no account " + std::to_string(account_id));
        return Status::ok();
      },
      std::move(done));
}

void Store::add_member(domain::Member m, Done<Id> done) {
  submit_with_result<Id>(
      *impl_->writer, [m = std::move(m)](Db& db, Id& id) { return insert_member(db, m, id); },
      bumping(impl_->roster_version, std::move(done)));
}

void Store::update_member(domain::Member m, DoneVoid done) {
  impl_->writer->submit(
      [m = std::move(m)](Db& db) {
        {
          Stmt live(db, "SELECT 1 FROM members WHERE id = ?1 AND removed_at IS NULL");
          if (!live.bind(m.id).step())
            return Status::not_found("store: no member " + std::to_string(m.id));
        }
        if (Status st = check_member(db, m); !st) return st;
        Stmt st(db,
                "UPDATE members SET cell_id = ?2, full_name = ?3, kind = ?4, status = ?5,"
                " committee_role = ?6, birth_date = ?7, admitted_on = ?8, phone = ?9, note = ?10"
                " WHERE id = ?1");
        st.bind(m.id, m.cell_id, m.full_name, domain::to_string(m.kind), domain::to_string(m.status),
                domain::to_string(m.committee_role), date_text(m.birth_date),
                date_text(m.admitted_on), m.phone, m.note);
        st.run();
        return Status::ok();
      },
      bumping(impl_->roster_version, std::move(done)));
}

void Store::remove_member(Id member_id, DoneVoid done) {
  impl_->writer->submit(
      [member_id](Db& db) {
        // Soft delete: the row stays so minutes that name the member still resolve.
        Stmt st(db, "UPDATE members SET removed_at = ?2 WHERE id = ?1 AND removed_at IS NULL");
        st.bind(member_id, now_ms()).run();
        if (st.changes() == 0) return Status::not_found("store: no member " + std::to_string(member_id));
        return Status::ok();
      },
      bumping(impl_->roster_version, std::move(done)));
}

void Store::import_members(Id cell_id, std::vector<domain::Member> ms,
                           Done<std::vector<Id>> done) {
  // The whole import is one job, hence one savepoint: any failing row rolls
  // back every row before it.
  submit_with_result<std::vector<Id>>(
      *impl_->writer,
      [cell_id, ms = std::move(ms)](Db& db, std::vector<Id>& ids) {
        ids.clear();
        ids.reserve(ms.size());
        for (std::size_t i = 0; i < ms.size(); ++i) {
          domain::Member m = ms[i];
          std::string row = "import row " + std::to_string(i + 1) + ": ";
          // 0 means "the cell imported into"; anything else must agree with it.
          if (m.cell_id != 0 && m.cell_id != cell_id)
            return Status::invalid(row + "member belongs to unit " + std::to_string(m.cell_id));
          m.cell_id = cell_id;
          Id id = 0;
          try {
            // insert_member's own refusals are all `invalid`.
            if (Status st = insert_member(db, m, id); !st) return Status::invalid(row + st.message());
          } catch (const SqliteError& e) {
            throw SqliteError(e.code, row + e.what());
          }
          ids.push_back(id);
        }
        if (ms.empty() && !is_cell(db, cell_id))
          return Status::invalid("store: unit " + std::to_string(cell_id) + " is not a cell");
        return Status::ok();
      },
      bumping(impl_->roster_version, std::move(done)));
}

}  // namespace chibo::store
