// A bounded mutation run of the bundle reader: a few thousand deterministic mutants of a valid
// sealed bundle (plain, and encrypted with a passphrase) — bytes flipped, overwritten with 0x00
// or 0xFF, the file cut short, bytes inserted, a range duplicated or copied from elsewhere, bytes
// or a whole altered bundle appended — each checked by core::verify_bundle_bytes with the test
// CA trusted. None may crash or hang, and none whose files differ from the original's may be
// called intact: a mutant verify calls intact is extracted with the tools a reader has (unzip,
// 7z) and every file compared with the original bundle's; an extraction error or any difference
// fails the test.
//
// Mutants are verified in forked children, so that a crash is a reported failure and a hang is
// a failure after kMutantSeconds, never a test timeout.
//
// SCELLE_MUTANTS (default 3000 for the plain bundle, 800 for the encrypted one) scales the run.
// SCELLE_MUTATION_PRETEND_INTACT=append makes the run treat every appended-bytes mutant as called
// intact (=altered: every mutant called altered): the run must then fail (ctest's
// bundle_mutation_can_fail checks that it does).
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bundle_fixture.h"
#include "child_process.h"
#include "scelle/bundle/bundle_verify.h"
#include "temp_dir.h"
#include "test_tsa.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;
using test::BundleFiles;
using test::TempDir;

constexpr int kMutantSeconds = 10;  // a mutant's verification takes milliseconds
constexpr const char* kPassword = "correct horse battery staple";

enum class Mutation {
    flip,        // one to four bits flipped
    zeros,       // a range overwritten with 0x00
    ones,        // a range overwritten with 0xFF
    truncate,    // the file cut short
    insert,      // random bytes inserted
    duplicate,   // a range repeated right after itself
    copy_range,  // a range overwritten by a copy of another
    append,      // random bytes, or a whole altered bundle, appended
};
constexpr const char* kMutationNames[] = {"flip",   "zeros",     "ones",       "truncate",
                                          "insert", "duplicate", "copy_range", "append"};
constexpr int kMutations = 8;

// Deterministic everywhere: the raw output of mt19937_64 is specified by the standard, unlike
// its distributions.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : m_gen(seed) {}
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(m_gen() % n); }
    std::uint8_t byte() { return static_cast<std::uint8_t>(m_gen()); }

  private:
    std::mt19937_64 m_gen;
};

struct Mutant {
    Mutation kind;
    std::string bytes;
    std::string what;  // for failure messages
};

// Offsets worth aiming at: the local headers and the central directory, where a reader's
// structure checks live, besides anywhere in the file.
std::vector<std::size_t> structure_offsets(const std::string& zip) {
    std::vector<std::size_t> out;
    for (std::size_t at = 0; (at = zip.find("PK", at)) != std::string::npos; ++at)
        if (at + 4 <= zip.size() && zip[at + 2] >= 1 && zip[at + 2] <= 7)
            out.push_back(at);
    return out;
}

std::size_t pick_offset(Rng& rng, const std::string& zip, const std::vector<std::size_t>& hot) {
    switch (rng.below(3)) {
        case 0:
            return rng.below(zip.size());
        case 1: {
            const std::size_t tail = std::min<std::size_t>(zip.size(), 2048);
            return zip.size() - tail + rng.below(tail);
        }
        default: {
            const std::size_t at = hot[rng.below(hot.size())] + rng.below(46);
            return std::min(at, zip.size() - 1);
        }
    }
}

