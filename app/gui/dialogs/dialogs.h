// The application's dialogs that work on a whole case or bundle: export, report, verify and
// settings. The main window (app/gui/) opens them; each runs its long work on a worker thread
// with a progress bar and a cancel button, so the window never freezes, and each calls the same
// core functions as scelle-cli (export_bundle, make_report, verify_bundle).
//
// Each function is modal: it returns when the dialog is closed. Exceptions never leave them.
// Called on the GUI thread only.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <wx/window.h>

#include "gui_settings.h"
#include "scelle/store/store.h"

namespace scelle::gui {

// Exports the case as an evidence bundle: destination, language of the instructions,
// encryption (passphrase twice, with the lost-passphrase warning), the report included or not;
// then progress with cancel, and at the end a button that opens the containing folder.
// Returns the bundle written, or nullopt when cancelled or failed (after saying why).
std::optional<std::filesystem::path> show_export_dialog(wxWindow* parent, core::Store& store,
                                                        const std::string& case_id,
                                                        const GuiSettings& settings);

// Makes the printable PDF report: destination (Pharos, 3018, police, platform), language,
// file; progress with cancel; opens the PDF at the end.
std::optional<std::filesystem::path> show_report_dialog(wxWindow* parent, core::Store& store,
                                                        const std::string& case_id,
                                                        const GuiSettings& settings);

// "Verify a bundle": open (or drop) a zip, ask for its passphrase if encrypted, and see a
// green, orange or red verdict with the list of problems by path. `bundle` preselects a file.
void show_verify_dialog(wxWindow* parent, const GuiSettings& settings,
                        const std::optional<std::filesystem::path>& bundle = std::nullopt);

// Settings: language, the TSA list, extra trust anchors, the store location. Saves them
// (GuiSettings::save and the core settings file) when the user confirms; returns true then.
bool show_settings_dialog(wxWindow* parent, GuiSettings& settings);

}  // namespace scelle::gui
