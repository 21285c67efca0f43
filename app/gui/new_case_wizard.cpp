#include "new_case_wizard.h"

#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/intl.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "accessible.h"
#include "account_dialog.h"
#include "display_text.h"

namespace scelle::gui {

namespace {

// The incident types by their machine names (core::kIncidentTypes), in plain words.
struct Incident {
    const char* type;
    wxString text;
};

std::vector<Incident> incidents() {
    return {
        {"grooming", _("An adult is trying to get close to a child (compliments, secrets, "
                       "gifts, wanting to meet)")},
        {"sextortion", _("Someone threatens to share intimate pictures unless they get money "
                         "or more pictures")},
        {"harassment", _("Insults, mockery or messages again and again, meant to hurt")},
        {"threats", _("Threats (to hurt someone, to reveal something)")},
        {"intimate-images", _("Intimate pictures asked for, or shared without agreement")},
        {"impersonation", _("Someone pretends to be someone else (a fake account)")},
        {"hate", _("Hateful messages (racist, sexist, homophobic…)")},
        {"other", _("Something else")},
    };
}

// Wrapped after its font is set: a bold text wrapped at the regular font's widths has lines
// too wide for their box, which GTK wraps again and the box cuts (the rule lost its end).
wxStaticText* wrapped(wxWindow* parent, const wxString& text, int width, bool bold = false) {
    auto* t = new wxStaticText(parent, wxID_ANY, text);
    if (bold)
        t->SetFont(t->GetFont().Bold());
    t->Wrap(width);
    return t;
}

wxStaticText* heading(wxWindow* parent, const wxString& text) {
    auto* t = new wxStaticText(parent, wxID_ANY, text);
    t->SetFont(t->GetFont().Bold().Scaled(1.3f));
    return t;
}

}  // namespace

NewCaseWizard::NewCaseWizard(wxWindow* parent, std::vector<std::string> taken_titles)
    : wxWizard(parent, wxID_ANY, _("New case"), wxBitmapBundle(), wxDefaultPosition,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_taken_titles(std::move(taken_titles)) {
    SetName(wxT("new-case"));
    m_what = make_what_page();
    m_who = make_who_page();
    m_destination = make_destination_page();
    m_safety = make_safety_page();
    for (wxWindow* page : {static_cast<wxWindow*>(m_what), static_cast<wxWindow*>(m_who)})
        label_controls(page);
    wxWizardPageSimple::Chain(m_what, m_who);
    wxWizardPageSimple::Chain(m_who, m_destination);
    wxWizardPageSimple::Chain(m_destination, m_safety);
    // Sized for the largest page, so the buttons do not move from page to page.
    GetPageAreaSizer()->Add(m_what);
    GetPageAreaSizer()->Add(m_who);
    GetPageAreaSizer()->Add(m_destination);
    GetPageAreaSizer()->Add(m_safety);
    Bind(wxEVT_WIZARD_PAGE_CHANGING, &NewCaseWizard::on_page_changing, this);
    // On the last page Enter finishes (makes the case). Without this the focus lands on the
    // page's first control, "Add a link instead", and Enter pressed that one.
    Bind(wxEVT_WIZARD_PAGE_SHOWN, [this](wxWizardEvent& e) {
        e.Skip();
        if (e.GetPage() != m_safety || m_btnNext == nullptr)
            return;
        m_btnNext->SetDefault();
        CallAfter([this] {
            if (GetCurrentPage() == m_safety)
                m_btnNext->SetFocus();
        });
    });
}

wxWizardPageSimple* NewCaseWizard::make_what_page() {
    auto* page = new wxWizardPageSimple(this);
    const int w = FromDIP(520);
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(heading(page, _("What happened?")), wxSizerFlags().Border(wxBOTTOM, FromDIP(6)));
    s->Add(wrapped(page,
                   _("Scellé keeps proof of what was shown to you online, sealed so that "
                     "nobody can say it was changed afterwards. Four short steps; you can "
                     "change your mind at any time."),
                   w),
           wxSizerFlags().Border(wxBOTTOM, FromDIP(10)));
    s->Add(new wxStaticText(page, wxID_ANY, _("Name of &this case")));
    // A name is needed; a dated one is offered so that nobody is stuck on this box.
    // The date as the rest of the window writes it (display_text.h), and a number when a case
    // of that name exists already.
    const wxString dated = wxString::Format(_("What happened on %s"), date_text(wxDateTime::Now()));
    m_title = new wxTextCtrl(
        page, wxID_ANY, wxString::FromUTF8(distinct_title(dated.utf8_string(), m_taken_titles)));
    m_title->SetName(wxT("title"));
    s->Add(m_title, wxSizerFlags().Expand().Border(wxBOTTOM, FromDIP(10)));
    s->Add(new wxStaticText(page, wxID_ANY, _("Tick what fits (as many as you like):")));
    for (const auto& inc : incidents()) {
        auto* cb = new wxCheckBox(page, wxID_ANY, inc.text);
        cb->SetName(wxString::FromAscii(inc.type));
        m_incidents[inc.type] = cb;
        s->Add(cb, wxSizerFlags().Border(wxTOP, FromDIP(3)));
    }
    s->Add(new wxStaticText(page, wxID_ANY, _("&In a few words (optional):")),
           wxSizerFlags().Border(wxTOP, FromDIP(10)));
    m_summary = new wxTextCtrl(page, wxID_ANY, wxString(), wxDefaultPosition,
                               wxSize(w, FromDIP(50)), wxTE_MULTILINE);
    s->Add(m_summary, wxSizerFlags().Expand());
    page->SetSizer(s);
    return page;
}

wxWizardPageSimple* NewCaseWizard::make_who_page() {
    auto* page = new wxWizardPageSimple(this);
    const int w = FromDIP(520);
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(heading(page, _("Where, and who?")), wxSizerFlags().Border(wxBOTTOM, FromDIP(6)));
    s->Add(wrapped(page,
                   _("On which app or website did it happen, and what is the name of the "
                     "account that did it? Write the name exactly as the app shows it. If "
                     "you do not know, leave it empty: you can add it later."),
                   w),
           wxSizerFlags().Border(wxBOTTOM, FromDIP(10)));
    auto* grid = new wxFlexGridSizer(2, FromDIP(6), FromDIP(8));
    grid->AddGrowableCol(1, 1);
    grid->Add(new wxStaticText(page, wxID_ANY, _("&App or website")),
              wxSizerFlags().CenterVertical());
    m_platform = new wxComboBox(page, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                                platform_suggestions());
    m_platform->SetName(wxT("platform"));
    grid->Add(m_platform, wxSizerFlags().Expand());
    grid->Add(new wxStaticText(page, wxID_ANY, _("Account na&me")),
              wxSizerFlags().CenterVertical());
    m_handle = new wxTextCtrl(page, wxID_ANY);
    m_handle->SetName(wxT("handle"));
    grid->Add(m_handle, wxSizerFlags().Expand());
    grid->Add(new wxStaticText(page, wxID_ANY, _("Profile &link (optional)")),
              wxSizerFlags().CenterVertical());
    m_profile = new wxTextCtrl(page, wxID_ANY);
    grid->Add(m_profile, wxSizerFlags().Expand());
    s->Add(grid, wxSizerFlags().Expand());
    // Here, not on the first page: with it, the first page was taller than a 1920×1080 screen
    // at 200 % and this box was out of sight.
    s->Add(new wxStaticText(page, wxID_ANY,
                            _("W&ho is making this record? (optional, e.g. “Léa’s mother”)")),
           wxSizerFlags().Border(wxTOP, FromDIP(18)));
    m_recorded_by = new wxTextCtrl(page, wxID_ANY);
    m_recorded_by->SetName(wxT("recorded_by"));
    s->Add(m_recorded_by, wxSizerFlags().Expand());
    page->SetSizer(s);
    return page;
}

wxWizardPageSimple* NewCaseWizard::make_destination_page() {
    auto* page = new wxWizardPageSimple(this);
    const int w = FromDIP(500);
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(heading(page, _("Who will you tell?")), wxSizerFlags().Border(wxBOTTOM, FromDIP(6)));
    s->Add(wrapped(page,
                   _("The report Scellé prints explains the next steps for the one you "
                     "choose. You can change it later."),
                   w),
           wxSizerFlags().Border(wxBOTTOM, FromDIP(8)));
    const std::pair<const char*, std::pair<wxString, wxString>> choices[] = {
        {"3018",
         {_("The 3018 (help for young people and parents)"),
          _("Free, anonymous and confidential, every day from 9:00 to 23:00, by phone or chat "
            "on 3018.fr. They can get accounts and content removed quickly.")}},
        {"pharos",
         {_("Pharos (internet-signalement.gouv.fr)"),
          _("The government’s website for reporting illegal content seen online, run by police "
            "officers and gendarmes. A report there is not a complaint.")}},
        {"police",
         {_("The police or the gendarmerie (a complaint)"),
          _("They must take your complaint. A minor can go alone or with an adult, and parents "
            "can file it for their child.")}},
        {"platform",
         {_("The app or website itself"),
          _("With its “Report” button. It applies its own rules, not French law: tell the "
            "3018 or Pharos as well.")}},
        {"", {_("I don’t know yet"), _("That’s fine: you can decide later.")}},
    };
    bool first = true;
    for (const auto& [key, texts] : choices) {
        auto* rb = new wxRadioButton(page, wxID_ANY, texts.first, wxDefaultPosition, wxDefaultSize,
                                     first ? wxRB_GROUP : 0);
        rb->SetName(key[0] ? wxString::FromAscii(key) : wxString(wxT("undecided")));
        first = false;
        m_destinations[key] = rb;
        s->Add(rb, wxSizerFlags().Border(wxTOP, FromDIP(6)));
        s->Add(wrapped(page, texts.second, w - FromDIP(24)),
               wxSizerFlags().Border(wxLEFT, FromDIP(24)));
    }
    m_destinations[""]->SetValue(true);
    page->SetSizer(s);
    return page;
}

wxWizardPageSimple* NewCaseWizard::make_safety_page() {
    auto* page = new wxWizardPageSimple(this);
    const int w = FromDIP(520);
    auto* s = new wxBoxSizer(wxVERTICAL);
    s->Add(heading(page, _("Before you capture")), wxSizerFlags().Border(wxBOTTOM, FromDIP(6)));
    const wxString advice[] = {
        _("Do not answer, and do not pay: they would ask for more."),
        _("Save first, then block the account: once it is blocked, you may lose the "
          "messages."),
        _("Talk to an adult you trust. Young people and parents can call the 3018 (free and "
          "anonymous, every day from 9:00 to 23:00) or chat on 3018.fr."),
        _("In immediate danger, call 17 or 112 (or send a text message to 114)."),
    };
    for (const auto& a : advice)
        s->Add(wrapped(page, wxT("•  ") + a, w), wxSizerFlags().Border(wxBOTTOM, FromDIP(6)));

    auto* rule = wrapped(page,
                         _("Never capture or keep a sexual image of a minor, not even to prove "
                           "what happened: keeping one is an offence. Record its link instead: "
                           "Scellé keeps only the address and downloads nothing."),
                         w, true);
    rule->SetName(wxT("rule"));
    s->Add(rule, wxSizerFlags().Border(wxTOP | wxBOTTOM, FromDIP(8)));
    auto* link = new wxButton(page, wxID_ANY, _("Add a &link instead"));
    link->SetName(wxT("link-instead"));
    link->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_link_instead = true;
        // The first pages were checked on the way here; the case can be made now.
        EndModal(wxID_OK);
    });
    s->Add(link, wxSizerFlags().Border(wxBOTTOM, FromDIP(10)));
    s->Add(wrapped(page,
                   _("Otherwise, with the conversation open behind this window, capture the "
                     "screen now; or press “Finish” and choose “1. Capture” in the window "
                     "(a region, a window, pictures from a phone)."),
                   w),
           wxSizerFlags().Border(wxBOTTOM, FromDIP(6)));
    auto* now = new wxButton(page, wxID_ANY, _("Capture the &screen now"));
    now->SetName(wxT("capture-now"));
    now->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_capture_now = true;
        EndModal(wxID_OK);
    });
    s->Add(now);
    page->SetSizer(s);
    return page;
}

