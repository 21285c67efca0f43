// The settings dialog and GuiSettings: what is saved loads back the same (gui.ini under
// XDG_CONFIG_HOME, and the core's settings.json that scelle-cli reads), the defaults stay
// "defaults", a file that is not a certificate is not added; and the French catalog built from
// po/fr-dialogs.po translates the dialogs.
#include "settings_dialog.h"

#include <wx/intl.h>
#include <wx/translation.h>

#include "dialog_test_env.h"
#include "scelle/jobs/i18n.h"
#include "scelle/ocr/ocr.h"
#include "scelle/store/settings.h"
#include "verify_text.h"

namespace scelle::gui::test {
namespace {

namespace fs = std::filesystem;
using dlg::SettingsDialog;

struct DestroyLater {
    void operator()(wxWindow* w) const { w->Destroy(); }
};
using SettingsPtr = std::unique_ptr<SettingsDialog, DestroyLater>;

class SettingsDialogTest : public DialogTest {};

TEST_F(SettingsDialogTest, WhatIsSavedLoadsBackTheSame) {
    use_local_tsa();  // writes a settings file with the local TSA and its CA
    GuiSettings start;
    SettingsPtr d(new SettingsDialog(nullptr, start));
    EXPECT_EQ(d->tsa_urls(), std::vector<std::string>{tsa->url()});
    EXPECT_EQ(d->trust_anchors(), std::vector<fs::path>{ca_pem});

    d->set_language(UiLanguage::fr);
    d->set_tsa_urls({"http://127.0.0.1:9/b", tsa->url()});  // order matters
    d->remove_trust_anchor(0);
    const fs::path pem = dir / "autre autorité.pem";
    tsa->pki().write_ca_pem(pem);
    ASSERT_TRUE(d->add_trust_anchor(pem)) << d->message();
    d->set_store(dir / "mes dossiers");
    // On at first; switched off here (where this build can read pictures at all).
    EXPECT_TRUE(d->read_pictures());
    d->set_read_pictures(false);
    GuiSettings saved;
    ASSERT_TRUE(d->Save(saved)) << d->message();
    EXPECT_EQ(saved.language, UiLanguage::fr);
    EXPECT_EQ(saved.read_pictures, !ocr::available());
    EXPECT_EQ(saved.store, dir / "mes dossiers");

    // gui.ini under XDG_CONFIG_HOME, read back by a new load().
    EXPECT_TRUE(fs::exists(config_dir / "scelle" / "gui.ini"));
    EXPECT_EQ(gui_settings_path(), config_dir / "scelle" / "gui.ini");
    const GuiSettings loaded = GuiSettings::load();
    EXPECT_EQ(loaded.language, UiLanguage::fr);
    EXPECT_EQ(loaded.store, dir / "mes dossiers");
    EXPECT_EQ(loaded.store_root(), dir / "mes dossiers");
    EXPECT_EQ(loaded.language_code(), "fr");
    EXPECT_EQ(loaded.read_pictures, !ocr::available());

    // settings.json: what scelle-cli will use, timeout kept.
    auto file = core::load_settings_file(core::settings_path());
    ASSERT_TRUE(file.ok());
    EXPECT_EQ(file->tsa_urls, (std::vector<std::string>{"http://127.0.0.1:9/b", tsa->url()}));
    EXPECT_EQ(file->trust_anchors, std::vector<fs::path>{pem});
    EXPECT_EQ(file->tsa_timeout_seconds, 10.0);

    // A new dialog shows what was saved.
    SettingsPtr again(new SettingsDialog(nullptr, loaded));
    EXPECT_EQ(again->language(), UiLanguage::fr);
    EXPECT_EQ(again->tsa_urls(), file->tsa_urls.value());
    EXPECT_EQ(again->store(), dir / "mes dossiers");
    EXPECT_EQ(again->read_pictures(), !ocr::available());
}

TEST_F(SettingsDialogTest, UntouchedDefaultsAreNotWrittenAndRestoreDefaultsBringsThemBack) {
    SettingsPtr d(new SettingsDialog(nullptr, gui));
    EXPECT_EQ(d->tsa_urls(), core::default_tsa_urls());
    EXPECT_TRUE(d->store().empty()) << "the default store is shown, and saved as the default";
    GuiSettings saved;
    ASSERT_TRUE(d->Save(saved)) << d->message();
    auto file = core::load_settings_file(core::settings_path());
    ASSERT_TRUE(file.ok());
    EXPECT_FALSE(file->tsa_urls.has_value());

    d->set_tsa_urls({});
    ASSERT_TRUE(d->Save(saved));
    file = core::load_settings_file(core::settings_path());
    ASSERT_TRUE(file->tsa_urls.has_value());
    EXPECT_TRUE(file->tsa_urls->empty()) << "an empty list means offline";

    d->restore_default_tsas();
    EXPECT_EQ(d->tsa_urls(), core::default_tsa_urls());
}

TEST_F(SettingsDialogTest, AFileThatIsNotACertificateIsNotAdded) {
    SettingsPtr d(new SettingsDialog(nullptr, gui));
    const fs::path junk = dir / "note.pem";
    scelle::test::write_file(junk, "pas un certificat\n");
    EXPECT_FALSE(d->add_trust_anchor(junk));
    EXPECT_TRUE(d->trust_anchors().empty());
    EXPECT_TRUE(d->message().Contains("holds no certificate")) << d->message();
}

TEST_F(SettingsDialogTest, ABrokenSettingsFileIsSaidAndReplacedOnSave) {
    fs::create_directories(core::settings_path().parent_path());
    scelle::test::write_file(core::settings_path(), "{ not json");
    SettingsPtr d(new SettingsDialog(nullptr, gui));
    EXPECT_TRUE(d->message().StartsWith(wxString::FromUTF8("The setting “"))) << d->message();
    EXPECT_TRUE(d->message().Contains("Correct it in Settings")) << d->message();
    GuiSettings saved;
    ASSERT_TRUE(d->Save(saved));
    EXPECT_TRUE(core::load_settings_file(core::settings_path()).ok());
}

TEST_F(SettingsDialogTest, TheLanguageCodeIsTheOneAskedForElseTheSystemsFrenchOrEnglish) {
    GuiSettings s;
    s.language = UiLanguage::fr;
    EXPECT_EQ(s.language_code(), "fr");
    s.language = UiLanguage::en;
    EXPECT_EQ(s.language_code(), "en");
    s.language = UiLanguage::system;
    const std::string code = s.language_code();
    EXPECT_TRUE(code == "fr" || code == "en") << code;
}

// Puts wx back to no translation (English) whatever the test's outcome.
struct NoTranslationsAfter {
    ~NoTranslationsAfter() {
        wxTranslations::Set(nullptr);
        jobs::use_language(jobs::Language::en, SCELLE_JOBS_LOCALE_DIR);
    }
};

TEST_F(SettingsDialogTest, TheFrenchCatalogTranslatesTheDialogs) {
    NoTranslationsAfter reset;
    auto* translations = new wxTranslations();
    wxTranslations::Set(translations);  // owned by wx from here
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(SCELLE_DIALOGS_LOCALE_DIR);
    translations->SetLanguage(wxS("fr"));
    ASSERT_TRUE(translations->AddCatalog(wxS("scelle-dialogs")));
    // The verdict's words come from the jobs' sentences, in the catalogue the CLI reads too.
    jobs::use_language(jobs::Language::fr, SCELLE_JOBS_LOCALE_DIR);
    core::BundleReport r;
    r.verdict = core::BundleVerdict::intact_and_sealed;
    EXPECT_EQ(dlg::verdict_headline(r), wxString::FromUTF8("Intacte et scellée"));
    r.verdict = core::BundleVerdict::altered;
    EXPECT_EQ(dlg::verdict_headline(r), wxString::FromUTF8("Altérée ou incomplète"));
    EXPECT_EQ(wxGetTranslation("Export"), wxString::FromUTF8("Exporter"));
}

}  // namespace
}  // namespace scelle::gui::test
