// Injected file-system faults (a full disk, a failed write, read, close, sync or rename) while
// a bundle is exported and while a report is made: each gives Errc::output_failed with the
// system's errno, and leaves nothing at the target and no temporary file or folder beside it.
// Each case also proves that the writer went through Env: on a writer that calls the system
// directly, the injected fault never happens and the output is made.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "fault_env.h"
#include "scelle/bundle/bundle_writer.h"
#include "scelle/jobs/export_job.h"
#include "scelle/report/report.h"
#include "scelle/store/store.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;

// A full quota, which Windows' C library does not name: there, a full disk.
#ifdef EDQUOT
constexpr int kQuotaErrno = EDQUOT;
#else
constexpr int kQuotaErrno = ENOSPC;
#endif
using Op = FaultEnv::Op;

struct OutputFault {
    Op op;
    int err;
    int after;
};

std::string describe(const OutputFault& c) {
    return "op " + std::to_string(static_cast<int>(c.op)) + " errno " + std::to_string(c.err) +
           " after " + std::to_string(c.after);
}

class OutputFaultTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto id = store.create_case({"Faults at export", std::nullopt, {}, std::nullopt});
        ASSERT_TRUE(id.ok());
        auto cs = store.open_case(*id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        kase = std::move(cs).value();
        // Large enough for several of the writers' 1 MiB writes and reads.
        test::write_file(dir / "a.bin", test::pseudo_random_bytes(3u << 20, 11));
        test::write_file(dir / "b.txt", "une conversation copiée\n");
        auto r = kase->import_files(
            {{dir / "a.bin", dir / "b.txt"}, std::nullopt, std::nullopt, std::nullopt, false});
        ASSERT_TRUE(r.ok()) << r.error().detail;
        fs::create_directories(dir / "out");
    }

    // Nothing in the output folder: no target, no temporary file or folder.
    std::vector<std::string> out_folder() {
        std::vector<std::string> got;
        for (const auto& e : fs::directory_iterator(dir / "out"))
            got.push_back(e.path().filename().string());
        std::sort(got.begin(), got.end());
        return got;
    }

    Result<ExportOutcome> export_with(const fs::path& out, bool with_report) {
        ExportOptions o;
        o.out = out;
        if (with_report) {
            ReportOptions r;
            r.lang = "fr";
            o.report = jobs::report_maker(*kase, r, env);
        }
        return export_bundle(*kase, o, env);
    }

    Result<ReportOutcome> report_with(const fs::path& out) {
        ReportOptions o;
        o.out = out;
        o.lang = "fr";
        return make_report(*kase, o, env);
    }

    test::TempDir dir{"scelle-output-faults"};
    Store store{dir / "store"};
    std::unique_ptr<CaseStore> kase;
    FaultEnv env;
};

TEST_F(OutputFaultTest, EveryExportStepFailureLeavesNothingAtTheTarget) {
    const OutputFault cases[] = {
        {Op::make_dir, ENOSPC, 0},    // the private temporary folder
        {Op::create, EACCES, 0},      // the zip
        {Op::write_at, ENOSPC, 0},    // the zip's first write
        {Op::write_at, ENOSPC, 2},    // in the middle of the large original
        {Op::open_read, EIO, 0},      // an original, read into the zip
        {Op::read, EIO, 1},           // in the middle of the large original
        {Op::close, kQuotaErrno, 0},  // a delayed write error, reported by close
        {Op::sync_file, EIO, 0},      // the closed zip's sync
        {Op::rename, ENOSPC, 0},      // its publication
        {Op::sync_dir, EIO, 0},       // the folder's sync after the rename
    };
    const auto log_before = kase->log_lines()->size();
    for (const auto& c : cases) {
        env.reset(c.op, c.err, c.after);
        auto r = export_with(dir / "out" / "bundle.zip", false);
        ASSERT_FALSE(r.ok()) << describe(c);
        EXPECT_EQ(r.error().code, Errc::output_failed) << describe(c) << " " << r.error().detail;
        EXPECT_EQ(r.error().sys_errno, c.err) << describe(c) << " " << r.error().detail;
        EXPECT_GT(env.count(c.op), c.after) << describe(c);
        EXPECT_EQ(out_folder(), std::vector<std::string>{}) << describe(c);
        EXPECT_EQ(kase->log_lines()->size(), log_before) << describe(c);
    }
    // With the fault gone, the same export goes through, every step through Env.
    env.reset(Op::none, 0, 0);
    auto r = export_with(dir / "out" / "bundle.zip", false);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    for (Op op : {Op::make_dir, Op::create, Op::write_at, Op::open_read, Op::read, Op::close,
                  Op::sync_file, Op::rename, Op::sync_dir})
        EXPECT_GT(env.count(op), 0) << static_cast<int>(op);
    EXPECT_EQ(out_folder(), std::vector<std::string>{"bundle.zip"});
}

