#include "search_dialog.h"

#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/listbox.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>

#include <memory>

#include "accessible.h"
#include "display_text.h"
#include "error_text.h"
#include "scelle/ocr/ocr.h"
#include "scelle/ocr/suggestions.h"
#include "scelle/store/store.h"

namespace scelle::gui {

SearchDialog::SearchDialog(wxWindow* parent, std::filesystem::path store_root, std::string case_id)
    : wxDialog(parent, wxID_ANY, _("Search the words of the pictures"), wxDefaultPosition,
               wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_store_root(std::move(store_root)),
      m_case_id(std::move(case_id)) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* intro = new wxStaticText(
        this, wxID_ANY,
        _("Scellé reads the text of the pictures by machine (a transcript, to check against "
          "the picture: it is not evidence). Type words from the conversation, such as "
          "“adresse”; accents and capitals do not matter."));
    intro->Wrap(FromDIP(520));
    top->Add(intro, 0, wxALL, FromDIP(10));
    m_query = new wxSearchCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                               wxTE_PROCESS_ENTER);
    m_query->SetDescriptiveText(_("Words to find"));
    set_accessible_name(m_query, _("Words to find"));
    top->Add(m_query, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(10));
    m_status = new wxStaticText(this, wxID_ANY, wxEmptyString);
    top->Add(m_status, 0, wxALL, FromDIP(10));
    m_results = new wxListBox(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(560, 260)));
    set_accessible_name(m_results, _("Lines found (machine transcript)"));
    top->Add(m_results, 1, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(10));
    m_missing = new wxStaticText(this, wxID_ANY, wxEmptyString);
    top->Add(m_missing, 0, wxALL, FromDIP(10));
    m_gauge = new wxGauge(this, wxID_ANY, 100);
    set_accessible_name(m_gauge, _("Pictures read"));
    m_gauge->Hide();
    top->Add(m_gauge, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(10));
    auto* found = new wxBoxSizer(wxHORIZONTAL);
    m_found = new wxStaticText(this, wxID_ANY, wxEmptyString);
    found->Add(m_found, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    m_see_found = new wxButton(this, wxID_ANY, _("&See them…"));
    m_see_found->SetToolTip(
        _("The names and links read: check them on the picture, then add the ones you want"));
    found->Add(m_see_found, 0, wxALIGN_CENTER_VERTICAL);
    top->Add(found, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(10));
    m_found->Hide();
    m_see_found->Hide();
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_read = new wxButton(this, wxID_ANY, _("&Read the pictures"));
    m_read->SetToolTip(
        _("Make the machine transcript of every picture that has none yet "
          "(never of a sensitive one)"));
    buttons->Add(m_read, 0, wxRIGHT, FromDIP(8));
    buttons->AddStretchSpacer();
    buttons->Add(new wxButton(this, wxID_CLOSE, _("&Close")));
    top->Add(buttons, 0, wxEXPAND | wxALL, FromDIP(10));
    SetSizerAndFit(top);
    SetEscapeId(wxID_CLOSE);

    m_query->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { search(m_query->GetValue()); });
    m_query->Bind(wxEVT_SEARCHCTRL_SEARCH_BTN,
                  [this](wxCommandEvent&) { search(m_query->GetValue()); });
    m_results->Bind(wxEVT_LISTBOX_DCLICK, [this](wxCommandEvent&) {
        if (m_results->GetSelection() != wxNOT_FOUND)
            open_hit(static_cast<std::size_t>(m_results->GetSelection()));
    });
    m_read->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { transcribe_missing(); });
    m_see_found->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_suggestions)
            on_suggestions();
    });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { Hide(); }, wxID_CLOSE);
    if (!ocr::available()) {
        m_read->Disable();
        m_missing->SetLabelText(
            _("This build of Scellé cannot read pictures (no machine transcription)."));
    } else {
        update_missing();
    }
    m_query->SetFocus();
}

wxString SearchDialog::status() const {
    return m_status->GetLabelText();
}

void SearchDialog::update_missing() {
    core::Store store(m_store_root);
    auto cs = store.open_case(m_case_id, core::Access::read_write);
    if (!cs.ok()) {
        m_missing->SetLabelText(error_sentence(cs.error()));
        return;
    }
    auto to_read = (*cs)->items_to_transcribe();
    const int n = to_read.ok() ? static_cast<int>(to_read->size()) : 0;
    auto found = ocr::suggestions(**cs);
    show_found(found.ok() ? static_cast<int>(found->size()) : 0);
    m_missing->SetLabelText(
        n == 0 ? _("Every picture has been read.")
               : wxString::Format(wxPLURAL("%d picture has not been read yet: its words are not "
                                           "found.",
                                           "%d pictures have not been read yet: their words are "
                                           "not found.",
                                           n),
                                  n));
    m_read->Enable(n > 0 && !m_running);
    Layout();
}

