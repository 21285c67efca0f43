// The desktop's "Names and links read in the pictures": the handles and links the machine
// transcripts name are listed with where they were read, and nothing reaches the case unless
// the person confirms it in the account or link dialog; what is added leaves the list; a case
// with nothing to offer says why in a sentence. Transcripts are written through the store's
// API (save_transcript), except in the last test, where real Tesseract reads a drawn picture.
// Real SQLite, real Xvfb.
#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/timer.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>

#include "account_dialog.h"
#include "child_process.h"
#include "gui_test_env.h"
#include "item_viewer.h"
#include "link_dialog.h"
#include "scelle/ocr/ocr.h"
#include "scelle/store/store.h"
#include "search_dialog.h"
#include "suggestions_dialog.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;
using ocr::ContactKind;

void click(wxWindow* button) {
    ASSERT_NE(button, nullptr);
    wxCommandEvent ev(wxEVT_BUTTON, button->GetId());
    ev.SetEventObject(button);
    button->GetEventHandler()->ProcessEvent(ev);
}

// Acts on the modal dialog named `name` once its own event loop runs.
class ModalDriver : public wxTimer {
  public:
    ModalDriver(wxString name, std::function<void(wxDialog*)> act)
        : m_name(std::move(name)), m_act(std::move(act)) {
        Start(50);
    }
    void Notify() override {
        for (wxWindow* w : wxTopLevelWindows)
            if (auto* d = dynamic_cast<wxDialog*>(w);
                d != nullptr && d->IsModal() && d->GetName() == m_name) {
                Stop();
                seen = true;
                m_act(d);
                return;
            }
    }
    bool seen = false;

  private:
    wxString m_name;
    std::function<void(wxDialog*)> m_act;
};

// What the case holds, to prove that nothing was added.
struct Held {
    std::size_t accounts = 0;
    std::size_t items = 0;
    std::size_t log_lines = 0;
    bool operator==(const Held&) const = default;
};

class SuggestionsTest : public MainFrameTest {
  protected:
    std::unique_ptr<core::CaseStore> open_store() {
        core::Store store(store_root);
        auto cs = store.open_case(*frame->current_case(), core::Access::read_write);
        EXPECT_TRUE(cs.ok());
        return cs.ok() ? std::move(cs).value() : nullptr;
    }

    Held held() {
        auto cs = open_store();
        return {cs->accounts()->size(), cs->items()->size(), cs->log_lines()->size()};
    }

    // One picture in the case, with a transcript of these lines (one box per line).
    std::int64_t picture_read_as(const std::vector<std::string>& lines) {
        ++m_pictures;
        frame->import_paths(
            {write_png("shot" + std::to_string(m_pictures) + ".png", 400 + m_pictures, 300)});
        EXPECT_TRUE(wait_idle());
        const std::int64_t seq = frame->items().back().seq;
        core::Transcript t;
        t.item_seq = seq;
        t.engine = "tesseract 5.3.0";
        t.languages = "fra+eng";
        std::int64_t y = 10;
        for (const std::string& l : lines) {
            t.lines.push_back({l, 10, y, 300, 24, 90});
            y += 40;
        }
        EXPECT_TRUE(open_store()->save_transcript(t).ok());
        return seq;
    }

    // The row of `value` in the dialog; -1 when it is not listed.
    static int row_of(SuggestionsDialog* dlg, const std::string& value) {
        for (std::size_t i = 0; i < dlg->suggestions().size(); ++i)
            if (dlg->suggestions()[i].found.contact.value == value)
                return static_cast<int>(i);
        return -1;
    }

    int m_pictures = 0;
};

const std::vector<std::string> kChat = {
    "Max : ajoute-moi sur snap @joueur_du_93",
    "Max : regarde https://exemple-jeu.fr/salon/42",
    "Léa : non merci",
};

