// Names for screen readers. Under GTK, wx 3.2 has no accessibility API of its own
// (wxUSE_ACCESSIBILITY is 0, and SetName() is an internal name that Orca never hears): a
// control's accessible name is what ATK reports over AT-SPI. These helpers set it on the GTK
// widgets behind a wx control, including the ones wx builds inside it (the text view of a
// multi-line box, the rows' window of a list), and tie a label to its control so that the
// label's mnemonic (Alt+letter) focuses the control. Elsewhere they do nothing (other ports
// take the label from the window's text). GUI thread only.
#pragma once

#include <wx/string.h>

class wxWindow;
class wxStaticText;
class wxToolBar;

namespace scelle::gui {

// Names `w` (and the focusable widgets wx made inside it) for screen readers.
void set_accessible_name(wxWindow* w, const wxString& name);

// `label` is the text shown before `control`: names the control with it (without its "&")
// and makes Alt+its underlined letter focus the control.
void label_for(wxStaticText* label, wxWindow* control);

// Every text box, choice or list among `parent`'s children that comes right after a label
// (in the order the children were made, which is the Tab order) is labelled by it, as
// label_for() does. Call it once the children are made.
void label_controls(wxWindow* parent);

// Makes `w` (and the focusable widgets wx made inside it) a list for screen readers (a grid
// drawn by hand is otherwise an unnamed panel).
void set_accessible_role_list(wxWindow* w);
// The description a screen reader reads after the name: for a list drawn by hand, what is
// selected in it.
void set_accessible_description(wxWindow* w, const wxString& text);
// What set_accessible_description() and set_accessible_role_list() set on `w`'s focusable
// widget, for tests: the description, and whether its role is a list.
wxString accessible_description(wxWindow* w);
bool accessible_role_is_list(wxWindow* w);

// Names the arrow of the toolbar's drop-down button `tool_id`.
void set_dropdown_arrow_name(wxToolBar* toolbar, int tool_id, const wxString& name);

}  // namespace scelle::gui
