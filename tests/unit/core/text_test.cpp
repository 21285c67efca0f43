#include "scelle/core/text.h"

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

}  // namespace
}  // namespace scelle::core
