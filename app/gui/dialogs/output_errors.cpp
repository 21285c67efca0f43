// Sentences for failed exports and reports: see output_errors.h.
#include "output_errors.h"

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

wxString advice_text(jobs::Advice advice) {
    using A = jobs::Advice;
    switch (advice) {
        case A::none:
        case A::run_check:
            break;
        case A::choose_case:
        case A::longer_case_id:
            return _("Choose another case in the list.");
        case A::add_account:
            return _("Add it first with “Add account”.");
        case A::name_platform:
            return _("Choose the account in the list.");
        case A::choose_store:
            return _("Choose another folder in Settings.");
        case A::fix_settings:
            return _("Correct it in Settings, then try again.");
        case A::screenshot_tool:
            return _(
                "Use your system’s screenshot tool (the Print Screen key), then bring the "
                "file in with “Import”.");
        case A::give_passphrase:
            return _("Type its passphrase, then click Verify.");
        case A::trust_authority:
            return _(
                "If you know this authority, add its certificate in Settings (trust "
                "anchors).");
    }
    return {};
}

wxString on_screen(const std::string& sentence, jobs::Advice advice) {
    wxString text = utf8(jobs::capitalized(sentence));
    const wxString more = advice_text(advice);
    if (!more.empty())
        text << wxS(" ") << more;
    return text;
}

wxString plain_error_sentence(const Error& e) {
    return on_screen(jobs::describe_error(e), jobs::advice_for(e));
}

wxString output_error_sentence(const Error& e, const fs::path& target, OutputKind kind) {
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
    return on_screen(jobs::describe_output_error(e, target, kind), jobs::advice_for(e));
}

wxString settings_error_sentence(const Error& e) {
    // Whatever failed (reading the file, a value in it), it is said as a setting to fix.
    Error setting = e;
    setting.code = Errc::bad_settings;
    return plain_error_sentence(setting);
}

wxString store_error_sentence(const Error& e) {
    return plain_error_sentence(e);
}

}  // namespace scelle::gui::dlg
