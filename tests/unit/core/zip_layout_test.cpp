// The zip layout check (app/bundle/src/zip_layout.h, docs/bundle-format.md sections 1 and 9):
// a file that is not exactly one zip archive, or whose local and central headers disagree, is
// refused as unsafe before anything is read from it, because other tools (unzip, 7-Zip,
// Python's zipfile) would read another archive or other bytes than the verifier. Bundles that
// libzip or Python's zipfile write (plain, encrypted, commented, zip64, data descriptors) pass.
#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>

#include "bundle_corpus.h"
#include "bundle_fixture.h"
#include "child_process.h"
#include "scelle/base/text.h"
#include "scelle/bundle/bundle_verify.h"
#include "scelle/bundle/zip_ptr.h"
#include "scelle/store/bundle_format.h"
#include "temp_dir.h"
#include "test_tsa.h"
#include "zip_surgery.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;
using test::BundleFiles;
using test::get16;
using test::get32;
using test::ParsedZip;
using test::put16;
using test::put32;
using test::TempDir;

std::string dump(const BundleReport& r) {
    std::string s = std::string("verdict ") + to_string(r.verdict) + "\n";
    for (const auto& p : r.problems)
        s += "  " + p.kind + " [" + p.path + "] " + p.detail + "\n";
    return s;
}

const BundleProblem* find_problem(const BundleReport& r, std::string_view kind) {
    for (const auto& p : r.problems)
        if (p.kind == kind)
            return &p;
    return nullptr;
}

class ZipLayout : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_tsa = new test::TestTsa();
        ASSERT_TRUE(s_tsa->start()) << s_tsa->last_error();
        s_dir = new TempDir("scelle-zip-layout");
        s_base = new BundleFiles(test::make_valid_bundle(s_dir->path() / "a", *s_tsa));
        s_tsa->pki().write_ca_pem(s_dir->path() / "ca.pem");
        auto trust = crypto::TrustStore::create(
            {crypto::SystemAnchors::skip, std::nullopt, {s_dir->path() / "ca.pem"}});
        ASSERT_TRUE(trust.ok());
        s_trust = new crypto::TrustStore(std::move(trust).value());
        s_plain = new std::string(test::zip_bytes(*s_base, s_dir->path()));
        BundleFiles altered = *s_base;
        for (auto& [path, bytes] : altered.files)
            if (path.rfind("data/evidence/", 0) == 0 && path.find(".txt") != std::string::npos)
                bytes = "replaced by someone else\n";
        s_altered = new std::string(test::zip_bytes(altered, s_dir->path()));
    }
    static void TearDownTestSuite() {
        delete s_altered;
        delete s_plain;
        delete s_trust;
        delete s_base;
        delete s_dir;
        delete s_tsa;
    }

    // Verifies `bytes` from a file and from memory; both must say the same.
    BundleReport check(const std::string& bytes,
                       std::optional<std::string> passphrase = std::nullopt) {
        const fs::path zip = tmp.path() / "bundle.zip";
        test::write_file(zip, bytes);
        VerifyOptions o;
        o.trust = s_trust;
        o.passphrase = std::move(passphrase);
        BundleReport r = verify_bundle(zip, o);
        const BundleReport m = verify_bundle_bytes(
            std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), o);
        EXPECT_EQ(r.verdict, m.verdict) << dump(r) << dump(m);
        EXPECT_EQ(r.problems.size(), m.problems.size()) << dump(r) << dump(m);
        return r;
    }
    // The bundle is refused as unsafe with a problem of `kind` (naming `path`) whose detail
    // contains `detail`.
    void expect_refused(const std::string& bytes, std::string_view kind, std::string_view path = "",
                        std::string_view detail = "") {
        const BundleReport r = check(bytes);
        EXPECT_EQ(r.verdict, BundleVerdict::unsafe) << dump(r);
        const BundleProblem* p = find_problem(r, kind);
        ASSERT_NE(p, nullptr) << kind << "\n" << dump(r);
        EXPECT_EQ(p->cls, ProblemClass::unsafe);
        EXPECT_EQ(p->path, path) << dump(r);
        EXPECT_NE(p->detail.find(detail), std::string::npos) << dump(r);
        // Refused before libzip read anything: no check past the zip structure ran.
        for (const auto& c : r.checks) {
            if (c.name != "zip_structure") {
                EXPECT_EQ(c.outcome, crypto::CheckOutcome::not_run) << c.name;
            }
        }
    }
    std::string full(std::string_view rel) const {
        return s_base->folder() + "/" + std::string(rel);
    }

    static test::TestTsa* s_tsa;
    static TempDir* s_dir;
    static BundleFiles* s_base;
    static crypto::TrustStore* s_trust;
    static std::string* s_plain;    // the valid bundle, zipped by libzip
    static std::string* s_altered;  // the same with an evidence file replaced
    TempDir tmp{"scelle-zip-layout-case"};
};
test::TestTsa* ZipLayout::s_tsa = nullptr;
TempDir* ZipLayout::s_dir = nullptr;
BundleFiles* ZipLayout::s_base = nullptr;
crypto::TrustStore* ZipLayout::s_trust = nullptr;
std::string* ZipLayout::s_plain = nullptr;
std::string* ZipLayout::s_altered = nullptr;