TEST_F(SuggestionsTest, ListsWhatWasReadWithWhereAndAddsNothing) {
    make_case("Suggestions");
    const std::int64_t seq = picture_read_as(kChat);
    const Held before = held();

    SuggestionsDialog* dlg = frame->show_suggestions();
    ASSERT_NE(dlg, nullptr);
    ASSERT_TRUE(dlg->IsShown());
    ASSERT_EQ(dlg->suggestions().size(), 2u) << dlg->status();
    const ShownSuggestion& handle = dlg->suggestions()[0];
    EXPECT_EQ(handle.found.contact.kind, ContactKind::handle);
    EXPECT_EQ(handle.found.contact.value, "@joueur_du_93");
    EXPECT_EQ(handle.found.item, seq);
    EXPECT_EQ(handle.found.line, 1);
    EXPECT_EQ(handle.line.text, kChat[0]);
    const ShownSuggestion& link = dlg->suggestions()[1];
    EXPECT_EQ(link.found.contact.kind, ContactKind::url);
    EXPECT_EQ(link.found.contact.value, "https://exemple-jeu.fr/salon/42");
    EXPECT_EQ(link.found.line, 2);

    // Shown in words, with the item and its line.
    wxListView* list = dlg->list_ctrl();
    ASSERT_TRUE(list->IsShown());
    ASSERT_EQ(list->GetItemCount(), 2);
    EXPECT_EQ(list->GetItemText(0, 0), _("handle"));
    EXPECT_EQ(list->GetItemText(0, 1), wxT("@joueur_du_93"));
    EXPECT_TRUE(list->GetItemText(0, 2).StartsWith(
        wxString::Format(wxT("Item %lld, line 1"), static_cast<long long>(seq))))
        << list->GetItemText(0, 2);
    EXPECT_TRUE(list->GetItemText(0, 2).Contains(wxT("ajoute-moi"))) << list->GetItemText(0, 2);
    EXPECT_EQ(list->GetItemText(1, 0), _("link"));
    // The status says that nothing was added.
    EXPECT_TRUE(dlg->status().Contains(wxT("Nothing was added"))) << dlg->status();

    // A handle may become an account, not a link; a link the other way round.
    dlg->select(0);
    EXPECT_TRUE(dlg->account_button()->IsEnabled());
    EXPECT_FALSE(dlg->link_button()->IsEnabled());
    dlg->select(1);
    EXPECT_FALSE(dlg->account_button()->IsEnabled());
    EXPECT_TRUE(dlg->link_button()->IsEnabled());

    // As a person does, once the window is on the screen (GTK shows a window it maps).
    pump_for(std::chrono::milliseconds(500));
    click(dlg->FindWindow(wxID_CLOSE));
    pump_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(dlg->IsShown());
    EXPECT_EQ(held(), before);

    // Opened again: the same list; still nothing added.
    dlg = frame->show_suggestions();
    EXPECT_EQ(dlg->suggestions().size(), 2u);
    EXPECT_EQ(held(), before);

    // A picture marked sensitive is never read: nothing from it is offered.
    frame->set_item_sensitive(seq, true);
    ASSERT_TRUE(wait_idle());
    dlg->refresh();
    EXPECT_TRUE(dlg->suggestions().empty());
    EXPECT_FALSE(dlg->list_ctrl()->IsShown());
}

TEST_F(SuggestionsTest, AddAsAccountFillsTheDialogAndOkAddsExactlyThatAccount) {
    make_case("Compte");
    // The case's only account: the picture imported next concerns it (its platform).
    core::AccountRequest max;
    max.platform = "Discord";
    max.handle = "@max_2011";
    ASSERT_TRUE(frame->record_account(max));
    picture_read_as(kChat);
    const Held before = held();
    SuggestionsDialog* dlg = frame->show_suggestions();
    ASSERT_NE(dlg, nullptr);
    const int row = row_of(dlg, "@joueur_du_93");
    ASSERT_GE(row, 0);
    dlg->select(static_cast<std::size_t>(row));

    core::AccountRequest shown;
    ModalDriver ok(wxT("account-dialog"), [&](wxDialog* d) {
        shown = static_cast<AccountDialog*>(d)->request();
        click(d->FindWindow(wxID_OK));
    });
    click(dlg->account_button());
    EXPECT_TRUE(ok.seen);
    EXPECT_EQ(shown.platform, "Discord");
    EXPECT_EQ(shown.handle, "@joueur_du_93");
    ASSERT_TRUE(wait_idle());

    auto cs = open_store();
    auto accounts = cs->accounts();
    ASSERT_TRUE(accounts.ok());
    ASSERT_EQ(accounts->size(), before.accounts + 1);
    EXPECT_EQ(accounts->back().platform, "Discord");
    EXPECT_EQ(accounts->back().handle, "@joueur_du_93");
    EXPECT_EQ(cs->items()->size(), before.items);
    // It left the list; the link stays offered.
    EXPECT_EQ(row_of(dlg, "@joueur_du_93"), -1);
    EXPECT_GE(row_of(dlg, "https://exemple-jeu.fr/salon/42"), 0);
    EXPECT_EQ(dlg->list_ctrl()->GetItemCount(), 1);
}

