// VerifyDialog: "Verify a bundle" — choose a zip (file picker) or drop it on the window; if it
// is encrypted, a passphrase field appears; core::verify_bundle runs on a worker thread with
// the trust anchors of the settings; then a big verdict in green (intact and sealed by a
// trusted TSA), orange (intact, not sealed by a trusted TSA), red (altered, incomplete or
// unsafe) or grey (cannot be read), the list of every problem by path, and the details
// (time-stamps, checks) below. Nothing is extracted or written.
//
// show_verify_dialog() (dialogs.h) is a thin modal wrapper; tests drive this class directly:
// Verify(path) or DropFiles(), pump events until !running(), read report() and the texts.
// Closing the window while a verification runs waits for it (it only reads). GUI thread only.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <wx/dialog.h>
#include <wx/timer.h>

#include "background_task.h"
#include "gui_settings.h"
#include "scelle/bundle/bundle_verify.h"
#include "verify_text.h"

class wxFilePickerCtrl;
class wxListCtrl;
class wxPanel;
class wxStaticText;
class wxTextCtrl;
class wxGauge;
class wxBoxSizer;

namespace scelle::gui::dlg {

class VerifyDialog : public wxDialog {
  public:
    VerifyDialog(wxWindow* parent, const GuiSettings& settings);
    ~VerifyDialog() override;

    // Starts checking `zip`, with the passphrase typed if the field is shown. False when a
    // verification is already running.
    bool Verify(const std::filesystem::path& zip);
    // Files dropped on the window: one zip is verified; several are refused with a sentence.
    bool DropFiles(const wxArrayString& files);
    bool running() const { return m_task.running(); }

    // The passphrase field (shown when the bundle asks for one).
    bool passphrase_shown() const;
    void set_passphrase(const wxString& passphrase);

    // What the last verification found, and what the window shows of it.
    const std::optional<core::BundleReport>& report() const { return m_report; }
    const std::filesystem::path& bundle() const { return m_bundle; }
    VerdictTone tone() const { return m_tone; }
    wxString headline() const;
    wxString explanation() const;
    // The problem list's rows: (path, what was found).
    std::vector<std::pair<wxString, wxString>> problem_rows() const;
    wxString details() const;

  private:
    struct Job;

    void build(const wxString& intro);
    void OnThread(wxThreadEvent& event);
    void OnPickFile();
    void OnVerifyClicked();
    void show_report(const core::BundleReport& r, const wxString& settings_warning);
    void show_banner(VerdictTone tone, const wxString& headline, const wxString& explanation);
    void fill_details(const core::BundleReport& r, const wxString& settings_warning);

    std::filesystem::path m_bundle;
    std::optional<core::BundleReport> m_report;
    VerdictTone m_tone = VerdictTone::grey;
    wxString m_headline_text;  // as said, before the label wraps it
    wxString m_explanation_text;
    std::shared_ptr<Job> m_job;
    wxTimer m_pulse;

    wxFilePickerCtrl* m_file = nullptr;
    wxPanel* m_secret = nullptr;
    wxTextCtrl* m_pass = nullptr;
    wxGauge* m_gauge = nullptr;
    wxStaticText* m_status = nullptr;
    wxPanel* m_banner = nullptr;
    wxStaticText* m_headline = nullptr;
    wxStaticText* m_explanation = nullptr;
    wxStaticText* m_problems_label = nullptr;
    wxListCtrl* m_problems = nullptr;
    wxTextCtrl* m_details = nullptr;

    // Last, so that it is destroyed first (see BackgroundTask).
    BackgroundTask m_task{*this};
};

}  // namespace scelle::gui::dlg
