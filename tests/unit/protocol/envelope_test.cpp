// protocol/envelope: what each kind of bad frame becomes (PROTOCOL.md
// "Envelopes", "Limits", "Error codes").
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "protocol/envelope.hpp"
#include "protocol/limits.hpp"

using namespace chibo::protocol;
namespace json = boost::json;

TEST_CASE("a well-formed request parses", "[protocol]") {
  auto r = parse_request(R"({"id":7,"op":"roster.add","args":{"cell":2}})");
  REQUIRE(std::holds_alternative<Request>(r));
  const auto& req = std::get<Request>(r);
  CHECK(req.id == 7);
  CHECK(req.op == "roster.add");
  CHECK(req.args.at("cell").as_int64() == 2);

  auto no_args = parse_request(R"({"op":"session.logout","id":9007199254740991})");
  REQUIRE(std::holds_alternative<Request>(no_args));
  CHECK(std::get<Request>(no_args).args.empty());
}

TEST_CASE("bad frames map to their documented error codes", "[protocol]") {
  std::string deep;
  for (int i = 0; i < kMaxJsonDepth + 1; ++i) deep += "[";
  for (int i = 0; i < kMaxJsonDepth + 1; ++i) deep += "]";
  struct Row {
    std::string frame;
    ErrorCode code;
    bool has_re;
  };
  const Row rows[] = {
      {"not json", ErrorCode::bad_json, false},
      {"[1,2]", ErrorCode::bad_json, false},
      {"\"hello\"", ErrorCode::bad_json, false},
      {"{\"id\":1,\"op\":\"x\"", ErrorCode::bad_json, false},
      {"{\"id\":1,\"op\":\"x\",\"args\":\"\xff\xfe\"}", ErrorCode::bad_json, false},  // invalid UTF-8
      {"{\"id\":1,\"op\":\"x\",\"args\":{\"a\":" + deep + "}}", ErrorCode::bad_json, false},
      {R"({"op":"hello"})", ErrorCode::bad_request, false},
      {R"({"id":0,"op":"hello"})", ErrorCode::bad_request, false},
      {R"({"id":-3,"op":"hello"})", ErrorCode::bad_request, false},
      {R"({"id":9007199254740992,"op":"hello"})", ErrorCode::bad_request, false},
      {R"({"id":1.5,"op":"hello"})", ErrorCode::bad_request, false},
      {R"({"id":"1","op":"hello"})", ErrorCode::bad_request, false},
      {R"({"id":4})", ErrorCode::bad_request, true},
      {R"({"id":4,"op":12})", ErrorCode::bad_request, true},
      {R"({"id":4,"op":"hello","args":[1]})", ErrorCode::bad_request, true},
      {R"({"id":4,"op":"hello","extra":true})", ErrorCode::bad_request, true},
  };
  for (const auto& row : rows) {
    INFO(row.frame);
    auto r = parse_request(row.frame);
    REQUIRE(std::holds_alternative<EnvelopeError>(r));
    const auto& e = std::get<EnvelopeError>(r);
    CHECK(e.code == row.code);
    CHECK(e.re.has_value() == row.has_re);
    if (row.has_re) CHECK(*e.re == 4);
  }
}

TEST_CASE("replies and events are well-formed JSON", "[protocol]") {
  auto ok = json::parse(reply_ok(3, {{"seq", 5}})).as_object();
  CHECK(ok.at("re").as_int64() == 3);
  CHECK(ok.at("ok").as_bool());
  CHECK(ok.at("result").at("seq").as_int64() == 5);

  json::object details{{"field", "cell"}};
  auto err = json::parse(reply_error(std::nullopt, ErrorCode::invalid_args, &details)).as_object();
  CHECK(err.at("re").is_null());
  CHECK_FALSE(err.at("ok").as_bool());
  CHECK(err.at("error").at("code").as_string() == "invalid_args");
  CHECK(err.at("error").at("details").at("field").as_string() == "cell");
  CHECK_FALSE(err.at("error").at("message").as_string().empty());
  CHECK_FALSE(err.at("error").at("message_en").as_string().empty());

  auto ev = json::parse(event_frame("notice", 12, 88, 1000, "member:\"5\"", R"({"text":"Xin chào"})")).as_object();
  CHECK(ev.at("ev").as_string() == "notice");
  CHECK(ev.at("meeting").as_int64() == 12);
  CHECK(ev.at("seq").as_int64() == 88);
  CHECK(ev.at("actor").as_string() == "member:\"5\"");  // escaped, not injected
  CHECK(ev.at("data").at("text").as_string() == "Xin chào");

  auto presence = json::parse(event_frame("presence", 12, std::nullopt, 1, "member:5", "")).as_object();
  CHECK_FALSE(presence.contains("seq"));
  CHECK(presence.at("data").as_object().empty());
}

TEST_CASE("every error code has a wire name and both messages", "[protocol]") {
  for (int i = 0; i <= static_cast<int>(ErrorCode::internal); ++i) {
    auto c = static_cast<ErrorCode>(i);
    INFO(i);
    CHECK(error_code_from(to_string(c)) == c);
    CHECK_FALSE(message_vi(c).empty());
    CHECK_FALSE(message_en(c).empty());
  }
  CHECK_FALSE(error_code_from("no_such_code").has_value());
}

TEST_CASE("reply_ok splices a value serialized beforehand at the placeholder, and only there", "[protocol]") {
  // A name that looks like the placeholder's text, but without its control
  // characters, is data and stays data.
  const json::object result{{"joined", json::object{{"head", 7}, {"participants", kSplice}}},
                            {"name", "chibo:splice"}};
  const std::string list = R"([{"id":"member:1","name":"Nguyễn Thị Hồng","online":true},{"id":"member:2","online":false}])";
  const auto r = json::parse(reply_ok(4, result, list)).as_object();
  CHECK(r.at("re").as_int64() == 4);
  const auto& joined = r.at("result").at("joined").as_object();
  CHECK(joined.at("head").as_int64() == 7);
  REQUIRE(joined.at("participants").is_array());
  CHECK(joined.at("participants").as_array().size() == 2);
  CHECK(joined.at("participants").at(0).at("name").as_string() == "Nguyễn Thị Hồng");
  CHECK(r.at("result").at("name").as_string() == "chibo:splice");
  // Without a spliced value the placeholder is an ordinary string.
  const auto plain = json::parse(reply_ok(5, result)).as_object();
  CHECK(plain.at("result").at("joined").at("participants").as_string() == kSplice);
}
