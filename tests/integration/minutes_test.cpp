// The minutes over real WebSockets and HTTP (issue 5): a scripted meeting,
// the minute-taker's sections with a conflict from a second device, the
// read-back, the approving vote that locks and signs them; DOCX and PDF
// downloads whose text (unzip, pdftotext) holds the header, the names, the
// counts and the signature blocks with every diacritic; `chibo verify` on the
// files, on a tampered record and against the database; an edit after the
// lock, addenda after the close, the observer's report, the resolution book,
// and what each kind of bad input gets.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fixture.hpp"

namespace chibo::test {
namespace {

using O = json::object;

constexpr const char* kBinh = "Trần Văn Bình";
constexpr const char* kChau = "Lê Minh Châu";  // the minute-taker
constexpr const char* kDung = "Phạm Quốc Dũng";
constexpr const char* kLan = "Đỗ Thị Lan";     // absent with a reason

std::map<std::string, std::int64_t> member_ids(WsClient& c, std::int64_t cell) {
  std::map<std::string, std::int64_t> out;
  const auto r = c.call("roster.list", {{"cell", cell}});
  for (const auto& m : r.at("members").as_array())
    out[str_at(m.as_object(), "/full_name")] = int_at(m.as_object(), "/id");
  return out;
}

// Output of a shell command (stdout only).
std::string shell(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  REQUIRE(f.good());
}

// export.create, then the download over plain HTTP.
HttpResponse download(const ServerProcess& srv, WsClient& c, O args) {
  const auto r = c.call("export.create", args);
  const std::string url = str_at(r, "/url");
  INFO(dump(r));
  REQUIRE(url.rfind("/export/", 0) == 0);
  REQUIRE(url.size() == 8 + 32);
  auto res = http_request(srv.port(), "GET", url);
  REQUIRE(res.status == 200);
  CHECK(res.header("content-type") == str_at(r, "/mime"));
  CHECK(static_cast<std::int64_t>(res.body.size()) == int_at(r, "/size"));
  return res;
}

void cast_all(std::vector<WsClient*> voters, std::int64_t meeting, std::int64_t vote, const char* choice) {
  for (auto* v : voters) conduct(*v, "vote.cast", meeting, {{"vote", vote}, {"choice", choice}});
}

}  // namespace

TEST_CASE("minutes: drafted, read back, approved, locked, exported and verified", "[minutes]") {
  TestServer srv;
  Login sec = login(srv, kSecretary);
  WsClient& chair = sec.ws;
  const auto cell = sec.cell();
  const auto meeting = demo_meeting(chair, cell);
  const auto id = member_ids(chair, cell);
  const auto links = issue_all(chair, meeting);
  // The key was made on first start; `chibo keys` shows the same one.
  const auto keys = srv.run_cli({"keys", "--db", srv.db_path()});
  REQUIRE(keys.exit_code == 0);
  const auto pem_at = keys.output.find("-----BEGIN PUBLIC KEY-----");
  REQUIRE(pem_at != std::string::npos);
  const std::string pem_path = srv.dir() + "/public.pem";
  write_file(pem_path, keys.output.substr(pem_at));

  act(chair, "meeting.open", meeting);
  chair.call("meeting.join", {{"meeting", meeting}});
  WsClient binh = with_link(srv, links.at(id.at(kBinh)).token);
  WsClient chau = with_link(srv, links.at(id.at(kChau)).token);
  WsClient dung = with_link(srv, links.at(id.at(kDung)).token);
  Login observer = login(srv, kObserver);
  observer.ws.call("meeting.join", {{"meeting", meeting}});
  act(chair, "rollcall.open", meeting);
  for (WsClient* m : {&chair, &binh, &chau, &dung}) act(*m, "rollcall.checkin", meeting);
  act(chair, "attendance.mark", meeting, {{"member", id.at(kLan)}, {"attendance", "absent_excused"}, {"reason", "illness"}});
  act(chair, "rollcall.close", meeting);
  act(chair, "role.appoint", meeting, {{"role", "minute_taker"}, {"participant", participant_of_member(id.at(kChau))}});
  const auto vote = int_at(conduct(chair, "vote.open", meeting,
                                   {{"subject", "Nghị quyết tháng 12"}, {"decision", "ordinary"},
                                    {"text", "Chi bộ tập trung vận động thu quỹ khuyến học."}}),
                           "/vote");
  cast_all({&chair, &binh, &chau, &dung}, meeting, vote, "for");
  act(chair, "vote.close", meeting, {{"vote", vote}});

  // ---- drafting: sections, versions, a conflict from a second device ----
  const auto mg = chair.call("minutes.get", {{"meeting", meeting}}).at("minutes").as_object();
  CHECK(str_at(mg, "/status") == "drafting");
  CHECK(str_at(mg, "/sections/0/id") == "number");
  CHECK(str_at(mg, "/document/title") == "BIÊN BẢN");
  CHECK(str_at(mg, "/key/id").size() == 16);
  CHECK(keys.output.find(str_at(mg, "/key/id")) != std::string::npos);
  std::string news;
  for (const auto& s : mg.at("sections").as_array())
    if (str_at(s.as_object(), "/title").rfind("Thông tin thời sự", 0) == 0) news = str_at(s.as_object(), "/id");
  REQUIRE(news.rfind("item:", 0) == 0);
  CHECK(int_at(conduct(chau, "minutes.save", meeting, {{"section", "number"}, {"text", "15"}, {"base", 0}}), "/version") == 1);
  CHECK(int_at(conduct(chau, "minutes.save", meeting,
                       {{"section", news}, {"text", "Đồng chí Bí thư phổ biến Chỉ thị số 05-CT/TW."}, {"base", 0}}),
               "/version") == 1);
  {
    // The chair, on a second device that loaded version 0, is refused with
    // the text that is there; nothing is overwritten.
    const auto r = refused(chair, "minutes.save", {{"meeting", meeting}, {"section", news}, {"text", "Bản khác"}, {"base", 0}},
                           "conflict");
    CHECK(str_at(r, "/error/details/reason") == "edited");
    CHECK(int_at(r, "/error/details/version") == 1);
    CHECK(str_at(r, "/error/details/text") == "Đồng chí Bí thư phổ biến Chỉ thị số 05-CT/TW.");
    CHECK(str_at(r, "/error/details/by") == kChau);
  }
  // Bad input: each gets its code, and nothing already saved is lost.
  refused(chau, "minutes.save", {{"meeting", meeting}, {"section", "item:nope"}, {"text", "x"}, {"base", 0}},
          "invalid_args", "section");
  refused(chau, "minutes.save", {{"meeting", meeting}, {"section", "closing"}, {"text", std::string(16001, 'a')}, {"base", 0}},
          "invalid_args", "text");
  refused(chau, "minutes.save", {{"meeting", meeting}, {"section", "closing"}, {"base", 0}}, "invalid_args", "text");
  refused(chau, "minutes.save", {{"meeting", meeting}, {"section", "closing"}, {"text", "x"}, {"base", -1}},
          "invalid_args", "base");
  refused(dung, "minutes.save", {{"meeting", meeting}, {"section", "closing"}, {"text", "x"}, {"base", 0}}, "forbidden");
  refused(chair, "minutes.approve", {{"meeting", meeting}}, "conflict");  // not read back yet
  refused(chair, "export.create", {{"meeting", meeting}, {"what", "minutes"}, {"format", "xls"}}, "invalid_args", "format");
  refused(chair, "export.create", {{"meeting", meeting}, {"what", "agenda"}, {"format", "pdf"}}, "invalid_args", "what");
  CHECK(str_at(refused(chair, "export.create", {{"meeting", meeting}, {"what", "minutes"}, {"format", "json"}}, "conflict"),
               "/error/details/reason") == "not_locked");
  CHECK(str_at(chau.call("minutes.get", {{"meeting", meeting}}), "/minutes/sections/0/text") == "15");
  // A draft can be downloaded: marked as such, with no record in it.
  {
    const auto draft = download(srv, chau, {{"meeting", meeting}, {"what", "minutes"}, {"format", "docx"}});
    write_file(srv.dir() + "/draft.docx", draft.body);
    const auto xml = shell("unzip -p '" + srv.dir() + "/draft.docx' word/document.xml");
    CHECK(xml.find("(Dự thảo)") != std::string::npos);
    const auto v = srv.run_cli({"verify", srv.dir() + "/draft.docx"});
    CHECK(v.exit_code == 1);
    CHECK(v.output.find("no chibo record") != std::string::npos);
  }

  // ---- read-back and approval ----
  act(chau, "minutes.present", meeting);
  REQUIRE(binh.wait_event("minutes.presented"));  // every phone hears of it
  const auto approve = conduct(chair, "minutes.approve", meeting);
  const auto avote = int_at(approve, "/vote");
  refused(chau, "minutes.save", {{"meeting", meeting}, {"section", "closing"}, {"text", "x"}, {"base", 0}}, "conflict");
  cast_all({&chair, &binh, &chau, &dung}, meeting, avote, "for");
  const auto closed_seq = act(chair, "vote.close", meeting, {{"vote", avote}});
  const auto locked = binh.wait_event([&](const json::object& e) { return str_at(e, "/ev") == "minutes.locked"; });
  REQUIRE(locked);
  CHECK(int_at(*locked, "/seq") == closed_seq);  // the reply names the last event of the commit
  CHECK(int_at(*locked, "/data/chain/seq") == closed_seq - 2);
  const auto after = chair.call("minutes.get", {{"meeting", meeting}}).at("minutes").as_object();
  CHECK(str_at(after, "/status") == "locked");
  CHECK(str_at(after, "/lock/content_sha256") == str_at(*locked, "/data/content_sha256"));
  // An edit after the lock is refused and changes nothing.
  CHECK(error_code(chau.request("minutes.save", {{"meeting", meeting}, {"section", "closing"}, {"text", "sửa"}, {"base", 0}})) ==
        "minutes_locked");

  // ---- exports: DOCX and PDF with the header, names, counts, signatures ----
  const std::string docx = srv.dir() + "/minutes.docx", pdf = srv.dir() + "/minutes.pdf", rec = srv.dir() + "/minutes.json";
  {
    const auto res = download(srv, chau, {{"meeting", meeting}, {"what", "minutes"}, {"format", "docx"}});
    CHECK(res.header("content-disposition").find("attachment; filename=\"bien-ban-") == 0);
    write_file(docx, res.body);
    const auto xml = shell("unzip -p '" + docx + "' word/document.xml");
    for (const char* want : {"ĐẢNG BỘ PHƯỜNG TÂN MAI", "CHI BỘ KHU PHỐ 3", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 15-BB/CB",
                             "BIÊN BẢN", "Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026", "Trần Văn Bình",
                             "Đỗ Thị Lan (ốm)", "Chi bộ tập trung vận động thu quỹ khuyến học.", "CHỦ TRÌ", "THƯ KÝ",
                             "Lê Minh Châu", "Nguyễn Thị Hồng", "Đồng chí Bí thư phổ biến Chỉ thị số 05-CT/TW."}) {
      INFO(want);
      CHECK(xml.find(want) != std::string::npos);
    }
    CHECK(xml.find("(Dự thảo)") == std::string::npos);
    CHECK(xml.find("Tán thành: 4/") != std::string::npos);
    const auto footer = shell("unzip -p '" + docx + "' word/footer1.xml");
    CHECK(footer.find(str_at(*locked, "/data/content_sha256")) != std::string::npos);
  }
  {
    const auto res = download(srv, chau, {{"meeting", meeting}, {"what", "minutes"}, {"format", "pdf"}});
    CHECK(res.body.rfind("%PDF-", 0) == 0);
    write_file(pdf, res.body);
    const auto text = shell("pdftotext -layout '" + pdf + "' -");
    for (const char* want : {"ĐẢNG BỘ PHƯỜNG TÂN MAI", "ĐẢNG CỘNG SẢN VIỆT NAM", "BIÊN BẢN", "Trần Văn Bình",
                             "Đỗ Thị Lan (ốm)", "CHỦ TRÌ", "THƯ KÝ", "Lê Minh Châu", "quỹ khuyến học"}) {
      INFO(want);
      CHECK(text.find(want) != std::string::npos);
    }
  }
  {
    const auto res = download(srv, observer.ws, {{"meeting", meeting}, {"what", "minutes"}, {"format", "html"}});
    CHECK(res.body.find("lang=\"vi\"") != std::string::npos);
    CHECK(res.header("content-security-policy").find("script") == std::string::npos);  // default-src 'none': no script
    write_file(rec, download(srv, chau, {{"meeting", meeting}, {"what", "minutes"}, {"format", "json"}}).body);
  }

  // Kept for a person to look at when asked (CHIBO_ARTIFACTS=DIR).
  if (const char* keep = std::getenv("CHIBO_ARTIFACTS"))
    for (const auto& f : {docx, pdf}) shell("cp '" + f + "' '" + keep + "/'");

  // ---- verify: the files, offline and against the database ----
  for (const auto& f : {docx, pdf, rec}) {
    const auto v = srv.run_cli({"verify", f, "--db", srv.db_path(), "--key", pem_path});
    INFO(f << ":\n" << v.output);
    CHECK(v.exit_code == 0);
    CHECK(v.output.find("VERIFIED") != std::string::npos);
    CHECK(v.output.find("the Ed25519 signature verifies") != std::string::npos);
    CHECK(v.output.find("hash chain of") != std::string::npos);
  }
  CHECK(srv.run_cli({"verify", docx}).output.find("the document's text (word/document.xml) is exactly") != std::string::npos);
  {
    // One byte of the record changed: the fingerprint no longer matches.
    std::ifstream in(rec, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string r = ss.str();
    const auto at = r.find("quỹ khuyến học");
    REQUIRE(at != std::string::npos);
    r[at + 1] = 'X';
    write_file(srv.dir() + "/tampered.json", r);
    const auto v = srv.run_cli({"verify", srv.dir() + "/tampered.json"});
    INFO(v.output);
    CHECK(v.exit_code == 1);
    CHECK(v.output.find("FAIL the content was changed") != std::string::npos);
    CHECK(v.output.find("NOT VERIFIED") != std::string::npos);
  }
  {
    // Signed by another key: refused when the right key is given.
    std::string other_key = shell("openssl genpkey -algorithm ed25519 2>/dev/null | openssl pkey -pubout 2>/dev/null");
    REQUIRE(other_key.find("BEGIN PUBLIC KEY") != std::string::npos);
    write_file(srv.dir() + "/other.pem", other_key);
    const auto v = srv.run_cli({"verify", rec, "--key", srv.dir() + "/other.pem"});
    CHECK(v.exit_code == 1);
    CHECK(v.output.find("FAIL the Ed25519 signature does not verify") != std::string::npos);
  }
  {
    const auto v = srv.run_cli({"verify", srv.db_path()});  // not an export at all
    CHECK(v.exit_code == 1);
  }

  // ---- after the close: addenda, the observer's report ----
  act(chair, "meeting.close", meeting);
  refused(dung, "minutes.addendum", {{"meeting", meeting}, {"text", "x"}}, "forbidden");
  refused(chau, "minutes.addendum", {{"meeting", meeting}, {"text", ""}}, "invalid_args", "text");
  act(chau, "minutes.addendum", meeting, {{"text", "Bổ sung: đồng chí Lan đã báo vắng từ ngày 30/11."}});
  write_file(rec, download(srv, chau, {{"meeting", meeting}, {"what", "minutes"}, {"format", "json"}}).body);
  {
    const auto v = srv.run_cli({"verify", rec, "--db", srv.db_path(), "--key", pem_path});
    INFO(v.output);
    CHECK(v.exit_code == 0);
    CHECK(v.output.find("addendum 1: the signature verifies") != std::string::npos);
  }
  refused(binh, "observer.report", {{"meeting", meeting}, {"attendance", "x"}}, "forbidden");
  const auto pre = observer.ws.call("observer.report_get", {{"meeting", meeting}});
  CHECK(at(pre, "/report")->is_null());
  CHECK(str_at(pre, "/prefill/attendance").find("Có mặt: 4 đồng chí") != std::string::npos);
  act(observer.ws, "observer.report", meeting,
      {{"attendance", str_at(pre, "/prefill/attendance")}, {"order_ok", true}, {"content_ok", true},
       {"remarks", "Chi bộ sinh hoạt đúng quy trình."}, {"proposals", "Đề nghị chi bộ lập danh sách hộ khó khăn."}});
  {
    const auto res = download(srv, observer.ws, {{"meeting", meeting}, {"what", "observer_report"}, {"format", "docx"}});
    write_file(srv.dir() + "/report.docx", res.body);
    const auto xml = shell("unzip -p '" + srv.dir() + "/report.docx' word/document.xml");
    CHECK(xml.find("Đề nghị chi bộ lập danh sách hộ khó khăn.") != std::string::npos);
    CHECK(xml.find("Phan Văn Quang") != std::string::npos);
  }
  refused(binh, "export.create", {{"meeting", meeting}, {"what", "observer_report"}, {"format", "pdf"}}, "not_found");

  // ---- the resolution book ----
  const auto book = chair.call("resolutions.list", {{"cell", cell}, {"year", 2026}});
  REQUIRE(book.at("resolutions").as_array().size() == 1);
  CHECK(str_at(book, "/resolutions/0/text") == "Chi bộ tập trung vận động thu quỹ khuyến học.");
  CHECK(int_at(book, "/resolutions/0/for") == 4);
  CHECK(chair.call("resolutions.list", {{"cell", cell}, {"year", 2025}}).at("resolutions").as_array().empty());
  refused(chair, "resolutions.list", {{"cell", cell}, {"year", 1999}}, "invalid_args", "year");
  {
    const auto res = download(srv, chair, {{"cell", cell}, {"year", 2026}, {"what", "resolutions"}, {"format", "pdf"}});
    write_file(srv.dir() + "/book.pdf", res.body);
    const auto text = shell("pdftotext '" + srv.dir() + "/book.pdf' -");
    CHECK(text.find("SỔ GHI NGHỊ QUYẾT CHI BỘ") != std::string::npos);
    CHECK(text.find("quỹ khuyến học") != std::string::npos);
  }
  // An unknown or made-up download name is a plain 404.
  CHECK(http_request(srv.port(), "GET", "/export/00000000000000000000000000000000").status == 404);
  CHECK(http_request(srv.port(), "GET", "/export/../chibo.db").status == 404);

  // After a restart the lock is folded back from the log and still verifies.
  srv.restart();
  WsClient again = with_token(srv, sec.token);
  CHECK(str_at(again.call("minutes.get", {{"meeting", meeting}}), "/minutes/status") == "locked");
  CHECK(srv.run_cli({"check", "--db", srv.db_path()}).exit_code == 0);
}

}  // namespace chibo::test
