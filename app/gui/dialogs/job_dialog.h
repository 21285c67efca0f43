// JobDialog: what the export and report dialogs share — a form above, then one long job run on
// a worker thread (BackgroundTask) with a progress bar, a status line and a Cancel button, and
// at the end one sentence (success, or why not) with a button that opens the result.
//
// States: editing → running → succeeded | failed | cancelled; a failed or cancelled job gives
// the form back so that the user can fix it and start again. Closing the window while the job
// runs asks first (confirm_stop), then cancels the job and closes once it has stopped (the core
// guarantees nothing is left at the target). Pressing Cancel while it runs asks too, then
// cancels and stays open to say that nothing was written.
//
// The logic can be driven without ShowModal: a test fills the form through the subclass,
// calls Start(), pumps events until state() is no longer running, and reads message().
// Exceptions never leave the event handlers. GUI thread only.
#pragma once

#include <functional>
#include <optional>

#include <wx/dialog.h>

#include "background_task.h"
#include "dialog_support.h"

class wxButton;
class wxGauge;
class wxStaticText;
class wxBoxSizer;

namespace scelle::gui::dlg {

enum class JobState { editing, running, succeeded, failed, cancelled };

class JobDialog : public wxDialog {
  public:
    JobState state() const { return m_state; }
    bool running() const { return m_state == JobState::running; }
    // The sentence shown last: a refusal of the form, or the job's outcome.
    wxString message() const { return m_message; }
    // What the sentence means (its colour comes from it), and the colour it is shown in.
    Tone message_tone() const { return m_tone; }
    wxColour message_colour() const;
    // The button that opens the result (the folder, the PDF) is visible.
    bool can_open_result() const;

    // Checks the form and starts the job. False, with the reason in message(), when the form
    // is refused (nothing started).
    bool Start();
    // The Cancel/Close button: while running, asks and then cancels; otherwise closes.
    void CancelOrClose();
    // Opens the result with the launcher (the folder of the bundle, the PDF).
    void OpenResult();

    // Tests: the answer to "stop the work?" (default: a message box), the launcher (default:
    // wxLaunchDefaultApplication), and the worker's poll hook (see BackgroundTask).
    void set_confirm_stop(std::function<bool()> confirm) { m_confirm_stop = std::move(confirm); }
    void set_launcher(Launcher launcher) { m_launcher = std::move(launcher); }
    void set_poll_hook(std::function<void()> hook) { m_task.set_poll_hook(std::move(hook)); }
    // Thread-safe: the job's progress in per mille, -1 before the first report.
    int job_progress() const { return m_task.permille(); }
    // True once the dialog closed itself (modal: EndModal; otherwise hidden).
    bool closed() const { return m_closed; }

  protected:
    JobDialog(wxWindow* parent, const wxString& title);
    ~JobDialog() override;

    // Adds the progress bar, status, message and buttons under the form in `main`.
    void add_bottom(wxBoxSizer* main, const wxString& action_label, const wxString& open_label);

    // The subclass's part.
    // Checks the form; returns the refusal sentence, or an empty string to go on.
    virtual wxString check_form() = 0;
    // Starts the job on task() (the form is already disabled); `status` is shown meanwhile.
    virtual void launch(BackgroundTask& task) = 0;
    // Called on the GUI thread once the job has ended (joined): shows the outcome with
    // finish().
    virtual void job_finished(bool threw) = 0;
    virtual void enable_form(bool enable) = 0;
    // The status line while running, from the per mille done (-1: not known yet).
    virtual wxString progress_text(int permille) const = 0;
    // What the open button opens.
    virtual std::filesystem::path result_path() const = 0;
    // The question asked before stopping.
    virtual wxString stop_question() const = 0;

    // Subclasses call it first in their destructor: the job stops before their members go.
    void stop_job();
    // `tone`: what the sentence means when it is not just the state's (a success with a
    // reservation is Tone::caution); by default success, failure, or neutral.
    void finish(JobState state, const wxString& sentence, std::optional<Tone> tone = {});
    void refuse(const wxString& sentence);
    const Launcher& launcher() const { return m_launcher; }

  private:
    void OnThread(wxThreadEvent& event);
    void OnCloseWindow(wxCloseEvent& event);
    void close_now();
    bool confirm_stop();
    void show_message(const wxString& sentence, Tone tone);

    JobState m_state = JobState::editing;
    wxString m_message;
    Tone m_tone = Tone::neutral;
    bool m_close_when_done = false;
    bool m_closed = false;
    std::function<bool()> m_confirm_stop;
    Launcher m_launcher = launch_default;

    wxGauge* m_gauge = nullptr;
    wxStaticText* m_status = nullptr;
    wxStaticText* m_result = nullptr;
    wxButton* m_action = nullptr;
    wxButton* m_open = nullptr;
    wxButton* m_cancel = nullptr;

    // Last, so that it is destroyed first: the worker stops before anything it uses goes.
    BackgroundTask m_task{*this};
};

}  // namespace scelle::gui::dlg
