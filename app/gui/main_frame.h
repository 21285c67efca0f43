// MainFrame: the application's window. Cases on the left, the open case's items as thumbnails
// in the middle, the selected item's details on the right; a toolbar of big buttons (capture
// screen, region, window, with an optional delay; import; paste; add link; add account); a
// status line that always says how many items are sealed, pending and offline.
//
// Every action calls the same core functions as scelle-cli. Long work (imports, captures,
// sealing, thumbnails) runs on worker threads that open their own CaseStore and post results
// back with CallAfter; after each change the case is sealed in the background.
// Messages that need no answer go to the information bar, never a modal box, so nothing
// blocks while evidence is being saved.
//
// GUI thread only. The window owns its Workers and joins them when destroyed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <chrono>

#include <wx/activityindicator.h>
#include <wx/choice.h>
#include <wx/frame.h>
#include <wx/infobar.h>
#include <wx/menu.h>
#include <wx/stattext.h>
#include <wx/timer.h>
#include <wx/weakref.h>

#include "capture_flow.h"
#include "case_list.h"
#include "case_steps.h"
#include "dialogs/gui_settings.h"
#include "item_details.h"
#include "item_list.h"
#include "item_viewer.h"
#include "link_dialog.h"
#include "picture_reader.h"
#include "scelle/capture/capture.h"
#include "scelle/jobs/seal_job.h"
#include "scelle/report/notice.h"
#include "scelle/store/store.h"
#include "search_dialog.h"
#include "suggestions_dialog.h"
#include "workers.h"

namespace scelle::gui {

class RegionOverlay;

enum class FirstRun { offer_new_case, quiet };

class MainFrame : public wxFrame {
  public:
    MainFrame(const std::filesystem::path& store_root, GuiSettings settings,
              FirstRun first_run = FirstRun::offer_new_case);
    ~MainFrame() override;

