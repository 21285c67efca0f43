// Injected file-system faults (a full disk, a read-only store, a failed rename or sync) at
// every step of an import and of case creation: each gives a clear error, and the store is
// exactly as it was before.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "fault_env.h"
#include "scelle/store/store.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;

struct Snapshot {
    std::vector<std::string> objects;
    std::vector<std::string> log;
    std::size_t items = 0;
    bool operator==(const Snapshot&) const = default;
};

class FaultTest : public ::testing::Test {
  protected:
    void SetUp() override {
        Store plain(dir / "store");
        auto id = plain.create_case({"Faults", std::nullopt, {}, std::nullopt});
        ASSERT_TRUE(id.ok());
        case_id = *id;
        // Some content already there, which must survive every failure unchanged.
        test::write_file(dir / "old.txt", "already sealed");
        auto cs = plain.open_case(case_id, Access::read_write);
        ASSERT_TRUE(
            cs->get()
                ->import_files({{dir / "old.txt"}, std::nullopt, std::nullopt, std::nullopt, false})
                .ok());
        for (int i = 0; i < 3; ++i) {
            fs::path p = dir / ("new" + std::to_string(i) + ".bin");
            test::write_file(p, test::pseudo_random_bytes(2'500'000, static_cast<unsigned>(i)));
            inputs.push_back(p);
        }
    }

    Snapshot snapshot() {
        Store plain(dir / "store");
        auto cs = plain.open_case(case_id, Access::read_only);
        EXPECT_TRUE(cs.ok());
        Snapshot s;
        for (const auto& e : fs::directory_iterator((*cs)->dir() / "objects"))
            s.objects.push_back(e.path().filename().string());
        std::sort(s.objects.begin(), s.objects.end());
        s.log = *(*cs)->log_lines();
        s.items = (*cs)->items()->size();
        return s;
    }

    test::TempDir dir;
    std::string case_id;
    std::vector<fs::path> inputs;
    FaultEnv env;
};

struct FaultCase {
    FaultEnv::Op op;
    int err;
    int after;
    Errc expected;
};

TEST_F(FaultTest, EveryImportStepFailureLeavesTheStoreAsBefore) {
    const Snapshot before = snapshot();
    const FaultCase cases[] = {
        {FaultEnv::Op::create, EROFS, 0, Errc::store_unwritable},
        {FaultEnv::Op::create, EACCES, 1, Errc::store_unwritable},
        {FaultEnv::Op::append, ENOSPC, 0, Errc::store_full},
        {FaultEnv::Op::append, ENOSPC, 4, Errc::store_full},  // in the middle of file 2
        {FaultEnv::Op::append, EIO, 6, Errc::store_io},
        {FaultEnv::Op::sync_files, EIO, 0, Errc::store_io},
        {FaultEnv::Op::rename, ENOSPC, 0, Errc::store_full},
        {FaultEnv::Op::rename, EROFS, 2, Errc::store_unwritable},  // after two were published
        {FaultEnv::Op::sync_dir, EIO, 0, Errc::store_io},
    };
    for (const auto& c : cases) {
        env.reset(c.op, c.err, c.after);
        Store store(dir / "store", env);
        auto cs = store.open_case(case_id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        auto r = (*cs)->import_files({inputs, std::nullopt, std::nullopt, std::nullopt, false});
        ASSERT_FALSE(r.ok()) << static_cast<int>(c.op) << "/" << c.after;
        EXPECT_EQ(r.error().code, c.expected) << static_cast<int>(c.op) << "/" << c.after;
        EXPECT_FALSE(r.error().subject.empty());
        cs->reset();
        EXPECT_EQ(snapshot(), before) << static_cast<int>(c.op) << "/" << c.after;
    }
    // And with the fault gone, the same import goes through.
    env.reset(FaultEnv::Op::none, 0, 0);
    Store store(dir / "store", env);
    auto cs = store.open_case(case_id, Access::read_write);
    auto r = (*cs)->import_files({inputs, std::nullopt, std::nullopt, std::nullopt, false});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(snapshot().items, before.items + 3);
    EXPECT_TRUE((*cs)->check()->intact());
}

TEST_F(FaultTest, FailedCaseCreationLeavesNoCaseBehind) {
    const auto cases_before = Store(dir / "store").list_cases()->size();
    for (auto op : {FaultEnv::Op::make_dir, FaultEnv::Op::sync_dir, FaultEnv::Op::rename}) {
        env.reset(op, ENOSPC, 0);
        Store store(dir / "store", env);
        auto r = store.create_case({"Won't exist", std::nullopt, {}, std::nullopt});
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, Errc::store_full);
        std::size_t entries = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(store.cases_dir()))
            ++entries;
        EXPECT_EQ(entries, cases_before) << static_cast<int>(op);
    }
}

// The batch sync used by the import: every file is synced, and a file that cannot be opened is
// named in the error rather than skipped.
TEST(EnvSyncFiles, SyncsEveryFileAndNamesTheOneItCannotOpen) {
    test::TempDir dir;
    std::vector<fs::path> files;
    for (int i = 0; i < 3; ++i) {
        files.push_back(dir / ("f" + std::to_string(i)));
        test::write_file(files.back(), "content " + std::to_string(i));
    }
    EXPECT_TRUE(Env::posix().sync_files(files).ok());
    EXPECT_TRUE(Env::posix().sync_files({}).ok());
    files.insert(files.begin() + 1, dir / "missing");
    auto r = Env::posix().sync_files(files);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().subject, (dir / "missing").string());
}

}  // namespace
}  // namespace scelle::core
