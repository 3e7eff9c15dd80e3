// Bad input, one row per case (PROTOCOL.md "Limits", "Close codes", "Error
// codes", the role table): what is sent -> the documented error or close code.
// After every row: nothing stored changed, and where the protocol keeps the
// connection open, it is still usable.
#include <chrono>
#include <cstdlib>

#include "fixture.hpp"

namespace chibo::test {
namespace {

enum class Who { nobody, secretary, member, observer, district_admin };

const char* to_string(Who w) {
  switch (w) {
    case Who::nobody: return "a connection without hello";
    case Who::secretary: return "the secretary";
    case Who::member: return "a member by join link";
    case Who::observer: return "the observer account";
    case Who::district_admin: return "the district admin";
  }
  return "?";
}

struct Ctx {
  ServerProcess& srv;
  std::string secretary_token, admin_token, observer_token;
  std::int64_t cell = 0, committee = 0;
  std::int64_t meeting = 0;    // the demo meeting, open
  std::int64_t scheduled = 0;  // a second meeting, never opened
  std::int64_t closed = 0;     // a third meeting, opened and closed
  Link member;                 // a member's link to `meeting` (already arrived)
  WsClient* current = nullptr; // the connection of the row being run
};

WsClient connect_as(Ctx& ctx, Who who) {
  switch (who) {
    case Who::nobody: {
      WsClient c;
      c.connect(ctx.srv.port());
      return c;
    }
    case Who::secretary: return with_token(ctx.srv, ctx.secretary_token);
    case Who::member: return with_link(ctx.srv, ctx.member.token);
    case Who::observer: return with_token(ctx.srv, ctx.observer_token);
    case Who::district_admin: return with_token(ctx.srv, ctx.admin_token);
  }
  throw std::logic_error("who?");
}

// A request that must succeed on a connection the protocol keeps open.
void check_usable(Ctx& ctx, Who who, WsClient& c) {
  INFO("follow-up on the same connection");
  REQUIRE(c.connected());
  json::object reply;
  switch (who) {
    case Who::nobody: reply = c.hello_token(ctx.secretary_token); break;
    case Who::member: reply = c.request("meeting.join", {{"meeting", ctx.meeting}}); break;
    default: reply = c.request("roster.list", {{"cell", ctx.cell}}); break;
  }
  INFO(dump(reply));
  CHECK(is_ok(reply));
}

// Everything a failed request could have changed, as the server stores it:
// roster, meetings (with status), links, and every meeting's log (length and
// chain, read from the database file by `chibo check`).
std::string snapshot(Ctx& ctx, WsClient& sec) {
  json::object s;
  s["roster"] = sec.call("roster.list", {{"cell", ctx.cell}}).at("members");
  s["meetings"] = sec.call("meeting.list", {{"cell", ctx.cell}}).at("meetings");
  for (auto m : {ctx.meeting, ctx.scheduled, ctx.closed})
    s["links " + std::to_string(m)] = sec.call("link.list", {{"meeting", m}}).at("links");
  const CliResult check = ctx.srv.run_cli({"check", "--db", ctx.srv.db_path()});
  s["check"] = std::to_string(check.exit_code) + "\n" + check.output;
  return dump(s);
}

using Send = std::function<std::optional<std::int64_t>(Ctx&, WsClient&)>;

struct Row {
  using Also = std::function<void(Ctx&, const json::object&)>;
  Row(std::string n, Who w, Send s, std::string c, std::string f = "", int cl = 0, Also a = nullptr)
      : name(std::move(n)), who(w), send(std::move(s)), codes(std::move(c)), field(std::move(f)), close(cl),
        also(std::move(a)) {}
  std::string name;
  Who who;
  Send send;          // sends the frame(s); returns the id the reply must carry (nullopt: re is null)
  std::string codes;  // expected error code(s), "a|b" for either; "" when only a close is expected
  std::string field;  // expected details.field, "" to skip
  int close = 0;      // expected close code; 0 = the connection stays open and usable
  Also also;          // further checks on the reply
};

Send op(std::string name, std::function<json::object(Ctx&)> args) {
  return [name, args](Ctx& ctx, WsClient& c) -> std::optional<std::int64_t> { return c.send(name, args(ctx)); };
}

Send raw(std::function<std::string(Ctx&)> text, std::optional<std::int64_t> re = std::nullopt) {
  return [text, re](Ctx& ctx, WsClient& c) -> std::optional<std::int64_t> {
    c.send_raw(text(ctx));
    return re;
  };
}

Send hello(std::function<json::object(Ctx&)> args) { return op("hello", std::move(args)); }

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// A string of 43 base64url characters that is no token anyone was given.
const std::string kBogusToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

bool has_csv_error(const json::object& reply, int line, std::string_view column, std::string_view problem,
                   std::string_view detail = {}) {
  const json::value* errors = at(reply, "/error/details/errors");
  if (!errors || !errors->is_array()) return false;
  for (const auto& v : errors->as_array()) {
    if (!v.is_object()) continue;
    const auto& e = v.as_object();
    if (int_at(e, "/line") == line && (column.empty() || str_at(e, "/column") == column) &&
        str_at(e, "/problem") == problem && (detail.empty() || str_at(e, "/detail") == detail))
      return true;
  }
  return false;
}

std::size_t csv_error_count(const json::object& reply) {
  const json::value* errors = at(reply, "/error/details/errors");
  return errors && errors->is_array() ? errors->as_array().size() : 0;
}

std::vector<Row> rows() {
  using O = json::object;
  std::vector<Row> r;

  // ---- frames and envelopes ----
  r.push_back({"malformed JSON", Who::secretary, raw([](Ctx&) { return R"({"id":1,"op":"roster.list",)"; }),
               "bad_json"});
  r.push_back({"JSON that is not an object", Who::nobody, raw([](Ctx&) { return "[1,2,3]"; }), "bad_json"});
  r.push_back({"JSON nested deeper than 32", Who::secretary,
               raw([](Ctx& c) {
                 return R"({"id":3,"op":"roster.list","args":{"cell":)" + std::to_string(c.cell) + R"(,"x":)" +
                        repeat("[", 40) + repeat("]", 40) + "}}";
               }),
               "bad_json"});
  r.push_back({"envelope without id", Who::secretary,
               raw([](Ctx& c) { return R"({"op":"roster.list","args":{"cell":)" + std::to_string(c.cell) + "}}"; }),
               "bad_request"});
  r.push_back({"id out of range (2^53)", Who::secretary,
               raw([](Ctx&) { return R"({"id":9007199254740992,"op":"org.units"})"; }), "bad_request"});
  r.push_back({"unknown top-level member", Who::secretary,
               raw([](Ctx&) { return R"({"id":77,"op":"org.units","args":{},"token":"x"})"; }, 77),
               "bad_request"});
  r.push_back({"args not an object", Who::secretary,
               raw([](Ctx&) { return R"({"id":78,"op":"org.units","args":[]})"; }, 78), "bad_request"});
  r.push_back({"frame over 64 KiB (a roster.add)", Who::secretary,
               raw([](Ctx& c) {
                 return R"({"id":5,"op":"roster.add","args":{"cell":)" + std::to_string(c.cell) +
                        R"(,"member":{"full_name":"Quá Cỡ","note":")" + std::string(70 * 1024, 'a') + R"("}}})";
               }),
               "", "", 4400});
  r.push_back({"frame just under 64 KiB is read (and its 60 KiB note refused)", Who::secretary,
               op("roster.add",
                  [](Ctx& c) {
                    return O{{"cell", c.cell},
                             {"member", O{{"full_name", "Gần Cỡ"}, {"note", std::string(60 * 1024, 'a')}}}};
                  }),
               "invalid_args", "member.note"});
  r.push_back({"binary frame (a valid roster.add)", Who::secretary,
               [](Ctx& c, WsClient& ws) -> std::optional<std::int64_t> {
                 ws.send_binary(R"({"id":6,"op":"roster.add","args":{"cell":)" + std::to_string(c.cell) +
                                R"(,"member":{"full_name":"Nhị Phân"}}})");
                 return std::nullopt;
               },
               "", "", 4400});
  r.push_back({"text frame that is not UTF-8", Who::secretary,
               raw([](Ctx& c) {
                 return R"({"id":7,"op":"roster.add","args":{"cell":)" + std::to_string(c.cell) +
                        R"(,"member":{"full_name":"L)" + std::string("\xff\xfe") + R"("}}})";
               }),
               "", "", 1007});
  r.push_back({"frame over 1 MiB (a roster.add)", Who::secretary,
               raw([](Ctx& c) {
                 return R"({"id":8,"op":"roster.add","args":{"cell":)" + std::to_string(c.cell) +
                        R"(,"member":{"full_name":"Rất Lớn","note":")" + std::string(1024 * 1024 + 10, 'b') +
                        R"("}}})";
               }),
               "", "", 1009});
  r.push_back({"unknown op", Who::secretary, op("roster.drop_all", [](Ctx& c) { return O{{"cell", c.cell}}; }),
               "unknown_op"});

  // ---- arguments ----
  r.push_back({"missing argument", Who::secretary, op("roster.add", [](Ctx& c) { return O{{"cell", c.cell}}; }),
               "invalid_args", "member"});
  r.push_back({"wrong-typed argument", Who::secretary,
               op("roster.list", [](Ctx& c) { return O{{"cell", std::to_string(c.cell)}}; }), "invalid_args",
               "cell"});
  r.push_back({"unknown argument", Who::secretary,
               op("roster.list", [](Ctx& c) { return O{{"cell", c.cell}, {"colour", "red"}}; }), "invalid_args",
               "colour"});
  r.push_back({"missing nested argument", Who::secretary,
               op("roster.add", [](Ctx& c) { return O{{"cell", c.cell}, {"member", O{{"phone", "0901"}}}}; }),
               "invalid_args", "member.full_name"});
  r.push_back({"id given to roster.add", Who::secretary,
               op("roster.add",
                  [](Ctx& c) { return O{{"cell", c.cell}, {"member", O{{"id", 3}, {"full_name", "Có Số"}}}}; }),
               "invalid_args", "member.id"});
  r.push_back({"name of 201 characters", Who::secretary,
               op("roster.add",
                  [](Ctx& c) { return O{{"cell", c.cell}, {"member", O{{"full_name", repeat("Ắ", 201)}}}}; }),
               "invalid_args", "member.full_name"});
  r.push_back({"unknown enum value", Who::secretary,
               op("roster.add",
                  [](Ctx& c) {
                    return O{{"cell", c.cell}, {"member", O{{"full_name", "Sai Loại"}, {"kind", "honorary"}}}};
                  }),
               "invalid_args", "member.kind"});
  r.push_back({"date that does not exist", Who::secretary,
               op("roster.add",
                  [](Ctx& c) {
                    return O{{"cell", c.cell}, {"member", O{{"full_name", "Sai Ngày"}, {"birth_date", "2001-02-31"}}}};
                  }),
               "invalid_args", "member.birth_date"});
  r.push_back({"notice of 2001 characters", Who::secretary,
               op("meeting.notice", [](Ctx& c) { return O{{"meeting", c.meeting}, {"text", repeat("ơ", 2001)}}; }),
               "invalid_args", "text"});
  r.push_back({"empty notice", Who::secretary,
               op("meeting.notice", [](Ctx& c) { return O{{"meeting", c.meeting}, {"text", ""}}; }), "invalid_args",
               "text"});
  r.push_back({"id 0", Who::secretary, op("roster.remove", [](Ctx&) { return O{{"id", 0}}; }), "invalid_args",
               "id"});

  // ---- hello ----
  r.push_back({"request before hello", Who::nobody, op("roster.list", [](Ctx& c) { return O{{"cell", c.cell}}; }),
               "hello_required"});
  r.push_back({"hello with v=2", Who::nobody,
               hello([](Ctx& c) { return O{{"v", 2}, {"auth", O{{"token", c.secretary_token}}}}; }),
               "unsupported_version"});
  r.push_back({"hello without v", Who::nobody,
               hello([](Ctx& c) { return O{{"auth", O{{"token", c.secretary_token}}}}; }), "invalid_args", "v"});
  r.push_back({"hello with two auth forms", Who::nobody,
               hello([](Ctx& c) {
                 return O{{"v", 1}, {"auth", O{{"token", c.secretary_token}, {"join", c.member.token}}}};
               }),
               "invalid_args", "auth"});
  r.push_back({"wrong password", Who::nobody,
               hello([](Ctx&) { return O{{"v", 1}, {"auth", O{{"user", kSecretary}, {"password", "chibo-dem0"}}}}; }),
               "auth_failed"});
  r.push_back({"unknown user", Who::nobody,
               hello([](Ctx&) { return O{{"v", 1}, {"auth", O{{"user", "khongco"}, {"password", kDemoPassword}}}}; }),
               "auth_failed"});
  r.push_back({"bogus session token", Who::nobody,
               hello([](Ctx&) { return O{{"v", 1}, {"auth", O{{"token", kBogusToken}}}}; }), "auth_failed"});
  r.push_back({"bogus join link", Who::nobody,
               hello([](Ctx&) { return O{{"v", 1}, {"auth", O{{"join", kBogusToken}}}}; }), "auth_failed"});
  r.push_back({"a join link as a session token", Who::nobody,
               hello([](Ctx& c) { return O{{"v", 1}, {"auth", O{{"token", c.member.token}}}}; }), "auth_failed"});
  r.push_back({"three failed hellos", Who::nobody,
               [](Ctx&, WsClient& ws) -> std::optional<std::int64_t> {
                 // Two failures of different kinds leave it open...
                 for (auto auth : {O{{"join", kBogusToken}}, O{{"token", kBogusToken}}}) {
                   const auto reply = ws.hello(auth);
                   INFO(dump(reply));
                   CHECK(error_code(reply) == "auth_failed");
                   CHECK(ws.connected());
                 }
                 // ...the third is answered, then the connection is closed with 4401.
                 return ws.send("hello",
                                O{{"v", 1}, {"auth", O{{"user", kSecretary}, {"password", "sai-mat-khau"}}}});
               },
               "auth_failed", "", 4401});
  r.push_back({"second hello", Who::secretary,
               hello([](Ctx& c) { return O{{"v", 1}, {"auth", O{{"token", c.secretary_token}}}}; }),
               "already_authenticated"});

  // ---- roles (PROTOCOL.md "Who may do what") ----
  r.push_back({"member calls roster.add", Who::member,
               op("roster.add", [](Ctx& c) { return O{{"cell", c.cell}, {"member", O{{"full_name", "Lén Lút"}}}}; }),
               "forbidden"});
  r.push_back({"member calls roster.list", Who::member,
               op("roster.list", [](Ctx& c) { return O{{"cell", c.cell}}; }), "forbidden"});
  r.push_back({"member calls meeting.open", Who::member,
               op("meeting.open", [](Ctx& c) { return O{{"meeting", c.scheduled}}; }), "forbidden"});
  r.push_back({"member calls meeting.notice", Who::member,
               op("meeting.notice", [](Ctx& c) { return O{{"meeting", c.meeting}, {"text", "Tôi là bí thư"}}; }),
               "forbidden"});
  r.push_back({"member calls link.issue", Who::member,
               op("link.issue", [](Ctx& c) { return O{{"meeting", c.meeting}, {"all", true}}; }), "forbidden"});
  r.push_back({"member's link with another meeting id in hello", Who::nobody,
               hello([](Ctx& c) { return O{{"v", 1}, {"auth", O{{"join", c.member.token}}}, {"meeting", c.scheduled}}; }),
               "forbidden", "", 0, [](Ctx& c, const json::object&) {
                 // ("A failed hello leaves the connection unauthenticated.")
                 WsClient& ws = *c.current;
                 const auto r = ws.request("meeting.join", {{"meeting", c.meeting}});
                 INFO("after the forbidden hello: " << dump(r));
                 CHECK(error_code(r) == "hello_required");
               }});
  r.push_back({"hello asking for a meeting that does not exist", Who::nobody,
               hello([](Ctx& c) { return O{{"v", 1}, {"auth", O{{"token", c.admin_token}}}, {"meeting", 99999}}; }),
               "not_found"});
  r.push_back({"member joins another meeting", Who::member,
               op("meeting.join", [](Ctx& c) { return O{{"meeting", c.scheduled}}; }), "forbidden"});
  r.push_back({"observer account calls roster.add", Who::observer,
               op("roster.add", [](Ctx& c) { return O{{"cell", c.cell}, {"member", O{{"full_name", "Quan Sát"}}}}; }),
               "forbidden"});
  r.push_back({"observer account calls meeting.open", Who::observer,
               op("meeting.open", [](Ctx& c) { return O{{"meeting", c.scheduled}}; }), "forbidden"});
  r.push_back({"observer account calls link.issue", Who::observer,
               op("link.issue", [](Ctx& c) { return O{{"meeting", c.meeting}, {"all", true}}; }), "forbidden"});
  r.push_back({"observer account calls meeting.create", Who::observer,
               op("meeting.create",
                  [](Ctx& c) {
                    return O{{"cell", c.cell}, {"kind", "regular"}, {"title", "Không được"}, {"starts_at", "2027-01-05T19:30"}};
                  }),
               "forbidden"});
  r.push_back({"district admin, a cell that does not exist", Who::district_admin,
               op("roster.list", [](Ctx&) { return O{{"cell", 999}}; }), "not_found"});
  r.push_back({"secretary, a cell that does not exist", Who::secretary,
               op("roster.add", [](Ctx&) { return O{{"cell", 999}, {"member", O{{"full_name", "Lạc Chi Bộ"}}}}; }),
               "not_found|forbidden"});
  r.push_back({"secretary, the party committee above its cell", Who::secretary,
               op("roster.list", [](Ctx& c) { return O{{"cell", c.committee}}; }), "not_found|forbidden"});
  r.push_back({"unknown meeting", Who::secretary,
               op("meeting.join", [](Ctx&) { return O{{"meeting", 99999}}; }), "not_found"});

  // ---- roster.import (all or nothing) ----
  r.push_back({"roster.import with an unknown column", Who::secretary,
               op("roster.import",
                  [](Ctx& c) {
                    return O{{"cell", c.cell},
                             {"csv", "Họ và tên,Quê quán,Ngày sinh\nNguyễn Văn Mới,Hà Nội,01/01/1990\n"}};
                  }),
               "invalid_csv", "",  0,
               [](Ctx&, const json::object& reply) {
                 INFO(dump(reply));
                 CHECK(has_csv_error(reply, 1, "Quê quán", "unknown_column"));
               }});
  r.push_back({"roster.import with 31/02/2001", Who::secretary,
               op("roster.import",
                  [](Ctx& c) {
                    return O{{"cell", c.cell},
                             {"csv",
                              "Họ và tên,Loại,Ngày vào Đảng\n"
                              "Nguyễn Văn Một,Chính thức,19/05/2001\n"
                              "Trần Thị Hai,Dự bị,31/02/2001\n"
                              "Lê Văn Ba,Chính thức,02/09/2010\n"}};
                  }),
               "invalid_csv", "", 0,
               [](Ctx&, const json::object& reply) {
                 INFO(dump(reply));
                 CHECK(has_csv_error(reply, 3, "Ngày vào Đảng", "bad_date", "31/02/2001"));
                 CHECK(csv_error_count(reply) == 1);
               }});
  r.push_back({"roster.import reports every bad row", Who::secretary,
               op("roster.import",
                  [](Ctx& c) {
                    return O{{"cell", c.cell},
                             {"csv",
                              "Họ và tên;Loại;Ngày sinh\r\n"
                              "Phan Văn Tốt;Chính thức;01/02/1970\r\n"
                              "Phan Văn Xấu;Danh dự;01/02/1971\r\n"
                              ";Dự bị;01/02/1972\r\n"
                              "Phan Văn Ngày;Dự bị;1972-13-01\r\n"}};
                  }),
               "invalid_csv", "", 0,
               [](Ctx&, const json::object& reply) {
                 INFO(dump(reply));
                 CHECK(has_csv_error(reply, 3, "Loại", "bad_kind"));
                 CHECK(has_csv_error(reply, 4, "", "missing_name"));
                 CHECK(has_csv_error(reply, 5, "Ngày sinh", "bad_date"));
                 CHECK(csv_error_count(reply) == 3);
               }});

  r.push_back({"roster.import over 60 KiB (ASCII)", Who::secretary,
               op("roster.import",
                  [](Ctx& c) {
                    return O{{"cell", c.cell}, {"csv", "Họ và tên,Ghi chú\nA Bờ,\"" + std::string(61500, 'a') + "\"\n"}};
                  }),
               "invalid_args", "csv"});
  r.push_back({"roster.import over 60 KiB (Vietnamese: 62 KB, 21 000 characters)", Who::secretary,
               op("roster.import",
                  [](Ctx& c) {
                    return O{{"cell", c.cell}, {"csv", "Họ và tên,Ghi chú\nA Bờ,\"" + repeat("ệ", 20700) + "\"\n"}};
                  }),
               "invalid_args", "csv"});
  r.push_back({"roster.import with 501 rows", Who::secretary,
               op("roster.import",
                  [](Ctx& c) {
                    std::string csv = "Họ và tên\n";
                    for (int i = 1; i <= 501; ++i) csv += "Đảng viên " + std::to_string(i) + "\n";
                    return O{{"cell", c.cell}, {"csv", csv}};
                  }),
               "invalid_csv", "", 0,
               [](Ctx&, const json::object& reply) {
                 INFO(dump(reply));
                 bool too_many = false;
                 if (const json::value* errors = at(reply, "/error/details/errors"); errors && errors->is_array())
                   for (const auto& e : errors->as_array())
                     too_many |= e.is_object() && str_at(e.as_object(), "/problem") == "too_many_rows";
                 CHECK(too_many);
               }});
  r.push_back({"meeting.join with a negative since", Who::secretary,
               op("meeting.join", [](Ctx& c) { return O{{"meeting", c.meeting}, {"since", -1}}; }), "invalid_args",
               "since"});

  // ---- meeting state ----
  r.push_back({"notice before the meeting opens", Who::secretary,
               op("meeting.notice", [](Ctx& c) { return O{{"meeting", c.scheduled}, {"text", "Sớm quá"}}; }),
               "meeting_not_open"});
  r.push_back({"close before the meeting opens", Who::secretary,
               op("meeting.close", [](Ctx& c) { return O{{"meeting", c.scheduled}}; }), "meeting_not_open"});
  r.push_back({"notice after the meeting closed", Who::secretary,
               op("meeting.notice", [](Ctx& c) { return O{{"meeting", c.closed}, {"text", "Muộn quá"}}; }),
               "meeting_closed"});
  r.push_back({"open a closed meeting", Who::secretary,
               op("meeting.open", [](Ctx& c) { return O{{"meeting", c.closed}}; }), "meeting_closed"});
  r.push_back({"close a closed meeting", Who::secretary,
               op("meeting.close", [](Ctx& c) { return O{{"meeting", c.closed}}; }), "meeting_closed"});
  r.push_back({"open an open meeting", Who::secretary,
               op("meeting.open", [](Ctx& c) { return O{{"meeting", c.meeting}}; }), "conflict"});
  return r;
}

