// scelle-cli killed with SIGKILL in the middle of a write (a crash, a power cut, a user who
// closes the terminal): the case is left either as before or as after, never with a row that
// names a missing object, `check` accepts it, and the next command finishes or cleans up what
// was left. The kill happens at named checkpoints (SCELLE_TEST_KILL_AT, see Env::checkpoint)
// and, less precisely, after several delays.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using test::dump;

class CliKill : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(in);
        id = new_case();
    }

    test::ProcResult cli(std::vector<std::string> args, test::RunOptions opts = {}) {
        opts.env.emplace("LC_ALL", "C");
        return test::run(argv(std::move(args)), opts);
    }

    std::vector<std::string> argv(std::vector<std::string> args) const {
        std::vector<std::string> out = {SCELLE_CLI_PATH, "--store", store.string()};
        out.insert(out.end(), args.begin(), args.end());
        return out;
    }

    std::string new_case() {
        auto r = cli({"case", "new", "--title", "Interrompu"});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return r.out.empty() ? std::string() : r.out.substr(0, r.out.size() - 1);
    }

    // `count` distinct files of `size` bytes (a shared random body, a distinct first block).
    void make_files(int count, std::size_t size) {
        const std::string body = test::pseudo_random_bytes(size, 42);
        for (int i = 0; i < count; ++i) {
            std::string content = body;
            const std::string tag = "file " + std::to_string(i) + " of " + std::to_string(count);
            content.replace(0, tag.size(), tag);
            fs::path p = in / ("capture-" + std::to_string(i) + ".jpg");
            test::write_file(p, content);
            files.push_back(p.string());
        }
    }

    std::vector<std::string> import_args(const std::string& case_id) const {
        std::vector<std::string> args = {"--json", "import", case_id};
        args.insert(args.end(), files.begin(), files.end());
        return args;
    }

    test::ProcResult run_killed_at(const std::string& checkpoint, std::vector<std::string> args) {
        test::RunOptions opts;
        opts.env["SCELLE_TEST_KILL_AT"] = checkpoint;
        auto r = cli(std::move(args), opts);
        EXPECT_EQ(r.signal, SIGKILL) << checkpoint << ": " << dump(r);
        return r;
    }

    json show(const std::string& case_id) {
        auto r = cli({"--json", "case", "show", case_id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return json::parse(r.out, nullptr, false);
    }

    std::string log(const std::string& case_id) {
        auto r = cli({"log", case_id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return r.out;
    }

    std::set<std::string> object_names(const std::string& case_id) {
        std::set<std::string> out;
        for (const auto& e : fs::directory_iterator(store / "cases" / case_id / "objects"))
            out.insert(e.path().filename().string());
        return out;
    }

    // `check` accepts the case and every live item's object is there. Returns the notes.
    json expect_consistent(const std::string& case_id) {
        auto r = cli({"--json", "check", case_id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        json doc = json::parse(r.out, nullptr, false);
        EXPECT_EQ(doc["problems"], json::array()) << r.out;
        const auto objects = object_names(case_id);
        const json items = show(case_id)["items"];
        for (const auto& it : items) {
            if (it["sha256"].is_string() && it["withdrawn"] == false) {
                EXPECT_TRUE(objects.count(it["sha256"].get<std::string>()))
                    << "item " << it["seq"] << " names a missing object";
            }
        }
        return doc["notes"];
    }

    // Imports the test's files again: it works, each content is stored once, nothing is left.
    void expect_reimport_stores_each_once(const std::string& case_id) {
        auto r = cli(import_args(case_id));
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        json doc = show(case_id);
        std::set<std::string> hashes;
        for (const auto& it : doc["items"])
            hashes.insert(it["sha256"].get<std::string>());
        EXPECT_EQ(doc["items"].size(), files.size());
        EXPECT_EQ(hashes.size(), files.size());
        EXPECT_EQ(object_names(case_id), hashes);
        EXPECT_EQ(expect_consistent(case_id), json::array());
    }

    static std::vector<std::string> note_kinds(const json& notes) {
        std::vector<std::string> out;
        for (const auto& n : notes)
            out.push_back(n["kind"]);
        return out;
    }

    test::TempDir dir{"scelle-cli-kill"};
    fs::path store = dir / "store";
    fs::path in = dir / "in";
    std::string id;
    std::vector<std::string> files;
};

TEST_F(CliKill, AfterTheFirstFileIsStagedNothingIsRecorded) {
    make_files(5, 256 * 1024);
    const std::string log_before = log(id);
    run_killed_at("import-after-stage", import_args(id));

    EXPECT_EQ(show(id)["items"], json::array());
    EXPECT_EQ(log(id), log_before);
    // One unnamed temporary file is left; check notes it as harmless.
    const auto objects = object_names(id);
    ASSERT_EQ(objects.size(), 1u);
    EXPECT_EQ(objects.begin()->rfind(".tmp-", 0), 0u) << *objects.begin();
    json notes = expect_consistent(id);
    ASSERT_EQ(notes.size(), 1u) << notes.dump();
    EXPECT_EQ(notes[0]["kind"], "orphan_object");
    EXPECT_EQ(notes[0]["object"], *objects.begin());

    expect_reimport_stores_each_once(id);
}

TEST_F(CliKill, AfterTheFirstObjectIsNamedNothingIsRecorded) {
    make_files(5, 256 * 1024);
    const std::string log_before = log(id);
    run_killed_at("import-after-rename", import_args(id));

    EXPECT_EQ(show(id)["items"], json::array());
    EXPECT_EQ(log(id), log_before);
    // The first file's object is named, unreferenced; the others are still temporary files.
    const auto objects = object_names(id);
    EXPECT_EQ(objects.size(), files.size());
    int named = 0;
    for (const auto& name : objects)
        named += name.rfind(".tmp-", 0) != 0 ? 1 : 0;
    EXPECT_EQ(named, 1);
    json notes = expect_consistent(id);
    EXPECT_EQ(note_kinds(notes), std::vector<std::string>(files.size(), "orphan_object"));

    expect_reimport_stores_each_once(id);
}

TEST_F(CliKill, BeforeTheCommitNothingIsRecorded) {
    make_files(5, 256 * 1024);
    const std::string log_before = log(id);
    run_killed_at("import-before-commit", import_args(id));

    EXPECT_EQ(show(id)["items"], json::array());
    EXPECT_EQ(log(id), log_before);
    const auto objects = object_names(id);
    EXPECT_EQ(objects.size(), files.size());
    for (const auto& name : objects)
        EXPECT_NE(name.rfind(".tmp-", 0), 0u) << "every object was named before the commit";
    json notes = expect_consistent(id);
    EXPECT_EQ(note_kinds(notes), std::vector<std::string>(files.size(), "orphan_object"));

    expect_reimport_stores_each_once(id);
}

TEST_F(CliKill, AfterTheCommitEverythingIsRecorded) {
    make_files(5, 256 * 1024);
    auto r = run_killed_at("import-after-commit", import_args(id));
    EXPECT_EQ(r.out, "") << "killed before it could print";

    json doc = show(id);
    EXPECT_EQ(doc["items"].size(), files.size());
    EXPECT_EQ(expect_consistent(id), json::array());
    const std::string log_after = log(id);

    // Importing again finds every content already kept.
    auto again = cli(import_args(id));
    ASSERT_EQ(again.exit_code, 0) << dump(again);
    const json outcomes = json::parse(again.out, nullptr, false)["imported"];
    ASSERT_EQ(outcomes.size(), files.size()) << again.out;
    for (const auto& o : outcomes)
        EXPECT_EQ(o["duplicate"], true) << o.dump();
    EXPECT_EQ(log(id), log_after);
    expect_reimport_stores_each_once(id);
}

TEST_F(CliKill, AfterAWithdrawalIsRecordedTheNextWriteRemovesTheObject) {
    make_files(2, 64 * 1024);
    ASSERT_EQ(cli(import_args(id)).exit_code, 0);
    json before = show(id);
    const std::string sha = before["items"][0]["sha256"];
    run_killed_at("withdraw-after-commit", {"withdraw", id, "1", "--reason", "erreur"});

    // The withdrawal is recorded, its object not yet removed: a note, not a problem.
    json item = show(id)["items"][0];
    EXPECT_EQ(item["withdrawn"], true);
    EXPECT_EQ(item["withdraw_reason"], "erreur");
    EXPECT_TRUE(object_names(id).count(sha));
    json notes = expect_consistent(id);
    ASSERT_EQ(notes.size(), 1u) << notes.dump();
    EXPECT_EQ(notes[0]["kind"], "withdrawn_object_kept");
    EXPECT_EQ(notes[0]["object"], sha);
    auto x = cli({"extract", id, "1", "-o", (dir / "out").string()});
    EXPECT_EQ(x.exit_code, 1) << dump(x);
    EXPECT_FALSE(fs::exists(dir / "out"));

    // Reading changes nothing; the next write finishes the withdrawal.
    ASSERT_EQ(cli({"log", id}).exit_code, 0);
    EXPECT_TRUE(object_names(id).count(sha));
    auto d = cli({"describe", id, "2", "--description", "toujours là"});
    ASSERT_EQ(d.exit_code, 0) << dump(d);
    EXPECT_FALSE(object_names(id).count(sha));
    EXPECT_EQ(object_names(id).size(), 1u);
    EXPECT_EQ(expect_consistent(id), json::array());
}

// The same content withdrawn, its removal interrupted, then imported again: the new item must
// keep its object.
TEST_F(CliKill, ReimportAfterAnInterruptedWithdrawalKeepsTheObject) {
    make_files(1, 64 * 1024);
    ASSERT_EQ(cli(import_args(id)).exit_code, 0);
    run_killed_at("withdraw-after-commit", {"withdraw", id, "1", "--reason", "erreur"});
    auto r = cli(import_args(id));
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    json doc = show(id);
    ASSERT_EQ(doc["items"].size(), 2u);
    EXPECT_EQ(doc["items"][1]["withdrawn"], false);
    EXPECT_TRUE(object_names(id).count(doc["items"][1]["sha256"].get<std::string>()));
    EXPECT_EQ(expect_consistent(id), json::array());
    auto x = cli({"extract", id, "2", "-o", (dir / "out").string()});
    EXPECT_EQ(x.exit_code, 0) << dump(x);
    EXPECT_EQ(test::read_file(dir / "out"), test::read_file(files[0]));
}

// A leftover object of a killed import is not trusted blindly: if its bytes were damaged
// meanwhile (a bad disk sector, a careless hand), importing the file again must store the
// good bytes, not record a new item over the damaged ones.
TEST_F(CliKill, ReimportDoesNotReuseADamagedLeftoverObject) {
    make_files(2, 64 * 1024);
    run_killed_at("import-before-commit", import_args(id));
    const auto objects = object_names(id);
    ASSERT_EQ(objects.size(), 2u);
    const fs::path leftover = store / "cases" / id / "objects" / *objects.begin();
    fs::permissions(leftover, fs::perms::owner_write, fs::perm_options::add);
    std::string bytes = test::read_file(leftover);
    bytes[1000] = static_cast<char>(bytes[1000] ^ 0x20);
    test::write_file(leftover, bytes);

    auto r = cli(import_args(id));
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(expect_consistent(id), json::array());
    for (int item = 1; item <= 2; ++item) {
        const fs::path out = dir / ("out-" + std::to_string(item));
        auto x = cli({"extract", id, std::to_string(item), "-o", out.string()});
        EXPECT_EQ(x.exit_code, 0) << dump(x);
    }
}

TEST_F(CliKill, KilledAfterSeveralDelaysDuringALargeImport) {
    make_files(20, 5'000'000);
    for (int delay_ms : {0, 5, 20, 50, 100, 200}) {
        SCOPED_TRACE("killed after " + std::to_string(delay_ms) + " ms");
        const std::string case_id = new_case();
        test::RunOptions opts;
        opts.env["LC_ALL"] = "C";
        const pid_t pid = test::spawn(argv(import_args(case_id)), opts);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        ::kill(pid, SIGKILL);
        auto r = test::wait_for(pid);
        // Either it was killed, or it had finished (the machine was fast); both are fine.
        EXPECT_TRUE(r.signal == SIGKILL || r.exit_code == 0) << dump(r);

        json doc = show(case_id);
        // All or nothing: one transaction records every file.
        EXPECT_TRUE(doc["items"].size() == 0 || doc["items"].size() == files.size())
            << doc["items"].size() << " items";
        (void)expect_consistent(case_id);
        expect_reimport_stores_each_once(case_id);
    }
}

TEST_F(CliKill, KilledBeforeATokenIsStoredTheItemsStayPendingAndALaterRequestSealsThem) {
    test::TestTsa tsa;
    ASSERT_TRUE(tsa.start()) << tsa.last_error();
    const fs::path ca = dir / "tsa-ca.pem";
    tsa.pki().write_ca_pem(ca);
    make_files(3, 32 * 1024);
    test::RunOptions opts;
    opts.env["SCELLE_TEST_KILL_AT"] = "timestamp-before-commit";
    opts.env["SCELLE_TSA_URLS"] = tsa.url();
    opts.env["SCELLE_TRUST_ANCHORS"] = ca.string();
    auto r = cli(import_args(id), opts);
    EXPECT_EQ(r.signal, SIGKILL) << dump(r);
    EXPECT_EQ(tsa.request_count(), 1u);

    // The import was committed before the request: the evidence is all there, unsealed.
    json doc = show(id);
    ASSERT_EQ(doc["items"].size(), files.size());
    for (const auto& it : doc["items"])
        EXPECT_EQ(it["timestamp"]["status"], "pending") << it.dump();
    EXPECT_EQ(doc["timestamps"], json::array());
    EXPECT_EQ(expect_consistent(id), json::array());

    test::RunOptions with_tsa;
    with_tsa.env["SCELLE_TSA_URLS"] = tsa.url();
    with_tsa.env["SCELLE_TRUST_ANCHORS"] = ca.string();
    auto sealed = cli({"timestamp", id}, with_tsa);
    ASSERT_EQ(sealed.exit_code, 0) << dump(sealed);
    for (const auto& it : show(id)["items"])
        EXPECT_EQ(it["timestamp"]["status"], "granted") << it.dump();
    auto check = cli({"--json", "check", id}, with_tsa);
    ASSERT_EQ(check.exit_code, 0) << dump(check);
    json report = json::parse(check.out, nullptr, false);
    EXPECT_EQ(report["problems"], json::array()) << check.out;
    EXPECT_EQ(report["notes"], json::array()) << check.out;
    EXPECT_EQ(report["timestamps_verified"], 1) << check.out;
}

}  // namespace
}  // namespace scelle