void NewCaseWizard::on_page_changing(wxWizardEvent& e) {
    if (e.GetDirection() && e.GetPage() == m_what &&
        m_title->GetValue().Strip(wxString::both).empty()) {
        wxMessageBox(_("Please give this case a name (one line)."), _("New case"),
                     wxOK | wxICON_INFORMATION, this);
        m_title->SetFocus();
        e.Veto();
    }
}

bool NewCaseWizard::run() {
    // Once on screen, the wizard asks for the keyboard (gtk_window_present): its first key,
    // Enter, must reach it. A window manager usually gives a new window the keyboard, but not
    // always (focus-stealing prevention, the wizard of a first start comes a moment after the
    // main window); without one (a kiosk, Xvfb) the keys went to whatever window was under
    // the mouse pointer, or nowhere.
    CallAfter([this] {
        if (IsShown())
            Raise();
    });
    return RunWizard(m_what) || m_link_instead || m_capture_now;
}

wxCheckBox* NewCaseWizard::incident_ctrl(const std::string& type) const {
    auto it = m_incidents.find(type);
    return it == m_incidents.end() ? nullptr : it->second;
}

wxRadioButton* NewCaseWizard::destination_ctrl(const std::string& destination) const {
    auto it = m_destinations.find(destination);
    return it == m_destinations.end() ? nullptr : it->second;
}

NewCaseAnswers NewCaseWizard::collect() const {
    NewCaseAnswers a;
    a.title = m_title->GetValue().Strip(wxString::both).utf8_string();
    // In the order of core::kIncidentTypes, so cases list them the same way.
    for (const auto& inc : incidents())
        if (m_incidents.at(inc.type)->GetValue())
            a.incidents.emplace_back(inc.type);
    const wxString summary = m_summary->GetValue().Strip(wxString::both);
    if (!summary.empty())
        a.summary = summary.utf8_string();
    const wxString by = m_recorded_by->GetValue().Strip(wxString::both);
    if (!by.empty())
        a.recorded_by = by.utf8_string();
    for (const auto& [key, rb] : m_destinations)
        if (rb->GetValue() && !key.empty())
            a.destination = key;
    a.platform = m_platform->GetValue().Strip(wxString::both).utf8_string();
    a.handle = m_handle->GetValue().Strip(wxString::both).utf8_string();
    const wxString profile = m_profile->GetValue().Strip(wxString::both);
    if (!profile.empty())
        a.profile_url = profile.utf8_string();
    return a;
}

}  // namespace scelle::gui
