// The printable HTML page of a Document: the layout of Hướng dẫn 36-HD/VPTW
// in CSS (A4 @page with the Party-document margins, layout.hpp), inline CSS,
// no script, every text escaped. The browser's print dialog makes the paper.
#include "minutes/layout.hpp"
#include "minutes/render.hpp"
#include "minutes/text_util.hpp"

#include <cctype>
#include <cstdio>

namespace chibo::minutes {

namespace {

namespace L = layout;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The inside of a CSS string: every ASCII character but letters, digits and
// a few harmless ones as a hex escape, so neither '"' nor "</style>" can end
// it early; a line break as \A (CSS 2.1 4.3.7). Non-ASCII passes as is.
std::string css_string(const std::string& s) {
  std::string out;
  bool first = true;
  for (const auto& line : text::lines(s)) {
    if (!first) out += "\\A ";
    first = false;
    for (char c : line) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x80 || std::isalnum(u) || c == ' ' || c == '.' || c == ',' || c == ':' || c == '-') {
        out += c;
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\%X ", u);
        out += buf;
      }
    }
  }
  return out;
}

std::string css(const std::string& footer) {
  return "@page { size: A4; margin: " + num(L::kMarginTopMm) + "mm " + num(L::kMarginRightMm) + "mm " +
         num(L::kMarginBottomMm) + "mm " + num(L::kMarginLeftMm) + "mm }\n"
         "body { font-family: 'Times New Roman', 'Liberation Serif', serif; font-size: " + num(L::kBodyPt) +
         "pt; line-height: " + num(L::kLineSpacing) + "; margin: 0; color: #000; background: #fff }\n"
         "main { max-width: " + num(L::kPageWidthMm - L::kMarginLeftMm - L::kMarginRightMm) + "mm; margin: 0 auto; }\n"
         "@media screen { main { padding: 20mm 0 } }\n"
         "p { margin: 0 0 " + num(L::kParaAfterPt) + "pt 0 }\n"
         "table.header, table.signatures { width: 100%; border-collapse: collapse; table-layout: fixed }\n"
         "table.header td, table.signatures td { vertical-align: top; text-align: center; padding: 0 }\n"
         "table.header td.issuer { width: " + num(L::kHeaderLeftFraction * 100) + "%; font-size: " + num(L::kHeaderPt) + "pt }\n"
         "table.header p { margin: 0 }\n"
         ".unit { font-weight: bold }\n"
         ".party { font-weight: bold; text-decoration: underline; font-size: " + num(L::kPartyPt) + "pt }\n"
         ".place-date { font-style: italic; margin-top: " + num(L::kHeaderPt * 1.2) + "pt !important; font-size: " + num(L::kDatePt) + "pt }\n"
         "h1 { font-size: " + num(L::kTitlePt) + "pt; text-align: center; margin: " + num(L::kBodyPt) + "pt 0 0 0 }\n"
         ".subtitle { font-weight: bold; text-align: center; margin: 0; font-size: " + num(L::kSubtitlePt) + "pt }\n"
         ".subtitle:last-of-type { margin-bottom: " + num(L::kBodyPt) + "pt }\n"
         "h2 { font-size: " + num(L::kBodyPt) + "pt; margin: " + num(L::kHeadingBeforePt) + "pt 0 " + num(L::kParaAfterPt) + "pt 0; break-after: avoid }\n"
         ".para, .bullet, .quote { text-align: justify; text-indent: " + num(L::kFirstLineIndentMm) + "mm }\n"
         ".quote { font-style: italic }\nblockquote { margin: 0 }\n"
         ".center { text-align: center }\n"
         "table.signatures { margin-top: " + num(L::kBodyPt) + "pt; break-inside: avoid }\n"
         ".role, .name { font-weight: bold; margin: 0 }\n"
         ".sign-space { height: " + num(L::kSignatureSpacePt) + "pt }\n"
         "footer { font-size: " + num(L::kFooterPt) + "pt; text-align: center; margin-top: 12pt }\n"
         // Printed, the footer goes into the page's bottom margin box, so it
         // repeats on every page (CSS Paged Media; Chromium 131 and later).
         "@media print { footer { display: none } }\n"
         "@page { @bottom-center { content: \"" + css_string(footer) + "\"; white-space: pre-wrap; font-family: "
         "'Times New Roman', 'Liberation Serif', serif; font-size: " + num(L::kFooterPt) + "pt } }\n";
}

