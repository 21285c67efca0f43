// The main window's actions: new case, import, capture, paste, link, account, describe, mark
// sensitive, withdraw, and the background sealing that follows each change. Each one calls the core
// (or a capture job on a worker) and reports in one sentence in the information bar.
#include <wx/choicdlg.h>
#include <wx/clipbrd.h>
#include <wx/image.h>
#include <wx/intl.h>
#include <wx/msgdlg.h>
#include <wx/textdlg.h>
#include <wx/timer.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <system_error>
#include <thread>
#include <utility>

#include "account_dialog.h"
#include "capture_flow.h"
#include "countdown.h"
#include "dialogs/dialog_support.h"
#include "display_text.h"
#include "error_text.h"
#include "main_frame.h"
#include "notice_dialog.h"

#include "main_frame_ids.h"
#include "new_case.h"
#include "new_case_wizard.h"
#include "region_overlay.h"
#include "scelle/base/time.h"
#include "scelle/jobs/import_job.h"
#include "scelle/jobs/seal_job.h"
#include "scelle/store/settings.h"
#include "scelle/store/tsa_name.h"
#include "search_dialog.h"
#include "withdraw_dialog.h"

namespace scelle::gui {

namespace fs = std::filesystem;

std::vector<std::string> MainFrame::case_titles() const {
    std::vector<std::string> titles;
    for (const core::CaseSummary& c : m_case_list->cases())
        titles.push_back(c.title);
    return titles;
}

void MainFrame::new_case_flow() {
    NewCaseWizard wizard(this, case_titles());
    if (!wizard.run())
        return;
    auto r = create_case_from_answers(m_store, wizard.collect());
    if (!r.ok()) {
        notice(error_sentence(r.error()), wxICON_WARNING);
        return;
    }
    reload_cases(r->case_id);
    open_case(r->case_id);
    seal_in_background();
    if (r->account_error)
        // TRANSLATORS: %s names the field of the account that could not be used.
        notice(wxString::Format(_("The case was created, but the account could not be added "
                                  "(%s). Use “Add account” to try again."),
                                shown_text(*r->account_error)),
               wxICON_WARNING);
    else
        notice(
            _("Case created. Now capture what you were shown, or import the pictures you "
              "already have."));
    if (wizard.link_instead()) {
        // Chosen from the safety page: a link to an image that must never be kept.
        ask_and_record_link(/*sensitive=*/true);
    } else if (wizard.capture_now()) {
        // The screen under the pointer, at once, as "Capture the screen" does.
        capture(capture::Target::screen, 0);
    }
}

void MainFrame::import_paths(std::vector<fs::path> paths) {
    if (!need_case())
        return;
    // Folders are not walked: a folder of holiday photos must not end up in the evidence.
    std::vector<fs::path> files;
    wxString folders;
    for (auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            if (!folders.empty())
                folders += wxT(", ");
            folders += wxT("“") + shown_text(p.filename().string()) + wxT("”");
        } else {
            files.push_back(std::move(p));
        }
    }
    wxString folder_note;
    if (!folders.empty()) {
        // TRANSLATORS: %s is one or more folder names in quotes.
        folder_note = wxString::Format(_("%s is a folder: open it and choose the files inside. "
                                         "Nothing was imported from it."),
                                       folders);
        notice(folder_note, wxICON_INFORMATION);
    }
    if (files.empty())
        return;
    ++m_saving;
    const int count = static_cast<int>(files.size());
    begin_op(wxString::Format(wxPLURAL("Importing %d file…", "Importing %d files…", count), count));
    // The worker gets plain values only; the note goes back to the GUI thread as UTF-8.
    m_workers.run([this, root = m_store_root, id = *m_case_id, files = std::move(files),
                   note = folder_note.utf8_string()] {
        core::Store store(root);
        core::ImportRequest req;
        req.files = files;
        // Sealed afterwards by seal_in_background, one request for a burst of imports.
        Result<jobs::ImportResult> r = [&]() -> Result<jobs::ImportResult> {
            SCELLE_ASSIGN_OR_RETURN(auto cs, store.open_case(id, core::Access::read_write));
            SCELLE_ASSIGN_OR_RETURN(req.account, sole_account(*cs));
            return jobs::import_files(*cs, req, /*seal=*/nullptr);
        }();
        CallAfter([this, r = std::move(r), note]() mutable {
            --m_saving;
            end_op();
            if (!r.ok()) {
                notice(error_sentence(r.error()), wxICON_WARNING);
                return;
            }
            const int added = r->added;
            const int dupes = r->duplicates;
            wxString text =
                wxString::Format(wxPLURAL("%d file imported and kept unchanged.",
                                          "%d files imported and kept unchanged.", added),
                                 added);
            if (dupes > 0)
                text += wxT(" ") + wxString::Format(wxPLURAL("%d was already in the case.",
                                                             "%d were already in the case.", dupes),
                                                    dupes);
            // The folder sentence stays on screen with the result.
            if (!note.empty())
                text = from_utf8(note) + wxT(" ") + text;
            notice(text);
            reload_items();
            if (!r->outcomes.empty())
                m_item_list->select_seq(r->outcomes.back().seq);
            show_selected_item();
            seal_in_background();
            read_pictures_in_background();
        });
    });
}

