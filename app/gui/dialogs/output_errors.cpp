// Sentences for failed exports and reports: see output_errors.h.
#include "output_errors.h"

#include <cerrno>

#include <wx/intl.h>

#include "dialog_support.h"

namespace scelle::gui::dlg {

namespace fs = std::filesystem;

namespace {

// The detail in parentheses, when there is one, so that a helper on the phone can read it.
wxString with_detail(const wxString& sentence, const Error& e) {
    if (e.detail.empty())
        return sentence;
    return sentence + wxS(" (") + shown(e.detail) + wxS(")");
}

}  // namespace

wxString output_error_sentence(const Error& e, const fs::path& target, OutputKind kind) {
    const bool pdf = kind == OutputKind::report;
    const wxString where = shown_path(target);
    const int err = e.sys_errno;
    const bool about_target = e.subject == target.string();
    if (e.code == Errc::target_exists)
        // TRANSLATORS: %s is a file path.
        return wxString::Format(
            _("A file named \"%s\" already exists: choose another name. Nothing was replaced."),
            where);
    if (e.code == Errc::output_failed && !about_target && (err == ENOENT || err == ENOTDIR))
        // TRANSLATORS: %s is a folder path.
        return wxString::Format(
            _("The folder \"%s\" does not exist: choose another folder. Nothing was written."),
            shown(e.subject));
    if (e.code == Errc::output_failed && (err == EACCES || err == EPERM || err == EROFS))
        // TRANSLATORS: %s is a folder path.
        return wxString::Format(_("The folder \"%s\" cannot be written (read-only or permission "
                                  "denied): choose another folder. Nothing was written."),
                                about_target ? shown_path(target.parent_path()) : shown(e.subject));
    if ((e.code == Errc::output_failed || e.code == Errc::store_full) &&
        (err == ENOSPC || err == EDQUOT))
        // TRANSLATORS: %s is a file path.
        return wxString::Format(_("The disk is full: \"%s\" could not be written and nothing was "
                                  "left in its place. Free some space and try again."),
                                where);
    if (e.code == Errc::output_failed && err == ECANCELED)
        return pdf ?
                   // TRANSLATORS: %s is a file path.
                   wxString::Format(_("Report cancelled: nothing was written at \"%s\"."), where)
                   :
                   // TRANSLATORS: %s is a file path.
                   wxString::Format(_("Export cancelled: nothing was written at \"%s\"."), where);
    if (e.code == Errc::output_failed)
        return with_detail(
            pdf ?
                // TRANSLATORS: %s is a file path; the system's reason follows in parentheses.
                wxString::Format(_("The report \"%s\" could not be written; nothing was left in "
                                   "its place."),
                                 where)
                :
                // TRANSLATORS: %s is a file path; the system's reason follows in parentheses.
                wxString::Format(_("The bundle \"%s\" could not be written; nothing was left in "
                                   "its place."),
                                 where),
            e);
    if (e.code == Errc::bad_settings)
        return with_detail(
            // TRANSLATORS: the first %s names a file of the program's installation (a
            // template, a font); the second is the program's name.
            wxString::Format(_("The report cannot be made: \"%s\" is missing or damaged. "
                               "Reinstall %s. Nothing was written."),
                             shown(e.subject), app_name()),
            e);
    if (e.code == Errc::usage)
        return with_detail(
            // TRANSLATORS: %s is the value refused (a destination or a language).
            wxString::Format(_("\"%s\" cannot be used here. Nothing was written."),
                             shown(e.subject)),
            e);
    return store_error_sentence(e);
}

wxString settings_error_sentence(const Error& e) {
    return with_detail(
        // TRANSLATORS: %s names a settings file, an environment variable or a certificate file.
        wxString::Format(_("The settings cannot be used: \"%s\" is wrong or unreadable. Fix it in "
                           "Settings, then try again."),
                         shown(e.subject)),
        e);
}

wxString store_error_sentence(const Error& e) {
    const wxString subject = shown(e.subject);
    switch (e.code) {
        case Errc::unknown_case:
        case Errc::ambiguous_case:
            // TRANSLATORS: %s is a case reference.
            return wxString::Format(_("The case \"%s\" cannot be found in the store."), subject);
        case Errc::store_unwritable:
            // TRANSLATORS: %s is a folder path.
            return with_detail(wxString::Format(_("The store \"%s\" cannot be written "
                                                  "(read-only or permission denied)."),
                                                subject),
                               e);
        case Errc::store_full:
            return _("The disk that holds the cases is full: free some space and try again.");
        case Errc::store_corrupt:
            // TRANSLATORS: %s is a file of the case's store.
            return with_detail(wxString::Format(_("The case's stored evidence is damaged: \"%s\" "
                                                  "no longer matches its SHA-256. Nothing was "
                                                  "written."),
                                                subject),
                               e);
        case Errc::store_too_new:
            // TRANSLATORS: %s is the program's name, twice.
            return wxString::Format(_("This case was written by a newer version of %s: update %s."),
                                    app_name(), app_name());
        default:
            break;
    }
    return with_detail(
        // TRANSLATORS: %s is what failed (a path, a case); the system's reason follows.
        wxString::Format(_("Something went wrong with \"%s\". Nothing was written."), subject), e);
}

}  // namespace scelle::gui::dlg
