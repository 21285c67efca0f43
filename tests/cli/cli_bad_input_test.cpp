// End-to-end tests of scelle-cli given bad input: each is refused with exit code 1 or 2 and one
// sentence on stderr naming the file, case or item concerned, and the store is exactly as it
// was before (same `case show --json`, same custody log, same objects, byte for byte).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <regex>
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

// Everything a bad input must leave unchanged.
struct Snapshot {
    std::string show;                            // case show --json
    std::string log;                             // the custody log, byte for byte
    std::map<std::string, std::string> objects;  // objects/ folder: name -> content
    bool operator==(const Snapshot&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Snapshot& s) {
    os << "objects:";
    for (const auto& [name, content] : s.objects)
        os << " " << name << "(" << content.size() << " bytes)";
    return os << "\nlog:\n" << s.log << "show:\n" << s.show;
}

// Asserts that `r` is a refusal: the exit code, one sentence on one line of stderr that names
// `subject`, and none of the words that betray an unhandled failure.
void expect_refusal(const test::ProcResult& r, int exit_code, const std::string& subject,
                    const std::string& words) {
    EXPECT_EQ(r.exit_code, exit_code) << dump(r);
    EXPECT_EQ(r.signal, 0) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.back(), '\n');
    EXPECT_EQ(r.err.rfind("scelle-cli: ", 0), 0u) << r.err;
    EXPECT_EQ(r.err.substr(r.err.size() - 2), ".\n") << r.err;
    // One sentence: no full stop followed by a new sentence inside the message.
    EXPECT_FALSE(std::regex_search(r.err, std::regex("[.!?] [A-Z]"))) << r.err;
    EXPECT_NE(r.err.find(subject), std::string::npos) << "“" << subject << "” not named in\n"
                                                      << r.err;
    EXPECT_NE(r.err.find(words), std::string::npos) << "“" << words << "” not in\n" << r.err;
    for (const char* bad : {"locked", "busy", "terminate", "internal error", "Aborted", "SQLITE",
                            "what()", "exception"})
        EXPECT_EQ(r.err.find(bad), std::string::npos) << r.err;
}

class CliBadInput : public ::testing::Test {
  protected:
    void SetUp() override {
        fs::create_directories(in);
        id = new_case();
        ASSERT_EQ(cli({"account", "add", id, "--platform", "Discord", "--handle", "ami"}).exit_code,
                  0);
        auto r = cli({"import", id, good("kept.txt", "déjà conservé").string()});
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        before = snapshot();
        ASSERT_EQ(before.objects.size(), 1u);
    }

    test::ProcResult cli(std::vector<std::string> args, test::RunOptions opts = {}) {
        std::vector<std::string> argv = {SCELLE_CLI_PATH, "--store", store.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        opts.env.emplace("LC_ALL", "C");
        return test::run(argv, opts);
    }

    std::string new_case(test::RunOptions opts = {}) {
        auto r = cli({"case", "new", "--title", "Preuves"}, opts);
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        return r.out.empty() ? std::string() : r.out.substr(0, r.out.size() - 1);
    }

    fs::path good(const std::string& name, std::string_view content) {
        fs::path p = in / name;
        test::write_file(p, content);
        return p;
    }

    fs::path case_dir() const { return store / "cases" / id; }

    Snapshot snapshot(test::RunOptions opts = {}) {
        Snapshot s;
        auto show = cli({"--json", "case", "show", id}, opts);
        EXPECT_EQ(show.exit_code, 0) << dump(show);
        s.show = show.out;
        auto log = cli({"log", id}, opts);
        EXPECT_EQ(log.exit_code, 0) << dump(log);
        s.log = log.out;
        for (const auto& e : fs::directory_iterator(case_dir() / "objects"))
            s.objects[e.path().filename().string()] = test::read_file(e.path());
        return s;
    }

    void expect_unchanged(test::RunOptions opts = {}) {
        EXPECT_EQ(snapshot(opts), before);
        auto check = cli({"check", id}, opts);
        EXPECT_EQ(check.exit_code, 0) << dump(check);
    }

    // Lets an unprivileged user reach the test's folder and own the store, for the tests that
    // need permissions to apply (root reads and writes everything).
    test::RunOptions as_unprivileged_owner() {
        const uid_t uid = test::unprivileged_uid();
        fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_exec |
                                        fs::perms::group_read | fs::perms::others_exec |
                                        fs::perms::others_read);
        fs::permissions(in, fs::perms::owner_all | fs::perms::others_exec | fs::perms::others_read);
        for (const auto& e : fs::recursive_directory_iterator(store))
            EXPECT_EQ(::lchown(e.path().c_str(), uid, 65534), 0) << e.path();
        EXPECT_EQ(::chown(store.c_str(), uid, 65534), 0);
        test::RunOptions opts;
        opts.uid = uid;
        return opts;
    }

