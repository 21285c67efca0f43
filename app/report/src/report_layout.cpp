// The report's layout engine (see report_layout.h).
#include "report_layout.h"

#include "report_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>

namespace scelle::core::report {

namespace {

// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes give U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int len = b0 < 0x80           ? 1
              : (b0 >> 5) == 0x6  ? 2
              : (b0 >> 4) == 0xE  ? 3
              : (b0 >> 3) == 0x1E ? 4
                                  : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (int k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

std::size_t font_index(Font f) {
    return static_cast<std::size_t>(f);
}

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// A piece of text between break opportunities: a word (no spaces), one run of spaces, or a
// hard line break. Words of consecutive spans without a space between stay one unit.
struct Piece {
    enum class Kind { word, space, newline } kind = Kind::word;
    std::string text;
    const Span* span = nullptr;
    double width = 0;
};

std::vector<Piece> split_pieces(Metrics& m, const Spans& spans) {
    std::vector<Piece> out;
    for (const Span& sp : spans) {
        std::size_t i = 0;
        const std::string& t = sp.text;
        while (i < t.size()) {
            Piece p;
            p.span = &sp;
            std::size_t j = i;
            if (t[i] == '\n') {
                p.kind = Piece::Kind::newline;
                j = i + 1;
            } else if (is_space(t[i]) || t[i] == '\r') {
                p.kind = Piece::Kind::space;
                while (j < t.size() && (is_space(t[j]) || t[j] == '\r'))
                    ++j;
                p.text = " ";
            } else {
                while (j < t.size() && !is_space(t[j]) && t[j] != '\n' && t[j] != '\r')
                    ++j;
                p.text = t.substr(i, j - i);
            }
            if (p.kind != Piece::Kind::newline)
                p.width = m.width(sp.font, sp.size, p.text);
            out.push_back(std::move(p));
            i = j;
        }
    }
    return out;
}

class LineBuilder {
  public:
    LineBuilder(Metrics& m, double width) : m_metrics(m), m_width(width) {}

    void add_word_group(const std::vector<const Piece*>& group) {
        double w = 0;
        for (const Piece* p : group)
            w += p->width;
        const double space = pending_space_width();
        if (!m_line.fragments.empty() && m_line.width + space + w > m_width + 1e-6)
            finish_line();
        if (w > m_width + 1e-6) {  // wider than a whole line: split it where it must
            for (const Piece* p : group)
                add_split(*p);
            return;
        }
        flush_space();
        for (const Piece* p : group)
            append(*p->span, p->text, p->width);
    }
    void add_space(const Piece& p) {
        if (!m_line.fragments.empty())
            m_space = &p;
    }
    void hard_break() { finish_line(true); }
    std::vector<Line> take() {
        if (!m_line.fragments.empty() || m_lines.empty())
            finish_line(true);
        return std::move(m_lines);
    }

  private:
    double pending_space_width() const { return m_space ? m_space->width : 0; }
    void flush_space() {
        if (m_space && !m_line.fragments.empty())
            append(*m_space->span, " ", m_space->width);
        m_space = nullptr;
    }
    void append(const Span& sp, std::string_view text, double w) {
        if (!m_line.fragments.empty()) {
            Fragment& last = m_line.fragments.back();
            if (last.font == sp.font && last.size == sp.size && last.link == sp.link &&
                last.color.r == sp.color.r && last.color.g == sp.color.g &&
                last.color.b == sp.color.b) {
                last.text += text;
                last.width += w;
                m_line.width += w;
                return;
            }
        }
        Fragment f{std::string(text), sp.font, sp.size, sp.color, sp.link, m_line.width, w};
        m_line.fragments.push_back(std::move(f));
        m_line.width += w;
        m_line.size = std::max(m_line.size, sp.size);
    }
    // A word wider than the line: as many code points per line as fit with the continuation
    // mark after them.
    void add_split(const Piece& p) {
        flush_space();
        const Span mark{std::string(kContinued), Font::sans, p.span->size, kMuted, {}};
        const double mark_w = m_metrics.width(mark.font, mark.size, mark.text);
        std::size_t i = 0;
        std::string chunk;
        double chunk_w = 0;
        while (i < p.text.size()) {
            const std::size_t start = i;
            next_code_point(p.text, i);
            const std::string_view cp_text(p.text.data() + start, i - start);
            const double w = m_metrics.width(p.span->font, p.span->size, cp_text);
            if (m_line.width + chunk_w + w + mark_w > m_width + 1e-6 &&
                (!chunk.empty() || !m_line.fragments.empty())) {
                append(*p.span, chunk, chunk_w);
                if (!chunk.empty())
                    append(mark, mark.text, mark_w);
                finish_line();
                chunk.clear();
                chunk_w = 0;
            }
            chunk += cp_text;
            chunk_w += w;
        }
        if (!chunk.empty())
            append(*p.span, chunk, chunk_w);
    }
    void finish_line(bool forced = false) {
        (void)forced;
        m_space = nullptr;
        if (m_line.size == 0)
            m_line.size = m_last_size;
        m_last_size = m_line.size;
        m_lines.push_back(std::move(m_line));
        m_line = Line{};
    }

    Metrics& m_metrics;
    double m_width;
    Line m_line;
    std::vector<Line> m_lines;
    const Piece* m_space = nullptr;
    double m_last_size = 10;
};

}  // namespace

double Metrics::width(Font font, double size, std::string_view utf8) {
    auto& cache = m_cache[font_index(font)];
    double total = 0;
    std::size_t i = 0;
    while (i < utf8.size()) {
        const std::size_t start = i;
        const char32_t cp = next_code_point(utf8, i);
        auto it = cache.find(cp);
        if (it == cache.end()) {
            const double w = m_writer.text_width(font, 1.0, utf8.substr(start, i - start));
            it = cache.emplace(cp, w).first;
        }
        total += it->second;
    }
    return total * size;
}

bool Metrics::has_glyph(Font font, char32_t c) {
    auto& cache = m_glyphs[font_index(font)];
    auto it = cache.find(c);
    if (it == cache.end())
        it = cache.emplace(c, m_writer.has_glyph(font, c)).first;
    return it->second;
}

namespace {

// Spans split where their font lacks a character that DejaVu Sans has: those characters are
// drawn in Sans (same size, colour, link) instead of a replacement mark.
Spans with_fallback_font(Metrics& m, const Spans& spans) {
    Spans out;
    for (const Span& sp : spans) {
        if (sp.font == Font::sans) {
            out.push_back(sp);
            continue;
        }
        // Each code point's font; ASCII punctuation between two fallback characters ("_" in a
        // Hebrew handle) goes with them, so that a right-to-left run is reordered whole.
        std::vector<std::pair<std::size_t, bool>> cps;  // byte offset, drawn in Sans
        for (std::size_t i = 0; i < sp.text.size();) {
            const std::size_t at = i;
            const char32_t c = next_code_point(sp.text, i);
            cps.emplace_back(at,
                             c > 0x7F && !m.has_glyph(sp.font, c) && m.has_glyph(Font::sans, c));
        }
        auto neutral = [&](std::size_t k) {
            const char ch = sp.text[cps[k].first];
            return static_cast<unsigned char>(ch) < 0x80 &&
                   !std::isalnum(static_cast<unsigned char>(ch)) && ch != '"';
        };
        for (std::size_t k = 0; k < cps.size(); ++k) {
            if (cps[k].second || !neutral(k) || k == 0 || !cps[k - 1].second)
                continue;
            std::size_t j = k;
            while (j < cps.size() && !cps[j].second && neutral(j))
                ++j;
            if (j < cps.size() && cps[j].second)
                for (std::size_t x = k; x < j; ++x)
                    cps[x].second = true;
            k = j;
        }
        std::size_t run_start = 0;
        bool run_fallback = false;
        auto flush = [&](std::size_t end) {
            if (end > run_start) {
                Span part = sp;
                part.text = sp.text.substr(run_start, end - run_start);
                if (run_fallback)
                    part.font = Font::sans;
                out.push_back(std::move(part));
            }
            run_start = end;
        };
        for (const auto& [at, fallback] : cps) {
            if (fallback != run_fallback) {
                flush(at);
                run_fallback = fallback;
            }
        }
        flush(sp.text.size());
    }
    return out;
}

}  // namespace

std::vector<Line> wrap(Metrics& metrics, const Spans& given, double width) {
    const Spans spans = with_fallback_font(metrics, given);
    const std::vector<Piece> pieces = split_pieces(metrics, spans);
    LineBuilder lb(metrics, width);
    std::vector<const Piece*> group;
    auto flush_group = [&] {
        if (!group.empty())
            lb.add_word_group(group);
        group.clear();
    };
    for (const Piece& p : pieces) {
        switch (p.kind) {
            case Piece::Kind::word:
                group.push_back(&p);
                break;
            case Piece::Kind::space:
                flush_group();
                lb.add_space(p);
                break;
            case Piece::Kind::newline:
                flush_group();
                lb.hard_break();
                break;
        }
    }
    flush_group();
    std::vector<Line> lines = lb.take();
    for (Line& l : lines)
        if (l.size == 0)
            l.size = spans.empty() ? 10 : spans.front().size;
    return lines;
}

void Flow::new_page(PageSize size) {
    m_pages.push_back(Page{size, {}});
    m_y = size.h - m_margins.top;
}

double Flow::content_width() const {
    const double w = m_pages.empty() ? kA4Portrait.w : m_pages.back().size.w;
    return w - m_margins.left - m_margins.right;
}

double Flow::full_height() const {
    const double h = m_pages.empty() ? kA4Portrait.h : m_pages.back().size.h;
    return h - m_margins.top - m_margins.bottom;
}

void Flow::need(double height) {
    if (m_pages.empty()) {
        new_page();
        return;
    }
    if (remaining() < height)
        new_page(m_pages.back().size);
}

void Flow::need_lines(const std::vector<Line>& lines, std::size_t i, double leading) {
    // No lone line: the first two lines of a paragraph start on the same page, and its last
    // two end on the same page (a paragraph of two lines is never split).
    const std::size_t n = lines.size();
    double h = lines[i].size * leading;
    if (n >= 2 && (i == 0 || i + 2 == n) && i + 1 < n)
        h += lines[i + 1].size * leading;
    if (h > full_height())
        h = lines[i].size * leading;
    need(h);
}

void Flow::draw_fragment(const Fragment& f, double x, double baseline) {
    if (f.text.empty())
        return;
    page().ops.push_back(TextOp{x + f.x, baseline, f.font, f.size, visual_order(f.text), f.color});
    // A link is shown by its colour only: an underline would hide the underscores of an
    // address or a handle ("xX_Dark_du_93").
    if (!f.link.empty()) {
        const double asc = m_metrics.ascent(f.font, f.size);
        page().ops.push_back(
            LinkOp{Rect{x + f.x, baseline - f.size * 0.25, f.width, asc + f.size * 0.25}, f.link});
    }
}

double Flow::draw_lines(const std::vector<Line>& lines, double x, double leading) {
    double y = m_y;
    for (const Line& l : lines) {
        const double lh = l.size * leading;
        const double baseline = y - l.size * 0.95;
        for (const Fragment& f : l.fragments)
            draw_fragment(f, x, baseline);
        y -= lh;
    }
    return m_y - y;
}

void Flow::paragraph(const Spans& spans, double indent, double leading) {
    need(0);
    const std::vector<Line> lines = wrap(m_metrics, spans, content_width() - indent);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& l = lines[i];
        const double lh = l.size * leading;
        need_lines(lines, i, leading);
        const double baseline = m_y - l.size * 0.95;
        for (const Fragment& f : l.fragments)
            draw_fragment(f, m_margins.left + indent, baseline);
        m_y -= lh;
    }
}

void Flow::heading(std::string_view text, int level, double keep) {
    const double size = level <= 1 ? 17 : level == 2 ? 13 : 11.5;
    const Spans spans{Span{std::string(text), Font::sans_bold, size, kAccent, {}}};
    const std::vector<Line> lines = wrap(m_metrics, spans, content_width());
    const double h = static_cast<double>(lines.size()) * size * 1.25 + (level <= 1 ? 10 : 4);
    need(h + keep);
    if (m_y < page().size.h - m_margins.top - 1)  // not at the top of a page
        m_y -= level <= 1 ? 10 : 6;
    m_y -= draw_lines(lines, m_margins.left, 1.25);
    if (level <= 1) {
        m_y -= 2;
        rule(kAccent, 1.0);
        m_y -= 6;
    } else {
        m_y -= 2;
    }
}

void Flow::rule(Color color, double width) {
    need(2);
    page().ops.push_back(
        LineOp{m_margins.left, m_y, m_margins.left + content_width(), m_y, width, color});
}

void Flow::list_item(std::string_view marker, const Spans& spans, double indent) {
    if (spans.empty())
        return;
    const double size = spans.front().size;
    const std::vector<Line> lines = wrap(m_metrics, spans, content_width() - indent - 14);
    bool first = true;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& l = lines[i];
        const double lh = l.size * 1.35;
        need_lines(lines, i, 1.35);
        const double baseline = m_y - l.size * 0.95;
        if (first)
            page().ops.push_back(TextOp{m_margins.left + indent, baseline, Font::sans, size,
                                        std::string(marker), kAccent});
        first = false;
        for (const Fragment& f : l.fragments)
            draw_fragment(f, m_margins.left + indent + 14, baseline);
        m_y -= lh;
    }
}