    // --- What the menus, buttons and drops do (public for the tests) ---
    void reload_cases(const std::optional<std::string>& select = std::nullopt);
    void open_case(const std::string& id);
    void reload_items();
    void new_case_flow();
    // The names of the cases in the list (the wizard proposes a name that differs).
    std::vector<std::string> case_titles() const;
    // Imports files on a worker; folders are refused with one sentence, the rest imported.
    void import_paths(std::vector<std::filesystem::path> paths);
    // Screen or window, after `delay_seconds` (0: at once). Scellé hides itself meanwhile.
    // `screen`: the monitor's index for Target::screen; kScreenUnderPointer (the default) is
    // the monitor under the mouse pointer when the delay ends.
    void capture(capture::Target target, int delay_seconds, int screen = kScreenUnderPointer);
    // Fills `menu` with one entry per monitor ("Screen 2 — 1280×1024") and "All screens
    // together"; what the menu bar's and the toolbar's "which screen" menus show.
    void fill_screens_menu(wxMenu* menu);
    void start_region_capture(int delay_seconds);
    // "Capture a long conversation": after a countdown (at least 3 s, to click into the chat),
    // Scellé scrolls the active window itself and joins the frames (jobs/scroll_job.h).
    void capture_conversation(int delay_seconds);
    // The same for a zone chosen on the frozen screen, as "Capture a region" does: the part of
    // a window that scrolls (a chat beside a list of members that does not), scrolled where it
    // is.
    void capture_conversation_region(int delay_seconds);
    void on_scroll_result(ScrollAttempt a);
    // Hides the window, waits for the countdown (`delay_seconds`) or for the screen to settle,
    // reads every screen and shows the region overlay on that frozen picture, with the
    // operation `what` begun. `chosen` gets the picture and the zone drawn, on the GUI thread,
    // and must end the operation; a cancelled overlay is said and adds nothing.
    void pick_region(
        int delay_seconds, const wxString& what,
        std::function<void(const std::shared_ptr<capture::Frame>&, capture::Rect)> chosen);
    // Runs the scrolling capture of `req` on a worker (the operation already begun).
    void scroll_in_background(const capture::Request& req);
    // "Search the words of the pictures…": the modeless search of the open case's machine
    // transcripts; a hit opens the viewer with its lines framed.
    SearchDialog* show_search();
    SearchDialog* search_dialog() const { return m_search.get(); }
    // "Names and links read in the pictures…": the modeless list of what the open case's
    // transcripts name and the case does not hold (ocr::suggestions), each added only through
    // the account or link dialog, confirmed by the person.
    SuggestionsDialog* show_suggestions();
    SuggestionsDialog* suggestions_dialog() const { return m_suggestions.get(); }
    // Says in the notice bar how many names and links the open case's transcripts name that it
    // does not hold, and where to see them; says nothing when there are none. Called when
    // pictures have been read (the search window's "Read the pictures").
    void tell_suggestions();
    void paste_image();
    // Shows the link dialog (ticked sensitive when `sensitive`) until the link is recorded or
    // the person cancels: on a failure the dialog comes back with what was typed and why.
    // `url`: the address the dialog starts with (one read in a picture). `parent`: the window
    // the dialog is shown over (this one when nullptr). True when a link was recorded.
    bool ask_and_record_link(bool sensitive, const wxString& url = wxString(),
                             wxWindow* parent = nullptr);
    // Shows the account dialog, filled with `filled` (a handle read in a picture), and records
    // the account when the person confirms it. True when it was recorded.
    bool ask_and_record_account(const core::AccountRequest& filled = {},
                                wxWindow* parent = nullptr);
    // One change to the open case (there must be one): opens it for writing and runs `change`.
    // On a failure (the case cannot be opened, the change is refused) says why in the notice
    // bar, and in `problem` when given, and returns false.
    bool change_case(const std::function<Result<void>(core::CaseStore&)>& change,
                     wxString* problem = nullptr);
    // Records the link; false with the reason in `problem` when it was not recorded.
    bool record_link(const LinkAnswers& link, bool scheme_added, wxString* problem);
    // False when it was not recorded (the reason is in the notice bar).
    bool record_account(const core::AccountRequest& req);
    void describe_item(std::int64_t seq, const wxString& text);
    void set_item_happened(std::int64_t seq, const wxString& typed);
    // Marks the item sensitive (its picture is never shown) or not, with CaseStore::
    // set_sensitive (custody line `item.sensitive`), as `scelle-cli describe --sensitive`.
    void set_item_sensitive(std::int64_t seq, bool sensitive);
    // Withdraws the item with CaseStore::withdraw, as `scelle-cli withdraw`: its file is
    // deleted, the custody log keeps its SHA-256 and `reason`. `csam`: the reason is that it is
    // a sexual image of a minor, and the notice says why it had to go.
    void withdraw_item(std::int64_t seq, const wxString& reason, bool csam = false);
    // Changes the account the item concerns with CaseStore::set_item_account_id (custody line
    // `item.account`), as `scelle-cli describe --account/--no-account`. nullopt: no account.
    void set_item_account(std::int64_t seq, std::optional<std::int64_t> account_id);
    // Item ▸ Whose account…: asks which of the case's accounts (or none) for the selected item.
    void choose_selected_account();
    // Records where an item was seen, its message's link, with CaseStore::set_item_url (custody
    // line `item.url`; nullopt: no link), as `scelle-cli describe --url/--no-url`. False, with
    // the reason in `problem` (and the notice bar), when it was refused.
    bool set_item_url(std::int64_t seq, const std::optional<std::string>& url,
                      wxString* problem = nullptr);
    // Completes or corrects an account with CaseStore::update_account (custody line
    // `account.updated`), as `scelle-cli account update`. False, with the reason in `problem`.
    bool update_account(std::int64_t id, const core::AccountUpdate& update,
                        wxString* problem = nullptr);
    // Item ▸ Message link…: the link dialog for the selected item (not a link item), until
    // the link is saved or the person cancels. True when something was recorded.
    bool edit_item_link(std::int64_t seq);
    void edit_selected_link();
    // Item ▸ Edit the account…: the account dialog for account `id`, until it is saved or the
    // person cancels. True when something was recorded.
    bool edit_account(std::int64_t id);
    // The selected item's account; else, when the case has several, asks which.
    void edit_account_flow();
    // For the notice dialog: opens the dialog that fills `missing` (the account's or the
    // item's), and when something was recorded, reads the case's accounts and items again
    // into `accounts` and `items` and returns true.
    bool fill_missing(const core::MissingIdentifier& missing, std::vector<core::Account>& accounts,
                      std::vector<core::Item>& items);
    // Gives the open case a new title with CaseStore::rename (custody line `case.renamed`), as
    // `scelle-cli case rename`; the case list and the heading follow. False, with the reason
    // in `problem` (and the notice bar), when the title is refused.
    bool rename_case(const wxString& title, wxString* problem = nullptr);
    // Case ▸ Rename the case…: asks for the title (the current one prefilled) until it is
    // accepted or the person cancels; a refused title is said in the dialog.
    void rename_case_flow();
    // Tests: the answers to "Whose account?" (the account's number, nullopt inside for none;
    // nullopt: cancelled) and to "Rename the case" (given the title shown and the problem
    // with the last one; nullopt: cancelled).
    void set_ask_account(
        std::function<std::optional<std::optional<std::int64_t>>(const core::Item&)> ask) {
        m_ask_account = std::move(ask);
    }
    void set_ask_title(
        std::function<std::optional<wxString>(const wxString& shown, const wxString& problem)>
            ask) {
        m_ask_title = std::move(ask);
    }
    // The menu of the selected item (the menu bar's "Item" menu and the list's context menu
    // have the same entries). The caller owns it.
    wxMenu* make_item_menu();
    // Opens the viewer on the selected item (or shows that item in the open viewer); nullptr
    // when no item is selected.
    ItemViewer* open_viewer();
    ItemViewer* viewer() const { return m_viewer.get(); }
    // Tests: the answers to "show the picture again?" and to the withdrawal dialog (the
    // defaults ask with a modal dialog). The withdrawal's answer is the reason and whether
    // it is a sexual image of a minor; nullopt: not withdrawn.
    struct WithdrawAnswer {
        wxString reason;
        bool csam = false;
    };
    void set_confirm_show_again(std::function<bool()> ask) {
        m_confirm_show_again = std::move(ask);
    }
    void set_ask_withdrawal(std::function<std::optional<WithdrawAnswer>(const core::Item&)> ask) {
        m_ask_withdrawal = std::move(ask);
    }
    // Asks for a timestamp of what is pending, on a worker. `quiet`: a retry, which says
    // nothing when it fails (the status line already says what is not sealed).
    void seal_in_background(bool quiet = false);
    // The "Seal now" command: seals in the background, then says in the notice bar what came
    // of it (how many items were sealed and by whom, or that no authority answered and when
    // Scellé asks again).
    void seal_now();
    // How often what is not sealed yet is asked for again while Scellé is open (five
    // minutes; shorter in tests).
    void set_retry_interval(std::chrono::milliseconds interval);

