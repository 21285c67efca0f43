// `scelle-cli capture --scroll` end to end on a real X server (Xvfb under CI): a window of this
// test shows a long chat — 300 known lines between a sticky header and a message box — and
// scrolls it when the wheel turns, as a chat application does. Scellé must scroll it itself,
// seal every frame, and stitch an image equal, pixel for pixel, to the whole conversation
// drawn at once: no line lost or doubled. A window that changes between frames (a blinking
// "is typing" line) must stop the capture, say so, and keep every frame read.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "temp_dir.h"
// Last: it includes Xlib, whose macros clash with GoogleTest's names.
#include "chat_window.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::dump;

using test::ChatWindow;
using test::kBody;
using test::kFooter;
using test::kHeader;
using test::kLine;
using test::kLines;
using test::kWidth;

class ScrollCapture : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!std::getenv("DISPLAY"))
            GTEST_SKIP() << "DISPLAY is not set (CI runs these under xvfb-run)";
        auto r = cli({"case", "new", "--title", "Harcèlement sur Discord"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        id = r.out.substr(0, r.out.find('\n'));
    }
    test::ProcResult cli(const std::vector<std::string>& args) {
        std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", (dir / "store").string()};
        argv.insert(argv.end(), args.begin(), args.end());
        test::RunOptions opts;
        opts.env = {{"LC_ALL", "C"}, {"SCELLE_CAPTURE_BACKEND", "x11"}};
        return test::run(argv, opts);
    }
    // The item's original, decoded by ImageMagick (a reference decoder) to RGB rows.
    std::string pixels_of(std::int64_t item, int& width, int& height) {
        const fs::path png = dir / ("item-" + std::to_string(item) + ".png");
        auto x = cli({"extract", id, std::to_string(item), "-o", png.string()});
        EXPECT_EQ(x.exit_code, 0) << dump(x);
        auto size = test::run({"identify", "-format", "%w %h", png.string()});
        std::sscanf(size.out.c_str(), "%d %d", &width, &height);
        return test::run({"convert", png.string(), "-depth", "8", "rgb:-"}).out;
    }

    test::TempDir dir{"scelle-scroll"};
    std::string id;
};

