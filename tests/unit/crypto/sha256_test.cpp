#include "scelle/crypto/sha256.h"

#include <gtest/gtest.h>

#include <string>

#include "child_process.h"
#include "temp_dir.h"

namespace scelle::crypto {
namespace {

// FIPS 180-4 / NIST CAVP known answers.
TEST(Sha256, KnownAnswers) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, StreamingEqualsOneShotWhateverTheChunking) {
    const std::string data = test::pseudo_random_bytes(100'003, 7);
    const std::string expected = sha256_hex(data);
    for (std::size_t chunk : {1u, 63u, 64u, 65u, 4096u, 100'003u}) {
        Sha256 h;
        for (std::size_t i = 0; i < data.size(); i += chunk)
            h.update(std::string_view(data).substr(i, chunk));
        EXPECT_EQ(to_hex(h.finish()), expected) << "chunk " << chunk;
    }
}

TEST(Sha256, ResetStartsOver) {
    Sha256 h;
    h.update("garbage");
    (void)h.finish();
    h.reset();
    h.update("abc");
    EXPECT_EQ(to_hex(h.finish()), sha256_hex("abc"));
}

// A file larger than the streaming buffer, hashed by Scellé and by `openssl dgst -sha256`.
TEST(Sha256, LargeFileMatchesOpensslCommandLine) {
    test::TempDir dir;
    const auto path = dir / "large.bin";
    test::write_file(path, test::pseudo_random_bytes(48u << 20 | 12345u, 42));
    auto ours = sha256_file(path);
    ASSERT_TRUE(ours.ok());
    auto r = test::run({"openssl", "dgst", "-sha256", "-r", path.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.substr(0, 64), to_hex(*ours));
}

TEST(Sha256, MissingFileIsAnInputError) {
    test::TempDir dir;
    auto r = sha256_file(dir / "absent");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::input_missing);
    EXPECT_NE(r.error().subject.find("absent"), std::string::npos);
}

}  // namespace
}  // namespace scelle::crypto
