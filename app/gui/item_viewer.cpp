#include "item_viewer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <functional>

#include <wx/button.h>
#include <wx/dcclient.h>
#include <wx/dcmemory.h>
#include <wx/display.h>
#include <wx/image.h>
#include <wx/intl.h>
#include <wx/scrolwin.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "accessible.h"
#include "art.h"
#include "error_text.h"
#include "item_list.h"

namespace scelle::gui {

namespace {

std::atomic<int> g_decodes{0};

constexpr double kZoomStep = 1.25;
constexpr double kMinScale = 1.0 / 32;
constexpr double kMaxScale = 16.0;

wxBitmap icon_tile(const char* theme_name, const wxArtID& fallback, int box) {
    const wxSize sz(box / 2, box / 2);
    wxBitmap small = icon(theme_name, fallback, wxART_OTHER, sz).GetBitmap(sz);
    wxBitmap canvas(box, box, 24);
    {
        wxMemoryDC dc(canvas);
        dc.SetBackground(wxBrush(wxColour(236, 236, 236)));
        dc.Clear();
        if (small.IsOk())
            dc.DrawBitmap(small, (box - small.GetWidth()) / 2, (box - small.GetHeight()) / 2, true);
    }
    return canvas;
}

wxBitmap to_full_bitmap(const ThumbnailPixels& px) {
    // wxImage takes ownership of malloc'ed buffers.
    auto* rgb = static_cast<unsigned char*>(malloc(px.rgb.size()));
    std::memcpy(rgb, px.rgb.data(), px.rgb.size());
    wxImage img(px.width, px.height, rgb);
    if (!px.alpha.empty()) {
        auto* a = static_cast<unsigned char*>(malloc(px.alpha.size()));
        std::memcpy(a, px.alpha.data(), px.alpha.size());
        img.SetAlpha(a);
    }
    return wxBitmap(img);
}

}  // namespace

// The picture (zoomed, scrolled) or a tile (its own size, centred).
class ViewerCanvas : public wxScrolled<wxWindow> {
  public:
    explicit ViewerCanvas(wxWindow* parent)
        : wxScrolled<wxWindow>(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                               wxHSCROLL | wxVSCROLL | wxFULL_REPAINT_ON_RESIZE) {
        SetBackgroundStyle(wxBG_STYLE_PAINT);
        SetScrollRate(FromDIP(16), FromDIP(16));
        Bind(wxEVT_PAINT, [this](wxPaintEvent&) {
            wxPaintDC dc(this);
            draw(dc);
        });
        Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
            if (m_fit)
                m_scale = fit_scale();
            update_virtual();
            Refresh();
            e.Skip();
        });
        Bind(wxEVT_MOUSEWHEEL, [this](wxMouseEvent& e) {
            if (!e.ControlDown() || !m_zoomable) {
                e.Skip();
                return;
            }
            zoom_to(e.GetWheelRotation() > 0 ? m_scale * kZoomStep : m_scale / kZoomStep);
            if (on_zoom)
                on_zoom();
        });
    }

    std::function<void()> on_zoom;

    // Boxes drawn over the picture (search hits), in the original's pixels; `per_pixel`: the
    // bitmap's pixels per original pixel (a picture larger than kViewerMaxSide is scaled down).
    // The first box is brought into view at 100 %.
    void set_marks(std::vector<wxRect> marks, double per_pixel) {
        m_marks = std::move(marks);
        m_per_pixel = per_pixel;
        if (m_marks.empty() || !m_zoomable || !m_bmp.IsOk()) {
            Refresh();
            return;
        }
        zoom_to(1.0);
        int ux = 1;
        int uy = 1;
        GetScrollPixelsPerUnit(&ux, &uy);
        const wxRect& r = m_marks.front();
        const int y = static_cast<int>(r.y * m_per_pixel) - GetClientSize().y / 3;
        Scroll(0, std::max(0, y) / std::max(1, uy));
        Refresh();
    }
    const std::vector<wxRect>& marks() const { return m_marks; }

    void set_picture(const wxBitmap& bmp) {
        m_marks.clear();
        m_bmp = bmp;
        m_zoomable = true;
        m_fit = true;
        m_scale = fit_scale();
        Scroll(0, 0);
        update_virtual();
        Refresh();
    }
    void set_tile(const wxBitmap& bmp) {
        m_marks.clear();
        m_bmp = bmp;
        m_zoomable = false;
        m_fit = true;
        m_scale = 1;
        Scroll(0, 0);
        update_virtual();
        Refresh();
    }

    bool zoomable() const { return m_zoomable; }
    double scale() const { return m_scale; }
    bool fitted() const { return m_fit; }
    wxSize drawn_size() const {
        if (!m_bmp.IsOk())
            return {};
        return {static_cast<int>(std::lround(m_bmp.GetWidth() * m_scale)),
                static_cast<int>(std::lround(m_bmp.GetHeight() * m_scale))};
    }

    void zoom_to(double scale) {
        if (!m_zoomable)
            return;
        scale = std::clamp(scale, kMinScale, kMaxScale);
        // The point in the middle of the view stays in the middle.
        const wxSize client = GetClientSize();
        const wxPoint top = CalcUnscrolledPosition(wxPoint(0, 0));
        const double cx = (top.x + client.x / 2.0) / m_scale;
        const double cy = (top.y + client.y / 2.0) / m_scale;
        m_scale = scale;
        m_fit = false;
        update_virtual();
        int ux = 1;
        int uy = 1;
        GetScrollPixelsPerUnit(&ux, &uy);
        const double nx = cx * m_scale - client.x / 2.0;
        const double ny = cy * m_scale - client.y / 2.0;
        Scroll(static_cast<int>(std::max(0.0, nx) / std::max(1, ux)),
               static_cast<int>(std::max(0.0, ny) / std::max(1, uy)));
        Refresh();
    }
    void fit() {
        if (!m_zoomable)
            return;
        m_fit = true;
        m_scale = fit_scale();
        Scroll(0, 0);
        update_virtual();
        Refresh();
    }

    void draw(wxDC& dc) const {
        dc.SetBackground(wxBrush(GetBackgroundColour()));
        dc.Clear();
        if (!m_bmp.IsOk())
            return;
        const wxSize ds = drawn_size();
        const wxSize client = GetClientSize();
        const wxPoint top = CalcUnscrolledPosition(wxPoint(0, 0));
        const wxPoint at(ds.x < client.x ? (client.x - ds.x) / 2 : -top.x,
                         ds.y < client.y ? (client.y - ds.y) / 2 : -top.y);
        if (m_scale == 1.0) {
            dc.DrawBitmap(m_bmp, at, true);
            draw_marks(dc, at);
            return;
        }
        // Scaled as it is drawn, only what is in view: a picture at 800 % is not made 64
        // times larger in memory.
        dc.SetDeviceOrigin(at.x, at.y);
        dc.SetUserScale(m_scale, m_scale);
        dc.DrawBitmap(m_bmp, 0, 0, true);
        dc.SetUserScale(1, 1);
        dc.SetDeviceOrigin(0, 0);
        draw_marks(dc, at);
    }
    void draw_marks(wxDC& dc, wxPoint at) const {
        if (m_marks.empty())
            return;
        // A wide orange frame with a dark edge: seen on light and dark chats alike.
        const double k = m_scale * m_per_pixel;
        dc.SetBrush(*wxTRANSPARENT_BRUSH);
        for (const wxRect& r : m_marks) {
            const wxRect on(
                at.x + static_cast<int>(r.x * k) - 6, at.y + static_cast<int>(r.y * k) - 6,
                static_cast<int>(r.width * k) + 12, static_cast<int>(r.height * k) + 12);
            dc.SetPen(wxPen(wxColour(0x20, 0x20, 0x20), 5));
            dc.DrawRectangle(on);
            dc.SetPen(wxPen(wxColour(0xff, 0x8c, 0x00), 3));
            dc.DrawRectangle(on);
        }
    }

  private:
    double fit_scale() const {
        if (!m_bmp.IsOk() || !m_zoomable)
            return 1;
        const wxSize client = GetClientSize();
        if (client.x <= 0 || client.y <= 0)
            return 1;
        // Never enlarged to fit: a small picture is shown at its own size.
        return std::min({1.0, static_cast<double>(client.x) / m_bmp.GetWidth(),
                         static_cast<double>(client.y) / m_bmp.GetHeight()});
    }
    void update_virtual() { SetVirtualSize(m_zoomable ? drawn_size() : wxSize(1, 1)); }

    wxBitmap m_bmp;
    std::vector<wxRect> m_marks;
    double m_per_pixel = 1;
    bool m_zoomable = false;
    bool m_fit = true;
    double m_scale = 1;
};