bool code_in(const std::string& code, const std::string& codes) {
  std::size_t pos = 0;
  for (;;) {
    const auto bar = codes.find('|', pos);
    if (codes.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos) == code) return true;
    if (bar == std::string::npos) return false;
    pos = bar + 1;
  }
}

void run_row(Ctx& ctx, const Row& row) {
  WsClient c = connect_as(ctx, row.who);
  ctx.current = &c;
  const std::optional<std::int64_t> id = row.send(ctx, c);
  if (!row.codes.empty()) {
    std::optional<json::object> reply;
    if (id)
      reply = c.wait_reply(*id);
    else
      reply = c.wait_frame([](const json::object& o) {
        const json::value* re = o.if_contains("re");
        return re && re->is_null();
      });
    INFO("reply: " << (reply ? dump(*reply) : std::string("none")) << "; closed: " << c.closed()
                   << ", close code " << c.close_code().value_or(-1));
    REQUIRE(reply);
    CHECK(code_in(error_code(*reply), row.codes));
    const json::value* ok = at(*reply, "/ok");
    CHECK((ok && ok->is_bool() && !ok->as_bool()));
    CHECK(!str_at(*reply, "/error/message").empty());
    CHECK(!str_at(*reply, "/error/message_en").empty());
    if (!id) CHECK(at(*reply, "/re")->is_null());
    if (!row.field.empty()) CHECK(str_at(*reply, "/error/details/field") == row.field);
    if (row.also) row.also(ctx, *reply);
  }
  if (row.close) {
    const bool closed = c.wait_closed();
    INFO("closed: " << closed << ", close code " << c.close_code().value_or(-1));
    CHECK(closed);
    CHECK(c.close_code() == row.close);
  } else {
    CHECK(!c.closed());
    check_usable(ctx, row.who, c);
  }
  CHECK(c.junk().empty());
}

}  // namespace

