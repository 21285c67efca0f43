// Taking back a mistake from the main window (issue 15): renaming the case from the Case menu,
// changing or removing the account of an item from the Item menu, each one custody line; and
// new captures and imports of a case made with one account are given that account.
#include <wx/image.h>
#include <wx/stattext.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gui_test_env.h"
#include "main_frame_ids.h"
#include "new_case.h"
#include "scelle/store/store.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;

class Undo : public MainFrameTest {
  protected:
    // A case made by the new-case flow's code with the wizard's account, opened in the window.
    std::string make_case_with_account() {
        core::Store store(store_root);
        NewCaseAnswers a;
        a.title = "Léa";
        a.incidents = {"grooming"};
        a.platform = "Snapchat";
        a.handle = "@max_2011";
        auto r = create_case_from_answers(store, a);
        EXPECT_TRUE(r.ok());
        if (!r.ok())
            return {};
        EXPECT_FALSE(r->account_error.has_value());
        frame->reload_cases(r->case_id);
        frame->open_case(r->case_id);
        return r->case_id;
    }
    std::vector<nlohmann::json> log() {
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_only);
        EXPECT_TRUE(cs.ok());
        std::vector<nlohmann::json> out;
        if (!cs.ok())
            return out;
        auto lines = (*cs)->log_lines();
        if (lines.ok())
            for (const auto& l : *lines)
                out.push_back(nlohmann::json::parse(l));
        return out;
    }
    bool intact() {
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_only);
        if (!cs.ok())
            return false;
        auto report = (*cs)->check();
        return report.ok() && report->intact();
    }
    void command(int id) {
        wxCommandEvent e(wxEVT_MENU, id);
        e.SetEventObject(frame);
        frame->ProcessWindowEvent(e);
    }
    wxString heading() {
        auto* w = wxWindow::FindWindowByName(wxT("case_heading"), frame);
        return w != nullptr ? w->GetLabel() : wxString();
    }
    std::string listed_title() {
        for (const auto& c : frame->case_list()->cases())
            if (c.id == *frame->current_case())
                return c.title;
        return {};
    }
};

TEST_F(Undo, RenamingFromTheCaseMenuWritesOneLineAndTheListAndHeadingFollow) {
    make_case("Dossier sans nom");
    ASSERT_NE(listed_title(), "");
    const auto before = log().size();
    std::vector<std::pair<wxString, wxString>> asked;  // what the dialog showed, and why
    std::vector<wxString> answers = {wxT("   "), wxString(wxT('x'), 201),
                                     wxString::FromUTF8("Harcèlement de Léa")};
    frame->set_ask_title([&](const wxString& shown, const wxString& problem) {
        asked.emplace_back(shown, problem);
        if (asked.size() > answers.size())
            return std::optional<wxString>();
        return std::optional<wxString>(answers[asked.size() - 1]);
    });
    command(ID_RENAME_CASE);
    // The current title first; each refused title comes back with the reason.
    ASSERT_EQ(asked.size(), 3u);
    EXPECT_EQ(asked[0].first, wxT("Dossier sans nom"));
    EXPECT_TRUE(asked[0].second.empty());
    EXPECT_TRUE(asked[1].second.Contains(wxT("needs a name"))) << asked[1].second;
    EXPECT_TRUE(asked[2].second.Contains(wxT("at most 200"))) << asked[2].second;
    const auto lines = log();
    ASSERT_EQ(lines.size(), before + 1);
    EXPECT_EQ(lines.back()["action"], "case.renamed");
    EXPECT_EQ(lines.back()["title"], "Harcèlement de Léa");
    EXPECT_EQ(listed_title(), "Harcèlement de Léa");
    EXPECT_TRUE(heading().Contains(wxString::FromUTF8("Harcèlement de Léa"))) << heading();
    EXPECT_TRUE(frame->last_notice().Contains(wxT("renamed"))) << frame->last_notice();
    EXPECT_TRUE(intact());
    // Cancelling, or OK on the same name, writes nothing.
    frame->set_ask_title(
        [](const wxString&, const wxString&) { return std::optional<wxString>(); });
    command(ID_RENAME_CASE);
    EXPECT_EQ(log().size(), before + 1);
    const wxString notice = frame->last_notice();
    frame->set_ask_title([](const wxString& shown, const wxString&) {
        return std::optional<wxString>(shown + wxT(" "));
    });
    command(ID_RENAME_CASE);
    EXPECT_EQ(log().size(), before + 1);
    EXPECT_EQ(frame->last_notice(), notice);
    // The action function alone refuses an empty title with a sentence, writing nothing.
    wxString problem;
    EXPECT_FALSE(frame->rename_case(wxT(""), &problem));
    EXPECT_FALSE(problem.empty());
    EXPECT_EQ(log().size(), before + 1);
}

