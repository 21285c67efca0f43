// Countdown: the small always-on-top window shown during a delayed capture ("Capture in
// 5…4…3"), while Scellé's main window is hidden so the user can bring the chat or profile to
// the front. At zero it hides itself, waits a moment for the screen to repaint without it,
// then calls `done` once and destroys itself. Esc or its button cancels (`done(false)`).
// GUI thread only.
#pragma once

#include <functional>

#include <wx/frame.h>
#include <wx/stattext.h>
#include <wx/timer.h>

namespace scelle::gui {

class Countdown : public wxFrame {
  public:
    // `done(true)` when it is time to grab, `done(false)` when cancelled.
    Countdown(int seconds, std::function<void(bool)> done);

  private:
    void tick(wxTimerEvent&);
    void finish(bool go);

    int m_left;
    bool m_finished = false;
    bool m_settling = false;
    std::function<void(bool)> m_done;
    wxStaticText* m_number;
    wxTimer m_timer;
};

// How long to wait after hiding Scellé's windows before grabbing, so that the desktop has
// repainted what they covered.
inline constexpr int kSettleMilliseconds = 350;

}  // namespace scelle::gui
