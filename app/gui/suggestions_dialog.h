// SuggestionsDialog: "Names and links read in the pictures…". Lists the handles, links, e-mail
// addresses and phone numbers that the case's machine transcripts name and that the case does
// not hold yet (ocr::suggestions), each with where it was read (item and line). Nothing here is
// ever added by itself: a machine can misread, and a name on a screenshot may be anyone's. The
// person looks at the line framed on the picture, then adds a handle as an account or records a
// link through the usual dialogs, which they confirm themselves; the list is then read again
// and what the case now holds is gone from it. Sensitive and withdrawn items are never read,
// so nothing from them is offered.
//
// Modeless; GUI thread only. The suggestions are read on the GUI thread: ocr::suggestions reads
// the stored transcripts and matches a few short patterns: about 0.1 s for 200 read pictures of
// 30 lines each, the list filled too (measured in tests/gui/suggestions_test.cpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <wx/dialog.h>
#include <wx/gdicmn.h>

#include "scelle/ocr/suggestions.h"
#include "scelle/store/case_store.h"

class wxButton;
class wxListView;
class wxStaticText;

namespace scelle::gui {

// One suggestion as the dialog shows it: what ocr::suggestions found, the line it was read on
// (its text and box), and the platform of the account of the item it was read on, if any.
struct ShownSuggestion {
    ocr::Suggestion found;
    core::TranscriptLine line;
    std::string platform;
};

// The kind in words ("handle", "link", "e-mail address", "phone number"), translated.
wxString contact_kind_text(ocr::ContactKind kind);

class SuggestionsDialog : public wxDialog {
  public:
    SuggestionsDialog(wxWindow* parent, std::filesystem::path store_root, std::string case_id);

    // What the buttons ask of the main window. on_show: open the item with these boxes framed.
    // on_add_account: the account dialog filled with this (the person confirms or cancels).
    // on_record_link: the link dialog filled with this address (likewise). The list is read
    // again after the last two.
    std::function<void(std::int64_t seq, std::vector<wxRect> boxes)> on_show;
    std::function<void(const core::AccountRequest& filled)> on_add_account;
    std::function<void(const std::string& url)> on_record_link;

    // Reads the suggestions again from the case.
    void refresh();

    // The selected row's actions (what the buttons do).
    void show_selected();
    void add_selected_as_account();
    void record_selected_as_link();

    // For tests.
    const std::vector<ShownSuggestion>& suggestions() const { return m_shown; }
    wxListView* list_ctrl() const { return m_list; }
    wxString status() const;
    void select(std::size_t index);
    wxButton* show_button() const { return m_show; }
    wxButton* account_button() const { return m_account; }
    wxButton* link_button() const { return m_link; }

  private:
    const ShownSuggestion* selected() const;
    void update_buttons();

    std::filesystem::path m_store_root;
    std::string m_case_id;
    std::vector<ShownSuggestion> m_shown;
    wxStaticText* m_status;
    wxListView* m_list;
    wxButton* m_show;
    wxButton* m_account;
    wxButton* m_link;
};

}  // namespace scelle::gui
