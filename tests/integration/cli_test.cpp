// The command line's roster import/export (issue 2, "Organisation"), run on
// the live server's database file: all rows or none, each bad row reported.
#include <fstream>

#include "fixture.hpp"

using namespace chibo::test;

namespace {
std::string write_file(const ServerProcess& srv, const std::string& name, const std::string& text) {
  const std::string path = srv.dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}
}  // namespace

TEST_CASE("chibo import-roster / export-roster", "[cli]") {
  ServerProcess srv;
  Login sec = login(srv, kSecretary);
  const auto cell = sec.cell();
  const auto before = sec.ws.call("roster.list", {{"cell", cell}}).at("members").as_array().size();
  const std::string cell_arg = std::to_string(cell);

  SECTION("a bad file is refused whole, with the line and the problem") {
    const auto bad = write_file(srv, "bad.csv",
                                "Họ và tên,Loại,Ngày vào Đảng\r\nNgô Thị Mai,Chính thức,19/05/2001\r\n"
                                "Lâm Văn Tư,Chính thức,31/02/2001\r\n");
    const auto r = srv.run_cli({"import-roster", "--db", srv.db_path(), "--cell", cell_arg, bad});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find(":3: Ngày vào Đảng: bad_date (31/02/2001)") != std::string::npos);
    CHECK(r.output.find("nothing imported") != std::string::npos);
    CHECK(sec.ws.call("roster.list", {{"cell", cell}}).at("members").as_array().size() == before);
  }

  SECTION("a good file is added, and export gives it back") {
    const auto good = write_file(srv, "good.csv",
                                 "Họ và tên;Loại;Ngày vào Đảng\nNgô Thị Mai;Chính thức;19/05/2001\n"
                                 "Lâm Văn Tư;Dự bị;03/02/2026\n");
    const auto r = srv.run_cli({"import-roster", "--db", srv.db_path(), "--cell", cell_arg, good});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("imported 2 members") != std::string::npos);
    // The running server sees them at once (one database file).
    const auto members = sec.ws.call("roster.list", {{"cell", cell}}).at("members").as_array();
    CHECK(members.size() == before + 2);

    const auto out = srv.dir() + "/out.csv";
    const auto e = srv.run_cli({"export-roster", "--db", srv.db_path(), "--cell", cell_arg, out});
    CHECK(e.exit_code == 0);
    std::ifstream in(out, std::ios::binary);
    const std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(csv.find("Lâm Văn Tư,Dự bị") != std::string::npos);
    CHECK(csv.find("Nguyễn Thị Hồng") != std::string::npos);
  }

  SECTION("wrong arguments are refused") {
    CHECK(srv.run_cli({"import-roster", "--db", srv.db_path(), "--cell", "999", srv.dir() + "/none.csv"}).exit_code != 0);
    CHECK(srv.run_cli({"import-roster", "--db", srv.db_path(), "good.csv"}).exit_code == 2);
    CHECK(srv.run_cli({"export-roster", "--db", srv.db_path()}).exit_code == 2);
  }
}
