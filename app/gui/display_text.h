// How stored values are shown: UTC RFC 3339 times in the local time zone and the
// translation's date format, sizes in bytes and in kB/MB, capture sources translated. Files keep
// UTC; only the screen shows local time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <wx/datetime.h>
#include <wx/string.h>

namespace scelle::gui {

// "04/12/2026 18:55:03" (system format, local time) from "2026-12-04T17:55:03Z"; the input
// unchanged when it is not an RFC 3339 UTC time.
wxString local_time_text(const std::string& utc_rfc3339);
// "04/12/2026" (the translation's format, local time).
wxString local_date_text(const std::string& utc_rfc3339);
// The same for a time already in local time (today's date in a default title).
wxString date_text(const wxDateTime& local);
// When it happened, from its stored form ("2025-03-08T21:04+01:00" or "2025-03-08"), in the
// translation's date format with the time of day if there is one: "08/03/2025 21:04". The
// input unchanged when it is not a stored form.
wxString happened_text(const std::string& stored);
// Why a typed date of the facts was refused (time.h parse_happened), in one sentence.
wxString happened_refusal(int why);
// "1.2 MB (1 234 567 bytes)".
wxString size_text(std::int64_t bytes);

// An item's source as the capture layer wrote it, in English ("Screen 2 of 2 (1280×1024)",
// "Region 500×220 at 400,300 of screen 1", "“Discord — #général” (discord)", "clipboard"),
// in the user's language. The custody log keeps the English words; a text of another form
// (an imported file's, a future one) is shown as it is.
wxString source_text(const std::string& source);

// What to say when this computer's clock differs from the authority's by `skew_seconds`
// (local minus genTime) — the same warning as `scelle-cli case show`.
wxString clock_warning(std::int64_t skew_seconds);

// `text` in lines no wider than `room` (as `width` measures them): broken at spaces (unless
// `keep_spaces`: a link, whose copy must give back every character), and a word too long for a line
// after one of `breaks` in its second half, or else where it reaches the edge. Done here, never by
// GTK: GTK breaks a long word where wx did not count a line, and the row is then too short for its
// text (a hyphenated file name lost its end).
wxString fit_lines(const wxString& text, int room, const std::function<int(const wxString&)>& width,
                   const wxString& breaks, bool keep_spaces = false);

}  // namespace scelle::gui