ItemViewer::ItemViewer(wxWindow* parent, wxEvtHandler* poster, Workers& workers,
                       std::vector<core::Item> items, std::vector<std::filesystem::path> originals,
                       std::size_t index)
    : wxDialog(parent, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER | wxMAXIMIZE_BOX),
      m_poster(poster),
      m_workers(workers),
      m_items(std::move(items)),
      m_originals(std::move(originals)),
      m_index(index),
      m_alive(std::make_shared<ItemViewer*>(this)) {
    SetName(wxT("viewer"));
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    // TRANSLATORS: buttons of the item viewer; the underlined letters must differ.
    m_prev = new wxButton(this, wxID_ANY, _("&Previous"));
    m_next = new wxButton(this, wxID_ANY, _("&Next"));
    m_zoom_out = new wxButton(this, wxID_ANY, _("Zoom &out (-)"));
    m_zoom_in = new wxButton(this, wxID_ANY, _("Zoom &in (+)"));
    m_fit = new wxButton(this, wxID_ANY, _("&Fit (0)"));
    m_actual = new wxButton(this, wxID_ANY, _("Actual si&ze (1)"));
    auto* close = new wxButton(this, wxID_CLOSE, _("&Close"));
    m_prev->SetToolTip(_("The previous item (Left arrow, Page Up)"));
    m_next->SetToolTip(_("The next item (Right arrow, Page Down)"));
    m_zoom_out->SetToolTip(_("Smaller (minus key, Ctrl+wheel)"));
    m_zoom_in->SetToolTip(_("Larger (plus key, Ctrl+wheel)"));
    m_fit->SetToolTip(_("The whole picture in the window (0)"));
    m_actual->SetToolTip(_("One pixel of the picture for one pixel of the screen (1)"));
    const wxSizerFlags gap = wxSizerFlags().Border(wxRIGHT, FromDIP(6));
    bar->Add(m_prev, gap);
    bar->Add(m_next, gap);
    bar->AddSpacer(FromDIP(18));
    bar->Add(m_zoom_out, gap);
    bar->Add(m_zoom_in, gap);
    bar->Add(m_fit, gap);
    bar->Add(m_actual, gap);
    bar->AddStretchSpacer();
    bar->Add(close);
    top->Add(bar, wxSizerFlags().Expand().Border(wxALL, FromDIP(8)));

    m_canvas = new ViewerCanvas(this);
    m_canvas->on_zoom = [this] { update_buttons(); };
    top->Add(m_canvas, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT, FromDIP(8)));
    m_message = new wxStaticText(this, wxID_ANY, wxString());
    top->Add(m_message, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(8)));
    m_address = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                               wxTE_READONLY | wxTE_MULTILINE | wxTE_NO_VSCROLL);
    m_address->SetMinSize(wxSize(-1, 3 * GetCharHeight()));
    set_accessible_name(m_address, _("Address of the link"));
    top->Add(m_address, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(8)));
    top->AddSpacer(FromDIP(8));
    SetSizer(top);
    SetEscapeId(wxID_CLOSE);

    m_prev->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { previous(); });
    m_next->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { next(); });
    m_zoom_out->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { zoom_out(); });
    m_zoom_in->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { zoom_in(); });
    m_fit->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { zoom_fit(); });
    m_actual->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { zoom_actual(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    // Not modal: closing it ends it.
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
    Bind(wxEVT_CHAR_HOOK, &ItemViewer::on_char_hook, this);

    // Large, never larger than the screen it opens on.
    const int on = wxDisplay::GetFromWindow(parent != nullptr ? parent : this);
    const wxRect area =
        wxDisplay(on == wxNOT_FOUND ? 0u : static_cast<unsigned>(on)).GetClientArea();
    wxSize size = FromDIP(wxSize(1000, 760));
    size.DecTo(wxSize(area.width * 9 / 10, area.height * 9 / 10));
    wxSize min_size = FromDIP(wxSize(480, 360));
    min_size.DecTo(size);
    SetMinSize(min_size);
    SetSize(size);
    CentreOnParent();
    show_current();
}

ItemViewer::~ItemViewer() {
    // A picture still being decoded finds no viewer.
    *m_alive = nullptr;
}

int ItemViewer::decodes() {
    return g_decodes.load();
}

std::optional<std::int64_t> ItemViewer::shown_seq() const {
    if (m_index >= m_items.size())
        return std::nullopt;
    return m_items[m_index].seq;
}

double ItemViewer::scale() const {
    return m_canvas->scale();
}
bool ItemViewer::fitted() const {
    return m_canvas->fitted();
}
wxSize ItemViewer::drawn_size() const {
    return m_canvas->drawn_size();
}
wxString ItemViewer::message() const {
    return m_message->GetLabelText();
}
wxString ItemViewer::address() const {
    return m_address->GetValue();
}

wxBitmap ItemViewer::snapshot() const {
    const wxSize size = m_canvas->GetClientSize();
    wxBitmap bmp(std::max(1, size.x), std::max(1, size.y), 24);
    wxMemoryDC dc(bmp);
    m_canvas->draw(dc);
    dc.SelectObject(wxNullBitmap);
    return bmp;
}

void ItemViewer::set_items(std::vector<core::Item> items,
                           std::vector<std::filesystem::path> originals) {
    const auto seq = shown_seq();
    m_items = std::move(items);
    m_originals = std::move(originals);
    m_index = 0;
    for (std::size_t i = 0; i < m_items.size(); ++i)
        if (seq && m_items[i].seq == *seq)
            m_index = i;
    show_current();
}

void ItemViewer::show_index(std::size_t index) {
    if (index >= m_items.size() || index == m_index)
        return;
    m_index = index;
    show_current();
}

void ItemViewer::next() {
    if (m_index + 1 < m_items.size())
        show_index(m_index + 1);
}

void ItemViewer::previous() {
    if (m_index > 0)
        show_index(m_index - 1);
}

void ItemViewer::zoom_in() {
    m_canvas->zoom_to(m_canvas->scale() * kZoomStep);
    update_buttons();
}

void ItemViewer::zoom_out() {
    m_canvas->zoom_to(m_canvas->scale() / kZoomStep);
    update_buttons();
}

void ItemViewer::zoom_fit() {
    m_canvas->fit();
    update_buttons();
}

void ItemViewer::zoom_actual() {
    m_canvas->zoom_to(1.0);
    update_buttons();
}

void ItemViewer::show_current() {
    ++m_generation;
    const int box = FromDIP(192);
    wxString text;
    wxString address;
    if (m_index >= m_items.size()) {
        m_state = State::empty;
        SetTitle(_("No item"));
        m_canvas->set_tile(wxBitmap());
    } else {
        const core::Item& it = m_items[m_index];
        // TRANSLATORS: the viewer's title: "3 of 12 — 3. Screen capture".
        SetTitle(wxString::Format(_("%ld of %ld — %s"), static_cast<long>(m_index + 1),
                                  static_cast<long>(m_items.size()), item_caption(it)));
        if (it.sensitive) {
            // Never decoded nor drawn, whatever it is: its name and address are not shown
            // either.
            m_state = State::hidden;
            m_canvas->set_tile(hidden_tile(box, GetFont()));
            text =
                _("This item is marked sensitive: its picture is never shown, here or in the "
                  "report, so that nobody sees it by chance. It stays sealed in the case, "
                  "unchanged. To see it, untick Item > Sensitive.");
        } else if (it.withdrawn_at) {
            m_state = State::withdrawn;
            m_canvas->set_tile(icon_tile("edit-delete", wxART_DELETE, box));
            text =
                _("This item was withdrawn from the case: its file was deleted; the custody "
                  "log keeps its fingerprint and the reason.");
            if (it.withdraw_reason && !it.withdraw_reason->empty())
                text +=
                    wxT("\n") + wxString::Format(_("Reason: %s"), shown_text(*it.withdraw_reason));
        } else if (it.kind == "link") {
            m_state = State::link;
            m_canvas->set_tile(icon_tile("insert-link", wxART_GO_FORWARD, box));
            text = _("A link. Its full address, which you can select and copy:");
            address = it.url ? wxString::FromUTF8(*it.url) : wxString();
        } else if (it.sha256 && item_is_picture(it) && m_index < m_originals.size() &&
                   !m_originals[m_index].empty()) {
            m_state = State::loading;
            m_canvas->set_tile(icon_tile("image-x-generic", wxART_MISSING_IMAGE, box));
            text = _("Opening the picture…");
            const std::uint64_t generation = m_generation;
            std::weak_ptr<ItemViewer*> alive = m_alive;
            wxEvtHandler* poster = m_poster;
            m_workers.run([alive, poster, generation, path = m_originals[m_index]] {
                ++g_decodes;
                auto px = decode_thumbnail(path, kViewerMaxSide);
                poster->CallAfter([alive, generation, px = std::move(px)]() mutable {
                    if (const auto viewer = alive.lock(); viewer && *viewer != nullptr)
                        (*viewer)->on_decoded(generation, std::move(px));
                });
            });
        } else {
            m_state = State::file;
            m_canvas->set_tile(icon_tile("text-x-generic", wxART_NORMAL_FILE, box));
            const wxString name = it.name ? shown_text(*it.name) : _("File");
            const wxString type =
                it.media_type ? wxString::FromUTF8(*it.media_type) : _("unknown type");
            // TRANSLATORS: a file that is not a picture, in the viewer: its name, its type.
            text = wxString::Format(_("%s (%s): this file is not a picture, it is not shown "
                                      "here. Export the bundle to open it with another program."),
                                    name, type);
        }
    }
    m_message->SetLabelText(text);
    m_message->Show(!text.empty());
    m_address->ChangeValue(address);
    m_address->Show(!address.empty());
    Layout();
    m_message->Wrap(std::max(FromDIP(200), GetClientSize().x - FromDIP(16)));
    Layout();
    update_buttons();
    // A screen reader hears what is shown.
    set_accessible_name(m_canvas, GetTitle());
    if (on_shown && m_index < m_items.size())
        on_shown(m_items[m_index].seq);
}

void ItemViewer::on_decoded(std::uint64_t generation, std::optional<ThumbnailPixels> px) {
    if (generation != m_generation || m_state != State::loading)
        return;
    if (!px) {
        m_state = State::failed;
        m_message->SetLabelText(
            _("This picture cannot be shown: it is damaged, or too large to open here."));
        m_message->Show();
    } else {
        m_state = State::picture;
        m_canvas->set_picture(to_full_bitmap(*px));
        apply_marks();
        m_message->SetLabelText(wxString());
        m_message->Hide();
    }
    Layout();
    update_buttons();
}

void ItemViewer::highlight(std::int64_t seq, std::vector<wxRect> boxes) {
    m_marks_seq = seq;
    m_marks = std::move(boxes);
    apply_marks();
}

void ItemViewer::apply_marks() {
    if (m_state != State::picture || m_index >= m_items.size() ||
        m_items[m_index].seq != m_marks_seq)
        return;
    const core::Item& it = m_items[m_index];
    const double per_pixel = it.width && *it.width > 0
                                 ? static_cast<double>(m_canvas->drawn_size().x) /
                                       m_canvas->scale() / static_cast<double>(*it.width)
                                 : 1.0;
    m_canvas->set_marks(m_marks, per_pixel);
    update_buttons();
}

std::size_t ItemViewer::marks_shown() const {
    return m_canvas->marks().size();
}

void ItemViewer::update_buttons() {
    m_prev->Enable(m_index > 0);
    m_next->Enable(m_index + 1 < m_items.size());
    const bool zoom = m_state == State::picture;
    m_zoom_out->Enable(zoom);
    m_zoom_in->Enable(zoom);
    m_fit->Enable(zoom && !m_canvas->fitted());
    m_actual->Enable(zoom && m_canvas->scale() != 1.0);
}

void ItemViewer::on_char_hook(wxKeyEvent& e) {
    const int key = e.GetKeyCode();
    if (key == WXK_ESCAPE) {
        Close();
        return;
    }
    // The address box keeps its arrows and characters; Ctrl, Alt: menus and mnemonics.
    if (wxWindow::FindFocus() == m_address || (e.HasAnyModifiers() && !e.ShiftDown()) ||
        e.ControlDown() || e.AltDown()) {
        e.Skip();
        return;
    }
    switch (key) {
        case WXK_RIGHT:
        case WXK_PAGEDOWN:
        case WXK_NUMPAD_PAGEDOWN:
            next();
            return;
        case WXK_LEFT:
        case WXK_PAGEUP:
        case WXK_NUMPAD_PAGEUP:
            previous();
            return;
        case WXK_NUMPAD_ADD:
        case WXK_ADD:
            zoom_in();
            return;
        case WXK_NUMPAD_SUBTRACT:
        case WXK_SUBTRACT:
            zoom_out();
            return;
        default:
            break;
    }
    switch (e.GetUnicodeKey()) {
        case '+':
        case '=':
            zoom_in();
            return;
        case '-':
            zoom_out();
            return;
        case '0':
            zoom_fit();
            return;
        case '1':
            zoom_actual();
            return;
        default:
            e.Skip();
    }
}

}  // namespace scelle::gui
