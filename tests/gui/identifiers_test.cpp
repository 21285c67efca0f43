// Identifiers completed after recording, in the main window: Item ▸ Message link… records a
// capture's message link (one `item.url` line) and the details pane shows it; Item ▸ Edit the
// account… gives the account's platform ID (one `account.updated` line), its platform and
// handle shown but not editable; the notice dialog says what is missing and fills it through
// the same dialogs, then shows the notice made again. The dialogs are real and modal, driven
// as a person would: text typed into their boxes, their buttons pressed.
#include <wx/button.h>
#include <wx/combobox.h>
#include <wx/image.h>
#include <wx/textctrl.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "account_dialog.h"
#include "gui_test_env.h"
#include "item_link_dialog.h"
#include "main_frame_ids.h"
#include "new_case.h"
#include "notice_dialog.h"
#include "scelle/store/store.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;

const std::string kUserId = "123456789012345678";
const std::string kMsg = "https://discord.com/channels/@me/111111111111111111/222222222222222222";

// Acts on the modal dialogs named in `steps`, in order, as they open (a modal dialog runs its
// own event loop: this timer's events still come). A stuck script closes every modal dialog.
class ModalScript : public wxTimer {
  public:
    struct Step {
        wxString dialog;  // the dialog's name
        std::function<void(wxDialog&)> act;
    };
    explicit ModalScript(std::vector<Step> steps) : m_steps(std::move(steps)) { Start(100); }
    bool done() const { return m_next == m_steps.size(); }
    void Notify() override {
        if (m_busy || done())
            return;
        if (++m_ticks > 150) {
            for (wxWindow* w : wxTopLevelWindows)
                if (auto* d = dynamic_cast<wxDialog*>(w); d && d->IsModal())
                    d->EndModal(wxID_CANCEL);
            return;
        }
        for (wxWindow* w : wxTopLevelWindows) {
            auto* d = dynamic_cast<wxDialog*>(w);
            if (d == nullptr || !d->IsModal() || d->GetName() != m_steps[m_next].dialog)
                continue;
            m_busy = true;
            m_steps[m_next++].act(*d);
            m_busy = false;
            return;
        }
    }

  private:
    std::vector<Step> m_steps;
    std::size_t m_next = 0;
    int m_ticks = 0;
    bool m_busy = false;
};

// Presses a dialog's button as a click does: its handlers run, then the dialog's own.
void press(wxDialog& d, int id) {
    auto* b = dynamic_cast<wxButton*>(d.FindWindow(id));
    ASSERT_NE(b, nullptr);
    wxCommandEvent e(wxEVT_BUTTON, id);
    e.SetEventObject(b);
    b->ProcessWindowEvent(e);
}

template <typename T>
T* named(wxWindow& parent, const wxString& name) {
    return dynamic_cast<T*>(wxWindow::FindWindowByName(name, &parent));
}

class Identifiers : public MainFrameTest {
  protected:
    // A Discord case with one account and one imported capture (given that account).
    void SetUp() override {
        MainFrameTest::SetUp();
        core::Store store(store_root);
        NewCaseAnswers a;
        a.title = "Léa";
        a.incidents = {"grooming"};
        a.platform = "Discord";
        a.handle = "max_2011";
        auto r = create_case_from_answers(store, a);
        ASSERT_TRUE(r.ok());
        frame->reload_cases(r->case_id);
        frame->open_case(r->case_id);
        wxImage img(80, 60);
        const fs::path p = dir / "a.png";
        ASSERT_TRUE(img.SaveFile(wxString::FromUTF8(p.string()), wxBITMAP_TYPE_PNG));
        frame->import_paths({p});
        ASSERT_TRUE(wait_idle());
        ASSERT_EQ(frame->items().size(), 1u);
        seq = frame->items().front().seq;
        frame->item_list()->select_seq(seq);
    }
    std::vector<nlohmann::json> log() {
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_only);
        EXPECT_TRUE(cs.ok());
        std::vector<nlohmann::json> out;
        if (cs.ok())
            if (auto lines = (*cs)->log_lines(); lines.ok())
                for (const auto& l : *lines)
                    out.push_back(nlohmann::json::parse(l));
        return out;
    }
    void command(int id) {
        wxCommandEvent e(wxEVT_MENU, id);
        e.SetEventObject(frame);
        frame->ProcessWindowEvent(e);
    }
    // The message link dialog: a wrong address first (refused inside the dialog, which stays
    // open), then `url`.
    ModalScript::Step type_link(const std::string& url, wxString* refused = nullptr) {
        return {wxT("item-link-dialog"), [url, refused](wxDialog& d) {
                    auto* box = named<wxTextCtrl>(d, wxT("message_url"));
                    ASSERT_NE(box, nullptr);
                    box->ChangeValue(wxT("ftp://example.org/x"));
                    press(d, wxID_OK);
                    ASSERT_TRUE(d.IsModal());
                    if (refused)
                        *refused = dynamic_cast<ItemLinkDialog&>(d).problem();
                    box->ChangeValue(wxString::FromUTF8(url));
                    press(d, wxID_OK);
                }};
    }
    ModalScript::Step type_platform_id(wxString* shown_platform = nullptr,
                                       bool* identity_locked = nullptr) {
        return {wxT("account-dialog"), [=](wxDialog& d) {
                    auto& acc = dynamic_cast<AccountDialog&>(d);
                    if (shown_platform)
                        *shown_platform = acc.platform_ctrl()->GetValue();
                    if (identity_locked)
                        *identity_locked =
                            !acc.platform_ctrl()->IsEnabled() && !acc.handle_ctrl()->IsEditable();
                    acc.platform_id_ctrl()->ChangeValue(wxString::FromUTF8(kUserId));
                    press(d, wxID_OK);
                }};
    }
    bool run(ModalScript& script, int id) {
        command(id);
        return script.done();
    }
    std::int64_t seq = 0;
};