TEST_F(ZipLayout, LibzipBundlesPlainEncryptedOrCommentedPass) {
    EXPECT_EQ(check(*s_plain).verdict, BundleVerdict::intact_and_sealed) << dump(check(*s_plain));
    // Taken apart and put together again: the same bytes (the test's own parser is right).
    EXPECT_EQ(ParsedZip(*s_plain).assemble(), *s_plain);

    const fs::path enc = tmp.path() / "enc.zip";
    test::ZipOptions zo;
    zo.password = "correct horse battery";
    test::write_bundle_zip(*s_base, enc, zo);
    const std::string enc_bytes = test::read_file(enc);
    BundleReport r = check(enc_bytes, zo.password);
    EXPECT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << dump(r);
    EXPECT_TRUE(r.encrypted);

    // An archive comment set by libzip, as encrypted bundles carry a note on how to open them:
    // the layout accepts a comment of the declared length; which comment is right is the
    // format's rule (bundle-format.md section 8), checked after the layout.
    for (const fs::path& zip : {enc, tmp.path() / "plain.zip"}) {
        if (!fs::exists(zip))
            test::write_file(zip, *s_plain);
        int err = 0;
        ZipArchive za(zip_open(path_to_utf8(zip).c_str(), 0, &err));
        ASSERT_TRUE(za);
        const std::string note(bundle::archive_comment(/*encrypted=*/true));
        ASSERT_EQ(
            zip_set_archive_comment(za.get(), note.data(), static_cast<zip_uint16_t>(note.size())),
            0);
        ASSERT_TRUE(za.commit(zip.string()).ok());
        const std::string bytes = test::read_file(zip);
        ASSERT_EQ(bytes.substr(bytes.size() - note.size()), note);
        r = check(bytes, zip == enc ? zo.password : std::nullopt);
        if (zip == enc) {
            EXPECT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << zip << "\n" << dump(r);
        } else {
            // A plain bundle carries no note: only that is found, not the layout.
            ASSERT_EQ(r.problems.size(), 1u) << dump(r);
            EXPECT_EQ(r.problems[0].kind, "zip_comment_mismatch") << dump(r);
        }
    }
}