    // --- Captures the store could not keep (main_frame_unsaved.cpp) ---
    // Whether the open case's folder can be written (Store::check_writable, asked when the
    // case is opened); when it cannot, the notice bar says so and what to do.
    bool case_writable() const { return m_case_writable; }
    // Pictures captured or pasted that the store refused, held in memory until they are
    // stored (retry_unsaved) or saved elsewhere (save_unsaved_to), or Scellé is closed.
    std::size_t unsaved_count() const { return m_unsaved.size(); }
    // Writes each held picture as a new PNG file in `folder` (never replacing a file) and
    // forgets it; false, with the reason in `problem`, at the first that cannot be written.
    bool save_unsaved_to(const std::filesystem::path& folder, wxString* problem = nullptr);
    // Gives the held pictures to the store again; those it keeps are forgotten.
    void retry_unsaved();

    // --- State, for the tests ---
    const std::optional<std::string>& current_case() const { return m_case_id; }
    const std::vector<core::Item>& items() const { return m_items; }
    const wxString& last_notice() const { return m_last_notice; }
    wxString status_line() const;
    // True when no import, capture or seal is under way and no result is waiting.
    bool idle() const { return m_ops == 0; }
    RegionOverlay* overlay() const { return m_overlay; }
    ItemList* item_list() const { return m_item_list; }
    ItemDetails* details() const { return m_details; }
    CaseList* case_list() const { return m_case_list; }
    CaseSteps* steps() const { return m_steps; }
    // Reads, in the background, the open case's pictures that have no machine transcript yet
    // (when the settings allow it: GuiSettings::read_pictures), with one engine less than the
    // cores so that captures stay quick; after each capture and import, and when a case is
    // opened.
    void read_pictures_in_background();
    const PictureReader& picture_reader() const { return m_reader; }
    // The status line's third part: the background reading's progress, or why it stopped.
    wxString reading_status() const;
    // The three steps' actions: the ways to capture (a menu under the button), the first item
    // still to describe (its description box focused), the export with its report.
    void capture_step();
    void describe_step();
    void send_step();
    int delay_seconds() const;

