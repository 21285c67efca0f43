// The WinZip AES authentication code, checked over stored bytes written by another tool: an
// entry 7-Zip encrypted matches with its passphrase, and no longer does once one bit of its
// encrypted bytes or of its code changes, nor with another passphrase.
#include "scelle/crypto/zip_aes.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "child_process.h"
#include "temp_dir.h"

namespace scelle::crypto {
namespace {

constexpr const char* kPass = "phrase secrete, dite de vive voix";

std::size_t u16(const std::string& z, std::size_t at) {
    return static_cast<unsigned char>(z[at]) | static_cast<std::size_t>(z[at + 1]) << 8;
}
std::size_t u32(const std::string& z, std::size_t at) {
    return u16(z, at) | u16(z, at + 2) << 16;
}

// The single entry's stored bytes (salt, check value, encrypted bytes, code) of a zip 7-Zip made.
std::string stored_bytes_by_7z(const test::TempDir& dir) {
    std::string content;
    for (int i = 0; i < 5000; ++i)
        content += "ligne " + std::to_string(i) + " d’une conversation\n";
    test::write_file(dir.path() / "chat.txt", content);
    const auto r = test::run({"7z", "a", "-tzip", "-mem=AES256", std::string("-p") + kPass,
                              (dir.path() / "a.zip").string(), (dir.path() / "chat.txt").string()});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    const std::string z = test::read_file(dir.path() / "a.zip");
    if (z.size() < 30 || u32(z, 0) != 0x04034b50 || (u16(z, 6) & 8) != 0)
        return {};
    const std::size_t begin = 30 + u16(z, 26) + u16(z, 28);
    return z.substr(begin, u32(z, 18));
}

bool matches(const std::string& stored, std::string_view pass) {
    using A = ZipAesAuthenticator;
    const auto bytes = std::as_bytes(std::span(stored.data(), stored.size()));
    auto auth = A::create(pass, bytes.first(A::kSaltSize + A::kVerifierSize));
    if (!auth)
        return false;
    const std::size_t body = stored.size() - A::kOverhead;
    auth->update(bytes.subspan(A::kSaltSize + A::kVerifierSize, body / 2));
    auth->update(bytes.subspan(A::kSaltSize + A::kVerifierSize + body / 2, body - body / 2));
    return auth->matches(bytes.last(A::kCodeSize));
}

TEST(ZipAes, TheCodeOf7ZipMatchesAndOneBitChangedDoesNot) {
    test::TempDir dir("scelle-zip-aes");
    const std::string stored = stored_bytes_by_7z(dir);
    ASSERT_GT(stored.size(), ZipAesAuthenticator::kOverhead + 100);
    EXPECT_TRUE(matches(stored, kPass));
    EXPECT_FALSE(matches(stored, "phrase secrete, dite de vive voix."));
    for (std::size_t at : {ZipAesAuthenticator::kSaltSize + ZipAesAuthenticator::kVerifierSize,
                           stored.size() / 2, stored.size() - ZipAesAuthenticator::kCodeSize - 1,
                           stored.size() - ZipAesAuthenticator::kCodeSize, stored.size() - 1}) {
        std::string altered = stored;
        altered[at] = static_cast<char>(altered[at] ^ 0x08);
        EXPECT_FALSE(matches(altered, kPass)) << "bit changed at " << at;
    }
}

TEST(ZipAes, ShortOrWrongHeadsAreRefused) {
    EXPECT_FALSE(ZipAesAuthenticator::create(kPass, {}).has_value());
    const std::string zeros(18, '\0');
    // A 2-byte check value: one passphrase in 65536 passes it; this one does not.
    int passed = 0;
    for (const char* p : {"a", "b", "c", "d"})
        passed +=
            ZipAesAuthenticator::create(p, std::as_bytes(std::span(zeros.data(), 18))) ? 1 : 0;
    EXPECT_LT(passed, 4);
}

}  // namespace
}  // namespace scelle::crypto
