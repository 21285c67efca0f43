// The keyboard, in English and in French: no two underlined letters (mnemonics) of one scope
// are the same — the menu bar and the main window's labels and buttons are one scope (Alt+D
// cannot both open a menu and focus the description), each menu is its own — and the
// keyboard shortcuts of the menus never clash; every underlined letter is a plain letter that
// every keyboard has; the capture shortcuts are keys that are the same on QWERTY and AZERTY
// and they really start the captures.
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/menu.h>
#include <wx/radiobut.h>
#include <wx/stattext.h>
#include <wx/uiaction.h>

#include <map>
#include <vector>

#include "account_dialog.h"
#include "gui_test_env.h"
#include "item_link_dialog.h"
#include "link_dialog.h"
#include "main_frame_ids.h"
#include "new_case_wizard.h"
#include "notice_dialog.h"
#include "search_dialog.h"
#include "suggestions_dialog.h"
#include "translations.h"
#include "withdraw_dialog.h"

namespace scelle::gui::test {
namespace {

// The underlined letter of a label ("Ca&ses" is 's'), in lower case; empty when none.
wxString mnemonic_of(const wxString& label) {
    const wxString text = label.BeforeFirst('\t');
    for (std::size_t i = 0; i + 1 < text.length(); ++i) {
        if (text[i] != '&')
            continue;
        if (text[i + 1] == '&') {
            ++i;
            continue;
        }
        return wxString(text[i + 1]).Lower();
    }
    return wxString();
}

// One scope: each underlined letter and the labels that use it.
using Scope = std::map<wxString, std::vector<wxString>>;

void add(Scope& scope, const wxString& label) {
    if (const wxString m = mnemonic_of(label); !m.empty())
        scope[m].push_back(label.BeforeFirst('\t'));
}

// The labels of the window's own controls (not of other top-level windows).
void add_controls(Scope& scope, wxWindow* w) {
    for (wxWindow* child : w->GetChildren()) {
        if (child->IsTopLevel())
            continue;
        if (dynamic_cast<wxStaticText*>(child) != nullptr ||
            dynamic_cast<wxButton*>(child) != nullptr ||
            dynamic_cast<wxCheckBox*>(child) != nullptr ||
            dynamic_cast<wxRadioButton*>(child) != nullptr)
            add(scope, child->GetLabel());
        add_controls(scope, child);
    }
}

// Every menu (and submenu) is a scope of its own.
void add_menu_scopes(std::vector<std::pair<wxString, Scope>>& scopes, wxMenu* menu,
                     const wxString& name) {
    Scope scope;
    for (wxMenuItem* item : menu->GetMenuItems()) {
        if (item->IsSeparator())
            continue;
        add(scope, item->GetItemLabel());
        if (item->GetSubMenu() != nullptr)
            add_menu_scopes(scopes, item->GetSubMenu(), name + wxT(" ▸ ") + item->GetItemLabel());
    }
    scopes.emplace_back(name, scope);
}

// Clashes, and underlined letters that some keyboards cannot type: an accented letter (the
// French "Capturer l’&écran" was Alt+É, which a QWERTY keyboard has no key for), a digit
// (Shift+& on AZERTY) or a sign. A plain letter A–Z is on every keyboard.
std::vector<std::string> clashes(const std::vector<std::pair<wxString, Scope>>& scopes) {
    std::vector<std::string> out;
    for (const auto& [name, scope] : scopes)
        for (const auto& [letter, labels] : scope) {
            if (letter.length() != 1 || letter[0] < 'a' || letter[0] > 'z')
                out.push_back((name + wxT(": Alt+") + letter.Upper() + wxT(" for “") +
                               labels.front() + wxT("” is not a key of every keyboard"))
                                  .utf8_string());
            if (labels.size() > 1) {
                wxString line = name + wxT(": Alt+") + letter.Upper() + wxT(" for");
                for (const auto& l : labels)
                    line += wxT(" “") + l + wxT("”");
                out.push_back(line.utf8_string());
            }
        }
    return out;
}

// Each shortcut of the menus (recursively) and the entries that use it.
void add_accelerators(std::map<std::pair<int, int>, std::vector<wxString>>& found, wxMenu* menu) {
    for (wxMenuItem* item : menu->GetMenuItems()) {
        if (item->GetSubMenu() != nullptr)
            add_accelerators(found, item->GetSubMenu());
        std::unique_ptr<wxAcceleratorEntry> accel(item->GetAccel());
        if (accel)
            found[{accel->GetFlags(), accel->GetKeyCode()}].push_back(item->GetItemLabelText());
    }
}

class Keyboard : public MainFrameTest {
  protected:
    void TearDown() override {
        MainFrameTest::TearDown();
        if (g_wx_ready)
            setup_translations("en", locale());
    }

    static std::filesystem::path locale() {
        return std::filesystem::path(SCELLE_TEST_SHARE_DIR) / "locale";
    }

