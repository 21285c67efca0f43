// ItemList: the items of the open case as thumbnails (a wxListCtrl in icon mode), in the
// middle of the main window. Image items show their picture once a worker has decoded it;
// links show a link icon, other files a document icon, so the list never waits on the disk.
// A sensitive item (a file or a link marked sensitive) is a neutral tile: its picture is
// never decoded nor drawn, and its caption never shows its file name or address.
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
#include <wx/imaglist.h>
#include <wx/listctrl.h>

#include "scelle/store/case_store.h"
#include "thumbnails.h"
#include "workers.h"

namespace scelle::gui {

class ItemList : public wxListCtrl {
  public:
    ItemList(wxWindow* parent, wxWindowID id, Workers& workers);

    // Shows `items` (in order); `case_dir` and `object_path` locate the originals.
    void show(const std::vector<core::Item>& items,
              const std::function<std::filesystem::path(const std::string&)>& object_path);
    void clear_items();

    std::optional<std::int64_t> selected_seq() const;
    void select_seq(std::int64_t seq);
    std::optional<std::int64_t> seq_at(long index) const;

    // For tests and the details pane: what the item's icon is at the moment.
    // `hidden`: the neutral tile of a sensitive item.
    enum class Thumb { none, placeholder, picture, hidden };
    Thumb thumbnail_state(std::int64_t seq) const;
    // The picture the list shows for the item now (invalid when the item is not shown).
    wxBitmap shown_bitmap(std::int64_t seq) const;
    int box() const { return m_box; }

  private:
    struct Row {
        std::int64_t seq = 0;
        std::string sha256;  // empty for links and withdrawn items
        bool wants_picture = false;
        Thumb thumb = Thumb::none;
    };
    void on_thumbnail(const std::string& sha256, std::optional<ThumbnailPixels> px);
    int add_icon(const char* theme_name, const wxArtID& fallback);
    int add_hidden_tile();

    Workers& m_workers;
    int m_box;
    wxImageList* m_images;  // owned by the list (AssignImageList)
    int m_link_icon = -1;
    int m_file_icon = -1;
    int m_picture_icon = -1;
    int m_hidden_icon = -1;
    std::vector<Row> m_rows;
    std::map<std::string, wxBitmap> m_cache;  // sha256 → thumbnail
    std::map<std::string, bool> m_failed;     // sha256 → cannot be decoded
};

}  // namespace scelle::gui
