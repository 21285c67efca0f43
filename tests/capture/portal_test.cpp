// The portal backend against a fake Screenshot portal on a private D-Bus (fake_portal.h): the
// real libportal call, the Response signal, the file:// URI and the PNG file. What the real
// desktop portals do (their dialogs, where they save) is not tested here.
#include <gtest/gtest.h>

#include <cctype>

#include <fmt/format.h>

#include "env_guard.h"
#include "fake_portal.h"
#include "scelle/capture/capture.h"
#include "temp_dir.h"

namespace scelle::capture {
namespace {

class Portal : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string why;
        m_portal = test::FakePortal::get(why);
        if (!m_portal)
            GTEST_SKIP() << "no private D-Bus here: " << why;
        ASSERT_TRUE(m_portal->set_present(true));
    }

    // A PNG file with a space and an accent in its name, as desktops name screenshots.
    std::pair<std::string, std::vector<std::byte>> write_png(const test::TempDir& dir) {
        Request request;
        request.target = Target::region;
        request.region = Rect{0, 0, 320, 200};
        auto frame = make_fake_backend()->grab(request);
        EXPECT_TRUE(frame.ok());
        auto capture = encode(std::move(frame).value());
        EXPECT_TRUE(capture.ok());
        const auto path = dir / "Capture d’écran 1.png";
        test::write_file(path, std::string(reinterpret_cast<const char*>(capture->png.data()),
                                           capture->png.size()));
        std::string uri = "file://";
        for (const unsigned char c : path.string()) {
            if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_')
                uri.push_back(static_cast<char>(c));
            else
                uri += fmt::format("%{:02X}", c);
        }
        return {uri, capture->png};
    }

    test::FakePortal* m_portal = nullptr;
};

TEST_F(Portal, KeepsThePortalsPngUnchanged) {
    test::TempDir dir("scelle-portal");
    const auto [uri, png] = write_png(dir);
    m_portal->answer(0, uri);
    auto backend = open_backend("portal");
    ASSERT_TRUE(backend.ok()) << backend.error().detail;
    EXPECT_TRUE((*backend)->asks_the_user());
    const int before = m_portal->calls();

    Request screen;
    auto frame = (*backend)->grab(screen);
    ASSERT_TRUE(frame.ok()) << frame.error().detail;
    EXPECT_EQ(m_portal->calls(), before + 1);
    EXPECT_FALSE(m_portal->last_interactive()) << "a screen is taken without a dialog";
    EXPECT_EQ(frame->backend, "portal");
    EXPECT_EQ(frame->width, 320u);
    EXPECT_EQ(frame->height, 200u);
    ASSERT_TRUE(frame->png.has_value());
    EXPECT_TRUE(*frame->png == png);
    auto capture = encode(std::move(frame).value());
    ASSERT_TRUE(capture.ok());
    EXPECT_TRUE(capture->png == png) << "the portal's bytes are the original";

    Request region;
    region.target = Target::region;
    region.region = Rect{1, 2, 3, 4};
    auto chosen = (*backend)->grab(region);
    ASSERT_TRUE(chosen.ok()) << chosen.error().detail;
    EXPECT_TRUE(m_portal->last_interactive()) << "the user chooses the region in the dialog";
    EXPECT_EQ(source_text(*chosen, region),
              "Area chosen in the system's screenshot dialog (320×200)");
}

TEST_F(Portal, ClosedDialogIsCancelled) {
    m_portal->answer(1, "");
    auto backend = open_backend("portal");
    ASSERT_TRUE(backend.ok()) << backend.error().detail;
    Request window;
    window.target = Target::window;
    auto frame = (*backend)->grab(window);
    ASSERT_FALSE(frame.ok());
    EXPECT_EQ(frame.error().code, Errc::capture_cancelled);
}

TEST_F(Portal, FailureAndBadFilesAreUnavailableOrRefused) {
    auto backend = open_backend("portal");
    ASSERT_TRUE(backend.ok()) << backend.error().detail;
    m_portal->answer(2, "");
    auto failed = (*backend)->grab(Request{});
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, Errc::capture_unavailable);

    m_portal->answer(0, "file:///nonexistent/scelle/shot.png");
    auto missing = (*backend)->grab(Request{});
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, Errc::capture_unavailable);
    EXPECT_NE(missing.error().detail.find("cannot be read"), std::string::npos);

    Request second;
    second.screen = 1;
    auto other = (*backend)->grab(second);
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, Errc::usage);
}

TEST_F(Portal, MissingPortalIsUnavailable) {
    ASSERT_TRUE(m_portal->set_present(false));
    auto backend = open_backend("portal");
    ASSERT_TRUE(m_portal->set_present(true));
    ASSERT_FALSE(backend.ok());
    EXPECT_EQ(backend.error().code, Errc::capture_unavailable);
    EXPECT_EQ(backend.error().detail.rfind("the desktop's screenshot portal is not available", 0),
              0u)
        << backend.error().detail;
}

}  // namespace
}  // namespace scelle::capture
