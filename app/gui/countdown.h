// Countdown: the small always-on-top window shown during a delayed capture ("Capture in
// 5…4…3"), while Scellé's main window is hidden so the user can bring the chat or profile to
// the front. At zero it hides itself, waits a moment for the screen to repaint without it,
// then calls `done` once and destroys itself. Esc or its button cancels (`done(false)`).
// The window is as large as its content (its sizer decides, never a fixed size), so the
// Cancel button is always whole; it has the keyboard focus from the start. GUI thread only.
#pragma once

#include <functional>

#include <wx/button.h>
#include <wx/frame.h>
#include <wx/stattext.h>
#include <wx/timer.h>

namespace scelle::gui {

class Countdown : public wxFrame {
  public:
    // `done(true)` when it is time to grab, `done(false)` when cancelled.
    Countdown(int seconds, std::function<void(bool)> done);

    // Shows it on top with the focus on Cancel, so that Esc or Enter cancels at once.
    void present();
    wxButton* cancel_button() const { return m_cancel; }

  private:
    void tick(wxTimerEvent&);
    void finish(bool go);

    int m_left;
    bool m_finished = false;
    bool m_settling = false;
    std::function<void(bool)> m_done;
    wxStaticText* m_number;
    wxButton* m_cancel;
    wxTimer m_timer;
};

// How long to wait after hiding Scellé's windows before grabbing, so that the desktop has
// repainted what they covered.
inline constexpr int kSettleMilliseconds = 350;

}  // namespace scelle::gui
