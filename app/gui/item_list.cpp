#include "item_list.h"

#include <algorithm>

#include <wx/control.h>
#include <wx/dcbuffer.h>
#include <wx/dcmemory.h>
#include <wx/intl.h>
#include <wx/listbase.h>
#include <wx/renderer.h>
#include <wx/settings.h>

#include "accessible.h"
#include "art.h"
#include "error_text.h"

namespace scelle::gui {

namespace {

// The light grey behind every picture and icon.
const wxColour kTileGrey(236, 236, 236);

// Up to two lines of `text` that fit `width`: broken at a space when one is found, the second
// line shortened with "…".
std::vector<wxString> two_lines(wxDC& dc, const wxString& text, int width) {
    if (dc.GetTextExtent(text).x <= width)
        return {text};
    // The longest start that fits, preferably ending at a space.
    std::size_t fit = 0;
    std::size_t space = 0;
    for (std::size_t n = 1; n <= text.length(); ++n) {
        if (dc.GetTextExtent(text.Left(n)).x > width)
            break;
        fit = n;
        if (text[n - 1] == ' ')
            space = n;
    }
    const std::size_t cut = space > 0 ? space : std::max<std::size_t>(fit, 1);
    wxString first = text.Left(cut);
    first.Trim();
    const wxString rest = text.Mid(cut);
    return {first, wxControl::Ellipsize(rest, dc, wxELLIPSIZE_END, width)};
}

}  // namespace

bool item_is_picture(const core::Item& it) {
    if (it.kind == "screenshot")
        return true;
    return it.media_type && it.media_type->rfind("image/", 0) == 0;
}

wxString item_caption(const core::Item& it) {
    // The thumbnail's caption is one line: a name, a link or a description from outside is
    // shown with its controls escaped (a newline as "\n"), and the grid never reads "&" as a
    // mnemonic.
    wxString what;
    if (it.description && !it.description->empty())
        what = shown_text(*it.description);
    else if (it.sensitive)
        // A sensitive item's file name or address may say what it shows: not in the grid.
        what = it.kind == "link" ? _("Sensitive link") : _("Sensitive item");
    else if (it.kind == "link")
        what = it.url ? shown_text(*it.url) : _("Link");
    else if (it.derived)
        what = _("Conversation (joined)");
    else if (it.kind == "screenshot")
        what = _("Screen capture");
    else if (it.name)
        what = shown_text(*it.name);
    else
        what = _("File");
    // Long descriptions and links would make the grid ragged (a tile has two lines): the
    // details pane has the rest.
    if (what.length() > 56)
        what = what.Left(55) + wxT("…");
    wxString label = wxString::Format(wxT("%lld. "), static_cast<long long>(it.seq)) + what;
    if (it.withdrawn_at)
        // TRANSLATORS: shown after a withdrawn item's label.
        label += wxT(" ") + _("(withdrawn)");
    return label;
}

wxBitmap hidden_tile(int box, const wxFont& font) {
    // Drawn here, not taken from the theme: only greys, whatever the desktop's icons are.
    wxBitmap canvas(box, box, 24);
    {
        wxMemoryDC dc(canvas);
        dc.SetBackground(wxBrush(kTileGrey));
        dc.Clear();
        const int r = box / 5;
        const wxPoint c(box / 2, box / 2 - box / 10);
        dc.SetPen(wxPen(wxColour(110, 110, 110), std::max(2, box / 24)));
        dc.SetBrush(*wxTRANSPARENT_BRUSH);
        dc.DrawCircle(c, r);
        dc.DrawLine(c.x - r * 7 / 10, c.y + r * 7 / 10, c.x + r * 7 / 10, c.y - r * 7 / 10);
        // TRANSLATORS: on the grey tile drawn instead of a sensitive item's picture.
        const wxString text = _("Not shown");
        dc.SetFont(font);
        dc.SetTextForeground(wxColour(80, 80, 80));
        const wxSize ts = dc.GetTextExtent(text);
        dc.DrawText(text, (box - ts.x) / 2, c.y + r + box / 12);
    }
    return canvas;
}

ItemList::ItemList(wxWindow* parent, wxWindowID id, Workers& workers) : m_workers(workers) {
    // Painted entirely here; wxWANTS_CHARS: the arrows, Enter and Tab come to on_key.
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    Create(parent, id, wxDefaultPosition, wxDefaultSize,
           wxVSCROLL | wxWANTS_CHARS | wxBORDER_THEME | wxFULL_REPAINT_ON_RESIZE, wxT("items"));
    m_box = FromDIP(128);
    // Down only: rows never scroll sideways.
    ShowScrollbars(wxSHOW_SB_NEVER, wxSHOW_SB_DEFAULT);
    SetScrollRate(0, FromDIP(16));
    SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_LISTBOX));
    SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_LISTBOXTEXT));
    Bind(wxEVT_PAINT, &ItemList::on_paint, this);
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        relayout();
        e.Skip();
    });
    Bind(wxEVT_KEY_DOWN, &ItemList::on_key, this);
    Bind(wxEVT_LEFT_DOWN, &ItemList::on_left_down, this);
    Bind(wxEVT_LEFT_DCLICK, &ItemList::on_dclick, this);
    Bind(wxEVT_RIGHT_DOWN, &ItemList::on_right_down, this);
    Bind(wxEVT_SET_FOCUS, [this](wxFocusEvent& e) {
        Refresh();
        e.Skip();
    });
    Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& e) {
        Refresh();
        e.Skip();
    });
    // Screen readers hear a list (the name is set by the main window).
    set_accessible_role_list(this);
}

