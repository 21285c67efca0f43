// ItemDetails: the right-hand pane of the main window, with everything known about the
// selected item (kind, when, source, link, platform, account, sensitive flag, sizes, SHA-256,
// timestamp status with its authority and time), when it happened (editable: as the person
// says it) and its editable description.
//
// Saving a description calls back into the main window, which records it with
// CaseStore::describe (a new custody line; earlier descriptions stay in the log).
// GUI thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include <wx/panel.h>
#include <wx/scrolwin.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "scelle/store/case_store.h"

namespace scelle::gui {

class ItemDetails : public wxScrolled<wxPanel> {
  public:
    explicit ItemDetails(wxWindow* parent);

    void show(const core::Item& item, const std::vector<core::Account>& accounts);
    void clear();
    std::optional<std::int64_t> shown_seq() const { return m_seq; }

    // Called with the item's number and the new text when "Save description" is used.
    std::function<void(std::int64_t, const wxString&)> on_describe;
    // Called with the item's number and what was typed when "Save the date" is used.
    std::function<void(std::int64_t, const wxString&)> on_happened;

    // The text of a field, for tests ("sha256", "url", "timestamp", "kind"...).
    wxString field(const wxString& key) const;
    wxTextCtrl* url_ctrl() const { return m_url; }
    wxTextCtrl* description_ctrl() const { return m_description; }
    // Scrolls to the description box and puts the cursor in it.
    void focus_description();
    // Puts the selected part of the link (all of it when nothing is selected) on the clipboard,
    // without the line breaks of the display.
    void copy_url();

  private:
    wxStaticText* add_row(wxSizer* grid, const wxString& key, const wxString& label);
    void on_save(wxCommandEvent&);
    void on_save_happened(wxCommandEvent&);
    int value_width() const;
    void wrap_fields();
    // Sets a sentence of the pane (the heading, the note), wrapped to the pane's width.
    void set_prose(wxStaticText* label, const wxString& text);

    std::optional<std::int64_t> m_seq;
    wxStaticText* m_heading;
    std::vector<wxStaticText*> m_prose;  // the pane's sentences, wrapped to its width
    wxTextCtrl* m_sha;
    // The link, whole: a read-only box, so it can be selected and copied. Its lines are broken
    // here (after / ? & = . where possible), never by GTK, which would draw a hyphen where it
    // breaks a word: a hyphen that is not in the address, for someone who copies it by hand.
    // Copying gives the address without those line breaks.
    wxTextCtrl* m_url;
    wxString m_url_text;  // the link as stored (escaped), without line breaks
    wxTextCtrl* m_description;
    wxWindow* m_save;
    wxTextCtrl* m_happened;
    wxWindow* m_save_happened;
    std::vector<std::pair<wxString, wxStaticText*>> m_fields;
    std::vector<wxStaticText*> m_labels;
    std::map<const wxWindow*, wxString> m_texts;  // each text before wrapping (prose too)
    int m_wrapped_width = -1;
};

}  // namespace scelle::gui
