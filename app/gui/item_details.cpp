#include "item_details.h"

#include <algorithm>
#include <functional>
#include <vector>

#include <wx/button.h>
#include <wx/clipbrd.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/tokenzr.h>

#include "accessible.h"
#include "display_text.h"
#include "error_text.h"
#include "scelle/store/tsa_name.h"

namespace scelle::gui {

namespace {

wxString kind_text(const core::Item& it) {
    const std::string& kind = it.kind;
    // Made by Scellé from other items: never shown as an original.
    if (const auto frames = core::derived_frames(it); !frames.empty()) {
        // TRANSLATORS: the numbers of the first and last screenshots joined, and how many.
        return wxString::Format(_("Conversation joined by Scellé from screenshots %lld to "
                                  "%lld (%d pictures, each sealed as an original): not an "
                                  "original"),
                                static_cast<long long>(frames.front()),
                                static_cast<long long>(frames.back()),
                                static_cast<int>(frames.size()));
    }
    // A pasted picture is stored as a capture (a PNG made by Scellé), but Scellé did not see
    // the screen it came from: said as such.
    if (kind == "screenshot" && it.source.value_or("") == "clipboard")
        return _("Image pasted from the clipboard");
    if (kind == "screenshot")
        return _("Screen capture made by Scellé");
    if (kind == "link")
        return _("Link (nothing was downloaded)");
    if (kind == "file")
        return _("Imported file");
    return shown_text(kind);
}

wxString timestamp_text(const core::ItemTimestamp& ts) {
    switch (ts.status) {
        case core::TimestampStatus::granted: {
            // TRANSLATORS: %s is the time-stamp authority's name, then its (local) time.
            return wxString::Format(_("Sealed by %s on %s (the authority’s clock)."),
                                    shown_text(core::tsa_short_name(ts.tsa.value_or("?"))),
                                    local_time_text(ts.gen_time.value_or("")));
        }
        case core::TimestampStatus::pending:
            if (ts.error)
                return _(
                    "Offline: not sealed yet. While it is open, Scellé asks again every five "
                    "minutes and each time the case is opened; the item is safely kept.");
            return _("Waiting for a timestamp…");
        case core::TimestampStatus::failed:
            return _(
                "The last timestamp answer could not be accepted; Scellé will ask again. "
                "The item is safely kept.");
    }
    return {};
}

}  // namespace

ItemDetails::ItemDetails(wxWindow* parent)
    : wxScrolled<wxPanel>(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                          wxVSCROLL | wxTAB_TRAVERSAL) {
    SetName(wxT("details"));
    auto* top = new wxBoxSizer(wxVERTICAL);
    m_heading = new wxStaticText(this, wxID_ANY, wxString());
    m_heading->SetFont(m_heading->GetFont().Bold().Larger());
    top->Add(m_heading, wxSizerFlags().Border(wxALL, FromDIP(8)));

    auto* grid = new wxFlexGridSizer(2, FromDIP(4), FromDIP(10));
    grid->AddGrowableCol(1, 1);
    add_row(grid, wxT("kind"), _("What"));
    add_row(grid, wxT("recorded"), _("Recorded"));
    add_row(grid, wxT("source"), _("Source"));
    auto* url_label = new wxStaticText(this, wxID_ANY, _("Link"));
    grid->Add(url_label, wxSizerFlags().Align(wxALIGN_TOP));
    m_url = new wxTextCtrl(
        this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
        wxTE_READONLY | wxTE_MULTILINE | wxTE_CHARWRAP | wxTE_NO_VSCROLL | wxBORDER_NONE);
    m_url->SetName(wxT("url"));
    m_url->SetBackgroundColour(GetBackgroundColour());
    label_for(url_label, m_url);
    grid->Add(m_url, wxSizerFlags().Expand());
    add_row(grid, wxT("platform"), _("Platform"));
    add_row(grid, wxT("account"), _("Account"));
    add_row(grid, wxT("sensitive"), _("Sensitive"));
    add_row(grid, wxT("name"), _("File name"));
    add_row(grid, wxT("size"), _("Size"));
    add_row(grid, wxT("pixels"), _("Picture size"));
    add_row(grid, wxT("timestamp"), _("Timestamp"));
    auto* sha_label = new wxStaticText(this, wxID_ANY, _("SHA-256"));
    grid->Add(sha_label, wxSizerFlags().Align(wxALIGN_TOP));
    // A read-only text box, so the fingerprint can be selected and copied.
    m_sha = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                           wxTE_READONLY | wxTE_MULTILINE | wxTE_NO_VSCROLL | wxBORDER_NONE);
    m_sha->SetFont(wxFont(wxFontInfo().Family(wxFONTFAMILY_TELETYPE)));
    m_sha->SetMinSize(wxSize(-1, m_sha->GetCharHeight() * 3));
    m_sha->SetName(wxT("sha256"));
    label_for(sha_label, m_sha);
    grid->Add(m_sha, wxSizerFlags().Expand());
    top->Add(grid, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(8)));

    // When it happened, as the person knows it: distinct from when Scellé recorded it.
    auto* when_label = new wxStaticText(this, wxID_ANY, wxString());
    set_prose(when_label, _("&When it happened (your time), empty if unknown"));
    top->Add(when_label, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(8)));
    auto* when_row = new wxBoxSizer(wxHORIZONTAL);
    m_happened = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                                wxTE_PROCESS_ENTER);
    m_happened->SetName(wxT("happened"));
    m_happened->SetHint(_("dd/mm/yyyy hh:mm"));
    label_for(when_label, m_happened);
    m_happened->Bind(wxEVT_TEXT_ENTER, &ItemDetails::on_save_happened, this);
    // Narrow enough for the row to fit a narrow pane, button included.
    m_happened->SetMinSize(wxSize(FromDIP(90), -1));
    when_row->Add(m_happened, wxSizerFlags(1).CenterVertical());
    auto* save_when = new wxButton(this, wxID_ANY, _("Save the da&te"));
    save_when->SetName(wxT("save_happened"));
    save_when->Bind(wxEVT_BUTTON, &ItemDetails::on_save_happened, this);
    m_save_happened = save_when;
    when_row->Add(save_when, wxSizerFlags().CenterVertical().Border(wxLEFT, FromDIP(6)));
    top->Add(when_row, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(8)));

    auto* description_label = new wxStaticText(this, wxID_ANY, wxString());
    set_prose(description_label, _("&Description: what this shows, in your words"));
    top->Add(description_label, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(8)));
    m_description = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition,
                                   wxSize(-1, FromDIP(80)), wxTE_MULTILINE);
    m_description->SetName(wxT("description"));
    label_for(description_label, m_description);
    top->Add(m_description, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(8)));
    auto* save = new wxButton(this, wxID_ANY, _("Sa&ve description"));
    save->SetName(wxT("save_description"));
    save->Bind(wxEVT_BUTTON, &ItemDetails::on_save, this);
    m_save = save;
    top->Add(save, wxSizerFlags().Border(wxALL, FromDIP(8)));
    auto* note = new wxStaticText(this, wxID_ANY, wxString());
    note->SetName(wxT("description_note"));
    top->Add(note, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8)));
    set_prose(note, _("Earlier descriptions stay in the custody log: nothing is overwritten."));
    SetSizer(top);
    SetScrollRate(0, FromDIP(10));
    // Wider or narrower: the values are wrapped again to the new width.
    Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
        e.Skip();
        if (GetClientSize().x != m_wrapped_width)
            CallAfter([this] { wrap_fields(); });
    });
    clear();
}

