// Settings: the settings file, SCELLE_TSA_URLS, SCELLE_TRUST_ANCHORS, SCELLE_TSA_TIMEOUT and
// the flags, in their order of precedence; every unusable value is an error naming it.
#include "scelle/store/settings.h"

#include <gtest/gtest.h>

#include <map>

#include "env_guard.h"
#include "scelle/base/program.h"
#include "scelle/base/text.h"
#include "scelle/store/store.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;

class Settings : public ::testing::Test {
  protected:
    void SetUp() override {
        env.set("SCELLE_CONFIG", (dir / "settings.json").string());
        env.set("SCELLE_TSA_URLS", std::nullopt);
        env.set("SCELLE_TRUST_ANCHORS", std::nullopt);
        env.set("SCELLE_TSA_TIMEOUT", std::nullopt);
    }
    void write_settings(std::string_view json) { test::write_file(dir / "settings.json", json); }

    test::TempDir dir{"scelle-settings"};
    test::EnvGuard env;
};

TEST_F(Settings, WithoutAnythingTheDefaultsArePublicTsasInOrder) {
    auto s = resolve_tsa_settings({});
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->urls, default_tsa_urls());
    EXPECT_EQ(s->urls_from, "defaults");
    ASSERT_EQ(s->urls.size(), 3u);
    EXPECT_EQ(s->urls[0], "http://timestamp.digicert.com");
    EXPECT_EQ(s->trust.system, crypto::SystemAnchors::use);
    EXPECT_TRUE(s->trust.user_files.empty());
    EXPECT_EQ(s->client.total_timeout, std::chrono::seconds(10));
}

TEST_F(Settings, TheFileTheEnvironmentAndFlagsTakePrecedenceInThatOrder) {
    write_settings(R"({"tsa_urls": ["http://file.example/tsa"], "trust_anchors": ["ca.pem"],
                       "tsa_timeout_seconds": 3.5})");
    auto from_file = resolve_tsa_settings({});
    ASSERT_TRUE(from_file.ok());
    EXPECT_EQ(from_file->urls, std::vector<std::string>{"http://file.example/tsa"});
    // A relative anchor is relative to the settings file.
    ASSERT_EQ(from_file->trust.user_files.size(), 1u);
    EXPECT_EQ(from_file->trust.user_files[0], dir / "ca.pem");
    EXPECT_EQ(from_file->client.total_timeout, std::chrono::milliseconds(3500));

    env.set("SCELLE_TSA_URLS", "  http://env.example/a   http://env.example/b ");
#if defined(_WIN32)
    env.set("SCELLE_TRUST_ANCHORS", "/x/one.pem;;/x/two.pem");  // ';' as in PATH
#else
    env.set("SCELLE_TRUST_ANCHORS", "/x/one.pem::/x/two.pem");
#endif
    env.set("SCELLE_TSA_TIMEOUT", "0.5");
    auto from_env = resolve_tsa_settings({});
    ASSERT_TRUE(from_env.ok());
    EXPECT_EQ(from_env->urls,
              (std::vector<std::string>{"http://env.example/a", "http://env.example/b"}));
    EXPECT_EQ(from_env->urls_from, "SCELLE_TSA_URLS");
    // Anchors add up: the file's, then the environment's.
    EXPECT_EQ(from_env->trust.user_files,
              (std::vector<fs::path>{dir / "ca.pem", "/x/one.pem", "/x/two.pem"}));
    EXPECT_EQ(from_env->client.total_timeout, std::chrono::milliseconds(500));
    EXPECT_EQ(from_env->client.connect_timeout, std::chrono::milliseconds(500));

    auto from_flags = resolve_tsa_settings({{"http://flag.example/tsa"}, {"/y/flag.pem"}});
    ASSERT_TRUE(from_flags.ok());
    EXPECT_EQ(from_flags->urls, std::vector<std::string>{"http://flag.example/tsa"});
    EXPECT_EQ(from_flags->trust.user_files.back(), fs::path("/y/flag.pem"));
}

TEST_F(Settings, AnEmptyTsaListMeansOffline) {
    env.set("SCELLE_TSA_URLS", "");
    auto s = resolve_tsa_settings({});
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(s->urls.empty());
}

TEST_F(Settings, UnusableSettingsAreRefusedNamingTheFileOrVariable) {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"{not json", "not a JSON object"},
        {"[1, 2]", "not a JSON object"},
        {R"({"tsa_urls": "http://one"})", "tsa_urls"},
        {R"({"tsa_urls": [1]})", "tsa_urls"},
        {R"({"trust_anchors": [""]})", "trust_anchors"},
        {R"({"tsa_timeout_seconds": -1})", "tsa_timeout_seconds"},
        {R"({"tsa_timeout_seconds": "5"})", "tsa_timeout_seconds"},
        {R"({"tsa_url": ["typo"]})", "unknown key"},
    };
    for (const auto& [content, words] : bad) {
        write_settings(content);
        auto s = resolve_tsa_settings({});
        ASSERT_FALSE(s.ok()) << content;
        EXPECT_EQ(s.error().code, Errc::bad_settings) << content;
        EXPECT_EQ(s.error().subject, (dir / "settings.json").string());
        EXPECT_NE(s.error().detail.find(words), std::string::npos) << s.error().detail;
    }
    fs::remove(dir / "settings.json");
    for (const char* t : {"abc", "0", "-3", "1e9", "5s", "nan"}) {
        env.set("SCELLE_TSA_TIMEOUT", t);
        auto s = resolve_tsa_settings({});
        ASSERT_FALSE(s.ok()) << t;
        EXPECT_EQ(s.error().code, Errc::bad_settings);
        EXPECT_EQ(s.error().subject, "SCELLE_TSA_TIMEOUT");
    }
}

