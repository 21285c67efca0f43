// When it happened, as a person types it (time.h parse_happened): the forms a French family or
// an officer writes, the zone's offset on that day (daylight saving time included), and one
// clear refusal for what cannot be a date of the facts.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <chrono>
#include <string>

#include "env_guard.h"
#include "scelle/base/time.h"

namespace scelle::core {
namespace {

using Why = HappenedParse::Why;

// Runs the tests in Paris time, and restores the zone after.
class Happened : public ::testing::Test {
  protected:
    void SetUp() override {
        m_env.set("TZ", "Europe/Paris");
        ::tzset();
    }
    void TearDown() override {
        m_env.restore();
        ::tzset();
    }
    // 5 December 2026, noon UTC.
    const std::chrono::system_clock::time_point now =
        std::chrono::sys_days(std::chrono::year(2026) / 12 / 5) + std::chrono::hours(12);

  private:
    test::EnvGuard m_env;
};

TEST_F(Happened, TheFormsPeopleWriteGiveOneStoredForm) {
    EXPECT_EQ(parse_happened("2025-03-08 21:04", now).value, "2025-03-08T21:04+01:00");
    EXPECT_EQ(parse_happened("2025-03-08T21:04", now).value, "2025-03-08T21:04+01:00");
    EXPECT_EQ(parse_happened("08/03/2025 21:04", now).value, "2025-03-08T21:04+01:00");
    EXPECT_EQ(parse_happened("  08/03/2025 21h04 ", now).value, "2025-03-08T21:04+01:00");
    EXPECT_EQ(parse_happened("08/03/2025 21h", now).value, "2025-03-08T21:00+01:00");
    EXPECT_EQ(parse_happened("2025-03-08 21:04:59", now).value, "2025-03-08T21:04+01:00");
    EXPECT_EQ(parse_happened("2025-03-08", now).value, "2025-03-08");
    EXPECT_EQ(parse_happened("08/03/2025", now).value, "2025-03-08");
    // Summer time: the offset is the zone's on that day, not today's.
    EXPECT_EQ(parse_happened("14/07/2025 16:30", now).value, "2025-07-14T16:30+02:00");
    for (const char* unknown : {"", "unknown", "Inconnu", "inconnue"}) {
        const auto p = parse_happened(unknown, now);
        EXPECT_EQ(p.why, Why::none) << unknown;
        EXPECT_FALSE(p.value.has_value()) << unknown;
    }
}

TEST_F(Happened, WhatCannotBeADateOfTheFactsIsRefusedWithItsReason) {
    EXPECT_EQ(parse_happened("31/02/2025", now).why, Why::no_such_day);
    EXPECT_EQ(parse_happened("2025-13-01", now).why, Why::no_such_day);
    EXPECT_EQ(parse_happened("1985-06-01", now).why, Why::too_early);
    EXPECT_EQ(parse_happened("2026-12-07", now).why, Why::future);
    EXPECT_EQ(parse_happened("2026-12-05 16:00", now).why, Why::future);
    EXPECT_EQ(parse_happened("2026-12-05 12:30", now).why, Why::none);  // within the hour
    for (const char* bad :
         {"hier", "8/3/2025", "2025-03-08 25:00", "2025-03-08 21:60", "2025-03-08 21", "2025/03/08",
          "08-03-2025", "2025-03-08 21:04 UTC", "２０２５-03-08"}) {
        const auto p = parse_happened(bad, now);
        EXPECT_NE(p.why, Why::none) << bad;
        EXPECT_FALSE(p.value.has_value()) << bad;
        EXPECT_FALSE(p.error.empty()) << bad;
    }
}

TEST_F(Happened, OnlyTheStoredFormsAreAccepted) {
    for (const char* ok : {"2025-03-08", "2025-03-08T21:04+01:00", "2025-07-14T16:30-04:00"})
        EXPECT_TRUE(is_happened_form(ok)) << ok;
    for (const char* bad :
         {"", "2025-02-30", "08/03/2025", "2025-03-08T21:04", "2025-03-08 21:04",
          "2025-03-08T24:00+01:00", "2025-03-08T21:04+0100", "2025-03-08T21:04:00+01:00"})
        EXPECT_FALSE(is_happened_form(bad)) << bad;
}

}  // namespace
}  // namespace scelle::core
