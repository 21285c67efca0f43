// The dialog tests' main(): starts wx (GTK on X11) once, runs the tests, stops wx. Without a
// display (DISPLAY unset) wx is not started and every test skips; listing the tests
// (gtest_discover_tests at build time) never starts wx either.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <wx/app.h>
#include <wx/init.h>

#include "dialog_test_env.h"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    const char* display = std::getenv("DISPLAY");
    if (GTEST_FLAG_GET(list_tests) || display == nullptr || *display == '\0')
        return RUN_ALL_TESTS();
    // X11 even inside a Wayland session, and no accessibility bus to wait for.
    ::setenv("GDK_BACKEND", "x11", 0);
    ::setenv("NO_AT_BRIDGE", "1", 0);
    wxApp::SetInstance(new wxApp());
    if (!wxEntryStart(argc, argv) || !wxTheApp->CallOnInit()) {
        fprintf(stderr, "gui_dialog_tests: wx could not start on DISPLAY=%s\n", display);
        return 1;
    }
    scelle::gui::test::g_wx_ready = true;
    const int rc = RUN_ALL_TESTS();
    wxTheApp->OnExit();
    wxEntryCleanup();
    return rc;
}