TEST_F(SuggestionsTest, RecordAsLinkFillsTheDialogAndOkRecordsTheLink) {
    make_case("Lien");
    picture_read_as(kChat);
    const Held before = held();
    SuggestionsDialog* dlg = frame->show_suggestions();
    ASSERT_NE(dlg, nullptr);
    const int row = row_of(dlg, "https://exemple-jeu.fr/salon/42");
    ASSERT_GE(row, 0);
    dlg->select(static_cast<std::size_t>(row));

    wxString shown;
    ModalDriver ok(wxT("link-dialog"), [&](wxDialog* d) {
        shown = static_cast<LinkDialog*>(d)->url_ctrl()->GetValue();
        click(d->FindWindow(wxID_OK));
    });
    click(dlg->link_button());
    EXPECT_TRUE(ok.seen);
    EXPECT_EQ(shown, wxT("https://exemple-jeu.fr/salon/42"));
    ASSERT_TRUE(wait_idle());

    auto cs = open_store();
    auto items = cs->items();
    ASSERT_TRUE(items.ok());
    ASSERT_EQ(items->size(), before.items + 1);
    EXPECT_EQ(items->back().kind, "link");
    EXPECT_EQ(items->back().url.value_or(""), "https://exemple-jeu.fr/salon/42");
    EXPECT_FALSE(items->back().sensitive);
    EXPECT_EQ(cs->accounts()->size(), before.accounts);
    EXPECT_EQ(row_of(dlg, "https://exemple-jeu.fr/salon/42"), -1);
    EXPECT_GE(row_of(dlg, "@joueur_du_93"), 0);
}

TEST_F(SuggestionsTest, CancelAddsNothingAndKeepsTheList) {
    make_case("Annuler");
    picture_read_as(kChat);
    const Held before = held();
    SuggestionsDialog* dlg = frame->show_suggestions();
    ASSERT_NE(dlg, nullptr);
    for (const std::string value : {"@joueur_du_93", "https://exemple-jeu.fr/salon/42"}) {
        const int row = row_of(dlg, value);
        ASSERT_GE(row, 0) << value;
        dlg->select(static_cast<std::size_t>(row));
        const bool account = dlg->suggestions()[static_cast<std::size_t>(row)].found.contact.kind ==
                             ContactKind::handle;
        ModalDriver cancel(account ? wxT("account-dialog") : wxT("link-dialog"),
                           [&](wxDialog* d) { click(d->FindWindow(wxID_CANCEL)); });
        click(account ? dlg->account_button() : dlg->link_button());
        EXPECT_TRUE(cancel.seen) << value;
        ASSERT_TRUE(wait_idle());
        EXPECT_EQ(held(), before) << value;
        EXPECT_EQ(dlg->suggestions().size(), 2u) << value;
    }
}

TEST_F(SuggestionsTest, ShowOnThePictureFramesTheLineItWasReadOn) {
    make_case("Voir");
    const std::int64_t seq = picture_read_as(kChat);
    SuggestionsDialog* dlg = frame->show_suggestions();
    ASSERT_NE(dlg, nullptr);
    const int row = row_of(dlg, "https://exemple-jeu.fr/salon/42");
    ASSERT_GE(row, 0);
    dlg->select(static_cast<std::size_t>(row));
    click(dlg->show_button());
    ItemViewer* v = frame->viewer();
    ASSERT_NE(v, nullptr);
    ASSERT_TRUE(pump_until([&] { return v->state() == ItemViewer::State::picture; },
                           std::chrono::seconds(20)));
    EXPECT_EQ(v->marks_shown(), 1u);
    ASSERT_NE(frame->item_list()->selected_seq(), std::nullopt);
    EXPECT_EQ(*frame->item_list()->selected_seq(), seq);
}

TEST_F(SuggestionsTest, NothingToOfferIsSaidInASentence) {
    make_case("Vide");
    // Nothing to tell: the notice bar says nothing about it.
    frame->tell_suggestions();
    EXPECT_FALSE(frame->last_notice().Contains(wxT("names or links"))) << frame->last_notice();
    SuggestionsDialog* dlg = frame->show_suggestions();
    ASSERT_NE(dlg, nullptr);
    // No picture at all, then a picture not read: the same sentence, no empty list.
    const wxString unread = dlg->status();
    EXPECT_TRUE(unread.Contains(wxT("has been read yet"))) << unread;
    EXPECT_FALSE(dlg->list_ctrl()->IsShown());
    EXPECT_FALSE(dlg->show_button()->IsEnabled());
    EXPECT_FALSE(dlg->account_button()->IsEnabled());
    EXPECT_FALSE(dlg->link_button()->IsEnabled());
    frame->import_paths({write_png("unread.png", 320, 200)});
    ASSERT_TRUE(wait_idle());
    dlg->refresh();
    EXPECT_EQ(dlg->status(), unread);
    EXPECT_FALSE(dlg->list_ctrl()->IsShown());
    // Read, but naming nothing: another sentence.
    picture_read_as({"Léa : salut", "Max : ça va ?"});
    dlg->refresh();
    EXPECT_TRUE(dlg->suggestions().empty());
    EXPECT_NE(dlg->status(), unread);
    EXPECT_TRUE(dlg->status().Contains(wxT("name no handle"))) << dlg->status();
    EXPECT_FALSE(dlg->list_ctrl()->IsShown());
}

