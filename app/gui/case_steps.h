// CaseSteps: the open case's home. Three big buttons in the order a person works —
// 1 Capture (screen, region, window, files from a phone, an image, a link), 2 Describe (what
// it shows, when, which account), 3 Send (the sealed bundle with its report, for whom the
// case is for) — and under them the "ready to send?" checklist: sealed, described, report
// made. The buttons only call back into the main window; the checklist is worked out by
// ready_to_send() from the items and the custody log, so the tests check the same words.
//
// GUI thread only.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <wx/panel.h>
#include <wx/stattext.h>

#include "scelle/store/case_store.h"

class wxButton;

namespace scelle::gui {

struct Readiness {
    int items = 0;      // live items
    int sealed = 0;     // of which covered by a trusted time-stamp
    int described = 0;  // of which with a description
    // A report was made (alone or inside an exported bundle) after the last item was added.
    bool report_made = false;
    // A bundle was exported after the last item was added; its file name.
    bool exported = false;
    std::string bundle;
};

// From the case's items and its custody log's lines (CaseStore::log_lines()).
Readiness ready_to_send(const std::vector<core::Item>& items,
                        const std::vector<std::string>& log_lines);

class CaseSteps : public wxPanel {
  public:
    explicit CaseSteps(wxWindow* parent);

    std::function<void()> on_capture;   // opens the ways to capture (a menu under the button)
    std::function<void()> on_describe;  // goes to the first item still to describe
    std::function<void()> on_send;      // the export, with the report

    void show(const Readiness& r);
    // On a short window (a laptop at 200 %), the lines under the three buttons are left out,
    // so that the thumbnails keep room; each button's tooltip and description for screen
    // readers keep its line.
    void set_compact(bool compact);
    bool compact() const { return m_compact; }
    // The checklist as shown, a line each (tests).
    wxString checklist_text() const;
    wxButton* capture_button() const { return m_capture; }
    wxButton* describe_button() const { return m_describe; }
    wxButton* send_button() const { return m_send; }

  private:
    wxButton* m_capture = nullptr;
    wxButton* m_describe = nullptr;
    wxButton* m_send = nullptr;
    std::vector<wxStaticText*> m_notes;
    bool m_compact = false;
    wxStaticText* m_sealed = nullptr;
    wxStaticText* m_described = nullptr;
    wxStaticText* m_report = nullptr;
};

}  // namespace scelle::gui
