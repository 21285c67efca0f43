// NewCaseWizard: the short guided flow for the first run and "New case", in plain words a
// stressed parent or a 13-year-old understands: what happened, where and who, whom to tell,
// then the safety advice before capturing — with the rule that sexual images of a minor are
// never captured and an "Add a link instead" button.
//
// It only gathers answers (collect()); create_case_from_answers() in new_case.h makes the case.
// GUI thread only; modal (run()).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <wx/checkbox.h>
#include <wx/combobox.h>
#include <wx/radiobut.h>
#include <wx/textctrl.h>
#include <wx/wizard.h>

#include "new_case.h"

namespace scelle::gui {

class NewCaseWizard : public wxWizard {
  public:
    // `taken_titles`: the names of the cases already in the store; the proposed name differs
    // from them (distinct_title).
    explicit NewCaseWizard(wxWindow* parent, std::vector<std::string> taken_titles = {});

    // Shows the flow; true when finished (or "Add a link instead" was chosen).
    bool run();
    NewCaseAnswers collect() const;
    // True when the user chose "Add a link instead" on the last page.
    bool link_instead() const { return m_link_instead; }
    // "Capture the screen now" on the last page: the case is made, then the screen captured.
    bool capture_now() const { return m_capture_now; }

    // The controls, for keyboard focus and tests.
    wxTextCtrl* title_ctrl() const { return m_title; }
    wxCheckBox* incident_ctrl(const std::string& type) const;
    wxComboBox* platform_ctrl() const { return m_platform; }
    wxTextCtrl* handle_ctrl() const { return m_handle; }
    wxTextCtrl* recorded_by_ctrl() const { return m_recorded_by; }
    wxRadioButton* destination_ctrl(const std::string& destination) const;
    wxWizardPageSimple* first_page() const { return m_what; }
    wxWizardPageSimple* safety_page() const { return m_safety; }
    std::vector<wxWizardPageSimple*> pages() const {
        return {m_what, m_who, m_destination, m_safety};
    }

  private:
    wxWizardPageSimple* make_what_page();
    wxWizardPageSimple* make_who_page();
    wxWizardPageSimple* make_destination_page();
    wxWizardPageSimple* make_safety_page();
    void on_page_changing(wxWizardEvent& e);

    wxWizardPageSimple* m_what = nullptr;
    wxWizardPageSimple* m_who = nullptr;
    wxWizardPageSimple* m_destination = nullptr;
    wxWizardPageSimple* m_safety = nullptr;
    std::vector<std::string> m_taken_titles;
    wxTextCtrl* m_title = nullptr;
    wxTextCtrl* m_summary = nullptr;
    wxTextCtrl* m_recorded_by = nullptr;
    std::map<std::string, wxCheckBox*> m_incidents;
    wxComboBox* m_platform = nullptr;
    wxTextCtrl* m_handle = nullptr;
    wxTextCtrl* m_profile = nullptr;
    std::map<std::string, wxRadioButton*> m_destinations;  // "" = not decided yet
    bool m_link_instead = false;
    bool m_capture_now = false;
};

}  // namespace scelle::gui
