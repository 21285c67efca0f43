// ExportDialog, the export: core::export_bundle on a worker thread, and its outcome in one
// paragraph. The form is in export_form.cpp.
#include "export_dialog.h"

#include <wx/intl.h>
#include <wx/textctrl.h>

#include "dialogs.h"
#include "output_errors.h"
#include "scelle/jobs/export_job.h"
#include "scelle/jobs/seal_setup.h"
#include "scelle/store/output_file.h"
#include "scelle/store/tsa_name.h"

namespace scelle::gui::dlg {

namespace fs = std::filesystem;

// What the worker reads (set before it starts) and writes (read after it is joined).
struct ExportDialog::Job {
    explicit Job(const core::Store& s) : store(s) {}
    core::Store store;
    std::string case_id;
    fs::path out;
    std::string lang;
    bool include_report = true;
    std::optional<SecretString> passphrase;  // wiped when the job is destroyed

    std::optional<Error> settings_error;  // the TSA settings or trust anchors
    std::optional<Error> store_error;     // the case could not be opened
    std::optional<Result<jobs::ExportResult>> result;
};

wxString ExportDialog::check_form() {
    const fs::path out = target();
    if (out.empty())
        return _("Choose where to save the bundle.");
    if (auto t = core::check_export_target(out); !t.ok())
        return output_error_sentence(t.error(), out, OutputKind::bundle);
    if (encrypt()) {
        if (m_pass1->GetValue().empty())
            return _("Type a passphrase, twice, or untick \"Encrypt\".");
        if (m_pass1->GetValue() != m_pass2->GetValue())
            return _("The two passphrases differ: type them again.");
    }
    return {};
}

void ExportDialog::launch(BackgroundTask& task) {
    m_outcome.reset();
    m_job = std::make_shared<Job>(m_store);
    m_job->case_id = m_case_id;
    m_job->out = target();
    m_job->lang = language();
    m_job->include_report = include_report();
    if (encrypt())
        m_job->passphrase = to_utf8(m_pass1->GetValue());

    task.start([job = m_job, &task] {
        auto setup = jobs::load_seal_setup();
        if (!setup.ok()) {
            job->settings_error = setup.error();
            return;
        }
        auto opened = job->store.open_case(job->case_id, core::Access::read_write);
        if (!opened.ok()) {
            job->store_error = opened.error();
            return;
        }
        jobs::ExportInput in;
        in.out = job->out;
        in.passphrase = std::move(job->passphrase);
        in.include_report = job->include_report;
        in.report_lang = job->lang;
        in.seal = &*setup;
        job->result = jobs::export_case(**opened, std::move(in), task.reporter());
    });
}

void ExportDialog::job_finished(bool threw) {
    std::shared_ptr<Job> job = std::move(m_job);
    // The passphrase fields are emptied once used, whatever happened.
    m_pass1->Clear();
    m_pass2->Clear();
    if (threw || !job) {
        finish(JobState::failed, _("An unexpected error stopped the export. Nothing was written."));
        return;
    }
    if (job->settings_error) {
        finish(JobState::failed, settings_error_sentence(*job->settings_error));
        return;
    }
    if (job->store_error) {
        finish(JobState::failed, store_error_sentence(*job->store_error));
        return;
    }
    if (!job->result || !job->result->ok()) {
        const Error e = job->result ? job->result->error() : make_error(Errc::internal, "");
        finish(jobs::is_cancelled(e) ? JobState::cancelled : JobState::failed,
               output_error_sentence(e, job->out, OutputKind::bundle));
        return;
    }
    const bool no_tsa = (*job->result)->no_tsa;
    m_outcome = std::move(**job->result).outcome;
    wxString sentence = success_sentence(*m_outcome);
    if (!m_outcome->sealed && no_tsa)
        sentence += wxS("\n") + _("No time-stamp authority is configured: add one in Settings.");
    // Written but not sealed (or not in the log): orange, not the green of a sealed bundle.
    finish(JobState::succeeded, sentence,
           m_outcome->sealed && !m_outcome->log_error ? Tone::success : Tone::caution);
}

wxString ExportDialog::success_sentence(const core::ExportOutcome& o) const {
    const auto files = static_cast<unsigned long>(o.evidence_files);
    // TRANSLATORS: %s is the bundle's path; %lu a number of evidence files; the last %s a size
    // ("1.2 MB").
    wxString s = wxString::Format(wxPLURAL("The bundle is written and checked: \"%s\" (%lu "
                                           "evidence file, %s).",
                                           "The bundle is written and checked: \"%s\" (%lu "
                                           "evidence files, %s).",
                                           static_cast<unsigned>(files)),
                                  shown_path(o.bundle), files, size_text(o.size));
    s += wxS("\n");
    if (o.sealed && o.manifest_token)
        // TRANSLATORS: %s is the time-stamp authority's name, then a date and time.
        s += wxString::Format(_("Sealed: time-stamped by %s on %s (the authority's time)."),
                              shown(core::tsa_short_name(o.manifest_token->tsa)),
                              local_time(o.manifest_token->gen_time));
    else
        s +=
            _("NOT sealed: no time-stamp authority answered (offline?), so nothing proves when "
              "it was made. The bundle is complete and can be checked; export again when online "
              "to seal it.");
    if (o.encrypted)
        s += wxS("\n") + _("Encrypted: open it with 7-Zip, not with unzip.");
    if (o.log_error)
        // TRANSLATORS: %s is the reason, in the system's words.
        s += wxS("\n") + wxString::Format(_("Note: the export could not be written in the case's "
                                            "custody log (%s)."),
                                          shown(o.log_error->detail.empty() ? o.log_error->subject
                                                                            : o.log_error->detail));
    return s;
}

wxString ExportDialog::progress_text(int permille) const {
    if (permille < 0)
        return _("Preparing the bundle (report, time-stamp)...");
    if (permille >= 1000)
        return _("Checking the bundle that was written...");
    // TRANSLATORS: %d is a percentage; %% is the percent sign.
    return wxString::Format(_("Writing the bundle: %d%%"), permille / 10);
}

fs::path ExportDialog::result_path() const {
    return m_outcome ? m_outcome->bundle.parent_path() : target().parent_path();
}

wxString ExportDialog::stop_question() const {
    return _("Stop the export? Nothing will be left at the destination.");
}

}  // namespace scelle::gui::dlg

namespace scelle::gui {

std::optional<std::filesystem::path> show_export_dialog(wxWindow* parent, core::Store& store,
                                                        const std::string& case_id,
                                                        const GuiSettings& settings) {
    try {
        dlg::ExportDialog dialog(parent, store, case_id, settings);
        dialog.ShowModal();
        if (dialog.outcome())
            return dialog.outcome()->bundle;
    } catch (...) {
        // Exceptions never leave a dialog; the user has seen whatever the dialog said.
    }
    return std::nullopt;
}

}  // namespace scelle::gui