TEST_F(Identifiers, TheItemMenuRecordsAMessageLinkAndTheDetailsShowIt) {
    const auto before = log().size();
    wxString refused;
    ModalScript script({type_link(kMsg, &refused)});
    ASSERT_TRUE(run(script, ID_ITEM_LINK));
    EXPECT_TRUE(refused.Contains(wxT("not a web address"))) << refused;
    EXPECT_EQ(frame->items().front().url, kMsg);
    auto lines = log();
    ASSERT_EQ(lines.size(), before + 1);
    EXPECT_EQ(lines.back()["action"], "item.url");
    EXPECT_EQ(lines.back()["url"], kMsg);
    EXPECT_EQ(frame->details()->field(wxT("url")), wxString::FromUTF8(kMsg));

    // "Remove the link": one more line, saying null.
    ModalScript remove({{wxT("item-link-dialog"), [](wxDialog& d) {
                             press(d, named<wxButton>(d, wxT("remove_link"))->GetId());
                             press(d, wxID_OK);
                         }}});
    ASSERT_TRUE(run(remove, ID_ITEM_LINK));
    EXPECT_FALSE(frame->items().front().url.has_value());
    lines = log();
    ASSERT_EQ(lines.size(), before + 2);
    EXPECT_TRUE(lines.back()["url"].is_null());
}

TEST_F(Identifiers, EditTheAccountGivesItsPlatformIdAndTheDetailsShowIt) {
    const auto before = log().size();
    wxString platform;
    bool locked = false;
    ModalScript script({type_platform_id(&platform, &locked)});
    ASSERT_TRUE(run(script, ID_EDIT_ACCOUNT));
    EXPECT_EQ(platform, wxT("Discord"));
    EXPECT_TRUE(locked);
    auto lines = log();
    ASSERT_EQ(lines.size(), before + 1);
    EXPECT_EQ(lines.back()["action"], "account.updated");
    EXPECT_EQ(lines.back()["platform_id"], kUserId);
    EXPECT_FALSE(lines.back().contains("handle"));
    EXPECT_TRUE(frame->details()->field(wxT("account")).Contains(wxString::FromUTF8(kUserId)))
        << frame->details()->field(wxT("account"));
}