Mutant mutate(Rng& rng, const std::string& zip, const std::vector<std::size_t>& hot,
              const std::string& altered_copy) {
    Mutant m{static_cast<Mutation>(rng.below(kMutations)), zip, ""};
    std::string& b = m.bytes;
    const std::size_t at = pick_offset(rng, zip, hot);
    const std::size_t len = 1 + rng.below(rng.below(4) == 0 ? 256 : 8);
    switch (m.kind) {
        case Mutation::flip: {
            const std::size_t n = 1 + rng.below(4);
            m.what = "flip " + std::to_string(n) + " bit(s) from " + std::to_string(at);
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t p = std::min(at + rng.below(16), b.size() - 1);
                b[p] = static_cast<char>(b[p] ^ (1 << rng.below(8)));
            }
            break;
        }
        case Mutation::zeros:
        case Mutation::ones: {
            const char c = m.kind == Mutation::zeros ? '\0' : '\xff';
            const std::size_t n = std::min(len, b.size() - at);
            m.what = std::string(m.kind == Mutation::zeros ? "0x00" : "0xFF") + " over " +
                     std::to_string(n) + " byte(s) at " + std::to_string(at);
            std::memset(b.data() + at, c, n);
            break;
        }
        case Mutation::truncate:
            m.what = "cut to " + std::to_string(at) + " bytes";
            b.resize(at);
            break;
        case Mutation::insert: {
            std::string junk(len, '\0');
            for (auto& c : junk)
                c = static_cast<char>(rng.byte());
            m.what = "insert " + std::to_string(len) + " byte(s) at " + std::to_string(at);
            b.insert(at, junk);
            break;
        }
        case Mutation::duplicate: {
            const std::size_t n = std::min(len, b.size() - at);
            m.what = "repeat " + std::to_string(n) + " byte(s) at " + std::to_string(at);
            b.insert(at + n, zip.substr(at, n));
            break;
        }
        case Mutation::copy_range: {
            const std::size_t from = rng.below(zip.size());
            const std::size_t n = std::min({len, b.size() - at, zip.size() - from});
            m.what = "copy " + std::to_string(n) + " byte(s) from " + std::to_string(from) +
                     " over " + std::to_string(at);
            b.replace(at, n, zip.substr(from, n));
            break;
        }
        case Mutation::append:
            if (rng.below(4) == 0) {
                m.what = "append an altered bundle";
                b += altered_copy;
            } else {
                std::string junk(len, '\0');
                for (auto& c : junk)
                    c = static_cast<char>(rng.byte());
                m.what = "append " + std::to_string(len) + " byte(s)";
                b += junk;
            }
            break;
    }
    return m;
}

struct Outcome {
    enum How { returned, crashed, hung };
    How how = returned;
    BundleVerdict verdict = BundleVerdict::unreadable;
    int signal = 0;
};

// verify_bundle_bytes over inputs[i] for every i, in forked children, each verification
// bounded in time. A child verifies a batch and writes one byte per verdict; when it dies or
// stalls, that input is marked crashed or hung and a new child goes on with the next one (a fork
// per input would cost more than the verifications).
std::vector<Outcome> verify_in_children(const std::vector<const std::string*>& inputs,
                                        const VerifyOptions& options) {
    std::vector<Outcome> out(inputs.size());
    std::size_t next = 0;
    while (next < inputs.size()) {
        int fds[2];
        if (::pipe(fds) != 0) {
            out[next++].how = Outcome::crashed;
            continue;
        }
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(fds[0]);
            for (std::size_t i = next; i < inputs.size(); ++i) {
                const std::string& b = *inputs[i];
                const BundleReport r = verify_bundle_bytes(
                    std::span(reinterpret_cast<const std::uint8_t*>(b.data()), b.size()), options);
                const char v = static_cast<char>(r.verdict);
                if (::write(fds[1], &v, 1) != 1)
                    ::_exit(1);
            }
            ::_exit(0);
        }
        ::close(fds[1]);
        bool child_alive = true;
        while (next < inputs.size()) {
            pollfd p{fds[0], POLLIN, 0};
            const int ready = ::poll(&p, 1, kMutantSeconds * 1000);
            char v = 0;
            if (ready == 1 && ::read(fds[0], &v, 1) == 1) {
                out[next++].verdict = static_cast<BundleVerdict>(v);
                continue;
            }
            if (ready == 0) {
                out[next].how = Outcome::hung;
                ::kill(pid, SIGKILL);
            } else {
                out[next].how = Outcome::crashed;
            }
            int status = 0;
            ::waitpid(pid, &status, 0);
            child_alive = false;
            if (out[next].how == Outcome::crashed && WIFSIGNALED(status))
                out[next].signal = WTERMSIG(status);
            ++next;
            break;
        }
        ::close(fds[0]);
        if (child_alive) {
            int status = 0;
            ::waitpid(pid, &status, 0);
        }
    }
    return out;
}