TEST_F(ScrollCapture, AWholeConversationBecomesOneStitchedImageAndEveryFrameIsSealed) {
    ChatWindow chat({});
    ASSERT_TRUE(chat.ok());
    const std::string whole = chat.whole_rgb();
    chat.start();
    auto r = cli({"--json", "capture", id, "--scroll", "--window", chat.id(), "--description",
                  "toute la conversation", "--offline"});
    chat.stop();
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["end"], "end_reached");
    const auto frames = doc["frames"].get<std::vector<std::int64_t>>();
    // 5,600 rows to scroll: one click of 40 rows, then steps of 6 clicks (60% of the body).
    ASSERT_GE(frames.size(), 10u);
    EXPECT_EQ(doc["joined"], frames.size());
    ASSERT_TRUE(doc["item"].is_number_integer());
    EXPECT_EQ(doc["width"], kWidth);
    EXPECT_EQ(doc["height"], kHeader + kLines * kLine + kFooter);

    int w = 0, h = 0;
    const std::string stitched = pixels_of(doc["item"].get<std::int64_t>(), w, h);
    EXPECT_EQ(w, kWidth);
    EXPECT_EQ(h, kHeader + kLines * kLine + kFooter);
    ASSERT_EQ(stitched.size(), whole.size());
    std::size_t first_wrong_row = 0;
    bool same = true;
    for (std::size_t i = 0; i < whole.size() && same; ++i)
        if (stitched[i] != whole[i]) {
            same = false;
            first_wrong_row = i / (std::size_t(kWidth) * 3);
        }
    EXPECT_TRUE(same) << "the stitched image differs from the conversation from row "
                      << first_wrong_row;

    // Every frame is an original screenshot of the window; the stitched image is derived and
    // names them, with their content, in order.
    auto show = cli({"--json", "case", "show", id});
    ASSERT_EQ(show.exit_code, 0) << dump(show);
    const json items = json::parse(show.out)["items"];
    ASSERT_EQ(items.size(), frames.size() + 1);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        EXPECT_EQ(items[i]["seq"], frames[i]);
        EXPECT_EQ(items[i]["kind"], "screenshot");
        EXPECT_TRUE(items[i]["derived"].is_null());
        EXPECT_EQ(items[i]["height"], kHeader + kBody + kFooter);
    }
    const json& derived = items.back()["derived"];
    ASSERT_TRUE(derived.is_object()) << items.back().dump();
    EXPECT_EQ(items.back()["description"], "toute la conversation");
    EXPECT_EQ(derived["direction"], "down");
    // The sticky rows: the header and the message box, and the chat's background row next to
    // them, which happens to be alike in every frame (the scrolls move whole lines).
    EXPECT_GE(derived["header_rows"], kHeader);
    EXPECT_LE(derived["header_rows"], kHeader + 1);
    EXPECT_GE(derived["footer_rows"], kFooter);
    EXPECT_LE(derived["footer_rows"], kFooter + 1);
    ASSERT_EQ(derived["frames"].size(), frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        EXPECT_EQ(derived["frames"][i]["item"], frames[i]);
        EXPECT_EQ(derived["frames"][i]["sha256"], items[i]["sha256"]);
    }
    // Searchable in the same action: the joined image has its machine transcript, and the
    // words of the conversation are found in it (the frames are not read twice).
    ASSERT_TRUE(doc["transcript_lines"].is_number_integer()) << doc.dump();
    EXPECT_GE(doc["transcript_lines"].get<int>(), kLines / 2);
    auto found = cli({"--json", "search", id, "adresse"});
    ASSERT_EQ(found.exit_code, 0) << dump(found);
    const json hits = json::parse(found.out)["hits"];
    ASSERT_GE(hits.size(), 10u) << found.out;
    for (const auto& hit : hits)
        EXPECT_EQ(hit["item"], doc["item"]);
    EXPECT_EQ(found.err.find("no transcript yet"), std::string::npos) << found.err;

    // The log says it, and the case checks out.
    auto log = cli({"log", id});
    EXPECT_NE(log.out.find("\"action\":\"item.derived\""), std::string::npos);
    auto check = cli({"check", id});
    EXPECT_EQ(check.exit_code, 0) << dump(check);

    // The bundle carries it, and verify finds nothing altered.
    const fs::path zip = dir / "bundle.zip";
    auto ex = cli({"export", id, "-o", zip.string(), "--offline", "--no-report"});
    ASSERT_EQ(ex.exit_code, 0) << dump(ex);
    auto v = cli({"--json", "verify", zip.string()});
    EXPECT_EQ(v.out.find("\"altered\""), std::string::npos) << dump(v);
}

TEST_F(ScrollCapture, AWindowThatChangesBetweenFramesStopsTheCaptureAndKeepsTheFrames) {
    ChatWindow chat({true});
    ASSERT_TRUE(chat.ok());
    chat.start();
    auto r = cli({"--json", "capture", id, "--scroll", "--window", chat.id(), "--offline"});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const json doc = json::parse(r.out);
    EXPECT_TRUE(doc["end"] == "no_overlap" || doc["end"] == "unsteady") << doc.dump();
    const auto frames = doc["frames"].get<std::vector<std::int64_t>>();
    ASSERT_GE(frames.size(), 1u);
    EXPECT_LT(doc["joined"].get<std::size_t>(), frames.size());
    auto show = cli({"--json", "case", "show", id});
    const json items = json::parse(show.out)["items"];
    EXPECT_EQ(items.size(), frames.size() + (doc["item"].is_null() ? 0 : 1));
    // Said in words too, from where the first capture stopped.
    auto human = cli({"capture", id, "--scroll", "--window", chat.id(), "--offline"});
    chat.stop();
    EXPECT_EQ(human.exit_code, 1) << dump(human);
    EXPECT_NE(human.err.find("Stopped: "), std::string::npos) << dump(human);
    EXPECT_NE(human.err.find("every frame read is sealed"), std::string::npos) << dump(human);
    std::cout << human.err;
}