void Flow::code_block(std::string_view text, double size, double indent) {
    const Spans spans{Span{std::string(text), Font::mono, size, kInk, {}}};
    const std::vector<Line> lines = wrap(m_metrics, spans, content_width() - indent - 12);
    const double lh = size * 1.3;
    std::size_t i = 0;
    while (i < lines.size()) {
        need(lh + 8);
        const double top = m_y;
        std::size_t n = 0;
        while (i + n < lines.size() && (static_cast<double>(n + 1) * lh + 8) <= remaining())
            ++n;
        n = std::max<std::size_t>(n, 1);
        const double h = static_cast<double>(n) * lh + 8;
        page().ops.push_back(
            RectOp{Rect{m_margins.left + indent, top - h, content_width() - indent, h}, kShade});
        m_y -= 4;
        for (std::size_t k = 0; k < n; ++k) {
            const double baseline = m_y - size * 0.95;
            for (const Fragment& f : lines[i + k].fragments)
                draw_fragment(f, m_margins.left + indent + 6, baseline);
            m_y -= lh;
        }
        m_y -= 4;
        i += n;
    }
    m_y -= 4;
}

namespace {

struct LaidRow {
    std::vector<std::vector<Line>> cells;
    std::vector<Line> below;
    double height = 0;
};

double lines_height(const std::vector<Line>& lines, double leading) {
    double h = 0;
    for (const Line& l : lines)
        h += l.size * leading;
    return h;
}

}  // namespace

