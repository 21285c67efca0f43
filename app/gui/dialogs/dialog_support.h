// Small pieces the dialogs share: UTF-8 text and paths between the core (std::string, UTF-8)
// and wx (wxString), the default output folder and a free file name in it, local times for
// the screen, opening a file or folder with the desktop's application, and the look of
// secondary text.
//
// GUI thread only, except the pure functions marked thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <string>

#include <wx/colour.h>
#include <wx/string.h>

class wxWindow;
class wxStaticText;
class wxTopLevelWindow;

namespace scelle::gui::dlg {

// "Scellé". Message ids stay ASCII (a non-ASCII literal becomes an empty wxString in the C
// locale), so the name is put in with %s.
wxString app_name();

// Core strings are UTF-8. Thread-safe.
wxString utf8(const std::string& s);
std::string to_utf8(const wxString& s);
wxString path_text(const std::filesystem::path& p);
// A path typed or chosen by the user. On Windows from UTF-16, Windows' own (a path made from a
// narrow string there is read in the ANSI code page).
std::filesystem::path to_path(const wxString& s);
// A file name as the system gave it (a drop, a file chooser): its own bytes on Linux, where a
// name need not be UTF-8; UTF-16 on Windows.
std::filesystem::path file_name_path(const wxString& s);
// Text from outside (a case's title, a name, a TSA's name, a path or a detail in a sentence)
// for a label or one line of a report: controls, bidirectional overrides and invalid bytes as
// visible escapes, as the command line shows them (core::terminal_safe). Set it with
// SetLabelText, never SetLabel or markup. Not for a box the user edits (path_text there).
// Thread-safe.
wxString shown(const std::string& s);
wxString shown_path(const std::filesystem::path& p);

// The user's Documents folder, else the home folder.
std::filesystem::path documents_dir();
// A case's title made into a file name's stem that Windows, macOS and Linux all accept:
// accents and other letters kept; the characters a file system refuses (< > : " / \ | ? *,
// controls) become spaces; runs of spaces are one; no space or dot at the end; a name
// Windows reserves (CON, NUL, COM1...) gets "_" after that word; at most 80 bytes, cut between
// characters. Empty (a title of symbols only): "scelle".
std::string file_stem_from_title(const std::string& title);

// `dir/stem.ext`, or `dir/stem-2.ext`, `-3`... the first that does not exist yet.
std::filesystem::path free_file_name(const std::filesystem::path& dir, const std::string& stem,
                                     const std::string& ext);

// A UTC RFC 3339 time from a file or a token ("2026-11-28T14:03:07Z", fractions allowed) in
// the local time zone, as the translated format says; the text itself when it does not parse.
wxString local_time(const std::string& rfc3339_utc);

// Opens a file or folder with the desktop's default application. Tests replace it (no viewer
// is started under Xvfb); the default calls wxLaunchDefaultApplication.
using Launcher = std::function<bool(const std::filesystem::path&)>;
bool launch_default(const std::filesystem::path& p);

// Wraps a label for the width of its dialog, in pixels of its own font (about `chars` wide).
void wrap_label(wxStaticText* label, int chars);

// A bold heading at `scale` times the normal size.
void make_heading(wxWindow* w, double scale);

// What an outcome sentence means, and so its colour: green only for a success, orange for
// work done with a reservation (a bundle written but not sealed, a result that could not be
// opened), red for a failure, the normal text colour otherwise (a cancellation).
enum class Tone { neutral, success, caution, failure };
// The text colour of a tone (wxNullColour: the theme's); each readable on a light window.
wxColour tone_text_colour(Tone tone);

// Sizes in plain words ("1.2 MB"); translated unit names.
wxString size_text(std::uint64_t bytes);

// Sizes `w` to its contents (Fit), but never larger than the screen it is on (the part the
// desktop leaves to windows): when it would be taller, the `shrinkable` windows (lists, text
// boxes that scroll) give up height first, down to a few lines each; then the window is cut
// to the screen and moved fully onto it. On a 1920×1080 screen at 200 % the settings and a
// failed verification were taller than the screen, their top out of reach.
void fit_within_screen(wxTopLevelWindow* w, std::initializer_list<wxWindow*> shrinkable = {});

}  // namespace scelle::gui::dlg