int ItemList::add_image(const wxBitmap& bmp) {
    m_images.push_back(bmp);
    return static_cast<int>(m_images.size()) - 1;
}

int ItemList::add_icon(const char* theme_name, const wxArtID& fallback) {
    const wxSize sz(m_box / 2, m_box / 2);
    wxBitmap small = icon(theme_name, fallback, wxART_OTHER, sz).GetBitmap(sz);
    wxBitmap canvas(m_box, m_box, 24);
    {
        wxMemoryDC dc(canvas);
        dc.SetBackground(wxBrush(kTileGrey));
        dc.Clear();
        if (small.IsOk())
            dc.DrawBitmap(small, (m_box - small.GetWidth()) / 2, (m_box - small.GetHeight()) / 2,
                          true);
    }
    return add_image(canvas);
}

wxSize ItemList::tile_size() const {
    const int pad = FromDIP(8);
    return {m_box + 2 * pad, pad + m_box + FromDIP(4) + 2 * GetCharHeight() + pad};
}

int ItemList::margin() const {
    return FromDIP(6);
}

void ItemList::relayout() {
    const wxSize tile = tile_size();
    const int width = GetClientSize().x;
    m_cols = std::max(1, (width - 2 * margin()) / tile.x);
    const long rows = (GetItemCount() + m_cols - 1) / m_cols;
    // As wide as the window: no horizontal scrolling.
    SetVirtualSize(wxSize(width, 2 * margin() + static_cast<int>(rows) * tile.y));
    Refresh();
}

wxRect ItemList::tile_rect(long index) const {
    if (index < 0 || index >= GetItemCount())
        return {};
    const wxSize tile = tile_size();
    // The block of columns is centred in the width.
    const int left = std::max(margin(), (GetClientSize().x - m_cols * tile.x) / 2);
    const int col = static_cast<int>(index % m_cols);
    const int row = static_cast<int>(index / m_cols);
    const wxPoint logical(left + col * tile.x, margin() + row * tile.y);
    return wxRect(CalcScrolledPosition(logical), tile);
}

long ItemList::index_at(const wxPoint& pt) const {
    if (GetItemCount() == 0)
        return -1;
    const wxSize tile = tile_size();
    const wxPoint at = CalcUnscrolledPosition(pt);
    const int left = std::max(margin(), (GetClientSize().x - m_cols * tile.x) / 2);
    if (at.x < left || at.y < margin())
        return -1;
    const int col = (at.x - left) / tile.x;
    const int row = (at.y - margin()) / tile.y;
    if (col >= m_cols)
        return -1;
    const long index = static_cast<long>(row) * m_cols + col;
    return index < GetItemCount() ? index : -1;
}

