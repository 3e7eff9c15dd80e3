// Reading requests and writing replies and events (PROTOCOL.md "Envelopes").
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/errors.hpp"

namespace chibo::protocol {

struct Request {
  std::int64_t id = 0;
  std::string op;
  boost::json::object args;  // {} when omitted
};

// Why a frame could not become a Request. `re` is set when the id was readable.
struct EnvelopeError {
  ErrorCode code = ErrorCode::bad_request;
  std::optional<std::int64_t> re;
  std::string detail;  // English, for details.reason
};

// Parses one text frame: valid UTF-8 JSON, depth <= kMaxJsonDepth, an object
// with exactly the members id/op/args (args optional).
std::variant<Request, EnvelopeError> parse_request(std::string_view frame);

// A string value that reply_ok replaces with JSON serialized beforehand:
// a congress's join answer lists 2,000 participants, kept ready as text by
// the meeting instead of built and serialized for each of 2,000 joins.
inline constexpr std::string_view kSplice = "\x01chibo:splice\x01";

// {"re":id,"ok":true,"result":{...}}. With `spliced`, the first string value
// equal to kSplice in `result` is replaced by `spliced`, which must be one
// serialized JSON value.
std::string reply_ok(std::int64_t re, const boost::json::object& result, std::string_view spliced = {});

// {"re":id|null,"ok":false,"error":{"code","message","message_en"[,"details"]}}
// Messages default to the code's messages.
std::string reply_error(std::optional<std::int64_t> re, ErrorCode code,
                        const boost::json::object* details = nullptr,
                        std::string_view message_vi = {}, std::string_view message_en = {});

// {"ev":..,"meeting":..,["seq":..,]"ts":..,"actor":..,"data":<data_json>}
// `data_json` must already be a serialized JSON object (stored events keep it so,
// which lets one stored row become one frame without re-parsing).
std::string event_frame(std::string_view ev, std::int64_t meeting, std::optional<std::int64_t> seq,
                        std::int64_t ts_ms, std::string_view actor, std::string_view data_json);

// A frame built once and shared by every connection that sends it
// (DESIGN.md principle 4: serialize once, send many).
using SharedFrame = std::shared_ptr<const std::string>;
inline SharedFrame share(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

}  // namespace chibo::protocol
