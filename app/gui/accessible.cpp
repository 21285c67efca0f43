#include "accessible.h"

#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/control.h>
#include <wx/listbox.h>
#include <wx/listctrl.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/toolbar.h>
#include <wx/window.h>

#include <string>

#ifdef __WXGTK__
#include <gtk/gtk.h>
#endif

namespace scelle::gui {

#ifdef __WXGTK__
namespace {

void name_widget(GtkWidget* widget, const wxString& name) {
    if (widget == nullptr)
        return;
    if (AtkObject* acc = gtk_widget_get_accessible(widget))
        atk_object_set_name(acc, name.utf8_str());
}

// The GTK widgets under `widget` that take the keyboard focus, as gtk_container_forall
// finds them (a scrolled window's view).
void name_focusable_descendants(GtkWidget* widget, const wxString& name) {
    if (!GTK_IS_CONTAINER(widget))
        return;
    struct Walk {
        const wxString* name;
    } walk{&name};
    gtk_container_forall(
        GTK_CONTAINER(widget),
        [](GtkWidget* child, gpointer data) {
            const auto* w = static_cast<Walk*>(data);
            if (gtk_widget_get_can_focus(child))
                name_widget(child, *w->name);
            name_focusable_descendants(child, *w->name);
        },
        &walk);
}

}  // namespace
#endif

void set_accessible_name(wxWindow* w, const wxString& name) {
#ifdef __WXGTK__
    if (w == nullptr)
        return;
    name_widget(w->GetHandle(), name);
    if (w->GetConnectWidget() != w->GetHandle())
        name_widget(w->GetConnectWidget(), name);
    name_focusable_descendants(w->GetHandle(), name);
    // Windows wx draws itself inside the control (a generic list's rows and header).
    for (wxWindow* child : w->GetChildren())
        if (!child->IsTopLevel() && dynamic_cast<wxControl*>(child) == nullptr)
            set_accessible_name(child, name);
#else
    (void)w;
    (void)name;
#endif
}

void set_accessible_role_list(wxWindow* w) {
#ifdef __WXGTK__
    if (w == nullptr)
        return;
    for (GtkWidget* widget : {w->GetHandle(), w->GetConnectWidget()})
        if (widget != nullptr)
            if (AtkObject* acc = gtk_widget_get_accessible(widget))
                atk_object_set_role(acc, ATK_ROLE_LIST);
#else
    (void)w;
#endif
}

void set_accessible_description(wxWindow* w, const wxString& text) {
#ifdef __WXGTK__
    if (w == nullptr)
        return;
    for (GtkWidget* widget : {w->GetHandle(), w->GetConnectWidget()})
        if (widget != nullptr)
            if (AtkObject* acc = gtk_widget_get_accessible(widget))
                atk_object_set_description(acc, text.utf8_str());
#else
    (void)w;
    (void)text;
#endif
}

wxString accessible_description(wxWindow* w) {
#ifdef __WXGTK__
    if (w != nullptr && w->GetConnectWidget() != nullptr)
        if (AtkObject* acc = gtk_widget_get_accessible(w->GetConnectWidget()))
            if (const gchar* d = atk_object_get_description(acc))
                return wxString::FromUTF8(d);
#else
    (void)w;
#endif
    return {};
}

bool accessible_role_is_list(wxWindow* w) {
#ifdef __WXGTK__
    if (w != nullptr && w->GetConnectWidget() != nullptr)
        if (AtkObject* acc = gtk_widget_get_accessible(w->GetConnectWidget()))
            return atk_object_get_role(acc) == ATK_ROLE_LIST;
#else
    (void)w;
#endif
    return false;
}

void label_for(wxStaticText* label, wxWindow* control) {
    if (label == nullptr || control == nullptr)
        return;
    set_accessible_name(control, wxControl::RemoveMnemonics(label->GetLabel()));
#ifdef __WXGTK__
    if (GTK_IS_LABEL(label->GetHandle()))
        gtk_label_set_mnemonic_widget(GTK_LABEL(label->GetHandle()), control->GetConnectWidget());
#endif
}

void label_controls(wxWindow* parent) {
    if (parent == nullptr)
        return;
    wxStaticText* label = nullptr;
    for (wxWindow* child : parent->GetChildren()) {
        if (auto* text = dynamic_cast<wxStaticText*>(child)) {
            label = text;
            continue;
        }
        // Controls that show no text of their own: the label before them is their name.
        const bool unlabelled = dynamic_cast<wxTextCtrl*>(child) != nullptr ||
                                dynamic_cast<wxChoice*>(child) != nullptr ||
                                dynamic_cast<wxComboBox*>(child) != nullptr ||
                                dynamic_cast<wxListBox*>(child) != nullptr ||
                                dynamic_cast<wxListCtrl*>(child) != nullptr ||
                                dynamic_cast<wxSpinCtrl*>(child) != nullptr;
        if (unlabelled && label != nullptr)
            label_for(label, child);
        label = nullptr;
    }
}

void set_dropdown_arrow_name(wxToolBar* toolbar, int tool_id, const wxString& name) {
#ifdef __WXGTK__
    wxToolBarToolBase* tool = toolbar ? toolbar->FindById(tool_id) : nullptr;
    if (tool == nullptr)
        return;
    // wx keeps the GtkToolItem to itself: the tool is the GtkToolButton under the toolbar that
    // has the tool's label.
    struct Search {
        std::string label;
        const wxString* name;
    } search{wxControl::RemoveMnemonics(tool->GetLabel()).utf8_string(), &name};
    struct Walk {
        static void visit(GtkWidget* widget, gpointer data) {
            auto* s = static_cast<Search*>(data);
            if (GTK_IS_TOOL_BUTTON(widget)) {
                const gchar* label = gtk_tool_button_get_label(GTK_TOOL_BUTTON(widget));
                // wx makes the drop-down tool itself: a box holding the button (named by its
                // label) and the arrow, a toggle button.
                if (label != nullptr && s->label == label)
                    name_toggle_buttons(widget, *s->name);
                return;
            }
            if (GTK_IS_CONTAINER(widget))
                gtk_container_forall(GTK_CONTAINER(widget), &Walk::visit, data);
        }
        static void name_toggle_buttons(GtkWidget* widget, const wxString& name) {
            if (GTK_IS_TOGGLE_BUTTON(widget)) {
                name_widget(widget, name);
                gtk_widget_set_tooltip_text(widget, name.utf8_str());
                return;
            }
            if (!GTK_IS_CONTAINER(widget))
                return;
            const wxString* n = &name;
            gtk_container_forall(
                GTK_CONTAINER(widget),
                [](GtkWidget* child, gpointer data) {
                    name_toggle_buttons(child, *static_cast<const wxString*>(data));
                },
                const_cast<wxString*>(n));
        }
    };
    Walk::visit(toolbar->GetHandle(), &search);
#else
    (void)toolbar;
    (void)tool_id;
    (void)name;
#endif
}

}  // namespace scelle::gui
