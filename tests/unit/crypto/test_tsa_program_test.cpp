// The standalone scelle-test-tsa program, as command-line tests will use it: it starts,
// tells its URL, serves real tokens, switches fault mode on request, and exits on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "child_process.h"
#include "scelle/crypto/tsa_client.h"
#include "temp_dir.h"

namespace scelle::crypto {
namespace {

TEST(TestTsaProgram, ServesTokensSwitchesFaultsAndStopsOnSigterm) {
    test::TempDir dir("scelle-test-tsa-program");
    std::filesystem::create_directories(dir / "requests");
    const pid_t pid =
        test::spawn({SCELLE_TEST_TSA_PATH, "--ca-out", (dir / "ca.pem").string(), "--url-out",
                     (dir / "url").string(), "--record-dir", (dir / "requests").string()});
    ASSERT_GT(pid, 0);
    // Waiting for the program to start is not a timing assertion: the loop only bounds how
    // long a broken program can hold the test.
    for (int i = 0; i < 1000 && !std::filesystem::exists(dir / "url"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(std::filesystem::exists(dir / "url"));
    std::string url = test::read_file(dir / "url");
    while (!url.empty() && url.back() == '\n')
        url.pop_back();
    EXPECT_EQ(url.rfind("http://127.0.0.1:", 0), 0u) << url;

    auto trust = TrustStore::create({SystemAnchors::skip, std::nullopt, {dir / "ca.pem"}});
    ASSERT_TRUE(trust.ok());
    TsaOutcome good = request_timestamp({url}, sha256("cli"), *trust);
    EXPECT_TRUE(good.success.has_value());
    EXPECT_TRUE(std::filesystem::exists(dir / "requests" / "request-0001.tsq"));

    const std::string control = url.substr(0, url.rfind('/')) + "/control/fault";
    auto switched = test::run({"curl", "-sS", "--noproxy", "*", "-d", "rejection", control});
    EXPECT_EQ(switched.exit_code, 0) << switched.err;
    TsaOutcome bad = request_timestamp({url}, sha256("cli"), *trust);
    EXPECT_FALSE(bad.success.has_value());
    ASSERT_EQ(bad.failures.size(), 1u);
    EXPECT_EQ(bad.failures[0].kind, TsaFailureKind::rejected);

    // "<fault> <n>": the fault for the next n requests only.
    auto once = test::run({"curl", "-sS", "--noproxy", "*", "-d", "rejection 1", control});
    EXPECT_EQ(once.exit_code, 0) << once.err;
    EXPECT_FALSE(request_timestamp({url}, sha256("cli"), *trust).success.has_value());
    EXPECT_TRUE(request_timestamp({url}, sha256("cli"), *trust).success.has_value());
    auto unknown = test::run({"curl", "-sS", "-f", "--noproxy", "*", "-d", "rejection x", control});
    EXPECT_NE(unknown.exit_code, 0);

    ::kill(pid, SIGTERM);
    test::ProcResult r = test::wait_for(pid);
    EXPECT_EQ(r.exit_code, 0);
}

}  // namespace
}  // namespace scelle::crypto
