// A joined conversation is made again from its screens, following the recipe its custody line
// gives, and compared pixel for pixel (scelle/store/derivation.h): by `check` on the store's
// originals, by export before it hands a bundle over, and by verify on a bundle's files. A
// joined picture that was not made from its screens — one pixel changed, a recipe with a gap,
// rows made up — has an honest custody log (the store checks only that the screens exist):
// only the recomposition catches it. A forger who swaps the joined picture in an unsealed
// bundle and rewrites its log chain, case.json and manifests is caught by verify. A screen
// withdrawn since leaves a note, not an alteration. Real store, real zip, real PNGs.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <zip.h>

#include <nlohmann/json.hpp>

#include "bundle_fixture.h"

#include "scelle/base/png_reader.h"
#include "scelle/base/png_writer.h"
#include "scelle/base/text.h"
#include "scelle/bundle/bundle_verify.h"
#include "scelle/bundle/bundle_writer.h"
#include "scelle/bundle/zip_ptr.h"
#include "scelle/crypto/sha256.h"
#include "scelle/store/bundle_format.h"
#include "scelle/store/custody_log.h"
#include "scelle/store/store.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::uint32_t kWidth = 60;
constexpr std::uint32_t kRows = 200;  // the whole conversation
constexpr std::uint32_t kScreen = 100;

// The conversation: every row different from the others.
std::vector<std::uint8_t> conversation() {
    std::vector<std::uint8_t> rgb(std::size_t{kWidth} * kRows * 3);
    for (std::uint32_t y = 0; y < kRows; ++y)
        for (std::uint32_t x = 0; x < kWidth; ++x)
            for (std::uint32_t c = 0; c < 3; ++c)
                rgb[(std::size_t{y} * kWidth + x) * 3 + c] =
                    static_cast<std::uint8_t>(y * 7 + x * (c + 1) + c * 80);
    return rgb;
}

std::vector<std::byte> png_of_rows(const std::vector<std::uint8_t>& rgb, std::uint32_t first,
                                   std::uint32_t count, std::uint32_t width = kWidth) {
    const std::size_t row = std::size_t{width} * 3;
    std::vector<std::uint8_t> part(
        rgb.begin() + static_cast<std::ptrdiff_t>(first * row),
        rgb.begin() + static_cast<std::ptrdiff_t>((first + count) * row));
    auto png = encode_png_rgb8(width, count, part, 1);
    EXPECT_TRUE(png.ok());
    return png.ok() ? *png : std::vector<std::byte>{};
}

class BundleDerived : public ::testing::Test {
  protected:
    void SetUp() override {
        auto id = store.create_case({"Conversation", "pharos", {"harassment"}, std::nullopt});
        ASSERT_TRUE(id.ok());
        auto cs = store.open_case(*id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        kase = std::move(cs).value();
        // Three screens of 100 rows, read at rows 0, 50 and 100 of the conversation.
        for (std::uint32_t top : {0u, 50u, 100u})
            screens.push_back(add(png_of_rows(whole, top, kScreen)));
    }

    ImportOutcome add(std::vector<std::byte> png, std::optional<json> derived = std::nullopt) {
        ScreenshotRequest r;
        r.png = std::move(png);
        r.source = "“chat” (test)";
        r.capture = {{"backend", "fake"}};
        r.derived = std::move(derived);
        auto added = kase->add_screenshot(r);
        EXPECT_TRUE(added.ok()) << (added.ok() ? "" : added.error().detail);
        return added.ok() ? *added : ImportOutcome{};
    }

    // The recipe of the honest join: the first screen whole, then the new half of each next.
    json recipe(std::int64_t last_at = 150) const {
        json frames = json::array();
        for (const auto& s : screens)
            frames.push_back({{"item", s.seq}, {"sha256", s.sha256}, {"shift", 50}});
        return {{"method", "scrolling capture"},
                {"direction", "down"},
                {"margin", 0},
                {"header_rows", 0},
                {"footer_rows", 0},
                {"frames", frames},
                {"pieces",
                 {{{"item", screens[0].seq}, {"from", 0}, {"to", 100}, {"at", 0}},
                  {{"item", screens[1].seq}, {"from", 50}, {"to", 100}, {"at", 100}},
                  {{"item", screens[2].seq}, {"from", 50}, {"to", 100}, {"at", last_at}}}}};
    }

    BundleReport export_and_verify() {
        const fs::path zip = dir / ("bundle" + std::to_string(++exports) + ".zip");
        ExportOptions o;
        o.out = zip;
        auto ex = export_bundle(*kase, o);
        EXPECT_TRUE(ex.ok()) << (ex.ok() ? "" : ex.error().detail);
        return verify_bundle(zip, VerifyOptions{});
    }

    // What `check` says of the joined picture, empty when nothing.
    std::string check_detail() {
        auto report = kase->check();
        EXPECT_TRUE(report.ok());
        for (const auto& f : report->problems)
            if (f.kind == Finding::Kind::derived_differs)
                return f.detail;
        return {};
    }

    static const BundleCheck* check(const BundleReport& r, const std::string& name) {
        auto it = std::find_if(r.checks.begin(), r.checks.end(),
                               [&](const BundleCheck& c) { return c.name == name; });
        return it == r.checks.end() ? nullptr : &*it;
    }
    static std::string problems(const BundleReport& r) {
        std::string s;
        for (const auto& p : r.problems)
            s += p.kind + " [" + p.path + "] " + p.detail + "\n";
        for (const auto& n : r.notes)
            s += "note " + n.kind + " [" + n.path + "] " + n.detail + "\n";
        return s;
    }
    static bool has_problem(const BundleReport& r, const std::string& words) {
        return std::any_of(r.problems.begin(), r.problems.end(), [&](const BundleProblem& p) {
            return p.kind == "derivation_differs" && p.detail.find(words) != std::string::npos;
        });
    }

    test::TempDir dir{"scelle-bundle-derived"};
    Store store{dir / "store"};
    std::unique_ptr<CaseStore> kase;
    const std::vector<std::uint8_t> whole = conversation();
    std::vector<ImportOutcome> screens;
    int exports = 0;
};

TEST_F(BundleDerived, AnHonestJoinIsMadeAgainAndMatchesEveryPixel) {
    const auto joined = add(png_of_rows(whole, 0, kRows), recipe());
    const BundleReport r = export_and_verify();
    EXPECT_NE(r.verdict, BundleVerdict::altered) << problems(r);
    EXPECT_TRUE(r.problems.empty()) << problems(r);
    const BundleCheck* c = check(r, "derivations");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->outcome, crypto::CheckOutcome::passed);
}

