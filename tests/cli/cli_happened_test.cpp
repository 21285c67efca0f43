// When it happened, who made the record, platform identifiers and sensitive links, end to end:
// recorded by the CLI, kept in the custody log, carried into the bundle and checked by verify,
// and printed by the report where the police and the 3018 need them (issue 13). Measured on a
// realistic case: a 13-year-old, facts on 8-10 March 2025, recorded today.
#include <gtest/gtest.h>

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

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

class CliHappened : public ::testing::Test {
  protected:
    void SetUp() override {
        auto r = cli({"case", "new", "--title", "Léa — jeu, Discord, Snapchat", "--destination",
                      "3018", "--incident", "grooming", "--incident", "sextortion", "--recorded-by",
                      "Sophie, mère de Léa"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        id = test::first_line(r.out);
        for (const char* name : {"a.png", "b.png"}) {
            std::vector<std::uint8_t> px(160 * 90 * 3, name[0] == 'a' ? 40 : 220);
            auto png = core::encode_png_rgb8(160, 90, px);
            ASSERT_TRUE(png.ok());
            test::write_file(dir / name,
                             std::string(reinterpret_cast<const char*>(png->data()), png->size()));
        }
        ASSERT_EQ(cli({"account", "add", id, "--platform", "Discord", "--handle", "xX_Dark_du_93",
                       "--display-name", "Dark", "--platform-id", "812345678901234567"})
                      .exit_code,
                  0);
        auto imp = cli({"import", id, (dir / "a.png").string(), "--happened", "08/03/2025 21:04",
                        "--offline"});
        ASSERT_EQ(imp.exit_code, 0) << dump(imp);
        imp =
            cli({"import", id, (dir / "b.png").string(), "--happened", "2025-03-10", "--offline"});
        ASSERT_EQ(imp.exit_code, 0) << dump(imp);
        auto link = cli({"link", id, "https://cdn.example.org/img/123.jpg", "--sensitive",
                         "--description", "Image envoyée, non capturée", "--offline"});
        ASSERT_EQ(link.exit_code, 0) << dump(link);
        link = cli({"link", id, "https://discord.com/channels/1/2/3", "--offline"});
        ASSERT_EQ(link.exit_code, 0) << dump(link);
    }
    test::ProcResult cli(const std::vector<std::string>& args) {
        return test::run_cli(dir / "store", args);
    }
    json show() {
        auto r = cli({"--json", "case", "show", id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return json::parse(r.out);
    }
    std::string pdf_text(const fs::path& pdf, bool layout = false) {
        std::vector<std::string> argv{"pdftotext"};
        if (layout)
            argv.push_back("-layout");
        argv.push_back(pdf.string());
        argv.push_back("-");
        return test::run(argv).out;
    }

    test::TempDir dir{"scelle-cli-happened"};
    std::string id;
};

TEST_F(CliHappened, TheDatesAreKeptAsSaidAndChangedOnlyByANewLogLine) {
    json doc = show();
    const auto& items = doc["items"];
    ASSERT_EQ(items.size(), 4u);
    // A day and a time carry the offset of the zone on that day; a day alone stays a day.
    EXPECT_EQ(items[0]["happened"].get<std::string>().substr(0, 16), "2025-03-08T21:04");
    EXPECT_EQ(items[1]["happened"], "2025-03-10");
    EXPECT_TRUE(items[3]["happened"].is_null());
    EXPECT_EQ(items[2]["sensitive"], true);
    EXPECT_EQ(doc["recorded_by"], "Sophie, mère de Léa");
    EXPECT_EQ(doc["accounts"][0]["platform_id"], "812345678901234567");

    auto r = cli({"describe", id, "4", "--happened", "09/03/2025"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    r = cli({"describe", id, "2", "--happened", "unknown"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    doc = show();
    EXPECT_EQ(doc["items"][3]["happened"], "2025-03-09");
    EXPECT_TRUE(doc["items"][1]["happened"].is_null());
    // Every value stays in the log, each change is a line of its own, "by" whoever records.
    const std::string log = cli({"log", id}).out;
    EXPECT_EQ(count_of(log, "\"action\":\"item.happened\""), 2u) << log;
    EXPECT_NE(log.find("\"happened\":\"2025-03-10\""), std::string::npos);
    EXPECT_NE(log.find("\"by\":\"Sophie, mère de Léa\""), std::string::npos);
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

TEST_F(CliHappened, BadDatesGetOneSentenceAndChangeNothing) {
    const std::string before = cli({"log", id}).out;
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"31/02/2025", "not a day of the calendar"},
        {"2030-01-01 10:00", "in the future"},
        {"hier soir", "not a date"},
        {"2025-03-08 25:10", "not a date"},
        {"1985-06-01", "before 1990"},
    };
    for (const auto& [typed, why] : bad) {
        auto r = cli({"--lang", "en", "describe", id, "1", "--happened", typed});
        EXPECT_EQ(r.exit_code, 2) << typed << dump(r);
        EXPECT_NE(r.err.find(why), std::string::npos) << typed << dump(r);
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        r = cli({"import", id, (dir / "a.png").string(), "--happened", typed, "--offline"});
        EXPECT_EQ(r.exit_code, 2) << typed << dump(r);
    }
    auto r = cli({"--lang", "fr", "describe", id, "1", "--happened", "31/02/2025"});
    EXPECT_NE(r.err.find("n’est pas un jour du calendrier"), std::string::npos) << r.err;
    r = cli({"describe", id, "1"});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    r = cli({"describe", id, "99", "--happened", "2025-03-08"});
    EXPECT_NE(r.exit_code, 0) << dump(r);
    EXPECT_EQ(cli({"log", id}).out, before);
}

TEST_F(CliHappened, TheBundleCarriesThemAndVerifyComparesThemWithTheLog) {
    const fs::path zip = dir / "b.zip";
    auto r = cli({"export", id, "-o", zip.string(), "--offline", "--no-report"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(cli({"verify", zip.string()}).exit_code, 3);
    const fs::path out = dir / "x";
    ASSERT_EQ(test::run({"unzip", "-q", zip.string(), "-d", out.string()}).exit_code, 0);
    const fs::path folder = out / ("scelle-" + id);
    json cj = json::parse(test::read_file(folder / "data/case.json"));
    EXPECT_EQ(cj["scelle_case_schema"], 3);
    EXPECT_EQ(cj["items"][1]["happened"], "2025-03-10");
    EXPECT_EQ(cj["case"]["recorded_by"], "Sophie, mère de Léa");
    EXPECT_EQ(cj["accounts"][0]["platform_id"], "812345678901234567");
    // A forger moves the facts a day earlier in case.json and recomputes the manifests: the
    // custody log says otherwise.
    cj["items"][1]["happened"] = "2025-03-09";
    test::write_file(folder / "data/case.json", cj.dump(2) + "\n");
    const std::string folder_s = folder.string();
    ASSERT_EQ(test::run({"sh", "-c",
                         "cd '" + folder_s +
                             "' && find data -type f | sort | xargs sha256sum > "
                             "manifest-sha256.txt && sha256sum bag-info.txt bagit.txt "
                             "manifest-sha256.txt VERIFY-fr.txt VERIFY-en.txt > "
                             "tagmanifest-sha256.txt"})
                  .exit_code,
              0);
    const fs::path forged = dir / "forged.zip";
    ASSERT_EQ(
        test::run({"sh", "-c",
                   "cd '" + out.string() + "' && zip -qr '" + forged.string() + "' scelle-" + id})
            .exit_code,
        0);
    r = cli({"--json", "verify", forged.string()});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_NE(r.out.find("happened"), std::string::npos) << r.out;
}

TEST_F(CliHappened, TheReportDatesTheFactsPutsWhatToDoFirstAndNeverLinksASensitiveUrl) {
    const fs::path pdf = dir / "r.pdf";
    auto r = cli({"--lang", "fr", "report", id, "-o", pdf.string()});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(test::run({"qpdf", "--check", pdf.string()}).exit_code, 0);
    // Page 2 is what to do now, with the 3018's number and hours.
    const std::string page2 = test::run({"pdftotext", "-f", "2", "-l", "2", pdf.string(), "-"}).out;
    EXPECT_NE(page2.find("Que faire maintenant"), std::string::npos) << page2;
    EXPECT_NE(page2.find("3018"), std::string::npos);
    EXPECT_NE(page2.find("9 h à 23 h"), std::string::npos) << page2;
    const std::string text = pdf_text(pdf);
    // The period is the facts', never the import's.
    EXPECT_NE(text.find("du 08/03/2025 21:04 au 10/03/2025"), std::string::npos) << text;
    EXPECT_NE(text.find("Sophie, mère de Léa"), std::string::npos);
    EXPECT_NE(text.find("812345678901234567"), std::string::npos);
    EXPECT_EQ(text.find("1 liens"), std::string::npos);
    EXPECT_NE(text.find("1 lien"), std::string::npos);
    // The custody log annex is a table, not JSON.
    EXPECT_EQ(text.find("{\"action\""), std::string::npos);
    EXPECT_NE(text.find("Date des faits"), std::string::npos);
    // A report made alone says how to make the bundle it names.
    EXPECT_NE(text.find("Cette archive n’existe pas encore"), std::string::npos);
    EXPECT_NE(text.find("scelle-cli export " + id), std::string::npos);
    // The sensitive URL is printed, never a link annotation; the other link stays clickable.
    EXPECT_NE(text.find("https://cdn.example.org/img/123.jpg"), std::string::npos);
    const std::string urls = test::run({"pdfinfo", "-url", pdf.string()}).out;
    EXPECT_EQ(urls.find("cdn.example.org"), std::string::npos) << urls;
    EXPECT_NE(urls.find("https://discord.com/channels/1/2/3"), std::string::npos) << urls;

    // Made by export, the report names the real bundle and says nothing about making it.
    const fs::path zip = dir / "envoi.zip";
    r = cli({"--lang", "fr", "export", id, "-o", zip.string(), "--offline"});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const fs::path x = dir / "y";
    ASSERT_EQ(test::run({"unzip", "-q", zip.string(), "-d", x.string()}).exit_code, 0);
    const std::string in_bundle = pdf_text(x / ("scelle-" + id) / "data/report.pdf");
    EXPECT_NE(in_bundle.find("envoi.zip"), std::string::npos);
    EXPECT_EQ(in_bundle.find("Cette archive n’existe pas encore"), std::string::npos);
}

TEST_F(CliHappened, WithoutAnyDateTheReportSaysSoInsteadOfInventingOne) {
    auto r = cli({"case", "new", "--title", "Sans dates", "--destination", "police"});
    const std::string other = test::first_line(r.out);
    ASSERT_EQ(cli({"import", other, (dir / "a.png").string(), "--offline"}).exit_code, 0);
    const fs::path pdf = dir / "p.pdf";
    ASSERT_EQ(cli({"--lang", "en", "report", other, "-o", pdf.string()}).exit_code, 0);
    const std::string text = pdf_text(pdf);
    EXPECT_NE(text.find("not given"), std::string::npos) << text;
    EXPECT_NE(text.find("the dates are not written in"), std::string::npos) << text;
}

}  // namespace
}  // namespace scelle
