// The report's layout engine: our own line breaking and pagination over the PDF writer's font
// metrics, so that no text is ever hidden by overflow (tech-notes §2: PoDoFo clips text that
// does not fit its box but leaves it in the content stream).
//
// Layout happens first, into a display list (pages of drawing operations); the PDF is written
// afterwards, once the page count is known, so that every footer can say "page X / Y". Images
// are referred to by index and loaded by the renderer one at a time, just before the first page
// that draws them.
//
// Private to scelle_report. Not thread-safe: one Flow per report.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "scelle/report/pdf_writer.h"

namespace scelle::core::report {

using pdf::Color;
using pdf::Font;
using pdf::Rect;

struct PageSize {
    double w = 0, h = 0;
};
inline constexpr PageSize kA4Portrait{595.28, 841.89};
inline constexpr PageSize kA4Landscape{841.89, 595.28};

inline constexpr Color kInk{0.10, 0.10, 0.12};
inline constexpr Color kMuted{0.38, 0.38, 0.42};
inline constexpr Color kAccent{0.09, 0.23, 0.45};
inline constexpr Color kLinkBlue{0.05, 0.30, 0.70};
inline constexpr Color kWarn{0.62, 0.18, 0.05};
inline constexpr Color kRule{0.75, 0.77, 0.80};
inline constexpr Color kShade{0.94, 0.95, 0.97};

struct TextOp {
    double x = 0, baseline = 0;
    Font font = Font::sans;
    double size = 10;
    std::string text;
    Color color;
};
struct RectOp {
    Rect r;
    Color color;
    bool fill = true;
    double line_width = 0.5;
};
// Rectangles filled as one path (their union), so that those sharing an edge show no seam.
struct ShapeOp {
    std::vector<Rect> rects;
    Color color;
};
struct LineOp {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0, width = 0.5;
    Color color;
};
struct ImageOp {
    std::size_t image = 0;  // index into the report's image list
    Rect place;
    std::optional<Rect> clip;
};
struct LinkOp {
    Rect area;
    std::string uri;
};
using Op = std::variant<TextOp, RectOp, ShapeOp, LineOp, ImageOp, LinkOp>;

struct Page {
    PageSize size = kA4Portrait;
    std::vector<Op> ops;
};

// A run of text in one style. `link`: a URI the run opens when clicked.
struct Span {
    std::string text;
    Font font = Font::sans;
    double size = 10;
    Color color = kInk;
    std::string link;
};
using Spans = std::vector<Span>;

// One laid-out line: fragments in one style each, placed from the line's start.
struct Fragment {
    std::string text;
    Font font = Font::sans;
    double size = 10;
    Color color;
    std::string link;
    double x = 0, width = 0;
};
struct Line {
    std::vector<Fragment> fragments;
    double width = 0;
    double size = 0;  // the largest font size on the line
};

// Text widths from the writer's fonts, cached per code point (no kerning: each glyph's advance,
// as the writer draws it).
class Metrics {
  public:
    explicit Metrics(const pdf::Writer& writer) : m_writer(writer) {}
    double width(Font font, double size, std::string_view utf8);
    double ascent(Font font, double size) const { return m_writer.ascent(font, size); }
    bool has_glyph(Font font, char32_t c);