void Flow::table(const std::vector<TableColumn>& columns, const std::vector<TableRow>& rows,
                 double leading) {
    constexpr double pad = 3;
    std::vector<double> xs;
    double x = m_margins.left;
    for (const TableColumn& c : columns) {
        xs.push_back(x);
        x += c.width;
    }
    const double total_w = x - m_margins.left;
    bool has_header = false;
    std::vector<std::vector<Line>> header;
    double header_h = 0;
    for (const TableColumn& c : columns) {
        header.push_back(wrap(m_metrics, c.header, c.width - 2 * pad));
        has_header = has_header || !c.header.empty();
        header_h = std::max(header_h, lines_height(header.back(), leading));
    }
    header_h += 2 * pad;
    auto draw_header = [&] {
        if (!has_header)
            return;
        page().ops.push_back(RectOp{Rect{m_margins.left, m_y - header_h, total_w, header_h},
                                    Color{0.86, 0.89, 0.94}});
        const double top = m_y;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            m_y = top - pad;
            draw_lines(header[c], xs[c] + pad, leading);
        }
        m_y = top - header_h;
    };
    need(header_h + 30);
    draw_header();
    bool shade = false;
    for (const TableRow& row : rows) {
        LaidRow lr;
        double cells_h = 0;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const double cell_w =
                row.span_rest && c == 1 ? total_w - columns[0].width : columns[c].width;
            const bool empty = c >= row.cells.size() || (row.span_rest && c > 1);
            lr.cells.push_back(empty ? std::vector<Line>{}
                                     : wrap(m_metrics, row.cells[c], cell_w - 2 * pad));
            cells_h = std::max(cells_h, lines_height(lr.cells.back(), leading));
        }
        double below_w = 0;
        for (std::size_t c = row.below_from; c < columns.size(); ++c)
            below_w += columns[c].width;
        if (!row.below.empty())
            lr.below = wrap(m_metrics, row.below, below_w - 2 * pad);
        lr.height = cells_h + lines_height(lr.below, leading) + 2 * pad;
        // A row taller than a page is split line by line (each cell continues on the next
        // page); any other row moves whole to the next page when it does not fit.
        if (lr.height > remaining() && lr.height <= full_height() - header_h) {
            new_page(page().size);
            draw_header();
        }
        std::vector<std::size_t> next(columns.size(), 0);
        std::size_t next_below = 0;
        for (;;) {
            // How many lines of each cell fit on this page.
            const double avail = remaining() - 2 * pad;
            double used = 0;
            std::vector<std::size_t> take(columns.size(), 0);
            bool cells_done = true;
            for (std::size_t c = 0; c < columns.size(); ++c) {
                double h = 0;
                std::size_t k = next[c];
                while (k < lr.cells[c].size() && h + lr.cells[c][k].size * leading <= avail)
                    h += lr.cells[c][k++].size * leading;
                take[c] = k - next[c];
                used = std::max(used, h);
                cells_done = cells_done && k == lr.cells[c].size();
            }
            std::size_t take_below = 0;
            double below_h = 0;
            if (cells_done) {
                std::size_t k = next_below;
                while (k < lr.below.size() && used + below_h + lr.below[k].size * leading <= avail)
                    below_h += lr.below[k++].size * leading;
                take_below = k - next_below;
            }
            const double h = used + below_h + 2 * pad;
            if (shade)
                page().ops.push_back(RectOp{Rect{m_margins.left, m_y - h, total_w, h}, kShade});
            const double top = m_y;
            for (std::size_t c = 0; c < columns.size(); ++c) {
                m_y = top - pad;
                draw_lines(
                    std::vector<Line>(lr.cells[c].begin() + static_cast<long>(next[c]),
                                      lr.cells[c].begin() + static_cast<long>(next[c] + take[c])),
                    xs[c] + pad, leading);
                next[c] += take[c];
            }
            if (take_below > 0) {
                m_y = top - pad - used;
                draw_lines(std::vector<Line>(
                               lr.below.begin() + static_cast<long>(next_below),
                               lr.below.begin() + static_cast<long>(next_below + take_below)),
                           xs[row.below_from] + pad, leading);
                next_below += take_below;
            }
            m_y = top - h;
            page().ops.push_back(
                LineOp{m_margins.left, m_y, m_margins.left + total_w, m_y, 0.3, kRule});
            bool done = next_below == lr.below.size();
            for (std::size_t c = 0; c < columns.size(); ++c)
                done = done && next[c] == lr.cells[c].size();
            if (done)
                break;
            new_page(page().size);
            draw_header();
        }
        shade = !shade;
    }
    m_y -= 6;
}

