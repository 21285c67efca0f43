// ItemViewer: one item of the case in a window of its own, larger than its thumbnail. Opened
// from the grid (double click, Enter) or Item > View larger. A picture is fitted to the window
// at first, then zoomed (+, -, 0 to fit, 1 for 100 %, Ctrl+wheel) and scrolled; Previous and
// Next (Left/Right, PageUp/PageDown) go through the case's items in the grid's order.
//
// A sensitive item is never decoded nor drawn: the viewer shows the grey "Not shown" tile and
// a sentence saying why. A link shows its full address (selectable), a withdrawn item says it
// was withdrawn, a file that is not a picture its name and type.
//
// GUI thread only. Pictures are decoded on the main window's Workers (bounded in size as the
// thumbnails are); the result is posted to `poster` (the main window, which joins its Workers
// before it dies) and dropped when the viewer is gone or shows another item by then.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <wx/bitmap.h>
#include <wx/dialog.h>

#include "scelle/store/case_store.h"
#include "thumbnails.h"
#include "workers.h"

class wxButton;
class wxStaticText;
class wxTextCtrl;

namespace scelle::gui {

class ViewerCanvas;

// The largest side, in pixels, of a picture the viewer decodes; larger ones are shown scaled
// down to it (their 100 % is then this size).
inline constexpr int kViewerMaxSide = 8192;

class ItemViewer : public wxDialog {
  public:
    // `originals[i]` is where items[i]'s file is (empty for links).
    ItemViewer(wxWindow* parent, wxEvtHandler* poster, Workers& workers,
               std::vector<core::Item> items, std::vector<std::filesystem::path> originals,
               std::size_t index);
    ~ItemViewer() override;

    // The case's items changed (an item marked sensitive, withdrawn, added): shows the same
    // item again as it is now, or the first one if it is gone.
    void set_items(std::vector<core::Item> items, std::vector<std::filesystem::path> originals);

    // Called with the item's seq each time another item is shown (the main window selects it
    // in the grid, so that the Item menu acts on what the viewer shows).
    std::function<void(std::int64_t)> on_shown;

    void show_index(std::size_t index);
    // Frames `boxes` (in the original picture's pixels: search hits of its machine
    // transcript) on item `seq`'s picture whenever it is shown, the first one brought into
    // view at 100 %. An empty list takes them away.
    void highlight(std::int64_t seq, std::vector<wxRect> boxes);
    std::size_t marks_shown() const;  // for tests
    void next();
    void previous();
    void zoom_in();
    void zoom_out();
    void zoom_fit();
    void zoom_actual();

    // For tests.
    enum class State { empty, loading, picture, hidden, link, withdrawn, file, failed };
    State state() const { return m_state; }
    std::size_t index() const { return m_index; }
    std::optional<std::int64_t> shown_seq() const;
    double scale() const;
    bool fitted() const;
    // The size the picture is drawn at now, in pixels.
    wxSize drawn_size() const;
    // What the canvas shows, drawn into a bitmap of its size.
    wxBitmap snapshot() const;
    wxString message() const;
    wxString address() const;
    // How many pictures viewers have decoded since the program started.
    static int decodes();

  private:
    void apply_marks();
    std::int64_t m_marks_seq = 0;
    std::vector<wxRect> m_marks;
    void show_current();
    void on_decoded(std::uint64_t generation, std::optional<ThumbnailPixels> px);
    void update_buttons();
    void on_char_hook(wxKeyEvent& e);

    wxEvtHandler* m_poster;
    Workers& m_workers;
    std::vector<core::Item> m_items;
    std::vector<std::filesystem::path> m_originals;
    std::size_t m_index = 0;
    State m_state = State::empty;
    std::uint64_t m_generation = 0;  // which show_current() a decoded picture is for
    std::shared_ptr<ItemViewer*> m_alive;

    ViewerCanvas* m_canvas = nullptr;
    wxStaticText* m_message = nullptr;
    wxTextCtrl* m_address = nullptr;
    wxButton* m_prev = nullptr;
    wxButton* m_next = nullptr;
    wxButton* m_zoom_out = nullptr;
    wxButton* m_zoom_in = nullptr;
    wxButton* m_fit = nullptr;
    wxButton* m_actual = nullptr;
};

}  // namespace scelle::gui
