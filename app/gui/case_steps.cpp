#include "case_steps.h"

#include <algorithm>

#include <wx/button.h>
#include <wx/sizer.h>
#include <nlohmann/json.hpp>

#include "accessible.h"
#include "error_text.h"

namespace scelle::gui {

Readiness ready_to_send(const std::vector<core::Item>& items,
                        const std::vector<std::string>& log_lines) {
    Readiness r;
    std::int64_t last_item_line = 0;
    for (const auto& it : items) {
        if (it.withdrawn_at)
            continue;
        ++r.items;
        if (it.timestamp.status == core::TimestampStatus::granted)
            ++r.sealed;
        if (it.description && !it.description->empty())
            ++r.described;
        last_item_line = std::max(last_item_line, it.log_seq);
    }
    // Line n of the log is custody line n (Item::log_seq counts the same way).
    for (std::size_t i = 0; i < log_lines.size(); ++i) {
        const auto line = static_cast<std::int64_t>(i) + 1;
        if (line <= last_item_line)
            continue;
        const auto j = nlohmann::json::parse(log_lines[i], nullptr, false);
        if (!j.is_object() || !j.contains("action") || !j["action"].is_string())
            continue;
        const std::string action = j["action"].get<std::string>();
        if (action == "report.made")
            r.report_made = true;
        else if (action == "bundle.exported") {
            r.exported = true;
            if (j.contains("bundle") && j["bundle"].is_string())
                r.bundle = j["bundle"].get<std::string>();
            if (j.contains("report_sha256"))
                r.report_made = true;
        }
    }
    return r;
}

CaseSteps::CaseSteps(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName(wxT("case-steps"));
    // Three columns, a big button over a short line: 504 pixels at 100 %, which the main
    // window keeps free for them on any screen from 960 pixels wide (1920 at 200 %).
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    const int width = FromDIP(160);
    auto big = [this, row, width](const wxString& name, const wxString& label, const wxString& note,
                                  std::function<void()> CaseSteps::*action) {
        auto* col = new wxBoxSizer(wxVERTICAL);
        auto* b =
            new wxButton(this, wxID_ANY, label, wxDefaultPosition, wxSize(width, FromDIP(44)));
        b->SetName(name);
        b->SetFont(b->GetFont().Bold().Larger());
        b->Bind(wxEVT_BUTTON, [this, action](wxCommandEvent&) {
            if (const auto& f = this->*action)
                f();
        });
        col->Add(b, wxSizerFlags().Expand());
        auto* t = new wxStaticText(this, wxID_ANY, note);
        t->Wrap(width);
        col->Add(t, wxSizerFlags().Border(wxTOP, FromDIP(2)));
        m_notes.push_back(t);
        b->SetToolTip(note);
        set_accessible_description(b, note);
        row->Add(col, wxSizerFlags().Border(wxRIGHT | wxBOTTOM, FromDIP(8)));
        return b;
    };
    // TRANSLATORS: the first of the three steps on a case's page (a big button); the line
    // under it says what it offers. The ▾ says that it opens a menu.
    m_capture = big(wxT("step-capture"), _("1. Capture ▾"),
                    _("The screen, a region, a window, a phone's pictures, or a link"),
                    &CaseSteps::on_capture);
    m_describe = big(wxT("step-describe"), _("2. Describe"),
                     _("What it shows, when it happened, which account"), &CaseSteps::on_describe);
    m_send = big(wxT("step-send"), _("3. Send"), _("The sealed bundle with its report, to give"),
                 &CaseSteps::on_send);

    auto* col = new wxBoxSizer(wxVERTICAL);
    col->Add(row, wxSizerFlags().Expand());
    auto* ready = new wxStaticText(this, wxID_ANY, _("Ready to send?"));
    ready->SetFont(ready->GetFont().Bold());
    col->Add(ready);
    auto line = [this, col](const wxString& name) {
        auto* t = new wxStaticText(this, wxID_ANY, wxString());
        t->SetName(name);
        col->Add(t, wxSizerFlags().Border(wxLEFT, FromDIP(12)));
        return t;
    };
    m_sealed = line(wxT("ready-sealed"));
    m_described = line(wxT("ready-described"));
    m_report = line(wxT("ready-report"));
    SetSizer(col);
}

void CaseSteps::set_compact(bool compact) {
    if (compact == m_compact)
        return;
    m_compact = compact;
    for (wxStaticText* t : m_notes)
        t->Show(!compact);
    Layout();
}

void CaseSteps::show(const Readiness& r) {
    // ✓ for done, ○ for not yet: the words say the same, for a screen reader.
    const wxString done = wxString::FromUTF8("\xe2\x9c\x93  ");
    const wxString not_yet = wxString::FromUTF8("\xe2\x97\x8b  ");
    if (r.items == 0)
        m_sealed->SetLabelText(not_yet + _("Sealed: nothing captured yet"));
    else if (r.sealed == r.items)
        m_sealed->SetLabelText(done + _("Sealed: every item has its time-stamp"));
    else
        m_sealed->SetLabelText(
            not_yet +
            wxString::Format(_("Sealed: %d of %d items; Scellé keeps asking for the rest"),
                             r.sealed, r.items));
    if (r.items > 0 && r.described == r.items)
        m_described->SetLabelText(done + _("Described: every item says what it shows"));
    else
        m_described->SetLabelText(
            not_yet + wxString::Format(_("Described: %d of %d items (helps, not required)"),
                                       r.described, r.items));
    if (r.exported && r.report_made)
        m_report->SetLabelText(
            done + wxString::Format(_("Report made, in the bundle “%s”"), shown_text(r.bundle)));
    else if (r.report_made)
        m_report->SetLabelText(done + _("Report made"));
    else
        m_report->SetLabelText(not_yet + _("Report: “3. Send” makes it with the bundle"));
    m_send->Enable(r.items > 0);
    Layout();
}

wxString CaseSteps::checklist_text() const {
    return m_sealed->GetLabel() + wxT("\n") + m_described->GetLabel() + wxT("\n") +
           m_report->GetLabel();
}

}  // namespace scelle::gui
