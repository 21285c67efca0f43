// FileDrop: files dropped on the main window (phone screenshots copied to the computer, for
// instance) are handed to the window's import, which says in one sentence what it does with
// folders. GUI thread only; owned by the window it is set on (SetDropTarget).
#pragma once

#include <filesystem>
#include <functional>
#include <vector>

#include <wx/dnd.h>

namespace scelle::gui {

class FileDrop : public wxFileDropTarget {
  public:
    using Handler = std::function<void(std::vector<std::filesystem::path>)>;
    explicit FileDrop(Handler handler) : m_handler(std::move(handler)) {}
    bool OnDropFiles(wxCoord x, wxCoord y, const wxArrayString& names) override;

  private:
    Handler m_handler;
};

}  // namespace scelle::gui
