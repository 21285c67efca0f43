// ExportDialog: "Export the case as an evidence bundle" — where to write the zip, the language
// of the report inside it, whether to include the report, and encryption for sending
// (passphrase twice, with the warning that a lost passphrase is a lost bundle and that plain
// unzip cannot open it, 7-Zip can). The export itself is core::export_bundle on a worker
// thread, with the manifest time-stamped by the TSAs of the settings, as `scelle-cli export`.
//
// show_export_dialog() (dialogs.h) is a thin modal wrapper; tests drive this class directly.
// GUI thread only.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "gui_settings.h"
#include "job_dialog.h"
#include "scelle/bundle/bundle_writer.h"
#include "scelle/store/store.h"

class wxCheckBox;
class wxChoice;
class wxFilePickerCtrl;
class wxPanel;
class wxTextCtrl;

namespace scelle::gui::dlg {

class ExportDialog : public JobDialog {
  public:
    ExportDialog(wxWindow* parent, const core::Store& store, const std::string& case_id,
                 const GuiSettings& settings);
    ~ExportDialog() override;

    // The form.
    std::filesystem::path target() const;
    void set_target(const std::filesystem::path& path);
    std::string language() const;  // "fr" or "en"
    void set_language(const std::string& code);
    bool include_report() const;
    void set_include_report(bool include);
    bool encrypt() const;
    void set_encrypt(bool encrypt);
    void set_passphrases(const wxString& first, const wxString& again);
    // The lost-passphrase warning is on screen (encryption chosen).
    bool warning_shown() const;

    // After a successful export: what the core wrote.
    const std::optional<core::ExportOutcome>& outcome() const { return m_outcome; }

  protected:
    wxString check_form() override;
    void launch(BackgroundTask& task) override;
    void job_finished(bool threw) override;
    void enable_form(bool enable) override;
    wxString progress_text(int permille) const override;
    std::filesystem::path result_path() const override;
    wxString stop_question() const override;

  private:
    struct Job;  // what the worker reads and writes (shared with it)

    void build_form(wxBoxSizer* main, const std::string& title);
    void update_encryption();
    wxString success_sentence(const core::ExportOutcome& o) const;

    core::Store m_store;
    std::string m_case_id;
    std::optional<core::ExportOutcome> m_outcome;
    std::shared_ptr<Job> m_job;

    wxFilePickerCtrl* m_file = nullptr;
    wxChoice* m_language = nullptr;
    wxCheckBox* m_report = nullptr;
    wxCheckBox* m_encrypt = nullptr;
    wxPanel* m_secret = nullptr;
    wxTextCtrl* m_pass1 = nullptr;
    wxTextCtrl* m_pass2 = nullptr;
};

}  // namespace scelle::gui::dlg
