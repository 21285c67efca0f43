#include "countdown.h"

#include <wx/button.h>
#include <wx/display.h>
#include <wx/intl.h>
#include <wx/panel.h>
#include <wx/sizer.h>

namespace scelle::gui {

Countdown::Countdown(int seconds, std::function<void(bool)> done)
    : wxFrame(nullptr, wxID_ANY, _("Capture in a moment"), wxDefaultPosition, wxDefaultSize,
              wxBORDER_SIMPLE | wxSTAY_ON_TOP | wxFRAME_NO_TASKBAR | wxFRAME_TOOL_WINDOW),
      m_left(seconds),
      m_done(std::move(done)),
      m_timer(this) {
    SetName(wxT("countdown"));
    auto* panel = new wxPanel(this);
    auto* s = new wxBoxSizer(wxVERTICAL);
    const int pad = FromDIP(12);
    s->Add(new wxStaticText(panel, wxID_ANY,
                            _("Bring the conversation or profile to the front.\nCapture in:")),
           wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, pad));
    // Room for two digits whatever is shown first, so the window keeps its size.
    m_number = new wxStaticText(panel, wxID_ANY, wxString::Format(wxT("%d"), m_left),
                                wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    m_number->SetFont(m_number->GetFont().Scaled(3.0f).Bold());
    m_number->SetName(wxT("countdown_number"));
    m_number->SetMinSize(m_number->GetTextExtent(wxT("00")) + wxSize(FromDIP(8), 0));
    s->Add(m_number, wxSizerFlags().Center().Border(wxALL, FromDIP(4)));
    m_cancel = new wxButton(panel, wxID_CANCEL, _("Cancel"));
    m_cancel->SetToolTip(_("Or press Esc: nothing is captured"));
    m_cancel->SetDefault();
    m_cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { finish(false); });
    s->Add(m_cancel, wxSizerFlags().Center().Border(wxLEFT | wxRIGHT | wxBOTTOM, pad));
    panel->SetSizer(s);
    // The frame's size comes from the panel's sizer: the whole content, button included.
    auto* outer = new wxBoxSizer(wxVERTICAL);
    outer->Add(panel, wxSizerFlags(1).Expand());
    SetSizerAndFit(outer);
    // Bottom-right corner of the primary screen, out of the way of most conversations.
    const wxRect area = wxDisplay(0u).GetClientArea();
    SetPosition(wxPoint(area.GetRight() - GetSize().x - FromDIP(16),
                        area.GetBottom() - GetSize().y - FromDIP(16)));
    Bind(wxEVT_TIMER, &Countdown::tick, this);
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
        if (e.GetKeyCode() == WXK_ESCAPE)
            finish(false);
        else
            e.Skip();
    });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { finish(false); });
    m_timer.Start(1000);
}

void Countdown::present() {
    Show();
    Raise();
    m_cancel->SetFocus();
}

void Countdown::tick(wxTimerEvent&) {
    if (m_settling) {
        finish(true);
        return;
    }
    --m_left;
    if (m_left > 0) {
        m_number->SetLabel(wxString::Format(wxT("%d"), m_left));
        return;
    }
    // Hide first, then grab once the screen has repainted without this window.
    Hide();
    m_settling = true;
    m_timer.Start(kSettleMilliseconds, wxTIMER_ONE_SHOT);
}

void Countdown::finish(bool go) {
    if (m_finished)
        return;
    m_finished = true;
    m_timer.Stop();
    Hide();
    auto done = std::move(m_done);
    Destroy();
    if (done)
        done(go);
}

}  // namespace scelle::gui
