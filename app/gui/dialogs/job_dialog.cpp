// JobDialog: the progress, cancel and outcome part of the export and report dialogs. See
// job_dialog.h.
#include "job_dialog.h"

#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace scelle::gui::dlg {

JobDialog::JobDialog(wxWindow* parent, const wxString& title)
    : wxDialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    Bind(wxEVT_THREAD, &JobDialog::OnThread, this);
    Bind(wxEVT_CLOSE_WINDOW, &JobDialog::OnCloseWindow, this);
}

JobDialog::~JobDialog() {
    stop_job();
}

void JobDialog::stop_job() {
    m_task.request_cancel();
    m_task.join();
}

void JobDialog::add_bottom(wxBoxSizer* main, const wxString& action_label,
                           const wxString& open_label) {
    m_gauge = new wxGauge(this, wxID_ANY, 1000);
    m_status = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_result = new wxStaticText(this, wxID_ANY, wxEmptyString);
    main->Add(m_gauge, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    main->Add(m_status, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(4));
    main->Add(m_result, 0, wxEXPAND | wxALL, FromDIP(12));
    m_gauge->Hide();
    m_status->Hide();
    m_result->Hide();

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_open = new wxButton(this, wxID_ANY, open_label);
    m_action = new wxButton(this, wxID_OK, action_label);
    m_cancel = new wxButton(this, wxID_CANCEL, _("Close"));
    buttons->Add(m_open, 0, wxRIGHT, FromDIP(6));
    buttons->AddStretchSpacer();
    buttons->Add(m_action, 0, wxRIGHT, FromDIP(6));
    buttons->Add(m_cancel);
    m_open->Hide();
    m_action->SetDefault();
    main->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12));

    m_action->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        try {
            Start();
        } catch (...) {
            refuse(_("An unexpected error stopped the work. Nothing was written."));
        }
    });
    m_cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        try {
            CancelOrClose();
        } catch (...) {
        }
    });
    m_open->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        try {
            OpenResult();
        } catch (...) {
        }
    });
}

bool JobDialog::can_open_result() const {
    return m_open != nullptr && m_open->IsShown();
}

bool JobDialog::Start() {
    if (running())
        return false;
    const wxString refusal = check_form();
    if (!refusal.empty()) {
        refuse(refusal);
        return false;
    }
    m_state = JobState::running;
    m_message.clear();
    enable_form(false);
    m_action->Disable();
    m_open->Hide();
    m_result->Hide();
    m_cancel->SetLabel(_("Cancel"));
    m_gauge->Show();
    m_gauge->Pulse();
    m_status->SetLabel(progress_text(-1));
    m_status->Show();
    Layout();
    launch(m_task);
    return true;
}

void JobDialog::OnThread(wxThreadEvent& event) {
    try {
        if (event.GetId() == kTaskProgress && running()) {
            m_gauge->SetValue(event.GetInt());
            m_status->SetLabel(progress_text(event.GetInt()));
            return;
        }
        if (event.GetId() != kTaskFinished)
            return;
        m_task.join();
        m_gauge->Hide();
        m_status->Hide();
        m_cancel->SetLabel(_("Close"));
        m_cancel->Enable();
        m_action->Enable();
        enable_form(true);
        job_finished(m_task.threw());
        if (m_close_when_done)
            close_now();
    } catch (...) {
        finish(JobState::failed, _("An unexpected error stopped the work."));
    }
}

void JobDialog::finish(JobState state, const wxString& sentence, std::optional<Tone> tone) {
    m_state = state;
    show_message(sentence, tone                           ? *tone
                           : state == JobState::succeeded ? Tone::success
                           : state == JobState::failed    ? Tone::failure
                                                          : Tone::neutral);
    m_open->Show(state == JobState::succeeded);
    if (state == JobState::succeeded) {
        // Done: doing it again would only meet the file just written.
        m_action->Disable();
        enable_form(false);
        m_open->SetDefault();
        m_open->SetFocus();
    }
    Layout();
    Fit();
}

void JobDialog::refuse(const wxString& sentence) {
    m_state = JobState::editing;
    show_message(sentence, Tone::failure);
    Layout();
    Fit();
}

void JobDialog::show_message(const wxString& sentence, Tone tone) {
    m_message = sentence;
    m_tone = tone;
    // The sentence quotes paths and names from outside: "&" is not a mnemonic here.
    m_result->SetLabelText(sentence);
    wrap_label(m_result, 70);
    // The colour says what the sentence means, never only that the job ended.
    m_result->SetForegroundColour(tone_text_colour(tone));
    m_result->Show(!sentence.empty());
}

wxColour JobDialog::message_colour() const {
    return m_result->GetForegroundColour();
}

bool JobDialog::confirm_stop() {
    if (m_confirm_stop)
        return m_confirm_stop();
    wxMessageDialog ask(this, stop_question(), GetTitle(),
                        wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
    ask.SetYesNoLabels(_("Stop"), _("Continue"));
    return ask.ShowModal() == wxID_YES;
}

void JobDialog::CancelOrClose() {
    if (!running()) {
        close_now();
        return;
    }
    if (confirm_stop())
        m_task.request_cancel();
}

void JobDialog::OnCloseWindow(wxCloseEvent& event) {
    try {
        if (!running()) {
            close_now();
            return;
        }
        if (!event.CanVeto()) {
            // The application is going away: stop the job and wait for it (it cleans up).
            stop_job();
            event.Skip();
            return;
        }
        event.Veto();
        if (m_close_when_done || !confirm_stop())
            return;
        // The job may have ended while the question was on screen.
        if (!running()) {
            close_now();
            return;
        }
        m_close_when_done = true;
        m_task.request_cancel();
        m_cancel->Disable();
        m_status->SetLabel(_("Stopping..."));
    } catch (...) {
    }
}

void JobDialog::close_now() {
    m_closed = true;
    if (IsModal())
        EndModal(m_state == JobState::succeeded ? wxID_OK : wxID_CANCEL);
    else
        Hide();
}

void JobDialog::OpenResult() {
    if (m_state != JobState::succeeded)
        return;
    if (m_launcher(result_path()))
        return;
    // The work is done all the same: say what could not be opened under the outcome.
    // TRANSLATORS: %s is a file or folder path.
    show_message(m_message + wxS("\n") +
                     wxString::Format(_("\"%s\" could not be opened: open it from your file "
                                        "manager."),
                                      shown_path(result_path())),
                 // Done, but not all of it worked: never the green of a plain success.
                 Tone::caution);
    Layout();
    Fit();
}

}  // namespace scelle::gui::dlg
