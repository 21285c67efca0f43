// What the main window's tests share: wx started once (gui_test_main.cpp), a fixture with its
// own store and configuration folder and no TSA, the main window on that store, a way to let
// the event loop run until a condition holds, and a test pattern whose every pixel is known.
#pragma once

#include <gtest/gtest.h>
#include <wx/frame.h>
#include <wx/image.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "main_frame.h"
#include "temp_dir.h"

namespace scelle::gui::test {

extern bool g_wx_ready;

// Lets wx process events until `done()` or the timeout; false on timeout.
bool pump_until(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(30));
void pump_for(std::chrono::milliseconds duration);

// The colour of pixel (x, y) of the test pattern: different in every 256×256 block and
// along both axes, so a crop that is off by one pixel fails.
std::array<std::uint8_t, 3> pattern_pixel(int x, int y);

// A borderless frame covering `area` painted with pattern_pixel (screen coordinates).
class PatternFrame : public wxFrame {
  public:
    explicit PatternFrame(const wxRect& area);

  private:
    wxBitmap m_bitmap;
};

class MainFrameTest : public ::testing::Test {
  protected:
    void SetUp() override;
    void TearDown() override;

    // Creates a case through the new-case flow's code path and opens it.
    std::string make_case(const std::string& title = "Test case");
    // Waits until no import, capture or seal is running and their results were shown.
    bool wait_idle();
    // The original file of the item, as sealed in the store.
    std::filesystem::path original_of(const core::Item& item);
    // Writes a PNG of `w`×`h` pixels painted with pattern_pixel.
    std::filesystem::path write_png(const std::string& name, int w, int h);

    scelle::test::TempDir dir{"scelle-gui"};
    std::filesystem::path store_root;
    MainFrame* frame = nullptr;
    // The window's GuiSettings::read_pictures. Off for the tests that do not test the
    // background reading, so that what they find in the case does not depend on when a
    // reading ends (and no Tesseract runs beside them); set by a fixture's constructor.
    bool read_pictures = false;
};

}  // namespace scelle::gui::test