  private:
    // Runs `then` once this window is on screen and active (or shown for 1.5 s without
    // being activated: no window manager).
    void when_on_screen(std::function<void()> then);
    void keep_dialogs_in_front();
    void build_menus();
    void build_toolbar();
    wxWindow* build_body(wxWindow* parent);
    void notice(const wxString& text, int flags = wxICON_INFORMATION);
    void update_status();
    void set_reading_status(const wxString& text);
    void on_reading_progress(const PictureReader::Progress& p);
    void on_reading_finished(const PictureReader::Finished& f);
    void begin_op(const wxString& what);
    void end_op();
    bool need_case();
    // Case ▸ Notice for the platform…: the notice dialog for the case's accounts.
    void show_notice();
    // An open "Names and links read" list follows what the case now holds.
    void refresh_suggestions();
    void hide_for_capture();
    void after_settle(std::function<void()> then);
    void show_after_capture();
    void grab_and_seal(const capture::Request& req);
    // The case's heading and hint above the thumbnails, wrapped to their width.
    void set_case_texts(const wxString& heading, const wxString& hint);
    void wrap_case_texts();
    void on_capture_result(Result<core::ImportOutcome> r);
    void on_capture_attempt(CaptureAttempt a);
    struct SealReport {
        bool nothing_pending = false;
        bool no_tsa = false;
        std::int64_t covered = 0;
        std::optional<std::string> tsa;  // set when a token was obtained
    };
    void say_seal_outcome(const SealReport& r);
    void check_case_writable();
    void show_unsaved_notice(const Error& why);
    void update_unsaved_buttons();
    void ask_and_save_unsaved();
    // The toolbar's delay goes back to "No delay" once a capture has started.
    void reset_delay();
    void on_close(wxCloseEvent& e);
    void on_case_selected(wxListEvent& e);
    void on_item_selected(wxListEvent& e);
    void show_selected_item();
    // The selected item, when there is one.
    const core::Item* selected_item() const;
    void toggle_selected_sensitive();
    void withdraw_selected();

    std::filesystem::path m_store_root;
    core::Store m_store;
    GuiSettings m_settings;
    Workers m_workers;
    PictureReader m_reader{this, m_workers};
    bool m_tell_after_reading = false;  // "Read the pictures" was asked: say what was found

    std::optional<std::string> m_case_id;
    std::vector<core::Item> m_items;
    std::vector<core::Account> m_accounts;

    CaseList* m_case_list = nullptr;
    CaseSteps* m_steps = nullptr;
    ItemList* m_item_list = nullptr;
    ItemDetails* m_details = nullptr;
    wxWeakRef<ItemViewer> m_viewer;  // a window of its own, closed by the person
    wxWeakRef<SearchDialog> m_search;
    std::string m_search_case;  // the case m_search searches
    wxWeakRef<SuggestionsDialog> m_suggestions;
    std::string m_suggestions_case;  // the case m_suggestions lists
    wxInfoBar* m_info = nullptr;
    wxStaticText* m_case_heading = nullptr;
    wxStaticText* m_case_hint = nullptr;
    wxChoice* m_delay = nullptr;
    wxActivityIndicator* m_activity = nullptr;
    RegionOverlay* m_overlay = nullptr;
    wxTimer m_settle_timer;
    wxTimer m_retry_timer;
    wxTimer m_on_screen_timer;
    // True when the open case has items that are not sealed yet (pending, offline, failed).
    bool has_unsealed() const;
    std::function<void()> m_after_settle;
    wxString m_last_notice;

    int m_ops = 0;                 // work started and not yet reported back
    int m_saving = 0;              // of which imports and captures (closing waits for these)
    jobs::SealBatch m_seal_batch;  // one sealing request at a time, one more after a burst
    bool m_hidden_for_capture = false;
    wxString m_case_heading_text;
    wxString m_case_hint_text;
    int m_case_texts_width = -1;
    bool m_quit_when_done = false;
    std::function<bool()> m_confirm_show_again;
    std::function<std::optional<WithdrawAnswer>(const core::Item&)> m_ask_withdrawal;
    std::function<std::optional<std::optional<std::int64_t>>(const core::Item&)> m_ask_account;
    std::function<std::optional<wxString>(const wxString&, const wxString&)> m_ask_title;
    bool m_report_next_seal = false;
    bool m_case_writable = true;
    std::vector<core::ScreenshotRequest> m_unsaved;
    Error m_unsaved_why;  // why the store refused the last of them
    bool m_unsaved_bound = false;
};

}  // namespace scelle::gui
