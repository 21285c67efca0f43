// The jobs both front ends call (app/jobs): the capture job against the fake screen and a real
// store, the clock rule, a verdict's exit code, the seal setup from the environment; the
// import, seal-pending, export, report and verify jobs against a real store in a temporary
// folder and the test TSA, with a Reporter that records progress and cancels on cue.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "scelle/capture/capture.h"
#include "scelle/jobs/capture_job.h"
#include "scelle/jobs/export_job.h"
#include "scelle/jobs/import_job.h"
#include "scelle/jobs/reporter.h"
#include "scelle/jobs/seal_job.h"
#include "scelle/jobs/seal_setup.h"
#include "scelle/jobs/verify_job.h"
#include "scelle/store/store.h"
#include "temp_dir.h"
#include "test_tsa.h"

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

// Records every progress report; answers cancelled() true from the `cancel_at`-th poll on
// (1-based; 0: never).
class Recorder : public Reporter {
  public:
    explicit Recorder(int cancel_at = 0) : m_cancel_at(cancel_at) {}
    void progress(std::uint64_t done, std::uint64_t total, std::string_view what) override {
        seen.push_back({done, total, std::string(what)});
    }
    bool cancelled() const override {
        ++polls;
        return m_cancel_at > 0 && polls >= m_cancel_at;
    }
    bool reached_total() const {
        return !seen.empty() && seen.back().done == seen.back().total && seen.back().total > 0;
    }
    bool never_goes_back() const {
        for (std::size_t i = 1; i < seen.size(); ++i) {
            const auto& a = seen[i - 1];
            const auto& b = seen[i];
            // Compared as fractions: a / a.total <= b / b.total.
            if (a.done * b.total > b.done * a.total)
                return false;
        }
        return true;
    }
    struct Step {
        std::uint64_t done;
        std::uint64_t total;
        std::string what;
    };
    std::vector<Step> seen;
    mutable int polls = 0;

  private:
    int m_cancel_at;
};

namespace fs = std::filesystem;

// A case in a store in a temporary folder, and the test TSA as the only authority, its CA the
// only anchor.
class JobsOnACase : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(tsa.start()) << tsa.last_error();
        ca = dir / "ca.pem";
        tsa.pki().write_ca_pem(ca);
        setup = make_setup({tsa.url()});
        ASSERT_TRUE(setup);
        auto id = store.create_case({"Jobs", "police", {"harassment"}, std::nullopt});
        ASSERT_TRUE(id.ok());
        auto cs = store.open_case(*id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        kase = std::move(cs).value();
    }

    std::optional<SealSetup> make_setup(std::vector<std::string> urls) {
        core::TsaSettings settings;
        settings.urls = std::move(urls);
        settings.urls_from = "flags";
        settings.client.max_attempts = 1;
        settings.client.total_timeout = std::chrono::seconds(5);
        auto trust = crypto::TrustStore::create({crypto::SystemAnchors::skip, std::nullopt, {ca}});
        if (!trust.ok())
            return std::nullopt;
        return SealSetup{std::move(settings), std::move(trust).value()};
    }

    fs::path file(const std::string& name, const std::string& content) {
        const fs::path p = dir / "in" / name;
        fs::create_directories(p.parent_path());
        test::write_file(p, content);
        return p;
    }

    core::ImportRequest request(std::vector<fs::path> files) {
        core::ImportRequest req;
        req.files = std::move(files);
        return req;
    }

    std::vector<core::Item> items() {
        auto r = kase->items();
        EXPECT_TRUE(r.ok());
        return r.ok() ? *r : std::vector<core::Item>{};
    }

    // The names in `folder`, for "nothing was left behind".
    static std::vector<std::string> names_in(const fs::path& folder) {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(folder))
            out.push_back(e.path().filename().string());
        return out;
    }

    test::TempDir dir{"scelle-jobs"};
    test::TestTsa tsa;
    fs::path ca;
    std::optional<SealSetup> setup;
    Store store{dir / "store"};
    std::unique_ptr<core::CaseStore> kase;
};

