// Self-reviews for annual reviews (PROTOCOL.md review.*; issue 4): text and
// self-rating in one frame, a PDF/DOCX file in chunks over the same socket
// (frames are limited to 64 KiB), stored with the review.submitted event.
#include <boost/json/array.hpp>

#include "auth/base64.hpp"
#include "protocol/args.hpp"
#include "service/access.hpp"
#include "service/errors.hpp"
#include "service/service.hpp"
#include "store/hash_chain.hpp"

namespace chibo::service {
namespace json = boost::json;
using protocol::Args;
using protocol::ArgError;
using protocol::ErrorCode;
namespace cmd = meeting::cmd;

namespace {

constexpr std::size_t kChunkBytes = 36 * 1024;  // bytes per review.file chunk: 48 KiB of base64
constexpr std::string_view kPdf = "application/pdf";
constexpr std::string_view kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// The member a review is about: the caller by default; must be on the cell's
// roster (before the meeting opens there is no roll yet).
domain::Member review_member(Service& svc, const Call& call, Args& a, domain::Id meeting_id) {
  const auth::Principal& p = *call.conn->principal;
  const domain::Meeting m = meeting_joinable(svc.store(), p, meeting_id);
  const auto id = a.opt_id("member");
  if (!id && !p.member_id) throw ArgError("member", "required");
  auto member = svc.store().member(id.value_or(p.member_id.value_or(0)));
  if (!member || member->cell_id != m.cell_id) throw Denied{ErrorCode::not_found};
  return *member;
}

void submit(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  const domain::Member member = review_member(svc, call, a, id);
  cmd::ReviewSubmit r;
  r.member = member.id;
  r.member_name = member.full_name;
  if (auto rating = a.opt_string("self_rating", 20)) {
    if (!domain::rating_from(*rating)) throw ArgError("self_rating", "unknown value");
    r.self_rating = *rating;
  }
  r.text = a.opt_string("text", protocol::kMaxReviewTextChars);
  a.finish();
  if (!r.self_rating && !r.text) throw ArgError("text", "required (or self_rating)");
  run_command(svc, call, id, std::move(r));
}

void upload(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  const domain::Member member = review_member(svc, call, a, id);
  const std::string name = a.string("name", protocol::kMaxNameChars);
  const std::string mime = a.string("mime", 100);
  const auto size = a.integer("size", 1, static_cast<std::int64_t>(svc.options().max_upload_bytes));
  const auto offset = a.integer("offset", 0, static_cast<std::int64_t>(svc.options().max_upload_bytes));
  const std::string data = a.string("data", protocol::kMaxUploadChunkChars);
  a.finish();
  if (mime != kPdf && mime != kDocx) throw ArgError("mime", "PDF or DOCX only");
  auto bytes = auth::base64_decode(data);
  if (!bytes || bytes->empty()) throw ArgError("data", "not base64");

  auto& up = call.conn->upload;
  if (offset == 0) {
    up = Connection::Upload{id, member.id, name, mime, static_cast<std::size_t>(size), {}};
  } else if (!up || up->meeting != id || up->member != member.id || up->name != name ||
             up->size != static_cast<std::size_t>(size) || up->bytes.size() != static_cast<std::size_t>(offset)) {
    json::object details{{"reason", "offset"}, {"received", static_cast<std::int64_t>(up ? up->bytes.size() : 0)}};
    return call.fail(ErrorCode::conflict, &details);
  }
  up->bytes.append(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  if (up->bytes.size() > up->size) {
    up.reset();
    throw ArgError("data", "more bytes than size");
  }
  if (up->bytes.size() < up->size) return call.ok({{"received", static_cast<std::int64_t>(up->bytes.size())}});

  // Complete: the file must start like its type (a PDF header, or a ZIP for DOCX).
  const std::string_view magic = up->mime == kPdf ? "%PDF-" : "PK\x03\x04";
  if (up->bytes.compare(0, magic.size(), magic) != 0) {
    up.reset();
    throw ArgError("data", "not a " + std::string(mime == kPdf ? "PDF" : "DOCX") + " file");
  }
  auto file = std::make_shared<store::ReviewWrite::File>();
  file->name = up->name;
  file->mime = up->mime;
  file->sha256 = store::sha256_hex(up->bytes);
  file->bytes = std::move(up->bytes);
  up.reset();
  cmd::ReviewSubmit r;
  r.member = member.id;
  r.member_name = member.full_name;
  r.file = std::move(file);
  run_command(svc, call, id, std::move(r));
}

json::object file_json(const store::Review& r) {
  return {{"name", r.file_name}, {"mime", r.file_mime}, {"size", r.file_size}, {"sha256", r.file_sha256}};
}

void get(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  const auto member = a.id("member");
  a.finish();
  meeting_joinable(svc.store(), *call.conn->principal, id);
  auto r = svc.store().review(id, member);
  if (!r) throw Denied{ErrorCode::not_found};
  call.ok({{"review",
            {{"member", r->member_id},
             {"self_rating", r->self_rating},
             {"text", r->text},
             {"file", r->file_size ? json::value(file_json(*r)) : json::value(nullptr)},
             {"updated", r->updated_ms}}}});
}

void file(Service& svc, const Call& call, protocol::Request& req) {
  Args a(req.args);
  const auto id = a.id("meeting");
  const auto member = a.id("member");
  const auto offset = a.opt_integer("offset", 0, protocol::kMaxRequestId).value_or(0);
  a.finish();
  meeting_joinable(svc.store(), *call.conn->principal, id);
  auto r = svc.store().review(id, member);
  if (!r || !r->file_size) throw Denied{ErrorCode::not_found};
  const std::string chunk = svc.store().review_file(id, member, offset, kChunkBytes);
  json::object out = file_json(*r);
  out["offset"] = offset;
  out["data"] = auth::base64_encode(reinterpret_cast<const unsigned char*>(chunk.data()), chunk.size());
  call.ok(out);
}

}  // namespace

void register_review_ops(std::map<std::string, Service::Handler, std::less<>>& ops) {
  ops["review.submit"] = submit;
  ops["review.upload"] = upload;
  ops["review.get"] = get;
  ops["review.file"] = file;
}

}  // namespace chibo::service
