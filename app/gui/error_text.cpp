#include "error_text.h"

#include <wx/intl.h>

#include <string>

#include "scelle/base/text.h"

namespace scelle::gui {

namespace {

wxString field_name(const std::string& flag) {
    if (flag == "--title")
        return _("the name of the case (one line)");
    if (flag == "--url" || flag == "--source-url")
        return _("the link (it must start with https:// or http://)");
    if (flag == "--handle")
        return _("the account’s name (one line)");
    if (flag == "--platform")
        return _("the platform’s name (one line)");
    if (flag == "--display-name")
        return _("the display name");
    if (flag == "--description")
        return _("the description");
    if (flag == "--summary")
        return _("the summary of what happened");
    if (flag == "--account")
        return _("the account");
    return shown_text(flag);
}

}  // namespace

wxString from_utf8(const std::string& s) {
    return wxString::FromUTF8(s.data(), s.size());
}

wxString shown_text(const std::string& s) {
    return from_utf8(core::terminal_safe(s));
}

wxString error_sentence(const Error& e) {
    // The subject (a file's name, a refused value) and the detail may come from outside.
    const wxString s = shown_text(e.subject);
    wxString text;
    switch (e.code) {
        case Errc::input_missing:
            // TRANSLATORS: %s is a file name.
            text = wxString::Format(_("“%s” does not exist any more; nothing was imported."), s);
            break;
        case Errc::input_is_directory:
            // TRANSLATORS: %s is a folder's name.
            text = wxString::Format(
                _("“%s” is a folder: open it and choose the files inside. Nothing was imported "
                  "from it."),
                s);
            break;
        case Errc::input_not_regular:
            text = wxString::Format(
                _("“%s” is not an ordinary file (a device or a pipe); nothing was imported."), s);
            break;
        case Errc::input_empty:
            text = wxString::Format(
                _("“%s” is empty (0 bytes), so it holds no evidence; nothing was imported."), s);
            break;
        case Errc::input_unreadable:
            text = wxString::Format(_("“%s” cannot be read; nothing was imported."), s);
            break;
        case Errc::input_name_too_long:
            text = wxString::Format(_("The name “%s” is too long for this computer."), s);
            break;
        case Errc::input_changed:
            text = wxString::Format(
                _("“%s” changed while it was being read (is it still downloading?). Nothing "
                  "was imported: try again once it is complete."),
                s);
            break;
        case Errc::unknown_case:
        case Errc::ambiguous_case:
            text = _("This case cannot be found any more. Choose another case in the list.");
            break;
        case Errc::unknown_item:
        case Errc::not_available:
        case Errc::already_withdrawn:
            text = _("This item cannot be used for that.");
            break;
        case Errc::unknown_account:
        case Errc::ambiguous_account:
            text = _("This account is not in the case. Add it first with “Add account”.");
            break;
        case Errc::target_exists:
            text = wxString::Format(_("“%s” already exists; it was not replaced."), s);
            break;
        case Errc::output_failed:
            text = wxString::Format(_("“%s” could not be written."), s);
            break;
        case Errc::store_unwritable:
            text =
                _("Scellé cannot write to its folder (permission denied). Nothing was lost; "
                  "choose another folder in Settings.");
            break;
        case Errc::store_full:
            text = _("The disk is full. Nothing was lost; free some space and try again.");
            break;
        case Errc::store_io:
            text = _("The disk reported an error. Nothing was lost; try again.");
            break;
        case Errc::store_corrupt:
            text = _("This case's files were changed outside Scellé and cannot be read.");
            break;
        case Errc::store_too_new:
            text = _("This case was made by a newer version of Scellé: update Scellé to open it.");
            break;
        case Errc::bad_settings:
            text = wxString::Format(
                _("A setting cannot be used (%s): correct it in Settings. Nothing was lost."), s);
            break;
        case Errc::capture_unavailable:
            text =
                _("This screen cannot be captured here. Use your system’s screenshot tool "
                  "(the Print Screen key), then bring the file in with “Import”.");
            break;
        case Errc::capture_cancelled:
            text = _("Capture cancelled; nothing was added.");
            break;
        case Errc::usage:
            // The core names the field by its command-line flag; say which box to fix.
            if (e.subject.rfind("--", 0) == 0) {
                // TRANSLATORS: %s is the name of a field ("the link", "the title").
                text = wxString::Format(_("Please check %s."), field_name(e.subject));
                break;
            }
            // TRANSLATORS: %s is the value that was refused (a link, a name, a handle).
            text = wxString::Format(_("“%s” cannot be used here; please check it."), s);
            break;
        case Errc::internal:
            text = _("Something unexpected happened inside Scellé. Nothing was lost.");
            break;
    }
    if (!e.detail.empty())
        text += wxT(" (") + shown_text(e.detail) + wxT(")");
    return text;
}

}  // namespace scelle::gui