TEST_CASE("bad input: each bad frame gets its documented error or close code, and changes nothing", "[bad]") {
  TestServer srv;
  Ctx ctx{srv, {}, {}, {}, 0, 0, 0, 0, 0, {}, nullptr};

  // The 10 s hello timeout runs beside all the rows below.
  WsClient idle;
  idle.connect(srv.port());
  const auto idle_since = std::chrono::steady_clock::now();

  Login sec = login(srv, kSecretary);
  ctx.secretary_token = sec.token;
  ctx.cell = sec.cell();
  {
    Login admin = login(srv, kDistrictAdmin);
    ctx.admin_token = admin.token;
    ctx.committee = admin.unit();
    Login obs = login(srv, kObserver);
    ctx.observer_token = obs.token;
  }
  ctx.meeting = demo_meeting(sec.ws, ctx.cell);
  sec.ws.call("meeting.open", {{"meeting", ctx.meeting}});
  auto create = [&](const char* title) {
    return sec.ws
        .call("meeting.create",
              {{"cell", ctx.cell}, {"kind", "thematic"}, {"title", title}, {"starts_at", "2026-12-20T08:00"}})
        .at("meeting")
        .at("id")
        .as_int64();
  };
  ctx.scheduled = create("Sinh hoạt chuyên đề: học tập Nghị quyết");
  ctx.closed = create("Họp bất thường");
  sec.ws.call("meeting.open", {{"meeting", ctx.closed}});
  sec.ws.call("meeting.close", {{"meeting", ctx.closed}});
  for (const auto& [id, l] : issue_all(sec.ws, ctx.meeting))
    if (participant_of_member(id) != str_at(sec.me, "/participant")) ctx.member = l;
  {
    // The member's first visit is logged (participant.arrived); later ones are not.
    WsClient m = with_link(srv, ctx.member.token);
    REQUIRE(m.wait_event("participant.arrived"));
  }

  const std::string before = snapshot(ctx, sec.ws);
  for (const Row& row : rows()) {
    INFO("row: " << row.name << " (sent by " << to_string(row.who) << ")");
    try {
      run_row(ctx, row);
      const std::string after = snapshot(ctx, sec.ws);
      INFO("stored state before: " << before);
      INFO("stored state after:  " << after);
      CHECK(after == before);
    } catch (const std::exception& e) {
      FAIL_CHECK("exception: " << e.what());
    }
  }

  // No hello within 10 s: closed with 4408, not before.
  const bool closed = idle.wait_closed(Ms(20000));
  const auto waited = std::chrono::steady_clock::now() - idle_since;
  CHECK(closed);
  CHECK(idle.close_code() == 4408);
  CHECK(waited >= std::chrono::milliseconds(9500));
}

TEST_CASE("bad input: an expired session token is refused with token_expired", "[bad]") {
  TestServer srv;
  std::string token;
  {
    Login sec = login(srv, kSecretary);
    token = sec.token;
    WsClient again = with_token(srv, token);  // the token works while it is valid
  }
  REQUIRE(srv.stop() == 0);
  // Expire the session in the database file while the server is down.
  const std::string sql = "UPDATE sessions SET expires_ms = 1000;";
  const int rc = std::system(("sqlite3 '" + srv.db_path() + "' '" + sql + "'").c_str());
  REQUIRE(rc == 0);
  srv.start();
  WsClient c;
  c.connect(srv.port());
  const auto reply = c.hello_token(token);
  INFO(dump(reply));
  CHECK(error_code(reply) == "token_expired");
  // The connection stays open for a fresh login.
  CHECK(is_ok(c.hello_password(kSecretary, kDemoPassword, std::nullopt, std::nullopt, Ms(20000))));
}

}  // namespace chibo::test