TEST_F(JobsOnACase, ImportCountsWhatItAddedAndSealsItInOneRequest) {
    ASSERT_TRUE(import_files(*kase, request({file("first.txt", "first")}), nullptr).ok());
    tsa.clear_requests();
    Recorder rec;
    auto r = import_files(
        *kase, request({file("a.txt", "alpha"), file("b.txt", "beta"), file("again.txt", "first")}),
        &*setup, rec);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    ASSERT_EQ(r->outcomes.size(), 3u);
    EXPECT_EQ(r->added, 2);
    EXPECT_EQ(r->duplicates, 1);
    EXPECT_TRUE(r->outcomes[2].duplicate);
    EXPECT_EQ(r->outcomes[2].seq, 1);
    ASSERT_TRUE(r->seal.has_value());
    ASSERT_TRUE(r->seal->ok());
    EXPECT_TRUE((*r->seal)->granted());
    EXPECT_EQ((*r->seal)->outcome.items_covered, 3);
    EXPECT_EQ(tsa.request_count(), 1u);
    for (const auto& it : items())
        EXPECT_EQ(it.timestamp.status, core::TimestampStatus::granted) << it.seq;
    EXPECT_TRUE(rec.reached_total());
    EXPECT_TRUE(rec.never_goes_back());
}

TEST_F(JobsOnACase, ImportWithoutASetupStoresAndAsksNothing) {
    Recorder rec;
    auto r = import_files(*kase, request({file("a.txt", "alpha")}), nullptr, rec);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->added, 1);
    EXPECT_FALSE(r->seal.has_value());
    EXPECT_EQ(tsa.request_count(), 0u);
    ASSERT_EQ(items().size(), 1u);
    EXPECT_NE(items()[0].timestamp.status, core::TimestampStatus::granted);
    EXPECT_TRUE(rec.reached_total());
}

TEST_F(JobsOnACase, AnImportCancelledBeforeItStartsStoresNothing) {
    Recorder rec(/*cancel_at=*/1);
    auto r = import_files(*kase, request({file("a.txt", "alpha")}), &*setup, rec);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(is_cancelled(r.error()));
    EXPECT_TRUE(items().empty());
    EXPECT_EQ(tsa.request_count(), 0u);
}

TEST_F(JobsOnACase, AnImportCancelledAfterItsFilesKeepsThemUnsealed) {
    Recorder rec(/*cancel_at=*/2);
    auto r = import_files(*kase, request({file("a.txt", "alpha")}), &*setup, rec);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->added, 1);
    EXPECT_FALSE(r->seal.has_value());
    EXPECT_EQ(tsa.request_count(), 0u);
    ASSERT_EQ(items().size(), 1u);
}

TEST_F(JobsOnACase, SealPendingCoversManyItemsWithOneRequest) {
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(import_files(*kase,
                                 request({file("f" + std::to_string(i) + ".txt",
                                               "content " + std::to_string(i))}),
                                 nullptr)
                        .ok());
    Recorder rec;
    auto r = seal_pending(*kase, *setup, rec);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_TRUE(r->granted());
    EXPECT_FALSE(r->nothing_pending());
    EXPECT_FALSE(r->no_tsa);
    EXPECT_FALSE(r->clock_skew.has_value());  // the test TSA's clock is this machine's
    EXPECT_EQ(r->outcome.items_covered, 5);
    EXPECT_EQ(tsa.request_count(), 1u);
    EXPECT_TRUE(rec.reached_total());
    for (const auto& it : items())
        EXPECT_EQ(it.timestamp.status, core::TimestampStatus::granted) << it.seq;

    // Nothing left to cover: no request at all.
    auto again = seal_pending(*kase, *setup);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->nothing_pending());
    EXPECT_EQ(tsa.request_count(), 1u);
}

TEST_F(JobsOnACase, ACancelledSealAsksNothing) {
    ASSERT_TRUE(import_files(*kase, request({file("a.txt", "alpha")}), nullptr).ok());
    Recorder rec(/*cancel_at=*/1);
    auto r = seal_pending(*kase, *setup, rec);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(is_cancelled(r.error()));
    EXPECT_EQ(tsa.request_count(), 0u);
    EXPECT_NE(items()[0].timestamp.status, core::TimestampStatus::granted);
}

TEST_F(JobsOnACase, WithNoTsaConfiguredTheSealSaysSo) {
    ASSERT_TRUE(import_files(*kase, request({file("a.txt", "alpha")}), nullptr).ok());
    auto none = make_setup({});
    ASSERT_TRUE(none);
    auto r = seal_pending(*kase, *none);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->no_tsa);
    EXPECT_FALSE(r->granted());
    EXPECT_EQ(tsa.request_count(), 0u);
}

