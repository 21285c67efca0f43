// The screenshot programs' one shared step (scelle-gui-shots, scelle-dialog-shots): a window's
// pixels saved from the X screen with ImageMagick's `import`, once it is placed and drawn.
// Not a test; GUI thread only.
#pragma once

#include <chrono>
#include <cstdlib>
#include <string>

#include <wx/app.h>
#include <wx/utils.h>
#include <wx/window.h>

namespace scelle::gui::shots {

inline void pump_for(std::chrono::milliseconds d) {
    const auto end = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < end) {
        wxYield();
        wxMilliSleep(10);
    }
}

inline bool snap(wxWindow* w, const std::string& out) {
    // Placed again once it has its final size: a window that grew (a dialog showing more
    // boxes) may be elsewhere than wx last heard, and the picture would miss its bottom.
    w->Centre(wxBOTH | wxCENTRE_ON_SCREEN);
    w->Raise();
    w->Refresh();
    w->Update();
    pump_for(std::chrono::milliseconds(800));
    // GTK's coordinates are logical; the X screen's pixels are GDK_SCALE times as many.
    const double scale = w->GetContentScaleFactor();
    const wxRect logical = w->GetScreenRect();
    const wxRect r(wxRound(logical.x * scale), wxRound(logical.y * scale),
                   wxRound(logical.width * scale), wxRound(logical.height * scale));
    const std::string cmd = "import -window root -crop " + std::to_string(r.width) + "x" +
                            std::to_string(r.height) + "+" + std::to_string(r.x) + "+" +
                            std::to_string(r.y) + " +repage '" + out + "'";
    return std::system(cmd.c_str()) == 0;
}

}  // namespace scelle::gui::shots
