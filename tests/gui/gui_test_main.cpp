// gui_tests' main: starts wx once for the whole program when there is a display. Without one
// (DISPLAY unset) wx is not started and every test skips; listing the tests needs no display.
#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/image.h>

#include <cstdio>
#include <cstdlib>

#include "gui_test_env.h"
#include "translations.h"

namespace {

// A failed wx assertion fails the test instead of opening a dialog that nobody will close.
void assert_fails_test(const wxString& file, int line, const wxString& func, const wxString& cond,
                       const wxString& msg) {
    ADD_FAILURE_AT(file.utf8_string().c_str(), line)
        << "wx assertion " << cond.utf8_string() << " in " << func.utf8_string() << ": "
        << msg.utf8_string();
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    // The strings in the source are UTF-8; wx converts them with the C library's locale.
    scelle::gui::use_utf8_locale();
    // No network and no user settings, whatever the caller's environment says.
    ::setenv("SCELLE_TSA_URLS", "", 1);
    ::setenv("GDK_BACKEND", "x11", 0);
    ::setenv("NO_AT_BRIDGE", "1", 0);
    ::setenv("SCELLE_CAPTURE_BACKEND", "x11", 0);
    const char* display = std::getenv("DISPLAY");
    if (display && *display && !::testing::GTEST_FLAG(list_tests)) {
        // A GUI application object, so that wx initialises GTK (without one it makes a
        // console application).
        wxApp::SetInstance(new wxApp);
        if (!wxEntryStart(argc, argv) || !wxTheApp->CallOnInit()) {
            std::fprintf(stderr, "gui_tests: wx could not start on DISPLAY=%s\n", display);
            return 1;
        }
        wxInitAllImageHandlers();
        wxSetAssertHandler(assert_fails_test);
        scelle::gui::test::g_wx_ready = true;
    }
    const int rc = RUN_ALL_TESTS();
    if (scelle::gui::test::g_wx_ready)
        wxEntryCleanup();
    return rc;
}
