// The notice for the platform on screen: the dialog shows the notice with the IDs and links
// given, "Copy" takes the notice without the notes, "Save" writes a new file and refuses to
// replace one, the language can change, the text box has a name for screen readers; the
// account dialog says, under the ID field, how to find the chosen platform's identifiers.
#include <wx/combobox.h>
#include <wx/stattext.h>

#include <cstdlib>
#include <string>

#include "account_dialog.h"
#include "gui_test_env.h"
#include "notice_dialog.h"

#ifdef __WXGTK__
#include <gtk/gtk.h>
#endif

namespace scelle::gui::test {
namespace {

const std::string kUserId = "123456789012345678";
const std::string kMsg = "https://discord.com/channels/@me/111111111111111111/222222222222222222";

class NoticeDialogTest : public MainFrameTest {
  protected:
    void SetUp() override {
        MainFrameTest::SetUp();
        info.id = "case";
        info.summary = "Léa, 12 ans";
        info.recorded_by = "la mère de Léa";
        info.incidents = {"grooming"};
        core::Account a;
        a.id = 1;
        a.platform = "Discord";
        a.handle = "max_2011";
        a.display_name = "Max";
        a.platform_id = kUserId;
        a.url = "https://discord.com/users/" + kUserId;
        accounts.push_back(a);
        core::Item it;
        it.seq = 1;
        it.kind = "screenshot";
        it.sha256 = std::string(64, 'b');
        it.recorded_at = "2026-11-21T10:00:05Z";
        it.happened = "2026-11-20T21:04+01:00";
        it.url = kMsg;
        it.description = "Léa répond";
        it.account_id = 1;
        items.push_back(it);
    }
    core::CaseInfo info;
    std::vector<core::Account> accounts;
    std::vector<core::Item> items;
};

TEST_F(NoticeDialogTest, ShowsTheNoticeCopiesItAndSavesIt) {
    NoticeDialog dlg(frame, info, accounts, items, "en");
    const std::string shown = dlg.text_ctrl()->GetValue().utf8_string();
    EXPECT_NE(shown.find(kUserId), std::string::npos);
    EXPECT_NE(shown.find(kMsg), std::string::npos);
    EXPECT_NE(shown.find("Username (handle): max_2011"), std::string::npos);
    EXPECT_EQ(shown.find("Léa"), std::string::npos);
    EXPECT_NE(shown.find("do not paste this part"), std::string::npos);
    const std::string copied = dlg.copy_text().utf8_string();
    EXPECT_NE(copied.find(kMsg), std::string::npos);
    EXPECT_EQ(copied.find("do not paste this part"), std::string::npos);
    EXPECT_TRUE(dlg.text_ctrl()->HasFlag(wxTE_READONLY));

    const std::filesystem::path out = dir / "notice.txt";
    EXPECT_FALSE(dlg.save_to(out.string()));
    EXPECT_EQ(scelle::test::read_file(out), dlg.notice().file_text());
    const auto again = dlg.save_to(out.string());
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->empty());
    const auto missing = dlg.save_to((dir / "no-such-folder" / "n.txt").string());
    ASSERT_TRUE(missing);
    EXPECT_NE(missing->utf8_string().find("does not exist"), std::string::npos)
        << missing->utf8_string();
}

TEST_F(NoticeDialogTest, TheLanguageCanChange) {
    NoticeDialog dlg(frame, info, accounts, items, "fr");
    EXPECT_NE(dlg.text_ctrl()->GetValue().utf8_string().find("Nom affiché : Max"),
              std::string::npos);
    wxChoice* choice = nullptr;
    for (wxWindow* w : dlg.GetChildren())
        if (auto* c = dynamic_cast<wxChoice*>(w); c && c != dlg.platform_ctrl())
            choice = c;
    ASSERT_NE(choice, nullptr);
    choice->SetSelection(1);
    wxCommandEvent e(wxEVT_CHOICE, choice->GetId());
    e.SetEventObject(choice);
    choice->ProcessWindowEvent(e);
    EXPECT_NE(dlg.text_ctrl()->GetValue().utf8_string().find("Display name: Max"),
              std::string::npos);
}

TEST_F(NoticeDialogTest, TheTextHasANameForScreenReaders) {
    NoticeDialog dlg(frame, info, accounts, items, "en");
#ifdef __WXGTK__
    GtkWidget* w = dlg.text_ctrl()->GetConnectWidget();
    AtkObject* acc = w ? gtk_widget_get_accessible(w) : nullptr;
    const char* name = acc ? atk_object_get_name(acc) : nullptr;
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(std::string(name), "The notice for the platform");
#else
    GTEST_SKIP() << "the names are read from GTK's accessibility objects";
#endif
}

// SCELLE_NOTICE_SHOT=FILE: the dialog is shown and the screen saved there (for a person to
// look at; `import` from ImageMagick).
TEST_F(NoticeDialogTest, Screenshot) {
    const char* shot = std::getenv("SCELLE_NOTICE_SHOT");
    if (!shot)
        GTEST_SKIP() << "set SCELLE_NOTICE_SHOT=FILE to save a screenshot";
    NoticeDialog dlg(frame, info, accounts, items, "fr");
    dlg.Show();
    dlg.Raise();
    pump_for(std::chrono::milliseconds(800));
    const std::string cmd = std::string("import -window root '") + shot + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    dlg.Hide();
    AccountDialog acc(frame);
    acc.Show();
    for (wxWindow* w : acc.GetChildren())
        if (auto* c = dynamic_cast<wxComboBox*>(w))
            c->SetValue(wxT("Discord"));
    pump_for(std::chrono::milliseconds(800));
    const std::string cmd2 = std::string("import -window root '") + shot + ".account.png'";
    EXPECT_EQ(std::system(cmd2.c_str()), 0);
}

TEST_F(NoticeDialogTest, TheAccountDialogSaysHowToFindTheIds) {
    AccountDialog dlg(frame);
    wxComboBox* platform = nullptr;
    for (wxWindow* w : dlg.GetChildren())
        if (auto* c = dynamic_cast<wxComboBox*>(w))
            platform = c;
    ASSERT_NE(platform, nullptr);
    auto* how = dynamic_cast<wxStaticText*>(wxWindow::FindWindowByName(wxT("how-to-find"), &dlg));
    ASSERT_NE(how, nullptr);
    platform->SetValue(wxT("Discord"));  // sends wxEVT_TEXT
    EXPECT_NE(how->GetLabelText().utf8_string().find("Copy User ID"), std::string::npos)
        << how->GetLabelText().utf8_string();
    platform->SetValue(wxT("TikTok"));
    EXPECT_EQ(how->GetLabelText().utf8_string().find("Copy User ID"), std::string::npos);
    EXPECT_NE(how->GetLabelText().utf8_string().find("URL"), std::string::npos);
}

}  // namespace
}  // namespace scelle::gui::test