// A deflate stream whose last block is not marked last: libzip 1.7 gives the right bytes and
// the right CRC (it takes "no more input" for the end), unzip refuses the file. The bundle
// mutation run found one (a flipped bit in case.json's stream); the verifier now inflates the
// raw stream again and wants its end.
TEST_F(ZipLayout, ADeflateStreamWithoutItsEndIsDamaged) {
    ParsedZip z(*s_plain);
    bool flipped = false;
    for (auto& e : z.entries) {
        const bool deflated = test::get16(e.central, 10) == 8;
        if (deflated && e.name() == full(bundle::kCaseJson)) {
            ASSERT_EQ(static_cast<unsigned char>(e.data[0]) & 0x01, 1) << "one final block";
            e.data[0] = static_cast<char>(e.data[0] & ~0x01);  // BFINAL cleared
            flipped = true;
        }
    }
    ASSERT_TRUE(flipped) << "case.json is not deflated";
    const std::string bytes = z.assemble();
    const BundleReport r = check(bytes);
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << dump(r);
    const BundleProblem* p = find_problem(r, "entry_corrupt");
    ASSERT_NE(p, nullptr) << dump(r);
    EXPECT_EQ(p->path, bundle::kCaseJson);
    EXPECT_NE(p->detail.find("deflate stream"), std::string::npos) << p->detail;
    // And unzip, the tool a reader of the bundle has, refuses the same bytes.
    const fs::path zip = tmp.path() / "no-end.zip";
    test::write_file(zip, bytes);
    EXPECT_NE(test::run({"unzip", "-tqq", zip.string()}).exit_code, 0);
}

TEST_F(ZipLayout, TwoArchivesInOneFileAreRefused) {
    // Today's reader picked one of them while unzip and Python read the other.
    expect_refused(*s_plain + *s_altered, "zip_second_archive", "", "two zip archives");
    expect_refused(*s_altered + *s_plain, "zip_second_archive", "", "two zip archives");
    expect_refused(*s_plain + *s_plain, "zip_second_archive", "", "two zip archives");
    // An archive of a different size in front.
    const std::string small = test::raw_zip({{"scelle-x/a.txt", "a"}});
    expect_refused(small + *s_plain, "zip_second_archive", "", "two zip archives");
}

TEST_F(ZipLayout, BytesBeforeOrAfterTheArchiveAreRefused) {
    expect_refused(*s_plain + std::string(1000, 'x'), "zip_extra_bytes", "",
                   "1000 bytes follow the end of the zip archive");
    expect_refused(*s_plain + "\n", "zip_extra_bytes", "", "1 bytes follow");
    // A self-extracting program in front, offsets as the archive was made (unzip and Python
    // skip the stub)...
    const std::string stub = "MZ" + std::string(4094, '\x90');
    expect_refused(stub + *s_plain, "zip_extra_bytes", "",
                   "4096 bytes come before the zip archive");
    // ... or adjusted to count it (zip -A).
    const ParsedZip z(*s_plain);
    std::string shifted = stub;
    std::string cd;
    for (const auto& e : z.entries) {
        std::string c = e.central;
        put32(c, 42, static_cast<std::uint32_t>(shifted.size()));
        cd += c;
        shifted += e.local + e.data;
    }
    std::string eocd = s_plain->substr(s_plain->size() - 22);
    put32(eocd, 16, static_cast<std::uint32_t>(shifted.size()));
    shifted += cd + eocd;
    expect_refused(shifted, "zip_extra_bytes", "", "4096 bytes come before the first entry");
}

TEST_F(ZipLayout, GapsAndOverlapsBetweenEntriesAreRefused) {
    ParsedZip z(*s_plain);
    z.entries[5].gap_after = std::string(64, '\0');
    expect_refused(z.assemble(), "zip_layout", z.entries[6].name(), "64 bytes between the entries");

    ParsedZip before_cd(*s_plain);
    before_cd.entries.back().gap_after = "hidden bytes";
    expect_refused(before_cd.assemble(), "zip_extra_bytes", "",
                   "12 bytes lie between the last entry");
    // A local entry no central entry lists, hidden before the central directory.
    ParsedZip hidden(*s_plain);
    const auto& ev = hidden.entry(".txt");
    hidden.entries.back().gap_after = ev.local + ev.data;
    expect_refused(hidden.assemble(), "zip_second_archive", "", "zip records no central entry");

    // Two central entries for one local entry (overlapping files).
    std::string overlap = *s_plain;
    ParsedZip o(overlap);
    const std::size_t cd = get32(overlap, overlap.size() - 22 + 16);
    std::size_t p = cd;
    std::size_t prev_offset = 0;
    for (std::size_t i = 0; i < o.entries.size(); ++i) {
        if (i == 3) {
            put32(overlap, p + 42, static_cast<std::uint32_t>(prev_offset));
            break;
        }
        prev_offset = get32(overlap, p + 42);
        p += o.entries[i].central.size();
    }
    expect_refused(overlap, "zip_layout", o.entries[3].name(), "starts inside the entry");
}

