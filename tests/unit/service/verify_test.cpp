// chibo verify (service/verify.hpp), offline: a record signed by a key made
// here, exported as JSON, DOCX and PDF, then each way of altering it, and
// what verify says about each.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/signing_key.hpp"
#include "meeting/minutes.hpp"
#include "minutes/render.hpp"
#include "minutes/zip_io.hpp"
#include "service/minutes_files.hpp"
#include "service/verify.hpp"
#include "store/hash_chain.hpp"

namespace chibo::service {
namespace {
namespace json = boost::json;

minutes::Document sample() {
  minutes::Document d;
  d.header = {"ĐẢNG BỘ PHƯỜNG TÂN MAI", "CHI BỘ KHU PHỐ 3", "Số 15-BB/CB", "ĐẢNG CỘNG SẢN VIỆT NAM",
              "Biên Hòa, ngày 01 tháng 12 năm 2026"};
  d.title = "BIÊN BẢN";
  d.subtitle = "Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026";
  d.blocks = {{minutes::BlockKind::heading, "", "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"},
              {minutes::BlockKind::para, "Chủ trì: ", "đồng chí Nguyễn Thị Hồng, Bí thư Chi bộ."},
              {minutes::BlockKind::para, "Kết quả: ", "thông qua với 7/8 đồng chí tán thành."}};
  d.signatures = {{"CHỦ TRÌ", "Nguyễn Thị Hồng"}, {"THƯ KÝ", "Lê Minh Châu"}};
  d.file_stem = "bien-ban";
  return d;
}

// A record as the server makes it (meeting/decide_minutes.cpp lock_minutes).
json::object signed_record(const auth::SigningKey& key) {
  json::object content = minutes::to_json(sample());
  const std::string sha = store::sha256_hex(json::serialize(content));
  const std::string hash(64, 'a');
  const std::int64_t at = 1796130000000;
  json::object rec{{"chibo_record", 1},
                   {"meeting", 12},
                   {"cell", 2},
                   {"content", content},
                   {"content_sha256", sha},
                   {"chain", json::object{{"seq", 40}, {"hash", hash}}},
                   {"locked_ms", at},
                   {"key_id", key.key_id()},
                   {"public_key", key.public_key()},
                   {"signature", key.sign(meeting::lock_message(12, 40, hash, sha, at))}};
  const std::string text = "Bổ sung: đồng chí Lan vắng có báo trước.";
  const std::string hash2(64, 'b');
  rec["addenda"] = json::array{json::object{
      {"text", text},
      {"date_ms", at + 3600000},
      {"by", "Lê Minh Châu"},
      {"chain", json::object{{"seq", 42}, {"hash", hash2}}},
      {"key_id", key.key_id()},
      {"signature", key.sign(meeting::addendum_message(12, 42, hash2, store::sha256_hex(text), at + 3600000))}}};
  return rec;
}

std::string docx_of(const json::object& rec) {
  return render(document_of_record(rec), FileFormat::docx, &rec);
}

// The same DOCX with one part replaced.
std::string with_part(const std::string& docx, const std::string& name, const std::string& data) {
  std::vector<minutes::zip::Entry> entries;
  for (const char* part : {"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
                           "word/document.xml", "word/styles.xml", "word/settings.xml", "word/footer1.xml",
                           "word/_rels/document.xml.rels", "chibo/record.json"})
    if (auto d = minutes::zip::read(docx, part, 1 << 24)) entries.push_back({part, part == name ? data : *d});
  return minutes::zip::write(entries);
}

bool says(const VerifyReport& r, const std::string& needle) {
  for (const auto& l : r.lines)
    if (l.find(needle) != std::string::npos) return true;
  return false;
}

std::string all(const VerifyReport& r) {
  std::string s;
  for (const auto& l : r.lines) s += l + "\n";
  return s;
}

}  // namespace

TEST_CASE("verify: untouched exports verify, offline and with the trusted key", "[verify]") {
  const auto key = auth::SigningKey::generate();
  const auto rec = signed_record(key);
  const std::string json_file = json::serialize(rec);
  const std::string docx = docx_of(rec);
  const std::string pdf = render(document_of_record(rec), FileFormat::pdf, &rec);
  for (const auto* file : {&json_file, &docx, &pdf}) {
    const auto r = verify_file(*file, key.public_key(), nullptr);
    INFO(all(r));
    CHECK(r.ok);
    CHECK(says(r, "ok   the Ed25519 signature verifies"));
    CHECK(says(r, "ok   addendum 1: the signature verifies"));
    CHECK(says(r, "note no --db"));
  }
  CHECK(says(verify_file(docx, std::nullopt, nullptr), "ok   the document's text (word/document.xml) is exactly"));
  CHECK(says(verify_file(pdf, std::nullopt, nullptr), "ok   the PDF is byte for byte"));
  // Without a trusted key verify still checks integrity, and says so.
  const auto r = verify_file(docx, std::nullopt, nullptr);
  CHECK(r.ok);
  CHECK(says(r, "note public key taken from the record itself"));
}

TEST_CASE("verify: every way of altering a record is caught", "[verify]") {
  const auto key = auth::SigningKey::generate();
  const auto other = auth::SigningKey::generate();
  const auto rec = signed_record(key);
  struct Case {
    const char* what;
    std::string file;
    std::optional<std::string> trusted;
    const char* expect;
  };
  auto changed = [&](auto edit) {
    json::object r = rec;
    edit(r);
    return json::serialize(r);
  };
  const std::string docx = docx_of(rec);
  std::string xml = *minutes::docx_part(docx, "word/document.xml");
  const auto at = xml.find("7/8");
  REQUIRE(at != std::string::npos);
  xml.replace(at, 3, "8/8");
  const std::vector<Case> cases = {
      {"a changed word of the content", changed([](json::object& r) {
         r["content"].as_object()["title"] = "BIÊN BẢN SỬA";
       }),
       std::nullopt, "FAIL the content was changed"},
      {"a changed time of the lock", changed([](json::object& r) { r["locked_ms"] = 1; }), std::nullopt,
       "FAIL the Ed25519 signature does not verify"},
      {"bound to another chain head", changed([](json::object& r) { r["chain"].as_object()["seq"] = 41; }),
       std::nullopt, "FAIL the Ed25519 signature does not verify"},
      {"a record re-signed by another key, checked against ours",
       changed([&](json::object& r) {
         r["public_key"] = other.public_key();
         r["signature"] = other.sign("anything");
       }),
       key.public_key(), "FAIL the record names a different public key"},
      {"an altered addendum", changed([](json::object& r) {
         r["addenda"].as_array()[0].as_object()["text"] = "Bổ sung khác.";
       }),
       std::nullopt, "FAIL addendum 1: the signature does not verify"},
      {"a count edited in the DOCX's text", with_part(docx, "word/document.xml", xml), std::nullopt,
       "FAIL the document's text (word/document.xml) differs"},
      {"a DOCX whose record was emptied", with_part(docx, "chibo/record.json", "{}"), std::nullopt,
       "FAIL the embedded record is not valid JSON of the expected shape"},
      {"not an export at all", "SQLite format 3\0garbage", std::nullopt, "FAIL no chibo record"},
      {"a record of the wrong shape", R"({"chibo_record": 1, "content": 5})", std::nullopt,
       "FAIL the embedded record is not valid JSON of the expected shape"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const auto r = verify_file(c.file, c.trusted, nullptr);
    INFO(all(r));
    CHECK_FALSE(r.ok);
    CHECK(says(r, c.expect));
  }
}

}  // namespace chibo::service
