// A small page-layout engine over pango and cairo for the PDF renderer:
// paragraphs flow down A4 pages line by line, breaking to a new page when the
// next line does not fit, with the footer repeated on every page. Internal to
// chibo_minutes; the pango and cairo types stay in pdf_canvas.cpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace chibo::minutes::pdf {

enum class Align { left, center, justify };

struct Style {
  double pt = 14;
  bool bold = false;
  bool italic = false;
  bool underline = false;
  Align align = Align::left;
  double first_indent_pt = 0;
  double before_pt = 0;
  double after_pt = 0;
  bool keep_with_next = false;  // a heading: never alone at the foot of a page
};

// A stretch of one paragraph's text; `bold` adds bold to the paragraph's style.
struct Span {
  std::string text;
  bool bold = false;
};

struct Paragraph {
  std::vector<Span> spans;
  Style style;
};

// A column of a row kept whole on one page (the header, the signatures):
// `left_pt` from the left margin, `width_pt` wide.
struct Column {
  double left_pt = 0;
  double width_pt = 0;
  std::vector<Paragraph> paragraphs;
};

struct PageSetup {
  double width_pt, height_pt;
  double top_pt, bottom_pt, left_pt, right_pt;
  double footer_from_edge_pt;  // the footer's bottom edge, from the page's bottom
  std::string font_family;     // a pango family list, "Liberation Serif,serif"
  double line_spacing = 1.0;   // a multiple of the font's line height
};

struct Metadata {
  std::string title;
  std::string author;
  std::string keywords;  // empty: none
  std::string date;      // ISO 8601, written as both creation and modification date
};

class Canvas {
 public:
  Canvas(const PageSetup&, const Metadata&, Paragraph footer);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  double text_width_pt() const;

  // Flows across pages, line by line.
  void flow(const Paragraph&);
  // Side-by-side columns, moved whole to a new page if they do not fit.
  void row(const std::vector<Column>&);

  // Ends the last page and returns the PDF. Call once.
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chibo::minutes::pdf
