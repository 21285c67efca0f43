// Saving the settings file (the desktop application's settings dialog): what is written reads
// back the same through load_settings_file(), only the keys that are set are written, the
// folder is made owner-only, the write is atomic (no temporary file left, an old file replaced
// whole), and values the reader would refuse are refused before anything is written. Reading
// it goes through Env: an injected read fault is an input error, never default settings.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fault_env.h"
#include "scelle/store/settings.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

TEST(SettingsSave, WhatIsSavedLoadsBackTheSame) {
    test::TempDir dir{"scelle-settings-save"};
    const fs::path file = dir / "config" / "scelle" / "settings.json";
    SettingsFile s;
    s.tsa_urls = std::vector<std::string>{"http://127.0.0.1:9/tsa", "https://tsa.example/é"};
    s.trust_anchors = {dir / "ca one.pem", dir / "autorité.pem"};
    s.tsa_timeout_seconds = 7.5;
    auto saved = save_settings_file(file, s);
    ASSERT_TRUE(saved.ok()) << saved.error().subject << ": " << saved.error().detail;

    auto loaded = load_settings_file(file);
    ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
    EXPECT_EQ(loaded->tsa_urls, s.tsa_urls);
    EXPECT_EQ(loaded->trust_anchors, s.trust_anchors);
    EXPECT_EQ(loaded->tsa_timeout_seconds, s.tsa_timeout_seconds);

    // The folders it made are the owner's only; nothing but the file is left in its folder.
    if constexpr (test::kPosixModes) {
        EXPECT_EQ(test::posix_mode(dir / "config" / "scelle"), 0700u);
    }
    EXPECT_EQ(names_in(file.parent_path()), std::vector<std::string>{"settings.json"});
}

TEST(SettingsSave, OnlyTheKeysThatAreSetAreWrittenAndAnEmptyTsaListStaysEmpty) {
    test::TempDir dir{"scelle-settings-save"};
    const fs::path file = dir / "settings.json";
    ASSERT_TRUE(save_settings_file(file, SettingsFile{}).ok());
    EXPECT_EQ(nlohmann::json::parse(test::read_file(file)), nlohmann::json::object());
    auto none = load_settings_file(file);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->tsa_urls.has_value());

    // An empty list means "no TSA, stay offline": it must not turn back into the defaults.
    SettingsFile offline;
    offline.tsa_urls = std::vector<std::string>{};
    ASSERT_TRUE(save_settings_file(file, offline).ok());
    auto loaded = load_settings_file(file);
    ASSERT_TRUE(loaded.ok());
    ASSERT_TRUE(loaded->tsa_urls.has_value());
    EXPECT_TRUE(loaded->tsa_urls->empty());
}

TEST(SettingsSave, AnOldFileIsReplacedWhole) {
    test::TempDir dir{"scelle-settings-save"};
    const fs::path file = dir / "settings.json";
    test::write_file(file, std::string(4096, ' ') + R"({"tsa_urls": ["http://old.example"]})");
    SettingsFile s;
    s.tsa_urls = std::vector<std::string>{"http://new.example"};
    ASSERT_TRUE(save_settings_file(file, s).ok());
    auto loaded = load_settings_file(file);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->tsa_urls, s.tsa_urls);
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"settings.json"});
}

TEST(SettingsSave, ValuesTheReaderWouldRefuseAreRefusedAndNothingIsWritten) {
    test::TempDir dir{"scelle-settings-save"};
    const fs::path file = dir / "settings.json";
    SettingsFile empty_url;
    empty_url.tsa_urls = std::vector<std::string>{""};
    auto r = save_settings_file(file, empty_url);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::usage);
    EXPECT_EQ(r.error().subject, "tsa_urls");

    SettingsFile bad_timeout;
    bad_timeout.tsa_timeout_seconds = 0.0;
    EXPECT_EQ(save_settings_file(file, bad_timeout).error().code, Errc::usage);

    SettingsFile empty_anchor;
    empty_anchor.trust_anchors = {fs::path()};
    EXPECT_EQ(save_settings_file(file, empty_anchor).error().code, Errc::usage);
    EXPECT_FALSE(fs::exists(file));
}

TEST(SettingsSave, AFolderThatCannotBeWrittenIsAnOutputErrorAndTheOldFileStays) {
    if (!test::folder_permissions_bind())
        GTEST_SKIP() << "root (and Windows) writes into read-only folders";
    test::TempDir dir{"scelle-settings-save"};
    const fs::path file = dir / "settings.json";
    test::write_file(file, R"({"tsa_urls": []})");
    fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
    SettingsFile s;
    s.tsa_urls = std::vector<std::string>{"http://new.example"};
    auto r = save_settings_file(file, s);
    fs::permissions(dir.path(), fs::perms::owner_all);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::output_failed);
    EXPECT_EQ(r.error().sys_errno, EACCES);
    EXPECT_EQ(test::read_file(file), R"({"tsa_urls": []})");
}

TEST(SettingsSave, AFileInPlaceOfTheFolderIsAnOutputError) {
    test::TempDir dir{"scelle-settings-save"};
    test::write_file(dir / "not-a-folder", "x");
    auto r = save_settings_file(dir / "not-a-folder" / "scelle" / "settings.json", SettingsFile{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::output_failed);
}

TEST(SettingsSave, AFailedReadOfTheFileIsAnInputErrorThroughEnv) {
    test::TempDir dir{"scelle-settings-read"};
    const fs::path file = dir / "settings.json";
    SettingsFile s;
    s.tsa_timeout_seconds = 3;
    ASSERT_TRUE(save_settings_file(file, s).ok());

    FaultEnv env;
    env.reset(FaultEnv::Op::open_read, EACCES, 0);
    auto r = load_settings_file(file, env);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::input_unreadable);
    EXPECT_EQ(r.error().sys_errno, EACCES);
    EXPECT_EQ(r.error().subject, file.string());

    env.reset(FaultEnv::Op::read, EIO, 0);
    r = load_settings_file(file, env);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::input_unreadable);
    EXPECT_EQ(r.error().sys_errno, EIO);
    EXPECT_EQ(env.count(FaultEnv::Op::read), 1);

    // Without the fault, the same Env reads it; a missing file still gives the defaults.
    env.reset(FaultEnv::Op::none, 0, 0);
    r = load_settings_file(file, env);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(r->tsa_timeout_seconds, 3);
    EXPECT_GT(env.count(FaultEnv::Op::read), 0);
    r = load_settings_file(dir / "none.json", env);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->tsa_timeout_seconds);
}

}  // namespace
}  // namespace scelle::core
