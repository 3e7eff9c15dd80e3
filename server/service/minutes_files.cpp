#include "service/minutes_files.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

#include "domain/wording.hpp"
#include "minutes/render.hpp"

namespace chibo::service {
namespace json = boost::json;

std::optional<FileFormat> file_format_from(std::string_view s) {
  if (s == "docx") return FileFormat::docx;
  if (s == "pdf") return FileFormat::pdf;
  if (s == "html") return FileFormat::html;
  if (s == "json") return FileFormat::json;
  return std::nullopt;
}

std::string_view extension(FileFormat f) {
  switch (f) {
    case FileFormat::docx: return "docx";
    case FileFormat::pdf: return "pdf";
    case FileFormat::html: return "html";
    case FileFormat::json: return "json";
  }
  return "bin";
}

std::string_view mime_of(FileFormat f) {
  switch (f) {
    case FileFormat::docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case FileFormat::pdf: return "application/pdf";
    case FileFormat::html: return "text/html; charset=utf-8";
    case FileFormat::json: return "application/json";
  }
  return "application/octet-stream";
}

json::object minutes_record(const meeting::MeetingState& s) {
  const meeting::MinutesLock& l = *s.minutes.lock;
  json::array addenda;
  for (const auto& a : s.minutes.addenda)
    addenda.push_back(json::object{{"text", a.text},
                                   {"date_ms", a.date_ms},
                                   {"by", a.by},
                                   {"chain", json::object{{"seq", a.chain_seq}, {"hash", a.chain_hash}}},
                                   {"key_id", a.key_id},
                                   {"signature", a.signature}});
  return {{"chibo_record", 1},
          {"meeting", s.meeting.id},
          {"cell", s.meeting.cell_id},
          {"content", l.content},
          {"content_sha256", l.content_sha256},
          {"chain", json::object{{"seq", l.chain_seq}, {"hash", l.chain_hash}}},
          {"locked_ms", l.locked_ms},
          {"key_id", l.key_id},
          {"public_key", l.public_key},
          {"signature", l.signature},
          {"addenda", std::move(addenda)}};
}

std::string footer_of(const json::object* record) {
  if (!record) return "Dự thảo — chưa được chi bộ thông qua, chưa ký số.";
  const json::value* sha = record->if_contains("content_sha256");
  const json::value* key = record->if_contains("key_id");
  const std::string s = sha && sha->is_string() ? std::string(sha->as_string()) : "";
  const std::string k = key && key->is_string() ? std::string(key->as_string()) : "";
  return "Biên bản điện tử chibo — mã xác thực SHA-256: " + s + " — khóa ký: " + k + " — kiểm tra: chibo verify";
}

minutes::Document document_of_record(const json::object& record) {
  const json::value* c = record.if_contains("content");
  if (!c || !c->is_object()) throw std::invalid_argument("content: missing");
  minutes::Document doc = minutes::document_from_json(c->as_object());
  doc.footer = footer_of(&record);
  // Addenda follow the approved text, each dated (PROTOCOL.md minutes.addendum).
  if (const json::value* a = record.if_contains("addenda"); a && a->is_array() && !a->as_array().empty()) {
    doc.blocks.push_back({minutes::BlockKind::heading, "", "PHỤ LỤC BỔ SUNG"});
    for (const auto& v : a->as_array()) {
      if (!v.is_object()) throw std::invalid_argument("addenda: not an object");
      const json::object& o = v.as_object();
      const json::value* t = o.if_contains("text");
      const json::value* d = o.if_contains("date_ms");
      const json::value* by = o.if_contains("by");
      if (!t || !t->is_string() || !d || !d->is_int64()) throw std::invalid_argument("addenda: text, date_ms");
      const auto lt = domain::wording::local_time(d->as_int64());
      std::string lead = "Bổ sung " + domain::wording::date_words(lt) + " (" + domain::wording::time_words(lt);
      if (by && by->is_string() && !by->as_string().empty()) lead += ", đồng chí " + std::string(by->as_string());
      doc.blocks.push_back({minutes::BlockKind::para, lead + "): ", std::string(t->as_string())});
    }
  }
  return doc;
}

std::string render(const minutes::Document& doc, FileFormat f, const json::object* record) {
  const std::string rec = record ? json::serialize(*record) : std::string();
  switch (f) {
    case FileFormat::docx: return minutes::render_docx(doc, rec);
    case FileFormat::pdf: return minutes::render_pdf(doc, rec);
    case FileFormat::html: return minutes::render_html(doc);
    case FileFormat::json: return rec;
  }
  return {};
}

}  // namespace chibo::service