wxStaticText* ItemDetails::add_row(wxSizer* grid, const wxString& key, const wxString& label) {
    auto* name = new wxStaticText(this, wxID_ANY, label);
    m_labels.push_back(name);
    grid->Add(name, wxSizerFlags().Align(wxALIGN_TOP));
    auto* value = new wxStaticText(this, wxID_ANY, wxString());
    value->SetName(key);
    grid->Add(value, wxSizerFlags().Expand());
    m_fields.emplace_back(key, value);
    return value;
}

wxString ItemDetails::field(const wxString& key) const {
    if (key == wxT("sha256"))
        return m_sha->GetValue();
    if (key == wxT("url"))
        return m_url_text;
    if (key == wxT("description"))
        return m_description->GetValue();
    if (key == wxT("happened"))
        return m_happened->GetValue();
    for (const auto& [k, w] : m_fields)
        if (k == key)
            return w->GetLabel();
    return {};
}

void ItemDetails::focus_description() {
    if (!m_description->IsEnabled())
        return;
    int x = 0, y = 0;
    CalcUnscrolledPosition(0, m_description->GetPosition().y, &x, &y);
    int ux = 1, uy = 1;
    GetScrollPixelsPerUnit(&ux, &uy);
    if (uy > 0)
        Scroll(-1, std::max(0, y / uy - 2));
    m_description->SetFocus();
    m_description->SetInsertionPointEnd();
}

