// The document renderers (server/minutes/render.hpp): DOCX parts and layout,
// the PDF's text and fonts through poppler-utils, the HTML page, the embedded
// record and its extraction, determinism, and the Document's JSON form.
#include "minutes/render.hpp"
#include "minutes/zip_io.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace chibo::minutes;
namespace fs = std::filesystem;

namespace {

Document sample_document(int extra_paragraphs = 0) {
  Document d;
  d.header = {.superior = "ĐẢNG BỘ PHƯỜNG TÂN MAI",
              .unit = "CHI BỘ KHU PHỐ 3",
              .number = "Số 15-BB/CB",
              .party = "ĐẢNG CỘNG SẢN VIỆT NAM",
              .place_date = "Tân Mai, ngày 05 tháng 9 năm 2021"};
  d.title = "BIÊN BẢN";
  d.subtitle = "Sinh hoạt chi bộ thường kỳ tháng 9 năm 2021\n(Dự thảo)";
  d.blocks = {
      {BlockKind::heading, "", "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"},
      {BlockKind::para, "Thời gian: ", "bắt đầu lúc 19 giờ 30 phút, ngày 05 tháng 9 năm 2021."},
      {BlockKind::para, "Địa điểm: ", "Nhà văn hóa khu phố 3, phường Tân Mai."},
      {BlockKind::para, "Chủ trì: ", "đồng chí Nguyễn Thị Hồng, Bí thư Chi bộ."},
      {BlockKind::para, "Thư ký: ", "đồng chí Lê Văn Tâm, Chi ủy viên."},
      {BlockKind::para, "",
       "Tổng số đảng viên của Chi bộ: 25 đồng chí (chính thức 23, dự bị 2). Có mặt 22 đồng chí; vắng "
       "có lý do 2 đồng chí; vắng không có lý do 1 đồng chí. Đảng viên vắng mặt:"},
      {BlockKind::bullet, "", "Đồng chí Phạm Văn Cường: đi công tác;\nĐồng chí Hoàng Thị Mai: ốm."},
      {BlockKind::heading, "", "II. NỘI DUNG SINH HOẠT"},
      {BlockKind::para, "",
       "Đồng chí Bí thư thông báo tình hình thời sự trong nước và quốc tế; quán triệt Nghị quyết của "
       "Đảng ủy phường về công tác xây dựng Đảng."},
      {BlockKind::quote, "Đồng chí Trần Văn Bình phát biểu: ",
       "đề nghị Chi bộ quan tâm hơn đến công tác vệ sinh môi trường.\nTỷ lệ thu gom đạt <50% & \"chưa đạt\" kế hoạch."},
      {BlockKind::para, "",
       "Chi bộ biểu quyết thông qua Nghị quyết tháng 9: tán thành 22/22 đồng chí có mặt (100%)."},
      {BlockKind::center, "", "Biên bản được thông qua lúc 21 giờ 00 phút cùng ngày."},
  };
  for (int i = 0; i < extra_paragraphs; ++i)
    d.blocks.push_back({BlockKind::para, "",
                        "Đoạn " + std::to_string(i + 1) +
                            ": các đồng chí đảng viên thảo luận sôi nổi, thống nhất với nội dung dự thảo "
                            "nghị quyết và đề nghị bổ sung một số chỉ tiêu cụ thể về an ninh trật tự."});
  d.signatures = {{"CHỦ TRÌ", "Nguyễn Thị Hồng"}, {"THƯ KÝ", "Lê Văn Tâm"}};
  d.footer = "Mã xác thực: 1a2b3c4d5e6f7a8b · chibo";
  d.file_stem = "bien-ban-2021-09-05-chi-bo-khu-pho-3";
  return d;
}

const std::string kRecord =
    R"({"chibo_record":1,"meeting":12,"cell":2,"content_sha256":"ab12","chain":{"seq":87,"hash":"cd34"},)"
    R"("locked_ms":1764590000000,"key_id":"1a2b3c4d5e6f7a8b","signature":"c2ln","note":"Biên bản <&> đã ký"})";

bool tool_exists(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

struct PipeClose {
  void operator()(FILE* f) const { pclose(f); }
};

std::string run(const std::string& command) {
  std::unique_ptr<FILE, PipeClose> pipe(popen(command.c_str(), "r"));
  REQUIRE(pipe);
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe.get())) out.append(buf.data(), n);
  return out;
}