TEST_F(BundleDerived, OnePixelChangedIsFoundByCheckAndRefusedByExport) {
    std::vector<std::uint8_t> edited = whole;
    edited[(std::size_t{120} * kWidth + 7) * 3] ^= 0x40;  // row 120, the second screen's half
    add(png_of_rows(edited, 0, kRows), recipe());
    EXPECT_EQ(check_detail(), "its pixels differ from row 120");
    // Export does not hand over a bundle verify would call altered: it says why, and leaves
    // nothing behind.
    ExportOptions o;
    o.out = dir / "refused.zip";
    auto ex = export_bundle(*kase, o);
    ASSERT_FALSE(ex.ok());
    EXPECT_EQ(ex.error().code, Errc::store_corrupt);
    EXPECT_NE(ex.error().detail.find("its pixels differ from row 120"), std::string::npos)
        << ex.error().detail;
    EXPECT_FALSE(fs::exists(o.out));
}

TEST_F(BundleDerived, ARecipeWithAGapOrAPictureWithRowsMadeUpIsFoundByCheck) {
    const auto gap = add(png_of_rows(whole, 0, kRows), recipe(160));  // rows 150-159: nowhere
    EXPECT_EQ(check_detail(),
              "the piece of item 3 (rows 50 to 100 at 160) does not continue the picture at "
              "row 150");
    ASSERT_TRUE(kase->withdraw(gap.seq, "essai").ok());
    EXPECT_EQ(check_detail(), "");  // withdrawn: nothing left to compare

    std::vector<std::uint8_t> longer = whole;
    longer.resize(longer.size() + std::size_t{kWidth} * 3 * 20, 0);  // 20 rows made up
    auto png = encode_png_rgb8(kWidth, kRows + 20, longer, 1);
    ASSERT_TRUE(png.ok());
    add(*png, recipe());
    EXPECT_EQ(check_detail(), "the pieces end at row 200, the picture has 220");
}

// The bundle's files, as a forger unpacking it gets them.
test::BundleFiles unpack(const fs::path& zip, const std::string& case_id) {
    test::BundleFiles b;
    b.case_id = case_id;
    int err = 0;
    ZipArchive za(zip_open(path_to_utf8(zip).c_str(), ZIP_RDONLY, &err));
    EXPECT_TRUE(za);
    const std::string folder = b.folder() + "/";
    for (zip_int64_t i = 0; za && i < zip_get_num_entries(za.get(), 0); ++i) {
        zip_stat_t st;
        zip_stat_index(za.get(), static_cast<zip_uint64_t>(i), 0, &st);
        std::string name = st.name;
        if (name.back() == '/')
            continue;
        std::string data(st.size, '\0');
        ZipFilePtr f(zip_fopen_index(za.get(), static_cast<zip_uint64_t>(i), 0));
        EXPECT_EQ(zip_fread(f.get(), data.data(), st.size), static_cast<zip_int64_t>(st.size));
        b.files[name.substr(folder.size())] = std::move(data);
    }
    return b;
}

