// word/document.xml and word/footer1.xml: the official layout of Hướng dẫn
// 36-HD/VPTW (DOMAIN.md "Minutes") as paragraphs and two borderless tables.
#include "minutes/docx_parts.hpp"
#include "minutes/layout.hpp"
#include "minutes/text_util.hpp"

#include <string>

namespace chibo::minutes::docx {

namespace {

namespace L = layout;

const char* const kNamespaces =
    " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
    " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

struct Run {
  bool bold = false;
  bool italic = false;
  bool underline = false;
  double pt = L::kBodyPt;
};

enum class Align { left, center, both };

struct Para {
  Align align = Align::left;
  int first_line_twips = 0;
  int before_twips = 0;
  int after_twips = 0;
  bool keep_next = false;
};

std::string run(const std::string& text, const Run& r) {
  std::string x = "<w:r><w:rPr>";
  if (r.bold) x += "<w:b/><w:bCs/>";
  if (r.italic) x += "<w:i/><w:iCs/>";
  const std::string sz = std::to_string(L::half_points(r.pt));
  x += "<w:sz w:val=\"" + sz + "\"/><w:szCs w:val=\"" + sz + "\"/>";
  // ECMA-376 17.3.2.28 orders rPr children (b, i, ..., sz, szCs, ..., u) and
  // Word calls a file with them out of order corrupt.
  if (r.underline) x += "<w:u w:val=\"single\"/>";
  x += "</w:rPr>";
  // preserve: a lead such as "Chủ trì: " ends in a space that must print.
  x += "<w:t xml:space=\"preserve\">" + text::xml_escape(text) + "</w:t></w:r>";
  return x;
}

std::string para_open(const Para& p) {
  std::string x = "<w:p><w:pPr>";
  if (p.keep_next) x += "<w:keepNext/>";
  // Line spacing is in 240ths of a line ("auto").
  x += "<w:spacing w:before=\"" + std::to_string(p.before_twips) + "\" w:after=\"" +
       std::to_string(p.after_twips) + "\" w:line=\"" +
       std::to_string(static_cast<int>(L::kLineSpacing * 240 + 0.5)) +
       "\" w:lineRule=\"auto\"/>";
  if (p.first_line_twips > 0)
    x += "<w:ind w:firstLine=\"" + std::to_string(p.first_line_twips) + "\"/>";
  x += "<w:jc w:val=\"";
  x += p.align == Align::center ? "center" : p.align == Align::both ? "both" : "left";
  x += "\"/></w:pPr>";
  return x;
}

std::string para(const std::string& runs, const Para& p) { return para_open(p) + runs + "</w:p>"; }

// One paragraph per line of `s`, all alike.
std::string paras(const std::string& s, const Run& r, const Para& p) {
  std::string x;
  for (const auto& line : text::lines(s)) x += para(run(line, r), p);
  return x;
}

int twips_pt(double pt) { return static_cast<int>(pt * 20 + 0.5); }

// A borderless fixed-width table of one row; `cells` hold paragraphs.
std::string table(const std::vector<std::pair<int, std::string>>& cells) {
  std::string x =
      // tblPr children in schema order (ECMA-376 17.4.60): tblW, tblBorders,
      // tblLayout, tblCellMar, tblLook.
      "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/>"
      "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>"
      "<w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>"
      "<w:tblLayout w:type=\"fixed\"/>"
      "<w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar>"
      "<w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>";
  for (const auto& [w, _] : cells) x += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
  x += "</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>";
  for (const auto& [w, content] : cells) {
    x += "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(w) + "\" w:type=\"dxa\"/></w:tcPr>";
    // A cell must end in a paragraph (ECMA-376 17.4.66).
    x += content.empty() ? "<w:p/>" : content;
    x += "</w:tc>";
  }
  return x + "</w:tr></w:tbl>";
}

int text_width_twips() {
  return L::mm_to_twips(L::kPageWidthMm - L::kMarginLeftMm - L::kMarginRightMm);
}

std::string header(const Header& h) {
  const Para centred{.align = Align::center};
  const Run plain{.pt = L::kHeaderPt};
  std::string left = paras(h.superior, plain, centred);
  left += paras(h.unit, Run{.bold = true, .pt = L::kHeaderPt}, centred);
  left += para(run("*", plain), centred);
  if (!h.number.empty()) left += paras(h.number, plain, centred);

  std::string right = paras(h.party, Run{.bold = true, .underline = true, .pt = L::kPartyPt}, centred);
  // The date line sits one line lower, level with the star under the unit.
  right += paras(h.place_date, Run{.italic = true, .pt = L::kDatePt},
                 Para{.align = Align::center, .before_twips = twips_pt(L::kHeaderPt * 1.2)});

  const int total = text_width_twips();
  const int left_w = static_cast<int>(total * L::kHeaderLeftFraction);
  return table({{left_w, left}, {total - left_w, right}});
}

std::string block(const Block& b) {
  const int indent = L::mm_to_twips(L::kFirstLineIndentMm);
  const int after = twips_pt(L::kParaAfterPt);
  Run r;
  Para p{.align = Align::both, .first_line_twips = indent, .after_twips = after};
  std::string prefix;
  switch (b.kind) {
    case BlockKind::heading:
      r.bold = true;
      p = Para{.align = Align::left, .before_twips = twips_pt(L::kHeadingBeforePt),
               .after_twips = after, .keep_next = true};
      break;
    case BlockKind::para: break;
    case BlockKind::bullet: prefix = "- "; break;
    case BlockKind::quote: r.italic = true; break;
    case BlockKind::center: p = Para{.align = Align::center, .after_twips = after}; break;
  }
  std::string x;
  bool first = true;
  for (const auto& line : text::lines(b.text)) {
    std::string runs;
    if (!prefix.empty()) runs += run(prefix, r);
    if (first && !b.lead.empty()) runs += run(text::printable(b.lead), Run{.bold = true, .italic = r.italic});
    runs += run(line, r);
    x += para(runs, p);
    first = false;
  }
  return x;
}

std::string signatures(const std::vector<Signature>& sigs) {
  if (sigs.empty()) return {};
  const Para centred{.align = Align::center};
  auto cell = [&](const Signature& s) {
    std::string x = paras(s.role, Run{.bold = true}, centred);
    // The blank space to sign in.
    x += para("", Para{.align = Align::center, .after_twips = twips_pt(L::kSignatureSpacePt)});
    x += paras(s.name, Run{.bold = true}, centred);
    return x;
  };
  const int total = text_width_twips();
  const int half = total / 2;
  // One signer (an observer's report) signs on the right, as on paper.
  const std::string left = sigs.size() >= 2 ? cell(sigs[0]) : std::string();
  const std::string right = cell(sigs.size() >= 2 ? sigs[1] : sigs[0]);
  // An empty paragraph first: Word merges adjacent tables otherwise.
  return para("", Para{.after_twips = twips_pt(L::kBodyPt)}) +
         table({{half, left}, {total - half, right}});
}

std::string section_properties() {
  using L::mm_to_twips;
  return "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"" + std::string(kFooterRelId) +
         "\"/><w:pgSz w:w=\"" + std::to_string(mm_to_twips(L::kPageWidthMm)) + "\" w:h=\"" +
         std::to_string(mm_to_twips(L::kPageHeightMm)) + "\"/><w:pgMar w:top=\"" +
         std::to_string(mm_to_twips(L::kMarginTopMm)) + "\" w:right=\"" +
         std::to_string(mm_to_twips(L::kMarginRightMm)) + "\" w:bottom=\"" +
         std::to_string(mm_to_twips(L::kMarginBottomMm)) + "\" w:left=\"" +
         std::to_string(mm_to_twips(L::kMarginLeftMm)) + "\" w:header=\"" +
         std::to_string(mm_to_twips(L::kFooterFromEdgeMm)) + "\" w:footer=\"" +
         std::to_string(mm_to_twips(L::kFooterFromEdgeMm)) + "\" w:gutter=\"0\"/></w:sectPr>";
}

}  // namespace

std::string document_xml(const Document& d) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document";
  x += kNamespaces;
  x += "><w:body>";
  x += header(d.header);
  if (!d.title.empty())
    x += paras(d.title, Run{.bold = true, .pt = L::kTitlePt},
               Para{.align = Align::center, .before_twips = twips_pt(L::kBodyPt)});
  if (!d.subtitle.empty())
    x += paras(d.subtitle, Run{.bold = true, .pt = L::kSubtitlePt}, Para{.align = Align::center});
  x += para("", Para{});  // a blank line between the title and the text
  for (const auto& b : d.blocks) x += block(b);
  x += signatures(d.signatures);
  x += section_properties();
  return x + "</w:body></w:document>";
}

std::string footer_xml(const Document& d) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr";
  x += kNamespaces;
  x += ">";
  x += paras(d.footer, Run{.pt = L::kFooterPt}, Para{.align = Align::center});
  return x + "</w:ftr>";
}

}  // namespace chibo::minutes::docx
