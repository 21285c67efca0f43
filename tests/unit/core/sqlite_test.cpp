// The SQLite wrapper never drops a failed bind: the statement does not run, and its step()
// or run() returns the error.
#include "scelle/store/sqlite.h"

#include <gtest/gtest.h>

#include <string>

#include "temp_dir.h"

namespace scelle::core::sql {
namespace {

class SqliteBind : public ::testing::Test {
  protected:
    void SetUp() override {
        auto db = Db::open(m_dir / "t.db", OpenMode::create);
        ASSERT_TRUE(db.ok()) << db.error().detail;
        m_db.emplace(std::move(*db));
        ASSERT_TRUE(m_db->exec("CREATE TABLE t (a INTEGER, b TEXT)").ok());
    }
    std::int64_t rows() {
        auto st = m_db->prepare("SELECT count(*) FROM t");
        EXPECT_TRUE(st.ok());
        auto r = st->step();
        EXPECT_TRUE(r.ok() && *r);
        return st->integer(0);
    }

    test::TempDir m_dir{"scelle-sqlite"};
    std::optional<Db> m_db;
};

TEST_F(SqliteBind, GoodBindsRun) {
    auto st = m_db->prepare("INSERT INTO t (a, b) VALUES (?1, ?2)");
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE(st->bind(1, std::int64_t{7}).bind(2, "seven").run().ok());
    ASSERT_TRUE(st->bind(1, std::int64_t{8}).bind(2, std::string_view()).run().ok());
    EXPECT_EQ(rows(), 2);
    auto sel = m_db->prepare("SELECT b IS NULL FROM t WHERE a = 8");
    ASSERT_TRUE(sel.ok());
    auto r = sel->step();
    ASSERT_TRUE(r.ok() && *r);
    EXPECT_EQ(sel->integer(0), 0) << "an empty text stays text, not NULL";
}

TEST_F(SqliteBind, IndexOutOfRangeIsAnErrorAndNothingRuns) {
    auto st = m_db->prepare("INSERT INTO t (a, b) VALUES (?1, ?2)");
    ASSERT_TRUE(st.ok());
    auto r = st->bind(1, std::int64_t{1}).bind(3, "no such parameter").bind(2, "b").run();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::internal);
    EXPECT_NE(r.error().detail.find("parameter 3"), std::string::npos) << r.error().detail;
    EXPECT_EQ(rows(), 0) << "the statement must not run with a failed bind";

    // The error was reported once; the statement is usable again.
    ASSERT_TRUE(st->bind(1, std::int64_t{2}).bind(2, "b").run().ok());
    EXPECT_EQ(rows(), 1);
}

TEST_F(SqliteBind, EveryBindKindReportsItsFailure) {
    auto st = m_db->prepare("SELECT ?1");
    ASSERT_TRUE(st.ok());
    const std::uint8_t bytes[] = {1, 2};
    const std::optional<std::string> none;
    const std::optional<std::int64_t> number = 5;
    for (int kind = 0; kind < 5; ++kind) {
        switch (kind) {
            case 0:
                st->bind(0, "zero is never a parameter");
                break;
            case 1:
                st->bind(2, std::int64_t{1});
                break;
            case 2:
                st->bind_null(9);
                break;
            case 3:
                st->bind_blob(-1, bytes);
                break;
            default:
                st->bind(2, none).bind(3, number);
                break;
        }
        auto r = st->step();
        ASSERT_FALSE(r.ok()) << "kind " << kind;
        EXPECT_EQ(r.error().code, Errc::internal) << "kind " << kind;
        st->reset();
    }
}

TEST_F(SqliteBind, TooBigIsAStoreError) {
    sqlite3_limit(m_db->handle(), SQLITE_LIMIT_LENGTH, 16);
    auto st = m_db->prepare("INSERT INTO t (a, b) VALUES (1, ?1)");
    ASSERT_TRUE(st.ok());
    auto r = st->bind(1, std::string(100, 'x')).run();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::store_io);
    EXPECT_EQ(rows(), 0);
}

}  // namespace
}  // namespace scelle::core::sql
