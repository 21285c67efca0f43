// Stitcher: frames cut from a known tall "conversation" are joined back into it, row for row;
// what cannot be joined for sure is refused, never guessed.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "scelle/capture/stitch.h"

namespace scelle::capture {
namespace {

constexpr std::uint32_t kWidth = 120;
constexpr std::int32_t kHeader = 20;
constexpr std::int32_t kFooter = 12;
constexpr std::int32_t kBody = 100;

// The conversation: `rows` rows, each with a pattern of its own, and a blank row (the
// background) every 7th row, as between messages.
std::vector<std::uint8_t> conversation(std::int32_t rows) {
    std::vector<std::uint8_t> px(std::size_t(rows) * kWidth * 3, 240);
    for (std::int32_t y = 0; y < rows; ++y) {
        if (y % 7 == 6)
            continue;
        for (std::uint32_t x = 10; x < 20 + std::uint32_t(y * 37 % 90); ++x) {
            std::uint8_t* p = px.data() + (std::size_t(y) * kWidth + x) * 3;
            p[0] = std::uint8_t(y * 13);
            p[1] = std::uint8_t(y / 3);
            p[2] = std::uint8_t(x ^ std::uint32_t(y));
        }
    }
    return px;
}

// What the window shows with the content scrolled to `top`: a header, kBody rows of the
// conversation, a footer, and a scrollbar thumb in the right margin that moves.
Frame window_frame(const std::vector<std::uint8_t>& conv, std::int32_t top, bool scrollbar) {
    Frame f;
    f.width = kWidth;
    f.height = kHeader + kBody + kFooter;
    f.rgb.assign(std::size_t(f.width) * f.height * 3, 0);
    const std::size_t stride = kWidth * 3;
    for (std::int32_t y = 0; y < kHeader; ++y)
        for (std::size_t i = 0; i < stride; ++i)
            f.rgb[std::size_t(y) * stride + i] = std::uint8_t(50 + y);
    for (std::int32_t y = 0; y < kBody; ++y)
        std::copy_n(conv.begin() + std::ptrdiff_t(std::size_t(top + y) * stride), stride,
                    f.rgb.begin() + std::ptrdiff_t(std::size_t(kHeader + y) * stride));
    for (std::int32_t y = 0; y < kFooter; ++y)
        for (std::size_t i = 0; i < stride; ++i)
            f.rgb[std::size_t(kHeader + kBody + y) * stride + i] = std::uint8_t(200 - y);
    if (scrollbar)
        for (std::int32_t y = kHeader + top / 10; y < kHeader + top / 10 + 10; ++y)
            for (std::uint32_t x = kWidth - 8; x < kWidth - 2; ++x)
                f.rgb[std::size_t(y) * stride + x * 3] = 7;
    f.bounds = {0, 0, std::int32_t(kWidth), std::int32_t(f.height)};
    return f;
}

// The whole conversation as the window would show it if it were tall enough.
std::vector<std::uint8_t> whole(const std::vector<std::uint8_t>& conv, std::int32_t rows) {
    Frame top = window_frame(conv, 0, false);
    const std::size_t stride = kWidth * 3;
    std::vector<std::uint8_t> out(top.rgb.begin(), top.rgb.begin() + kHeader * stride);
    out.insert(out.end(), conv.begin(), conv.begin() + std::ptrdiff_t(rows * stride));
    out.insert(out.end(), top.rgb.end() - std::ptrdiff_t(kFooter * stride), top.rgb.end());
    return out;
}

TEST(Stitch, ScrollingDownRebuildsTheConversationRowForRow) {
    const std::int32_t rows = 530;
    const auto conv = conversation(rows);
    Stitcher st(ScrollDirection::down);
    std::int32_t top = 0;
    EXPECT_EQ(st.add(window_frame(conv, top, false)).step, Stitcher::Step::added);
    while (true) {
        const std::int32_t next = std::min(top + 45, rows - kBody);  // the last step is shorter
        auto out = st.add(window_frame(conv, next, false));
        if (next == top) {
            EXPECT_EQ(out.step, Stitcher::Step::same);
            break;
        }
        ASSERT_EQ(out.step, Stitcher::Step::added) << "at " << next;
        EXPECT_EQ(out.shift, next - top);
        top = next;
    }
    EXPECT_EQ(st.header_rows(), kHeader);
    EXPECT_EQ(st.footer_rows(), kFooter);
    const Frame image = st.compose();
    EXPECT_EQ(image.height, std::uint32_t(kHeader + rows + kFooter));
    EXPECT_TRUE(image.rgb == whole(conv, rows));
    // The recipe starts with the whole first frame but its footer, ends with the footer.
    const auto pieces = st.pieces();
    ASSERT_GE(pieces.size(), 2u);
    EXPECT_EQ(pieces.front().frame, 0u);
    EXPECT_EQ(pieces.front().from, 0);
    EXPECT_EQ(pieces.front().to, kHeader + kBody);
    EXPECT_EQ(pieces.back().to, kHeader + kBody + kFooter);
    EXPECT_EQ(pieces.back().at + pieces.back().to - pieces.back().from, std::int32_t(image.height));
}

TEST(Stitch, ScrollingUpRebuildsItTopFirst) {
    const std::int32_t rows = 300;
    const auto conv = conversation(rows);
    Stitcher st(ScrollDirection::up);
    for (std::int32_t top : {200, 150, 100, 50, 0})
        ASSERT_EQ(st.add(window_frame(conv, top, false)).step, Stitcher::Step::added) << top;
    EXPECT_EQ(st.add(window_frame(conv, 0, false)).step, Stitcher::Step::same);
    EXPECT_TRUE(st.compose().rgb == whole(conv, rows));
    EXPECT_EQ(st.pieces().front().frame, 4u);  // the last frame read is the top
}

TEST(Stitch, TheScrollbarInTheMarginDoesNotStopTheJoin) {
    const std::int32_t rows = 260;
    const auto conv = conversation(rows);
    Stitcher st(ScrollDirection::down);
    for (std::int32_t top : {0, 40, 80, 120, 160})
        ASSERT_EQ(st.add(window_frame(conv, top, true)).step, Stitcher::Step::added) << top;
    const Frame image = st.compose();
    const auto expected = whole(conv, kBody + 160);
    ASSERT_EQ(image.rgb.size(), expected.size());
    // Every pixel outside the margin is the conversation's.
    const std::size_t stride = kWidth * 3;
    for (std::size_t y = 0; y < image.height; ++y)
        for (std::size_t x = 24; x < kWidth - 24; ++x)
            for (std::size_t c = 0; c < 3; ++c)
                ASSERT_EQ(image.rgb[y * stride + x * 3 + c], expected[y * stride + x * 3 + c])
                    << "row " << y;
}

TEST(Stitch, AScrollLongerThanTheWindowIsRefused) {
    const auto conv = conversation(400);
    Stitcher st(ScrollDirection::down);
    st.add(window_frame(conv, 0, false));
    EXPECT_EQ(st.add(window_frame(conv, 150, false)).step, Stitcher::Step::no_overlap);
    EXPECT_EQ(st.frames(), 1u);  // the refused frame is not kept
    EXPECT_EQ(st.add(window_frame(conv, 60, false)).step, Stitcher::Step::added);
}

TEST(Stitch, AWindowThatChangedBetweenFramesStopsTheJoin) {
    const auto conv = conversation(400);
    Stitcher st(ScrollDirection::down);
    st.add(window_frame(conv, 0, false));
    // A typing indicator shows at the bottom of the body, where the next frame brings new
    // rows: it is what the window showed. Once it is gone, the rows it covered no longer agree
    // with the next frame's.
    Frame typing = window_frame(conv, 30, false);
    for (std::size_t x = 30; x < 60; ++x)
        typing.rgb[(std::size_t(kHeader + kBody - 3) * kWidth + x) * 3] ^= 0xff;
    ASSERT_EQ(st.add(typing).step, Stitcher::Step::added);
    EXPECT_EQ(st.add(window_frame(conv, 60, false)).step, Stitcher::Step::no_overlap);
    // ...and in the header: the header shrinks, which the joins made so far must survive; here
    // the changed row then breaks the new join.
    Frame g = window_frame(conv, 60, false);
    g.rgb[(5 * kWidth + 60) * 3] ^= 0xff;
    EXPECT_EQ(st.add(g).step, Stitcher::Step::no_overlap);
    EXPECT_EQ(st.header_rows(), kHeader);
    EXPECT_EQ(st.frames(), 2u);
}

TEST(Stitch, BlankContentIsAmbiguousNotGuessed) {
    std::vector<std::uint8_t> blank(std::size_t(400) * kWidth * 3, 240);
    Stitcher st(ScrollDirection::down);
    st.add(window_frame(blank, 0, false));
    // Every frame of a blank page is alike: that reads as the end.
    EXPECT_EQ(st.add(window_frame(blank, 40, false)).step, Stitcher::Step::same);
    // A page whose shared rows repeat with a period shorter than the shift.
    std::vector<std::uint8_t> stripes(std::size_t(400) * kWidth * 3, 240);
    for (std::size_t y = 0; y < 400; y += 5)
        std::fill_n(stripes.begin() + std::ptrdiff_t(y * kWidth * 3), kWidth * 3, 0);
    Stitcher st2(ScrollDirection::down);
    st2.add(window_frame(stripes, 0, false));
    EXPECT_EQ(st2.add(window_frame(stripes, 12, false)).step, Stitcher::Step::ambiguous);
}

TEST(Stitch, AFrameOfAnotherSizeIsRefused) {
    const auto conv = conversation(300);
    Stitcher st(ScrollDirection::down);
    EXPECT_EQ(st.add(Frame{}).step, Stitcher::Step::wrong_size);
    st.add(window_frame(conv, 0, false));
    Frame f = window_frame(conv, 20, false);
    f.height -= 1;
    f.rgb.resize(std::size_t(f.width) * f.height * 3);
    EXPECT_EQ(st.add(f).step, Stitcher::Step::wrong_size);
    EXPECT_EQ(st.frames(), 1u);
}

TEST(Stitch, OneFrameIsItself) {
    const auto conv = conversation(300);
    Stitcher st(ScrollDirection::down);
    const Frame f = window_frame(conv, 10, false);
    st.add(f);
    EXPECT_TRUE(st.compose().rgb == f.rgb);
    EXPECT_EQ(st.pieces().size(), 1u);
}

}  // namespace
}  // namespace scelle::capture