void MainFrame::hide_for_capture() {
    m_hidden_for_capture = true;
    Hide();
}

void MainFrame::show_after_capture() {
    if (!m_hidden_for_capture)
        return;
    m_hidden_for_capture = false;
    Show();
    Raise();
}

void MainFrame::after_settle(std::function<void()> then) {
    // A timer owned by this window: if the window goes, the pending step goes with it.
    m_after_settle = std::move(then);
    m_settle_timer.StartOnce(kSettleMilliseconds);
}

void MainFrame::fill_screens_menu(wxMenu* menu) {
    while (menu->GetMenuItemCount() > 0)
        menu->Destroy(menu->FindItemByPosition(0));
    auto monitors = list_monitors();
    if (!monitors.ok()) {
        // Said in the menu itself; choosing "all screens" then says it again, with what to do.
        menu->Append(wxID_ANY, error_sentence(monitors.error()))->Enable(false);
    } else {
        for (const capture::Monitor& m : *monitors) {
            if (m.index > ID_CAPTURE_MONITOR_LAST - ID_CAPTURE_MONITOR)
                break;
            // TRANSLATORS: a monitor's number, then its size in pixels ("Screen 2 — 1280×1024").
            wxString label = wxString::Format(_("Screen %d — %d×%d"), m.index + 1, m.bounds.width,
                                              m.bounds.height);
            if (m.primary)
                label << wxT(" ") << _("(main screen)");
            menu->Append(ID_CAPTURE_MONITOR + m.index, label);
        }
    }
    if (menu->GetMenuItemCount() > 0)
        menu->AppendSeparator();
    menu->Append(ID_CAPTURE_ALL_SCREENS, _("All screens together"));
}

void MainFrame::capture(capture::Target target, int delay_seconds, int screen) {
    if (!need_case() || m_overlay)
        return;
    reset_delay();
    capture::Request req;
    req.target = target;
    req.window = "active";
    // kScreenUnderPointer is resolved when the pixels are read, after the delay.
    req.screen = screen;
    hide_for_capture();
    if (delay_seconds > 0) {
        auto* cd = new Countdown(delay_seconds, [this, req](bool go) {
            if (go)
                grab_and_seal(req);
            else {
                show_after_capture();
                notice(_("Capture cancelled; nothing was added."));
            }
        });
        cd->present();
        return;
    }
    // Let the desktop repaint what this window covered before reading the screen.
    after_settle([this, req] { grab_and_seal(req); });
}

void MainFrame::capture_conversation(int delay_seconds) {
    if (!need_case() || m_overlay)
        return;
    reset_delay();
    hide_for_capture();
    auto* cd = new Countdown(std::max(delay_seconds, 3), [this](bool go) {
        if (!go) {
            show_after_capture();
            notice(_("Capture cancelled; nothing was added."));
            return;
        }
        ++m_saving;
        begin_op(_("Capturing the conversation… hold Esc to stop."));
        capture::Request req;
        req.target = capture::Target::window;
        req.window = "active";
        scroll_in_background(req);
    });
    cd->present();
}

void MainFrame::capture_conversation_region(int delay_seconds) {
    pick_region(delay_seconds, _("Capturing the conversation… hold Esc to stop."),
                [this](const std::shared_ptr<capture::Frame>&, capture::Rect zone) {
                    // Scrolled where the zone is (the pointer goes there), once the frozen
                    // picture of the screen is gone.
                    capture::Request req;
                    req.target = capture::Target::region;
                    req.region = zone;
                    after_settle([this, req] { scroll_in_background(req); });
                });
}

void MainFrame::scroll_in_background(const capture::Request& req) {
    m_workers.run([this, req, root = m_store_root, id = *m_case_id] {
        ScrollAttempt a = scroll_and_seal(root, id, req, [] { return false; });
        CallAfter([this, a = std::move(a)]() mutable { on_scroll_result(std::move(a)); });
    });
}

