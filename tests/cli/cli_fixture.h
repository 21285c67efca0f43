// Shared pieces of the command-line tests: running the built scelle-cli on a store.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "scelle/base/png_writer.h"
#include "temp_dir.h"

namespace scelle::test {

// Runs `scelle-cli --store STORE args...` with LC_ALL=C (English messages unless --lang) and
// `env` added to the environment.
inline ProcResult run_cli(const std::filesystem::path& store, const std::vector<std::string>& args,
                          std::map<std::string, std::string> env = {}, RunOptions opts = {}) {
    std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    opts.env.insert(env.begin(), env.end());
    opts.env.emplace("LC_ALL", "C");
    return run(argv, opts);
}

// The first line of a command's output (a case id printed by `case new`).
inline std::string first_line(const std::string& out) {
    return out.substr(0, out.find('\n'));
}

// A fixture for the tests that run commands on one case of a temporary store: the case's id
// (set by the test's SetUp), and what they read of it.
class CliCaseTest : public ::testing::Test {
  protected:
    explicit CliCaseTest(std::string_view dir_prefix) : dir(dir_prefix) {}

    ProcResult cli(const std::vector<std::string>& args) { return run_cli(dir / "store", args); }
    // `case show --json`.
    nlohmann::json show() {
        auto r = cli({"--json", "case", "show", id});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return nlohmann::json::parse(r.out);
    }
    // The custody log, and its last line parsed.
    std::string log() { return cli({"log", id}).out; }
    nlohmann::json last_line() {
        const std::string l = log();
        const auto end = l.find_last_of('\n');
        const auto start = l.find_last_of('\n', end - 1);
        return nlohmann::json::parse(l.substr(start + 1, end - start - 1));
    }
    static int lines(const std::string& s) {
        return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
    }
    // A grey PNG of width × height at dir/name, to import.
    std::filesystem::path grey_png(const std::string& name, std::uint32_t width,
                                   std::uint32_t height, std::uint8_t grey) {
        std::vector<std::uint8_t> px(std::size_t{width} * height * 3, grey);
        auto png = core::encode_png_rgb8(width, height, px);
        EXPECT_TRUE(png.ok());
        const std::filesystem::path p = dir / name;
        if (png.ok())
            write_file(p, std::string(reinterpret_cast<const char*>(png->data()), png->size()));
        return p;
    }

    TempDir dir;
    std::string id;
};

}  // namespace scelle::test
