#include "art.h"

#include <wx/stdpaths.h>

#include <string>

#include "scelle/base/text.h"

namespace scelle::gui {

wxBitmapBundle icon(const char* theme_name, const wxArtID& fallback, const wxArtClient& client,
                    const wxSize& size) {
    // wxGTK's art provider treats any unknown id as a theme icon name.
    wxBitmapBundle b =
        wxArtProvider::GetBitmapBundle(wxString::FromAscii(theme_name), client, size);
    if (b.IsOk())
        return b;
    b = wxArtProvider::GetBitmapBundle(wxString::FromAscii(theme_name) + wxT("-symbolic"), client,
                                       size);
    if (b.IsOk())
        return b;
    return wxArtProvider::GetBitmapBundle(fallback, client, size);
}

wxIconBundle app_icons(const std::filesystem::path& share) {
    wxIconBundle icons;
    for (const int size : {16, 24, 32, 48, 64, 128, 256}) {
        const std::filesystem::path png = share / "icons" / "hicolor" /
                                          (std::to_string(size) + "x" + std::to_string(size)) /
                                          "apps" / "fr.scelle.Scelle.png";
        std::error_code ec;
        if (std::filesystem::is_regular_file(png, ec))
            icons.AddIcon(wxString::FromUTF8(core::path_to_utf8(png)), wxBITMAP_TYPE_PNG);
    }
    return icons;
}

std::filesystem::path share_dir() {
    // From UTF-8 explicitly: a path made from a std::string is in the ANSI code page on
    // Windows, which turned "C:\Program Files\Scellé" into another folder (no catalogs, no icons).
    const std::filesystem::path exe =
        core::utf8_to_path(wxStandardPaths::Get().GetExecutablePath().utf8_string());
    return exe.parent_path().parent_path() / "share";
}

}  // namespace scelle::gui