TEST_F(Undo, CapturesAndImportsOfACaseWithOneAccountGetThatAccount) {
    make_case_with_account();
    wxImage img(80, 60);
    img.SetRGB(wxRect(0, 0, 80, 60), 10, 120, 200);
    const fs::path p = dir / "phone.png";
    ASSERT_TRUE(img.SaveFile(wxString::FromUTF8(p.string()), wxBITMAP_TYPE_PNG));
    frame->import_paths({p});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u) << frame->last_notice();
    EXPECT_EQ(frame->items().front().account_id, 1);
    frame->capture(capture::Target::screen, 0);
    ASSERT_TRUE(pump_until([&] { return frame->idle() && frame->items().size() == 2; }))
        << frame->last_notice();
    EXPECT_EQ(frame->items().back().kind, "screenshot");
    EXPECT_EQ(frame->items().back().account_id, 1);
    EXPECT_TRUE(intact());
}

TEST_F(Undo, ACaseWithNoOrSeveralAccountsGivesNewItemsNone) {
    make_case();
    wxImage img(40, 30);
    const fs::path p = dir / "a.png";
    ASSERT_TRUE(img.SaveFile(wxString::FromUTF8(p.string()), wxBITMAP_TYPE_PNG));
    frame->import_paths({p});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    EXPECT_FALSE(frame->items().front().account_id.has_value());
    frame->record_account({"Discord", "a", std::nullopt, std::nullopt});
    frame->record_account({"Discord", "b", std::nullopt, std::nullopt});
    img.SetRGB(wxRect(0, 0, 40, 30), 200, 0, 0);
    const fs::path q = dir / "b.png";
    ASSERT_TRUE(img.SaveFile(wxString::FromUTF8(q.string()), wxBITMAP_TYPE_PNG));
    frame->import_paths({q});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 2u);
    EXPECT_FALSE(frame->items().back().account_id.has_value());
}

TEST_F(Undo, TheItemMenuChangesOrRemovesTheAccountWithOneLineEach) {
    make_case_with_account();
    frame->record_account({"Instagram", "leo.2010", std::nullopt, std::nullopt});
    wxImage img(80, 60);
    const fs::path p = dir / "a.png";
    ASSERT_TRUE(img.SaveFile(wxString::FromUTF8(p.string()), wxBITMAP_TYPE_PNG));
    frame->import_paths({p});
    ASSERT_TRUE(wait_idle());
    ASSERT_EQ(frame->items().size(), 1u);
    const std::int64_t seq = frame->items().front().seq;
    frame->item_list()->select_seq(seq);
    const auto before = log().size();

    std::optional<std::optional<std::int64_t>> answer = std::optional<std::int64_t>(2);
    frame->set_ask_account([&](const core::Item& it) {
        EXPECT_EQ(it.seq, seq);
        return answer;
    });
    command(ID_ITEM_ACCOUNT);
    EXPECT_EQ(frame->items().front().account_id, 2);
    auto lines = log();
    ASSERT_EQ(lines.size(), before + 1);
    EXPECT_EQ(lines.back()["action"], "item.account");
    EXPECT_EQ(lines.back()["account"], 2);
    EXPECT_TRUE(frame->last_notice().Contains(wxT("leo.2010"))) << frame->last_notice();
    // The details pane follows.
    EXPECT_TRUE(frame->details()->field(wxT("account")).Contains(wxT("leo.2010")))
        << frame->details()->field(wxT("account"));

    answer = std::optional<std::optional<std::int64_t>>(std::optional<std::int64_t>());
    command(ID_ITEM_ACCOUNT);
    EXPECT_FALSE(frame->items().front().account_id.has_value());
    lines = log();
    ASSERT_EQ(lines.size(), before + 2);
    EXPECT_TRUE(lines.back()["account"].is_null());
    // Cancelled: nothing.
    answer.reset();
    command(ID_ITEM_ACCOUNT);
    EXPECT_EQ(log().size(), before + 2);
    EXPECT_TRUE(intact());
    // An account the case does not have is refused, with a sentence, and nothing written.
    frame->set_item_account(seq, 99);
    EXPECT_EQ(log().size(), before + 2);
    EXPECT_FALSE(frame->last_notice().empty());
    // A withdrawn item's account cannot be changed.
    frame->withdraw_item(seq, wxT("erreur"));
    const auto withdrawn = log().size();
    frame->set_item_account(seq, 1);
    EXPECT_EQ(log().size(), withdrawn);
}

}  // namespace
}  // namespace scelle::gui::test