    // Ends with a write by `opts`'s user that changes nothing (the account exists), so that,
    // as after any real session, the database has no -wal and -shm files beside it; then
    // makes the case folder read-only.
    void make_read_only(const test::RunOptions& opts) {
        auto r = cli({"account", "add", id, "--platform", "Discord", "--handle", "ami"}, opts);
        ASSERT_EQ(r.exit_code, 0) << dump(r);
        ASSERT_FALSE(fs::exists(case_dir() / "case.sqlite-wal"));
        ASSERT_FALSE(fs::exists(case_dir() / "case.sqlite-shm"));
        ASSERT_EQ(test::run({"chmod", "-R", "a-w", case_dir().string()}).exit_code, 0);
    }

    test::TempDir dir{"scelle-cli-bad-input"};
    fs::path store = dir / "store";
    fs::path in = dir / "in";
    std::string id;
    Snapshot before;
};

TEST_F(CliBadInput, MissingFile) {
    const fs::path missing = in / "absent.png";
    expect_refusal(cli({"import", id, missing.string()}), 2, missing.string(), "does not exist");
    expect_unchanged();

    auto j = cli({"--json", "import", id, missing.string()});
    EXPECT_EQ(j.exit_code, 2);
    json doc = json::parse(j.out, nullptr, false);
    EXPECT_EQ(doc["error"]["code"], "input_missing") << j.out;
    EXPECT_EQ(doc["error"]["subject"], missing.string());
    expect_unchanged();
}

// --json prints one JSON document for a command-line mistake too, before or after the flag,
// and for a capture without a target; nothing is changed.
TEST_F(CliBadInput, UsageErrorsUnderJsonAreJsonToo) {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--json", "import"},
                                               {"import", id, "--no-such-option", "--json"},
                                               {"--json", "case", "new"},
                                               {"--json", "capture", id},
                                               {"--json", "capture", id, "--screen", "two"}}) {
        test::RunOptions opts;
        opts.env.emplace("SCELLE_CAPTURE_BACKEND", "fake");
        auto r = cli(args, opts);
        EXPECT_EQ(r.exit_code, 2) << dump(r);
        json doc = json::parse(r.out, nullptr, false);
        ASSERT_FALSE(doc.is_discarded()) << "not JSON: " << r.out;
        EXPECT_EQ(doc["error"]["code"], "usage") << r.out;
        EXPECT_FALSE(doc["error"]["message"].get<std::string>().empty()) << r.out;
        EXPECT_FALSE(r.err.empty());
    }
    expect_unchanged();
}

TEST_F(CliBadInput, Directory) {
    expect_refusal(cli({"import", id, in.string()}), 2, in.string(), "is a folder");
    expect_unchanged();
}

TEST_F(CliBadInput, UnreadableFile) {
    if (::geteuid() != 0)
        GTEST_SKIP() << "runs the command line as another user, which needs root";
    const fs::path secret = good("secret.png", "cannot be read");
    const fs::path other = good("other.txt", "readable");
    ASSERT_EQ(::chmod(secret.c_str(), 0), 0);
    auto opts = as_unprivileged_owner();
    expect_refusal(cli({"import", id, other.string(), secret.string()}, opts), 2, secret.string(),
                   "cannot be read");
    expect_unchanged(opts);
    // The same user can import what it can read: the refusal was about the file, not the store.
    auto ok = cli({"import", id, other.string()}, opts);
    EXPECT_EQ(ok.exit_code, 0) << dump(ok);
}