// One element per line of `s`.
std::string each_line(const std::string& s, const std::string& open, const std::string& close) {
  std::string x;
  for (const auto& line : text::lines(s)) x += open + text::xml_escape(line) + close + "\n";
  return x;
}

std::string header(const Header& h) {
  std::string x = "<table class=\"header\"><tr><td class=\"issuer\">\n";
  x += each_line(h.superior, "<p class=\"superior\">", "</p>");
  x += each_line(h.unit, "<p class=\"unit\">", "</p>");
  x += "<p class=\"star\">*</p>\n";
  if (!h.number.empty()) x += each_line(h.number, "<p class=\"number\">", "</p>");
  x += "</td><td>\n";
  x += each_line(h.party, "<p class=\"party\">", "</p>");
  x += each_line(h.place_date, "<p class=\"place-date\">", "</p>");
  return x + "</td></tr></table>\n";
}

std::string block(const Block& b) {
  std::string x;
  bool first = true;
  for (const auto& line : text::lines(b.text)) {
    std::string content;
    if (b.kind == BlockKind::bullet) content += "- ";
    if (first && !b.lead.empty()) content += "<b>" + text::xml_escape(text::printable(b.lead)) + "</b>";
    content += text::xml_escape(line);
    first = false;
    switch (b.kind) {
      case BlockKind::heading: x += "<h2>" + content + "</h2>\n"; break;
      case BlockKind::quote: x += "<blockquote><p class=\"quote\">" + content + "</p></blockquote>\n"; break;
      default: x += "<p class=\"" + std::string(to_string(b.kind)) + "\">" + content + "</p>\n";
    }
  }
  return x;
}

std::string signature_cell(const Signature& s) {
  std::string x = "<td>\n";
  x += each_line(s.role, "<p class=\"role\">", "</p>");
  x += "<div class=\"sign-space\"></div>\n";
  x += each_line(s.name, "<p class=\"name\">", "</p>");
  return x + "</td>\n";
}

std::string signatures(const std::vector<Signature>& sigs) {
  if (sigs.empty()) return {};
  std::string x = "<table class=\"signatures\"><tr>\n";
  // One signer signs on the right, as on paper (and as in the DOCX).
  x += sigs.size() >= 2 ? signature_cell(sigs[0]) : "<td></td>\n";
  x += signature_cell(sigs.size() >= 2 ? sigs[1] : sigs[0]);
  return x + "</tr></table>\n";
}

}  // namespace

std::string render_html(const Document& d) {
  std::string title;
  for (const auto& l : text::lines(d.title + (d.subtitle.empty() ? "" : " " + d.subtitle)))
    title += (title.empty() ? "" : " ") + l;
  std::string x = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                  text::xml_escape(title) + "</title>\n<style>\n" + css(d.footer) + "</style>\n</head>\n<body>\n<main>\n";
  x += header(d.header);
  if (!d.title.empty()) x += "<h1>" + text::xml_escape(text::printable(d.title)) + "</h1>\n";
  if (!d.subtitle.empty()) x += each_line(d.subtitle, "<p class=\"subtitle\">", "</p>");
  x += "<article>\n";
  for (const auto& b : d.blocks) x += block(b);
  x += "</article>\n";
  x += signatures(d.signatures);
  x += "</main>\n";
  if (!d.footer.empty()) x += "<footer>\n" + each_line(d.footer, "<p>", "</p>") + "</footer>\n";
  return x + "</body>\n</html>\n";
}

}  // namespace chibo::minutes
