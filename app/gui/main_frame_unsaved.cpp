// The main window when the store cannot keep what it is given: the open case's folder is
// checked when the case is opened (Store::check_writable), and a capture or a pasted picture
// that the store refuses is held in memory, with the notice bar's buttons to save it elsewhere
// or to try again, instead of being lost while the window says all is well.
#include <wx/dirdlg.h>
#include <wx/infobar.h>
#include <wx/intl.h>
#include <wx/stdpaths.h>

#include <cerrno>
#include <span>

#include "error_text.h"
#include "main_frame.h"
#include "scelle/base/env.h"
#include "scelle/base/text.h"

namespace scelle::gui {

namespace fs = std::filesystem;

namespace {

// The notice bar's own buttons (not menu commands; beyond the ids of main_frame_ids.h).
constexpr int ID_UNSAVED_SAVE = wxID_HIGHEST + 900;
constexpr int ID_UNSAVED_RETRY = wxID_HIGHEST + 901;

// Why the store refused, in one short sentence of the person's language: the system's words
// (SQLite's, in English) are not shown.
wxString refusal_reason(const Error& e) {
    switch (e.code) {
        case Errc::store_unwritable:
            return _(
                "The case’s folder cannot be written (it is read-only, or belongs to "
                "another user).");
        case Errc::store_full:
            return _("The disk holding the case is full.");
        default:
            return error_sentence(e);
    }
}

Result<void> write_new_png(const fs::path& path, const std::vector<std::byte>& png) {
    core::Env& env = core::Env::system();
    SCELLE_ASSIGN_OR_RETURN(auto file, env.create_new(path));
    SCELLE_TRY(file->append(std::span<const std::byte>(png.data(), png.size())));
    SCELLE_TRY(file->sync());
    SCELLE_TRY(file->close());
    return env.sync_dir(path.parent_path());
}

}  // namespace

void MainFrame::reset_delay() {
    if (m_delay != nullptr)
        m_delay->SetSelection(0);
}

void MainFrame::check_case_writable() {
    m_case_writable = true;
    if (!m_case_id)
        return;
    auto w = m_store.check_writable(*m_case_id);
    if (w.ok() || w.error().code == Errc::unknown_case)
        return;
    m_case_writable = false;
    notice(refusal_reason(w.error()) + wxT(" ") +
               _("New captures, imports and changes cannot be kept in this case; you can "
                 "still look at it, export it and print its report. To keep adding evidence, "
                 "choose another store folder in Settings, or give yourself the right to "
                 "write in this one."),
           wxICON_WARNING);
}

void MainFrame::on_capture_attempt(CaptureAttempt a) {
    if (a.result.ok() || !a.unsaved) {
        on_capture_result(std::move(a.result));
        return;
    }
    --m_saving;
    end_op();
    show_after_capture();
    m_unsaved.push_back(std::move(*a.unsaved));
    m_unsaved_why = a.result.error();
    show_unsaved_notice(m_unsaved_why);
}

void MainFrame::show_unsaved_notice(const Error& why) {
    const int n = static_cast<int>(m_unsaved.size());
    update_unsaved_buttons();
    notice(refusal_reason(why) + wxT(" ") +
               wxString::Format(
                   wxPLURAL("%d capture was NOT kept in the case. Scellé holds it only until "
                            "you close Scellé: click “Save elsewhere…” to put it in another "
                            "folder, or choose another store folder in Settings and click “Try "
                            "again”.",
                            "%d captures were NOT kept in the case. Scellé holds them only "
                            "until you close Scellé: click “Save elsewhere…” to put them in "
                            "another folder, or choose another store folder in Settings and "
                            "click “Try again”.",
                            n),
                   n),
           wxICON_WARNING);
}

void MainFrame::update_unsaved_buttons() {
    if (!m_unsaved_bound) {
        m_unsaved_bound = true;
        m_info->Bind(
            wxEVT_BUTTON, [this](wxCommandEvent&) { ask_and_save_unsaved(); }, ID_UNSAVED_SAVE);
        m_info->Bind(
            wxEVT_BUTTON, [this](wxCommandEvent&) { retry_unsaved(); }, ID_UNSAVED_RETRY);
    }
    const bool want = !m_unsaved.empty();
    if (want && !m_info->HasButtonId(ID_UNSAVED_SAVE)) {
        m_info->AddButton(ID_UNSAVED_SAVE, _("Save elsewhere…"));
        m_info->AddButton(ID_UNSAVED_RETRY, _("Try again"));
    } else if (!want && m_info->HasButtonId(ID_UNSAVED_SAVE)) {
        m_info->RemoveButton(ID_UNSAVED_SAVE);
        m_info->RemoveButton(ID_UNSAVED_RETRY);
    }
}

void MainFrame::ask_and_save_unsaved() {
    if (m_unsaved.empty())
        return;
    wxDirDialog dlg(this, _("Choose a folder for the pictures Scellé could not keep"),
                    wxStandardPaths::Get().GetUserDir(wxStandardPaths::Dir_Pictures),
                    wxDD_DEFAULT_STYLE | wxDD_DIR_MUST_EXIST);
    if (dlg.ShowModal() != wxID_OK) {
        show_unsaved_notice(m_unsaved_why);
        return;
    }
    save_unsaved_to(fs::path(dlg.GetPath().ToStdWstring()));
}

bool MainFrame::save_unsaved_to(const fs::path& folder, wxString* problem) {
    const std::string stamp = wxDateTime::Now().Format(wxT("%Y-%m-%d %H-%M-%S")).utf8_string();
    int saved = 0;
    while (!m_unsaved.empty()) {
        Result<void> done = make_error(Errc::target_exists, "");
        fs::path path;
        for (int n = 1; n < 1000 && !done.ok() && done.error().code == Errc::target_exists; ++n) {
            // ASCII names: the date is written by Scellé, never the picture's content.
            path = folder / ("scelle-capture " + stamp +
                             (n > 1 ? " (" + std::to_string(n) + ")" : "") + ".png");
            done = write_new_png(path, m_unsaved.front().png);
            if (!done.ok() && done.error().sys_errno == EEXIST)
                done = make_error(Errc::target_exists, path.string());
        }
        if (!done.ok()) {
            Error e = done.error();
            if (e.code != Errc::store_full)
                e.code = Errc::output_failed;
            const wxString why = error_sentence(e);
            if (problem != nullptr)
                *problem = why;
            update_unsaved_buttons();
            notice(why, wxICON_WARNING);
            return false;
        }
        ++saved;
        m_unsaved.erase(m_unsaved.begin());
    }
    update_unsaved_buttons();
    // TRANSLATORS: %d is a number of pictures, %s the folder they were saved in.
    notice(wxString::Format(wxPLURAL("%d picture saved in %s. It is not in the case: import it "
                                     "once the case can be written.",
                                     "%d pictures saved in %s. They are not in the case: import "
                                     "them once the case can be written.",
                                     saved),
                            saved, shown_text(core::path_to_utf8(folder))));
    return true;
}

void MainFrame::retry_unsaved() {
    if (!m_case_id || m_unsaved.empty())
        return;
    std::optional<std::int64_t> last;
    std::optional<Error> failure;
    while (!m_unsaved.empty()) {
        auto r = store_capture(m_store_root, *m_case_id, m_unsaved.front());
        if (!r.ok()) {
            failure = r.error();
            break;
        }
        last = r->seq;
        m_unsaved.erase(m_unsaved.begin());
    }
    check_case_writable();
    if (failure) {
        m_unsaved_why = *failure;
        show_unsaved_notice(m_unsaved_why);
        return;
    }
    update_unsaved_buttons();
    notice(_("The pictures are now kept in the case."));
    reload_items();
    if (last)
        m_item_list->select_seq(*last);
    show_selected_item();
    seal_in_background();
    read_pictures_in_background();
}

}  // namespace scelle::gui
