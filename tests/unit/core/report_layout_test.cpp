// The report's pagination (report_layout.h, private to scelle_report): a paragraph or a list item
// never leaves its first or its last line alone on a page, wherever the page ends, and a
// paragraph of two lines is never split. Measured with the real PDF writer's fonts.
#include "report_layout.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <variant>

#include "scelle/report/pdf_writer.h"
#include "temp_dir.h"

namespace scelle::core::report {
namespace {

const pdf::FontFiles kFonts{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                            "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                            "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"};

// A paragraph of plain words, in one span.
Spans paragraph_of(int words, const std::string& marker) {
    std::string s;
    for (int i = 0; i < words; ++i)
        s += marker + std::to_string(i % 10) + " lorem ipsum dolor ";
    return {Span{s, Font::sans, 10, kInk, {}}};
}

TEST(ReportLayout, NoParagraphLeavesALoneFirstOrLastLineOnAPage) {
    test::TempDir dir("scelle-layout");
    auto writer = pdf::open_writer(dir.path() / "x.pdf", kFonts, {});
    ASSERT_TRUE(writer.ok()) << writer.error().detail;
    Metrics metrics(**writer);
    for (int words : {8, 16, 24, 40}) {  // paragraphs of about 2, 3, 5 and 8 lines
        // The paragraph starts at every height near the bottom of a page.
        for (double room = 4; room < 60; room += 3) {
            Flow flow(metrics);
            flow.new_page();
            flow.set_cursor(flow.margins().bottom + room);
            const std::string marker = "m";
            flow.paragraph(paragraph_of(words, marker));
            const auto pages = flow.take_pages();
            // Every text run is one line of the paragraph (one span, one font).
            std::map<std::size_t, int> per_page;
            for (std::size_t p = 0; p < pages.size(); ++p)
                for (const Op& op : pages[p].ops)
                    if (const auto* t = std::get_if<TextOp>(&op); t && !t->text.empty())
                        ++per_page[p];
            int total = 0;
            for (const auto& [p, n] : per_page)
                total += n;
            ASSERT_GE(total, 2) << words << " words";
            for (const auto& [p, n] : per_page) {
                EXPECT_GE(n, 2) << words << " words, " << room << " pt left: page " << p
                                << " holds " << n << " of " << total << " lines";
            }
            if (total == 2) {
                EXPECT_EQ(per_page.size(), 1u) << "a paragraph of two lines was split";
            }
        }
    }
}

TEST(ReportLayout, NoListItemLeavesALoneLineOnAPage) {
    test::TempDir dir("scelle-layout");
    auto writer = pdf::open_writer(dir.path() / "x.pdf", kFonts, {});
    ASSERT_TRUE(writer.ok()) << writer.error().detail;
    Metrics metrics(**writer);
    for (double room = 4; room < 40; room += 3) {
        Flow flow(metrics);
        flow.new_page();
        flow.set_cursor(flow.margins().bottom + room);
        flow.list_item("•", paragraph_of(24, "i"), 0);
        const auto pages = flow.take_pages();
        std::map<std::size_t, int> per_page;
        for (std::size_t p = 0; p < pages.size(); ++p)
            for (const Op& op : pages[p].ops)
                if (const auto* t = std::get_if<TextOp>(&op); t && t->text != "•")
                    ++per_page[p];
        for (const auto& [p, n] : per_page)
            EXPECT_GE(n, 2) << room << " pt left: page " << p << " holds " << n << " line(s)";
    }
}

}  // namespace
}  // namespace scelle::core::report
