// The jobs both front ends call (app/jobs): the capture job against the fake screen and a real
// store, the clock rule, a verdict's exit code, the seal setup from the environment.
#include <gtest/gtest.h>

#include <cstdlib>

#include "scelle/capture/capture.h"
#include "scelle/jobs/capture_job.h"
#include "scelle/jobs/seal_setup.h"
#include "scelle/jobs/verify_job.h"
#include "scelle/store/store.h"
#include "temp_dir.h"

namespace scelle::jobs {
namespace {

using core::Access;
using core::Store;

TEST(JobsCapture, TheScreenUnderThePointerIsTheOneRead) {
    auto backend = capture::make_fake_backend();
    capture::Request req;
    req.target = capture::Target::screen;
    req.screen = kScreenUnderPointer;
    auto frame = grab(*backend, req);
    ASSERT_TRUE(frame.ok());
    // The fake pointer is at 1400,300: on the second monitor (800×600 at 1280,0).
    EXPECT_EQ(req.screen, 1);
    EXPECT_EQ(frame->width, 800u);
    EXPECT_EQ(frame->height, 600u);
    EXPECT_EQ(frame->bounds.x, 1280);
}

TEST(JobsCapture, ASealedFrameKeepsItsSourceDescriptionAndAccount) {
    test::TempDir dir{"scelle-jobs"};
    Store store{dir / "store"};
    auto id = store.create_case({"Capture", "pharos", {"harassment"}, std::nullopt});
    ASSERT_TRUE(id.ok());
    auto cs = store.open_case(*id, Access::read_write);
    ASSERT_TRUE(cs.ok());
    auto backend = capture::make_fake_backend();
    capture::Request req;
    req.target = capture::Target::window;
    auto frame = grab(*backend, req);
    ASSERT_TRUE(frame.ok());
    CaptureFields fields;
    fields.description = "il demande l’adresse";
    fields.happened = "2025-03-08";
    auto sealed = seal_frame(**cs, std::move(frame).value(), req, fields);
    ASSERT_TRUE(sealed.ok()) << sealed.error().detail;
    EXPECT_EQ(sealed->width, 1024u);
    EXPECT_EQ(sealed->height, 600u);
    EXPECT_NE(sealed->source.find("Discord"), std::string::npos) << sealed->source;
    auto item = (*cs)->item(sealed->added.seq);
    ASSERT_TRUE(item.ok());
    EXPECT_EQ(item->kind, "screenshot");
    EXPECT_EQ(item->source, sealed->source);
    EXPECT_EQ(item->description, "il demande l’adresse");
    EXPECT_EQ(item->happened, "2025-03-08");

    // A pasted image names its source itself.
    capture::Request all;
    all.target = capture::Target::all_screens;
    auto again = grab(*backend, all);
    ASSERT_TRUE(again.ok());
    CaptureFields pasted;
    pasted.source = "clipboard";
    auto second = seal_frame(**cs, std::move(again).value(), all, pasted);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->source, "clipboard");
}

TEST(JobsClock, TwoMinutesIsTheLimitEitherWay) {
    EXPECT_FALSE(clock_needs_warning(0));
    EXPECT_FALSE(clock_needs_warning(120));
    EXPECT_FALSE(clock_needs_warning(-120));
    EXPECT_TRUE(clock_needs_warning(121));
    EXPECT_TRUE(clock_needs_warning(-121));
}

TEST(JobsVerify, EachVerdictHasItsExitStatus) {
    EXPECT_EQ(exit_code(core::BundleVerdict::intact_and_sealed), 0);
    EXPECT_EQ(exit_code(core::BundleVerdict::intact_unsealed), 3);
    EXPECT_EQ(exit_code(core::BundleVerdict::unreadable), 2);
    EXPECT_EQ(exit_code(core::BundleVerdict::altered), 1);
    EXPECT_EQ(exit_code(core::BundleVerdict::unsafe), 1);
}

TEST(JobsSealSetup, AnAnchorFileThatCannotBeReadIsASettingToFix) {
    test::TempDir dir{"scelle-jobs"};
    core::SettingsFlags flags;
    flags.tsa_urls = {"http://127.0.0.1:9/tsa"};
    flags.trust_anchors.emplace_back(dir / "no-such-anchor.pem");
    auto setup = load_seal_setup(flags);
    ASSERT_FALSE(setup.ok());
    EXPECT_EQ(setup.error().code, Errc::bad_settings);
    EXPECT_NE(setup.error().subject.find("no-such-anchor.pem"), std::string::npos)
        << setup.error().subject;
}

TEST(JobsSealSetup, TheFlagsNameTheTsas) {
    core::SettingsFlags flags;
    flags.tsa_urls = {"http://127.0.0.1:9/tsa"};
    auto setup = load_seal_setup(flags);
    ASSERT_TRUE(setup.ok()) << setup.error().detail;
    ASSERT_EQ(setup->settings.urls.size(), 1u);
    EXPECT_EQ(setup->settings.urls[0], "http://127.0.0.1:9/tsa");
}

}  // namespace
}  // namespace scelle::jobs
