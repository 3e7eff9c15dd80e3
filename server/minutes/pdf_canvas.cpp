#include "minutes/pdf_canvas.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <stdexcept>

namespace chibo::minutes::pdf {

namespace {

struct CairoDestroy {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct GUnref {
  void operator()(gpointer p) const { g_object_unref(p); }
};
template <class T>
using GPtr = std::unique_ptr<T, GUnref>;
using LayoutPtr = GPtr<PangoLayout>;

struct IterFree {
  void operator()(PangoLayoutIter* i) const { pango_layout_iter_free(i); }
};
struct FontDescFree {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
struct AttrListUnref {
  void operator()(PangoAttrList* a) const { pango_attr_list_unref(a); }
};
struct FontOptionsDestroy {
  void operator()(cairo_font_options_t* o) const { cairo_font_options_destroy(o); }
};

double from_pango(int units) { return static_cast<double>(units) / PANGO_SCALE; }
int to_pango(double pt) { return static_cast<int>(pt * PANGO_SCALE + 0.5); }

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

struct Canvas::Impl {
  PageSetup setup;
  Paragraph footer;
  std::string out;  // declared before the surface: the stream writes into it
  std::unique_ptr<cairo_surface_t, CairoDestroy> surface;
  std::unique_ptr<cairo_t, CairoDestroy> cr;
  GPtr<PangoFontMap> fonts;
  GPtr<PangoContext> context;
  double y = 0;             // the cursor, from the top of the page
  bool page_empty = true;   // nothing drawn on this page yet
  bool finished = false;

  double bottom_limit() const { return setup.height_pt - setup.bottom_pt; }
  double text_width() const { return setup.width_pt - setup.left_pt - setup.right_pt; }

  LayoutPtr layout(const Paragraph& p, double width) const {
    LayoutPtr l(pango_layout_new(context.get()));
    std::string text;
    std::unique_ptr<PangoAttrList, AttrListUnref> attrs(pango_attr_list_new());
    for (const Span& s : p.spans) {
      const auto start = static_cast<guint>(text.size());
      text += s.text;
      if (s.bold && !p.style.bold) {
        PangoAttribute* a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        a->start_index = start;
        a->end_index = static_cast<guint>(text.size());
        pango_attr_list_insert(attrs.get(), a);  // the list owns it
      }
    }
    if (p.style.underline) pango_attr_list_insert(attrs.get(), pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
    pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
    pango_layout_set_attributes(l.get(), attrs.get());

    std::unique_ptr<PangoFontDescription, FontDescFree> font(
        pango_font_description_from_string(setup.font_family.c_str()));
    // Absolute: points are the PDF's device units, whatever the resolution.
    pango_font_description_set_absolute_size(font.get(), p.style.pt * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), p.style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font.get(), p.style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(l.get(), font.get());

    pango_layout_set_width(l.get(), to_pango(width));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_indent(l.get(), to_pango(p.style.first_indent_pt));
    pango_layout_set_line_spacing(l.get(), static_cast<float>(setup.line_spacing));
    pango_layout_set_alignment(l.get(), p.style.align == Align::center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    // Pango leaves the last line of a justified paragraph ragged, as Word does.
    pango_layout_set_justify(l.get(), p.style.align == Align::justify);
    return l;
  }

  static double height(PangoLayout* l) {
    int h = 0;
    pango_layout_get_size(l, nullptr, &h);
    return from_pango(h);
  }

  void draw_footer() {
    LayoutPtr l = layout(footer, text_width());
    cairo_move_to(cr.get(), setup.left_pt, setup.height_pt - setup.footer_from_edge_pt - height(l.get()));
    pango_cairo_show_layout(cr.get(), l.get());
  }

  void new_page() {
    draw_footer();
    cairo_show_page(cr.get());
    y = setup.top_pt;
    page_empty = true;
  }

  // Space before a paragraph, dropped at the top of a page (as Word does).
  void space_before(double pt) {
    if (!page_empty) y += pt;
  }
};

Canvas::Canvas(const PageSetup& setup, const Metadata& meta, Paragraph footer) : impl_(new Impl) {
  Impl& m = *impl_;
  m.setup = setup;
  m.footer = std::move(footer);
  m.y = setup.top_pt;
  m.surface.reset(cairo_pdf_surface_create_for_stream(append, &m.out, setup.width_pt, setup.height_pt));
  cairo_surface_t* s = m.surface.get();
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("pdf: cannot create surface");
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, meta.title.c_str());
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, meta.author.c_str());
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "chibo");
  if (!meta.keywords.empty()) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, meta.keywords.c_str());
  // cairo stamps the current time otherwise; fixed dates keep re-renders identical.
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, meta.date.c_str());
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, meta.date.c_str());