// Opened again once another case is open, the window lists that case (the first one's window
// goes, even before wx deletes it at idle time).
TEST_F(SuggestionsTest, AnotherCaseGetsItsOwnList) {
    make_case("Premier");
    picture_read_as(kChat);
    SuggestionsDialog* first = frame->show_suggestions();
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->suggestions().size(), 2u);
    make_case("Second");
    SuggestionsDialog* second = frame->show_suggestions();
    ASSERT_NE(second, nullptr);
    EXPECT_TRUE(second->suggestions().empty());
    EXPECT_FALSE(second->list_ctrl()->IsShown());
    EXPECT_TRUE(second->IsShown());
}

// The list is read on the GUI thread: it must stay quick for a large case.
TEST_F(SuggestionsTest, TwoHundredReadPicturesAreListedQuickly) {
    make_case("Grand dossier");
    auto cs = open_store();
    std::vector<fs::path> files;
    for (int i = 0; i < 200; ++i)
        files.push_back(write_png("p" + std::to_string(i) + ".png", 64 + i, 48));
    core::ImportRequest req;
    req.files = files;
    auto imp = cs->import_files(req);
    ASSERT_TRUE(imp.ok());
    ASSERT_EQ(imp->size(), 200u);
    for (const auto& added : *imp) {
        core::Transcript t;
        t.item_seq = added.seq;
        t.engine = "tesseract 5.3.0";
        t.languages = "fra+eng";
        for (int l = 0; l < 30; ++l)
            t.lines.push_back({l == 7
                                   ? "ajoute @joueur_" + std::to_string(added.seq)
                                   : "Léa : je ne sais pas, on verra demain soir après les cours",
                               0, l * 30, 500, 24, 88});
        ASSERT_TRUE(cs->save_transcript(t).ok());
    }
    cs.reset();
    frame->reload_items();
    SuggestionsDialog* dlg = frame->show_suggestions();
    ASSERT_NE(dlg, nullptr);
    ASSERT_EQ(dlg->suggestions().size(), 200u);
    const auto start = std::chrono::steady_clock::now();
    dlg->refresh();
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    std::printf("200 read pictures (6,000 lines), 200 suggestions listed in %lld ms\n",
                static_cast<long long>(took.count()));
    EXPECT_EQ(dlg->suggestions().size(), 200u);
    EXPECT_LT(took, std::chrono::milliseconds(1000));
}

// Real Tesseract: "Read the pictures" in the search window, then the line that says names and
// links were read, and its button that opens the list.
TEST_F(SuggestionsTest, AfterReadingThePicturesTheSearchWindowSaysWhatWasRead) {
    if (!ocr::available())
        GTEST_SKIP() << "this build has no machine transcription";
    make_case("Lecture");
    const fs::path png = dir / "chat.png";
    auto r = scelle::test::run({"convert", "-size", "760x200", "xc:#f2f3f5", "-font", "DejaVu-Sans",
                                "-pointsize", "24", "-fill", "#202225", "-annotate", "+20+60",
                                "Max : ajoute-moi @joueur93", "-annotate", "+20+140",
                                "Max : va sur https://exemple-jeu.fr", png.string()});
    ASSERT_EQ(r.exit_code, 0) << scelle::test::dump(r);
    frame->import_paths({png});
    ASSERT_TRUE(wait_idle());
    SearchDialog* search = frame->show_search();
    ASSERT_NE(search, nullptr);
    EXPECT_TRUE(search->found_sentence().empty());
    search->transcribe_missing();
    ASSERT_TRUE(pump_until([&] { return !search->transcribing(); }, std::chrono::seconds(120)));
    // The main window says it too, and where to see them.
    EXPECT_TRUE(frame->last_notice().StartsWith(wxT("2 names or links were read")))
        << frame->last_notice();
    EXPECT_TRUE(frame->last_notice().Contains(wxT("Names and links read in the pictures")))
        << frame->last_notice();
    const wxString said = search->found_sentence();
    EXPECT_TRUE(said.StartsWith(wxT("2 names or links"))) << said;
    ASSERT_TRUE(search->see_found_button()->IsShown());
    click(search->see_found_button());
    SuggestionsDialog* dlg = frame->suggestions_dialog();
    ASSERT_NE(dlg, nullptr);
    EXPECT_TRUE(dlg->IsShown());
    for (const auto& sg : dlg->suggestions())
        std::printf("read: %s in \"%s\"\n", sg.found.contact.value.c_str(), sg.line.text.c_str());
    EXPECT_GE(row_of(dlg, "@joueur93"), 0) << dlg->status();
    EXPECT_GE(row_of(dlg, "https://exemple-jeu.fr"), 0) << dlg->status();
}

}  // namespace
}  // namespace scelle::gui::test
