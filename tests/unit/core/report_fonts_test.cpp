// The report's fonts: the fallback chain after DejaVu (Symbola for mathematical letters and
// emoji, WenQuanYi Micro Hei for Chinese), the code points printed under a handle that is not
// plain ASCII, links never underlined over their characters, long words broken with a visible
// mark, and the italic face. Checked with pdftotext and pdffonts on real reports.
//
// The fallback faces come from Debian packages (fonts-symbola, fonts-wqy-microhei) that the
// bootstrap installs; without them these tests cannot say anything and are skipped.
#include <gtest/gtest.h>

#include <sstream>

#include "child_process.h"
#include "scelle/report/report.h"
#include "scelle/store/case_store.h"
#include "scelle/store/store.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;
using test::run;
using test::TempDir;

const fs::path k_symbola = "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf";
const fs::path k_wqy = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

class ReportFontsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!fs::exists(k_symbola) || !fs::exists(k_wqy))
            GTEST_SKIP() << "fonts-symbola and fonts-wqy-microhei are not installed";
        Store store(m_dir / "store");
        NewCase nc;
        nc.title = "Comptes aux noms trompeurs";
        nc.destination = "pharos";
        auto id = store.create_case(nc);
        ASSERT_TRUE(id.ok());
        auto cs = store.open_case(*id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        m_case = std::move(*cs);
    }

    void add_account(const std::string& platform, const std::string& handle,
                     std::optional<std::string> url = {}) {
        AccountRequest a;
        a.platform = platform;
        a.handle = handle;
        a.url = std::move(url);
        ASSERT_TRUE(m_case->add_account(a).ok());
    }

    // Writes the report and returns pdftotext's text (UTF-8, reading order).
    std::string report_text(const std::string& lang = "fr", const std::string& dest = "pharos") {
        ReportOptions o;
        o.out = m_pdf;
        o.lang = lang;
        o.destination = dest;
        auto r = make_report(*m_case, o);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().subject + ": " + r.error().detail);
        EXPECT_EQ(run({"qpdf", "--check", m_pdf.string()}).exit_code, 0);
        return run({"pdftotext", "-enc", "UTF-8", m_pdf.string(), "-"}).out;
    }

    // pdffonts' row of the font whose name contains `name`, or "".
    std::string font_row(const std::string& name) const {
        std::istringstream in(run({"pdffonts", m_pdf.string()}).out);
        for (std::string line; std::getline(in, line);)
            if (line.find(name) != std::string::npos)
                return line;
        return {};
    }

    TempDir m_dir{"scelle-report-fonts"};
    fs::path m_pdf = m_dir / "rapport.pdf";
    std::unique_ptr<CaseStore> m_case;
};

TEST_F(ReportFontsTest, StyledLettersEmojiChineseAndArabicHandlesExtractAsTyped) {
    const std::string styled = "𝓓𝓪𝓻𝓴 𝓢𝓪𝓼𝓾𝓴𝓮 🖤";
    add_account("instagram", styled);
    add_account("wechat", "小明");
    add_account("snapchat", "أحمد");
    add_account("discord", "xX_Dark_du_93");
    const std::string text = report_text();
    for (const std::string& h :
         {styled, std::string("小明"), std::string("أحمد"), std::string("xX_Dark_du_93")})
        EXPECT_NE(text.find(h), std::string::npos) << h << "\n" << text;
    // Nothing was replaced.
    EXPECT_EQ(text.find("\xEF\xBF\xBD"), std::string::npos) << text;

    // The fallback faces are embedded as subsets with Unicode maps.
    for (const char* face : {"Symbola", "WenQuanYi"}) {
        const std::string row = font_row(face);
        ASSERT_FALSE(row.empty()) << face;
        EXPECT_NE(row.find("CID TrueType"), std::string::npos) << row;
        EXPECT_NE(row.find("yes yes yes"), std::string::npos) << row;
        EXPECT_EQ(row.find('+'), 6u) << row;  // subset prefix "ABCDEF+"
    }

    // The styled handle's code points are printed so that an officer can type it.
    EXPECT_NE(text.find("U+1D4D3 U+1D4EA"), std::string::npos) << text;
    EXPECT_NE(text.find("U+1F5A4"), std::string::npos) << text;
    // Plain ASCII handles get none.
    EXPECT_EQ(text.find("U+0078"), std::string::npos) << text;
}

TEST_F(ReportFontsTest, LinksAreNotUnderlinedAndLongOnesBreakWithAMark) {
    const std::string url =
        "https://example.org/u/xX_Dark_du_93/"
        "a_very_long_identifier_0123456789_abcdefghijklmnopqrstuvwxyz_"
        "0123456789_abcdefghijklmnopqrstuvwxyz";
    add_account("discord", "xX_Dark_du_93", url);
    const std::string text = report_text();
    // The address is broken, and each broken line ends with the continuation mark.
    EXPECT_EQ(text.find(url), std::string::npos) << text;
    const auto at = text.find("https://example.org/u/xX_Dark_du_93");
    ASSERT_NE(at, std::string::npos) << text;
    const auto eol = text.find('\n', at);
    ASSERT_NE(eol, std::string::npos);
    EXPECT_EQ(text.substr(eol - 3, 3), "↩") << text.substr(at, eol - at);
    // Joined without the marks, the address is whole.
    std::string joined;
    for (auto i = at; i < text.size() && joined.size() < url.size() + 3; ++i) {
        if (text.compare(i, 4, "↩\n") == 0) {
            i += 3;
            continue;
        }
        joined += text[i];
    }
    EXPECT_EQ(joined.substr(0, url.size()), url) << joined;

    // No line is drawn under the link: the page's only strokes are the table's and headings'
    // rules, none as short as a word and placed just under a baseline in the link's colour.
    const std::string content =
        run({"qpdf", "--qdf", "--object-streams=disable", m_pdf.string(), "-"}).out;
    EXPECT_EQ(content.find("0.05 0.3 0.7 RG"), std::string::npos);
}

TEST_F(ReportFontsTest, EmphasisIsSetInTheObliqueFace) {
    report_text("en", "pharos");  // the English Pharos text has "(*plainte*)"
    const std::string row = font_row("Oblique");
    ASSERT_FALSE(row.empty()) << run({"pdffonts", m_pdf.string()}).out;
    EXPECT_NE(row.find("yes yes yes"), std::string::npos) << row;
}

}  // namespace
}  // namespace scelle::core
