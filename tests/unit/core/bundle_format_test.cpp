// The bundle's names and rules (docs/bundle-format.md): evidence names, token names, the entry
// names a reader refuses, and manifests as sha256sum writes them.
#include "scelle/store/bundle_format.h"

#include <gtest/gtest.h>

#include "child_process.h"
#include "temp_dir.h"

namespace scelle::core::bundle {
namespace {

TEST(BundleFormat, EvidenceFilesAreNamedBySeqKindAndMediaType) {
    EXPECT_EQ(folder_name("20261128-3f9a2c1b"), "scelle-20261128-3f9a2c1b");
    EXPECT_EQ(evidence_path(7, "screenshot", std::string("image/png")),
              "data/evidence/0007-screenshot.png");
    EXPECT_EQ(evidence_path(12345, "file", std::string("image/jpeg")),
              "data/evidence/12345-file.jpg");
    EXPECT_EQ(evidence_path(1, "file", std::string("text/plain; charset=utf-8")),
              "data/evidence/0001-file.txt");
    EXPECT_EQ(evidence_path(2, "file", std::nullopt), "data/evidence/0002-file.bin");
    EXPECT_EQ(evidence_path(3, "file", std::string("application/x-unknown")),
              "data/evidence/0003-file.bin");
    EXPECT_TRUE(store_uncompressed(std::string("image/png")));
    EXPECT_TRUE(store_uncompressed(std::string("application/pdf")));
    EXPECT_FALSE(store_uncompressed(std::string("text/plain")));
    EXPECT_FALSE(store_uncompressed(std::nullopt));
}

TEST(BundleFormat, LogTokenNamesRoundTrip) {
    EXPECT_EQ(log_token_path(12), "timestamps/custody-log-12.tsr");
    EXPECT_EQ(log_token_covers("timestamps/custody-log-12.tsr"), 12);
    for (const char* bad : {"timestamps/custody-log-.tsr", "timestamps/custody-log-012.tsr",
                            "timestamps/custody-log-0.tsr", "timestamps/custody-log-1x.tsr",
                            "timestamps/custody-log-12.tsr.bak", "custody-log-12.tsr",
                            "timestamps/custody-log-99999999999999999999.tsr"})
        EXPECT_FALSE(log_token_covers(bad)) << bad;
}

TEST(BundleFormat, UnsafeEntryNamesAreNamedWithTheReason) {
    for (const char* ok : {"scelle-x/bagit.txt", "scelle-x/data/evidence/0001-file.png",
                           "scelle-x/", "scelle-x/data/"})
        EXPECT_FALSE(unsafe_name_reason(ok)) << ok;
    const std::pair<const char*, const char*> bad[] = {
        {"", "empty"},
        {"/etc/passwd", "absolute"},
        {"scelle-x/../evil.txt", "'..'"},
        {"scelle-x/a/../../b.txt", "'..'"},
        {"./dot.txt", "'.'"},
        {"scelle-x//dbl.txt", "empty path segment"},
        {"C:\\win\\x.txt", "colon"},
        {"dir\\..\\y.txt", "backslash"},
        {"c:x.txt", "colon"},
        {"scelle-x/a\nb", "control"},
        {"scelle-x/\xc3\xa9t\xc3\xa9.png", "non-ASCII"},
        {"scelle-x/a b.txt", "not allowed"},
    };
    for (const auto& [name, words] : bad) {
        auto why = unsafe_name_reason(name);
        ASSERT_TRUE(why) << name;
        EXPECT_NE(why->find(words), std::string::npos) << name << ": " << *why;
    }
}

TEST(BundleFormat, ManifestsAreWhatSha256sumReadsAndWrites) {
    const std::string a(64, 'a');
    const std::string b(64, 'b');
    std::string text = format_manifest({{b, "data/z.txt"}, {a, "data/a b.txt"}});
    EXPECT_EQ(text, a + "  data/a b.txt\n" + b + "  data/z.txt\n");
    std::size_t bad = 0;
    auto parsed = parse_manifest(text, bad);
    ASSERT_TRUE(parsed);
    ASSERT_EQ(parsed->size(), 2u);
    EXPECT_EQ((*parsed)[0].path, "data/a b.txt");
    EXPECT_EQ((*parsed)[1].sha256, b);
    EXPECT_TRUE(parse_manifest("", bad).has_value());

    for (std::string broken : {a + " data/one-space.txt\n", a + "  data/no-newline.txt",
                               std::string(64, 'A') + "  data/upper.txt\n",
                               a.substr(1) + "   data/short.txt\n", a + "  \n"}) {
        bad = 0;
        EXPECT_FALSE(parse_manifest(a + "  ok\n" + broken, bad)) << broken;
        EXPECT_EQ(bad, 2u) << broken;
    }

    // sha256sum itself agrees with what we write.
    test::TempDir dir("scelle-manifest");
    test::write_file(dir / "f.txt", "hello\n");
    std::string line = format_manifest(
        {{"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", "f.txt"}});
    test::write_file(dir / "m.txt", line);
    test::RunOptions opts;
    opts.cwd = dir.path().string();
    auto r = test::run({"sha256sum", "-c", "--strict", "m.txt"}, opts);
    EXPECT_EQ(r.exit_code, 0) << test::dump(r);
}

}  // namespace
}  // namespace scelle::core::bundle
