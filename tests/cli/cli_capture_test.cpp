// End-to-end tests of `scelle-cli capture` on the fake capture backend (a drawn screen of two
// monitors, always built): the PNG sealed holds exactly the pixels asked for, the custody line
// records the capture's details, a local TSA seals it, and bad requests give one sentence and
// record nothing. The X11 backend's own pixel tests are in tests/capture/ (under Xvfb).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "scelle/capture/capture.h"
#include "temp_dir.h"
#include "test_pki.h"
#include "test_tsa.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::dump;

class CliCapture : public ::testing::Test {
  protected:
    using Env = std::map<std::string, std::string>;

    void SetUp() override {
        auto r = cli({"case", "new", "--title", "Chantage sur Discord"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        id = test::first_line(r.out);
    }
    test::ProcResult cli(const std::vector<std::string>& args, Env env = {}) {
        env.emplace("SCELLE_CAPTURE_BACKEND", "fake");
        return test::run_cli(dir / "store", args, env);
    }
    // The sealed original of `item`, decoded to raw RGB by ImageMagick (a reference decoder).
    std::string pixels_of(int item, int& width, int& height) {
        const fs::path png = dir / ("item-" + std::to_string(item) + ".png");
        auto x = cli({"extract", id, std::to_string(item), "-o", png.string()});
        EXPECT_EQ(x.exit_code, 0) << dump(x);
        auto size = test::run({"identify", "-format", "%w %h", png.string()});
        std::sscanf(size.out.c_str(), "%d %d", &width, &height);
        return test::run({"convert", png.string(), "-depth", "8", "rgb:-"}).out;
    }
    // Every pixel equals the fake screen's pixel at (x0 + x, y0 + y).
    void expect_fake_pixels(const std::string& rgb, int width, int height, int x0, int y0) {
        ASSERT_EQ(rgb.size(), static_cast<std::size_t>(width) * height * 3);
        int wrong = 0;
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                const auto want = capture::fake_pixel(x0 + x, y0 + y);
                const auto* got =
                    reinterpret_cast<const std::uint8_t*>(rgb.data()) + (y * width + x) * 3;
                if (got[0] != want[0] || got[1] != want[1] || got[2] != want[2])
                    ++wrong;
            }
        EXPECT_EQ(wrong, 0);
    }
    std::size_t item_count() {
        auto r = cli({"--json", "case", "show", id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return json::parse(r.out)["items"].size();
    }

    test::TempDir dir{"scelle-cli-capture"};
    std::string id;
};

TEST_F(CliCapture, OneScreenIsSealedWithExactlyItsPixels) {
    auto r = cli({"--json", "capture", id, "--screen", "1", "--offline"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["item"], 1);
    EXPECT_EQ(doc["width"], 1280);
    EXPECT_EQ(doc["height"], 720);
    int w = 0, h = 0;
    const std::string rgb = pixels_of(1, w, h);
    EXPECT_EQ(w, 1280);
    EXPECT_EQ(h, 720);
    expect_fake_pixels(rgb, w, h, 0, 0);

    auto log = cli({"log", id});
    const std::string& out = log.out;
    const json line = json::parse(out.substr(out.rfind('\n', out.size() - 2) + 1));
    EXPECT_EQ(line["action"], "item.captured");
    EXPECT_EQ(line["kind"], "screenshot");
    EXPECT_EQ(line["capture"]["backend"], "fake");
    EXPECT_EQ(line["capture"]["monitors"].size(), 2u);
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

TEST_F(CliCapture, AllScreensARegionAndTheActiveWindow) {
    ASSERT_EQ(cli({"capture", id, "--screen", "--offline"}).exit_code, 0);
    int w = 0, h = 0;
    std::string rgb = pixels_of(1, w, h);
    EXPECT_EQ(w, 2080);
    EXPECT_EQ(h, 720);

    auto region = cli({"capture", id, "--region", "1250,20,200,150", "--offline"});
    ASSERT_EQ(region.exit_code, 0) << dump(region);
    rgb = pixels_of(2, w, h);
    EXPECT_EQ(w, 200);
    EXPECT_EQ(h, 150);
    expect_fake_pixels(rgb, w, h, 1250, 20);

    auto win = cli({"--json", "capture", id, "--window", "active", "--offline", "--description",
                    "le message de menace"});
    ASSERT_EQ(win.exit_code, 0) << dump(win);
    const json doc = json::parse(win.out);
    EXPECT_EQ(doc["width"], 1024);
    EXPECT_EQ(doc["height"], 600);
    EXPECT_NE(doc["source"].get<std::string>().find("Discord"), std::string::npos) << win.out;
    rgb = pixels_of(3, w, h);
    expect_fake_pixels(rgb, w, h, 100, 80);
    auto show = json::parse(cli({"--json", "case", "show", id}).out);
    EXPECT_EQ(show["items"][2]["description"], "le message de menace");
    EXPECT_EQ(show["items"][2]["kind"], "screenshot");
}

TEST_F(CliCapture, ALocalTsaSealsTheCapture) {
    auto pki = std::make_shared<const test::TestPki>();
    const fs::path ca = dir / "ca.pem";
    pki->write_ca_pem(ca);
    test::TestTsaOptions o;
    o.pki = pki;
    test::TestTsa tsa(o);
    ASSERT_TRUE(tsa.start()) << tsa.last_error();
    auto r = cli({"--json", "capture", id, "--screen", "2"},
                 {{"SCELLE_TSA_URLS", tsa.url()}, {"SCELLE_TRUST_ANCHORS", ca.string()}});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["width"], 800);
    EXPECT_EQ(doc["timestamp"]["status"], "granted") << r.out;
    EXPECT_EQ(tsa.request_count(), 1u);
}

TEST_F(CliCapture, BadRequestsAreOneSentenceAndRecordNothing) {
    struct Case {
        std::vector<std::string> args;
        int exit_code;
        std::string says;
    };
    const std::vector<Case> cases = {
        {{"--screen", "3"}, 2, "screen"},
        {{"--screen", "0"}, 2, "numbered from 1"},
        {{"--region", "0,0,0,5"}, 2, "X,Y,WIDTH,HEIGHT"},
        {{"--region", "10,10,200"}, 2, "X,Y,WIDTH,HEIGHT"},
        {{"--region", "2000,0,200,200"}, 2, "--region"},
        {{"--window", "0xdeadbeef"}, 2, "0xdeadbeef"},
        {{"--delay", "-1", "--screen"}, 2, "delay"},
        {{}, 2, "say what to capture"},
        {{"--screen", "--region", "0,0,5,5"}, 2, "excludes"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"capture", id, "--offline"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        auto r = cli(args);
        EXPECT_EQ(r.exit_code, c.exit_code) << dump(r);
        EXPECT_NE(r.err.find(c.says), std::string::npos) << dump(r);
    }
    EXPECT_EQ(item_count(), 0u);
}

TEST_F(CliCapture, NoDisplayIsSaidWithTheOtherWaysIn) {
    auto r = test::run_cli(dir / "store", {"--lang", "fr", "capture", id, "--screen", "--offline"},
                           {{"SCELLE_CAPTURE_BACKEND", "x11"}, {"DISPLAY", ""}});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_NE(r.err.find("l’écran ne peut pas être capturé"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("importez-la"), std::string::npos) << r.err;
    EXPECT_EQ(item_count(), 0u);
}

TEST_F(CliCapture, WithoutItsModuleABackendIsRefusedInOneSentence) {
    // The X11 and portal backends are modules loaded by the first capture through them:
    // missing, the capture says so, naming the file, and records nothing.
    const fs::path nowhere = dir / "no-modules";
    for (const std::string backend : {"x11", "portal"}) {
        auto r = test::run_cli(
            dir / "store", {"capture", id, "--screen", "--offline"},
            {{"SCELLE_CAPTURE_BACKEND", backend}, {"SCELLE_MODULE_DIR", nowhere.string()}});
        EXPECT_NE(r.exit_code, 0) << dump(r);
        const fs::path file = nowhere / ("scelle-capture-" + backend + ".so");
        EXPECT_NE(r.err.find(file.string()), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("reinstall"), std::string::npos) << r.err;
        EXPECT_EQ(item_count(), 0u);
    }
}

TEST_F(CliCapture, AnUnknownCaseIsSaidBeforeTheScreenIsRead) {
    auto r = cli({"capture", "nope", "--screen", "--offline"});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace scelle
