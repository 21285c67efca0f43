#include "scelle/store/custody_log.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "child_process.h"
#include "scelle/crypto/hex.h"
#include "temp_dir.h"

namespace scelle::core::custody {
namespace {

using nlohmann::json;

std::vector<std::string> make_log(int n) {
    std::vector<std::string> lines;
    std::string prev(kGenesisPrev);
    for (int i = 1; i <= n; ++i) {
        lines.push_back(make_line(i, prev,
                                  {{"action", "item.imported"},
                                   {"at", "2026-11-28T14:00:0" + std::to_string(i % 10) + ".000Z"},
                                   {"item", i},
                                   {"name", "capture é " + std::to_string(i) + ".png"}}));
        prev = line_hash(lines.back());
    }
    return lines;
}

bool has(const std::vector<ChainIssue>& issues, ChainIssue::Kind k, std::int64_t line) {
    for (const auto& i : issues)
        if (i.kind == k && i.line == line)
            return true;
    return false;
}

TEST(CustodyLog, CanonicalFormSortsKeysAndHasNoSpaces) {
    json j = {{"zeta", 1}, {"alpha", "é"}, {"mid", {{"b", true}, {"a", nullptr}}}};
    EXPECT_EQ(canonical(j), R"({"alpha":"é","mid":{"a":null,"b":true},"zeta":1})");
}

TEST(CustodyLog, LinesCarryVersionSeqAndPrev) {
    auto lines = make_log(2);
    json first = json::parse(lines[0]);
    EXPECT_EQ(first["v"], 1);
    EXPECT_EQ(first["seq"], 1);
    EXPECT_EQ(first["prev"], std::string(kGenesisPrev));
    json second = json::parse(lines[1]);
    EXPECT_EQ(second["prev"], line_hash(lines[0]));
    EXPECT_EQ(line_hash(lines[0]).size(), 64u);
}

TEST(CustodyLog, IntactChainHasNoIssue) {
    EXPECT_TRUE(check_chain(make_log(5)).empty());
    EXPECT_TRUE(check_chain({}).empty());
}

TEST(CustodyLog, ChangedLineIsCaughtAtTheNextLine) {
    auto lines = make_log(4);
    // Same length, still canonical: only the chain can tell.
    auto pos = lines[1].find("capture é 2");
    lines[1].replace(pos, 11, "capture é 9");
    auto issues = check_chain(lines);
    EXPECT_TRUE(has(issues, ChainIssue::Kind::chain_broken, 3));
    EXPECT_EQ(issues.size(), 1u);
}

TEST(CustodyLog, RemovedLineIsCaught) {
    auto lines = make_log(4);
    lines.erase(lines.begin() + 1);
    auto issues = check_chain(lines);
    EXPECT_TRUE(has(issues, ChainIssue::Kind::bad_seq, 2));
    EXPECT_TRUE(has(issues, ChainIssue::Kind::chain_broken, 2));
}

TEST(CustodyLog, SwappedLinesAreCaught) {
    auto lines = make_log(4);
    std::swap(lines[1], lines[2]);
    auto issues = check_chain(lines);
    EXPECT_TRUE(has(issues, ChainIssue::Kind::chain_broken, 2));
    EXPECT_TRUE(has(issues, ChainIssue::Kind::bad_seq, 3));
}

TEST(CustodyLog, NonCanonicalAndNonJsonLinesAreCaught) {
    auto lines = make_log(3);
    lines[0].insert(1, " ");
    lines[2] = "not json at all";
    auto issues = check_chain(lines);
    EXPECT_TRUE(has(issues, ChainIssue::Kind::not_canonical, 1));
    EXPECT_TRUE(has(issues, ChainIssue::Kind::not_json, 3));
}

TEST(CustodyLog, FloatsAreNotCanonical) {
    std::string line = make_line(1, kGenesisPrev, {{"action", "x"}, {"at", "t"}, {"f", 1.5}});
    EXPECT_TRUE(
        has(check_chain(std::vector<std::string>{line}), ChainIssue::Kind::not_canonical, 1));
}

// The digest of the first K lines is what `head -n K log | sha256sum` gives, for several K
// asked at once, in any order, with Ks out of range left out.
TEST(CustodyLog, PrefixDigestsAreHeadSha256sum) {
    const auto lines = make_log(40);
    test::TempDir dir;
    std::string file;
    for (const auto& l : lines)
        file += l + "\n";
    test::write_file(dir / "custody-log.jsonl", file);
    auto real = [&](int k) {
        const auto r = test::run(
            {"sh", "-c", "head -n " + std::to_string(k) + " custody-log.jsonl | sha256sum"},
            {{}, std::nullopt, dir.path().string()});
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        return r.out.substr(0, 64);
    };
    const std::set<std::int64_t> ks = {40, 1, 17, 0, 2, 41, -3};
    const auto got = prefix_digests(lines, ks);
    ASSERT_EQ(got.size(), 4u);  // 0, 41 and -3 are not prefixes of a 40-line log
    for (int k : {1, 2, 17, 40}) {
        ASSERT_TRUE(got.count(k)) << k;
        EXPECT_EQ(crypto::to_hex(got.at(k)), real(k)) << k;
    }
    EXPECT_EQ(crypto::to_hex(log_digest(lines)), real(40));
    EXPECT_NE(got.at(17), got.at(40));

    // Fed one line at a time, the digest can be read at any point and more lines fed after.
    LogHasher h;
    EXPECT_EQ(crypto::to_hex(h.digest()), crypto::sha256_hex(""));
    for (int i = 0; i < 17; ++i)
        h.add(lines[static_cast<std::size_t>(i)]);
    EXPECT_EQ(h.lines(), 17);
    EXPECT_EQ(h.digest(), got.at(17));
    for (int i = 17; i < 40; ++i)
        h.add(lines[static_cast<std::size_t>(i)]);
    EXPECT_EQ(h.digest(), got.at(40));
}

}  // namespace
}  // namespace scelle::core::custody
