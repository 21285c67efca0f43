// Timestamps over prefixes of the custody log, against a real SQLite store and the real test
// TSA on 127.0.0.1: what a token covers, item statuses, failed rounds, rate limits, the schema
// migration, and what `check` finds when tokens or the lines they cover are tampered with.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <ctime>

#include "scelle/crypto/sha256.h"
#include "scelle/store/custody_log.h"
#include "scelle/store/sealing.h"
#include "scelle/store/settings.h"
#include "scelle/store/store.h"
#include "sql_exec.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;
using crypto::TsaFailureKind;
using test::TestTsa;
using test::TsaFault;

class Timestamps : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(tsa.start()) << tsa.last_error();
        pki_ca = dir / "ca.pem";
        tsa.pki().write_ca_pem(pki_ca);
        auto trust_r =
            crypto::TrustStore::create({crypto::SystemAnchors::skip, std::nullopt, {pki_ca}});
        ASSERT_TRUE(trust_r.ok());
        trust.emplace(std::move(trust_r).value());
        options.max_attempts = 1;
        options.total_timeout = std::chrono::seconds(5);
        auto id = store.create_case({"Timestamps", std::nullopt, {}, std::nullopt});
        ASSERT_TRUE(id.ok());
        case_id = *id;
        auto cs = store.open_case(case_id, Access::read_write);
        ASSERT_TRUE(cs.ok());
        kase = std::move(cs).value();
    }

    void import(std::string_view name, std::string_view content) {
        fs::path p = dir / std::string(name);
        test::write_file(p, content);
        auto r = kase->import_files({{p}, std::nullopt, std::nullopt, std::nullopt, false});
        ASSERT_TRUE(r.ok());
    }

    SealOutcome seal(const std::vector<std::string>& urls) {
        auto r = seal_pending(*kase, urls, *trust, options);
        EXPECT_TRUE(r.ok());
        return r.ok() ? std::move(r).value() : SealOutcome{};
    }

    std::vector<Item> items() {
        auto r = kase->items();
        EXPECT_TRUE(r.ok());
        return r.ok() ? *r : std::vector<Item>{};
    }

    std::string closed_url() const {
        // Port 9 (discard) is closed on test machines: the connection is refused.
        return "http://127.0.0.1:9/tsa";
    }

    std::vector<Finding::Kind> kinds(const std::vector<Finding>& v) {
        std::vector<Finding::Kind> out;
        for (const auto& f : v)
            out.push_back(f.kind);
        return out;
    }

    void tamper_sql(const std::string& sql) {
        EXPECT_EQ(test::exec_sql(store.cases_dir() / case_id / "case.sqlite", sql), "");
    }

    test::TempDir dir{"scelle-timestamps"};
    TestTsa tsa;
    fs::path pki_ca;
    std::optional<crypto::TrustStore> trust;
    crypto::TsaClientOptions options;
    Store store{dir / "store"};
    std::string case_id;
    std::unique_ptr<CaseStore> kase;
};

bool has(const std::vector<Finding::Kind>& v, Finding::Kind k) {
    return std::find(v.begin(), v.end(), k) != v.end();
}

TEST_F(Timestamps, ThePrefixIsTheLogLinesEachWithItsNewline) {
    import("a.txt", "A");
    auto lines = kase->log_lines();
    ASSERT_TRUE(lines.ok());
    ASSERT_EQ(lines->size(), 2u);
    auto p = kase->log_prefix(2);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->sha256, crypto::sha256_hex((*lines)[0] + "\n" + (*lines)[1] + "\n"));
    auto one = kase->log_prefix(1);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(one->sha256, crypto::sha256_hex((*lines)[0] + "\n"));
    EXPECT_FALSE(kase->log_prefix(3).ok());
}

