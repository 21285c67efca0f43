#include "error_text.h"

#include <wx/intl.h>

#include <string>

#include "output_errors.h"
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
    // The core names a refused field by its command-line flag; say which box to fix.
    if (e.code == Errc::usage && e.subject.rfind("--", 0) == 0) {
        // TRANSLATORS: %s is the name of a field ("the link", "the title").
        wxString text = wxString::Format(_("Please check %s."), field_name(e.subject));
        if (!e.detail.empty())
            text += wxT(" (") + shown_text(e.detail) + wxT(")");
        return text;
    }
    // The sentence scelle-cli says (scelle/jobs/sentences.h), with the desktop's advice.
    return dlg::plain_error_sentence(e);
}

}  // namespace scelle::gui
