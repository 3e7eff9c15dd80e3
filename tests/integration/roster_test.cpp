// roster.* and meeting.create/list over the wire (PROTOCOL.md "Ops").
#include "fixture.hpp"

namespace chibo::test {
namespace {

using O = json::object;

json::array members_of(WsClient& sec, std::int64_t cell) {
  return sec.call("roster.list", {{"cell", cell}}).at("members").as_array();
}

std::optional<json::object> member_named(const json::array& ms, const std::string& name) {
  for (const auto& v : ms)
    if (str_at(v.as_object(), "/full_name") == name) return v.as_object();
  return std::nullopt;
}

// A member object without its id (to compare rosters across re-imports).
json::object without_id(json::object m) {
  m.erase("id");
  return m;
}

}  // namespace

TEST_CASE("roster: add, update, remove and list over the wire", "[roster]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto cell = sec.cell();

  // The demo roster: secretary first, then deputy, then committee members, then the rest.
  const auto start = members_of(sec.ws, cell);
  REQUIRE(start.size() == 12);
  const std::vector<std::string> roles{"secretary", "deputy", "committee_member"};
  for (std::size_t i = 0; i < start.size(); ++i) {
    INFO(dump(start[i]));
    CHECK(str_at(start[i].as_object(), "/committee_role") == (i < roles.size() ? roles[i] : "none"));
    CHECK(int_at(start[i].as_object(), "/cell") == cell);
  }

  // add: defaults for everything but the name.
  const auto added = sec.ws.call("roster.add", {{"cell", cell}, {"member", O{{"full_name", "Lê Văn Tám"}}}}).at("member").as_object();
  INFO("added " << dump(added));
  const auto id = int_at(added, "/id");
  CHECK(id > 0);
  CHECK(int_at(added, "/cell") == cell);
  CHECK(str_at(added, "/full_name") == "Lê Văn Tám");
  CHECK(str_at(added, "/kind") == "official");
  CHECK(str_at(added, "/status") == "active");
  CHECK(str_at(added, "/committee_role") == "none");
  CHECK((at(added, "/birth_date") && at(added, "/birth_date")->is_null()));
  CHECK((at(added, "/admitted_on") && at(added, "/admitted_on")->is_null()));
  CHECK(str_at(added, "/phone", "?") == "");
  CHECK(str_at(added, "/note", "?") == "");
  {
    const auto now = members_of(sec.ws, cell);
    CHECK(now.size() == 13);
    auto listed = member_named(now, "Lê Văn Tám");
    REQUIRE(listed);
    CHECK(*listed == added);
  }

  // add with every field.
  const O full{{"full_name", "Đinh Thị Xuân"}, {"kind", "probationary"}, {"status", "attached"},
               {"committee_role", "none"},      {"birth_date", "1990-04-30"}, {"admitted_on", "2026-01-15"},
               {"phone", "0912 345 678"},       {"note", "Sinh hoạt tạm thời từ Chi bộ Khu phố 5"}};
  const auto x = sec.ws.call("roster.add", {{"cell", cell}, {"member", full}}).at("member").as_object();
  for (const auto& kv : full) {
    INFO(kv.key());
    const json::value* got = at(x, "/" + std::string(kv.key()));
    REQUIRE(got);
    CHECK(dump(*got) == dump(kv.value()));
  }

  // update replaces every field; omitted optional ones take their defaults.
  const O changed{{"id", id}, {"full_name", "Lê Văn Tám"}, {"kind", "probationary"}, {"phone", "0987 654 321"},
                  {"birth_date", "1985-08-19"}};
  const auto updated = sec.ws.call("roster.update", {{"member", changed}}).at("member").as_object();
  INFO("updated " << dump(updated));
  CHECK(int_at(updated, "/id") == id);
  CHECK(str_at(updated, "/kind") == "probationary");
  CHECK(str_at(updated, "/phone") == "0987 654 321");
  CHECK(str_at(updated, "/birth_date") == "1985-08-19");
  CHECK(str_at(updated, "/status") == "active");
  {
    auto listed = member_named(members_of(sec.ws, cell), "Lê Văn Tám");
    REQUIRE(listed);
    CHECK(*listed == updated);
  }
  // cell may be given but must match.
  {
    O moved = changed;
    moved["cell"] = cell + 100;
    const auto r = sec.ws.request("roster.update", {{"member", moved}});
    CHECK(error_code(r) == "invalid_args");
    CHECK(str_at(r, "/error/details/field") == "member.cell");
  }
  CHECK(error_code(sec.ws.request("roster.update", {{"member", O{{"id", 99999}, {"full_name", "Không Có"}}}})) ==
        "not_found");

  // remove: gone from the list, and from update/remove.
  CHECK(sec.ws.call("roster.remove", {{"id", id}}).empty());
  {
    const auto now = members_of(sec.ws, cell);
    CHECK(now.size() == 13);
    CHECK(!member_named(now, "Lê Văn Tám"));
  }
  CHECK(error_code(sec.ws.request("roster.update", {{"member", changed}})) == "not_found");
  CHECK(error_code(sec.ws.request("roster.remove", {{"id", id}})) == "not_found");

  // The district admin manages the cell too; the observer only reads it.
  {
    Login admin = login(srv, kDistrictAdmin);
    CHECK(admin.ws.call("roster.list", {{"cell", cell}}).at("members").as_array().size() == 13);
    const auto a = admin.ws.call("roster.add", {{"cell", cell}, {"member", O{{"full_name", "Do Huyện Thêm"}}}});
    CHECK(int_at(a, "/member/cell") == cell);
    Login obs = login(srv, kObserver);
    CHECK(obs.ws.call("roster.list", {{"cell", cell}}).at("members").as_array().size() == 14);
    CHECK(error_code(obs.ws.request("roster.export", {{"cell", cell}})) == "forbidden");
  }
}

TEST_CASE("roster: import a Vietnamese CSV, export it, re-import it: same roster", "[roster]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto cell = sec.cell();

  const std::string csv =
      "\xEF\xBB\xBFHọ và tên,Loại,Trạng thái,Chức vụ,Ngày sinh,Ngày vào Đảng,Điện thoại,Ghi chú\r\n"
      "Trịnh Văn An,Chính thức,Đang sinh hoạt,,02/03/1980,19/05/2010,0901234567,\r\n"
      "Mai Thị Bé,Dự bị,Đang sinh hoạt,,15/08/1995,03/02/2026,,\"Ghi chú, có dấu phẩy\"\r\n"
      "Tạ Quang Cường,Chính thức,Miễn sinh hoạt,,1950-01-01,1975-04-30,,\"Nói \"\"to\"\" lên\"\r\n";
  const auto imported = sec.ws.call("roster.import", {{"cell", cell}, {"csv", csv}});
  INFO(dump(imported));
  CHECK(int_at(imported, "/imported") == 3);
  const auto& ms = imported.at("members").as_array();
  REQUIRE(ms.size() == 3);
  const auto& an = ms[0].as_object();
  CHECK(str_at(an, "/full_name") == "Trịnh Văn An");
  CHECK(str_at(an, "/kind") == "official");
  CHECK(str_at(an, "/birth_date") == "1980-03-02");
  CHECK(str_at(an, "/admitted_on") == "2010-05-19");
  CHECK(str_at(an, "/phone") == "0901234567");
  CHECK(int_at(an, "/id") > 0);
  const auto& be = ms[1].as_object();
  CHECK(str_at(be, "/kind") == "probationary");
  CHECK(str_at(be, "/note") == "Ghi chú, có dấu phẩy");
  const auto& cuong = ms[2].as_object();
  CHECK(str_at(cuong, "/status") == "exempt");
  CHECK(str_at(cuong, "/birth_date") == "1950-01-01");
  CHECK(str_at(cuong, "/note") == "Nói \"to\" lên");

  const auto roster = members_of(sec.ws, cell);
  REQUIRE(roster.size() == 15);
  for (const auto& v : ms) {
    auto listed = member_named(roster, str_at(v.as_object(), "/full_name"));
    REQUIRE(listed);
    CHECK(*listed == v.as_object());
  }

  const auto exported = sec.ws.call("roster.export", {{"cell", cell}});
  CHECK(str_at(exported, "/filename") == "chi-bo-" + std::to_string(cell) + "-danh-sach.csv");
  const std::string out = str_at(exported, "/csv");
  CHECK(out.find("Họ và tên") != std::string::npos);  // Vietnamese headers
  CHECK(out.find("19/05/2010") != std::string::npos);  // DD/MM/YYYY dates

  // Round trip: empty the cell, import the export, get the same roster back.
  for (const auto& v : roster) sec.ws.call("roster.remove", {{"id", int_at(v.as_object(), "/id")}});
  CHECK(members_of(sec.ws, cell).empty());
  const auto again = sec.ws.call("roster.import", {{"cell", cell}, {"csv", out}});
  CHECK(int_at(again, "/imported") == static_cast<std::int64_t>(roster.size()));
  const auto after = members_of(sec.ws, cell);
  REQUIRE(after.size() == roster.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    INFO("position " << i);
    CHECK(dump(without_id(after[i].as_object())) == dump(without_id(roster[i].as_object())));
  }
  CHECK(str_at(sec.ws.call("roster.export", {{"cell", cell}}), "/csv") == out);
}

TEST_CASE("meetings: create validates its arguments; list is newest first", "[meetings]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  const auto cell = sec.cell();
  const O good{{"cell", cell},
               {"kind", "annual_review"},
               {"title", "Kiểm điểm cuối năm 2026"},
               {"starts_at", "2027-01-05T19:30"},
               {"place", "Hội trường khu phố"},
               {"video_url", "https://meet.jit.si/chibo-kiem-diem"}};

  struct Bad {
    const char* what;
    const char* key;
    json::value value;  // null: leave the key out
    const char* field;
  };
  const std::vector<Bad> bad{
      {"starts_at not a date", "starts_at", "ngày mai", "starts_at"},
      {"starts_at with a space", "starts_at", "2027-01-05 19:30", "starts_at"},
      {"starts_at on 30 February", "starts_at", "2027-02-30T19:30", "starts_at"},
      {"starts_at at 24:00", "starts_at", "2027-01-05T24:00", "starts_at"},
      {"starts_at with seconds", "starts_at", "2027-01-05T19:30:00", "starts_at"},
      {"video_url ftp", "video_url", "ftp://meet.example/x", "video_url"},
      {"video_url javascript", "video_url", "javascript:alert(1)", "video_url"},
      {"unknown kind", "kind", "party", "kind"},
      {"kind wrong type", "kind", 3, "kind"},
      {"missing title", "title", nullptr, "title"},
      {"empty title", "title", "", "title"},
      {"title of 201 characters", "title", json::string(201, 'x'), "title"},
      {"place of 501 characters", "place", json::string(501, 'x'), "place"},
      {"unknown argument", "agenda", "x", "agenda"},
  };
  for (const auto& b : bad) {
    INFO(b.what);
    O args = good;
    if (b.value.is_null())
      args.erase(b.key);
    else
      args[b.key] = b.value;
    const auto r = sec.ws.request("meeting.create", args);
    INFO(dump(r));
    CHECK(error_code(r) == "invalid_args");
    CHECK(str_at(r, "/error/details/field") == b.field);
  }
  // Nothing was created by any of them.
  const auto before = sec.ws.call("meeting.list", {{"cell", cell}}).at("meetings").as_array();
  REQUIRE(before.size() == 1);

  const auto m = sec.ws.call("meeting.create", good).at("meeting").as_object();
  INFO(dump(m));
  const auto id = int_at(m, "/id");
  CHECK(id > int_at(before[0].as_object(), "/id"));
  CHECK(str_at(m, "/status") == "scheduled");
  for (const char* k : {"kind", "title", "starts_at", "place", "video_url"})
    CHECK(str_at(m, std::string("/") + k) == str_at(good, std::string("/") + k));
  CHECK(int_at(m, "/cell") == cell);

  // Optional fields may be left out.
  const auto plain = sec.ws
                         .call("meeting.create", {{"cell", cell},
                                                  {"kind", "election"},
                                                  {"title", "Bầu cử"},
                                                  {"starts_at", "2027-03-01T08:00"}})
                         .at("meeting")
                         .as_object();
  CHECK(str_at(plain, "/place", "?") == "");
  CHECK(str_at(plain, "/video_url", "?") == "");

  const auto list = sec.ws.call("meeting.list", {{"cell", cell}}).at("meetings").as_array();
  REQUIRE(list.size() == 3);
  CHECK(int_at(list[0].as_object(), "/id") == int_at(plain, "/id"));
  CHECK(int_at(list[1].as_object(), "/id") == id);
  CHECK(list[1].as_object() == m);
  CHECK(int_at(list[2].as_object(), "/id") == int_at(before[0].as_object(), "/id"));

  // Its log starts with meeting.created at seq 1.
  const auto joined = sec.ws.call("meeting.join", {{"meeting", id}});
  CHECK(int_at(joined, "/head") >= 1);
  auto created = sec.ws.wait_event("meeting.created");
  REQUIRE(created);
  CHECK(int_at(*created, "/seq") == 1);
  CHECK(int_at(*created, "/meeting") == id);
  CHECK(str_at(*created, "/data/title") == str_at(good, "/title"));
  CHECK(str_at(*created, "/actor") == str_at(sec.me, "/participant"));
}

}  // namespace chibo::test
