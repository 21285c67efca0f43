// ReportDialog: see report_dialog.h.
#include "report_dialog.h"

#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/filepicker.h>
#include <wx/intl.h>
#include <wx/radiobox.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "dialogs.h"
#include "output_errors.h"
#include "scelle/jobs/export_job.h"
#include "scelle/store/output_file.h"

namespace scelle::gui::dlg {

namespace fs = std::filesystem;

namespace {

// The core's names, in the order of the radio buttons.
constexpr const char* kDestinations[] = {"pharos", "3018", "police", "platform"};

}  // namespace

struct ReportDialog::Job {
    explicit Job(const core::Store& s) : store(s) {}
    core::Store store;
    std::string case_id;
    jobs::ReportInput input;
    std::optional<Error> store_error;
    std::optional<Result<core::ReportOutcome>> result;
};

ReportDialog::ReportDialog(wxWindow* parent, const core::Store& store, const std::string& case_id,
                           const GuiSettings& settings)
    : JobDialog(parent, _("Make the report")), m_store(store), m_case_id(case_id) {
    std::string title = case_id;
    std::optional<std::string> case_destination;
    if (auto cs = m_store.open_case(case_id, core::Access::read_only); cs.ok()) {
        m_case_id = (*cs)->info().id;
        title = (*cs)->info().title;
        case_destination = (*cs)->info().destination;
    }
    const int gap = FromDIP(12);
    auto* main = new wxBoxSizer(wxVERTICAL);
    // TRANSLATORS: %s is the case's title, as the user wrote it.
    // The title is the user's text: never a mnemonic, its controls escaped.
    auto* heading = new wxStaticText(this, wxID_ANY, wxEmptyString);
    heading->SetLabelText(wxString::Format(_("The printable report of \"%s\""), shown(title)));
    make_heading(heading, 1.25);
    main->Add(heading, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    auto* intro = new wxStaticText(
        this, wxID_ANY,
        _("A PDF to print or send: what happened, the accounts, every piece of evidence with "
          "its fingerprint, and what to do next for the place you report to."));
    wrap_label(intro, 70);
    main->Add(intro, 0, wxLEFT | wxRIGHT | wxTOP, gap);

    const wxString choices[] = {
        _("Pharos: the official website for reporting illegal content online"),
        _("3018 / e-Enfance: the helpline for young people (harassment, blackmail, images)"),
        _("Police or gendarmerie: to file a complaint"),
        _("The platform itself: to report the account to the site or app"),
    };
    m_destination = new wxRadioBox(this, wxID_ANY, _("Who is the report for?"), wxDefaultPosition,
                                   wxDefaultSize, 4, choices, 1, wxRA_SPECIFY_COLS);
    main->Add(m_destination, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    auto* grid = new wxFlexGridSizer(2, FromDIP(8), FromDIP(8));
    grid->AddGrowableCol(1);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Language:")), 0, wxALIGN_CENTER_VERTICAL);
    m_language = new wxChoice(this, wxID_ANY);
    m_language->Append(
        wxString::FromUTF8("Fran\xc3\xa7"
                           "ais"));
    m_language->Append(wxS("English"));
    grid->Add(m_language, 0);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Save the report as:")), 0,
              wxALIGN_CENTER_VERTICAL);
    m_file = new wxFilePickerCtrl(this, wxID_ANY, wxEmptyString, _("Save the report as"),
                                  _("PDF files (*.pdf)|*.pdf"), wxDefaultPosition,
                                  wxSize(FromDIP(420), -1), wxFLP_SAVE | wxFLP_USE_TEXTCTRL);
    grid->Add(m_file, 1, wxEXPAND);
    main->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    m_transcripts = new wxCheckBox(
        this, wxID_ANY,
        _("Add the pictures' machine transcripts as an annex (to check against the pictures)"));
    m_transcripts->SetToolTip(
        _("The text Scellé read in the pictures (Case ▸ Search the words of "
          "the pictures): never evidence, never of a sensitive picture"));
    main->Add(m_transcripts, 0, wxLEFT | wxRIGHT | wxTOP, gap);

    add_bottom(main, _("Make the report"), _("Open the report"));
    set_destination(case_destination.value_or("police"));
    set_language(settings.language_code());
    set_target(free_file_name(documents_dir(), "scelle-" + m_case_id + "-report", ".pdf"));
    SetSizerAndFit(main);
    CentreOnParent();
}

ReportDialog::~ReportDialog() {
    stop_job();
}

std::string ReportDialog::destination() const {
    const int i = m_destination->GetSelection();
    return kDestinations[i >= 0 && i < 4 ? i : 2];
}

void ReportDialog::set_destination(const std::string& name) {
    for (int i = 0; i < 4; ++i)
        if (name == kDestinations[i])
            m_destination->SetSelection(i);
}

bool ReportDialog::transcripts() const {
    return m_transcripts->GetValue();
}

void ReportDialog::set_transcripts(bool on) {
    m_transcripts->SetValue(on);
}

std::string ReportDialog::language() const {
    return m_language->GetSelection() == 0 ? "fr" : "en";
}

void ReportDialog::set_language(const std::string& code) {
    m_language->SetSelection(code == "fr" ? 0 : 1);
}

fs::path ReportDialog::target() const {
    wxString path = m_file->GetPath();
    path.Trim().Trim(false);
    if (path.empty())
        return {};
    fs::path p = to_path(path);
    if (!p.has_extension())
        p += ".pdf";
    return p;
}

void ReportDialog::set_target(const fs::path& path) {
    m_file->SetPath(path_text(path));
    if (wxTextCtrl* text = m_file->GetTextCtrl())
        text->SelectNone();
}

void ReportDialog::enable_form(bool enable) {
    m_destination->Enable(enable);
    m_language->Enable(enable);
    m_transcripts->Enable(enable);
    m_file->Enable(enable);
}

wxString ReportDialog::check_form() {
    const fs::path out = target();
    if (out.empty())
        return _("Choose where to save the report.");
    if (auto t = core::check_export_target(out); !t.ok())
        return output_error_sentence(t.error(), out, OutputKind::report);
    return {};
}

void ReportDialog::launch(BackgroundTask& task) {
    m_outcome.reset();
    m_job = std::make_shared<Job>(m_store);
    m_job->case_id = m_case_id;
    m_job->input.out = target();
    m_job->input.destination = destination();
    m_job->input.lang = language();
    m_job->input.transcripts = transcripts();
    task.start([job = m_job, &task] {
        auto opened = job->store.open_case(job->case_id, core::Access::read_write);
        if (!opened.ok()) {
            job->store_error = opened.error();
            return;
        }
        job->result = jobs::make_case_report(**opened, job->input, task.reporter());
    });
}

void ReportDialog::job_finished(bool threw) {
    std::shared_ptr<Job> job = std::move(m_job);
    if (threw || !job) {
        finish(JobState::failed, _("An unexpected error stopped the report. Nothing was written."));
        return;
    }
    if (job->store_error) {
        finish(JobState::failed, store_error_sentence(*job->store_error));
        return;
    }
    if (!job->result || !job->result->ok()) {
        const Error e = job->result ? job->result->error() : make_error(Errc::internal, "");
        finish(jobs::is_cancelled(e) ? JobState::cancelled : JobState::failed,
               output_error_sentence(e, job->input.out, OutputKind::report));
        return;
    }
    m_outcome = std::move(*job->result).value();
    const auto pages = static_cast<unsigned long>(m_outcome->pages);
    // TRANSLATORS: %s is the report's path; %lu its number of pages.
    wxString s = wxString::Format(
        wxPLURAL("The report is written: \"%s\" (%lu page).",
                 "The report is written: \"%s\" (%lu pages).", static_cast<unsigned>(pages)),
        shown_path(m_outcome->file), pages);
    if (m_outcome->images_not_shown > 0) {
        const auto n = static_cast<unsigned long>(m_outcome->images_not_shown);
        // TRANSLATORS: %lu is a number of images.
        s += wxS("\n") + wxString::Format(wxPLURAL("%lu image could not be shown (damaged or "
                                                   "unsupported); it is listed with its SHA-256.",
                                                   "%lu images could not be shown (damaged or "
                                                   "unsupported); they are listed with their "
                                                   "SHA-256.",
                                                   static_cast<unsigned>(n)),
                                          n);
    }
    // Written, but some pictures could not be drawn: orange.
    finish(JobState::succeeded, s, m_outcome->images_not_shown > 0 ? Tone::caution : Tone::success);
    // The parent asked for a printable report: open it at once.
    OpenResult();
}

wxString ReportDialog::progress_text(int permille) const {
    if (permille < 0)
        return _("Preparing the report...");
    // TRANSLATORS: %d is a percentage; %% is the percent sign.
    return wxString::Format(_("Writing the report: %d%%"), permille / 10);
}

fs::path ReportDialog::result_path() const {
    return m_outcome ? m_outcome->file : target();
}

wxString ReportDialog::stop_question() const {
    return _("Stop making the report? Nothing will be left at the destination.");
}

}  // namespace scelle::gui::dlg

namespace scelle::gui {

std::optional<std::filesystem::path> show_report_dialog(wxWindow* parent, core::Store& store,
                                                        const std::string& case_id,
                                                        const GuiSettings& settings) {
    try {
        dlg::ReportDialog dialog(parent, store, case_id, settings);
        dialog.ShowModal();
        if (dialog.outcome())
            return dialog.outcome()->file;
    } catch (...) {
        // Exceptions never leave a dialog; the user has seen whatever the dialog said.
    }
    return std::nullopt;
}

}  // namespace scelle::gui
