// Several scelle-cli processes working on the same case at once, as when a volunteer imports a
// folder while a script records links: every command succeeds (writers queue, they never fail
// with "database is locked"), each content is stored once, and the case stays intact.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "temp_dir.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using test::dump;

// Runs body(0..n-1) on n threads released at the same moment.
void together(int n, const std::function<void(int)>& body) {
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            ++ready;
            while (!go)
                std::this_thread::yield();
            body(i);
        });
    while (ready < n)
        std::this_thread::yield();
    go = true;
    for (auto& t : threads)
        t.join();
}

// A command that worked, and said nothing about waiting for a lock.
void expect_clean_success(const test::ProcResult& r) {
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    for (const char* word : {"locked", "busy", "Locked", "Busy"})
        EXPECT_EQ(r.err.find(word), std::string::npos) << dump(r);
}

class CliConcurrency : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(in);
        auto r = cli({"case", "new", "--title", "Import à plusieurs"});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        id = r.out.substr(0, r.out.size() - 1);
    }

    test::ProcResult cli(std::vector<std::string> args) {
        std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        test::RunOptions opts;
        opts.env["LC_ALL"] = "C";
        return test::run(argv, opts);
    }

    json show() {
        auto r = cli({"--json", "case", "show", id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return json::parse(r.out, nullptr, false);
    }

    // Names in objects/, without the temporary files of imports in progress.
    std::set<std::string> objects() {
        std::set<std::string> out;
        for (const auto& e : fs::directory_iterator(store / "cases" / id / "objects"))
            out.insert(e.path().filename().string());
        return out;
    }

    void expect_intact() {
        auto r = cli({"--json", "check", id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        json doc = json::parse(r.out, nullptr, false);
        EXPECT_EQ(doc["problems"], json::array()) << r.out;
        EXPECT_EQ(doc["notes"], json::array()) << r.out;
    }

    test::TempDir dir{"scelle-cli-concurrency"};
    fs::path store = dir / "store";
    fs::path in = dir / "in";
    std::string id;
};

TEST_F(CliConcurrency, TwoImportsOfOverlappingFilesStoreEachContentOnce) {
    constexpr int kFiles = 30;
    constexpr int kRounds = 3;
    std::set<std::string> all_hashes;
    for (int round = 0; round < kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        std::vector<std::string> files;
        for (int i = 0; i < kFiles; ++i) {
            fs::path p = in / ("r" + std::to_string(round) + "-" + std::to_string(i) + ".jpg");
            test::write_file(
                p, test::pseudo_random_bytes((1u << 20) + static_cast<unsigned>(i),
                                             static_cast<std::uint64_t>(round * 100 + i)));
            files.push_back(p.string());
        }
        // Process 0 imports files 0-19, process 1 files 10-29, in the opposite order.
        std::vector<std::string> first = {"--json", "import", id};
        first.insert(first.end(), files.begin(), files.begin() + 20);
        std::vector<std::string> second = {"--json", "import", id};
        second.insert(second.end(), files.rbegin(), files.rbegin() + 20);
        test::ProcResult results[2];
        together(2, [&](int i) { results[i] = cli(i == 0 ? first : second); });

        std::map<std::string, std::int64_t> item_of_path;
        for (const auto& r : results) {
            expect_clean_success(r);
            json doc = json::parse(r.out, nullptr, false);
            ASSERT_EQ(doc["imported"].size(), 20u) << r.out;
            for (const auto& o : doc["imported"]) {
                auto [it, inserted] = item_of_path.emplace(o["path"], o["item"]);
                // Both processes name the same item for a file they both imported.
                EXPECT_EQ(it->second, o["item"].get<std::int64_t>()) << o.dump();
            }
        }
        EXPECT_EQ(item_of_path.size(), static_cast<std::size_t>(kFiles));

        json doc = show();
        std::set<std::string> hashes;
        std::set<std::int64_t> seqs;
        for (const auto& it : doc["items"]) {
            hashes.insert(it["sha256"].get<std::string>());
            seqs.insert(it["seq"].get<std::int64_t>());
        }
        const auto expected = static_cast<std::size_t>(kFiles * (round + 1));
        EXPECT_EQ(doc["items"].size(), expected);
        EXPECT_EQ(hashes.size(), expected) << "a content was stored twice";
        EXPECT_EQ(seqs.size(), expected);
        EXPECT_EQ(*seqs.rbegin(), static_cast<std::int64_t>(expected));
        EXPECT_EQ(objects(), hashes);
        all_hashes.insert(hashes.begin(), hashes.end());
        expect_intact();
    }
    EXPECT_EQ(all_hashes.size(), static_cast<std::size_t>(kFiles * kRounds));
}

TEST_F(CliConcurrency, AccountsLinksAndDescriptionsFromSeveralProcesses) {
    constexpr int kProcs = 6;
    test::write_file(in / "a.txt", "first item");
    ASSERT_EQ(cli({"import", id, (in / "a.txt").string()}).exit_code, 0);

    std::vector<std::vector<test::ProcResult>> results(kProcs);
    together(kProcs, [&](int i) {
        const std::string n = std::to_string(i);
        results[i].push_back(
            cli({"--json", "account", "add", id, "--platform", "Discord", "--handle", "shared"}));
        results[i].push_back(
            cli({"account", "add", id, "--platform", "Discord", "--handle", "user-" + n}));
        results[i].push_back(cli({"link", id, "https://example.org/message/" + n, "--account",
                                  "shared", "--description", "lien " + n}));
        results[i].push_back(cli({"describe", id, "1", "--description", "description " + n}));
    });

    int created_shared = 0;
    for (const auto& per_proc : results) {
        for (const auto& r : per_proc)
            expect_clean_success(r);
        json acc = json::parse(per_proc[0].out, nullptr, false);
        EXPECT_EQ(acc["handle"], "shared");
        if (acc["existed"] == false)
            ++created_shared;
    }
    EXPECT_EQ(created_shared, 1) << "exactly one process records the shared account";

    json doc = show();
    ASSERT_EQ(doc["accounts"].size(), static_cast<std::size_t>(kProcs + 1));
    std::set<std::string> handles;
    std::set<std::int64_t> account_ids;
    std::int64_t shared_id = 0;
    for (const auto& a : doc["accounts"]) {
        handles.insert(a["handle"].get<std::string>());
        account_ids.insert(a["id"].get<std::int64_t>());
        if (a["handle"] == "shared")
            shared_id = a["id"];
    }
    EXPECT_EQ(handles.size(), static_cast<std::size_t>(kProcs + 1));
    EXPECT_EQ(account_ids.size(), static_cast<std::size_t>(kProcs + 1));

    ASSERT_EQ(doc["items"].size(), static_cast<std::size_t>(kProcs + 1));
    std::set<std::string> urls;
    std::set<std::int64_t> seqs;
    for (const auto& it : doc["items"]) {
        seqs.insert(it["seq"].get<std::int64_t>());
        if (it["kind"] == "link") {
            urls.insert(it["url"].get<std::string>());
            EXPECT_EQ(it["account"], shared_id);
        }
    }
    EXPECT_EQ(urls.size(), static_cast<std::size_t>(kProcs));
    EXPECT_EQ(seqs.size(), static_cast<std::size_t>(kProcs + 1));

    // Every action is one custody line, numbered without gaps.
    auto log = cli({"--json", "log", id});
    json lines = json::parse(log.out, nullptr, false)["lines"];
    // case + import + 7 accounts + 6 links + 6 descriptions
    ASSERT_EQ(lines.size(), static_cast<std::size_t>(2 + (kProcs + 1) + kProcs + kProcs));
    int described = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_EQ(lines[i]["seq"], static_cast<std::int64_t>(i + 1));
        if (lines[i]["action"] == "item.described")
            ++described;
    }
    EXPECT_EQ(described, kProcs);
    expect_intact();
}

TEST_F(CliConcurrency, OnlyOneOfSeveralWithdrawalsOfTheSameItemWins) {
    test::write_file(in / "a.txt", "to withdraw");
    ASSERT_EQ(cli({"import", id, (in / "a.txt").string()}).exit_code, 0);
    constexpr int kProcs = 5;
    std::vector<test::ProcResult> results(kProcs);
    together(kProcs, [&](int i) {
        results[i] = cli({"withdraw", id, "1", "--reason", "motif " + std::to_string(i)});
    });
    int won = 0;
    for (const auto& r : results) {
        if (r.exit_code == 0) {
            ++won;
            continue;
        }
        EXPECT_EQ(r.exit_code, 1) << dump(r);
        EXPECT_NE(r.err.find("already withdrawn"), std::string::npos) << dump(r);
    }
    EXPECT_EQ(won, 1);
    EXPECT_TRUE(objects().empty());
    auto log = cli({"--json", "log", id});
    int withdrawals = 0;
    const json doc = json::parse(log.out, nullptr, false);
    for (const auto& l : doc["lines"])
        withdrawals += l["action"] == "item.withdrawn" ? 1 : 0;
    EXPECT_EQ(withdrawals, 1);
    expect_intact();
}

TEST_F(CliConcurrency, CasesCreatedAtOnceInANewStore) {
    const fs::path fresh = dir / "fresh-store";
    constexpr int kProcs = 6;
    std::vector<test::ProcResult> results(kProcs);
    together(kProcs, [&](int i) {
        results[i] = test::run({SCELLE_CLI_PATH, "--store", fresh.string(), "case", "new",
                                "--title", "Dossier " + std::to_string(i)});
    });
    std::set<std::string> ids;
    for (const auto& r : results) {
        expect_clean_success(r);
        ids.insert(r.out);
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kProcs));
    auto list = test::run({SCELLE_CLI_PATH, "--store", fresh.string(), "--json", "case", "list"});
    ASSERT_EQ(list.exit_code, 0) << dump(list);
    EXPECT_EQ(json::parse(list.out)["cases"].size(), static_cast<std::size_t>(kProcs));
}

}  // namespace
}  // namespace scelle
