#include "scelle/base/text.h"

#include <gtest/gtest.h>

namespace scelle::core {
namespace {

TEST(Text, Utf8Validity) {
    EXPECT_TRUE(is_valid_utf8("Zoé — Съешь 😀"));
    EXPECT_FALSE(is_valid_utf8("\xff\xfe"));
    EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong "/"
    EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xe2\x82"));          // truncated
}

TEST(Text, InvalidBytesBecomeReplacementCharacters) {
    EXPECT_EQ(to_valid_utf8("a\xffz"), "a\xef\xbf\xbdz");
    EXPECT_EQ(to_valid_utf8("déjà"), "déjà");
}

TEST(Text, CleanTextRejectsControlsAndEmptiness) {
    EXPECT_TRUE(is_clean_text("Harcèlement sur Discord", false));
    EXPECT_FALSE(is_clean_text("", false));
    EXPECT_FALSE(is_clean_text("two\nlines", false));
    EXPECT_TRUE(is_clean_text("two\nlines", true));
    EXPECT_FALSE(is_clean_text("bell\a", true));
    EXPECT_EQ(trim("  x y \n"), "x y");
}

TEST(TerminalSafe, PrintableTextOfEveryScriptIsUnchanged) {
    for (const char* s : {"Zoé à l’école", "😀👍🏽", "中文名字.png", "مرحبا بالعالم", "Съешь",
                          "e\u0301 (combining accent)", "", "a b\u00a0c « » — …"}) {
        EXPECT_EQ(terminal_safe(s), s);
        EXPECT_TRUE(is_terminal_safe(s)) << s;
    }
}

TEST(TerminalSafe, C0ControlsAndDelBecomeVisibleEscapes) {
    EXPECT_EQ(terminal_safe("a\nb.png"), R"(a\nb.png)");
    EXPECT_EQ(terminal_safe("x\r✓ intact.png"), R"(x\r✓ intact.png)");
    EXPECT_EQ(terminal_safe("a\tb"), R"(a\tb)");
    EXPECT_EQ(terminal_safe("\x1b[31mred\x1b[0m.png"), R"(\x1b[31mred\x1b[0m.png)");
    EXPECT_EQ(terminal_safe(std::string_view("nul\0bell\a", 9)), R"(nul\x00bell\x07)");
    EXPECT_EQ(terminal_safe("del\x7f"), R"(del\x7f)");
    EXPECT_EQ(terminal_safe("\x1f"), R"(\x1f)");
    EXPECT_FALSE(is_terminal_safe("a\nb"));
    EXPECT_FALSE(is_terminal_safe("\x1b[2J"));
}

TEST(TerminalSafe, C1ControlsBecomeCodePointEscapes) {
    // U+009B is CSI, which some terminals obey like ESC [.
    EXPECT_EQ(terminal_safe("a\u0085b\u009b31m"), R"(a\u{0085}b\u{009B}31m)");
    EXPECT_EQ(terminal_safe("\u0080\u009f"), R"(\u{0080}\u{009F})");
    EXPECT_EQ(terminal_safe("\u00a0"), "\u00a0");  // the first character after C1 stays
    EXPECT_FALSE(is_terminal_safe("\u009b"));
}

TEST(TerminalSafe, BidirectionalControlsBecomeCodePointEscapes) {
    // "gnp.exe" shown reversed: the override would make "evil\u202Egnp.exe" look like a PNG.
    EXPECT_EQ(terminal_safe("evil\u202egnp.exe"), R"(evil\u{202E}gnp.exe)");
    EXPECT_EQ(terminal_safe("\u202a\u202b\u202c\u202d"), R"(\u{202A}\u{202B}\u{202C}\u{202D})");
    EXPECT_EQ(terminal_safe("\u2066\u2067\u2068\u2069"), R"(\u{2066}\u{2067}\u{2068}\u{2069})");
    EXPECT_EQ(terminal_safe("\u200e\u200f\u061c"), R"(\u{200E}\u{200F}\u{061C})");
    EXPECT_EQ(terminal_safe("line\u2028para\u2029"), R"(line\u{2028}para\u{2029})");
    // Neighbours that are ordinary characters stay: zero width joiner (emoji), dashes.
    EXPECT_EQ(terminal_safe("\u200d\u2027\u202f\u2065\u206a"), "\u200d\u2027\u202f\u2065\u206a");
    EXPECT_FALSE(is_terminal_safe("a\u2067b"));
}

TEST(TerminalSafe, InvalidUtf8BytesBecomeHexEscapes) {
    EXPECT_EQ(terminal_safe("caf\xe9.png"), R"(caf\xe9.png)");  // Latin-1
    EXPECT_EQ(terminal_safe("\xff\xfe"), R"(\xff\xfe)");
    EXPECT_EQ(terminal_safe("\xc0\xaf"), R"(\xc0\xaf)");          // overlong "/"
    EXPECT_EQ(terminal_safe("\xed\xa0\x80"), R"(\xed\xa0\x80)");  // surrogate
    EXPECT_EQ(terminal_safe("\xe2\x82"), R"(\xe2\x82)");          // truncated
    // A raw C1 byte is not UTF-8 either: never a C1 control on the terminal.
    EXPECT_EQ(terminal_safe("\x9b"
                            "31m"),
              R"(\x9b31m)");
    EXPECT_TRUE(is_valid_utf8(terminal_safe("a\xffz\x1b")));
    EXPECT_FALSE(is_terminal_safe("caf\xe9"));
}

TEST(TerminalSafe, BackslashesAreDoubledSoEscapesAreUnambiguous) {
    EXPECT_EQ(terminal_safe(R"(C:\Users\n)"), R"(C:\\Users\\n)");
    // A name that spells an escape is not confused with the control it spells.
    EXPECT_NE(terminal_safe(R"(a\nb)"), terminal_safe("a\nb"));
    EXPECT_NE(terminal_safe(R"(\x1b)"), terminal_safe("\x1b"));
    // Backslashes alone do not make a text unsafe to show.
    EXPECT_TRUE(is_terminal_safe(R"(C:\Users)"));
}

TEST(TerminalSafe, OutputHasNoControlLeft) {
    std::string all;
    for (int c = 0; c < 256; ++c)
        all += static_cast<char>(c);
    all += "\u0085\u202e\u2066\u2029";
    const std::string out = terminal_safe(all);
    EXPECT_TRUE(is_valid_utf8(out));
    EXPECT_TRUE(is_terminal_safe(out));
    for (char ch : out) {
        const auto c = static_cast<unsigned char>(ch);
        EXPECT_FALSE(c < 0x20 || c == 0x7f) << static_cast<int>(c);
    }
}

}  // namespace
}  // namespace scelle::core