void ItemDetails::clear() {
    m_seq.reset();
    set_prose(m_heading, _("Choose an item to see its details."));
    for (auto& [k, w] : m_fields) {
        w->SetLabel(wxString());
        m_texts[w] = wxString();
    }
    m_sha->ChangeValue(wxString());
    m_url_text.clear();
    m_url->ChangeValue(wxString());
    m_description->ChangeValue(wxString());
    m_description->Enable(false);
    m_save->Enable(false);
    m_happened->ChangeValue(wxString());
    m_happened->Enable(false);
    m_save_happened->Enable(false);
    Layout();
    FitInside();
}

void ItemDetails::show(const core::Item& it, const std::vector<core::Account>& accounts) {
    m_seq = it.seq;
    // TRANSLATORS: %lld is the item's number in the case.
    set_prose(m_heading, wxString::Format(_("Item %lld"), static_cast<long long>(it.seq)));
    auto set = [this](const wxString& key, const wxString& text) {
        for (auto& [k, w] : m_fields)
            if (k == key) {
                m_texts[w] = text.empty() ? wxString(wxT("—")) : text;
            }
    };
    set(wxT("kind"), kind_text(it));
    set(wxT("recorded"), local_time_text(it.recorded_at));
    set(wxT("source"), it.source ? source_text(*it.source) : wxString());
    // Every value is one line of text from the store: shown escaped, never interpreted.
    m_url_text = it.url ? shown_text(*it.url) : wxString(wxT("—"));
    set(wxT("platform"), it.platform ? shown_text(*it.platform) : wxString());
    wxString account;
    if (it.account_id)
        for (const auto& a : accounts)
            if (a.id == *it.account_id)
                account =
                    a.platform_id
                        // TRANSLATORS: an account's handle, its platform, then the platform's
                        // own ID for it ("@max on Discord, ID 1234").
                        ? wxString::Format(_("%s on %s, ID %s"), shown_text(a.handle),
                                           shown_text(a.platform), shown_text(*a.platform_id))
                        // TRANSLATORS: an account's handle, then its platform ("@max on Discord").
                        : wxString::Format(_("%s on %s"), shown_text(a.handle),
                                           shown_text(a.platform));
    set(wxT("account"), account);
    set(wxT("sensitive"),
        it.sensitive ? (it.kind == "link"
                            ? _("Yes: the report prints the address as plain text, never as a "
                                "link")
                            : _("Yes: its picture is never shown, here or in the report, which "
                                "lists its details and fingerprint"))
                     : _("No"));
    // A sensitive file's name can say what it shows: not on the screen, like its picture.
    set(wxT("name"), !it.name       ? wxString()
                     : it.sensitive ? _("Not shown: the name of a sensitive file can say what "
                                        "it shows")
                                    : shown_text(*it.name));
    set(wxT("size"), it.size ? size_text(*it.size) : wxString());
    set(wxT("pixels"), it.width && it.height
                           ? wxString::Format(wxT("%lld × %lld"), static_cast<long long>(*it.width),
                                              static_cast<long long>(*it.height))
                           : wxString());
    wxString ts = timestamp_text(it.timestamp);
    if (it.withdrawn_at)
        ts = _("Withdrawn: its file was removed; the custody log keeps its fingerprint.");
    set(wxT("timestamp"), ts);
    m_sha->ChangeValue(it.sha256 ? shown_text(*it.sha256) : wxString(wxT("—")));
    m_description->ChangeValue(it.description ? from_utf8(*it.description) : wxString());
    m_description->Enable(!it.withdrawn_at);
    m_save->Enable(!it.withdrawn_at);
    m_happened->ChangeValue(it.happened ? happened_text(*it.happened) : wxString());
    m_happened->Enable(!it.withdrawn_at);
    m_save_happened->Enable(!it.withdrawn_at);
    wrap_fields();
}

