// SearchDialog: "Search the words of the pictures…". Finds the lines of the case's machine
// transcripts (scelle/ocr: an automatic reading of each picture, never evidence) that hold the
// words typed, accents and case ignored (CaseStore::search_transcripts), and opens a hit in the
// viewer with its line framed on the picture. The pictures are read in the background by the
// main window's PictureReader (picture_reader.h), after each capture or import; "Read the
// pictures" asks it to read the missing ones now, and the dialog shows its progress: the case
// stays usable meanwhile (the dialog is modeless). Sensitive and withdrawn items are never
// read nor shown. Once pictures are read, a line says how many names and links they name that
// the case does not hold, with a button to see them (SuggestionsDialog): nothing is added by
// the reading.
//
// GUI thread only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <wx/dialog.h>
#include <wx/gdicmn.h>

#include "scelle/store/transcript.h"

class wxButton;
class wxGauge;
class wxListBox;
class wxSearchCtrl;
class wxStaticText;

namespace scelle::gui {

class SearchDialog : public wxDialog {
  public:
    SearchDialog(wxWindow* parent, std::filesystem::path store_root, std::string case_id);

    // Called when the person opens a hit: the item and the boxes of its lines found.
    std::function<void(std::int64_t seq, std::vector<wxRect> boxes)> on_open;
    // Called by "See them…", under the sentence that says how many names and links the
    // transcripts name that the case does not hold (SuggestionsDialog).
    std::function<void()> on_suggestions;

    // Runs the search for `text` now (as Enter in the box does).
    void search(const wxString& text);
    // Called by "Read the pictures": the owner starts reading the pictures that have no
    // transcript yet, and reports with reading() and reading_done().
    std::function<void()> on_read;
    // Asks the owner to read the pictures that have no transcript yet (on_read).
    void transcribe_missing();
    // The reading's progress (`done` of `total` pictures), while it runs.
    void reading(std::size_t done, std::size_t total);
    // The reading ended; `problem`: why pictures could not be read, else empty.
    void reading_done(const wxString& problem);
    bool transcribing() const { return m_running; }

    // For tests.
    const std::vector<core::TranscriptHit>& hits() const { return m_hits; }
    wxSearchCtrl* query_ctrl() const { return m_query; }
    wxListBox* results_ctrl() const { return m_results; }
    wxString status() const;
    void open_hit(std::size_t index);
    // "3 names or links were read in the pictures…"; empty when there are none.
    wxString found_sentence() const;
    wxButton* see_found_button() const { return m_see_found; }

  private:
    void update_missing();
    // Says how many suggestions there are (none: the line and its button are hidden).
    void show_found(int count);

    std::filesystem::path m_store_root;
    std::string m_case_id;
    std::vector<core::TranscriptHit> m_hits;
    bool m_running = false;
    wxSearchCtrl* m_query;
    wxListBox* m_results;
    wxStaticText* m_status;
    wxStaticText* m_missing;
    wxButton* m_read;
    wxGauge* m_gauge;
    wxStaticText* m_found;
    wxButton* m_see_found;
};

}  // namespace scelle::gui