TEST_F(OutputFaultTest, AFullDiskWhileTheBundledReportIsWrittenLeavesNothing) {
    // The report inside the bundle is written by make_report with the export's Env: its first
    // create is the PDF (the zip comes after it).
    env.reset(Op::write_at, ENOSPC, 0);
    auto r = export_with(dir / "out" / "with-report.zip", true);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::output_failed) << r.error().detail;
    EXPECT_EQ(r.error().sys_errno, ENOSPC) << r.error().detail;
    EXPECT_EQ(out_folder(), std::vector<std::string>{});
}

TEST_F(OutputFaultTest, EveryReportStepFailureLeavesNothingAtTheTarget) {
    const OutputFault cases[] = {
        {Op::create, EACCES, 0},    // the PDF's temporary file
        {Op::write_at, ENOSPC, 0},  // its first write
        {Op::close, EIO, 0},        // a delayed write error, reported by close
        {Op::sync_file, EIO, 0},    // the closed PDF's sync
        {Op::rename, ENOSPC, 0},    // its publication
    };
    for (const auto& c : cases) {
        env.reset(c.op, c.err, c.after);
        auto r = report_with(dir / "out" / "rapport.pdf");
        ASSERT_FALSE(r.ok()) << describe(c);
        EXPECT_EQ(r.error().code, Errc::output_failed) << describe(c) << " " << r.error().detail;
        EXPECT_EQ(r.error().sys_errno, c.err) << describe(c) << " " << r.error().detail;
        EXPECT_GT(env.count(c.op), c.after) << describe(c);
        EXPECT_EQ(out_folder(), std::vector<std::string>{}) << describe(c);
    }
    env.reset(Op::none, 0, 0);
    auto r = report_with(dir / "out" / "rapport.pdf");
    ASSERT_TRUE(r.ok()) << r.error().detail;
    for (Op op : {Op::create, Op::write_at, Op::close, Op::sync_file, Op::rename})
        EXPECT_GT(env.count(op), 0) << static_cast<int>(op);
    EXPECT_EQ(out_folder(), std::vector<std::string>{"rapport.pdf"});
}

TEST_F(OutputFaultTest, AFailedTemplateOrFontReadGivesOneErrorAndNoPdf) {
    // Each read of the report's inputs through Env fails in turn (the templates, labels.json,
    // the fonts, then the finished PDF's hash), until there is no read left to fail. Every
    // failure is one error naming the file, and no PDF and no temporary file are left.
    bool template_failed = false, labels_failed = false, font_failed = false;
    int after = 0;
    for (; after < 60; ++after) {
        env.reset(Op::open_read, EIO, after);
        auto r = report_with(dir / "out" / "rapport.pdf");
        if (r.ok())
            break;
        const Error& e = r.error();
        EXPECT_FALSE(e.subject.empty()) << after;
        EXPECT_EQ(out_folder(), std::vector<std::string>{}) << after << " " << e.detail;
        if (e.code == Errc::bad_settings && e.subject.ends_with(".md")) {
            EXPECT_EQ(e.detail, std::string("cannot be read: ") + std::strerror(EIO));
            template_failed = true;
        } else if (e.code == Errc::bad_settings && e.subject.ends_with("labels.json")) {
            labels_failed = true;
        } else if (e.code == Errc::bad_settings && e.subject.ends_with(".ttf")) {
            EXPECT_EQ(e.detail, std::string("cannot open the font file: ") + std::strerror(EIO));
            font_failed = true;
        } else {
            EXPECT_TRUE(e.code == Errc::input_unreadable || e.code == Errc::output_failed)
                << after << " " << static_cast<int>(e.code) << " " << e.subject;
        }
    }
    EXPECT_TRUE(template_failed);
    EXPECT_TRUE(labels_failed);
    EXPECT_TRUE(font_failed);
    ASSERT_LT(after, 60);
    EXPECT_EQ(out_folder(), std::vector<std::string>{"rapport.pdf"});

    // A read error in the middle of a template, rather than at its opening.
    fs::remove(dir / "out" / "rapport.pdf");
    env.reset(Op::read, EIO, 0);
    auto r = report_with(dir / "out" / "rapport.pdf");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::bad_settings);
    EXPECT_TRUE(r.error().subject.ends_with(".md")) << r.error().subject;
    EXPECT_EQ(out_folder(), std::vector<std::string>{});
}

}  // namespace
}  // namespace scelle::core