int ItemDetails::value_width() const {
    // The pane's width less the labels' column, the gaps and room for a scroll bar: GTK
    // wraps a label wider than its cell itself, and the row would then be too short.
    int labels = 0;
    for (const wxWindow* l : m_labels)
        labels = std::max(labels, l->GetBestSize().x);
    return std::max(FromDIP(80), GetClientSize().x - labels - FromDIP(8 + 8 + 10 + 16));
}

void ItemDetails::set_prose(wxStaticText* label, const wxString& text) {
    if (std::find(m_prose.begin(), m_prose.end(), label) == m_prose.end())
        m_prose.push_back(label);
    m_texts[label] = text;
    label->SetLabel(text);
    // The pane's width less the borders and room for a scroll bar; before the first layout,
    // the width the pane asks for.
    const int pane = GetClientSize().x > 0 ? GetClientSize().x : FromDIP(400);
    label->Wrap(std::max(FromDIP(120), pane - FromDIP(8 + 8 + 16)));
}

void ItemDetails::wrap_fields() {
    m_wrapped_width = GetClientSize().x;
    for (wxStaticText* prose : m_prose)
        set_prose(prose, m_texts[prose]);
    const int width = value_width();
    for (auto& [k, w] : m_fields) {
        // A file name runs on without spaces: broken after - _ . where it can be.
        const wxString lines = fit_lines(
            m_texts[w], width, [w](const wxString& s) { return w->GetTextExtent(s).x; },
            wxT("-_./"));
        // Ampersands would otherwise be taken for mnemonics.
        w->SetLabelText(lines);
    }
    // The link in lines that fit, each broken after / ? & = . when one is in its second half.
    const int room = std::max(FromDIP(60), width - FromDIP(12));
    const wxString shown = fit_lines(
        m_url_text, room, [this](const wxString& s) { return m_url->GetTextExtent(s).x; },
        wxT("/?&=."), true);
    const int lines = static_cast<int>(shown.Freq('\n')) + 1;
    m_url->ChangeValue(shown);
    m_url->SetMinSize(wxSize(-1, m_url->GetCharHeight() * (lines + 1)));
    Layout();
    FitInside();
}

void ItemDetails::copy_url() {
    wxString text = m_url->GetStringSelection();
    if (text.empty())
        text = m_url->GetValue();
    text.Replace(wxT("\n"), wxString());
    if (text.empty() || !wxTheClipboard->Open())
        return;
    wxTheClipboard->SetData(new wxTextDataObject(text));
    wxTheClipboard->Close();
}

void ItemDetails::on_save(wxCommandEvent&) {
    if (m_seq && on_describe)
        on_describe(*m_seq, m_description->GetValue());
}

void ItemDetails::on_save_happened(wxCommandEvent&) {
    if (m_seq && on_happened)
        on_happened(*m_seq, m_happened->GetValue());
}

}  // namespace scelle::gui