fs::path temp_file(const std::string& name, const std::string& bytes) {
  const fs::path dir = fs::temp_directory_path() / ("chibo-minutes-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

// Runs of blanks (line ends too) made one space: pdftotext breaks lines where
// the layout did, and justification widens spaces.
std::string squeeze(const std::string& s) {
  return std::regex_replace(s, std::regex("[ \t\r\n\f]+"), " ");
}

// A small well-formedness check: every start tag closed in order. Enough to
// catch a renderer that forgets a closing tag or leaks a raw '<' or '&'.
bool well_formed(const std::string& xml, std::string& why) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '&') {
      const std::size_t semi = xml.find(';', i);
      const std::string ent = xml.substr(i, semi == std::string::npos ? 8 : semi - i + 1);
      if (!std::regex_match(ent, std::regex("&(amp|lt|gt|quot|apos|#[0-9]+);"))) {
        why = "bad entity at " + std::to_string(i) + ": " + ent;
        return false;
      }
      continue;
    }
    if (xml[i] == '>' ) {
      why = "raw '>' at " + std::to_string(i);
      return false;
    }
    if (xml[i] != '<') continue;
    const std::size_t end = xml.find('>', i);
    if (end == std::string::npos) {
      why = "unterminated tag";
      return false;
    }
    const std::string tag = xml.substr(i + 1, end - i - 1);
    i = end;
    if (tag.empty() || tag[0] == '?') continue;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) {
        why = "unexpected </" + tag.substr(1) + ">";
        return false;
      }
      open.pop_back();
    } else if (tag.back() != '/') {
      open.push_back(tag.substr(0, tag.find_first_of(" \t\n")));
    }
  }
  if (!open.empty()) why = "unclosed <" + open.back() + ">";
  return open.empty();
}

}  // namespace

TEST_CASE("DOCX: a zip with every part Word and LibreOffice need") {
  const std::string docx = render_docx(sample_document(), kRecord);
  REQUIRE(docx.substr(0, 4) == "PK\x03\x04");
  for (const char* part : {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                           "word/_rels/document.xml.rels", "word/footer1.xml", "docProps/core.xml",
                           "docProps/app.xml", "chibo/record.json"}) {
    INFO(part);
    const auto bytes = docx_part(docx, part);
    REQUIRE(bytes);
    CHECK(!bytes->empty());
    if (std::string(part).ends_with(".json")) continue;
    std::string why;
    CHECK(well_formed(*bytes, why));
    INFO(why);
  }
  const auto types = docx_part(docx, "[Content_Types].xml");
  CHECK(types->find("<Default Extension=\"json\" ContentType=\"application/json\"/>") != std::string::npos);
  const auto rels = docx_part(docx, "word/_rels/document.xml.rels");
  CHECK(rels->find("Target=\"footer1.xml\"") != std::string::npos);
  CHECK(rels->find("Target=\"styles.xml\"") != std::string::npos);
  const auto styles = docx_part(docx, "word/styles.xml");
  CHECK(styles->find("w:ascii=\"Times New Roman\"") != std::string::npos);
  CHECK(styles->find("<w:sz w:val=\"28\"/>") != std::string::npos);  // 14 pt body
  CHECK(docx_part(docx, "chibo/record.json") == kRecord);

  if (tool_exists("unzip")) {  // an independent reader agrees the archive is sound
    const fs::path p = temp_file("check.docx", docx);
    CHECK(run("unzip -t '" + p.string() + "'").find("No errors detected") != std::string::npos);
  } else {
    WARN("unzip missing: archive not cross-checked");
  }
}

