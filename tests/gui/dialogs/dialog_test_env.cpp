// The dialog tests' shared fixture: see dialog_test_env.h.
#include "dialog_test_env.h"

#include <stdlib.h>

#include <algorithm>
#include <thread>

#include <wx/app.h>
#include <wx/utils.h>

#include "scelle/base/png_writer.h"
#include "scelle/store/settings.h"

namespace scelle::gui::test {

namespace fs = std::filesystem;

bool g_wx_ready = false;

bool pump_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end)
            return false;
        wxTheApp->Yield(true);
        wxTheApp->ProcessPendingEvents();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

void pump_for(std::chrono::milliseconds duration) {
    const auto end = std::chrono::steady_clock::now() + duration;
    pump_until([end] { return std::chrono::steady_clock::now() >= end; }, duration * 2);
}

void DialogTest::SetUp() {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display (DISPLAY is unset): the dialog tests run under Xvfb";
    config_dir = dir / "config";
    out_dir = dir / "out";
    fs::create_directories(config_dir);
    fs::create_directories(out_dir);
    fs::create_directories(dir / "home");
    // Nothing of the user's: configuration, store and TSAs are the test's own. No TSA at all
    // unless the test starts the local one (and no_internet.cpp closes every other way out).
    // A home of its own: the dialogs propose files in the Documents folder or the home, and a
    // test that makes one there must not touch the person's.
    env.set("HOME", (dir / "home").string());
    env.set("XDG_CONFIG_HOME", config_dir.string());
    env.set("XDG_DATA_HOME", (dir / "data").string());
    env.set("SCELLE_CONFIG", std::nullopt);
    env.set("SCELLE_STORE", (dir / "store").string());
    env.set("SCELLE_TSA_URLS", "");
    env.set("SCELLE_TRUST_ANCHORS", std::nullopt);
    env.set("SCELLE_TSA_TIMEOUT", std::nullopt);
    store = std::make_unique<core::Store>(dir / "store");
    gui.language = UiLanguage::en;
}

void DialogTest::use_local_tsa() {
    tsa = std::make_unique<scelle::test::TestTsa>();
    ASSERT_TRUE(tsa->start()) << tsa->last_error();
    ca_pem = dir / "test-ca.pem";
    tsa->pki().write_ca_pem(ca_pem);
    core::SettingsFile s;
    s.tsa_urls = std::vector<std::string>{tsa->url()};
    s.trust_anchors = {ca_pem};
    s.tsa_timeout_seconds = 10;
    ASSERT_TRUE(core::save_settings_file(core::settings_path(), s).ok());
    env.set("SCELLE_TSA_URLS", std::nullopt);
}

std::string DialogTest::make_case(std::size_t big) {
    auto id = store->create_case({"Messages insistants sur le jeu Étoiles",
                                  std::string("3018"),
                                  {"harassment"},
                                  std::string("Messages insistants.")});
    EXPECT_TRUE(id.ok());
    if (!id.ok())
        return {};
    auto cs = store->open_case(*id, core::Access::read_write);
    EXPECT_TRUE(cs.ok());
    if (!cs.ok())
        return *id;
    std::vector<std::uint8_t> px(160 * 120 * 3);
    for (std::size_t i = 0; i < px.size(); ++i)
        px[i] = static_cast<std::uint8_t>((i * 7) ^ (i >> 5));
    auto png = core::encode_png_rgb8(160, 120, px);
    EXPECT_TRUE(png.ok());
    fs::create_directories(dir / "in");
    scelle::test::write_file(dir / "in" / "profil.png",
                             std::string(reinterpret_cast<const char*>(png->data()), png->size()));
    scelle::test::write_file(dir / "in" / "conversation.txt", "Salut, tu as quel âge ?\n");
    std::vector<fs::path> files = {dir / "in" / "profil.png", dir / "in" / "conversation.txt"};
    if (big > 0) {
        scelle::test::write_file(dir / "in" / "video.bin",
                                 scelle::test::pseudo_random_bytes(big, 42));
        files.push_back(dir / "in" / "video.bin");
    }
    auto imported = (*cs)->import_files(
        {files, std::string("capture du profil"), std::nullopt, std::nullopt, false});
    EXPECT_TRUE(imported.ok());
    EXPECT_TRUE(
        (*cs)
            ->add_link("https://example.org/u/etoile42", std::string("le profil"), std::nullopt)
            .ok());
    return *id;
}

std::vector<std::string> DialogTest::names_in(const fs::path& d) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(d))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace scelle::gui::test
