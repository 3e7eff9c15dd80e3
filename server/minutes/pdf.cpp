// The PDF of a Document: the same layout as the DOCX (Hướng dẫn 36-HD/VPTW,
// layout.hpp) set in Liberation Serif, metric-compatible with Times New Roman,
// embedded so that every Vietnamese diacritic prints anywhere. The signed
// record travels in the Keywords metadata (PROTOCOL.md "The record").
#include "minutes/layout.hpp"
#include "minutes/pdf_canvas.hpp"
#include "minutes/render.hpp"
#include "minutes/text_util.hpp"

namespace chibo::minutes {

namespace {

namespace L = layout;
using pdf::Align;
using pdf::Paragraph;
using pdf::Span;
using pdf::Style;

// Any fixed instant will do; the record holds the real dates.
constexpr const char* kFixedDate = "2000-01-01T00:00:00Z";
// Fontconfig falls back through this list, then to any serif face.
constexpr const char* kFontFamily = "Liberation Serif,Times New Roman,serif";

// One paragraph per line of `s`.
std::vector<Paragraph> each_line(const std::string& s, const Style& style) {
  std::vector<Paragraph> out;
  for (auto& line : text::lines(s)) out.push_back({{{std::move(line)}}, style});
  return out;
}

void append(std::vector<Paragraph>& to, std::vector<Paragraph> more) {
  for (auto& p : more) to.push_back(std::move(p));
}

void header(pdf::Canvas& c, const Header& h) {
  const double total = c.text_width_pt();
  const double left_w = total * L::kHeaderLeftFraction;
  const Style centred{.pt = L::kHeaderPt, .align = Align::center};
  pdf::Column left{0, left_w, {}};
  append(left.paragraphs, each_line(h.superior, centred));
  append(left.paragraphs, each_line(h.unit, Style{.pt = L::kHeaderPt, .bold = true, .align = Align::center}));
  left.paragraphs.push_back({{{"*"}}, centred});
  if (!h.number.empty()) append(left.paragraphs, each_line(h.number, centred));

  pdf::Column right{left_w, total - left_w, {}};
  append(right.paragraphs,
         each_line(h.party, Style{.pt = L::kPartyPt, .bold = true, .underline = true, .align = Align::center}));
  // The date line one line lower, level with the star (as in the DOCX).
  append(right.paragraphs, each_line(h.place_date, Style{.pt = L::kDatePt, .italic = true, .align = Align::center,
                                                         .before_pt = L::kHeaderPt * 1.2}));
  c.row({std::move(left), std::move(right)});
}

Style block_style(BlockKind k) {
  const double indent = L::mm_to_pt(L::kFirstLineIndentMm);
  switch (k) {
    case BlockKind::heading:
      return {.bold = true, .before_pt = L::kHeadingBeforePt, .after_pt = L::kParaAfterPt, .keep_with_next = true};
    case BlockKind::para:
    case BlockKind::bullet:
      return {.align = Align::justify, .first_indent_pt = indent, .after_pt = L::kParaAfterPt};
    case BlockKind::quote:
      return {.italic = true, .align = Align::justify, .first_indent_pt = indent, .after_pt = L::kParaAfterPt};
    case BlockKind::center:
      return {.align = Align::center, .after_pt = L::kParaAfterPt};
  }
  return {};
}

void block(pdf::Canvas& c, const Block& b) {
  const Style style = block_style(b.kind);
  bool first = true;
  for (auto& line : text::lines(b.text)) {
    Paragraph p{{}, style};
    if (b.kind == BlockKind::bullet) p.spans.push_back({"- "});
    if (first && !b.lead.empty()) p.spans.push_back({text::printable(b.lead), true});
    p.spans.push_back({std::move(line)});
    c.flow(p);
    first = false;
  }
}

void signatures(pdf::Canvas& c, const std::vector<Signature>& sigs) {
  if (sigs.empty()) return;
  const double half = c.text_width_pt() / 2;
  const Style bold{.bold = true, .align = Align::center};
  auto column = [&](double left, const Signature& s) {
    pdf::Column col{left, half, {}};
    col.paragraphs = each_line(s.role, bold);
    // The blank space to sign in.
    col.paragraphs.push_back({{{""}}, Style{.align = Align::center, .after_pt = L::kSignatureSpacePt}});
    append(col.paragraphs, each_line(s.name, bold));
    return col;
  };
  c.flow({{{""}}, Style{}});  // a blank line before the signatures
  std::vector<pdf::Column> cols;
  // One signer (an observer's report) signs on the right, as on paper.
  if (sigs.size() >= 2) cols.push_back(column(0, sigs[0]));
  cols.push_back(column(half, sigs.size() >= 2 ? sigs[1] : sigs[0]));
  c.row(cols);
}

std::string one_line(const std::string& s) {
  std::string out;
  for (const auto& l : text::lines(s)) out += (out.empty() ? "" : " ") + l;
  return out;
}

}  // namespace

std::string render_pdf(const Document& d, const std::string& record_json) {
  const pdf::PageSetup page{
      .width_pt = L::mm_to_pt(L::kPageWidthMm),
      .height_pt = L::mm_to_pt(L::kPageHeightMm),
      .top_pt = L::mm_to_pt(L::kMarginTopMm),
      .bottom_pt = L::mm_to_pt(L::kMarginBottomMm),
      .left_pt = L::mm_to_pt(L::kMarginLeftMm),
      .right_pt = L::mm_to_pt(L::kMarginRightMm),
      .footer_from_edge_pt = L::mm_to_pt(L::kFooterFromEdgeMm),
      .font_family = kFontFamily,
      .line_spacing = L::kLineSpacing,
  };
  pdf::Metadata meta{
      .title = one_line(d.title + (d.subtitle.empty() ? "" : "\n" + d.subtitle)),
      .author = one_line(d.header.unit),
      .keywords = record_json.empty() ? "" : "chibo-record:" + text::base64_encode(record_json),
      .date = kFixedDate,
  };
  Paragraph footer{{}, Style{.pt = L::kFooterPt, .align = Align::center}};
  // Pango breaks the layout at each '\n': one centred line per line.
  footer.spans.push_back({text::printable(d.footer)});

  pdf::Canvas c(page, meta, std::move(footer));
  header(c, d.header);
  if (!d.title.empty())
    for (auto& p : each_line(d.title, Style{.pt = L::kTitlePt, .bold = true, .align = Align::center,
                                             .before_pt = L::kBodyPt}))
      c.flow(p);
  for (auto& p : each_line(d.subtitle, Style{.pt = L::kSubtitlePt, .bold = true, .align = Align::center}))
    if (!d.subtitle.empty()) c.flow(p);
  c.flow({{{""}}, Style{}});  // a blank line between the title and the text
  for (const auto& b : d.blocks) block(c, b);
  signatures(c, d.signatures);
  return c.finish();
}

}  // namespace chibo::minutes