// Every regular file under `dir`, by path relative to it; anything else is reported in `odd`.
std::map<std::string, std::string> files_under(const fs::path& dir, std::string& odd) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string rel = fs::relative(e.path(), dir).string();
        if (e.is_symlink())
            odd += " symlink " + rel;
        else if (e.is_regular_file())
            out[rel] = test::read_file(e.path());
        else if (!e.is_directory())
            odd += " special " + rel;
    }
    return out;
}

class BundleMutation : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir("scelle-mutation");
        test::TestTsa tsa;
        ASSERT_TRUE(tsa.start()) << tsa.last_error();
        s_base = new BundleFiles(test::make_valid_bundle(s_dir->path() / "store", tsa));
        tsa.pki().write_ca_pem(s_dir->path() / "ca.pem");
        auto trust = crypto::TrustStore::create(
            {crypto::SystemAnchors::skip, std::nullopt, {s_dir->path() / "ca.pem"}});
        ASSERT_TRUE(trust.ok());
        s_trust = new crypto::TrustStore(std::move(trust).value());
        // The TSA stops here: the children are forked with no server thread running.
    }
    static void TearDownTestSuite() {
        delete s_trust;
        delete s_base;
        delete s_dir;
    }

    // The original's files as extracted: "scelle-<id>/<path>" -> bytes.
    static std::map<std::string, std::string> expected_files() {
        std::map<std::string, std::string> out;
        for (const auto& [path, bytes] : s_base->files)
            out[s_base->folder() + "/" + path] = bytes;
        return out;
    }

    // Extracts a mutant called intact; returns why it differs from the original, or "".
    std::string extracted_difference(const std::string& bytes, bool encrypted, int n) {
        const fs::path zip = tmp / ("mutant-" + std::to_string(n) + ".zip");
        const fs::path out = tmp / ("x-" + std::to_string(n));
        test::write_file(zip, bytes);
        fs::create_directories(out);
        const test::ProcResult r =
            encrypted ? test::run({"7z", "x", "-y", std::string("-p") + kPassword,
                                   "-o" + out.string(), zip.string()})
                      : test::run({"unzip", "-qq", zip.string(), "-d", out.string()});
        if (r.exit_code != 0)
            return "extraction failed: " + test::dump(r);
        std::string odd;
        const auto got = files_under(out, odd);
        const auto want = expected_files();
        std::string diff = odd;
        for (const auto& [path, data] : want) {
            auto it = got.find(path);
            if (it == got.end())
                diff += " missing " + path;
            else if (it->second != data)
                diff += " changed " + path;
        }
        for (const auto& [path, data] : got)
            if (want.count(path) == 0)
                diff += " added " + path;
        fs::remove_all(out);
        fs::remove(zip);
        return diff;
    }

    void run_mutants(bool encrypted, std::uint64_t seed) {
        ASSERT_FALSE(s_base->files.empty());
        const fs::path zip = tmp / "original.zip";
        test::ZipOptions zo;
        if (encrypted)
            zo.password = kPassword;
        test::write_bundle_zip(*s_base, zip, zo);
        const std::string original = test::read_file(zip);
        // An altered copy (one evidence byte changed, manifests left alone) to append.
        BundleFiles altered = *s_base;
        for (auto& [path, data] : altered.files)
            if (path.rfind("data/evidence/", 0) == 0) {
                data.back() = static_cast<char>(data.back() ^ 1);
                break;
            }
        test::write_bundle_zip(altered, tmp / "altered.zip", zo);
        const std::string altered_zip = test::read_file(tmp / "altered.zip");

        VerifyOptions options;
        options.trust = s_trust;
        if (encrypted)
            options.passphrase = kPassword;
        const Outcome base = verify_in_children({&original}, options).front();
        ASSERT_EQ(base.how, Outcome::returned);
        ASSERT_EQ(base.verdict, BundleVerdict::intact_and_sealed);

        const char* count_env = std::getenv("SCELLE_MUTANTS");
        const int count = count_env ? std::atoi(count_env) : (encrypted ? 800 : 3000);
        const char* pretend_env = std::getenv("SCELLE_MUTATION_PRETEND_INTACT");
        const std::string pretend = pretend_env ? pretend_env : "";

        const auto hot = structure_offsets(original);
        Rng rng(seed);
        std::map<std::string, std::map<std::string, int>> table;  // mutation -> verdict -> n
        int intact = 0, failures = 0, identical = 0;
        const auto start = std::chrono::steady_clock::now();
        std::vector<Mutant> mutants;
        for (int n = 0; n < count; ++n)
            mutants.push_back(mutate(rng, original, hot, altered_zip));
        std::vector<const std::string*> inputs;
        for (const Mutant& m : mutants)
            if (m.bytes != original)
                inputs.push_back(&m.bytes);
        identical = count - static_cast<int>(inputs.size());
        const std::vector<Outcome> outcomes = verify_in_children(inputs, options);
        std::size_t at = 0;
        for (int n = 0; n < count; ++n) {
            const Mutant& m = mutants[static_cast<std::size_t>(n)];
            if (m.bytes == original)
                continue;  // a flip that hit twice, or a copy of equal bytes
            Outcome o = outcomes[at++];
            const std::string kind = kMutationNames[static_cast<int>(m.kind)];
            if (o.how == Outcome::returned &&
                ((pretend == "append" && m.kind == Mutation::append) ||
                 (pretend == "altered" && o.verdict == BundleVerdict::altered)))
                o.verdict = BundleVerdict::intact_and_sealed;
            std::string verdict;
            if (o.how == Outcome::hung) {
                verdict = "HUNG";
                ADD_FAILURE() << "mutant " << n << " (" << m.what << ") took over "
                              << kMutantSeconds << " s";
                ++failures;
            } else if (o.how == Outcome::crashed) {
                verdict = "CRASHED";
                ADD_FAILURE() << "mutant " << n << " (" << m.what << ") crashed the verifier"
                              << (o.signal ? " (signal " + std::to_string(o.signal) + ")" : "");
                ++failures;
            } else {
                verdict = to_string(o.verdict);
                if (o.verdict == BundleVerdict::intact_and_sealed ||
                    o.verdict == BundleVerdict::intact_unsealed) {
                    ++intact;
                    const std::string diff = extracted_difference(m.bytes, encrypted, n);
                    if (!diff.empty()) {
                        ++failures;
                        ADD_FAILURE() << "mutant " << n << " (" << m.what << ") is called "
                                      << verdict << " but its files differ:" << diff;
                    }
                }
            }
            ++table[kind][verdict];
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::string summary = std::string(encrypted ? "encrypted" : "plain") + " bundle, " +
                              std::to_string(original.size()) + " bytes, seed " +
                              std::to_string(seed) + ": " + std::to_string(count) + " mutants (" +
                              std::to_string(identical) + " identical to the original, skipped), " +
                              std::to_string(intact) + " called intact, " +
                              std::to_string(failures) + " failure(s), " +
                              std::to_string(static_cast<int>(seconds * 1000)) + " ms\n";
        for (const auto& [kind, verdicts] : table) {
            summary += "  " + kind + ":";
            for (const auto& [v, k] : verdicts)
                summary += " " + v + "=" + std::to_string(k);
            summary += "\n";
        }
        std::printf("%s", summary.c_str());
        EXPECT_EQ(failures, 0) << summary;
    }

    static TempDir* s_dir;
    static BundleFiles* s_base;
    static crypto::TrustStore* s_trust;
    TempDir tmp{"scelle-mutant"};
};
TempDir* BundleMutation::s_dir = nullptr;
BundleFiles* BundleMutation::s_base = nullptr;
crypto::TrustStore* BundleMutation::s_trust = nullptr;

TEST_F(BundleMutation, PlainBundleMutantsAreNeverIntactWithOtherFiles) {
    run_mutants(false, 20261205);
}

TEST_F(BundleMutation, EncryptedBundleMutantsAreNeverIntactWithOtherFiles) {
    run_mutants(true, 3018);
}

}  // namespace
}  // namespace scelle::core
