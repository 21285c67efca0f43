// SearchDialog: "Search the words of the pictures…". Finds the lines of the case's machine
// transcripts (scelle/ocr: an automatic reading of each picture, never evidence) that hold the
// words typed, accents and case ignored (CaseStore::search_transcripts), and opens a hit in the
// viewer with its line framed on the picture. "Read the pictures" makes the missing
// transcripts on a worker thread, with its progress in the dialog: the case stays usable
// meanwhile (the dialog is modeless). Sensitive and withdrawn items are never read nor shown.
// Once pictures are read, a line says how many names and links they name that the case does
// not hold, with a button to see them (SuggestionsDialog): nothing is added by the reading.
//
// GUI thread only. The worker's results are posted to `poster` (the main window, which joins
// its Workers before it dies) and dropped if the dialog is gone by then.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <wx/dialog.h>
#include <wx/gdicmn.h>

#include "scelle/store/transcript.h"
#include "workers.h"

class wxButton;
class wxGauge;
class wxListBox;
class wxSearchCtrl;
class wxStaticText;

namespace scelle::gui {

class SearchDialog : public wxDialog {
  public:
    SearchDialog(wxWindow* parent, wxEvtHandler* poster, Workers& workers,
                 std::filesystem::path store_root, std::string case_id);

    // Called when the person opens a hit: the item and the boxes of its lines found.
    std::function<void(std::int64_t seq, std::vector<wxRect> boxes)> on_open;
    // Called by "See them…", under the sentence that says how many names and links the
    // transcripts name that the case does not hold (SuggestionsDialog).
    std::function<void()> on_suggestions;
    // Called when "Read the pictures" has finished (whether or not every picture was read).
    std::function<void()> on_read;

    // Runs the search for `text` now (as Enter in the box does).
    void search(const wxString& text);
    // Starts reading the pictures that have no transcript yet.
    void transcribe_missing();
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

    wxEvtHandler* m_poster;
    Workers& m_workers;
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