SearchDialog* MainFrame::show_search() {
    if (!need_case())
        return nullptr;
    // Destroy() deletes a window later, at idle time: the reference is dropped now, so that a
    // new dialog is made for this case.
    if (m_search && m_search_case != *m_case_id) {
        m_search->Destroy();
        m_search = nullptr;
    }
    if (!m_search) {
        m_search = new SearchDialog(this, m_store_root, *m_case_id);
        m_search_case = *m_case_id;
        m_search->on_suggestions = [this] { show_suggestions(); };
        m_search->on_open = [this](std::int64_t seq, std::vector<wxRect> boxes) {
            if (!m_case_id || *m_case_id != m_search_case)
                return;
            reload_items();
            m_item_list->select_seq(seq);
            show_selected_item();
            if (ItemViewer* v = open_viewer())
                v->highlight(seq, std::move(boxes));
        };
        // "Read the pictures": now, with every core (the person is waiting for it); the
        // banner says afterwards what names and links were read.
        m_search->on_read = [this] {
            if (m_case_id && *m_case_id == m_search_case) {
                m_tell_after_reading = true;
                m_reader.read(m_store_root, m_search_case, 0);
            }
        };
        if (m_reader.running() && m_reader.reading_case() == m_search_case)
            m_search->reading(m_reader.progress().done, m_reader.progress().total);
    }
    m_search->Show();
    m_search->Raise();
    return m_search.get();
}

SuggestionsDialog* MainFrame::show_suggestions() {
    if (!need_case())
        return nullptr;
    if (m_suggestions && m_suggestions_case != *m_case_id) {
        m_suggestions->Destroy();
        m_suggestions = nullptr;
    }
    if (!m_suggestions) {
        m_suggestions = new SuggestionsDialog(this, m_store_root, *m_case_id);
        m_suggestions_case = *m_case_id;
        // Each action checks that the open case is still the one listed.
        const auto same_case = [this] { return m_case_id && *m_case_id == m_suggestions_case; };
        m_suggestions->on_show = [this, same_case](std::int64_t seq, std::vector<wxRect> boxes) {
            if (!same_case())
                return;
            reload_items();
            m_item_list->select_seq(seq);
            show_selected_item();
            if (ItemViewer* v = open_viewer())
                v->highlight(seq, std::move(boxes));
        };
        m_suggestions->on_add_account = [this, same_case](const core::AccountRequest& filled) {
            if (same_case())
                ask_and_record_account(filled, m_suggestions.get());
        };
        m_suggestions->on_record_link = [this, same_case](const std::string& url) {
            if (same_case())
                ask_and_record_link(/*sensitive=*/false, from_utf8(url), m_suggestions.get());
        };
    } else {
        m_suggestions->refresh();
    }
    m_suggestions->Show();
    m_suggestions->Raise();
    return m_suggestions.get();
}

void MainFrame::on_scroll_result(ScrollAttempt a) {
    --m_saving;
    end_op();
    show_after_capture();
    if (!a.sealed.ok()) {
        notice(error_sentence(a.sealed.error()), wxICON_WARNING);
        return;
    }
    const jobs::SealedScroll& s = *a.sealed;
    wxString text;
    if (s.stitched)
        text = wxString::Format(
            _("Conversation captured: %d pictures, each sealed, joined into item %lld (an image "
              "made from them, not an original)."),
            static_cast<int>(s.frame_items.size()), static_cast<long long>(s.stitched->added.seq));
    else
        text = wxString::Format(
            wxPLURAL("%d picture sealed; nothing to join.", "%d pictures sealed; nothing to join.",
                     static_cast<int>(s.frame_items.size())),
            static_cast<int>(s.frame_items.size()));
    text << wxT(" ") << wxString::FromUTF8(jobs::end_sentence(a.end, a.joined));
    if (a.transcribed)
        text << wxT(" ")
             << _("Its words can be searched (Case ▸ Search the words of the pictures), in a "
                  "machine transcript to check against the picture.");
    notice(text, jobs::is_clean_end(a.end) ? wxICON_INFORMATION : wxICON_WARNING);
    reload_items();
    if (s.stitched)
        m_item_list->select_seq(s.stitched->added.seq);
    else if (!s.frame_items.empty())
        m_item_list->select_seq(s.frame_items.back());
    show_selected_item();
    seal_in_background();
}

void MainFrame::grab_and_seal(const capture::Request& req) {
    ++m_saving;
    begin_op(_("Capturing…"));
    m_workers.run([this, req = req, root = m_store_root, id = *m_case_id]() mutable {
        auto frame = grab(req);
        // Scellé comes back as soon as the pixels are read; encoding and saving follow.
        CallAfter([this] { show_after_capture(); });
        CaptureAttempt r = frame.ok() ? seal_frame(root, id, std::move(frame).value(), req)
                                      : CaptureAttempt{frame.error(), std::nullopt};
        CallAfter([this, r = std::move(r)]() mutable { on_capture_attempt(std::move(r)); });
    });
}

void MainFrame::on_capture_result(Result<core::ImportOutcome> r) {
    --m_saving;
    end_op();
    show_after_capture();
    if (!r.ok()) {
        notice(error_sentence(r.error()),
               r.error().code == Errc::capture_cancelled ? wxICON_INFORMATION : wxICON_WARNING);
        return;
    }
    notice(r->duplicate ? _("This picture was already in the case; it is not kept twice.")
                        : _("Capture kept. Describe it on the right: what it shows, and who "
                            "sent it."));
    reload_items();
    m_item_list->select_seq(r->seq);
    show_selected_item();
    seal_in_background();
    read_pictures_in_background();
}

