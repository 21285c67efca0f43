// VerifyDialog: see verify_dialog.h.
#include "verify_dialog.h"

#include <set>

#include <wx/button.h>
#include <wx/dnd.h>
#include <wx/filepicker.h>
#include <wx/gauge.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "dialog_support.h"
#include "dialogs.h"
#include "output_errors.h"
#include "scelle/jobs/verify_job.h"

namespace scelle::gui::dlg {

namespace fs = std::filesystem;

namespace {

// Files dropped anywhere on the dialog.
class BundleDropTarget : public wxFileDropTarget {
  public:
    explicit BundleDropTarget(VerifyDialog& dialog) : m_dialog(dialog) {}
    bool OnDropFiles(wxCoord, wxCoord, const wxArrayString& files) override {
        try {
            return m_dialog.DropFiles(files);
        } catch (...) {
            return false;
        }
    }

  private:
    VerifyDialog& m_dialog;
};

}  // namespace

struct VerifyDialog::Job {
    fs::path zip;
    std::optional<SecretString> passphrase;  // wiped when the job is destroyed
    core::BundleReport report;
    std::optional<Error> settings_error;  // the anchors of the settings could not be used
};

VerifyDialog::VerifyDialog(wxWindow* parent, const GuiSettings&)
    : wxDialog(parent, wxID_ANY, _("Verify a bundle"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_pulse(this) {
    build(
        _("Choose a bundle (.zip), or drop it on this window. The file is only read: nothing "
          "is extracted or changed."));
    SetDropTarget(new BundleDropTarget(*this));
    Bind(wxEVT_THREAD, &VerifyDialog::OnThread, this);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { m_gauge->Pulse(); });
}

VerifyDialog::~VerifyDialog() {
    m_pulse.Stop();
    m_task.join();
}

void VerifyDialog::build(const wxString& intro_text) {
    const int gap = FromDIP(12);
    auto* main = new wxBoxSizer(wxVERTICAL);
    auto* heading = new wxStaticText(this, wxID_ANY, _("Verify a bundle"));
    make_heading(heading, 1.25);
    main->Add(heading, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    auto* intro = new wxStaticText(this, wxID_ANY, intro_text);
    wrap_label(intro, 80);
    main->Add(intro, 0, wxLEFT | wxRIGHT | wxTOP, gap);

    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(new wxStaticText(this, wxID_ANY, _("Bundle:")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
             FromDIP(8));
    m_file = new wxFilePickerCtrl(this, wxID_ANY, wxEmptyString, _("Choose a bundle"),
                                  _("Zip files (*.zip)|*.zip|All files|*"), wxDefaultPosition,
                                  wxSize(FromDIP(460), -1),
                                  wxFLP_OPEN | wxFLP_FILE_MUST_EXIST | wxFLP_USE_TEXTCTRL);
    row->Add(m_file, 1, wxEXPAND);
    main->Add(row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    m_secret = new wxPanel(this);
    auto* secret = new wxBoxSizer(wxHORIZONTAL);
    secret->Add(new wxStaticText(m_secret, wxID_ANY, _("Passphrase:")), 0,
                wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    m_pass = new wxTextCtrl(m_secret, wxID_ANY, wxEmptyString, wxDefaultPosition,
                            wxSize(FromDIP(260), -1), wxTE_PASSWORD | wxTE_PROCESS_ENTER);
    secret->Add(m_pass, 1, wxRIGHT, FromDIP(8));
    auto* verify = new wxButton(m_secret, wxID_ANY, _("Verify"));
    secret->Add(verify, 0);
    m_secret->SetSizer(secret);
    main->Add(m_secret, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    m_secret->Hide();

    m_gauge = new wxGauge(this, wxID_ANY, 100);
    m_status = new wxStaticText(this, wxID_ANY, _("Checking every file of the bundle..."));
    main->Add(m_gauge, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    main->Add(m_status, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(4));
    m_gauge->Hide();
    m_status->Hide();

    m_banner = new wxPanel(this);
    auto* banner = new wxBoxSizer(wxVERTICAL);
    m_headline = new wxStaticText(m_banner, wxID_ANY, wxEmptyString);
    make_heading(m_headline, 1.8);
    m_explanation = new wxStaticText(m_banner, wxID_ANY, wxEmptyString);
    banner->Add(m_headline, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    banner->Add(m_explanation, 0, wxALL, gap);
    m_banner->SetSizer(banner);
    main->Add(m_banner, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    m_banner->Hide();

    m_problems_label = new wxStaticText(this, wxID_ANY, _("What was found, file by file:"));
    main->Add(m_problems_label, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    m_problems =
        new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxSize(FromDIP(720), FromDIP(200)),
                       wxLC_REPORT | wxLC_SINGLE_SEL | wxBORDER_SUNKEN);
    m_problems->AppendColumn(_("File in the bundle"), wxLIST_FORMAT_LEFT, FromDIP(300));
    m_problems->AppendColumn(_("What was found"), wxLIST_FORMAT_LEFT, FromDIP(410));
    main->Add(m_problems, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(4));
    m_problems_label->Hide();
    m_problems->Hide();

    m_details = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition,
                               wxSize(FromDIP(720), FromDIP(120)),
                               wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    main->Add(m_details, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    m_details->Hide();

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->AddStretchSpacer();
    auto* close = new wxButton(this, wxID_CANCEL, _("Close"));
    buttons->Add(close);
    main->Add(buttons, 0, wxEXPAND | wxALL, gap);
    SetSizerAndFit(main);
    SetMinSize(GetSize());
    CentreOnParent();

    m_file->Bind(wxEVT_FILEPICKER_CHANGED, [this](wxFileDirPickerEvent&) { OnPickFile(); });
    verify->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { OnVerifyClicked(); });
    m_pass->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { OnVerifyClicked(); });
}

void VerifyDialog::OnPickFile() {
    try {
        // Another bundle: its own passphrase, if any.
        m_pass->Clear();
        m_secret->Hide();
        wxString path = m_file->GetPath();
        if (!path.Trim().Trim(false).empty())
            Verify(to_path(path));
    } catch (...) {
    }
}

void VerifyDialog::OnVerifyClicked() {
    try {
        if (!m_bundle.empty())
            Verify(m_bundle);
    } catch (...) {
    }
}

bool VerifyDialog::DropFiles(const wxArrayString& files) {
    if (files.size() != 1) {
        show_banner(VerdictTone::grey, _("One bundle at a time"),
                    _("Drop a single zip file on this window."));
        fit_within_screen(this, {m_problems, m_details});
        return false;
    }
    m_pass->Clear();
    m_secret->Hide();
    m_file->SetPath(files[0]);
    return Verify(to_path(files[0]));
}

bool VerifyDialog::passphrase_shown() const {
    return m_secret->IsShown();
}

void VerifyDialog::set_passphrase(const wxString& passphrase) {
    m_pass->SetValue(passphrase);
}

bool VerifyDialog::Verify(const fs::path& zip) {
    if (running())
        return false;
    m_bundle = zip;
    m_report.reset();
    m_job = std::make_shared<Job>();
    m_job->zip = zip;
    if (m_secret->IsShown() && !m_pass->GetValue().empty())
        m_job->passphrase = to_utf8(m_pass->GetValue());
    m_banner->Hide();
    m_problems_label->Hide();
    m_problems->Hide();
    m_details->Hide();
    m_gauge->Show();
    m_status->Show();
    m_gauge->Pulse();
    m_pulse.Start(100);
    fit_within_screen(this, {m_problems, m_details});
    m_task.start([job = m_job, &task = m_task] {
        // The settings' anchors; if they cannot be used, the system's, and say so.
        jobs::VerifyInput in;
        in.bundle = job->zip;
        in.passphrase = std::move(job->passphrase);
        in.unusable_settings = jobs::UnusableSettings::fall_back;
        auto r = jobs::verify(std::move(in), task.reporter());
        if (!r.ok())
            return;  // cancelled: the dialog is going away
        job->settings_error = std::move(r->settings_error);
        job->report = std::move(r->report);
    });
    return true;
}

void VerifyDialog::OnThread(wxThreadEvent& event) {
    try {
        if (event.GetId() != kTaskFinished)
            return;
        m_task.join();
        m_pulse.Stop();
        m_gauge->Hide();
        m_status->Hide();
        std::shared_ptr<Job> job = std::move(m_job);
        if (m_task.threw() || !job) {
            show_banner(VerdictTone::grey, _("Cannot be checked"),
                        _("An unexpected error stopped the verification."));
        } else {
            show_report(job->report, job->settings_error
                                         ? settings_error_sentence(*job->settings_error)
                                         : wxString());
        }
        fit_within_screen(this, {m_problems, m_details});
    } catch (...) {
    }
}

void VerifyDialog::show_report(const core::BundleReport& r, const wxString& settings_warning) {
    m_report = r;
    const PassphraseState pass = passphrase_state(r);
    if (pass != PassphraseState::not_needed) {
        m_secret->Show();
        m_pass->Clear();
        m_pass->SetFocus();
    }
    show_banner(verdict_tone(r.verdict), verdict_headline(r), verdict_explanation(r));

    m_problems->DeleteAllItems();
    std::set<std::pair<wxString, wxString>> said;  // a swap can break one line twice
    long row = 0;
    for (const auto& p : r.problems) {
        auto line = std::make_pair(problem_path(p), problem_message(p));
        if (!said.insert(line).second)
            continue;
        m_problems->InsertItem(row, line.first);
        m_problems->SetItem(row, 1, line.second);
        ++row;
    }
    if (r.problems_omitted > 0) {
        m_problems->InsertItem(row, wxS("..."));
        // TRANSLATORS: %lld is a number of problems not listed.
        m_problems->SetItem(row, 1,
                            wxString::Format(_("and %lld more problem(s)"),
                                             static_cast<long long>(r.problems_omitted)));
        ++row;
    }
    // A wrong passphrase or a missing one says it all in the banner.
    const bool list = row > 0 && pass == PassphraseState::not_needed;
    m_problems_label->Show(list);
    m_problems->Show(list);
    fill_details(r, settings_warning);
}

void VerifyDialog::show_banner(VerdictTone tone, const wxString& headline,
                               const wxString& explanation) {
    m_tone = tone;
    m_headline_text = headline;
    m_explanation_text = explanation;
    m_banner->SetBackgroundColour(tone_colour(tone));
    m_headline->SetForegroundColour(*wxWHITE);
    m_explanation->SetForegroundColour(*wxWHITE);
    // They name authorities and files from the bundle: "&" is not a mnemonic here.
    m_headline->SetLabelText(headline);
    m_explanation->SetLabelText(explanation);
    wrap_label(m_explanation, 90);
    m_banner->Show();
    m_banner->Layout();
    m_banner->Refresh();
}

void VerifyDialog::fill_details(const core::BundleReport& r, const wxString& settings_warning) {
    wxString text;
    if (!settings_warning.empty())
        text << settings_warning << wxS("\n");
    if (!r.case_id.empty())
        // TRANSLATORS: %s is the case's reference.
        text << wxString::Format(_("Case: %s"), shown(r.case_id)) << wxS("\n");
    if (r.encrypted)
        text << _("Encrypted bundle (AES-256).") << wxS("\n");
    if (r.intact())
        // TRANSLATORS: a summary of an intact bundle: numbers of evidence files and lines.
        text << wxString::Format(_("%lld evidence file(s), a custody log of %lld line(s)."),
                                 static_cast<long long>(r.evidence_files),
                                 static_cast<long long>(r.log_lines))
             << wxS("\n");
    for (const auto& n : r.notes)
        text << wxS("\u26A0 ") << problem_path(n) << wxS(": ") << problem_message(n) << wxS("\n");
    for (const auto& t : r.tokens)
        text << token_line(t) << wxS(" (") << shown(t.path) << wxS(")\n");
    if (r.intact())
        for (const auto& s : r.item_seals) {
            if (!s.first) {
                // TRANSLATORS: %lld is an item's number.
                text << wxString::Format(_("Item %lld: not sealed by any time-stamp"),
                                         static_cast<long long>(s.seq))
                     << wxS("\n");
            } else if (s.first->token == s.last->token) {
                // TRANSLATORS: an item's number, then a date and time, then an authority.
                text << wxString::Format(_("Item %lld: sealed on %s by %s"),
                                         static_cast<long long>(s.seq),
                                         local_time(s.first->gen_time), shown(s.first->tsa))
                     << wxS("\n");
            } else {
                // TRANSLATORS: an item's number, then its first seal (date and time, authority),
                // then its last.
                text << wxString::Format(_("Item %lld: first sealed on %s by %s, last on %s by %s"),
                                         static_cast<long long>(s.seq),
                                         local_time(s.first->gen_time), shown(s.first->tsa),
                                         local_time(s.last->gen_time), shown(s.last->tsa))
                     << wxS("\n");
            }
        }
    wxString passed, failed;
    for (const auto& c : r.checks) {
        if (c.outcome == crypto::CheckOutcome::not_run)
            continue;
        wxString& to = c.outcome == crypto::CheckOutcome::passed ? passed : failed;
        to << (to.empty() ? wxString() : wxString(wxS(", "))) << check_label(c.name);
    }
    if (!failed.empty())
        text << _("Checked and failing:") << wxS(" ") << failed << wxS("\n");
    if (!passed.empty())
        text << _("Checked and holding:") << wxS(" ") << passed << wxS("\n");
    text.Trim();
    m_details->SetValue(text);
    m_details->Show(!text.empty());
}

wxString VerifyDialog::headline() const {
    return m_banner->IsShown() ? m_headline_text : wxString();
}

wxString VerifyDialog::explanation() const {
    return m_banner->IsShown() ? m_explanation_text : wxString();
}

std::vector<std::pair<wxString, wxString>> VerifyDialog::problem_rows() const {
    std::vector<std::pair<wxString, wxString>> rows;
    if (!m_problems->IsShown())
        return rows;
    for (long i = 0; i < m_problems->GetItemCount(); ++i)
        rows.emplace_back(m_problems->GetItemText(i, 0), m_problems->GetItemText(i, 1));
    return rows;
}

wxString VerifyDialog::details() const {
    return m_details->GetValue();
}

}  // namespace scelle::gui::dlg

namespace scelle::gui {

void show_verify_dialog(wxWindow* parent, const GuiSettings& settings,
                        const std::optional<std::filesystem::path>& bundle) {
    try {
        dlg::VerifyDialog dialog(parent, settings);
        if (bundle)
            dialog.CallAfter([&dialog, path = dlg::path_text(*bundle)] {
                dialog.DropFiles(wxArrayString(1, &path));
            });
        dialog.ShowModal();
    } catch (...) {
        // Exceptions never leave a dialog.
    }
}

}  // namespace scelle::gui
