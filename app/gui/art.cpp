#include "art.h"

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

}  // namespace scelle::gui
