// Drawing the laid-out pages: QR codes into a page, then every page through the PDF writer
// (see report_layout.h).
#include <qrencode.h>

#include <memory>
#include <unordered_map>

#include "report_layout.h"
#include "scelle/base/handle.h"

namespace scelle::core::report {

double draw_qr(Page& page, std::string_view text, double x, double top, double module) {
    const std::string s(text);
    const Handle<QRcode, QRcode_free> qr(QRcode_encodeString8bit(s.c_str(), 0, QR_ECLEVEL_M));
    if (!qr)
        return 0;
    constexpr int quiet = 4;  // modules of light margin, as ISO/IEC 18004 asks
    const int n = qr->width;
    const double side = (n + 2 * quiet) * module;
    page.ops.push_back(RectOp{Rect{x, top - side, side, side}, Color{1, 1, 1}});
    // Each run of dark modules in a row is one rectangle; the rows of runs share their edges
    // exactly, and the whole code is filled as one path so that those edges leave no seam.
    ShapeOp shape{{}, Color{0, 0, 0}};
    const double x0 = x + quiet * module;
    const double top0 = top - quiet * module;
    for (int r = 0; r < n; ++r) {
        int c = 0;
        while (c < n) {
            if ((qr->data[r * n + c] & 1) == 0) {
                ++c;
                continue;
            }
            const int start = c;
            while (c < n && (qr->data[r * n + c] & 1) != 0)
                ++c;
            shape.rects.push_back(
                Rect{x0 + start * module, top0 - (r + 1) * module, (c - start) * module, module});
        }
    }
    page.ops.push_back(std::move(shape));
    return side;
}

Result<void> render(pdf::Writer& writer, const std::vector<Page>& pages,
                    const ImageLoader& load_image, const FooterPainter& footer,
                    const std::string& failed_text, const std::function<bool()>& cancelled) {
    std::unordered_map<std::size_t, pdf::ImageId> loaded;
    std::unordered_map<std::size_t, bool> failed;
    const int total = static_cast<int>(pages.size());
    for (int p = 0; p < total; ++p) {
        if (cancelled && cancelled())
            return Error{Errc::output_failed, "", "cancelled", ECANCELED};
        const Page& page = pages[static_cast<std::size_t>(p)];
        for (const Op& op : page.ops) {
            const auto* im = std::get_if<ImageOp>(&op);
            if (!im || loaded.count(im->image) || failed.count(im->image))
                continue;
            Result<pdf::ImageId> id = load_image(im->image);
            if (id.ok())
                loaded.emplace(im->image, *id);
            else
                failed.emplace(im->image, true);
        }
        writer.begin_page(page.size.w, page.size.h);
        for (const Op& op : page.ops) {
            if (const auto* t = std::get_if<TextOp>(&op)) {
                writer.text(t->x, t->baseline, t->font, t->size, t->text, t->color);
            } else if (const auto* ro = std::get_if<RectOp>(&op)) {
                if (ro->fill)
                    writer.fill_rect(ro->r, ro->color);
                else
                    writer.stroke_rect(ro->r, ro->line_width, ro->color);
            } else if (const auto* sh = std::get_if<ShapeOp>(&op)) {
                writer.fill_rects(sh->rects, sh->color);
            } else if (const auto* l = std::get_if<LineOp>(&op)) {
                writer.line(l->x1, l->y1, l->x2, l->y2, l->width, l->color);
            } else if (const auto* im = std::get_if<ImageOp>(&op)) {
                if (auto it = loaded.find(im->image); it != loaded.end()) {
                    writer.image(it->second, im->place, im->clip);
                } else {
                    // Damage found only when the whole file was read: a crossed frame where the
                    // image would be; the item's text above says it cannot be shown.
                    const Rect r = im->clip ? *im->clip : im->place;
                    writer.stroke_rect(r, 0.8, kWarn);
                    writer.line(r.x, r.y, r.x + r.w, r.y + r.h, 0.5, kWarn);
                    writer.line(r.x, r.y + r.h, r.x + r.w, r.y, 0.5, kWarn);
                    const double w = writer.text_width(Font::sans_bold, 11, failed_text);
                    writer.fill_rect(Rect{r.x + r.w / 2 - w / 2 - 6, r.y + r.h / 2 - 8, w + 12, 22},
                                     Color{1, 1, 1});
                    writer.text(r.x + r.w / 2 - w / 2, r.y + r.h / 2, Font::sans_bold, 11,
                                failed_text, kWarn);
                }
            } else if (const auto* k = std::get_if<LinkOp>(&op)) {
                writer.link(k->area, k->uri);
            }
        }
        if (footer)
            footer(writer, page, p + 1, total);
        writer.end_page();
    }
    return {};
}

}  // namespace scelle::core::report
