// ReportDialog: "Make the printable report" — for whom (Pharos, the 3018 / e-Enfance, the
// police or gendarmerie, the platform itself), in which language, into which PDF file; then
// core::make_report on a worker thread with progress and cancel, as `scelle-cli report`, and
// the PDF opened with the desktop's viewer at the end.
//
// show_report_dialog() (dialogs.h) is a thin modal wrapper; tests drive this class directly.
// GUI thread only.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "gui_settings.h"
#include "job_dialog.h"
#include "scelle/report/report.h"
#include "scelle/store/store.h"

class wxCheckBox;
class wxChoice;
class wxFilePickerCtrl;
class wxRadioBox;

namespace scelle::gui::dlg {

class ReportDialog : public JobDialog {
  public:
    ReportDialog(wxWindow* parent, const core::Store& store, const std::string& case_id,
                 const GuiSettings& settings);
    ~ReportDialog() override;

    // The form. Destinations are the core's names: pharos, 3018, police, platform.
    std::string destination() const;
    void set_destination(const std::string& name);
    std::string language() const;  // "fr" or "en"
    // The machine transcripts as an annex (ReportInput::transcripts); off at first.
    bool transcripts() const;
    void set_transcripts(bool on);
    void set_language(const std::string& code);
    std::filesystem::path target() const;
    void set_target(const std::filesystem::path& path);

    const std::optional<core::ReportOutcome>& outcome() const { return m_outcome; }

  protected:
    wxString check_form() override;
    void launch(BackgroundTask& task) override;
    void job_finished(bool threw) override;
    void enable_form(bool enable) override;
    wxString progress_text(int permille) const override;
    std::filesystem::path result_path() const override;
    wxString stop_question() const override;

  private:
    struct Job;

    core::Store m_store;
    std::string m_case_id;
    std::optional<core::ReportOutcome> m_outcome;
    std::shared_ptr<Job> m_job;

    wxRadioBox* m_destination = nullptr;
    wxChoice* m_language = nullptr;
    wxCheckBox* m_transcripts = nullptr;
    wxFilePickerCtrl* m_file = nullptr;
};

}  // namespace scelle::gui::dlg
