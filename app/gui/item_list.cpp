#include "item_list.h"

#include <algorithm>

#include <wx/dcmemory.h>
#include <wx/intl.h>

#include "art.h"
#include "error_text.h"

namespace scelle::gui {

namespace {

bool is_picture(const core::Item& it) {
    if (it.kind == "screenshot")
        return true;
    return it.media_type && it.media_type->rfind("image/", 0) == 0;
}

wxString label_for(const core::Item& it) {
    // The thumbnail's caption is one line: a name, a link or a description from outside is
    // shown with its controls escaped (a newline as "\n"), and the list never reads "&" as a
    // mnemonic.
    wxString what;
    if (it.description && !it.description->empty())
        what = shown_text(*it.description);
    else if (it.sensitive)
        // A sensitive item's file name or address may say what it shows: not in the grid.
        what = it.kind == "link" ? _("Sensitive link") : _("Sensitive item");
    else if (it.kind == "link")
        what = it.url ? shown_text(*it.url) : _("Link");
    else if (it.kind == "screenshot")
        what = _("Screen capture");
    else if (it.name)
        what = shown_text(*it.name);
    else
        what = _("File");
    // Long descriptions and links would make the grid ragged: the details pane has the rest.
    if (what.length() > 28)
        what = what.Left(27) + wxT("…");
    wxString label = wxString::Format(wxT("%lld. "), static_cast<long long>(it.seq)) + what;
    if (it.withdrawn_at)
        // TRANSLATORS: shown after a withdrawn item's label.
        label += wxT(" ") + _("(withdrawn)");
    return label;
}

}  // namespace

ItemList::ItemList(wxWindow* parent, wxWindowID id, Workers& workers)
    : wxListCtrl(parent, id, wxDefaultPosition, wxDefaultSize,
                 wxLC_ICON | wxLC_SINGLE_SEL | wxBORDER_THEME),
      m_workers(workers),
      m_box(FromDIP(128)),
      m_images(new wxImageList(m_box, m_box, false)) {
    AssignImageList(m_images, wxIMAGE_LIST_NORMAL);
    SetName(wxT("items"));
}

int ItemList::add_icon(const char* theme_name, const wxArtID& fallback) {
    const wxSize sz(m_box / 2, m_box / 2);
    wxBitmap small = icon(theme_name, fallback, wxART_OTHER, sz).GetBitmap(sz);
    wxBitmap canvas(m_box, m_box, 24);
    {
        wxMemoryDC dc(canvas);
        dc.SetBackground(wxBrush(wxColour(236, 236, 236)));
        dc.Clear();
        if (small.IsOk())
            dc.DrawBitmap(small, (m_box - small.GetWidth()) / 2, (m_box - small.GetHeight()) / 2,
                          true);
    }
    return m_images->Add(canvas);
}

int ItemList::add_hidden_tile() {
    // Drawn here, not taken from the theme: only greys, whatever the desktop's icons are.
    wxBitmap canvas(m_box, m_box, 24);
    {
        wxMemoryDC dc(canvas);
        dc.SetBackground(wxBrush(wxColour(236, 236, 236)));
        dc.Clear();
        const int r = m_box / 5;
        const wxPoint c(m_box / 2, m_box / 2 - m_box / 10);
        dc.SetPen(wxPen(wxColour(110, 110, 110), std::max(2, m_box / 24)));
        dc.SetBrush(*wxTRANSPARENT_BRUSH);
        dc.DrawCircle(c, r);
        dc.DrawLine(c.x - r * 7 / 10, c.y + r * 7 / 10, c.x + r * 7 / 10, c.y - r * 7 / 10);
        // TRANSLATORS: on the grey tile drawn instead of a sensitive item's picture.
        const wxString text = _("Not shown");
        dc.SetFont(GetFont());
        dc.SetTextForeground(wxColour(80, 80, 80));
        const wxSize ts = dc.GetTextExtent(text);
        dc.DrawText(text, (m_box - ts.x) / 2, c.y + r + m_box / 12);
    }
    return m_images->Add(canvas);
}

void ItemList::clear_items() {
    DeleteAllItems();
    m_rows.clear();
}

void ItemList::show(const std::vector<core::Item>& items,
                    const std::function<std::filesystem::path(const std::string&)>& object_path) {
    const auto keep = selected_seq();
    Freeze();
    DeleteAllItems();
    m_rows.clear();
    m_images->RemoveAll();
    m_link_icon = add_icon("insert-link", wxART_GO_FORWARD);
    m_file_icon = add_icon("text-x-generic", wxART_NORMAL_FILE);
    m_picture_icon = add_icon("image-x-generic", wxART_MISSING_IMAGE);
    m_hidden_icon = add_hidden_tile();

    std::vector<std::pair<std::string, std::filesystem::path>> to_decode;
    for (const auto& it : items) {
        Row row;
        row.seq = it.seq;
        int image = m_file_icon;
        row.thumb = Thumb::placeholder;
        if (it.sensitive) {
            // Never decoded: no pixel of a sensitive picture reaches the screen.
            image = m_hidden_icon;
            row.thumb = Thumb::hidden;
            if (it.sha256)
                m_cache.erase(*it.sha256);
        } else if (it.kind == "link") {
            image = m_link_icon;
        } else if (it.sha256 && !it.withdrawn_at && is_picture(it)) {
            row.sha256 = *it.sha256;
            row.wants_picture = true;
            image = m_picture_icon;
            if (auto c = m_cache.find(row.sha256); c != m_cache.end()) {
                image = m_images->Add(c->second);
                row.thumb = Thumb::picture;
            } else if (!m_failed.count(row.sha256)) {
                to_decode.emplace_back(row.sha256, object_path(row.sha256));
            }
        }
        const long index = InsertItem(GetItemCount(), label_for(it), image);
        SetItemData(index, static_cast<long>(m_rows.size()));
        m_rows.push_back(std::move(row));
    }
    Thaw();
    if (keep)
        select_seq(*keep);

    if (to_decode.empty())
        return;
    // One job for the batch, in order: the first items appear first.
    const int box = m_box;
    m_workers.run([this, box, to_decode = std::move(to_decode)] {
        for (const auto& [sha, path] : to_decode) {
            auto px = decode_thumbnail(path, box);
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
        Row& row = m_rows[static_cast<std::size_t>(GetItemData(i))];
        if (row.sha256 != sha256 || row.thumb == Thumb::picture)
            continue;
        if (image < 0)
            image = m_images->Add(bmp);
        SetItemImage(i, image);
        row.thumb = Thumb::picture;
    }
}

std::optional<std::int64_t> ItemList::seq_at(long index) const {
    if (index < 0 || index >= GetItemCount())
        return std::nullopt;
    return m_rows[static_cast<std::size_t>(GetItemData(index))].seq;
}

std::optional<std::int64_t> ItemList::selected_seq() const {
    return seq_at(GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED));
}

void ItemList::select_seq(std::int64_t seq) {
    for (long i = 0; i < GetItemCount(); ++i) {
        if (seq_at(i) == seq) {
            SetItemState(i, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                         wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
            EnsureVisible(i);
            return;
        }
    }
}

wxBitmap ItemList::shown_bitmap(std::int64_t seq) const {
    for (long i = 0; i < GetItemCount(); ++i) {
        if (seq_at(i) != seq)
            continue;
        wxListItem info;
        info.SetId(i);
        info.SetMask(wxLIST_MASK_IMAGE);
        if (!GetItem(info) || info.GetImage() < 0)
            return {};
        return m_images->GetBitmap(info.GetImage());
    }
    return {};
}

ItemList::Thumb ItemList::thumbnail_state(std::int64_t seq) const {
    for (const auto& r : m_rows)
        if (r.seq == seq)
            return r.thumb;
    return Thumb::none;
}

}  // namespace scelle::gui