TEST_F(ZipLayout, LocalAndCentralHeadersMustAgree) {
    struct Case {
        const char* field;
        std::size_t local_at;
        std::uint32_t xor_mask;  // applied to the 16- or 32-bit field of the local header
        bool wide;
    };
    // Flags and version needed: libzip's own check lets these through (a data descriptor
    // flag in the local header only: unzip -t and 7-Zip refuse the entry).
    const Case cases[] = {
        {"general purpose flags", 6, 0x0008, false},
        {"version needed to extract", 4, 0x001e, false},
        {"compression method", 8, 0x0008, false},
        {"modification time", 10, 0x0001, false},
        {"CRC-32", 14, 0x00010000, true},
        {"compressed size", 18, 0x1, true},
        {"uncompressed size", 22, 0x1, true},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.field);
        ParsedZip z(*s_plain);
        auto& e = z.entry("bagit.txt");
        if (c.wide)
            put32(e.local, c.local_at, get32(e.local, c.local_at) ^ c.xor_mask);
        else
            put16(e.local, c.local_at, get16(e.local, c.local_at) ^ c.xor_mask);
        expect_refused(z.assemble(), "zip_header_mismatch", full("bagit.txt"),
                       std::string("the local header says ") + c.field);
    }
    // Another name in the local header, of the same length.
    ParsedZip z(*s_plain);
    auto& e = z.entry("bagit.txt");
    e.local[30 + e.name().size() - 5] = 'X';
    expect_refused(z.assemble(), "zip_header_mismatch", full("bagit.txt"),
                   "the local header says the name");
    // An Info-ZIP Unicode path field, which unzip and 7-Zip read as the name instead.
    ParsedZip u(*s_plain);
    auto& ue = u.entry("bagit.txt");
    std::string field = "uP";
    field[0] = 0x75;
    field[1] = 0x70;
    const std::string other = "scelle-x/evil.txt";
    std::string len(2, '\0');
    put16(len, 0, static_cast<std::uint32_t>(5 + other.size()));
    field += len + std::string(1, '\1') + std::string(4, '\0') + other;
    ue.central.insert(46 + ue.name().size(), field);
    put16(ue.central, 30, static_cast<std::uint32_t>(field.size()));
    expect_refused(u.assemble(), "zip_header_mismatch", full("bagit.txt"), "Unicode");
}

TEST_F(ZipLayout, VersionsOtherToolsCannotExtractAreRefused) {
    ParsedZip z(*s_plain);
    auto& e = z.entry("bagit.txt");
    put16(e.local, 4, 51);
    put16(e.central, 6, 51);
    expect_refused(z.assemble(), "zip_layout", full("bagit.txt"), "needs zip version 5.1");
    ParsedZip f(*s_plain);
    auto& fe = f.entry("bagit.txt");
    put16(fe.local, 6, get16(fe.local, 6) | 0x2000);
    put16(fe.central, 8, get16(fe.central, 8) | 0x2000);
    expect_refused(f.assemble(), "zip_layout", full("bagit.txt"), "general purpose flags");
}

