#include <gtest/gtest.h>

#include <set>

#include "scelle/crypto/hex.h"
#include "scelle/crypto/random.h"

namespace scelle::crypto {
namespace {

TEST(Hex, EncodesLowercase) {
    std::vector<std::uint8_t> b = {0x00, 0x0f, 0xab, 0xff};
    EXPECT_EQ(hex_encode(b), "000fabff");
}

TEST(Hex, DecodesAndRejectsBadInput) {
    auto d = hex_decode("00FFab");
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(*d, (std::vector<std::uint8_t>{0x00, 0xff, 0xab}));
    EXPECT_FALSE(hex_decode("abc").has_value());
    EXPECT_FALSE(hex_decode("zz").has_value());
}

TEST(Hex, RecognisesSha256Form) {
    EXPECT_TRUE(is_sha256_hex(std::string(64, 'a')));
    EXPECT_FALSE(is_sha256_hex(std::string(64, 'A')));
    EXPECT_FALSE(is_sha256_hex(std::string(63, 'a')));
    EXPECT_FALSE(is_sha256_hex(std::string(63, 'a') + "/"));
}

TEST(Random, GivesDistinctHexOfTheRightLength) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        std::string r = random_hex(8);
        EXPECT_EQ(r.size(), 16u);
        EXPECT_TRUE(hex_decode(r).has_value());
        seen.insert(r);
    }
    EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace scelle::crypto