TEST(JobsSealBatch, ABurstCostsOneMoreRequestNotOneEach) {
    SealBatch batch;
    EXPECT_TRUE(batch.want());  // the first change starts a request
    EXPECT_TRUE(batch.running());
    EXPECT_FALSE(batch.want());  // three more while it runs...
    EXPECT_FALSE(batch.want());
    EXPECT_FALSE(batch.want());
    EXPECT_TRUE(batch.finished());  // ...cost one more
    EXPECT_FALSE(batch.running());
    EXPECT_TRUE(batch.want());
    EXPECT_FALSE(batch.finished());  // nothing came meanwhile: done
    EXPECT_TRUE(batch.want());
}

TEST_F(JobsOnACase, ExportWritesASealedBundleWithItsReportThatVerifies) {
    ASSERT_TRUE(import_files(*kase, request({file("a.txt", "alpha")}), &*setup).ok());
    const fs::path out = dir / "out" / "case.zip";
    fs::create_directories(out.parent_path());
    ExportInput in;
    in.out = out;
    in.report_lang = "fr";
    in.seal = &*setup;
    Recorder rec;
    auto r = export_case(*kase, std::move(in), rec);
    ASSERT_TRUE(r.ok()) << r.error().subject << ": " << r.error().detail;
    EXPECT_TRUE(fs::exists(out));
    EXPECT_EQ(r->outcome.bundle, out);
    EXPECT_TRUE(r->outcome.sealed);
    EXPECT_FALSE(r->no_tsa);
    ASSERT_TRUE(r->outcome.report.has_value());
    EXPECT_EQ(r->outcome.report->lang, "fr");
    EXPECT_GT(r->outcome.report->pages, 0);
    EXPECT_EQ(r->outcome.evidence_files, 1);
    EXPECT_TRUE(rec.reached_total());
    EXPECT_TRUE(rec.never_goes_back());

    // Verified against the test CA: intact and sealed, exit status 0.
    VerifyInput v;
    v.bundle = out;
    v.flags.trust_anchors = {ca};
    Recorder vrec;
    auto checked = verify(std::move(v), vrec);
    ASSERT_TRUE(checked.ok()) << checked.error().detail;
    EXPECT_EQ(checked->report.verdict, core::BundleVerdict::intact_and_sealed);
    EXPECT_EQ(checked->exit_code, kExitOk);
    EXPECT_FALSE(checked->settings_error.has_value());
    EXPECT_TRUE(vrec.reached_total());
}

TEST_F(JobsOnACase, AnOfflineExportIsUnsealedAndAskedNothing) {
    ASSERT_TRUE(import_files(*kase, request({file("a.txt", "alpha")}), nullptr).ok());
    const fs::path out = dir / "offline.zip";
    ExportInput in;
    in.out = out;
    in.include_report = false;
    auto r = export_case(*kase, std::move(in));
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_FALSE(r->outcome.sealed);
    EXPECT_FALSE(r->outcome.report.has_value());
    EXPECT_EQ(tsa.request_count(), 0u);

    // Without the test CA the log's token is not trusted either: exit status 3.
    VerifyInput v;
    v.bundle = out;
    auto checked = verify(std::move(v));
    ASSERT_TRUE(checked.ok());
    EXPECT_EQ(checked->report.verdict, core::BundleVerdict::intact_unsealed);
    EXPECT_EQ(checked->exit_code, kExitUnsealed);
}

TEST_F(JobsOnACase, ACancelledExportLeavesNothingBehind) {
    ASSERT_TRUE(import_files(*kase, request({file("a.txt", "alpha")}), nullptr).ok());
    const fs::path folder = dir / "cancelled";
    fs::create_directories(folder);
    // Every poll of the export, and of the report inside it, is a point where it may stop.
    for (int at = 1; at <= 3; ++at) {
        ExportInput in;
        in.out = folder / "case.zip";
        in.seal = &*setup;
        Recorder rec(at);
        auto r = export_case(*kase, std::move(in), rec);
        ASSERT_FALSE(r.ok()) << "poll " << at;
        EXPECT_TRUE(is_cancelled(r.error())) << r.error().detail;
        EXPECT_TRUE(names_in(folder).empty()) << "poll " << at;
    }
}