void ItemList::on_paint(wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    dc.SetBackground(wxBrush(GetBackgroundColour()));
    dc.Clear();
    if (m_rows.empty())
        return;
    dc.SetFont(GetFont());
    // Only the rows in view: a case of thousands of items draws a few dozen tiles.
    const wxSize tile = tile_size();
    const int top = CalcUnscrolledPosition(wxPoint(0, 0)).y;
    const int height = GetClientSize().y;
    const long first_row = std::max(0, (top - margin()) / tile.y);
    const long last_row = (top + height - margin()) / tile.y;
    for (long row = first_row; row <= last_row; ++row)
        for (long col = 0; col < m_cols; ++col) {
            const long index = row * m_cols + col;
            if (index >= GetItemCount())
                return;
            draw_tile(dc, index, tile_rect(index));
        }
}

void ItemList::draw_tile(wxDC& dc, long index, const wxRect& r) {
    const Row& row = m_rows[static_cast<std::size_t>(index)];
    const bool selected = index == m_selected;
    const int pad = FromDIP(8);
    wxColour text = GetForegroundColour();
    if (selected) {
        const wxRect band = wxRect(r).Deflate(FromDIP(2));
        dc.SetPen(*wxTRANSPARENT_PEN);
        dc.SetBrush(wxBrush(wxSystemSettings::GetColour(wxSYS_COLOUR_HIGHLIGHT)));
        dc.DrawRoundedRectangle(band, FromDIP(4));
        text = wxSystemSettings::GetColour(wxSYS_COLOUR_HIGHLIGHTTEXT);
    }
    if (row.image >= 0) {
        const wxBitmap& bmp = m_images[static_cast<std::size_t>(row.image)];
        dc.DrawBitmap(bmp, r.x + pad + (m_box - bmp.GetWidth()) / 2,
                      r.y + pad + (m_box - bmp.GetHeight()) / 2, true);
    }
    dc.SetTextForeground(text);
    const int width = r.width - 2 * FromDIP(4);
    int y = r.y + pad + m_box + FromDIP(4);
    for (const wxString& line : two_lines(dc, row.caption, width)) {
        const int w = dc.GetTextExtent(line).x;
        dc.DrawText(line, r.x + (r.width - w) / 2, y);
        y += GetCharHeight();
    }
    if (selected && HasFocus())
        wxRendererNative::Get().DrawFocusRect(this, dc, wxRect(r).Deflate(FromDIP(1)));
}

void ItemList::clear_items() {
    const bool had = m_selected >= 0;
    m_rows.clear();
    m_selected = -1;
    relayout();
    if (had)
        send(wxEVT_LIST_ITEM_DESELECTED, -1);
}

void ItemList::show(const std::vector<core::Item>& items,
                    const std::function<std::filesystem::path(const std::string&)>& object_path) {
    const auto keep = selected_seq();
    m_rows.clear();
    m_selected = -1;
    m_images.clear();
    m_link_icon = add_icon("insert-link", wxART_GO_FORWARD);
    m_file_icon = add_icon("text-x-generic", wxART_NORMAL_FILE);
    m_picture_icon = add_icon("image-x-generic", wxART_MISSING_IMAGE);
    m_hidden_icon = add_image(hidden_tile(m_box, GetFont()));
    std::map<std::string, int> cached;  // sha256 → its image, added once

    std::vector<std::pair<std::string, std::filesystem::path>> to_decode;
    m_rows.reserve(items.size());
    for (const auto& it : items) {
        Row row;
        row.seq = it.seq;
        row.caption = item_caption(it);
        row.image = m_file_icon;
        row.thumb = Thumb::placeholder;
        if (it.sensitive) {
            // Never decoded: no pixel of a sensitive picture reaches the screen.
            row.image = m_hidden_icon;
            row.thumb = Thumb::hidden;
            if (it.sha256)
                m_cache.erase(*it.sha256);
        } else if (it.kind == "link") {
            row.image = m_link_icon;
        } else if (it.sha256 && !it.withdrawn_at && item_is_picture(it)) {
            row.sha256 = *it.sha256;
            row.wants_picture = true;
            row.image = m_picture_icon;
            if (auto c = m_cache.find(row.sha256); c != m_cache.end()) {
                auto [at, added] = cached.emplace(row.sha256, -1);
                if (added)
                    at->second = add_image(c->second);
                row.image = at->second;
                row.thumb = Thumb::picture;
            } else if (!m_failed.count(row.sha256)) {
                to_decode.emplace_back(row.sha256, object_path(row.sha256));
            }
        }
        m_rows.push_back(std::move(row));
    }
    relayout();
    if (keep)
        select_seq(*keep);

    if (to_decode.empty())
        return;
    // One job for the batch, in order: the first items appear first.
    const int box = m_box;
    m_workers.run([this, box, to_decode = std::move(to_decode)] {
        for (const auto& [sha, path] : to_decode) {
            auto px = decode_thumbnail(path, box, true);
            CallAfter(
                [this, sha, px = std::move(px)]() mutable { on_thumbnail(sha, std::move(px)); });
        }
    });
}

