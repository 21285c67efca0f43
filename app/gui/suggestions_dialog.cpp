#include "suggestions_dialog.h"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>
#include <map>

#include "accessible.h"
#include "error_text.h"
#include "scelle/store/store.h"
#include "scelle/store/transcript.h"

namespace scelle::gui {

namespace {

enum Column { kind_column, value_column, where_column };

// A handle, an e-mail address and a phone number can each be how an account is known (a phone
// number on WhatsApp or Signal, an address on some sites); a link is recorded as a link.
bool can_be_account(ocr::ContactKind k) {
    return k != ocr::ContactKind::url;
}

}  // namespace

wxString contact_kind_text(ocr::ContactKind kind) {
    switch (kind) {
        case ocr::ContactKind::handle:
            // TRANSLATORS: the kind of a name read in a picture: an @name on a platform.
            return _("handle");
        case ocr::ContactKind::url:
            return _("link");
        case ocr::ContactKind::email:
            return _("e-mail address");
        case ocr::ContactKind::phone:
            return _("phone number");
    }
    return wxString();
}

SuggestionsDialog::SuggestionsDialog(wxWindow* parent, std::filesystem::path store_root,
                                     std::string case_id)
    : wxDialog(parent, wxID_ANY, _("Names and links read in the pictures"), wxDefaultPosition,
               wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_store_root(std::move(store_root)),
      m_case_id(std::move(case_id)) {
    SetName(wxT("suggestions-dialog"));
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* intro = new wxStaticText(
        this, wxID_ANY,
        _("A machine read these names and links in the pictures. It can misread a letter, and "
          "a name on a screenshot may be anyone’s: a friend of the child’s too. Look at each "
          "one on the picture before you add it."));
    intro->Wrap(FromDIP(720));
    top->Add(intro, 0, wxALL, FromDIP(10));
    m_status = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_status->SetName(wxT("status"));
    // What matters most here: nothing was added.
    m_status->SetFont(m_status->GetFont().Bold());
    top->Add(m_status, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));
    m_list = new wxListView(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(760, 240)),
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    m_list->AppendColumn(_("Kind"), wxLIST_FORMAT_LEFT, FromDIP(140));
    m_list->AppendColumn(_("As read"), wxLIST_FORMAT_LEFT, FromDIP(250));
    m_list->AppendColumn(_("Where"), wxLIST_FORMAT_LEFT, FromDIP(350));
    set_accessible_name(m_list, _("Names and links read (none added)"));
    top->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(10));
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_show = new wxButton(this, wxID_ANY, _("&Show on the picture"));
    m_show->SetToolTip(_("Open the picture with the line it was read on framed"));
    buttons->Add(m_show, 0, wxRIGHT, FromDIP(8));
    m_account = new wxButton(this, wxID_ANY, _("Add as an &account…"));
    m_account->SetToolTip(_("Open “Add an account” filled with it: you check it, then confirm"));
    buttons->Add(m_account, 0, wxRIGHT, FromDIP(8));
    m_link = new wxButton(this, wxID_ANY, _("Record as a &link…"));
    m_link->SetToolTip(_("Open “Add a link” filled with it: you check it, then confirm"));
    buttons->Add(m_link, 0, wxRIGHT, FromDIP(8));
    buttons->AddStretchSpacer();
    buttons->Add(new wxButton(this, wxID_CLOSE, _("&Close")));
    top->Add(buttons, 0, wxEXPAND | wxALL, FromDIP(10));
    SetSizerAndFit(top);
    SetEscapeId(wxID_CLOSE);

    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { update_buttons(); });
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { update_buttons(); });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { show_selected(); });
    m_show->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { show_selected(); });
    m_account->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { add_selected_as_account(); });
    m_link->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { record_selected_as_link(); });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { Hide(); }, wxID_CLOSE);
    refresh();
}

wxString SuggestionsDialog::status() const {
    return m_status->GetLabelText();
}