TEST_F(CliBadInput, EmptyFile) {
    const fs::path empty = good("vide.png", "");
    expect_refusal(cli({"import", id, empty.string()}), 2, empty.string(), "is empty");
    expect_unchanged();
}

TEST_F(CliBadInput, FifoAndDevNull) {
    const fs::path fifo = in / "tube";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    expect_refusal(cli({"import", id, fifo.string()}), 2, fifo.string(), "not an ordinary file");
    expect_unchanged();
    expect_refusal(cli({"import", id, "/dev/null"}), 2, "/dev/null", "not an ordinary file");
    expect_unchanged();
}

TEST_F(CliBadInput, FileThatGrowsWhileReadImportsNothing) {
    const fs::path first = good("first.txt", "first good file");
    const fs::path second = good("second.png", std::string(300'000, 's'));
    const fs::path growing = in / "download.mp4";
    test::write_file(growing, std::string(64u << 20, 'g'));
    const auto initial_size = fs::file_size(growing);

    // Appends 64 KiB about every millisecond until the import ends, as a browser still
    // downloading would. The import starts only once the file has started to grow.
    std::atomic<bool> stop{false};
    std::atomic<bool> started{false};
    std::thread grower([&] {
        int fd = ::open(growing.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        const std::string chunk(64 * 1024, 'G');
        std::size_t written = 0;
        while (!stop && written < (512u << 20)) {
            if (::write(fd, chunk.data(), chunk.size()) > 0)
                written += chunk.size();
            started = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        ::close(fd);
    });
    while (!started)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto r = cli({"import", id, first.string(), second.string(), growing.string()});
    stop = true;
    grower.join();
    ASSERT_GT(fs::file_size(growing), initial_size);

    expect_refusal(r, 1, growing.string(), "changed while it was being read");
    expect_unchanged();
}

TEST_F(CliBadInput, NonUtf8FileNameIsImportedAndShownWithReplacementCharacters) {
    const fs::path odd = in / std::string("\xff\xfe.txt");
    test::write_file(odd, "nom étrange");
    auto r = cli({"import", id, odd.string()});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.err.find("\xEF\xBF\xBD\xEF\xBF\xBD.txt"), std::string::npos) << r.err;

    auto show = cli({"--json", "case", "show", id});
    ASSERT_EQ(show.exit_code, 0) << dump(show);
    json doc = json::parse(show.out, nullptr, false);
    ASSERT_TRUE(doc.is_object()) << show.out;
    ASSERT_EQ(doc["items"].size(), 2u);
    const json& item = doc["items"][1];
    EXPECT_EQ(item["name"], "\xEF\xBF\xBD\xEF\xBF\xBD.txt");
    EXPECT_EQ(item["name_bytes_hex"], "fffe2e747874");
    EXPECT_FALSE(doc["items"][0].contains("name_bytes_hex"));

    auto human = cli({"case", "show", id});
    EXPECT_NE(human.out.find("\xEF\xBF\xBD\xEF\xBF\xBD.txt"), std::string::npos) << human.out;
    auto log = cli({"log", id});
    EXPECT_NE(log.out.find("\"name_bytes_hex\":\"fffe2e747874\""), std::string::npos) << log.out;
    auto x = cli({"extract", id, "2", "-o", (dir / "out.txt").string()});
    ASSERT_EQ(x.exit_code, 0) << dump(x);
    EXPECT_EQ(test::read_file(dir / "out.txt"), "nom étrange");
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

TEST_F(CliBadInput, FileNameOf255BytesIsImported) {
    const std::string name = std::string(251, 'n') + ".png";
    ASSERT_EQ(name.size(), 255u);
    const fs::path p = good(name, "long name");
    auto r = cli({"import", id, p.string()});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    json doc = json::parse(cli({"--json", "case", "show", id}).out, nullptr, false);
    ASSERT_EQ(doc["items"].size(), 2u);
    EXPECT_EQ(doc["items"][1]["name"], name);
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

// Extracting an item under its original name, in another folder, is the natural thing to do.
TEST_F(CliBadInput, ExtractToANameOf255Bytes) {
    const std::string name = std::string(251, 'n') + ".png";
    const fs::path p = good(name, "long name");
    ASSERT_EQ(cli({"import", id, p.string()}).exit_code, 0);
    fs::create_directories(dir / "out");
    const fs::path out = dir / "out" / name;
    auto x = cli({"extract", id, "2", "-o", out.string()});
    EXPECT_EQ(x.exit_code, 0) << dump(x);
    EXPECT_EQ(test::read_file(out), "long name");
    // Nothing else is left in the folder.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir / "out"), fs::directory_iterator()), 1);
}

TEST_F(CliBadInput, PathComponentLongerThan255Bytes) {
    const fs::path p = in / std::string(256, 'a');
    expect_refusal(cli({"import", id, p.string()}), 2, std::string(256, 'a'),
                   "longer than the system allows");
    expect_unchanged();
    // And a whole path longer than PATH_MAX.
    std::string deep = in.string();
    while (deep.size() < 5000)
        deep += "/" + std::string(200, 'd');
    auto r = cli({"import", id, deep});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("longer than the system allows"), std::string::npos) << r.err;
    expect_unchanged();
}

TEST_F(CliBadInput, UnknownCase) {
    const fs::path f = good("f.txt", "x");
    for (std::vector<std::string> args :
         {std::vector<std::string>{"import", "20000101-deadbeef", f.string()},
          {"case", "show", "20000101-deadbeef"},
          {"describe", "20000101-deadbeef", "1", "--description", "x"},
          {"withdraw", "20000101-deadbeef", "1", "--reason", "x"},
          {"extract", "20000101-deadbeef", "1", "-o", (dir / "x").string()},
          {"log", "20000101-deadbeef"},
          {"check", "20000101-deadbeef"},
          {"link", "20000101-deadbeef", "https://example.org"},
          {"account", "add", "20000101-deadbeef", "--platform", "p", "--handle", "h"}}) {
        SCOPED_TRACE(args[0]);
        expect_refusal(cli(args), 2, "20000101-deadbeef", "there is no case");
    }
    EXPECT_FALSE(fs::exists(dir / "x"));
    expect_unchanged();
    // Names that could reach outside the store are not case ids.
    expect_refusal(cli({"case", "show", "../store/cases/" + id}), 2, "../store/cases/" + id,
                   "there is no case");
}

TEST_F(CliBadInput, UnknownItem) {
    expect_refusal(cli({"describe", id, "99", "--description", "x"}), 2, "99",
                   "has no item number 99");
    expect_refusal(cli({"withdraw", id, "99", "--reason", "x"}), 2, "99", "has no item number 99");
    expect_refusal(cli({"extract", id, "99", "-o", (dir / "x").string()}), 2, "99",
                   "has no item number 99");
    expect_refusal(cli({"describe", id, "0", "--description", "x"}), 2, "0",
                   "has no item number 0");
    EXPECT_FALSE(fs::exists(dir / "x"));
    expect_unchanged();
}

TEST_F(CliBadInput, UnknownAccountOrBadUrlImportsNothing) {
    const fs::path f = good("f.txt", "new content");
    expect_refusal(cli({"import", id, f.string(), "--account", "inconnu"}), 2, "inconnu",
                   "has no account");
    expect_refusal(cli({"import", id, f.string(), "--source-url", "ftp://x"}), 2, "--source-url",
                   "cannot be used");
    expect_refusal(cli({"import", id, f.string(), "--description", ""}), 2, "--description",
                   "cannot be used");
    expect_unchanged();
}

TEST_F(CliBadInput, ExtractToAnExistingFileLeavesItUntouched) {
    const fs::path existing = good("existing.txt", "do not overwrite me");
    expect_refusal(cli({"extract", id, "1", "-o", existing.string()}), 2, existing.string(),
                   "already exists and was left untouched");
    EXPECT_EQ(test::read_file(existing), "do not overwrite me");

    // A symbolic link is not followed, even when it points nowhere yet.
    const fs::path link = dir / "link";
    fs::create_symlink(dir / "victim", link);
    expect_refusal(cli({"extract", id, "1", "-o", link.string()}), 2, link.string(),
                   "already exists");
    EXPECT_FALSE(fs::exists(dir / "victim"));

    // A folder that does not exist: nothing is created.
    const fs::path nowhere = dir / "no-such-folder" / "out.txt";
    expect_refusal(cli({"extract", id, "1", "-o", nowhere.string()}), 1, nowhere.string(),
                   "could not be written");
    EXPECT_FALSE(fs::exists(dir / "no-such-folder"));
    // No temporary file left beside the target.
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(in))
        names.push_back(e.path().filename().string());
    EXPECT_EQ(names.size(), 2u);
    expect_unchanged();
}

TEST_F(CliBadInput, ReadOnlyStoreRefusesWritesAndChangesNothing) {
    if (::geteuid() != 0)
        GTEST_SKIP() << "runs the command line as another user, which needs root";
    const fs::path f = good("new.txt", "new content");
    auto opts = as_unprivileged_owner();
    make_read_only(opts);

    auto r = cli({"import", id, f.string()}, opts);
    expect_refusal(r, 1, id, "the store cannot be written");
    for (std::vector<std::string> args :
         {std::vector<std::string>{"describe", id, "1", "--description", "x"},
          {"withdraw", id, "1", "--reason", "x"},
          {"link", id, "https://example.org/x"},
          {"account", "add", id, "--platform", "p", "--handle", "h"}}) {
        SCOPED_TRACE(args[0]);
        expect_refusal(cli(args, opts), 1, id, "the store cannot be written");
    }
    // Root may read it to compare; the folder is unchanged.
    EXPECT_EQ(snapshot(), before);
}

// A store that cannot be written (a backup, a copy on read-only media) can still be read and
// checked by its owner.
TEST_F(CliBadInput, ReadOnlyStoreCanStillBeReadAndChecked) {
    if (::geteuid() != 0)
        GTEST_SKIP() << "runs the command line as another user, which needs root";
    auto opts = as_unprivileged_owner();
    make_read_only(opts);
    auto show = cli({"--json", "case", "show", id}, opts);
    EXPECT_EQ(show.exit_code, 0) << dump(show);
    EXPECT_EQ(show.out, before.show);
    auto check = cli({"check", id}, opts);
    EXPECT_EQ(check.exit_code, 0) << dump(check);
    auto log = cli({"log", id}, opts);
    EXPECT_EQ(log.exit_code, 0) << dump(log);
    EXPECT_EQ(log.out, before.log);
}

TEST_F(CliBadInput, OneBadFileAmongGoodOnesImportsNothing) {
    std::vector<std::string> files;
    for (int i = 0; i < 4; ++i)
        files.push_back(
            good("good-" + std::to_string(i) + ".txt",
                 std::string(static_cast<std::size_t>(1000 + i), static_cast<char>('a' + i))));
    for (const fs::path& bad :
         std::vector<fs::path>{in / "missing.txt", in, good("empty.txt", ""), "/dev/null"}) {
        SCOPED_TRACE(bad.string());
        std::vector<std::string> args = {"import", id};
        args.insert(args.end(), files.begin(), files.begin() + 2);
        args.push_back(bad.string());
        args.insert(args.end(), files.begin() + 2, files.end());
        auto r = cli(args);
        EXPECT_EQ(r.exit_code, 2) << dump(r);
        EXPECT_NE(r.err.find(bad.string()), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("nothing was imported"), std::string::npos) << r.err;
        expect_unchanged();
    }
}

// A tmpfs of 3 MiB mounted for the test, unmounted (and its folder removed) at the end.
class SmallDisk {
  public:
    explicit SmallDisk(const fs::path& where) : m_path(where) {
        fs::create_directories(m_path);
        if (::mount("tmpfs", m_path.c_str(), "tmpfs", 0, "size=3M,mode=0700") == 0)
            m_mounted = true;
        else
            m_error = std::strerror(errno);
    }
    ~SmallDisk() {
        if (m_mounted)
            ::umount2(m_path.c_str(), MNT_DETACH);
    }
    bool mounted() const { return m_mounted; }
    const std::string& error() const { return m_error; }
    std::uint64_t free_bytes() const {
        struct statvfs s {};
        ::statvfs(m_path.c_str(), &s);
        return static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
    }

  private:
    fs::path m_path;
    bool m_mounted = false;
    std::string m_error;
};

class CliFullDisk : public CliBadInput {
  protected:
    void SetUp() override {
        disk = std::make_unique<SmallDisk>(dir / "small");
        if (!disk->mounted())
            GTEST_SKIP() << "cannot mount a tmpfs here (" << disk->error()
                         << "); tests/unit/core/faults_test.cpp injects a full disk instead";
        store = dir / "small" / "store";
        CliBadInput::SetUp();
    }
    void TearDown() override { disk.reset(); }
    std::unique_ptr<SmallDisk> disk;
};

TEST_F(CliFullDisk, FileLargerThanTheFreeSpace) {
    const fs::path big = good("big.mp4", test::pseudo_random_bytes(4u << 20, 1));
    expect_refusal(cli({"import", id, good("small.txt", "small").string(), big.string()}), 1,
                   store.string(), "the disk holding the store is full");
    expect_unchanged();
    // Once the big file is left out, the same store takes the small one.
    auto ok = cli({"import", id, (in / "small.txt").string()});
    EXPECT_EQ(ok.exit_code, 0) << dump(ok);
    EXPECT_EQ(cli({"check", id}).exit_code, 0);
}

// Files sized around the free space, so that the disk fills at different steps: while the
// original is copied into objects/, or when the database records it. Each attempt either
// succeeds whole or fails with a clear sentence and changes nothing.
TEST_F(CliFullDisk, DiskFillsWhileCopyingOrWhileRecording) {
    int copy_failures = 0;
    int record_failures = 0;
    int successes = 0;
    // From 8 KiB more than the free space down to 64 KiB less, in steps of a page.
    for (std::int64_t delta = 8 * 1024; delta >= -64 * 1024; delta -= 4 * 1024) {
        SCOPED_TRACE("free space + " + std::to_string(delta));
        before = snapshot();
        const auto free_space = static_cast<std::int64_t>(disk->free_bytes());
        ASSERT_GT(free_space, 100'000);
        const fs::path f = good(
            "fill.bin", test::pseudo_random_bytes(static_cast<std::size_t>(free_space + delta),
                                                  static_cast<std::uint64_t>(free_space + delta)));
        auto r = cli({"--json", "import", id, f.string()});
        if (r.exit_code == 0) {
            ++successes;
            auto check = cli({"check", id});
            EXPECT_EQ(check.exit_code, 0) << dump(check);
            // The disk is now nearly full: a withdrawal either works or changes nothing.
            before = snapshot();
            const auto item = json::parse(r.out, nullptr, false)["imported"][0]["item"];
            auto w = cli({"withdraw", id, item.dump(), "--reason", "place"});
            if (w.exit_code != 0) {
                expect_refusal(w, 1, store.string(), "the disk holding the store is full");
                expect_unchanged();
            }
            break;
        }
        json err = json::parse(r.out, nullptr, false)["error"];
        EXPECT_EQ(err["code"], "store_full") << r.out;
        const std::string subject =
            err["subject"].is_string() ? err["subject"].get<std::string>() : std::string();
        if (subject.find("/objects/.tmp-") != std::string::npos)
            ++copy_failures;
        else if (subject.find("case.sqlite") != std::string::npos)
            ++record_failures;
        else
            ADD_FAILURE() << "unexpected subject " << subject;
        r.out.clear();
        expect_refusal(r, 1, store.string(), "the disk holding the store is full");
        expect_unchanged();
    }
    EXPECT_GT(copy_failures, 0);
    EXPECT_GT(record_failures, 0) << "no attempt filled the disk while the database recorded";
    EXPECT_GT(successes, 0);
}

}  // namespace
}  // namespace scelle
