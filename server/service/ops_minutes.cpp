// The minutes, observers' reports, the resolution book and exports
// (PROTOCOL.md "Minutes, resolution book and observer reports"). Changes go
// through the meeting actor as commands (meeting/decide_minutes.cpp); reads
// are answered from the actor's committed state, on its strand.
#include <boost/json/array.hpp>

#include <algorithm>

#include "meeting/clock.hpp"
#include "meeting/minutes.hpp"
#include "protocol/args.hpp"
#include "service/access.hpp"
#include "service/errors.hpp"
#include "service/minutes_files.hpp"
#include "service/service.hpp"

namespace chibo::service {
namespace json = boost::json;
using protocol::Args;
using protocol::ArgError;
using protocol::ErrorCode;
namespace cmd = meeting::cmd;

namespace {

std::string text_arg(Args& a, std::string_view key, std::size_t max) {
  auto t = a.opt_string(key, max);  // may be "" (a section emptied)
  if (!t) throw ArgError(std::string(key), "required");
  return std::move(*t);
}

std::shared_ptr<meeting::MeetingActor> actor_or_throw(Service& svc, domain::Id id) {
  auto actor = svc.registry().find(id);
  if (!actor) throw Denied{ErrorCode::not_found};
  return actor;
}

void save(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  cmd::MinutesSave m;
  m.section = a.string("section", 40);
  m.text = text_arg(a, "text", protocol::kMaxMinutesSectionChars);
  m.base = a.integer("base", 0, std::int64_t{1} << 40);
  a.finish();
  run_command(svc, call, id, std::move(m));
}

template <class C>
void simple(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  a.finish();
  run_command(svc, call, id, C{});
}

void addendum(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  cmd::MinutesAddendum m{a.string("text", protocol::kMaxAddendumChars)};
  a.finish();
  run_command(svc, call, id, std::move(m));
}

void report(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  cmd::ObserverReportFile r;
  r.attendance = text_arg(a, "attendance", protocol::kMaxReportFieldChars);
  r.order_ok = a.opt_bool("order_ok", true);
  r.content_ok = a.opt_bool("content_ok", true);
  r.remarks = a.opt_string("remarks", protocol::kMaxReportFieldChars).value_or("");
  r.proposals = a.opt_string("proposals", protocol::kMaxReportFieldChars).value_or("");
  a.finish();
  run_command(svc, call, id, std::move(r));
}

std::string_view status_of(const meeting::Minutes& m) {
  if (m.lock) return "locked";
  if (m.approval_vote) return "approval";
  return m.presented ? "presented" : "drafting";
}

json::value ms_or_null(std::int64_t ms) { return ms ? json::value(ms) : json::value(nullptr); }

json::object minutes_json(const meeting::MeetingState& s, const meeting::DocumentContext& ctx,
                          const auth::SigningKey* key) {
  const meeting::Minutes& m = s.minutes;
  json::array sections;
  for (const auto& info : meeting::minutes_sections(s)) {
    meeting::MinutesSection sec;
    if (auto it = m.sections.find(info.id); it != m.sections.end()) sec = it->second;
    json::array facts;
    for (const auto& f : info.facts) facts.push_back(json::string(f));
    sections.push_back(json::object{{"id", info.id},
                                    {"title", info.title},
                                    {"text", sec.text},
                                    {"version", sec.version},
                                    {"by", sec.by},
                                    {"saved", ms_or_null(sec.saved_ms)},
                                    {"facts", std::move(facts)}});
  }
  json::object o{{"status", status_of(m)},
                 {"presented", m.presented},
                 {"approval_vote", m.approval_vote ? json::value(*m.approval_vote) : json::value(nullptr)},
                 {"sections", std::move(sections)}};
  if (m.lock) {
    const json::object record = minutes_record(s);
    o["document"] = minutes::to_json(document_of_record(record));
    o["lock"] = json::object{{"content_sha256", m.lock->content_sha256},
                             {"chain", json::object{{"seq", m.lock->chain_seq}, {"hash", m.lock->chain_hash}}},
                             {"locked_ms", m.lock->locked_ms},
                             {"key_id", m.lock->key_id},
                             {"signature", m.lock->signature}};
  } else {
    minutes::Document draft = meeting::minutes_document(s, ctx);
    draft.footer = footer_of(nullptr);
    o["document"] = minutes::to_json(draft);
    o["lock"] = nullptr;
  }
  json::array addenda;
  for (const auto& a : m.addenda)
    addenda.push_back(json::object{{"text", a.text}, {"date_ms", a.date_ms}, {"by", a.by}});
  o["addenda"] = std::move(addenda);
  if (key) o["key"] = json::object{{"id", key->key_id()}, {"public_key", key->public_key()}};
  else o["key"] = nullptr;
  return o;
}

void get(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  a.finish();
  const domain::Meeting mt = meeting_joinable(svc.store(), *call.conn->principal, id);
  auto ctx = meeting::document_context(svc.store(), mt.cell_id);
  const auth::SigningKey* key = svc.options().signing_key;
  actor_or_throw(svc, id)->with_state([call, ctx = std::move(ctx), key](const meeting::MeetingState& s) {
    call.ok({{"minutes", minutes_json(s, ctx, key)}});
  });
}

json::object report_json(const meeting::ObserverReport& r) {
  return {{"participant", r.participant}, {"name", r.name},         {"title", r.title},
          {"attendance", r.attendance},   {"order_ok", r.order_ok}, {"content_ok", r.content_ok},
          {"remarks", r.remarks},         {"proposals", r.proposals}, {"filed", r.filed_ms}};
}

void report_get(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  a.finish();
  meeting_joinable(svc.store(), *call.conn->principal, id);
  const std::string me = call.conn->principal->participant;
  actor_or_throw(svc, id)->with_state([call, me](const meeting::MeetingState& s) {
    json::object prefill{{"attendance", meeting::attendance_sentence(s)},
                         {"order_ok", meeting::follows_order(s)},
                         {"content_ok", meeting::follows_order(s)},
                         {"remarks", ""},
                         {"proposals", ""}};
    auto it = s.observer_reports.find(me);
    call.ok({{"report", it == s.observer_reports.end() ? json::value(nullptr) : json::value(report_json(it->second))},
             {"prefill", std::move(prefill)}});
  });
}

// The resolutions of the cell adopted in `year` (by the day of the vote, in
// Vietnam), folded from the logs of its meetings, in the order they were held.
std::vector<meeting::Resolution> resolutions(Service& svc, domain::Id cell, int year) {
  std::vector<meeting::Resolution> out;
  const std::string prefix = std::to_string(year) + "-";
  for (const auto& m : svc.store().meetings_of(cell)) {
    if (m.status == domain::MeetingStatus::scheduled) continue;  // nothing voted yet
    meeting::MeetingState s = meeting::empty_state();
    for (const auto& e : svc.store().events(m.id)) meeting::apply(s, e);
    for (auto& r : meeting::resolutions_of(s))
      if (r.date.rfind(prefix, 0) == 0) out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const meeting::Resolution& x, const meeting::Resolution& y) { return x.date < y.date; });
  return out;
}

json::array resolutions_json(const std::vector<meeting::Resolution>& rs) {
  json::array out;
  for (const auto& r : rs)
    out.push_back(json::object{{"meeting", r.meeting}, {"title", r.meeting_title}, {"date", r.date},
                               {"subject", r.subject}, {"text", r.text},          {"for", r.for_},
                               {"against", r.against}, {"abstain", r.abstain},    {"denominator", r.denominator}});
  return out;
}

void resolutions_list(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto cell = a.id("cell");
  const int year = static_cast<int>(a.integer("year", 2000, 2100));
  a.finish();
  cell_readable(svc.store(), *call.conn->principal, cell);
  call.ok({{"resolutions", resolutions_json(resolutions(svc, cell, year))}});
}

void shelve(Service& svc, const Call& call, const minutes::Document& doc, FileFormat f, const json::object* record) {
  auto bytes = std::make_shared<const std::string>(render(doc, f, record));
  const std::string filename = (doc.file_stem.empty() ? std::string("chibo") : doc.file_stem) + "." +
                               std::string(extension(f));
  const std::int64_t size = static_cast<std::int64_t>(bytes->size());
  const std::string name = svc.exports().put({filename, std::string(mime_of(f)), std::move(bytes)}, meeting::now_ms());
  call.ok({{"url", "/export/" + name}, {"filename", filename}, {"mime", mime_of(f)}, {"size", size}});
}

void export_create(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const std::string what = a.string("what", 20);
  const auto format = file_format_from(a.string("format", 10));
  if (!format) throw ArgError("format", "unknown value");
  const auth::Principal& p = *call.conn->principal;
  if (what == "resolutions") {
    const auto cell = a.id("cell");
    const int year = static_cast<int>(a.integer("year", 2000, 2100));
    a.finish();
    if (*format == FileFormat::json) throw ArgError("format", "docx, pdf or html");
    cell_readable(svc.store(), p, cell);
    const auto doc = meeting::resolution_book_document(meeting::document_context(svc.store(), cell), year,
                                                       resolutions(svc, cell, year));
    return shelve(svc, call, doc, *format, nullptr);
  }
  if (what != "minutes" && what != "observer_report") throw ArgError("what", "unknown value");
  const auto id = a.id("meeting");
  a.finish();
  const domain::Meeting mt = meeting_joinable(svc.store(), p, id);
  bool manages = true;
  try {
    meeting_manageable(svc.store(), p, id);
  } catch (const Denied&) {
    manages = false;
  }
  auto ctx = meeting::document_context(svc.store(), mt.cell_id);
  const std::string me = p.participant;
  const FileFormat f = *format;
  actor_or_throw(svc, id)->with_state([&svc, call, ctx = std::move(ctx), me, manages, what, f](
                                          const meeting::MeetingState& s) {
    // Rendering a PDF takes milliseconds: done here, on the meeting's strand,
    // it waits for nothing and nothing waits long for it.
    try {
      if (what == "observer_report") {
        if (f == FileFormat::json) return call.fail(ErrorCode::invalid_args);
        auto it = s.observer_reports.find(me);
        if (it == s.observer_reports.end() && manages && !s.observer_reports.empty()) it = s.observer_reports.begin();
        if (it == s.observer_reports.end()) return call.fail(ErrorCode::not_found);
        return shelve(svc, call, meeting::observer_report_document(s, ctx, it->second), f, nullptr);
      }
      if (s.minutes.lock) {
        const json::object record = minutes_record(s);
        return shelve(svc, call, document_of_record(record), f, &record);
      }
      if (f == FileFormat::json) {
        json::object details{{"reason", "not_locked"}};
        return call.fail(ErrorCode::conflict, &details);
      }
      minutes::Document draft = meeting::minutes_document(s, ctx);
      draft.footer = footer_of(nullptr);
      shelve(svc, call, draft, f, nullptr);
    } catch (const std::exception&) {
      call.fail(ErrorCode::internal);
    }
  });
}

}  // namespace

void register_minutes_ops(std::map<std::string, Service::Handler, std::less<>>& ops) {
  ops["minutes.get"] = get;
  ops["minutes.save"] = save;
  ops["minutes.present"] = simple<cmd::MinutesPresent>;
  ops["minutes.approve"] = simple<cmd::MinutesApprove>;
  ops["minutes.addendum"] = addendum;
  ops["observer.report"] = report;
  ops["observer.report_get"] = report_get;
  ops["resolutions.list"] = resolutions_list;
  ops["export.create"] = export_create;
}

}  // namespace chibo::service