void MainFrame::pick_region(
    int delay_seconds, const wxString& what,
    std::function<void(const std::shared_ptr<capture::Frame>&, capture::Rect)> chosen) {
    if (!need_case() || m_overlay)
        return;
    reset_delay();
    hide_for_capture();
    auto go = [this, what, chosen = std::move(chosen)] {
        ++m_saving;
        begin_op(what);
        capture::Request all;
        all.target = capture::Target::all_screens;
        m_workers.run([this, all, chosen]() mutable {
            auto frame = grab(all);
            auto shared = std::make_shared<Result<capture::Frame>>(std::move(frame));
            CallAfter([this, shared, chosen] {
                if (!shared->ok()) {
                    on_capture_result(shared->error());
                    return;
                }
                auto grabbed = std::make_shared<capture::Frame>(std::move(*shared).value());
                m_overlay = new RegionOverlay(
                    *grabbed, [this, grabbed, chosen](std::optional<capture::Rect> r) {
                        m_overlay = nullptr;
                        if (!r) {
                            on_capture_result(make_error(Errc::capture_cancelled, "region"));
                            return;
                        }
                        chosen(grabbed, *r);
                    });
                m_overlay->Show();
                m_overlay->Raise();
                m_overlay->SetFocus();
            });
        });
    };
    if (delay_seconds > 0) {
        auto* cd = new Countdown(delay_seconds, [this, go](bool ok) {
            if (ok)
                go();
            else {
                show_after_capture();
                notice(_("Capture cancelled; nothing was added."));
            }
        });
        cd->present();
        return;
    }
    after_settle(go);
}

void MainFrame::start_region_capture(int delay_seconds) {
    pick_region(delay_seconds, _("Capturing…"),
                [this](const std::shared_ptr<capture::Frame>& grabbed, capture::Rect zone) {
                    capture::Request req;
                    req.target = capture::Target::region;
                    req.region = zone;
                    m_workers.run([this, grabbed, req, root = m_store_root, id = *m_case_id] {
                        auto part = capture::crop(*grabbed, req.region);
                        CaptureAttempt out =
                            part.ok() ? seal_frame(root, id, std::move(part).value(), req)
                                      : CaptureAttempt{part.error(), std::nullopt};
                        CallAfter([this, out = std::move(out)]() mutable {
                            on_capture_attempt(std::move(out));
                        });
                    });
                });
}

void MainFrame::paste_image() {
    if (!need_case())
        return;
    wxImage img;
    std::vector<fs::path> files;
    if (wxTheClipboard->Open()) {
        if (wxTheClipboard->IsSupported(wxDF_BITMAP)) {
            wxBitmapDataObject data;
            if (wxTheClipboard->GetData(data))
                img = data.GetBitmap().ConvertToImage();
        } else if (wxTheClipboard->IsSupported(wxDF_FILENAME)) {
            // Files copied in the file manager are imported as they are.
            wxFileDataObject data;
            if (wxTheClipboard->GetData(data))
                for (const auto& n : data.GetFilenames())
                    files.push_back(dlg::file_name_path(n));
        }
        wxTheClipboard->Close();
    }
    if (!files.empty()) {
        import_paths(std::move(files));
        return;
    }
    if (!img.IsOk()) {
        notice(_("The clipboard holds no image. Copy a picture first (or use Capture)."),
               wxICON_INFORMATION);
        return;
    }
    capture::Frame frame;
    frame.width = static_cast<std::uint32_t>(img.GetWidth());
    frame.height = static_cast<std::uint32_t>(img.GetHeight());
    const std::size_t n = std::size_t{frame.width} * frame.height * 3;
    frame.rgb.assign(img.GetData(), img.GetData() + n);
    frame.bounds = {0, 0, img.GetWidth(), img.GetHeight()};
    frame.backend = "clipboard";
    ++m_saving;
    begin_op(_("Saving the pasted image…"));
    m_workers.run([this, frame = std::move(frame), root = m_store_root, id = *m_case_id]() mutable {
        capture::Request req;
        auto r = seal_frame(root, id, std::move(frame), req, std::string("clipboard"));
        CallAfter([this, r = std::move(r)]() mutable { on_capture_attempt(std::move(r)); });
    });
}

bool MainFrame::change_case(const std::function<Result<void>(core::CaseStore&)>& change,
                            wxString* problem) {
    auto cs = m_store.open_case(*m_case_id, core::Access::read_write);
    Result<void> done = cs.ok() ? change(**cs) : Result<void>(cs.error());
    if (done.ok())
        return true;
    const wxString why = error_sentence(done.error());
    if (problem != nullptr)
        *problem = why;
    notice(why, wxICON_WARNING);
    return false;
}

