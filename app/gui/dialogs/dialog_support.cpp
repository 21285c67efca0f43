// Pieces the dialogs share: see dialog_support.h.
#include "dialog_support.h"

#include "scelle/base/time.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <set>
#include <string_view>

#include <wx/datetime.h>
#include <wx/display.h>
#include <wx/font.h>
#include <wx/intl.h>
#include <wx/numformatter.h>
#include <wx/stattext.h>
#include <wx/stdpaths.h>
#include <wx/toplevel.h>
#include <wx/utils.h>
#include <wx/window.h>

#include "scelle/base/text.h"

namespace scelle::gui::dlg {

namespace fs = std::filesystem;

wxString app_name() {
    return wxString::FromUTF8("Scell\xc3\xa9");
}

wxString utf8(const std::string& s) {
    return wxString::FromUTF8(s.data(), s.size());
}

std::string to_utf8(const wxString& s) {
    const wxScopedCharBuffer b = s.utf8_str();
    return std::string(b.data(), b.length());
}

wxString path_text(const fs::path& p) {
    return utf8(p.string());
}

wxString shown(const std::string& s) {
    return utf8(core::terminal_safe(s));
}

wxString shown_path(const fs::path& p) {
    return shown(p.string());
}

fs::path to_path(const wxString& s) {
#if defined(__WXMSW__)
    return fs::path(s.ToStdWstring());
#else
    return fs::path(to_utf8(s));
#endif
}

fs::path file_name_path(const wxString& s) {
#if defined(__WXMSW__)
    return fs::path(s.ToStdWstring());
#else
    return fs::path(std::string(s.fn_str()));
#endif
}

fs::path documents_dir() {
    std::error_code ec;
    const fs::path docs = to_path(wxStandardPaths::Get().GetDocumentsDir());
    if (!docs.empty() && fs::is_directory(docs, ec))
        return docs;
    return to_path(wxGetHomeDir());
}

std::string file_stem_from_title(const std::string& title) {
    std::string out;
    bool space = false;
    for (char ch : title) {
        const auto c = static_cast<unsigned char>(ch);
        const bool refused = c < 0x20 || c == 0x7f ||
                             std::string_view("<>:\"/\\|?*").find(ch) != std::string_view::npos;
        if (refused || ch == ' ' || ch == '\t') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += ch;
    }
    // At most 80 bytes, never inside a UTF-8 sequence.
    if (out.size() > 80) {
        std::size_t cut = 80;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
            --cut;
        out.resize(cut);
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.'))
        out.pop_back();
    if (out.empty())
        return "scelle";
    // Windows refuses these names, with or without an extension, in any case of letters.
    std::string upper;
    for (char ch : out.substr(0, out.find('.')))
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    static const std::set<std::string> reserved = {
        "CON",  "PRN",  "AUX",  "NUL",  "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
        "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"};
    if (reserved.count(upper) != 0)
        out.insert(upper.size(), "_");
    return out;
}

fs::path free_file_name(const fs::path& dir, const std::string& stem, const std::string& ext) {
    std::error_code ec;
    fs::path p = dir / (stem + ext);
    for (int n = 2; fs::exists(p, ec) && n < 1000; ++n)
        p = dir / (stem + "-" + std::to_string(n) + ext);
    return p;
}

wxString local_time(const std::string& rfc3339_utc) {
    const auto utc = core::parse_utc_rfc3339(rfc3339_utc);
    if (!utc)
        return shown(rfc3339_utc);
    const std::time_t t = std::chrono::system_clock::to_time_t(*utc);
    // TRANSLATORS: a date and time on screen, in strftime() notation: %Y year, %m month, %d
    // day, %H hour (00-23), %M minutes, %S seconds.
    return wxDateTime(t).Format(_("%Y-%m-%d at %H:%M:%S"));
}

bool launch_default(const fs::path& p) {
    return wxLaunchDefaultApplication(path_text(p));
}

void wrap_label(wxStaticText* label, int chars) {
    label->Wrap(label->GetCharWidth() * chars);
}

void make_heading(wxWindow* w, double scale) {
    wxFont f = w->GetFont();
    f.SetWeight(wxFONTWEIGHT_BOLD);
    f.SetFractionalPointSize(f.GetFractionalPointSize() * scale);
    w->SetFont(f);
}

wxString size_text(std::uint64_t bytes) {
    const double b = static_cast<double>(bytes);
    // The decimal separator is the user's (wxNumberFormatter follows the UI locale).
    if (bytes < 1000)
        // TRANSLATORS: a size in bytes; %s is the number.
        return wxString::Format(_("%s bytes"), wxNumberFormatter::ToString(b, 0));
    if (bytes < 1000 * 1000)
        // TRANSLATORS: a size in kilobytes (1 kB = 1000 bytes); %s is the number.
        return wxString::Format(_("%s kB"), wxNumberFormatter::ToString(b / 1e3, 1));
    if (bytes < 1000ull * 1000 * 1000)
        // TRANSLATORS: a size in megabytes; %s is the number.
        return wxString::Format(_("%s MB"), wxNumberFormatter::ToString(b / 1e6, 1));
    // TRANSLATORS: a size in gigabytes; %s is the number.
    return wxString::Format(_("%s GB"), wxNumberFormatter::ToString(b / 1e9, 1));
}

wxColour tone_text_colour(Tone tone) {
    // Green, orange and red for every outcome, the verifier's banner included (verify_text.cpp):
    // dark enough to read on a light window, and white text on them.
    switch (tone) {
        case Tone::success:
            return wxColour(0x1b, 0x6e, 0x2e);
        case Tone::caution:
            return wxColour(0xa8, 0x4b, 0x00);
        case Tone::failure:
            return wxColour(0xb0, 0x1c, 0x1c);
        case Tone::neutral:
            break;
    }
    return wxNullColour;
}

void fit_within_screen(wxTopLevelWindow* w, std::initializer_list<wxWindow*> shrinkable) {
    w->Layout();
    w->Fit();
    const int found = wxDisplay::GetFromWindow(w);
    const wxRect area =
        wxDisplay(found == wxNOT_FOUND ? 0u : static_cast<unsigned>(found)).GetClientArea();
    int over = w->GetSize().y - area.height;
    for (wxWindow* s : shrinkable) {
        if (over <= 0)
            break;
        if (!s->IsShown())
            continue;
        const int height = s->GetSize().y;
        const int floor = std::min(height, s->FromDIP(60));
        const int give = std::min(over, height - floor);
        if (give <= 0)
            continue;
        s->SetMinSize(wxSize(s->GetMinSize().x, height - give));
        s->SetSize(wxSize(s->GetSize().x, height - give));
        over -= give;
    }
    if (shrinkable.size() > 0) {
        w->Layout();
        w->Fit();
    }
    wxSize size = w->GetSize();
    size.x = std::min(size.x, area.width);
    size.y = std::min(size.y, area.height);
    const wxSize min = w->GetMinSize();
    w->SetMinSize(wxSize(std::min(min.x, size.x), std::min(min.y, size.y)));
    w->SetSize(size);
    wxPoint at = w->GetPosition();
    at.x = std::clamp(at.x, area.x, area.GetRight() + 1 - size.x);
    at.y = std::clamp(at.y, area.y, area.GetBottom() + 1 - size.y);
    w->Move(at);
}

}  // namespace scelle::gui::dlg
