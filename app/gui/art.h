// The application's icons: the desktop theme's icon by its freedesktop name where there is
// one (GTK), else a wx stock icon, as bitmap bundles so that they stay sharp on high-DPI
// screens. GUI thread only.
#pragma once

#include <wx/artprov.h>
#include <wx/bmpbndl.h>

namespace scelle::gui {

// `theme_name` is a freedesktop icon name ("camera-photo"); `fallback` a wxART_ id.
wxBitmapBundle icon(const char* theme_name, const wxArtID& fallback, const wxArtClient& client,
                    const wxSize& size);

}  // namespace scelle::gui
