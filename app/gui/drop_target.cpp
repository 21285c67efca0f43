#include "drop_target.h"

namespace scelle::gui {

bool FileDrop::OnDropFiles(wxCoord, wxCoord, const wxArrayString& names) {
    std::vector<std::filesystem::path> paths;
    for (const auto& n : names)
        paths.emplace_back(std::string(n.fn_str()));  // the file system's own bytes
    // The import starts on a worker; the drop returns at once so the desktop is not held.
    try {
        m_handler(std::move(paths));
    } catch (...) {
        return false;
    }
    return true;
}

}  // namespace scelle::gui