TEST_F(ScrollCapture, EscHeldDownStopsTheCaptureAndKeepsWhatWasRead) {
    ChatWindow::Options options;
    options.escape_after_clicks = 13;  // the first click, then two steps of 6
    ChatWindow chat(options);
    ASSERT_TRUE(chat.ok());
    chat.start();
    auto r = cli({"--json", "capture", id, "--scroll", "--window", chat.id(), "--no-transcript",
                  "--offline"});
    chat.stop();
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["end"], "cancelled") << doc.dump();
    const auto frames = doc["frames"].get<std::vector<std::int64_t>>();
    EXPECT_GE(frames.size(), 3u);
    EXPECT_LE(frames.size(), 5u);
    EXPECT_EQ(doc["joined"], frames.size());
    EXPECT_TRUE(doc["item"].is_number_integer());
    EXPECT_TRUE(doc["transcript_lines"].is_null());  // --no-transcript
}

// A window whose picture has one colour only (as a window that does not let itself be read
// comes out: black) is not a conversation whose end was reached after one frame: the capture
// stops at once, says why, and seals the frame it read.
TEST_F(ScrollCapture, AWindowOfOneColourStopsTheCaptureAndSaysWhy) {
    Display* d = XOpenDisplay(nullptr);
    ASSERT_NE(d, nullptr);
    const Window w =
        XCreateSimpleWindow(d, DefaultRootWindow(d), 140, 120, 320, 240, 0, 0, 0x000000);
    XSelectInput(d, w, ExposureMask);
    XMapRaised(d, w);
    for (XEvent e;;) {
        XNextEvent(d, &e);
        if (e.type == Expose)
            break;
    }
    XSync(d, False);
    char wid[32];
    std::snprintf(wid, sizeof wid, "%#lx", w);

    auto r = cli({"--json", "capture", id, "--scroll", "--window", wid, "--offline"});
    auto human = cli({"capture", id, "--scroll", "--window", wid, "--offline"});
    XDestroyWindow(d, w);
    XCloseDisplay(d);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["end"], "blank") << doc.dump();
    EXPECT_EQ(doc["frames"].size(), 1u) << doc.dump();
    EXPECT_TRUE(doc["item"].is_null()) << doc.dump();
    EXPECT_EQ(human.exit_code, 1) << dump(human);
    EXPECT_NE(human.err.find("one colour only"), std::string::npos) << dump(human);
    EXPECT_NE(human.err.find("Nothing was scrolled"), std::string::npos) << dump(human);
    // The frame read is a sealed original (read twice, the same picture is kept once), and
    // nothing else was recorded.
    auto show = cli({"--json", "case", "show", id});
    const json items = json::parse(show.out)["items"];
    ASSERT_EQ(items.size(), 1u) << show.out;
    EXPECT_EQ(items[0]["kind"], "screenshot");
    EXPECT_TRUE(items[0]["derived"].is_null());
    EXPECT_EQ(items[0]["seq"], doc["frames"][0]);
}

TEST_F(ScrollCapture, BadRequestsGetOneSentenceAndRecordNothing) {
    struct Case {
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Case> cases = {
        {{"--scroll", "--screen", "1"}, "a scrolling capture reads a window"},
        {{"--scroll", "--window", "active", "--direction", "sideways"}, "write down or up"},
        {{"--scroll", "--window", "active", "--max-frames", "1"}, "give from 2 to 200 frames"},
        {{"--scroll", "--window", "active", "--max-frames", "999"}, "give from 2 to 200 frames"},
        {{"--scroll", "--window", "0x7fffff01"}, "no window has this id"},
        {{"--window", "active", "--max-frames", "5"}, "--scroll"},
        {{"--window", "active", "--no-transcript"}, "--scroll"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"capture", id};
        args.insert(args.end(), c.args.begin(), c.args.end());
        args.push_back("--offline");
        auto r = cli(args);
        EXPECT_EQ(r.exit_code, 2) << dump(r);
        EXPECT_NE(r.err.find(c.says), std::string::npos) << dump(r);
    }
    auto show = cli({"--json", "case", "show", id});
    EXPECT_EQ(json::parse(show.out)["items"].size(), 0u);
}

}  // namespace
}  // namespace scelle