bool MainFrame::ask_and_record_link(bool sensitive, const wxString& url, wxWindow* parent) {
    LinkDialog dlg(parent != nullptr ? parent : this, m_accounts, sensitive);
    if (!url.empty())
        dlg.url_ctrl()->ChangeValue(url);
    while (dlg.ShowModal() == wxID_OK) {
        wxString problem;
        if (record_link(dlg.answers(), dlg.scheme_added(), &problem))
            return true;
        dlg.show_problem(problem);
    }
    return false;
}

bool MainFrame::ask_and_record_account(const core::AccountRequest& filled, wxWindow* parent) {
    AccountDialog dlg(parent != nullptr ? parent : this);
    if (!filled.handle.empty() || !filled.platform.empty())
        dlg.fill(filled);
    if (dlg.ShowModal() != wxID_OK)
        return false;
    return record_account(dlg.request());
}

bool MainFrame::record_link(const LinkAnswers& link, bool scheme_added, wxString* problem) {
    if (!need_case())
        return true;  // nothing to keep the dialog open for: no case is open
    auto fail = [&](const wxString& why) {
        if (problem != nullptr)
            *problem = why;
        notice(why, wxICON_WARNING);
        return false;
    };
    core::LinkRequest req{link.url, link.description, link.account, link.sensitive, std::nullopt};
    if (!link.happened.empty()) {
        const auto parsed = core::parse_happened(link.happened, std::chrono::system_clock::now());
        if (parsed.why != core::HappenedParse::Why::none)
            return fail(happened_refusal(static_cast<int>(parsed.why)));
        req.happened = parsed.value;
    }
    std::int64_t seq = 0;
    if (!change_case(
            [&](core::CaseStore& c) -> Result<void> {
                SCELLE_ASSIGN_OR_RETURN(const core::Item added, c.add_link(req));
                seq = added.seq;
                return {};
            },
            problem))
        return false;
    if (scheme_added)
        // TRANSLATORS: %s is the link as recorded, with "https://" put in front of it.
        notice(wxString::Format(_("Link recorded as %s (“https://” was added in front). "
                                  "Nothing was downloaded."),
                                shown_text(link.url)));
    else
        notice(_("Link recorded. Nothing was downloaded."));
    reload_items();
    m_item_list->select_seq(seq);
    show_selected_item();
    refresh_suggestions();
    seal_in_background();
    return true;
}

void MainFrame::tell_suggestions() {
    if (!m_case_id)
        return;
    auto cs = m_store.open_case(*m_case_id, core::Access::read_write);
    if (!cs.ok())
        return;
    auto found = ocr::suggestions(**cs);
    if (!found.ok() || found->empty())
        return;
    const int n = static_cast<int>(found->size());
    notice(wxString::Format(wxPLURAL("%d name or link was read in the pictures and is not in "
                                     "the case: see it in Case ▸ Names and links read in the "
                                     "pictures.",
                                     "%d names or links were read in the pictures and are not "
                                     "in the case: see them in Case ▸ Names and links read in "
                                     "the pictures.",
                                     n),
                            n));
}

void MainFrame::refresh_suggestions() {
    if (m_suggestions && m_suggestions->IsShown() && m_case_id && *m_case_id == m_suggestions_case)
        m_suggestions->refresh();
}

void MainFrame::show_notice() {
    if (!need_case())
        return;
    auto opened = m_store.open_case(*m_case_id, core::Access::read_only);
    if (!opened.ok()) {
        notice(error_sentence(opened.error()), wxICON_WARNING);
        return;
    }
    auto accounts = (*opened)->accounts();
    auto items = (*opened)->items();
    if (!accounts.ok() || !items.ok()) {
        notice(error_sentence(!accounts.ok() ? accounts.error() : items.error()), wxICON_WARNING);
        return;
    }
    if (accounts->empty()) {
        notice(
            _("A notice names the account reported: add it first (Capture ▸ Add an "
              "account…)."));
        return;
    }
    if (std::none_of(items->begin(), items->end(),
                     [](const core::Item& it) { return !it.withdrawn_at; })) {
        notice(
            _("A notice points at messages or posts: capture them or add their links "
              "first."));
        return;
    }
    NoticeDialog dlg(this, (*opened)->info(), std::move(*accounts), std::move(*items),
                     m_settings.language_code());
    dlg.set_filler([this](const core::MissingIdentifier& m, std::vector<core::Account>& a,
                          std::vector<core::Item>& i) { return fill_missing(m, a, i); });
    dlg.ShowModal();
}

bool MainFrame::record_account(const core::AccountRequest& req) {
    if (!need_case())
        return false;
    std::pair<core::Account, bool> added;
    if (!change_case([&](core::CaseStore& c) -> Result<void> {
            SCELLE_ASSIGN_OR_RETURN(added, c.add_account(req));
            return {};
        }))
        return false;
    // TRANSLATORS: the account's handle, then its platform.
    notice(wxString::Format(
        added.second ? _("%s on %s was already recorded.") : _("Account %s on %s recorded."),
        shown_text(added.first.handle), shown_text(added.first.platform)));
    reload_items();
    refresh_suggestions();
    seal_in_background();
    return true;
}