wxString SearchDialog::found_sentence() const {
    return m_found->IsShown() ? m_found->GetLabelText() : wxString();
}

void SearchDialog::show_found(int count) {
    m_found->SetLabelText(wxString::Format(
        wxPLURAL("%d name or link was read in the pictures and is not in the case.",
                 "%d names or links were read in the pictures and are not in the case.", count),
        count));
    m_found->Wrap(FromDIP(400));
    m_found->Show(count > 0);
    m_see_found->Show(count > 0);
}

void SearchDialog::search(const wxString& text) {
    m_hits.clear();
    m_results->Clear();
    const std::string words = text.utf8_string();
    if (text.Strip(wxString::both).empty()) {
        m_status->SetLabelText(_("Type one or more words first."));
        return;
    }
    core::Store store(m_store_root);
    auto cs = store.open_case(m_case_id, core::Access::read_write);
    auto hits = cs.ok() ? (*cs)->search_transcripts(words)
                        : Result<std::vector<core::TranscriptHit>>(cs.error());
    if (!hits.ok()) {
        m_status->SetLabelText(error_sentence(hits.error()));
        return;
    }
    m_hits = std::move(hits).value();
    std::size_t items = 0;
    std::int64_t last = -1;
    for (const auto& h : m_hits) {
        if (h.item_seq != last)
            ++items;
        last = h.item_seq;
        // TRANSLATORS: a line found in a picture's machine transcript.
        m_results->Append(
            wxString::Format(_("Item %lld, line %lld: %s"), static_cast<long long>(h.item_seq),
                             static_cast<long long>(h.line), shown_text(h.found.text)));
    }
    m_status->SetLabelText(
        m_hits.empty()
            ? _("No line of the transcripts holds these words.")
            : wxString::Format(
                  wxPLURAL("%d line found", "%d lines found", static_cast<int>(m_hits.size())),
                  static_cast<int>(m_hits.size())) +
                  wxT(" ") +
                  wxString::Format(wxPLURAL("in %d item. Double-click a line to see it framed on "
                                            "the picture.",
                                            "in %d items. Double-click a line to see it framed "
                                            "on the picture.",
                                            static_cast<int>(items)),
                                   static_cast<int>(items)));
    if (!m_hits.empty())
        m_results->SetSelection(0);
    Layout();
}

void SearchDialog::open_hit(std::size_t index) {
    if (index >= m_hits.size() || !on_open)
        return;
    const std::int64_t seq = m_hits[index].item_seq;
    std::vector<wxRect> boxes;
    // Every line found on that item, the chosen one first (the viewer shows the first).
    const auto& chosen = m_hits[index].found;
    boxes.emplace_back(static_cast<int>(chosen.x), static_cast<int>(chosen.y),
                       static_cast<int>(chosen.width), static_cast<int>(chosen.height));
    for (std::size_t i = 0; i < m_hits.size(); ++i)
        if (i != index && m_hits[i].item_seq == seq)
            boxes.emplace_back(
                static_cast<int>(m_hits[i].found.x), static_cast<int>(m_hits[i].found.y),
                static_cast<int>(m_hits[i].found.width), static_cast<int>(m_hits[i].found.height));
    on_open(seq, std::move(boxes));
}

void SearchDialog::transcribe_missing() {
    if (m_running || !ocr::available() || !on_read)
        return;
    reading(0, 0);
    on_read();
}

void SearchDialog::reading(std::size_t done, std::size_t total) {
    const bool was_running = m_running;
    m_running = true;
    m_read->Disable();
    m_gauge->SetValue(total ? static_cast<int>(done * 100 / total) : 0);
    if (!was_running) {
        m_gauge->Show();
        m_missing->SetLabelText(_("Reading the pictures… You can go on working meanwhile."));
        Layout();
    }
}

void SearchDialog::reading_done(const wxString& problem) {
    m_running = false;
    m_gauge->Hide();
    update_missing();
    if (!problem.empty())
        m_missing->SetLabelText(problem);
    if (!m_query->GetValue().empty())
        search(m_query->GetValue());
    Layout();
}

}  // namespace scelle::gui