TEST_CASE("DOCX: the official layout in word/document.xml") {
  const std::string xml = *docx_part(render_docx(sample_document(), kRecord), "word/document.xml");
  struct Expect {
    const char* what;
    std::string needle;
  };
  const std::vector<Expect> expected{
      {"superior", ">ĐẢNG BỘ PHƯỜNG TÂN MAI</w:t>"},
      {"unit in bold", "<w:b/><w:bCs/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr><w:t xml:space=\"preserve\">CHI BỘ KHU PHỐ 3</w:t>"},
      {"the star", ">*</w:t>"},
      {"number", ">Số 15-BB/CB</w:t>"},
      {"party bold underlined", "<w:b/><w:bCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">ĐẢNG CỘNG SẢN VIỆT NAM</w:t>"},
      {"place and date in italics", "<w:i/><w:iCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">Tân Mai, ngày 05 tháng 9 năm 2021</w:t>"},
      {"title 16 pt bold", "<w:b/><w:bCs/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr><w:t xml:space=\"preserve\">BIÊN BẢN</w:t>"},
      {"subtitle line 1", ">Sinh hoạt chi bộ thường kỳ tháng 9 năm 2021</w:t></w:r></w:p>"},
      {"subtitle line 2 its own paragraph", "<w:t xml:space=\"preserve\">(Dự thảo)</w:t></w:r></w:p>"},
      {"lead bold, space kept", "<w:b/><w:bCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">Chủ trì: </w:t>"},
      {"para justified with first-line indent", "<w:ind w:firstLine=\"567\"/><w:jc w:val=\"both\"/>"},
      {"bullet dash", "<w:t xml:space=\"preserve\">- </w:t></w:r><w:r><w:rPr><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">Đồng chí Hoàng Thị Mai: ốm.</w:t>"},
      {"quote italic", "<w:i/><w:iCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">đề nghị Chi bộ"},
      {"escaped <&>\"", "Tỷ lệ thu gom đạt &lt;50% &amp; &quot;chưa đạt&quot; kế hoạch."},
      {"heading keeps with next", "<w:keepNext/>"},
      {"signature role CHỦ TRÌ", ">CHỦ TRÌ</w:t>"},
      {"signature role THƯ KÝ", ">THƯ KÝ</w:t>"},
      {"signature name left", ">Nguyễn Thị Hồng</w:t>"},
      {"signature name right", ">Lê Văn Tâm</w:t>"},
      {"borderless tables", "<w:insideV w:val=\"nil\"/>"},
      {"A4", "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"},
      {"margins 20/15/20/30 mm", "<w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\""},
      {"footer on every page", "<w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>"},
  };
  for (const auto& e : expected) {
    INFO(e.what << ": " << e.needle);
    CHECK(xml.find(e.needle) != std::string::npos);
  }
  // The header's right column comes after the left one, in one two-cell table.
  CHECK(xml.find("CHI BỘ KHU PHỐ 3") < xml.find("ĐẢNG CỘNG SẢN VIỆT NAM"));
  CHECK(xml.find("CHỦ TRÌ") < xml.find("THƯ KÝ"));
  CHECK(xml.find("<w:t xml:space=\"preserve\">Tỷ lệ thu gom") != std::string::npos);  // '\n' = new paragraph

  const std::string footer = *docx_part(render_docx(sample_document(), kRecord), "word/footer1.xml");
  CHECK(footer.find(">Mã xác thực: 1a2b3c4d5e6f7a8b · chibo</w:t>") != std::string::npos);
  CHECK(footer.find("<w:sz w:val=\"18\"/>") != std::string::npos);  // 9 pt
}

TEST_CASE("DOCX: control characters and bad UTF-8 never reach the XML") {
  Document d = sample_document();
  d.blocks = {{BlockKind::para, "", std::string("a\x01" "b\tc\x7f" "d\xff" "e")}};
  const std::string xml = *docx_part(render_docx(d, ""), "word/document.xml");
  CHECK(xml.find("a b c d\xEF\xBF\xBD" "e") != std::string::npos);
  std::string why;
  CHECK(well_formed(xml, why));
}

TEST_CASE("DOCX: a draft has no record part and no json content type") {
  const std::string docx = render_docx(sample_document(), "");
  CHECK_FALSE(docx_part(docx, "chibo/record.json"));
  CHECK(docx_part(docx, "[Content_Types].xml")->find("json") == std::string::npos);
  CHECK_FALSE(extract_record(docx));
}

TEST_CASE("DOCX: one signature signs on the right, none leaves no table") {
  Document d = sample_document();
  d.signatures = {{"NGƯỜI BÁO CÁO", "Võ Thị Lan"}};
  const std::string one = *docx_part(render_docx(d, ""), "word/document.xml");
  const std::size_t role = one.find("NGƯỜI BÁO CÁO");
  REQUIRE(role != std::string::npos);
  // The signature table's first cell is empty (<w:p/>), the role in the second.
  CHECK(one.rfind("<w:tc>", role) > one.rfind("<w:p/>", role));
  d.signatures.clear();
  const std::string none = *docx_part(render_docx(d, ""), "word/document.xml");
  std::size_t tables = 0;
  for (std::size_t at = 0; (at = none.find("<w:tbl>", at)) != std::string::npos; ++at) ++tables;
  CHECK(tables == 1);  // the header only
}

TEST_CASE("Rendering is deterministic, also across time zones and time") {
  const Document d = sample_document(5);
  const char* old_tz = std::getenv("TZ");
  const std::string saved = old_tz ? old_tz : "";
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  const std::string docx1 = render_docx(d, kRecord), pdf1 = render_pdf(d, kRecord), html1 = render_html(d);
  ::setenv("TZ", "Asia/Ho_Chi_Minh", 1);
  ::tzset();
  const std::string docx2 = render_docx(d, kRecord), pdf2 = render_pdf(d, kRecord), html2 = render_html(d);
  if (old_tz) ::setenv("TZ", saved.c_str(), 1); else ::unsetenv("TZ");
  ::tzset();
  CHECK(docx1 == docx2);
  CHECK(pdf1 == pdf2);
  CHECK(html1 == html2);
  // And a change of one character changes the bytes.
  Document other = d;
  other.signatures[1].name = "Lê Văn Tám";
  CHECK(render_docx(other, kRecord) != docx1);
  CHECK(render_pdf(other, kRecord) != pdf1);
}

TEST_CASE("extract_record finds the record in each format and nothing in anything else") {
  const Document d = sample_document();
  struct Case {
    const char* what;
    std::string bytes;
    std::optional<std::string> expected;
  };
  std::string truncated = render_docx(d, kRecord);
  truncated.resize(truncated.size() / 2);
  std::string pdf_without_close = render_pdf(d, kRecord);
  pdf_without_close = pdf_without_close.substr(0, pdf_without_close.rfind("chibo-record:") + 20);
  const std::vector<Case> cases{
      {"docx", render_docx(d, kRecord), kRecord},
      {"pdf", render_pdf(d, kRecord), kRecord},
      {"json record", kRecord, kRecord},
      {"json record with blanks around", "\n " + kRecord + "\n", "\n " + kRecord + "\n"},
      {"draft docx", render_docx(d, ""), std::nullopt},
      {"draft pdf", render_pdf(d, ""), std::nullopt},
      {"html", render_html(d), std::nullopt},
      {"unrelated zip", zip::write({{"hello.txt", "xin chào"}}), std::nullopt},
      {"truncated docx", truncated, std::nullopt},
      {"truncated pdf", pdf_without_close, std::nullopt},
      {"json without chibo_record", R"({"meeting":12})", std::nullopt},
      {"json array", R"([{"chibo_record":1}])", std::nullopt},
      {"garbage", "\x89PNG\r\n garbage", std::nullopt},
      {"PDF header only", "%PDF-1.5\n/Keywords (chibo-record:!!!!)", std::nullopt},
      {"empty", "", std::nullopt},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CHECK(extract_record(c.bytes) == c.expected);
  }
  CHECK_FALSE(docx_part("not a zip", "word/document.xml"));
  CHECK_FALSE(docx_part(render_docx(d, ""), "word/missing.xml"));
}

TEST_CASE("PDF: text, diacritics and embedded fonts survive poppler") {
  const std::string pdf = render_pdf(sample_document(), kRecord);
  REQUIRE(pdf.substr(0, 5) == "%PDF-");
  CHECK(pdf.find("/Keywords (chibo-record:") != std::string::npos);
  // The fixed date, not the clock (cairo 1.16 writes it without the "D:").
  CHECK(std::regex_search(pdf, std::regex("/CreationDate \\((D:)?20000101000000")));
  if (!tool_exists("pdftotext") || !tool_exists("pdffonts")) {
    WARN("poppler-utils missing: PDF text not checked");
    return;
  }
  const fs::path p = temp_file("minutes.pdf", pdf);
  const std::string text = squeeze(run("pdftotext -enc UTF-8 '" + p.string() + "' -"));
  for (const char* s : {"Đảng", "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ PHƯỜNG TÂN MAI", "CHI BỘ KHU PHỐ 3",
                        "Số 15-BB/CB", "ngày 05 tháng 9 năm 2021", "BIÊN BẢN", "Nguyễn Thị Hồng", "biểu quyết",
                        "Chủ trì: đồng chí Nguyễn Thị Hồng", "- Đồng chí Hoàng Thị Mai: ốm.",
                        "Tỷ lệ thu gom đạt <50% & \"chưa đạt\" kế hoạch.", "CHỦ TRÌ", "THƯ KÝ", "Lê Văn Tâm",
                        "Mã xác thực: 1a2b3c4d5e6f7a8b"}) {
    INFO(s);
    CHECK(text.find(s) != std::string::npos);
  }
  const std::string fonts = run("pdffonts '" + p.string() + "'");
  INFO(fonts);
  CHECK(fonts.find("LiberationSerif") != std::string::npos);
  // Every font line (after the two header lines) says emb = yes.
  std::istringstream lines(fonts);
  std::string line;
  int font_lines = 0;
  for (int n = 0; std::getline(lines, line); ++n) {
    if (n < 2 || line.empty()) continue;
    ++font_lines;
    CHECK(std::regex_search(line, std::regex(" yes +(yes|no) +(yes|no) +[0-9]+ +[0-9]+$")));
  }
  CHECK(font_lines >= 3);  // regular, bold, italic at least
  const std::string info = run("pdfinfo '" + p.string() + "'");
  CHECK(std::regex_search(info, std::regex("Page size: +595.276 x 841.89 pts \\(A4\\)")));
  CHECK(std::regex_search(info, std::regex("Pages: +1\n")));
  CHECK(std::regex_search(info, std::regex("Keywords: +chibo-record:")));
}

TEST_CASE("PDF: long minutes break into pages, each with the footer") {
  const std::string pdf = render_pdf(sample_document(60), kRecord);
  if (!tool_exists("pdfinfo") || !tool_exists("pdftotext")) {
    WARN("poppler-utils missing: pagination not checked");
    return;
  }
  const fs::path p = temp_file("long.pdf", pdf);
  std::smatch m;
  const std::string info = run("pdfinfo '" + p.string() + "'");
  REQUIRE(std::regex_search(info, m, std::regex("Pages: +([0-9]+)")));
  const int pages = std::stoi(m[1]);
  CHECK(pages >= 3);
  for (int page = 1; page <= pages; ++page) {
    INFO("page " << page);
    const std::string text =
        squeeze(run("pdftotext -enc UTF-8 -f " + std::to_string(page) + " -l " + std::to_string(page) + " '" +
                    p.string() + "' -"));
    CHECK(text.find("Mã xác thực: 1a2b3c4d5e6f7a8b") != std::string::npos);
    if (page == pages) CHECK(text.find("THƯ KÝ") != std::string::npos);
  }
  // Nothing lost between pages: every numbered paragraph is there once.
  const std::string all = squeeze(run("pdftotext -enc UTF-8 '" + p.string() + "' -"));
  for (int i : {1, 17, 33, 60}) {
    INFO(i);
    CHECK(all.find("Đoạn " + std::to_string(i) + ": các đồng chí") != std::string::npos);
  }
}

TEST_CASE("HTML: a printable A4 page with every text escaped") {
  const std::string html = render_html(sample_document());
  struct Expect {
    const char* what;
    std::string needle;
  };
  const std::vector<Expect> expected{
      {"doctype", "<!DOCTYPE html>"},
      {"language", "<html lang=\"vi\">"},
      {"charset", "<meta charset=\"utf-8\">"},
      {"A4 page with the margins", "@page { size: A4; margin: 20mm 15mm 20mm 30mm }"},
      {"party underlined", "<p class=\"party\">ĐẢNG CỘNG SẢN VIỆT NAM</p>"},
      {"unit", "<p class=\"unit\">CHI BỘ KHU PHỐ 3</p>"},
      {"date", "<p class=\"place-date\">Tân Mai, ngày 05 tháng 9 năm 2021</p>"},
      {"title", "<h1>BIÊN BẢN</h1>"},
      {"subtitle lines", "<p class=\"subtitle\">(Dự thảo)</p>"},
      {"heading", "<h2>I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN</h2>"},
      {"lead", "<p class=\"para\"><b>Chủ trì: </b>đồng chí Nguyễn Thị Hồng, Bí thư Chi bộ.</p>"},
      {"bullet", "<p class=\"bullet\">- Đồng chí Phạm Văn Cường: đi công tác;</p>"},
      {"escaped", "Tỷ lệ thu gom đạt &lt;50% &amp; &quot;chưa đạt&quot; kế hoạch."},
      {"signature", "<p class=\"role\">THƯ KÝ</p>"},
      {"footer", "<footer>\n<p>Mã xác thực: 1a2b3c4d5e6f7a8b · chibo</p>"},
  };
  for (const auto& e : expected) {
    INFO(e.what << ": " << e.needle);
    CHECK(html.find(e.needle) != std::string::npos);
  }
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<50%") == std::string::npos);

  Document hostile = sample_document();
  hostile.title = "</title><script>alert(1)</script>";
  hostile.footer = "\"; } </style><script>alert(2)</script>";
  const std::string page = render_html(hostile);
  CHECK(page.find("<script>") == std::string::npos);
  CHECK(page.find("</style>") == page.rfind("</style>"));  // only the real one
  // The footer repeats on every printed page from the page's margin box.
  CHECK(html.find("@bottom-center { content: \"Mã xác thực: 1a2b3c4d5e6f7a8b · chibo\"") !=
        std::string::npos);
}

TEST_CASE("Document JSON round-trips and names the field of a bad shape") {
  const Document d = sample_document();
  const boost::json::object j = to_json(d);
  CHECK(boost::json::serialize(to_json(document_from_json(j))) == boost::json::serialize(j));
  // The renderers see the same document after the round trip.
  CHECK(render_docx(document_from_json(j), kRecord) == render_docx(d, kRecord));

  struct Bad {
    const char* json;
    const char* field;
  };
  const std::vector<Bad> bad{
      {R"({"title": 5})", "title"},
      {R"({"header": []})", "header"},
      {R"({"header": {"unit": true}})", "header.unit"},
      {R"({"blocks": {}})", "blocks"},
      {R"({"blocks": [7]})", "blocks.0"},
      {R"({"blocks": [{"kind": "para"}, {"kind": "poem", "text": ""}]})", "blocks.1.kind"},
      {R"({"blocks": [{"kind": "para", "text": null}]})", "blocks.0.text"},
      {R"({"signatures": [{"role": 1}]})", "signatures.0.role"},
      {R"({"signatures": [{}, {}, {}]})", "signatures"},
      {R"({"footer": ["x"]})", "footer"},
  };
  for (const auto& b : bad) {
    INFO(b.json);
    try {
      (void)document_from_json(boost::json::parse(b.json).as_object());
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).starts_with(b.field));
    }
  }
}

TEST_CASE("Sample outputs for the eye") {
  const fs::path dir = CHIBO_MINUTES_SAMPLES_DIR;
  fs::create_directories(dir);
  const Document d = sample_document(8);
  const std::string stem = d.file_stem;
  std::ofstream(dir / (stem + ".docx"), std::ios::binary) << render_docx(d, kRecord);
  std::ofstream(dir / (stem + ".pdf"), std::ios::binary) << render_pdf(d, kRecord);
  std::ofstream(dir / (stem + ".html"), std::ios::binary) << render_html(d);
  if (tool_exists("pdftoppm")) {
    const std::string pdf = (dir / (stem + ".pdf")).string();
    const std::string png = (dir / stem).string();
    CHECK(std::system(("pdftoppm -png -r 60 '" + pdf + "' '" + png + "'").c_str()) == 0);
  }
  CHECK(fs::file_size(dir / (stem + ".pdf")) > 1000);
}