    // A main window made in `lang` (the fixture's own is English).
    MainFrame* window_in(const std::string& lang) {
        EXPECT_TRUE(setup_translations(lang, locale())) << lang;
        GuiSettings settings;
        settings.store = store_root;
        auto* f = new MainFrame(store_root, settings, FirstRun::quiet);
        f->Show();
        pump_for(std::chrono::milliseconds(100));
        return f;
    }
};

TEST_F(Keyboard, UnderlinedLettersDoNotClashInEnglishOrFrench) {
    make_case("Mnemonics");
    for (const std::string lang : {"en", "fr"}) {
        MainFrame* f = window_in(lang);
        std::vector<std::pair<wxString, Scope>> scopes;
        Scope window;
        wxMenuBar* bar = f->GetMenuBar();
        ASSERT_NE(bar, nullptr);
        if (lang == "fr") {
            ASSERT_EQ(bar->GetMenuLabel(0), wxT("&Fichier")) << "the French catalog is not built";
        }
        for (std::size_t i = 0; i < bar->GetMenuCount(); ++i) {
            add(window, bar->GetMenuLabel(i));
            add_menu_scopes(scopes, bar->GetMenu(i), bar->GetMenuLabelText(i));
        }
        add_controls(window, f);
        // The scope holds the menus and the labels of the case list and of the details.
        EXPECT_GE(window.size(), 8u) << lang;
        scopes.emplace_back(wxT("the menu bar and the window"), window);
        for (const std::string& c : clashes(scopes))
            ADD_FAILURE() << lang << ": " << c;
        f->Destroy();
        pump_for(std::chrono::milliseconds(50));
    }
}

// The newcomers' finding: in French, Alt+D opened the "Dossier" menu instead of going to the
// description. Now the label's letter takes the keyboard to its box, in both languages.
TEST_F(Keyboard, AltDGoesToTheDescriptionInEnglishAndFrench) {
    make_case("Alt+D");
    frame->import_paths({write_png("one.png", 40, 30)});
    ASSERT_TRUE(pump_until([&] { return frame->idle() && !frame->items().empty(); }));
    frame->Destroy();
    frame = nullptr;
    pump_for(std::chrono::milliseconds(50));
    for (const std::string lang : {"en", "fr"}) {
        frame = window_in(lang);
        frame->Raise();
        pump_for(std::chrono::milliseconds(300));
        wxWindow* description = frame->details()->FindWindow(wxT("description"));
        ASSERT_NE(description, nullptr);
        ASSERT_TRUE(description->IsEnabled()) << "an item is shown";
        frame->item_list()->SetFocus();
        pump_for(std::chrono::milliseconds(100));
        wxUIActionSimulator sim;
        sim.MouseMove(frame->GetScreenRect().GetPosition() + wxPoint(500, 400));
        pump_for(std::chrono::milliseconds(200));
        sim.Char('d', wxMOD_ALT);
        pump_until([&] { return wxWindow::FindFocus() == description; }, std::chrono::seconds(3));
        EXPECT_EQ(wxWindow::FindFocus(), description) << lang;
        // No menu was opened by the key.
        sim.Char(WXK_ESCAPE);
        pump_for(std::chrono::milliseconds(100));
        wait_idle();
        frame->Destroy();
        frame = nullptr;
        pump_for(std::chrono::milliseconds(50));
    }
}

// The wizard's buttons with each of its pages, and each dialog, are scopes too.
TEST_F(Keyboard, UnderlinedLettersDoNotClashInTheWizardAndTheDialogs) {
    const std::string case_id = make_case("Clavier");
    for (const std::string lang : {"en", "fr"}) {
        ASSERT_TRUE(setup_translations(lang, locale())) << lang;
        std::vector<std::pair<wxString, Scope>> scopes;
        {
            NewCaseWizard wizard(frame);
            Scope buttons;
            for (wxWindow* child : wizard.GetChildren())
                if (dynamic_cast<wxButton*>(child) != nullptr)
                    add(buttons, child->GetLabel());
            wxWizardPage* page = wizard.safety_page();
            while (page->GetPrev() != nullptr)
                page = page->GetPrev();
            for (int n = 1; page != nullptr; ++n, page = page->GetNext()) {
                Scope scope = buttons;
                add_controls(scope, page);
                scopes.emplace_back(wxString::Format(wxT("new-case wizard, page %d"), n), scope);
            }
        }
        {
            LinkDialog dlg(frame, {});
            Scope scope;
            add_controls(scope, &dlg);
            scopes.emplace_back(wxT("link dialog"), scope);
        }
        {
            AccountDialog dlg(frame);
            Scope scope;
            add_controls(scope, &dlg);
            scopes.emplace_back(wxT("account dialog"), scope);
        }
        {
            core::Item it;
            it.seq = 1;
            it.kind = "screenshot";
            WithdrawDialog dlg(frame, it);
            Scope scope;
            add_controls(scope, &dlg);
            scopes.emplace_back(wxT("withdrawal dialog"), scope);
        }
        {
            core::Account a;
            a.id = 1;
            a.platform = "Discord";
            a.handle = "max_2011";
            AccountDialog dlg(frame, a);
            Scope scope;
            add_controls(scope, &dlg);
            scopes.emplace_back(wxT("account dialog, editing"), scope);
            core::Item it;
            it.seq = 1;
            it.kind = "file";
            it.platform = "Discord";
            ItemLinkDialog link(frame, it);
            Scope link_scope;
            add_controls(link_scope, &link);
            scopes.emplace_back(wxT("message link dialog"), link_scope);
            NoticeDialog notice(frame, core::CaseInfo{}, {a}, {it}, lang);
            notice.set_filler([](const core::MissingIdentifier&, std::vector<core::Account>&,
                                 std::vector<core::Item>&) { return false; });
            Scope notice_scope;
            add_controls(notice_scope, &notice);
            scopes.emplace_back(wxT("notice dialog"), notice_scope);
        }
        {
            // Every button, the hidden ones too ("See them…" shows once names were read).
            SearchDialog dlg(frame, store_root, case_id);
            Scope scope;
            add_controls(scope, &dlg);
            scopes.emplace_back(wxT("search dialog"), scope);
        }
        {
            SuggestionsDialog dlg(frame, store_root, case_id);
            Scope scope;
            add_controls(scope, &dlg);
            scopes.emplace_back(wxT("names and links dialog"), scope);
        }
        for (const std::string& c : clashes(scopes))
            ADD_FAILURE() << lang << ": " << c;
    }
}

TEST_F(Keyboard, ShortcutsDoNotClashAndCapturesUseKeysThatQwertyAndAzertyShare) {
    std::map<int, wxString> capture_keys_en;
    for (const std::string lang : {"en", "fr"}) {
        MainFrame* f = window_in(lang);
        std::map<std::pair<int, int>, std::vector<wxString>> found;
        wxMenuBar* bar = f->GetMenuBar();
        for (std::size_t i = 0; i < bar->GetMenuCount(); ++i)
            add_accelerators(found, bar->GetMenu(i));
        for (const auto& [key, labels] : found)
            EXPECT_EQ(labels.size(), 1u) << lang << ": " << labels.front() << " and "
                                         << labels.back() << " share a shortcut";
        for (int id : {ID_CAPTURE_SCREEN, ID_CAPTURE_REGION, ID_CAPTURE_WINDOW}) {
            wxMenuItem* item = bar->FindItem(id);
            ASSERT_NE(item, nullptr);
            std::unique_ptr<wxAcceleratorEntry> accel(item->GetAccel());
            ASSERT_TRUE(accel) << item->GetItemLabelText() << " has no shortcut";
            const int key = accel->GetKeyCode();
            // A function key, or a letter at the same place on both layouts (AZERTY moves A,
            // Q, Z, W and M; digits and punctuation need Shift on one layout or the other).
            const bool same_key = (key >= WXK_F1 && key <= WXK_F24) ||
                                  (key >= 'A' && key <= 'Z' &&
                                   wxString(wxT("AQZWM")).Find(wxUniChar(key)) == wxNOT_FOUND);
            EXPECT_TRUE(same_key) << lang << ": " << item->GetItemLabel();
            // Said in the menu, and the same whatever the language.
            EXPECT_TRUE(item->GetItemLabel().Contains(wxT("\t"))) << item->GetItemLabel();
            if (lang == "en")
                capture_keys_en[id] = accel->ToRawString();
            else
                EXPECT_EQ(accel->ToRawString(), capture_keys_en[id]) << item->GetItemLabel();
        }
        f->Destroy();
        pump_for(std::chrono::milliseconds(50));
    }
}

TEST_F(Keyboard, TheCaptureShortcutsReachTheirCommands) {
    make_case("Shortcuts");
    // The commands are caught before the window runs them: only the key's path is tested.
    std::vector<int> reached;
    frame->Bind(
        wxEVT_MENU, [&](wxCommandEvent& e) { reached.push_back(e.GetId()); }, ID_CAPTURE_SCREEN,
        ID_CAPTURE_WINDOW);
    frame->Raise();
    pump_for(std::chrono::milliseconds(300));
    // Without a window manager, X gives the keyboard to the window under the pointer.
    wxUIActionSimulator sim;
    sim.MouseMove(frame->GetScreenRect().GetPosition() + wxPoint(500, 400));
    pump_for(std::chrono::milliseconds(200));
    const std::pair<int, int> keys[] = {
        {'e', ID_CAPTURE_SCREEN}, {'r', ID_CAPTURE_REGION}, {'t', ID_CAPTURE_WINDOW}};
    for (const auto& [key, id] : keys) {
        reached.clear();
        sim.Char(key, wxMOD_CONTROL | wxMOD_SHIFT);
        pump_until([&] { return !reached.empty(); }, std::chrono::seconds(5));
        ASSERT_EQ(reached.size(), 1u) << "Ctrl+Shift+" << static_cast<char>(key);
        EXPECT_EQ(reached.front(), id) << "Ctrl+Shift+" << static_cast<char>(key);
    }
}

}  // namespace
}  // namespace scelle::gui::test