void ItemList::on_thumbnail(const std::string& sha256, std::optional<ThumbnailPixels> px) {
    if (!px) {
        m_failed[sha256] = true;
        return;
    }
    wxBitmap bmp = to_bitmap(*px, m_box);
    m_cache[sha256] = bmp;
    int image = -1;
    for (long i = 0; i < GetItemCount(); ++i) {
        Row& row = m_rows[static_cast<std::size_t>(i)];
        if (row.sha256 != sha256 || row.thumb == Thumb::picture)
            continue;
        if (image < 0)
            image = add_image(bmp);
        row.image = image;
        row.thumb = Thumb::picture;
        RefreshRect(tile_rect(i));
    }
}

void ItemList::on_key(wxKeyEvent& e) {
    const int key = e.GetKeyCode();
    if (key == WXK_TAB) {
        Navigate(e.ShiftDown() ? wxNavigationKeyEvent::IsBackward
                               : wxNavigationKeyEvent::IsForward);
        return;
    }
    // Alt, Ctrl and their letters belong to the menus and the labels' mnemonics.
    if (e.HasAnyModifiers() || GetItemCount() == 0) {
        e.Skip();
        return;
    }
    const long n = GetItemCount();
    const long cur = m_selected < 0 ? 0 : m_selected;
    const long page = std::max(1, GetClientSize().y / tile_size().y) * static_cast<long>(m_cols);
    long next = -1;
    switch (key) {
        case WXK_LEFT:
        case WXK_NUMPAD_LEFT:
            next = m_selected < 0 ? 0 : std::max(0L, cur - 1);
            break;
        case WXK_RIGHT:
        case WXK_NUMPAD_RIGHT:
            next = m_selected < 0 ? 0 : std::min(n - 1, cur + 1);
            break;
        case WXK_UP:
        case WXK_NUMPAD_UP:
            next = m_selected < 0 ? 0 : (cur - m_cols >= 0 ? cur - m_cols : cur);
            break;
        case WXK_DOWN:
        case WXK_NUMPAD_DOWN:
            next = m_selected < 0 ? 0 : (cur + m_cols < n ? cur + m_cols : cur);
            break;
        case WXK_HOME:
        case WXK_NUMPAD_HOME:
            next = 0;
            break;
        case WXK_END:
        case WXK_NUMPAD_END:
            next = n - 1;
            break;
        case WXK_PAGEUP:
        case WXK_NUMPAD_PAGEUP:
            next = std::max(cur % m_cols, cur - page);
            break;
        case WXK_PAGEDOWN:
        case WXK_NUMPAD_PAGEDOWN: {
            next = cur + page;
            while (next >= n)
                next -= m_cols;
            next = std::max(next, cur);
            break;
        }
        case WXK_RETURN:
        case WXK_NUMPAD_ENTER:
            if (m_selected >= 0)
                send(wxEVT_LIST_ITEM_ACTIVATED, m_selected);
            return;
        default:
            e.Skip();
            return;
    }
    select_index(next, true);
}