TEST_F(Settings, AFolderWhereTheFileShouldBeIsRefused) {
    fs::create_directories(dir / "settings.json");
    auto s = resolve_tsa_settings({});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, Errc::input_is_directory);
}

TEST_F(Settings, TheSettingsPathFollowsXdg) {
    env.set("SCELLE_CONFIG", std::nullopt);
    env.set("XDG_CONFIG_HOME", "/xdg");
    EXPECT_EQ(settings_path(), fs::path("/xdg/scelle/settings.json"));
    env.set("XDG_CONFIG_HOME", "relative");  // not absolute: ignored, as the spec says
    env.set("HOME", "/home/someone");
    EXPECT_EQ(settings_path(), fs::path("/home/someone/.config/scelle/settings.json"));
}

TEST_F(Settings, TheStoreFolderFollowsScelleStoreThenXdgThenHome) {
    env.set("SCELLE_STORE", "/cases/here");
    EXPECT_EQ(Store::default_root(), fs::path("/cases/here"));
    env.set("SCELLE_STORE", std::nullopt);
    env.set("XDG_DATA_HOME", "/xdg-data");
    EXPECT_EQ(Store::default_root(), fs::path("/xdg-data/scelle"));
    EXPECT_EQ(user_data_dir(), fs::path("/xdg-data/scelle"));
    env.set("XDG_DATA_HOME", "relative");  // not absolute: ignored
    env.set("HOME", "/home/zoë");
    EXPECT_EQ(Store::default_root(), fs::path("/home/zoë/.local/share/scelle"));
    env.set("HOME", std::nullopt);
    EXPECT_EQ(user_data_dir(), fs::path());
    EXPECT_EQ(Store::default_root(), fs::path("scelle-store"));
}

#if defined(_WIN32)
// Windows: the cases in %LOCALAPPDATA%\Scellé, the settings in %APPDATA%\Scellé, or under the
// user's profile when those are not set; SCELLE_STORE and SCELLE_CONFIG first, as elsewhere.
TEST_F(Settings, OnWindowsTheFoldersAreTheUsersAppData) {
    const fs::path scelle = utf8_to_path("Scellé");
    env.set("SCELLE_STORE", std::nullopt);
    env.set("SCELLE_CONFIG", std::nullopt);
    env.set("LOCALAPPDATA", "C:\\Users\\Zoë\\AppData\\Local");
    env.set("APPDATA", "C:\\Users\\Zoë\\AppData\\Roaming");
    EXPECT_EQ(Store::default_root(), utf8_to_path("C:\\Users\\Zoë\\AppData\\Local") / scelle);
    EXPECT_EQ(settings_path(),
              utf8_to_path("C:\\Users\\Zoë\\AppData\\Roaming") / scelle / "settings.json");
    env.set("LOCALAPPDATA", std::nullopt);
    env.set("APPDATA", std::nullopt);
    env.set("USERPROFILE", "D:\\Profils\\Zoë");
    EXPECT_EQ(Store::default_root(),
              utf8_to_path("D:\\Profils\\Zoë") / "AppData" / "Local" / scelle);
    env.set("SCELLE_STORE", "E:\\dossiers");
    EXPECT_EQ(Store::default_root(), fs::path(L"E:\\dossiers"));
}
#endif

TEST_F(Settings, EnvironmentValuesAndArgumentsAreUtf8) {
    env.set("SCELLE_TEST_VALUE", "Zoë 😢");
    EXPECT_EQ(env_var("SCELLE_TEST_VALUE"), std::optional<std::string>("Zoë 😢"));
    env.set("SCELLE_TEST_VALUE", std::nullopt);
    EXPECT_EQ(env_var("SCELLE_TEST_VALUE"), std::nullopt);
    std::string a0 = "scelle-cli", a1 = "Capture d’écran 😢.png";
#if !defined(_WIN32)
    // (On Windows the arguments are the process's own command line, read in UTF-16: the Wine
    // tests give scelle-cli.exe such names, tests/windows/wine_cli_e2e.sh.)
    char* argv[] = {a0.data(), a1.data(), nullptr};
    EXPECT_EQ(utf8_arguments(2, argv), (std::vector<std::string>{a0, a1}));
#endif
    // A path made from UTF-8 text gives the same UTF-8 back, whatever the platform.
    EXPECT_EQ(path_to_utf8(utf8_to_path(a1)), a1);
    EXPECT_EQ(path_to_utf8(utf8_to_path("dossier/Zoë")), "dossier/Zoë");
}

TEST(TsaRateLimits, OnlySectigoAsksForAGap) {
    EXPECT_EQ(tsa_min_interval("http://timestamp.sectigo.com"), std::chrono::seconds(15));
    EXPECT_EQ(tsa_min_interval("http://timestamp.sectigo.com/qualified"), std::chrono::seconds(15));
    EXPECT_EQ(tsa_min_interval("http://timestamp.digicert.com"), std::chrono::seconds(0));
    EXPECT_EQ(tsa_min_interval("http://127.0.0.1:8080/tsa"), std::chrono::seconds(0));
}

}  // namespace
}  // namespace scelle::core
