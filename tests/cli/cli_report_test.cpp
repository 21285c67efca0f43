// End-to-end tests of `scelle-cli report`: the PDF it writes (checked with qpdf and pdftotext),
// its JSON, and the bad inputs that must give one sentence and leave nothing at the target.
#include <gtest/gtest.h>

#include <map>

#include <algorithm>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "scelle/base/png_writer.h"
#include "temp_dir.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::dump;

class CliReport : public ::testing::Test {
  protected:
    void SetUp() override {
        auto r = cli({"case", "new", "--title", "Menaces sur Snapchat", "--destination", "3018"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        id = test::first_line(r.out);
        std::vector<std::uint8_t> px(120 * 80 * 3, 200);
        auto png = core::encode_png_rgb8(120, 80, px);
        ASSERT_TRUE(png.ok());
        test::write_file(dir / "capture.png",
                         std::string(reinterpret_cast<const char*>(png->data()), png->size()));
        auto acc = cli({"account", "add", id, "--platform", "snapchat", "--handle", "léo.ñ_Ж"});
        ASSERT_EQ(acc.exit_code, 0) << dump(acc);
        auto imp = cli({"import", id, (dir / "capture.png").string(), "--offline"});
        ASSERT_EQ(imp.exit_code, 0) << dump(imp);
    }
    test::ProcResult cli(const std::vector<std::string>& args) {
        return test::run_cli(dir / "store", args);
    }

    test::TempDir dir{"scelle-cli-report"};
    std::string id;
};

TEST_F(CliReport, WritesAPdfForTheCasesDestination) {
    const fs::path pdf = dir / "rapport.pdf";
    auto r = cli({"--json", "--lang", "fr", "report", id, "-o", pdf.string()});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["destination"], "3018");
    EXPECT_EQ(doc["lang"], "fr");
    EXPECT_EQ(doc["images"], 1);
    EXPECT_GT(doc["pages"].get<int>(), 3);
    EXPECT_EQ(doc["sha256"].get<std::string>().size(), 64u);
    EXPECT_EQ(test::run({"qpdf", "--check", pdf.string()}).exit_code, 0);
    const std::string text = test::run({"pdftotext", pdf.string(), "-"}).out;
    EXPECT_NE(text.find("léo.ñ_Ж"), std::string::npos);
    EXPECT_NE(text.find("3018"), std::string::npos);
    EXPECT_NE(text.find("Que faire maintenant"), std::string::npos);
    // The custody log records it.
    auto log = cli({"log", id});
    EXPECT_NE(log.out.find("report.made"), std::string::npos) << log.out;
}

TEST_F(CliReport, EnglishAndAnotherTemplate) {
    const fs::path pdf = dir / "report.pdf";
    auto r = cli({"--lang", "en", "report", id, "-o", pdf.string(), "--template", "police"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.out.find("Report written"), std::string::npos) << r.out;
    const std::string text = test::run({"pdftotext", pdf.string(), "-"}).out;
    EXPECT_NE(text.find("What to do now"), std::string::npos);
    EXPECT_NE(text.find("Police or gendarmerie"), std::string::npos);
}

TEST_F(CliReport, UnknownTemplateIsOneSentenceAndNothingWritten) {
    const fs::path pdf = dir / "x.pdf";
    auto r = cli({"report", id, "-o", pdf.string(), "--template", "gendarmerie"});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("no report template “gendarmerie”"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(pdf));
}

TEST_F(CliReport, WithoutThePdfModuleNothingIsWrittenAndTheSentenceSaysWhy) {
    // The PDF writer (PoDoFo) is a module loaded on the first report: missing, the report and
    // the export fail in one sentence naming it, and leave no file behind.
    const fs::path nowhere = dir / "no-modules";
    const std::map<std::string, std::string> env{{"SCELLE_MODULE_DIR", nowhere.string()}};
    const fs::path pdf = dir / "x.pdf";
    auto r = test::run_cli(dir / "store", {"report", id, "-o", pdf.string()}, env);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_NE(r.err.find((nowhere / "scelle-pdf.so").string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("reinstall"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(pdf));
    const fs::path zip = dir / "x.zip";
    auto e = test::run_cli(dir / "store", {"export", id, "-o", zip.string()}, env);
    EXPECT_EQ(e.exit_code, 1) << dump(e);
    EXPECT_NE(e.err.find("scelle-pdf.so"), std::string::npos) << e.err;
    EXPECT_FALSE(fs::exists(zip));
    for (const auto& entry : fs::directory_iterator(dir.path()))
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
    // The case is as it was: the report is made once the module is found.
    auto ok = cli({"report", id, "-o", pdf.string()});
    EXPECT_EQ(ok.exit_code, 0) << dump(ok);
    EXPECT_TRUE(fs::exists(pdf));
}

TEST_F(CliReport, UnknownLanguageIsRefused) {
    const fs::path pdf = dir / "x.pdf";
    auto r = cli({"--lang", "de", "report", id, "-o", pdf.string()});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_FALSE(fs::exists(pdf));
}

TEST_F(CliReport, ExistingTargetAndMissingFolder) {
    const fs::path pdf = dir / "deja.pdf";
    test::write_file(pdf, "x");
    auto r = cli({"report", id, "-o", pdf.string()});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(test::read_file(pdf), "x");
    auto m = cli({"report", id, "-o", (dir / "nope" / "r.pdf").string()});
    EXPECT_EQ(m.exit_code, 2) << dump(m);
    EXPECT_NE(m.err.find("does not exist"), std::string::npos) << m.err;
    EXPECT_FALSE(fs::exists(dir / "nope"));
}

TEST_F(CliReport, UnknownCase) {
    auto r = cli({"report", "nope", "-o", (dir / "r.pdf").string()});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_FALSE(fs::exists(dir / "r.pdf"));
}

}  // namespace
}  // namespace scelle