void MainFrame::describe_item(std::int64_t seq, const wxString& text) {
    if (!m_case_id)
        return;
    if (!change_case([&](core::CaseStore& c) { return c.describe(seq, text.utf8_string()); }))
        return;
    notice(_("Description saved. Earlier descriptions stay in the custody log."));
    reload_items();
    seal_in_background();
}

void MainFrame::set_item_happened(std::int64_t seq, const wxString& typed) {
    if (!m_case_id)
        return;
    const auto parsed = core::parse_happened(typed.utf8_string(), std::chrono::system_clock::now());
    if (parsed.why != core::HappenedParse::Why::none) {
        notice(happened_refusal(static_cast<int>(parsed.why)), wxICON_WARNING);
        return;
    }
    if (!change_case([&](core::CaseStore& c) { return c.set_happened(seq, parsed.value); }))
        return;
    notice(parsed.value ? _("Date of the facts saved. An earlier one stays in the custody log.")
                        : _("The date of the facts is now “unknown”. An earlier one stays in "
                            "the custody log."));
    reload_items();
    seal_in_background();
}

void MainFrame::seal_now() {
    if (!need_case())
        return;
    m_report_next_seal = true;
    seal_in_background();
}

void MainFrame::say_seal_outcome(const SealReport& r) {
    if (r.nothing_pending) {
        notice(_("Everything in this case is already sealed; there was nothing to ask for."));
    } else if (r.tsa) {
        const int n = static_cast<int>(r.covered);
        // TRANSLATORS: %d is a number of items, %s the time-stamp authority's name.
        notice(wxString::Format(wxPLURAL("Sealed: %d item now has a timestamp from %s, which "
                                         "proves it existed at that time.",
                                         "Sealed: %d items now have a timestamp from %s, which "
                                         "proves they existed at that time.",
                                         n),
                                n, shown_text(*r.tsa)));
    } else if (r.no_tsa) {
        notice(_("Nothing was sealed: no time-stamp authority is set. Add one in Settings "
                 "(time-stamp authorities); your items are kept in the case meanwhile."),
               wxICON_WARNING);
    } else {
        notice(_("Nothing was sealed: no time-stamp authority answered (is this computer "
                 "offline?). Your items are kept in the case; only the proof of their date is "
                 "missing. Scellé asks again every five minutes while it is open, and each time "
                 "the case is opened."),
               wxICON_WARNING);
    }
}

void MainFrame::read_pictures_in_background() {
    if (!m_case_id || !m_settings.read_pictures)
        return;
    // One engine less than the cores: a capture taken meanwhile stays quick.
    const unsigned cores = std::thread::hardware_concurrency();
    m_reader.read(m_store_root, *m_case_id, cores > 1 ? cores - 1 : 1);
}

wxString MainFrame::reading_status() const {
    return GetStatusBar() ? GetStatusBar()->GetStatusText(2) : wxString();
}

void MainFrame::set_reading_status(const wxString& text) {
    // The part takes room only while it says something: the counts on the left need it.
    const int widths[] = {-3, -1, text.empty() ? 1 : -1};
    GetStatusBar()->SetStatusWidths(3, widths);
    SetStatusText(text, 2);
}

void MainFrame::on_reading_progress(const PictureReader::Progress& p) {
    if (m_case_id && *m_case_id == p.case_id && p.total > 0)
        // TRANSLATORS: the machine reading of the pictures, in the status line.
        set_reading_status(wxString::Format(_("Reading the pictures: %d of %d…"),
                                            static_cast<int>(p.done), static_cast<int>(p.total)));
    if (m_search && m_search_case == p.case_id)
        m_search->reading(p.done, p.total);
}

void MainFrame::on_reading_finished(const PictureReader::Finished& f) {
    wxString problem;
    if (f.error)
        problem =
            wxString::Format(_("The pictures could not be read: %s"), error_sentence(*f.error));
    else if (f.not_read > 0)
        problem = wxString::Format(wxPLURAL("%d picture could not be read; Scellé tries again "
                                            "after the next capture.",
                                            "%d pictures could not be read; Scellé tries again "
                                            "after the next capture.",
                                            static_cast<int>(f.not_read)),
                                   static_cast<int>(f.not_read));
    if (m_case_id && *m_case_id == f.case_id)
        set_reading_status(problem);
    if (m_reader.running())
        return;  // one more pass follows: it reports
    if (m_search && m_search_case == f.case_id)
        m_search->reading_done(problem);
    if (f.read > 0)
        refresh_suggestions();
    // The banner only after "Read the pictures": after a capture, the capture's own sentence
    // stays.
    if (std::exchange(m_tell_after_reading, false) && m_case_id && *m_case_id == f.case_id)
        tell_suggestions();
}