void ItemList::on_left_down(wxMouseEvent& e) {
    SetFocus();
    const long index = index_at(e.GetPosition());
    if (index >= 0)
        select_index(index, true);
    e.Skip();
}

void ItemList::on_dclick(wxMouseEvent& e) {
    const long index = index_at(e.GetPosition());
    if (index < 0) {
        e.Skip();
        return;
    }
    select_index(index, true);
    send(wxEVT_LIST_ITEM_ACTIVATED, index);
}

void ItemList::on_right_down(wxMouseEvent& e) {
    SetFocus();
    const long index = index_at(e.GetPosition());
    if (index >= 0)
        select_index(index, true);
    e.Skip();  // the context menu follows
}

void ItemList::ensure_visible(long index) {
    if (index < 0)
        return;
    const wxRect r = tile_rect(index);
    const int height = GetClientSize().y;
    int ppu_x = 0;
    int ppu_y = 1;
    GetScrollPixelsPerUnit(&ppu_x, &ppu_y);
    ppu_y = std::max(1, ppu_y);
    const int top = CalcUnscrolledPosition(wxPoint(0, 0)).y;
    int target = top;
    // A tile taller than the view (a short window at 200 %) shows its top: the picture.
    if (r.y < 0 || r.height + margin() > height)
        target = top + r.y - margin();
    else if (r.GetBottom() >= height)
        target = top + r.GetBottom() - height + margin() + ppu_y;
    if (target != top)
        Scroll(-1, std::max(0, target) / ppu_y);
}

void ItemList::send(wxEventType type, long index) {
    wxListEvent ev(type, GetId());
    ev.SetEventObject(this);
    ev.SetIndex(index);
    GetEventHandler()->ProcessEvent(ev);
}

void ItemList::announce() {
    if (m_selected < 0) {
        set_accessible_description(this, wxString());
        return;
    }
    // TRANSLATORS: what a screen reader says of the selected tile: its caption, then "3 of 12".
    set_accessible_description(
        this,
        wxString::Format(_("%s — %ld of %ld"), m_rows[static_cast<std::size_t>(m_selected)].caption,
                         m_selected + 1, GetItemCount()));
}

void ItemList::select_index(long index, bool notify) {
    if (index >= GetItemCount())
        index = -1;
    if (index == m_selected) {
        ensure_visible(index);
        return;
    }
    const long old = m_selected;
    m_selected = index;
    if (old >= 0)
        RefreshRect(tile_rect(old));
    if (index >= 0) {
        ensure_visible(index);
        RefreshRect(tile_rect(index));
    }
    announce();
    if (!notify)
        return;
    if (index >= 0)
        send(wxEVT_LIST_ITEM_SELECTED, index);
    else
        send(wxEVT_LIST_ITEM_DESELECTED, old);
}

std::optional<std::int64_t> ItemList::seq_at(long index) const {
    if (index < 0 || index >= GetItemCount())
        return std::nullopt;
    return m_rows[static_cast<std::size_t>(index)].seq;
}

wxString ItemList::GetItemText(long index) const {
    if (index < 0 || index >= GetItemCount())
        return {};
    return m_rows[static_cast<std::size_t>(index)].caption;
}

std::optional<std::int64_t> ItemList::selected_seq() const {
    return seq_at(m_selected);
}

void ItemList::select_seq(std::int64_t seq) {
    for (long i = 0; i < GetItemCount(); ++i)
        if (m_rows[static_cast<std::size_t>(i)].seq == seq) {
            select_index(i, true);
            return;
        }
}

wxBitmap ItemList::shown_bitmap(std::int64_t seq) const {
    for (const auto& r : m_rows)
        if (r.seq == seq)
            return r.image >= 0 ? m_images[static_cast<std::size_t>(r.image)] : wxBitmap();
    return {};
}

ItemList::Thumb ItemList::thumbnail_state(std::int64_t seq) const {
    for (const auto& r : m_rows)
        if (r.seq == seq)
            return r.thumb;
    return Thumb::none;
}

}  // namespace scelle::gui
