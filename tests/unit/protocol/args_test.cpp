// protocol/args and codec: missing, wrong-typed, too long and unknown
// arguments are refused with the field named.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "protocol/args.hpp"
#include "protocol/codec.hpp"

using namespace chibo::protocol;
namespace json = boost::json;

namespace {
json::object obj(std::string_view s) { return json::parse(s).as_object(); }

std::string field_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ArgError& e) {
    return e.field;
  }
  return "<no error>";
}
}  // namespace

TEST_CASE("Args reads what is there and names what is wrong", "[protocol]") {
  auto o = obj(R"({"cell":2,"title":"Sinh hoạt","flag":true,"none":null})");
  Args a(o);
  CHECK(a.id("cell") == 2);
  CHECK(a.string("title", 20) == "Sinh hoạt");
  CHECK(a.opt_bool("flag", false));
  CHECK_FALSE(a.opt_string("none").has_value());
  CHECK_NOTHROW(a.finish());

  struct Row {
    const char* json;
    std::function<void(Args&)> read;
    const char* field;
  };
  const Row rows[] = {
      {R"({})", [](Args& a) { a.id("cell"); }, "cell"},
      {R"({"cell":"2"})", [](Args& a) { a.id("cell"); }, "cell"},
      {R"({"cell":0})", [](Args& a) { a.id("cell"); }, "cell"},
      {R"({"cell":2.5})", [](Args& a) { a.id("cell"); }, "cell"},
      {R"({"t":""})", [](Args& a) { a.string("t"); }, "t"},
      {R"({"t":5})", [](Args& a) { a.string("t"); }, "t"},
      {R"({"t":"ăâêôơư"})", [](Args& a) { a.string("t", 5); }, "t"},  // 6 code points > 5
      {R"({"b":"yes"})", [](Args& a) { a.opt_bool("b", false); }, "b"},
      {R"({"o":[]})", [](Args& a) { a.object("o"); }, "o"},
      {R"({"cell":2,"surprise":1})", [](Args& a) { a.id("cell"); a.finish(); }, "surprise"},
  };
  for (const auto& row : rows) {
    INFO(row.json);
    auto in = obj(row.json);
    Args args(in);
    CHECK(field_of([&] { row.read(args); }) == row.field);
  }
}

TEST_CASE("code points, not bytes, measure text", "[protocol]") {
  CHECK(code_points("") == 0);
  CHECK(code_points("abc") == 3);
  CHECK(code_points("Nguyễn") == 6);
  CHECK(code_points("Đảng") == 4);
}

TEST_CASE("member objects round-trip and bad fields are named", "[protocol]") {
  chibo::domain::Member m;
  m.id = 5;
  m.cell_id = 2;
  m.full_name = "Nguyễn Thị Hồng";
  m.kind = chibo::domain::MemberKind::probationary;
  m.status = chibo::domain::MemberStatus::exempt;
  m.committee_role = chibo::domain::CommitteeRole::deputy;
  m.birth_date = chibo::domain::parse_date("1975-03-02");
  m.phone = "0912 345 678";
  auto back = member_from_json(to_json(m), true, "member");
  CHECK(back.id == 5);
  CHECK(back.cell_id == 2);
  CHECK(back.full_name == m.full_name);
  CHECK(back.kind == m.kind);
  CHECK(back.status == m.status);
  CHECK(back.committee_role == m.committee_role);
  CHECK(back.birth_date == m.birth_date);
  CHECK_FALSE(back.admitted_on.has_value());
  CHECK(back.phone == m.phone);

  struct Row {
    const char* json;
    bool with_id;
    const char* field;
  };
  const Row rows[] = {
      {R"({})", false, "member.full_name"},
      {R"({"full_name":"A","id":3})", false, "member.id"},
      {R"({"full_name":"A"})", true, "member.id"},
      {R"({"full_name":"A","kind":"chinh_thuc"})", false, "member.kind"},
      {R"({"full_name":"A","status":"retired"})", false, "member.status"},
      {R"({"full_name":"A","committee_role":"king"})", false, "member.committee_role"},
      {R"({"full_name":"A","birth_date":"31/12/1970"})", false, "member.birth_date"},
      {R"({"full_name":"A","admitted_on":"2023-02-29"})", false, "member.admitted_on"},
      {R"({"full_name":"A","color":"red"})", false, "member.color"},
  };
  for (const auto& row : rows) {
    INFO(row.json);
    auto in = obj(row.json);
    CHECK(field_of([&] { member_from_json(in, row.with_id, "member"); }) == row.field);
  }
}
