// The application's icons: the desktop theme's icon by its freedesktop name where there is
// one (GTK), else a wx stock icon, as bitmap bundles so that they stay sharp on high-DPI
// screens. GUI thread only.
#pragma once

#include <wx/artprov.h>
#include <wx/bmpbndl.h>
#include <wx/iconbndl.h>

#include <filesystem>

namespace scelle::gui {

// `theme_name` is a freedesktop icon name ("camera-photo"); `fallback` a wxART_ id.
wxBitmapBundle icon(const char* theme_name, const wxArtID& fallback, const wxArtClient& client,
                    const wxSize& size);

// Scellé's own icon (the window's and the task bar's), from the PNG sizes drawn at build time
// under `share_dir`/icons/hicolor/<n>x<n>/apps/fr.scelle.Scelle.png; empty when none is there.
wxIconBundle app_icons(const std::filesystem::path& share_dir);
// <the program's folder>/../share: the build tree's and the installed prefix's data.
std::filesystem::path share_dir();

}  // namespace scelle::gui