void SuggestionsDialog::refresh() {
    const long was = m_list->GetFirstSelected();
    m_shown.clear();
    m_list->DeleteAllItems();
    auto say = [this](const wxString& text) {
        m_status->SetLabelText(text);
        m_status->Wrap(FromDIP(720));
    };
    // Reads everything shown, or says why it cannot.
    const auto read = [this]() -> Result<bool> {
        core::Store store(m_store_root);
        SCELLE_ASSIGN_OR_RETURN(auto cs, store.open_case(m_case_id, core::Access::read_write));
        SCELLE_ASSIGN_OR_RETURN(std::vector<ocr::Suggestion> found, ocr::suggestions(*cs));
        SCELLE_ASSIGN_OR_RETURN(std::vector<core::Item> items, cs->items());
        std::map<std::int64_t, const core::Item*> by_seq;
        for (const core::Item& it : items)
            by_seq[it.seq] = &it;
        std::map<std::int64_t, std::vector<core::TranscriptLine>> lines;
        for (ocr::Suggestion& s : found) {
            auto known = lines.find(s.item);
            if (known == lines.end()) {
                SCELLE_ASSIGN_OR_RETURN(std::optional<core::Transcript> t, cs->transcript(s.item));
                known =
                    lines.emplace(s.item, t ? t->lines : std::vector<core::TranscriptLine>{}).first;
            }
            ShownSuggestion shown;
            if (s.line >= 1 && static_cast<std::size_t>(s.line) <= known->second.size())
                shown.line = known->second[static_cast<std::size_t>(s.line - 1)];
            if (auto it = by_seq.find(s.item); it != by_seq.end() && it->second->platform)
                shown.platform = *it->second->platform;
            shown.found = std::move(s);
            m_shown.push_back(std::move(shown));
        }
        if (!m_shown.empty())
            return true;
        // Nothing to offer: has any picture been read at all?
        for (const core::Item& it : items) {
            if (core::transcribe_refusal(it) != core::TranscribeRefusal::none)
                continue;
            SCELLE_ASSIGN_OR_RETURN(std::optional<core::Transcript> t, cs->transcript(it.seq));
            if (t)
                return true;
        }
        return false;
    };
    const Result<bool> any_read = read();
    if (!any_read.ok()) {
        m_shown.clear();
        say(error_sentence(any_read.error()));
    } else if (!*any_read) {
        say(
            _("No picture of this case has been read yet, so there is nothing to offer. Read "
              "them first: Case ▸ Search the words of the pictures, then “Read the "
              "pictures”."));
    } else if (m_shown.empty()) {
        say(
            _("The pictures read name no handle, link, e-mail address or phone number that "
              "the case does not hold already."));
    } else {
        const int n = static_cast<int>(m_shown.size());
        say(wxString::Format(wxPLURAL("%d name or link read. Nothing was added to the case: it "
                                      "is only offered, and only what you add yourself is "
                                      "recorded.",
                                      "%d names or links read. Nothing was added to the case: "
                                      "they are only offered, and only what you add yourself is "
                                      "recorded.",
                                      n),
                             n));
    }
    for (const ShownSuggestion& s : m_shown) {
        const long row =
            m_list->InsertItem(m_list->GetItemCount(), contact_kind_text(s.found.contact.kind));
        m_list->SetItem(row, value_column, shown_text(s.found.contact.value));
        // TRANSLATORS: where a name was read: the item's number, the line's number in its
        // machine transcript, then the line as read.
        m_list->SetItem(
            row, where_column,
            wxString::Format(_("Item %lld, line %lld: “%s”"), static_cast<long long>(s.found.item),
                             static_cast<long long>(s.found.line), shown_text(s.line.text)));
    }
    m_list->Show(!m_shown.empty());
    if (!m_shown.empty())
        select(was >= 0 ? std::min<std::size_t>(static_cast<std::size_t>(was), m_shown.size() - 1)
                        : 0);
    update_buttons();
    Layout();
}

void SuggestionsDialog::select(std::size_t index) {
    if (index >= m_shown.size())
        return;
    m_list->Select(static_cast<long>(index));
    m_list->Focus(static_cast<long>(index));
    update_buttons();
}

const ShownSuggestion* SuggestionsDialog::selected() const {
    const long row = m_list->GetFirstSelected();
    if (row < 0 || static_cast<std::size_t>(row) >= m_shown.size())
        return nullptr;
    return &m_shown[static_cast<std::size_t>(row)];
}

void SuggestionsDialog::update_buttons() {
    const ShownSuggestion* s = selected();
    m_show->Enable(s != nullptr);
    m_account->Enable(s != nullptr && can_be_account(s->found.contact.kind));
    m_link->Enable(s != nullptr && s->found.contact.kind == ocr::ContactKind::url);
}

void SuggestionsDialog::show_selected() {
    const ShownSuggestion* s = selected();
    if (s == nullptr || !on_show)
        return;
    std::vector<wxRect> boxes;
    if (s->line.width > 0 && s->line.height > 0)
        boxes.emplace_back(static_cast<int>(s->line.x), static_cast<int>(s->line.y),
                           static_cast<int>(s->line.width), static_cast<int>(s->line.height));
    on_show(s->found.item, std::move(boxes));
}

void SuggestionsDialog::add_selected_as_account() {
    const ShownSuggestion* s = selected();
    if (s == nullptr || !can_be_account(s->found.contact.kind) || !on_add_account)
        return;
    core::AccountRequest filled;
    filled.platform = s->platform;
    filled.handle = s->found.contact.value;
    on_add_account(filled);
    refresh();
}

void SuggestionsDialog::record_selected_as_link() {
    const ShownSuggestion* s = selected();
    if (s == nullptr || s->found.contact.kind != ocr::ContactKind::url || !on_record_link)
        return;
    on_record_link(s->found.contact.value);
    refresh();
}

}  // namespace scelle::gui
