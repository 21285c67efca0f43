// What the dialog tests share: wx started once for the whole program (dialog_test_main.cpp), a
// fixture that gives each test its own store, configuration folder and no internet (no TSA, or
// the local test TSA on 127.0.0.1), a real case to export, and a way to let the event loop run
// until a condition holds.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "env_guard.h"
#include "gui_settings.h"
#include "scelle/store/store.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle::gui::test {

// Set by main() once wx is running; tests skip when there is no display.
extern bool g_wx_ready;

// Lets wx process events until `done()` or the timeout; false on timeout.
bool pump_until(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(60));
// Lets wx process what is pending for a moment (layout, paint).
void pump_for(std::chrono::milliseconds duration);

class DialogTest : public ::testing::Test {
  protected:
    void SetUp() override;

    // Starts the local TSA and names it (and its CA as a trust anchor) in the core's settings
    // file, as a user would in the settings dialog.
    void use_local_tsa();
    // A case with a PNG, a text file and a link (and `big` bytes of incompressible evidence
    // when asked, so that writing the zip takes a while). Returns its id.
    std::string make_case(std::size_t big = 0);
    // Every file name in `dir` (hidden ones too), sorted.
    static std::vector<std::string> names_in(const std::filesystem::path& dir);

    scelle::test::TempDir dir{"scelle-gui-dialogs"};
    scelle::test::EnvGuard env;
    std::filesystem::path config_dir;  // XDG_CONFIG_HOME
    std::filesystem::path out_dir;     // where exports and reports go
    std::unique_ptr<core::Store> store;
    GuiSettings gui;
    std::unique_ptr<scelle::test::TestTsa> tsa;
    std::filesystem::path ca_pem;
};

}  // namespace scelle::gui::test
