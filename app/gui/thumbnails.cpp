#include "thumbnails.h"

#include <wx/dcmemory.h>
#include <wx/image.h>
#include <wx/log.h>

#include <algorithm>
#include <cstring>
#include <system_error>

#include "scelle/base/text.h"

namespace scelle::gui {

std::optional<ThumbnailPixels> decode_thumbnail(const std::filesystem::path& file, int box,
                                                bool top_of_tall) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size == 0 || size > kMaxThumbnailSource)
        return std::nullopt;
    // wxLogNull is per thread: a damaged file logs nothing here and shows no dialog.
    wxLogNull quiet;
    wxImage img;
    // The image handlers are registered once, on the GUI thread, before any worker starts.
    if (!img.LoadFile(wxString::FromUTF8(core::path_to_utf8(file)), wxBITMAP_TYPE_ANY) ||
        !img.IsOk())
        return std::nullopt;
    const int w = img.GetWidth();
    int h = img.GetHeight();
    if (w <= 0 || h <= 0)
        return std::nullopt;
    if (top_of_tall && h > 2 * w) {
        img = img.GetSubImage(wxRect(0, 0, w, w));
        h = w;
    }
    const double scale =
        std::min(1.0, std::min(static_cast<double>(box) / w, static_cast<double>(box) / h));
    const int tw = std::max(1, static_cast<int>(w * scale));
    const int th = std::max(1, static_cast<int>(h * scale));
    if (tw != w || th != h)
        img.Rescale(tw, th, wxIMAGE_QUALITY_BOX_AVERAGE);
    ThumbnailPixels px;
    px.width = tw;
    px.height = th;
    const auto n = static_cast<std::size_t>(tw) * static_cast<std::size_t>(th);
    px.rgb.assign(img.GetData(), img.GetData() + n * 3);
    if (img.HasAlpha())
        px.alpha.assign(img.GetAlpha(), img.GetAlpha() + n);
    return px;
}

wxBitmap to_bitmap(const ThumbnailPixels& px, int box) {
    // wxImage takes ownership of malloc'ed buffers.
    auto* rgb = static_cast<unsigned char*>(malloc(px.rgb.size()));
    std::memcpy(rgb, px.rgb.data(), px.rgb.size());
    wxImage img(px.width, px.height, rgb);
    if (!px.alpha.empty()) {
        auto* a = static_cast<unsigned char*>(malloc(px.alpha.size()));
        std::memcpy(a, px.alpha.data(), px.alpha.size());
        img.SetAlpha(a);
    }
    wxBitmap canvas(box, box, 24);
    {
        wxMemoryDC dc(canvas);
        dc.SetBackground(wxBrush(wxColour(236, 236, 236)));
        dc.Clear();
        dc.DrawBitmap(wxBitmap(img), (box - px.width) / 2, (box - px.height) / 2, true);
    }
    return canvas;
}

}  // namespace scelle::gui