void Flow::image(std::size_t index, double px_w, double px_h, double max_scale,
                 const std::function<void(int part, int parts)>& on_part) {
    if (px_w <= 0 || px_h <= 0)
        return;
    need(0);
    const double cw = content_width();
    const double fit_w = std::min(cw / px_w, max_scale);
    auto place = [&](double scale) {
        const double w = px_w * scale, h = px_h * scale;
        const double x = m_margins.left + (cw - w) / 2;
        page().ops.push_back(RectOp{Rect{x - 0.5, m_y - h - 0.5, w + 1, h + 1}, kRule, false, 0.5});
        page().ops.push_back(ImageOp{index, Rect{x, m_y - h, w, h}, std::nullopt});
        m_y -= h + 6;
    };
    if (px_h * fit_w <= remaining()) {
        place(fit_w);
        return;
    }
    // Taller than the room left: shrunk a little below the cursor, or on a page of its own, as
    // long as it keeps at least 45 % of the page's width scale (legible). Shrunk further, a very
    // tall image (a scrolling capture) would be unreadable: it keeps the width and runs over
    // several pages instead, every pixel row shown once.
    const double scale_page = std::min(fit_w, full_height() / px_h);
    if (scale_page >= 0.45 * fit_w) {
        const double scale_here = remaining() / px_h;
        if (scale_here >= 0.7 * scale_page) {
            place(scale_here);
        } else {
            new_page(page().size);
            place(scale_page);
        }
        return;
    }
    const double scale = fit_w;
    const double total_h = px_h * scale;
    const double w = px_w * scale;
    const double x = m_margins.left + (cw - w) / 2;
    // Parts: the first below the cursor when a quarter of a page is left there, else on a new
    // page; each next page holds full_height - 16 points of it (under its "part N / M" line).
    if (remaining() < 0.25 * full_height())
        new_page(page().size);
    const double first = remaining() - 6;
    const double slice = full_height() - 16;
    const int parts =
        1 + static_cast<int>(std::ceil(std::max(0.0, total_h - first) / slice - 1e-9));
    double done = 0;
    for (int part = 1; part <= parts; ++part) {
        if (part > 1)
            new_page(page().size);
        if (on_part)
            on_part(part, parts);
        const double h = std::min(part == 1 ? first : slice, total_h - done);
        const double top = m_y;
        const Rect clip{x, top - h, w, h};
        // The whole image placed so that the slice [done, done + h) falls inside the clip.
        const Rect where{x, top + done - total_h, w, total_h};
        page().ops.push_back(ImageOp{index, where, clip});
        page().ops.push_back(RectOp{Rect{x - 0.5, top - h - 0.5, w + 1, h + 1}, kRule, false, 0.5});
        m_y = top - h - 6;
        done += h;
    }
}

}  // namespace scelle::core::report