void MainFrame::seal_in_background(bool quiet) {
    if (!m_case_id)
        return;
    // One request at a time per window: a burst of captures costs one request afterwards.
    if (!m_seal_batch.want())
        return;
    begin_op(_("Sealing (asking for a timestamp)…"));
    m_workers.run([this, root = m_store_root, id = *m_case_id, quiet] {
        auto outcome = [&]() -> Result<jobs::SealResult> {
            SCELLE_ASSIGN_OR_RETURN(auto setup, jobs::load_seal_setup());
            core::Store store(root);
            SCELLE_ASSIGN_OR_RETURN(auto cs, store.open_case(id, core::Access::read_write));
            return jobs::seal_pending(*cs, setup);
        }();
        std::optional<Error> error;
        if (!outcome.ok())
            error = outcome.error();
        const std::optional<std::int64_t> skew = outcome.ok() ? outcome->clock_skew : std::nullopt;
        SealReport report;
        if (outcome.ok()) {
            report.nothing_pending = outcome->nothing_pending();
            report.no_tsa = outcome->no_tsa;
            report.covered = outcome->outcome.items_covered;
            if (outcome->outcome.token)
                report.tsa = core::tsa_short_name(outcome->outcome.token->tsa_name);
        }
        CallAfter([this, id, error, quiet, skew, report] {
            const bool again = m_seal_batch.finished();
            end_op();
            if (error && !quiet)
                notice(error_sentence(*error), wxICON_WARNING);
            // "Seal now" says what came of it, whatever it was (sealing after a change says
            // nothing when it works: the capture's own sentence stays on screen).
            if (m_report_next_seal && !quiet && m_case_id == id) {
                m_report_next_seal = false;
                if (!error)
                    say_seal_outcome(report);
            }
            // Said even after a quiet retry: the times in the report depend on it.
            if (skew)
                notice(clock_warning(*skew), wxICON_WARNING);
            if (m_case_id == id)
                reload_items();
            if (again)
                seal_in_background();
        });
    });
}

}  // namespace scelle::gui

