// Screen readers hear a name for every control of the new-case wizard (every page) and of the
// link, account, withdrawal and notice dialogs. Read in-process from GTK's accessibility objects
// (ATK), which are what AT-SPI sends to Orca; the main window is also walked over the real AT-SPI
// bus by tests/gui/a11y/screen_reader_names.py.
#include <wx/panel.h>
#include <wx/stattext.h>

#include <string>
#include <vector>

#include "accessible.h"
#include "account_dialog.h"
#include "case_list.h"
#include "gui_test_env.h"
#include "item_link_dialog.h"
#include "link_dialog.h"
#include "new_case_wizard.h"
#include "notice_dialog.h"
#include "scelle/store/store.h"
#include "suggestions_dialog.h"
#include "withdraw_dialog.h"

#ifdef __WXGTK__
#include <gtk/gtk.h>
#endif

namespace scelle::gui::test {
namespace {

#ifdef __WXGTK__
std::string accessible_name(GtkWidget* widget) {
    AtkObject* acc = widget ? gtk_widget_get_accessible(widget) : nullptr;
    const char* name = acc ? atk_object_get_name(acc) : nullptr;
    return name ? std::string(name) : std::string();
}

// Each control under `w` that takes the keyboard focus, and has no name, described.
void unnamed(wxWindow* w, const std::string& where, std::vector<std::string>& out) {
    for (wxWindow* child : w->GetChildren()) {
        if (child->IsTopLevel())
            continue;
        // Panels only group controls; each of their controls is checked.
        if (dynamic_cast<wxStaticText*>(child) == nullptr &&
            dynamic_cast<wxPanel*>(child) == nullptr && child->AcceptsFocus() &&
            accessible_name(child->GetConnectWidget()).empty())
            out.push_back(where + ": " +
                          wxString(child->GetClassInfo()->GetClassName()).utf8_string() + " \"" +
                          child->GetName().utf8_string() + "\"");
        unnamed(child, where, out);
    }
}
#endif

class AccessibleNames : public MainFrameTest {
  protected:
    void expect_all_named(wxWindow* top, const std::string& where) {
#ifdef __WXGTK__
        std::vector<std::string> out;
        unnamed(top, where, out);
        for (const auto& line : out)
            ADD_FAILURE() << line << " has no name for screen readers";
#else
        (void)top;
        (void)where;
        GTEST_SKIP() << "the names are read from GTK's accessibility objects";
#endif
    }
};

TEST_F(AccessibleNames, TheWizardsPagesAndTheDialogsNameEveryControl) {
    make_case("Names");
    {
        NewCaseWizard wizard(frame);
        expect_all_named(&wizard, "new-case wizard");
    }
    {
        LinkDialog dlg(frame, {});
        expect_all_named(&dlg, "link dialog");
    }
    {
        AccountDialog dlg(frame);
        expect_all_named(&dlg, "account dialog");
    }
    {
        core::Item it;
        it.seq = 1;
        it.kind = "screenshot";
        WithdrawDialog dlg(frame, it);
        expect_all_named(&dlg, "withdrawal dialog");
    }
    {
        core::Account a;
        a.id = 1;
        a.platform = "Discord";
        a.handle = "max_2011";
        core::Item it;
        it.seq = 1;
        it.kind = "link";
        it.url = "https://discord.com/channels/@me/1/2";
        it.account_id = 1;
        NoticeDialog dlg(frame, core::CaseInfo{}, {a}, {it}, "en");
        expect_all_named(&dlg, "notice dialog");
        // With identifiers missing: the sentence that says so and the "Fill in" button.
        core::Item file = it;
        file.kind = "file";
        file.url.reset();
        NoticeDialog missing(frame, core::CaseInfo{}, {a}, {file}, "en");
        missing.set_filler([](const core::MissingIdentifier&, std::vector<core::Account>&,
                              std::vector<core::Item>&) { return false; });
        expect_all_named(&missing, "notice dialog with identifiers missing");
        AccountDialog edit(frame, a);
        expect_all_named(&edit, "account dialog, editing");
        ItemLinkDialog link(frame, file);
        expect_all_named(&link, "message link dialog");
    }
    {
        // With a suggestion listed, so that the list and its buttons are shown and enabled.
        frame->import_paths({write_png("read.png", 320, 200)});
        ASSERT_TRUE(wait_idle());
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_write);
        ASSERT_TRUE(cs.ok());
        core::Transcript t;
        t.item_seq = frame->items().back().seq;
        t.engine = "tesseract 5.3.0";
        t.lines = {{"ajoute @joueur_du_93", 0, 0, 100, 20, 90}};
        ASSERT_TRUE((*cs)->save_transcript(t).ok());
        SuggestionsDialog dlg(frame, store_root, *frame->current_case());
        ASSERT_EQ(dlg.suggestions().size(), 1u);
        expect_all_named(&dlg, "names and links dialog");
    }
    expect_all_named(frame, "main window");
}

// The case list is a list for screen readers (it was an unnamed panel), which says the
// selected case: its name, date, number of items and place.
TEST_F(AccessibleNames, TheCaseListIsAListThatSaysTheSelectedCase) {
#ifdef __WXGTK__
    make_case("Premier dossier");
    make_case("Messages de Max");
    frame->reload_cases();
    pump_for(std::chrono::milliseconds(100));
    CaseList* list = frame->case_list();
    EXPECT_TRUE(accessible_role_is_list(list));
    ASSERT_EQ(list->GetItemCount(), 2);
    list->SetItemState(1, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    pump_for(std::chrono::milliseconds(100));
    const wxString said = accessible_description(list);
    EXPECT_TRUE(said.Contains(list->GetItemText(1, 0))) << said;
    EXPECT_TRUE(said.EndsWith(wxT("2 of 2"))) << said;
#else
    GTEST_SKIP() << "read from GTK's accessibility objects";
#endif
}

}  // namespace
}  // namespace scelle::gui::test