TEST_F(Identifiers, TheNoticeDialogFillsWhatIsMissing) {
    core::Store store(store_root);
    auto cs = store.open_case(*frame->current_case(), core::Access::read_only);
    ASSERT_TRUE(cs.ok());
    NoticeDialog dlg(frame, (*cs)->info(), *(*cs)->accounts(), *(*cs)->items(), "en");
    dlg.set_filler([this](const core::MissingIdentifier& m, std::vector<core::Account>& a,
                          std::vector<core::Item>& i) { return frame->fill_missing(m, a, i); });
    ASSERT_EQ(dlg.notice().missing.size(), 2u);
    EXPECT_TRUE(dlg.missing_text().Contains(wxT("2 identifiers"))) << dlg.missing_text();
    EXPECT_TRUE(dlg.missing_text().Contains(wxT("Item ▸ Message link"))) << dlg.missing_text();
    EXPECT_TRUE(dlg.fill_button()->IsShown());
    const std::string before = dlg.text_ctrl()->GetValue().utf8_string();
    EXPECT_EQ(before.find(kUserId), std::string::npos);

    // The user ID first (the notice lists the accounts before the items).
    ASSERT_EQ(dlg.notice().missing[0].what, core::MissingIdentifier::What::user_id);
    ModalScript id_script({type_platform_id()});
    ASSERT_TRUE(dlg.fill_missing(0));
    EXPECT_TRUE(id_script.done());
    std::string now = dlg.text_ctrl()->GetValue().utf8_string();
    EXPECT_NE(now.find(kUserId), std::string::npos) << now;
    ASSERT_EQ(dlg.notice().missing.size(), 1u);
    EXPECT_TRUE(dlg.missing_text().Contains(wxT("1 identifier"))) << dlg.missing_text();

    ModalScript link_script({type_link(kMsg)});
    ASSERT_TRUE(dlg.fill_missing(0));
    EXPECT_TRUE(link_script.done());
    now = dlg.text_ctrl()->GetValue().utf8_string();
    EXPECT_NE(now.find(kMsg), std::string::npos) << now;
    EXPECT_TRUE(dlg.notice().missing.empty());
    EXPECT_TRUE(dlg.missing_text().empty());
    EXPECT_FALSE(dlg.fill_button()->IsShown());
    // Both were recorded in the case, each by its own line.
    const auto lines = log();
    EXPECT_EQ(lines[lines.size() - 2]["action"], "account.updated");
    EXPECT_EQ(lines.back()["action"], "item.url");
}

TEST_F(Identifiers, NoMessageLinkForALinkItem) {
    frame->record_link({"https://example.org/p", std::nullopt, std::nullopt, false, ""}, false,
                       nullptr);
    ASSERT_EQ(frame->items().size(), 2u);
    const std::int64_t link = frame->items().back().seq;
    frame->item_list()->select_seq(link);
    const auto before = log().size();
    std::unique_ptr<wxMenu> menu(frame->make_item_menu());
    EXPECT_FALSE(menu->IsEnabled(ID_ITEM_LINK));
    EXPECT_TRUE(menu->IsEnabled(ID_EDIT_ACCOUNT));
    EXPECT_FALSE(frame->edit_item_link(link));  // no dialog opens
    EXPECT_EQ(log().size(), before);
}

// SCELLE_IDENTIFIERS_SHOT=FILE: the three dialogs on screen, saved as FILE-link.png,
// FILE-account.png and FILE-notice.png (for a person to look at; `import` from ImageMagick).
TEST_F(Identifiers, Screenshot) {
    const char* shot = std::getenv("SCELLE_IDENTIFIERS_SHOT");
    if (!shot)
        GTEST_SKIP() << "set SCELLE_IDENTIFIERS_SHOT=FILE to save screenshots";
    ItemLinkDialog link(frame, frame->items().front());
    link.Show();
    pump_for(std::chrono::milliseconds(800));
    EXPECT_EQ(std::system((std::string("import -window root '") + shot + "-link.png'").c_str()), 0);
    link.Hide();
    core::Account a;
    a.id = 1;
    a.platform = "Discord";
    a.handle = "max_2011";
    AccountDialog acc(frame, a);
    acc.Show();
    pump_for(std::chrono::milliseconds(800));
    EXPECT_EQ(std::system((std::string("import -window root '") + shot + "-account.png'").c_str()),
              0);
    acc.Hide();
    core::Store store(store_root);
    auto cs = store.open_case(*frame->current_case(), core::Access::read_only);
    ASSERT_TRUE(cs.ok());
    NoticeDialog notice(frame, (*cs)->info(), *(*cs)->accounts(), *(*cs)->items(), "fr");
    notice.set_filler([](const core::MissingIdentifier&, std::vector<core::Account>&,
                         std::vector<core::Item>&) { return false; });
    notice.Show();
    pump_for(std::chrono::milliseconds(800));
    EXPECT_EQ(std::system((std::string("import -window root '") + shot + "-notice.png'").c_str()),
              0);
}

}  // namespace
}  // namespace scelle::gui::test
