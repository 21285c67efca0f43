// The desktop application's own preferences (language, store location), kept with wxConfig
// (~/.config/scelle/gui.ini on Linux), beside the core's settings.json (TSA list, trust
// anchors) that scelle-cli reads too.
//
// A plain value; load() and save() touch the configuration file. GUI thread only.
#pragma once

#include <filesystem>
#include <string>

namespace scelle::gui {

enum class UiLanguage { system, fr, en };

struct GuiSettings {
    UiLanguage language = UiLanguage::system;
    std::filesystem::path store;  // empty: core::Store::default_root() (SCELLE_STORE, XDG)
    // Whether the pictures are read by machine in the background after each capture and
    // import, for the search (a machine transcript, never evidence).
    bool read_pictures = true;

    // The store folder to use: `store`, else core::Store::default_root().
    std::filesystem::path store_root() const;
    // "fr" or "en": the language asked for, or the system's when French, else English.
    std::string language_code() const;

    static GuiSettings load();
    bool save() const;  // false when the file cannot be written
};

// gui.ini: $XDG_CONFIG_HOME/scelle/gui.ini, else ~/.config/scelle/gui.ini.
std::filesystem::path gui_settings_path();

}  // namespace scelle::gui