TEST_F(Timestamps, OneTokenGrantsEveryItemItCovers) {
    import("a.txt", "A");
    import("b.txt", "B");
    for (const auto& it : items())
        EXPECT_EQ(it.timestamp.status, TimestampStatus::pending);

    SealOutcome o = seal({tsa.url()});
    ASSERT_TRUE(o.token.has_value());
    EXPECT_EQ(o.status(), TimestampStatus::granted);
    EXPECT_EQ(o.token->covers, 3);
    EXPECT_EQ(o.items_covered, 2);
    EXPECT_EQ(tsa.request_count(), 1u);  // two items, one request
    EXPECT_EQ(o.token->tsa_url, tsa.url());
    EXPECT_LE(std::llabs(o.token->skew_seconds), 5);
    for (const auto& it : items()) {
        EXPECT_EQ(it.timestamp.status, TimestampStatus::granted);
        EXPECT_EQ(it.timestamp.gen_time, o.token->gen_time);
        EXPECT_EQ(it.timestamp.token, o.token->id);
    }

    // The log records it on a line of its own, after the lines it covers.
    auto lines = kase->log_lines();
    ASSERT_TRUE(lines.ok());
    ASSERT_EQ(lines->size(), 4u);
    auto last = nlohmann::json::parse(lines->back());
    EXPECT_EQ(last["action"], "timestamp.obtained");
    EXPECT_EQ(last["covers"], 3);
    EXPECT_EQ(last["prefix_sha256"], o.prefix->sha256);
    EXPECT_EQ(last["token_sha256"],
              crypto::sha256_hex(std::string(o.token->der.begin(), o.token->der.end())));

    // Nothing is left to seal: the `timestamp.obtained` line itself needs no token.
    auto again = kase->prefix_to_seal();
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->has_value());
    SealOutcome none = seal({tsa.url()});
    EXPECT_FALSE(none.prefix.has_value());
    EXPECT_EQ(tsa.request_count(), 1u);

    auto stored = kase->timestamps();
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->size(), 1u);
    EXPECT_EQ((*stored)[0].der, o.token->der);
    EXPECT_EQ((*stored)[0].log_seq, 4);
}

TEST_F(Timestamps, ANewItemIsPendingUntilTheNextTokenWhichCoversTheWholeLog) {
    import("a.txt", "A");
    SealOutcome first = seal({tsa.url()});
    ASSERT_TRUE(first.token);
    import("b.txt", "B");
    auto its = items();
    ASSERT_EQ(its.size(), 2u);
    EXPECT_EQ(its[0].timestamp.status, TimestampStatus::granted);
    EXPECT_EQ(its[1].timestamp.status, TimestampStatus::pending);
    SealOutcome second = seal({tsa.url()});
    ASSERT_TRUE(second.token);
    EXPECT_EQ(second.token->covers, 4);  // case, a, first token's line, b
    EXPECT_EQ(second.items_covered, 1);
    its = items();
    // Item 1 keeps its first, earlier proof.
    EXPECT_EQ(its[0].timestamp.token, first.token->id);
    EXPECT_EQ(its[1].timestamp.token, second.token->id);
}

TEST_F(Timestamps, UnreachableTsasLeaveItemsPendingWithTheReason) {
    import("a.txt", "A");
    SealOutcome o = seal({closed_url()});
    EXPECT_FALSE(o.token);
    EXPECT_EQ(o.status(), TimestampStatus::pending);
    ASSERT_EQ(o.failures.size(), 1u);
    EXPECT_EQ(o.failures[0].kind, TsaFailureKind::refused);
    auto it = items().at(0);
    EXPECT_EQ(it.timestamp.status, TimestampStatus::pending);
    ASSERT_TRUE(it.timestamp.error);
    EXPECT_NE(it.timestamp.error->find(closed_url()), std::string::npos);
    // Nothing was added to the log: a failed round is not evidence.
    EXPECT_EQ(kase->log_lines()->size(), 2u);
    auto last = kase->last_timestamp_attempt();
    ASSERT_TRUE(last.ok() && last->has_value());
    EXPECT_EQ((*last)->covers, 2);
    EXPECT_EQ((*last)->failures.at(0)["kind"], "refused");

    // Later, a good TSA grants it.
    SealOutcome later = seal({closed_url(), tsa.url()});
    ASSERT_TRUE(later.token);
    EXPECT_EQ(items().at(0).timestamp.status, TimestampStatus::granted);
    EXPECT_FALSE(items().at(0).timestamp.error);
}