  private:
    const pdf::Writer& m_writer;
    std::unordered_map<char32_t, double> m_cache[pdf::kFontCount];  // per font, width at size 1
    std::unordered_map<char32_t, bool> m_glyphs[pdf::kFontCount];   // per font
};

// Breaks spans into lines of at most `width` points: at spaces, at "\n" (hard breaks), and inside
// a word only when the word alone is wider than a line; such a break is marked by kContinued at
// the end of the line (muted, outside any link). A character the span's font lacks (Hebrew in
// the monospaced font, say) is drawn in DejaVu Sans when that font has it.
std::vector<Line> wrap(Metrics& metrics, const Spans& spans, double width);

// The mark ending a line where a word (an address, an identifier) was broken: "↩", which text
// extraction keeps, so that a copied address shows where to join it. The link annotation of a
// broken address still holds the whole address.
inline constexpr std::string_view kContinued = "\u21A9";

struct Margins {
    double left = 50, right = 50, top = 50, bottom = 56;
};

struct TableColumn {
    double width = 0;
    Spans header;
};
struct TableRow {
    std::vector<Spans> cells;  // one per column
    // Drawn under the cells, across the columns from `below_from` to the last.
    Spans below;
    std::size_t below_from = 0;
    // The second cell spans every column after the first (a label, then one long value).
    bool span_rest = false;
};

// The flow of blocks down the pages: paragraphs, headings, tables, images, all split across
// pages where they must be.
class Flow {
  public:
    Flow(Metrics& metrics, Margins margins = {}) : m_metrics(metrics), m_margins(margins) {}

    void new_page(PageSize size = kA4Portrait);
    bool has_page() const { return !m_pages.empty(); }
    Page& page() { return m_pages.back(); }
    const Margins& margins() const { return m_margins; }
    double left() const { return m_margins.left; }
    double content_width() const;
    double cursor() const { return m_y; }
    double remaining() const { return m_y - m_margins.bottom; }
    double full_height() const;
    // Starts a new page (same size) unless `height` points fit below the cursor.
    void need(double height);
    void skip(double height) { m_y -= height; }
    void set_cursor(double y) { m_y = y; }

    // Wrapped text, split across pages line by line.
    void paragraph(const Spans& spans, double indent = 0, double leading = 1.35);
    // A heading kept with the next `keep` points.
    void heading(std::string_view text, int level, double keep = 60);
    // Lines drawn with their top at the cursor; returns the height used. No page break.
    double draw_lines(const std::vector<Line>& lines, double x, double leading);
    void rule(Color color = kRule, double width = 0.6);
    void table(const std::vector<TableColumn>& columns, const std::vector<TableRow>& rows,
               double leading = 1.25);
    // A bullet or number, then the item's paragraph indented.
    void list_item(std::string_view marker, const Spans& spans, double indent);
    // A block of monospaced lines on a shaded background, split across pages.
    void code_block(std::string_view text, double size, double indent = 0);

    // An image `px_w` x `px_h` pixels, at most `max_scale` points per pixel: below the cursor if
    // it fits well, else on a new page, else (very tall) split across pages with `on_part` called
    // at the top of each continuation page (part 2 of N, ...).
    void image(std::size_t index, double px_w, double px_h, double max_scale,
               const std::function<void(int part, int parts)>& on_part);

    std::vector<Page> take_pages() { return std::move(m_pages); }

  private:
    // Room for line `i` of `lines`, keeping the first two and the last two lines together.
    void need_lines(const std::vector<Line>& lines, std::size_t i, double leading);
    void draw_fragment(const Fragment& f, double x, double baseline);
    Metrics& m_metrics;
    Margins m_margins;
    std::vector<Page> m_pages;
    double m_y = 0;
};

// A QR code of `text` (byte mode, error correction level M): a white square holding the code
// and its quiet zone of 4 modules, `module` points each, top-left corner at (x, top); the dark
// modules are one shape (no seams between rows, which break decoding). Returns the side length
// in points, quiet zone included, or 0 when the text cannot be encoded.
double draw_qr(Page& page, std::string_view text, double x, double top, double module);

// Writes the pages: images are loaded through `load_image` just before the first page that
// draws them; `footer` draws each page's footer (page number, total). An image that fails to
// load (damage found only when the whole file is read) is drawn as a crossed frame holding
// `failed_text`.
using ImageLoader = std::function<Result<pdf::ImageId>(std::size_t index)>;
using FooterPainter = std::function<void(pdf::Writer&, const Page&, int page_no, int pages)>;
Result<void> render(pdf::Writer& writer, const std::vector<Page>& pages,
                    const ImageLoader& load_image, const FooterPainter& footer,
                    const std::string& failed_text, const std::function<bool()>& cancelled);

}  // namespace scelle::core::report