// Puts `png` in place of item `seq`'s picture and rewrites all that vouches for it: the custody
// line's SHA-256 and size, the chain of every line after it, case.json, the manifests and
// Payload-Oxum. Only the seals (none here: an unsealed bundle) could still tell.
void swap_picture(test::BundleFiles& b, std::int64_t seq, const std::string& png) {
    std::string path;
    json doc = json::parse(b.files[std::string(bundle::kCaseJson)]);
    for (auto& it : doc["items"])
        if (it["seq"] == seq) {
            path = it["file"];
            it["sha256"] = crypto::sha256_hex(png);
            it["size"] = png.size();
        }
    ASSERT_FALSE(path.empty());
    b.files[path] = png;
    b.files[std::string(bundle::kCaseJson)] = doc.dump(2) + "\n";
    std::string& log = b.files[std::string(bundle::kCustodyLog)];
    std::string out;
    std::string prev(custody::kGenesisPrev);
    std::int64_t n = 0;
    for (std::size_t at = 0; at < log.size();) {
        const std::size_t end = log.find('\n', at);
        json j = json::parse(log.substr(at, end - at));
        at = end + 1;
        if (j.value("action", "") == "item.derived" && j["item"] == seq) {
            j["sha256"] = crypto::sha256_hex(png);
            j["size"] = png.size();
        }
        j.erase("v");
        j.erase("seq");
        j.erase("prev");
        const std::string line = custody::make_line(++n, prev, j);
        prev = custody::line_hash(line);
        out += line + "\n";
    }
    log = out;
    test::rewrite_manifest(b);
    test::rewrite_payload_oxum(b);
    test::rewrite_tagmanifest(b);
}

TEST_F(BundleDerived, AForgerWhoSwapsTheJoinedPictureAndRewritesTheRestIsCaughtByVerify) {
    const auto joined = add(png_of_rows(whole, 0, kRows), recipe());
    const fs::path honest = dir / "honest.zip";
    ExportOptions o;
    o.out = honest;
    ASSERT_TRUE(export_bundle(*kase, o).ok());
    const std::string id = kase->info().id;

    // The rewriting itself leaves no trace: done with the true picture, the bundle verifies.
    test::BundleFiles same = unpack(honest, id);
    const auto true_png = png_of_rows(whole, 0, kRows);
    swap_picture(same, joined.seq,
                 std::string(reinterpret_cast<const char*>(true_png.data()), true_png.size()));
    test::write_bundle_zip(same, dir / "same.zip");
    const BundleReport control = verify_bundle(dir / "same.zip", VerifyOptions{});
    EXPECT_NE(control.verdict, BundleVerdict::altered) << problems(control);

    // With one pixel changed, only the recomposition can tell: it does.
    std::vector<std::uint8_t> edited = whole;
    edited[(std::size_t{120} * kWidth + 7) * 3] ^= 0x40;
    const auto forged_png = png_of_rows(edited, 0, kRows);
    test::BundleFiles forged = unpack(honest, id);
    swap_picture(forged, joined.seq,
                 std::string(reinterpret_cast<const char*>(forged_png.data()), forged_png.size()));
    test::write_bundle_zip(forged, dir / "forged.zip");
    const BundleReport r = verify_bundle(dir / "forged.zip", VerifyOptions{});
    EXPECT_EQ(r.verdict, BundleVerdict::altered) << problems(r);
    EXPECT_TRUE(has_problem(r, "its pixels differ from row 120")) << problems(r);
    EXPECT_EQ(check(r, "derivations")->outcome, crypto::CheckOutcome::failed);
}

TEST_F(BundleDerived, AScreenWithdrawnSinceLeavesANoteNotAnAlteration) {
    add(png_of_rows(whole, 0, kRows), recipe());
    ASSERT_TRUE(kase->withdraw(screens[1].seq, "capture en double").ok());
    const BundleReport r = export_and_verify();
    EXPECT_NE(r.verdict, BundleVerdict::altered) << problems(r);
    EXPECT_TRUE(std::any_of(r.notes.begin(), r.notes.end(), [](const BundleProblem& n) {
        return n.kind == "derivation_not_recomposed" &&
               n.detail.find("was withdrawn") != std::string::npos;
    })) << problems(r);
    EXPECT_EQ(check(r, "derivations")->outcome, crypto::CheckOutcome::not_run);
}

TEST(PngReader, DecodesWhatTheWriterWroteAndRefusesTheRest) {
    const std::vector<std::uint8_t> rgb = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    auto png = encode_png_rgb8(2, 2, rgb, 6);
    ASSERT_TRUE(png.ok());
    auto img = decode_png_rgba(*png, 4);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->width, 2u);
    EXPECT_EQ(img->rgba, (std::vector<std::uint8_t>{1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 10,
                                                    11, 12, 255}));
    // More pixels than allowed: refused before anything is allocated for them.
    auto big = decode_png_rgba(*png, 3);
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error().code, Errc::usage);
    // Not a PNG, or one cut short.
    const std::string text = "not a picture";
    EXPECT_EQ(decode_png_rgba(std::as_bytes(std::span(text.data(), text.size())), 100).error().code,
              Errc::input_unreadable);
    const auto cut = std::span(png->data(), png->size() / 2);
    EXPECT_FALSE(decode_png_rgba(cut, 100).ok());
}

}  // namespace
}  // namespace scelle::core