TEST_F(Timestamps, AnswersThatCannotBeAcceptedMarkItemsFailed) {
    import("a.txt", "A");
    tsa.set_fault(TsaFault::rejection);
    SealOutcome o = seal({closed_url(), tsa.url()});
    EXPECT_FALSE(o.token);
    EXPECT_EQ(o.status(), TimestampStatus::failed);
    ASSERT_EQ(o.failures.size(), 2u);
    EXPECT_EQ(o.failures[1].kind, TsaFailureKind::rejected);
    auto it = items().at(0);
    EXPECT_EQ(it.timestamp.status, TimestampStatus::failed);
    ASSERT_TRUE(it.timestamp.error);
    EXPECT_NE(it.timestamp.error->find(tsa.url()), std::string::npos);
    EXPECT_TRUE(kase->timestamps()->empty());

    tsa.set_fault(TsaFault::none);
    ASSERT_TRUE(seal({tsa.url()}).token);
    EXPECT_EQ(items().at(0).timestamp.status, TimestampStatus::granted);
}

TEST_F(Timestamps, NoTsaConfiguredIsAPendingRoundThatSaysSo) {
    import("a.txt", "A");
    SealOutcome o = seal({});
    EXPECT_EQ(o.status(), TimestampStatus::pending);
    ASSERT_TRUE(o.attempt);
    EXPECT_EQ(o.attempt->summary, "No TSA is configured.");
    EXPECT_EQ(tsa.request_count(), 0u);
}

TEST_F(Timestamps, ARateLimitedTsaIsSkippedNotWaitedFor) {
    import("a.txt", "A");
    const std::string sectigo = "http://timestamp.sectigo.com";
    ASSERT_EQ(tsa_min_interval(sectigo), std::chrono::seconds(15));
    ASSERT_TRUE(kase->note_tsa_request(sectigo, std::time(nullptr)).ok());
    SealOutcome o = seal({sectigo, tsa.url()});
    ASSERT_TRUE(o.token);
    ASSERT_EQ(o.failures.size(), 1u);
    EXPECT_EQ(o.failures[0].kind, TsaFailureKind::rate_limited);
    EXPECT_EQ(o.failures[0].attempts, 0);
    // The TSA that answered is remembered, for its own rate limit next time.
    auto last = kase->tsa_last_requests();
    ASSERT_TRUE(last.ok());
    EXPECT_TRUE(last->count(tsa.url()));
}

TEST_F(Timestamps, CheckCountsTokensAndVerifiesThemWithTrustAnchors) {
    import("a.txt", "A");
    ASSERT_TRUE(seal({tsa.url()}).token);
    auto plain = kase->check();
    ASSERT_TRUE(plain.ok());
    EXPECT_TRUE(plain->intact());
    EXPECT_EQ(plain->timestamps_checked, 1);
    EXPECT_EQ(plain->timestamps_verified, 0);
    auto verified = kase->check(&*trust);
    ASSERT_TRUE(verified.ok());
    EXPECT_TRUE(verified->intact());
    EXPECT_EQ(verified->timestamps_verified, 1);
    EXPECT_TRUE(verified->notes.empty());

    // Without the test CA, the token still covers the log but is not verified: a note.
    auto other = crypto::TrustStore::create({crypto::SystemAnchors::skip, std::nullopt, {}});
    ASSERT_TRUE(other.ok());
    auto unverified = kase->check(&*other);
    ASSERT_TRUE(unverified.ok());
    EXPECT_TRUE(unverified->intact());
    EXPECT_TRUE(has(kinds(unverified->notes), Finding::Kind::timestamp_unverified));
}