namespace scelle::gui {

void MainFrame::set_item_sensitive(std::int64_t seq, bool sensitive) {
    if (!m_case_id)
        return;
    if (!change_case([&](core::CaseStore& c) { return c.set_sensitive(seq, sensitive); }))
        return;
    notice(sensitive ? _("Marked sensitive: its picture is no longer shown, here or in the "
                         "report. The custody log records it.")
                     : _("No longer marked sensitive: its picture is shown again. The custody "
                         "log records it."));
    reload_items();
    seal_in_background();
    // No longer sensitive: it may be read now (a sensitive picture never is).
    if (!sensitive)
        read_pictures_in_background();
}

void MainFrame::toggle_selected_sensitive() {
    const core::Item* it = selected_item();
    if (it == nullptr || it->withdrawn_at)
        return;
    const std::int64_t seq = it->seq;
    if (!it->sensitive) {
        set_item_sensitive(seq, true);
        return;
    }
    bool again = false;
    if (m_confirm_show_again) {
        again = m_confirm_show_again();
    } else {
        wxMessageDialog ask(
            this,
            _("Its picture will be shown again in Scellé and printed in the report.\n\nIf it is "
              "a sexual image of a minor, do not do this: withdraw it instead (Item ▸ Withdraw "
              "this item…)."),
            _("Show the picture again?"), wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
        ask.SetYesNoLabels(_("Show it again"), _("Keep it hidden"));
        again = ask.ShowModal() == wxID_YES;
    }
    if (again)
        set_item_sensitive(seq, false);
    else
        // The menu's check mark was flipped by the click: it follows the item again.
        UpdateWindowUI();
}

void MainFrame::withdraw_item(std::int64_t seq, const wxString& reason, bool csam) {
    if (!m_case_id)
        return;
    if (!change_case([&](core::CaseStore& c) { return c.withdraw(seq, reason.utf8_string()); }))
        return;
    notice(csam ? _("Withdrawn: the file is deleted from the case. Keeping a sexual image of a "
                    "minor is an offence, even as proof. Report its address to Pharos instead, "
                    "and record it with “Add a link”.")
                : _("Withdrawn: the file is deleted from the case. The custody log keeps its "
                    "fingerprint and your reason."));
    reload_items();
    seal_in_background();
}

void MainFrame::withdraw_selected() {
    const core::Item* it = selected_item();
    if (it == nullptr || it->withdrawn_at)
        return;
    const core::Item item = *it;
    std::optional<WithdrawAnswer> answer;
    if (m_ask_withdrawal) {
        answer = m_ask_withdrawal(item);
    } else {
        WithdrawDialog dlg(this, item);
        if (dlg.ShowModal() == wxID_OK)
            answer = WithdrawAnswer{dlg.reason(), dlg.csam()};
    }
    if (answer)
        withdraw_item(item.seq, answer->reason, answer->csam);
}

}  // namespace scelle::gui

namespace scelle::gui {

namespace {

// Why a title typed for the case cannot be used, in the person's language; empty when it
// can (the same rules as core::validate_case_title).
wxString title_refusal(const wxString& typed) {
    const wxString t = wxString(typed).Trim(true).Trim(false);
    if (t.empty())
        return _("The case needs a name.");
    if (t.Contains(wxT("\n")))
        return _("The name of the case must be one line.");
    if (t.length() > core::kMaxCaseTitle)
        // TRANSLATORS: the most characters a case's name may have, then how many were typed.
        return wxString::Format(_("A case’s name can have at most %d characters (this one has "
                                  "%d)."),
                                static_cast<int>(core::kMaxCaseTitle),
                                static_cast<int>(t.length()));
    return wxString();
}

}  // namespace

bool MainFrame::rename_case(const wxString& title, wxString* problem) {
    if (!need_case())
        return false;
    if (const wxString why = title_refusal(title); !why.empty()) {
        if (problem != nullptr)
            *problem = why;
        notice(why, wxICON_WARNING);
        return false;
    }
    if (!change_case([&](core::CaseStore& c) { return c.rename(title.utf8_string()); }, problem))
        return false;
    notice(_("Case renamed. Its earlier name stays in the custody log."));
    reload_cases(m_case_id);
    reload_items();
    seal_in_background();
    return true;
}

void MainFrame::rename_case_flow() {
    if (!need_case())
        return;
    wxString shown;
    if (auto cs = m_store.open_case(*m_case_id, core::Access::read_only); cs.ok())
        shown = from_utf8((*cs)->info().title);
    const wxString current = shown;
    wxString problem;
    for (;;) {
        std::optional<wxString> typed;
        if (m_ask_title) {
            typed = m_ask_title(shown, problem);
        } else {
            wxString message =
                _("The new name of the case (the earlier one stays in the "
                  "custody log):");
            if (!problem.empty())
                message = problem + wxT("\n\n") + message;
            wxTextEntryDialog dlg(this, message, _("Rename the case"), shown);
            dlg.SetName(wxT("rename-case"));
            if (dlg.ShowModal() == wxID_OK)
                typed = dlg.GetValue();
        }
        // The same name again (OK without a change) writes nothing and says nothing.
        if (!typed || wxString(*typed).Trim(true).Trim(false) == current)
            return;
        if (rename_case(*typed, &problem))
            return;
        shown = *typed;
    }
}

void MainFrame::set_item_account(std::int64_t seq, std::optional<std::int64_t> account_id) {
    if (!m_case_id)
        return;
    if (!change_case([&](core::CaseStore& c) { return c.set_item_account_id(seq, account_id); }))
        return;
    wxString who;
    for (const auto& a : m_accounts)
        if (account_id && a.id == *account_id)
            // TRANSLATORS: an account's handle, then its platform.
            who = wxString::Format(_("%s on %s"), shown_text(a.handle), shown_text(a.platform));
    notice(account_id
               // TRANSLATORS: %s is an account ("@max on Snapchat").
               ? wxString::Format(_("This item now concerns %s. The earlier account stays in the "
                                    "custody log."),
                                  who)
               : _("This item now concerns no account. The earlier account stays in the custody "
                   "log."));
    reload_items();
    seal_in_background();
}

void MainFrame::choose_selected_account() {
    const core::Item* it = selected_item();
    if (it == nullptr || it->withdrawn_at)
        return;
    const core::Item item = *it;
    std::optional<std::optional<std::int64_t>> answer;
    if (m_ask_account) {
        answer = m_ask_account(item);
    } else {
        if (m_accounts.empty() && !item.account_id) {
            notice(_("This case has no account yet: add one with “Add account” first."),
                   wxICON_INFORMATION);
            return;
        }
        wxArrayString choices;
        choices.Add(_("No account"));
        int current = 0;
        for (std::size_t i = 0; i < m_accounts.size(); ++i) {
            const auto& a = m_accounts[i];
            choices.Add(
                wxString::Format(_("%s on %s"), shown_text(a.handle), shown_text(a.platform)));
            if (item.account_id == a.id)
                current = static_cast<int>(i + 1);
        }
        wxSingleChoiceDialog dlg(
            this,
            _("Which account sent or posted this item? The earlier answer stays in the "
              "custody log."),
            _("Whose account"), choices);
        dlg.SetName(wxT("item-account"));
        dlg.SetSelection(current);
        if (dlg.ShowModal() != wxID_OK)
            return;
        const int sel = dlg.GetSelection();
        if (sel <= 0)
            answer.emplace(std::nullopt);
        else
            answer.emplace(m_accounts[static_cast<std::size_t>(sel - 1)].id);
    }
    if (answer)
        set_item_account(item.seq, *answer);
}

}  // namespace scelle::gui