TEST_F(JobsOnACase, TheReportJobWritesARecordedPdf) {
    ASSERT_TRUE(import_files(*kase, request({file("a.txt", "alpha")}), nullptr).ok());
    ReportInput in;
    in.out = dir / "report.pdf";
    in.destination = "pharos";
    in.lang = "en";
    Recorder rec;
    auto r = make_case_report(*kase, in, rec);
    ASSERT_TRUE(r.ok()) << r.error().subject << ": " << r.error().detail;
    EXPECT_TRUE(fs::exists(in.out));
    EXPECT_EQ(r->file, in.out);
    EXPECT_EQ(r->destination, "pharos");
    EXPECT_GT(r->pages, 0);
    EXPECT_GT(r->log_seq, 0);
    EXPECT_FALSE(r->log_error.has_value());
    EXPECT_TRUE(rec.reached_total());
    EXPECT_TRUE(rec.never_goes_back());
}

TEST_F(JobsOnACase, ACancelledReportLeavesNothingBehind) {
    const fs::path folder = dir / "report-cancelled";
    fs::create_directories(folder);
    ReportInput in;
    in.out = folder / "report.pdf";
    Recorder rec(/*cancel_at=*/1);
    auto r = make_case_report(*kase, in, rec);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(is_cancelled(r.error())) << r.error().detail;
    EXPECT_TRUE(names_in(folder).empty());
}

TEST(JobsReport, OnlyTheFourDestinationsHaveATemplate) {
    for (const char* d : {"pharos", "3018", "police", "platform"})
        EXPECT_TRUE(known_report_destination(d)) << d;
    EXPECT_FALSE(known_report_destination("court"));
    EXPECT_FALSE(known_report_destination(""));
}

TEST(JobsVerifyBundle, AFileThatIsNotABundleIsUnreadableWithStatusTwo) {
    test::TempDir dir{"scelle-jobs"};
    test::write_file(dir / "not.zip", "not a zip at all");
    VerifyInput in;
    in.bundle = dir / "not.zip";
    auto r = verify(std::move(in));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->report.verdict, core::BundleVerdict::unreadable);
    EXPECT_EQ(r->exit_code, kExitUsage);
}

TEST(JobsVerifyBundle, UnusableAnchorsAreRefusedOrFallenBackFrom) {
    test::TempDir dir{"scelle-jobs"};
    test::write_file(dir / "not.zip", "not a zip at all");
    auto input = [&](UnusableSettings unusable) {
        VerifyInput in;
        in.bundle = dir / "not.zip";
        in.flags.trust_anchors = {dir / "no-such-anchor.pem"};
        in.unusable_settings = unusable;
        return in;
    };
    auto refused = verify(input(UnusableSettings::refuse));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::bad_settings);

    auto checked = verify(input(UnusableSettings::fall_back));
    ASSERT_TRUE(checked.ok());
    ASSERT_TRUE(checked->settings_error.has_value());
    EXPECT_EQ(checked->settings_error->code, Errc::bad_settings);
    EXPECT_EQ(checked->report.verdict, core::BundleVerdict::unreadable);
}

TEST(JobsVerifyBundle, ACancelledVerificationReadsNothing) {
    test::TempDir dir{"scelle-jobs"};
    test::write_file(dir / "not.zip", "not a zip at all");
    VerifyInput in;
    in.bundle = dir / "not.zip";
    Recorder rec(/*cancel_at=*/1);
    auto r = verify(std::move(in), rec);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(is_cancelled(r.error()));
    EXPECT_FALSE(rec.reached_total());
}

TEST(JobsReporter, TheCallbacksSeeTheFractionAndTheCancellation) {
    std::vector<double> fractions;
    bool stop = false;
    CallbackReporter rep([&](double f) { fractions.push_back(f); }, [&] { return stop; });
    rep.progress(1, 4, "import");
    rep.progress(0, 0, "import");  // no total: nothing to say
    auto fraction = rep.fraction("bundle");
    fraction(0.5);
    fraction(7.0);  // clamped
    ASSERT_EQ(fractions.size(), 3u);
    EXPECT_DOUBLE_EQ(fractions[0], 0.25);
    EXPECT_DOUBLE_EQ(fractions[1], 0.5);
    EXPECT_DOUBLE_EQ(fractions[2], 1.0);
    auto cancel = rep.cancel();
    EXPECT_FALSE(cancel());
    stop = true;
    EXPECT_TRUE(cancel());
    EXPECT_TRUE(rep.cancelled());
    EXPECT_FALSE(no_reporter().cancelled());

    Recorder whole;
    PartReporter second(whole, 1, 2);
    second.progress(1, 1, "seal");
    ASSERT_EQ(whole.seen.size(), 1u);
    EXPECT_EQ(whole.seen[0].done, 2u);
    EXPECT_EQ(whole.seen[0].total, 2u);
}

}  // namespace
}  // namespace scelle::jobs