TEST_F(Timestamps, CheckFindsTheRemovalOfTheLastLinesATokenCovers) {
    // Issue 2 left this open: removing the last lines with their rows fools the chain.
    import("a.txt", "A");
    import("b.txt", "B");
    ASSERT_TRUE(seal({tsa.url()}).token);  // covers lines 1-3, recorded at line 4
    // Remove item 2 and its line 3 and re-chain line 4 as a forger would; check must see it.
    kase.reset();
    auto lines_before = test::query_text(store.cases_dir() / case_id / "case.sqlite",
                                         "SELECT line FROM custody WHERE seq = 4");
    nlohmann::json fields = nlohmann::json::parse(lines_before);
    for (const char* k : {"v", "seq", "prev"})
        fields.erase(k);
    auto l2 = test::query_text(store.cases_dir() / case_id / "case.sqlite",
                               "SELECT line FROM custody WHERE seq = 2");
    std::string new4 = custody::make_line(3, custody::line_hash(l2), fields);
    tamper_sql(
        "PRAGMA foreign_keys=OFF; DELETE FROM items WHERE seq = 2; "
        "DELETE FROM custody WHERE seq = 3; UPDATE custody SET seq = 3, line = '" +
        new4 + "', sha256 = '" + custody::line_hash(new4) +
        "' WHERE seq = 4; UPDATE timestamps SET log_seq = 3;");
    auto cs = store.open_case(case_id, Access::read_only);
    ASSERT_TRUE(cs.ok());
    auto report = (*cs)->check();
    ASSERT_TRUE(report.ok());
    auto k = kinds(report->problems);
    EXPECT_TRUE(has(k, Finding::Kind::timestamp_prefix_changed)) << report->problems.size();
}

TEST_F(Timestamps, CheckFindsARemovedOrReplacedToken) {
    import("a.txt", "A");
    ASSERT_TRUE(seal({tsa.url()}).token);
    kase.reset();
    tamper_sql("UPDATE timestamps SET token = X'3000'");
    auto cs = store.open_case(case_id, Access::read_only);
    ASSERT_TRUE(cs.ok());
    EXPECT_TRUE(has(kinds((*cs)->check()->problems), Finding::Kind::timestamp_log_mismatch));
    tamper_sql("DELETE FROM timestamps");
    EXPECT_TRUE(has(kinds((*cs)->check()->problems), Finding::Kind::timestamp_log_mismatch));
}

TEST_F(Timestamps, AVersionOneCaseIsMigratedAndItsItemsArePending) {
    import("a.txt", "A");
    kase.reset();
    tamper_sql(
        "DROP TABLE timestamps; DROP TABLE timestamp_attempts; DROP TABLE tsa_requests; "
        "ALTER TABLE items DROP COLUMN happened; ALTER TABLE case_info DROP COLUMN recorded_by; "
        "ALTER TABLE accounts DROP COLUMN platform_id; ALTER TABLE items DROP COLUMN derived; "
        "DROP TABLE transcript_lines; DROP TABLE transcripts; PRAGMA user_version = 1;");
    // A reader brings the case up to date first (the desktop application opens cases to read
    // them), then reads it.
    auto ro = store.open_case(case_id, Access::read_only);
    ASSERT_TRUE(ro.ok()) << ro.error().detail;
    EXPECT_EQ(test::query_text(store.cases_dir() / case_id / "case.sqlite", "PRAGMA user_version"),
              std::to_string(kSchemaVersion));
    ro = make_error(Errc::internal, "closed");
    auto cs = store.open_case(case_id, Access::read_write);
    ASSERT_TRUE(cs.ok());
    kase = std::move(cs).value();
    EXPECT_EQ(items().at(0).timestamp.status, TimestampStatus::pending);
    ASSERT_TRUE(seal({tsa.url()}).token);
    EXPECT_EQ(test::query_text(store.cases_dir() / case_id / "case.sqlite", "PRAGMA user_version"),
              std::to_string(kSchemaVersion));
}

}  // namespace
}  // namespace scelle::core
