#include "gui_test_env.h"

#include <wx/app.h>
#include <wx/dcclient.h>
#include <wx/utils.h>

#include <cstdlib>
#include <thread>

#include "new_case.h"
#include "scelle/store/store.h"

namespace scelle::gui::test {

bool g_wx_ready = false;

bool pump_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= end)
            return false;
        wxTheApp->ProcessPendingEvents();
        wxYield();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

void pump_for(std::chrono::milliseconds duration) {
    const auto end = std::chrono::steady_clock::now() + duration;
    pump_until([end] { return std::chrono::steady_clock::now() >= end; }, duration * 2);
}

std::array<std::uint8_t, 3> pattern_pixel(int x, int y) {
    return {static_cast<std::uint8_t>((x * 7 + (y >> 8) * 40) & 255),
            static_cast<std::uint8_t>((y * 5 + (x >> 8) * 60) & 255),
            static_cast<std::uint8_t>((x + 3 * y) & 255)};
}

namespace {

wxImage pattern_image(const wxRect& area) {
    wxImage img(area.width, area.height);
    unsigned char* p = img.GetData();
    for (int y = 0; y < area.height; ++y)
        for (int x = 0; x < area.width; ++x) {
            const auto c = pattern_pixel(area.x + x, area.y + y);
            *p++ = c[0];
            *p++ = c[1];
            *p++ = c[2];
        }
    return img;
}

}  // namespace

PatternFrame::PatternFrame(const wxRect& area)
    : wxFrame(nullptr, wxID_ANY, wxT("pattern"), area.GetPosition(), area.GetSize(),
              wxBORDER_NONE | wxFRAME_NO_TASKBAR),
      m_bitmap(pattern_image(area), 24) {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    Bind(wxEVT_PAINT, [this](wxPaintEvent&) {
        wxPaintDC dc(this);
        dc.DrawBitmap(m_bitmap, 0, 0);
    });
}

void MainFrameTest::SetUp() {
    if (!g_wx_ready)
        GTEST_SKIP() << "no display (DISPLAY is unset): the GUI tests run under Xvfb";
    store_root = dir / "store";
    ::setenv("SCELLE_STORE", store_root.c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
    ::setenv("SCELLE_CONFIG", (dir / "config" / "settings.json").c_str(), 1);
    ::setenv("SCELLE_TSA_URLS", "", 1);
    GuiSettings settings;
    settings.store = store_root;
    settings.read_pictures = read_pictures;
    frame = new MainFrame(store_root, settings, FirstRun::quiet);
    frame->SetPosition(wxPoint(0, 0));
    frame->Show();
    pump_for(std::chrono::milliseconds(100));
}

void MainFrameTest::TearDown() {
    if (frame) {
        wait_idle();
        frame->Destroy();
        pump_for(std::chrono::milliseconds(50));
        frame = nullptr;
    }
}

std::string MainFrameTest::make_case(const std::string& title) {
    core::Store store(store_root);
    NewCaseAnswers a;
    a.title = title;
    a.incidents = {"harassment"};
    auto r = create_case_from_answers(store, a);
    EXPECT_TRUE(r.ok());
    if (!r.ok())
        return {};
    frame->reload_cases(r->case_id);
    frame->open_case(r->case_id);
    return r->case_id;
}

bool MainFrameTest::wait_idle() {
    return pump_until([this] { return frame->idle(); });
}

std::filesystem::path MainFrameTest::original_of(const core::Item& item) {
    core::Store store(store_root);
    auto cs = store.open_case(*frame->current_case(), core::Access::read_only);
    EXPECT_TRUE(cs.ok());
    return (*cs)->object_path(item.sha256.value_or(""));
}

std::filesystem::path MainFrameTest::write_png(const std::string& name, int w, int h) {
    const auto path = dir / name;
    EXPECT_TRUE(
        pattern_image(wxRect(0, 0, w, h)).SaveFile(wxString(path.c_str()), wxBITMAP_TYPE_PNG));
    return path;
}

}  // namespace scelle::gui::test