  m.cr.reset(cairo_create(s));
  // A font map of our own: no state shared with other threads or renders.
  m.fonts.reset(pango_cairo_font_map_new());
  m.context.reset(pango_font_map_create_context(m.fonts.get()));
  pango_cairo_update_context(m.cr.get(), m.context.get());
  // Unhinted outlines and exact glyph positions: the layout is the font's, not
  // a screen's, and so the same on every machine with the same font.
  std::unique_ptr<cairo_font_options_t, FontOptionsDestroy> options(cairo_font_options_create());
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(m.context.get(), options.get());
  pango_context_set_round_glyph_positions(m.context.get(), FALSE);
  pango_context_set_language(m.context.get(), pango_language_from_string("vi"));
  cairo_set_source_rgb(m.cr.get(), 0, 0, 0);
}

Canvas::~Canvas() = default;

double Canvas::text_width_pt() const { return impl_->text_width(); }

void Canvas::flow(const Paragraph& p) {
  Impl& m = *impl_;
  LayoutPtr l = m.layout(p, m.text_width());
  m.space_before(p.style.before_pt);
  if (p.style.keep_with_next && !m.page_empty) {
    // Room for this paragraph and two lines of what follows.
    const double reserve = Impl::height(l.get()) + 2 * p.style.pt * 1.2 * m.setup.line_spacing;
    if (m.y + reserve > m.bottom_limit()) m.new_page();
  }

  std::unique_ptr<PangoLayoutIter, IterFree> it(pango_layout_get_iter(l.get()));
  int fragment_top = 0;  // layout y of the first line on the current page
  int last_bottom = 0;
  bool first = true;
  do {
    int top = 0, bottom = 0;
    pango_layout_iter_get_line_yrange(it.get(), &top, &bottom);
    if (first) fragment_top = top;
    // Break before a line that does not fit, unless it is alone on its page.
    if (m.y + from_pango(bottom - fragment_top) > m.bottom_limit() && !(first && m.page_empty)) {
      m.new_page();
      fragment_top = top;
    }
    PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it.get());
    PangoRectangle in_layout, in_line;
    pango_layout_iter_get_line_extents(it.get(), nullptr, &in_layout);
    pango_layout_line_get_extents(line, nullptr, &in_line);
    const double x = m.setup.left_pt + from_pango(in_layout.x - in_line.x);
    const double baseline = m.y + from_pango(pango_layout_iter_get_baseline(it.get()) - fragment_top);
    cairo_move_to(m.cr.get(), x, baseline);
    pango_cairo_show_layout_line(m.cr.get(), line);
    m.page_empty = false;
    last_bottom = bottom;
    first = false;
  } while (pango_layout_iter_next_line(it.get()));
  m.y += from_pango(last_bottom - fragment_top) + p.style.after_pt;
}

void Canvas::row(const std::vector<Column>& columns) {
  Impl& m = *impl_;
  struct Placed {
    double x, y;
    LayoutPtr layout;
  };
  std::vector<Placed> placed;
  double row_height = 0;
  for (const Column& c : columns) {
    double cy = 0;
    for (const Paragraph& p : c.paragraphs) {
      cy += p.style.before_pt;
      LayoutPtr l = m.layout(p, c.width_pt);
      const double h = Impl::height(l.get());
      placed.push_back({c.left_pt, cy, std::move(l)});
      cy += h + p.style.after_pt;
    }
    row_height = std::max(row_height, cy);
  }
  if (m.y + row_height > m.bottom_limit() && !m.page_empty) m.new_page();
  for (const Placed& p : placed) {
    cairo_move_to(m.cr.get(), m.setup.left_pt + p.x, m.y + p.y);
    pango_cairo_show_layout(m.cr.get(), p.layout.get());
  }
  m.y += row_height;
  m.page_empty = false;
}

std::string Canvas::finish() {
  Impl& m = *impl_;
  if (m.finished) throw std::logic_error("pdf: finish called twice");
  m.finished = true;
  m.draw_footer();
  cairo_show_page(m.cr.get());
  m.cr.reset();
  cairo_surface_finish(m.surface.get());
  if (cairo_surface_status(m.surface.get()) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("pdf: ") + cairo_status_to_string(cairo_surface_status(m.surface.get())));
  return std::move(m.out);
}

}  // namespace chibo::minutes::pdf
