#include "drop_target.h"

#include "dialogs/dialog_support.h"

namespace scelle::gui {

bool FileDrop::OnDropFiles(wxCoord, wxCoord, const wxArrayString& names) {
    std::vector<std::filesystem::path> paths;
    for (const auto& n : names)
        paths.push_back(dlg::file_name_path(n));  // the file system's own name
    // The import starts on a worker; the drop returns at once so the desktop is not held.
    try {
        m_handler(std::move(paths));
    } catch (...) {
        return false;
    }
    return true;
}

}  // namespace scelle::gui
