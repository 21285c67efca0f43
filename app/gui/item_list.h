// ItemList: the items of the open case as thumbnails, in the middle of the main window. A grid
// drawn here: tiles in rows from left to right, as many columns as fit the width, scrolling
// down (wx's list control in icon mode runs its icons down columns and scrolls sideways).
// Image items show their picture once a worker has decoded it; links show a link icon, other
// files a document icon, so the grid never waits on the disk. A sensitive item (a file or a
// link marked sensitive) is a neutral tile: its picture is never decoded nor drawn, and its
// caption never shows its file name or address.
//
// Selection sends wxEVT_LIST_ITEM_SELECTED / DESELECTED (a wxListEvent whose index is the
// tile's); a double click or Enter on a tile sends wxEVT_LIST_ITEM_ACTIVATED. Only the rows
// on screen are drawn, so a case of thousands of items scrolls at once.
//
// Owned by the main window, GUI thread only. Thumbnail decoding runs on the window's Workers
// and posts back with CallAfter; a result for an item no longer shown is kept in the cache.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <wx/artprov.h>
#include <wx/bitmap.h>
#include <wx/scrolwin.h>

#include "scelle/store/case_store.h"
#include "thumbnails.h"
#include "workers.h"

class wxDC;

namespace scelle::gui {

// The one-line caption of an item's tile ("3. Screen capture"): never a sensitive item's file
// name or address; text from outside shown with its controls escaped.
wxString item_caption(const core::Item& it);
// Whether the item's original is a picture the grid and the viewer decode.
bool item_is_picture(const core::Item& it);
// The neutral grey tile drawn instead of a sensitive item's picture, `box` pixels square.
wxBitmap hidden_tile(int box, const wxFont& font);

class ItemList : public wxScrolled<wxWindow> {
  public:
    ItemList(wxWindow* parent, wxWindowID id, Workers& workers);

    // Shows `items` (in order); `object_path` locates the originals.
    void show(const std::vector<core::Item>& items,
              const std::function<std::filesystem::path(const std::string&)>& object_path);
    void clear_items();

    std::optional<std::int64_t> selected_seq() const;
    void select_seq(std::int64_t seq);
    std::optional<std::int64_t> seq_at(long index) const;
    // The tile under `pt` (client coordinates), or -1.
    long index_at(const wxPoint& pt) const;
    long GetItemCount() const { return static_cast<long>(m_rows.size()); }
    // The tile's caption as drawn (one line; the drawing may wrap it).
    wxString GetItemText(long index) const;

    // For tests and the details pane: what the item's icon is at the moment.
    // `hidden`: the neutral tile of a sensitive item.
    enum class Thumb { none, placeholder, picture, hidden };
    Thumb thumbnail_state(std::int64_t seq) const;
    // The picture the list shows for the item now (invalid when the item is not shown).
    wxBitmap shown_bitmap(std::int64_t seq) const;
    int box() const { return m_box; }

    // For tests: the tile's rectangle in client coordinates (scrolled), and the columns.
    wxRect tile_rect(long index) const;
    int columns() const { return m_cols; }
    long selected_index() const { return m_selected; }

  private:
    struct Row {
        std::int64_t seq = 0;
        std::string sha256;  // empty for links and withdrawn items
        bool wants_picture = false;
        Thumb thumb = Thumb::none;
        int image = -1;  // index in m_images
        wxString caption;
    };
    void on_thumbnail(const std::string& sha256, std::optional<ThumbnailPixels> px);
    int add_icon(const char* theme_name, const wxArtID& fallback);
    int add_image(const wxBitmap& bmp);

    wxSize tile_size() const;
    int margin() const;
    void relayout();
    void on_paint(wxPaintEvent& e);
    void draw_tile(wxDC& dc, long index, const wxRect& r);
    void on_key(wxKeyEvent& e);
    void on_left_down(wxMouseEvent& e);
    void on_dclick(wxMouseEvent& e);
    void on_right_down(wxMouseEvent& e);
    // Selects tile `index` (-1: none), scrolls it into view and tells the window.
    void select_index(long index, bool notify);
    void ensure_visible(long index);
    void send(wxEventType type, long index);
    void announce();

    Workers& m_workers;
    int m_box;
    int m_cols = 1;
    long m_selected = -1;
    std::vector<wxBitmap> m_images;
    int m_link_icon = -1;
    int m_file_icon = -1;
    int m_picture_icon = -1;
    int m_hidden_icon = -1;
    std::vector<Row> m_rows;
    std::map<std::string, wxBitmap> m_cache;  // sha256 → thumbnail
    std::map<std::string, bool> m_failed;     // sha256 → cannot be decoded
};

}  // namespace scelle::gui
