// CaseStore::add_screenshot: a PNG made by Scellé's capture sealed as an item, against a real
// store, then exported and verified as a bundle.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "scelle/base/png_writer.h"
#include "scelle/bundle/bundle_verify.h"
#include "scelle/bundle/bundle_writer.h"
#include "scelle/crypto/sha256.h"
#include "scelle/store/store.h"
#include "sql_exec.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::byte> sample_png(std::uint32_t w, std::uint32_t h, std::uint8_t shade) {
    std::vector<std::uint8_t> rgb(std::size_t{w} * h * 3);
    for (std::size_t i = 0; i < rgb.size(); ++i)
        rgb[i] = static_cast<std::uint8_t>((i * 7 + shade) & 0xff);
    auto png = encode_png_rgb8(w, h, rgb, 1);
    EXPECT_TRUE(png.ok());
    return png.ok() ? *png : std::vector<std::byte>{};
}

ImportOutcome add_ok(Result<ImportOutcome> r) {
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().subject + ": " + r.error().detail);
    return r.ok() ? *r : ImportOutcome{};
}

std::string as_text(const std::vector<std::byte>& b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

class ScreenshotTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto id = store.create_case({"Capture", "pharos", {"harassment"}, std::nullopt});
        ASSERT_TRUE(id.ok());
        auto cs = store.open_case(*id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        kase = std::move(cs).value();
    }
    ScreenshotRequest request(std::vector<std::byte> png) {
        ScreenshotRequest r;
        r.png = std::move(png);
        r.source = "“#général — Discord” (discord)";
        r.capture = {{"backend", "fake"},
                     {"bounds", {{"x", 0}, {"y", 0}, {"width", 64}, {"height", 48}}},
                     {"app", "Scellé test"}};
        r.description = "  le message  ";
        return r;
    }

    test::TempDir dir{"scelle-screenshot"};
    Store store{dir / "store"};
    std::unique_ptr<CaseStore> kase;
};

TEST_F(ScreenshotTest, SealsThePngByteForByteWithItsCaptureDetailsInTheLog) {
    const auto png = sample_png(64, 48, 3);
    auto added = add_ok(kase->add_screenshot(request(png)));
    EXPECT_FALSE(added.duplicate);
    EXPECT_EQ(added.seq, 1);
    EXPECT_EQ(added.sha256, crypto::sha256_hex(as_text(png)));

    auto item = kase->item(1);
    ASSERT_TRUE(item.ok());
    EXPECT_EQ(item->kind, "screenshot");
    EXPECT_EQ(item->media_type, "image/png");
    EXPECT_EQ(item->width, 64);
    EXPECT_EQ(item->height, 48);
    EXPECT_EQ(item->size, static_cast<std::int64_t>(png.size()));
    EXPECT_EQ(item->source, "“#général — Discord” (discord)");
    EXPECT_EQ(item->description, "le message");
    ASSERT_TRUE(item->name.has_value());
    EXPECT_EQ(item->name->rfind("capture-", 0), 0u) << *item->name;

    const std::string stored = read_all(kase->object_path(added.sha256));
    ASSERT_EQ(stored.size(), png.size());
    EXPECT_EQ(std::memcmp(stored.data(), png.data(), png.size()), 0);

    auto lines = kase->log_lines();
    ASSERT_TRUE(lines.ok());
    json line = json::parse(lines->back());
    EXPECT_EQ(line["action"], "item.captured");
    EXPECT_EQ(line["kind"], "screenshot");
    EXPECT_EQ(line["sha256"], added.sha256);
    EXPECT_EQ(line["capture"]["backend"], "fake");
    EXPECT_EQ(line["capture"]["bounds"]["width"], 64);
    EXPECT_EQ(line["source"], "“#général — Discord” (discord)");

    auto report = kase->check();
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->intact()) << report->problems.size();
}

TEST_F(ScreenshotTest, TheSameScreenTwiceIsStoredOnce) {
    const auto png = sample_png(32, 32, 9);
    auto first = add_ok(kase->add_screenshot(request(png)));
    auto second = add_ok(kase->add_screenshot(request(png)));
    EXPECT_TRUE(second.duplicate);
    EXPECT_EQ(second.seq, first.seq);
    auto items = kase->items();
    ASSERT_TRUE(items.ok());
    EXPECT_EQ(items->size(), 1u);
}

TEST_F(ScreenshotTest, BadInputIsRefusedAndNothingIsWritten) {
    auto not_png = request({std::byte{'G'}, std::byte{'I'}, std::byte{'F'}, std::byte{'8'}});
    auto r1 = kase->add_screenshot(not_png);
    ASSERT_FALSE(r1.ok());
    EXPECT_EQ(r1.error().code, Errc::usage);
    auto empty = request({});
    EXPECT_FALSE(kase->add_screenshot(empty).ok());
    auto floats = request(sample_png(8, 8, 1));
    floats.capture["scale"] = 1.5;  // the custody log has no floats
    auto r2 = kase->add_screenshot(floats);
    ASSERT_FALSE(r2.ok());
    auto unknown = request(sample_png(8, 8, 2));
    unknown.account = "nobody";
    auto r3 = kase->add_screenshot(unknown);
    ASSERT_FALSE(r3.ok());
    EXPECT_EQ(r3.error().code, Errc::unknown_account);

    auto items = kase->items();
    ASSERT_TRUE(items.ok());
    EXPECT_TRUE(items->empty());
    auto lines = kase->log_lines();
    ASSERT_TRUE(lines.ok());
    EXPECT_EQ(lines->size(), 1u);  // case.created only
    std::size_t objects = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(kase->dir() / "objects"))
        ++objects;
    EXPECT_EQ(objects, 0u);
}

TEST_F(ScreenshotTest, ASourceChangedInTheDatabaseIsFoundByCheck) {
    add_ok(kase->add_screenshot(request(sample_png(16, 16, 4))));
    EXPECT_EQ(test::exec_sql(kase->dir() / "case.sqlite",
                             "UPDATE items SET source = 'autre fenêtre' WHERE seq = 1"),
              "");
    auto report = kase->check();
    ASSERT_TRUE(report.ok());
    ASSERT_FALSE(report->intact());
    EXPECT_EQ(report->problems.front().kind, Finding::Kind::item_log_mismatch);
}

TEST_F(ScreenshotTest, ACapturedItemExportsToABundleThatVerifies) {
    add_ok(kase->add_screenshot(request(sample_png(64, 48, 5))));
    ExportOptions o;
    o.out = dir / "bundle.zip";
    o.report = nullptr;
    auto out = export_bundle(*kase, o);
    ASSERT_TRUE(out.ok()) << out.error().detail;
    auto report = verify_bundle(o.out, {});
    EXPECT_TRUE(report.intact());
    EXPECT_EQ(report.evidence_files, 1);
}

}  // namespace
}  // namespace scelle::core