TEST_F(ZipLayout, TheCommentMustBeExactlyItsDeclaredLengthAndHoldNoRecord) {
    ParsedZip z(*s_plain);
    z.comment = "a note";
    {
        // The layout accepts it; the format's rule on which comment (section 8) does not.
        const BundleReport r = check(z.assemble());
        ASSERT_EQ(r.problems.size(), 1u) << dump(r);
        EXPECT_EQ(r.problems[0].kind, "zip_comment_mismatch") << dump(r);
    }
    std::string longer = z.assemble();
    put16(longer, longer.size() - 6 - 2, 7);
    expect_refused(longer, "zip_layout", "", "declares a 7-byte comment, but only 6 bytes");
    std::string shorter = z.assemble();
    put16(shorter, shorter.size() - 6 - 2, 5);
    expect_refused(shorter, "zip_extra_bytes", "", "1 bytes follow the end of the zip archive");
    for (const char* sig : {"PK\x05\x06", "PK\x03\x04"}) {
        z.comment = std::string("see ") + sig + "here";
        expect_refused(z.assemble(), "zip_second_archive", "", "comment holds a zip record");
    }
}

// Python's zipfile writing the bundle: zip64 records and extra fields everywhere (its limit
// lowered, as a bundle over 4 GiB would have them), data descriptors (a stream that cannot seek
// back), or both; or zip64 only for the entries past 4 KiB (their central version needed 4.5,
// the local one 2.0, as libzip writes the entries of a bundle past 4 GiB).
class ZipLayoutPython : public ZipLayout {
  protected:
    std::string python_zip(const std::string& mode) {
        const fs::path src = tmp.path() / "src";
        for (const auto& [path, bytes] : s_base->files) {
            fs::create_directories((src / s_base->folder() / path).parent_path());
            test::write_file(src / s_base->folder() / path, bytes);
        }
        const fs::path out = tmp.path() / ("py-" + mode + ".zip");
        auto r = test::python_zip(src, out, mode);
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        return test::read_file(out);
    }
};

TEST_F(ZipLayoutPython, Zip64AndDataDescriptorsPass) {
    for (const std::string mode : {"plain", "zip64", "stream", "zip64-stream", "offsets"}) {
        SCOPED_TRACE(mode);
        const std::string z = python_zip(mode);
        const bool zip64 = mode != "plain" && mode != "stream";
        EXPECT_EQ(z.find("PK\x06\x06") != std::string::npos, zip64);
        EXPECT_EQ(z.find("PK\x07\x08") != std::string::npos,
                  mode.find("stream") != std::string::npos);
        const BundleReport r = check(z);
        EXPECT_EQ(r.verdict, BundleVerdict::intact_and_sealed) << dump(r);
    }
}

TEST_F(ZipLayoutPython, ADataDescriptorThatDisagreesIsRefused) {
    std::string z = python_zip("stream");
    // The first descriptor's CRC (right after its signature).
    const std::size_t at = z.find("PK\x07\x08");
    ASSERT_NE(at, std::string::npos);
    z[at + 4] = static_cast<char>(z[at + 4] ^ 0x01);
    expect_refused(z, "zip_header_mismatch", full("VERIFY-en.txt"), "data descriptor");
}

TEST_F(ZipLayoutPython, Zip64EndRecordsMustAgree) {
    const std::string z = python_zip("zip64");
    // The entry count in the zip64 end record.
    std::string bad = z;
    const std::size_t at = bad.rfind("PK\x06\x06");
    ASSERT_NE(at, std::string::npos);
    put32(bad, at + 32, get32(bad, at + 32) + 1);
    expect_refused(bad, "zip_layout", "", "entry counts disagree");
    // Bytes between the zip64 end record and its locator.
    std::string gap = z;
    const std::size_t loc = gap.rfind("PK\x06\x07");
    gap.insert(loc, "xxxx");
    expect_refused(gap, "zip_extra_bytes", "", "4 bytes lie between the zip64 end record");
}

}  // namespace
}  // namespace scelle::core
