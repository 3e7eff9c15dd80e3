#include "protocol/envelope.hpp"

#include <cassert>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "protocol/limits.hpp"

namespace chibo::protocol {
namespace json = boost::json;

std::variant<Request, EnvelopeError> parse_request(std::string_view frame) {
  json::parse_options opt;
  opt.max_depth = kMaxJsonDepth;  // deeper documents fail to parse (PROTOCOL.md Limits)
  boost::system::error_code ec;
  json::value v = json::parse(frame, ec, {}, opt);
  if (ec) return EnvelopeError{ErrorCode::bad_json, std::nullopt, ec.message()};
  if (!v.is_object()) return EnvelopeError{ErrorCode::bad_json, std::nullopt, "not an object"};
  json::object& o = v.as_object();

  // Read the id first so every later error can be answered with `re`.
  std::optional<std::int64_t> id;
  if (const json::value* idv = o.if_contains("id")) {
    if (idv->is_int64() && idv->as_int64() >= 1 && idv->as_int64() <= kMaxRequestId)
      id = idv->as_int64();
    else if (idv->is_uint64() && idv->as_uint64() <= static_cast<std::uint64_t>(kMaxRequestId) &&
             idv->as_uint64() >= 1)
      id = static_cast<std::int64_t>(idv->as_uint64());
  }
  if (!id) return EnvelopeError{ErrorCode::bad_request, std::nullopt, "id must be an integer 1..2^53-1"};

  Request r;
  r.id = *id;
  for (const auto& kv : o) {
    const std::string_view key = kv.key();
    if (key == "id") continue;
    if (key == "op") {
      if (!kv.value().is_string()) return EnvelopeError{ErrorCode::bad_request, id, "op must be a string"};
      r.op = std::string(kv.value().as_string());
    } else if (key == "args") {
      if (!kv.value().is_object()) return EnvelopeError{ErrorCode::bad_request, id, "args must be an object"};
      r.args = kv.value().as_object();
    } else {
      return EnvelopeError{ErrorCode::bad_request, id, "unknown member: " + std::string(key)};
    }
  }
  if (r.op.empty()) return EnvelopeError{ErrorCode::bad_request, id, "op missing"};
  return r;
}

std::string reply_ok(std::int64_t re, const json::object& result, std::string_view spliced) {
  json::object o;
  o["re"] = re;
  o["ok"] = true;
  o["result"] = result;
  std::string out = json::serialize(o);
  if (spliced.empty()) return out;
  // The placeholder as the serializer writes it (control characters escaped):
  // no other string can serialize to the same text.
  static const std::string placeholder = json::serialize(json::string(kSplice));
  const auto at = out.find(placeholder);
  assert(at != std::string::npos);
  if (at != std::string::npos) out.replace(at, placeholder.size(), spliced);
  return out;
}

std::string reply_error(std::optional<std::int64_t> re, ErrorCode code, const json::object* details,
                        std::string_view vi, std::string_view en) {
  json::object err;
  err["code"] = to_string(code);
  err["message"] = vi.empty() ? message_vi(code) : vi;
  err["message_en"] = en.empty() ? message_en(code) : en;
  if (details) err["details"] = *details;
  json::object o;
  if (re)
    o["re"] = *re;
  else
    o["re"] = nullptr;
  o["ok"] = false;
  o["error"] = std::move(err);
  return json::serialize(o);
}

std::string event_frame(std::string_view ev, std::int64_t meeting, std::optional<std::int64_t> seq,
                        std::int64_t ts_ms, std::string_view actor, std::string_view data_json) {
  std::string out;
  out.reserve(96 + ev.size() + actor.size() + data_json.size());
  out += "{\"ev\":";
  out += json::serialize(json::string(ev));
  out += ",\"meeting\":";
  out += std::to_string(meeting);
  if (seq) {
    out += ",\"seq\":";
    out += std::to_string(*seq);
  }
  out += ",\"ts\":";
  out += std::to_string(ts_ms);
  out += ",\"actor\":";
  out += json::serialize(json::string(actor));
  out += ",\"data\":";
  out += data_json.empty() ? std::string_view("{}") : data_json;
  out += '}';
  return out;
}

}  // namespace chibo::protocol
