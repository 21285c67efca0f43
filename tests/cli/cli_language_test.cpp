// The command line speaks from the gettext catalogues of the domain "scelle" (the desktop
// application's), found beside the program in <prefix>/share/locale: French by --lang fr or by
// a French locale, even where no French locale is installed (only C.UTF-8), English when the
// catalogue is missing, and --lang wins over the environment.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "child_process.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using namespace scelle;

namespace {

const std::string kFrenchHelp = "mettre sous scellés des preuves en ligne";
const std::string kEnglishHelp = "seal online evidence";

// scelle-cli with a clean environment: only PATH and `vars`, as `env -i` gives it.
test::ProcResult run_clean(const std::string& program, const std::vector<std::string>& vars,
                           const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"/usr/bin/env", "-i", "PATH=/usr/bin:/bin"};
    argv.insert(argv.end(), vars.begin(), vars.end());
    argv.push_back(program);
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run(argv);
}

// The build tree's catalogue, beside bin/: <build>/share/locale/fr/LC_MESSAGES/scelle.mo.
fs::path built_catalogue() {
    return fs::path(SCELLE_CLI_PATH).parent_path().parent_path() / "share" / "locale" / "fr" /
           "LC_MESSAGES" / "scelle.mo";
}

}  // namespace

TEST(CliLanguage, LangFrSpeaksFrenchUnderTheCLocale) {
    ASSERT_TRUE(fs::is_regular_file(built_catalogue())) << built_catalogue();
    for (const char* locale : {"LANG=C", "LC_ALL=C", "LC_ALL=POSIX"}) {
        auto r = run_clean(SCELLE_CLI_PATH, {locale}, {"--lang", "fr", "--help"});
        EXPECT_EQ(r.exit_code, 0) << locale << "\n" << test::dump(r);
        EXPECT_NE(r.out.find(kFrenchHelp), std::string::npos) << locale << "\n" << r.out;
    }
}

TEST(CliLanguage, AFrenchLocaleSpeaksFrenchEvenWhenItIsNotInstalled) {
    // fr_FR.UTF-8 is usually not generated on a build machine (Debian has only C.UTF-8):
    // gettext must still find the French catalogue.
    for (const std::vector<std::string>& vars : {std::vector<std::string>{"LANG=fr_FR.UTF-8"},
                                                 {"LC_MESSAGES=fr_FR.UTF-8"},
                                                 {"LC_ALL=fr_BE.UTF-8"},
                                                 {"LANG=en_GB.UTF-8", "LANGUAGE=fr:en"}}) {
        auto r = run_clean(SCELLE_CLI_PATH, vars, {"--help"});
        EXPECT_EQ(r.exit_code, 0) << vars.front() << "\n" << test::dump(r);
        EXPECT_NE(r.out.find(kFrenchHelp), std::string::npos) << vars.front() << "\n" << r.out;
    }
    // --lang wins over the locale.
    auto en = run_clean(SCELLE_CLI_PATH, {"LANG=fr_FR.UTF-8"}, {"--lang", "en", "--help"});
    EXPECT_NE(en.out.find(kEnglishHelp), std::string::npos) << en.out;
    EXPECT_EQ(en.out.find(kFrenchHelp), std::string::npos) << en.out;
}

TEST(CliLanguage, EnglishWhenTheLocaleSaysSoOrIsC) {
    // As gettext reads them: LANGUAGE does not count under the C locale.
    for (const std::vector<std::string>& vars : {std::vector<std::string>{},
                                                 {"LANG=C.UTF-8"},
                                                 {"LANG=de_DE.UTF-8"},
                                                 {"LANG=C", "LANGUAGE=fr"},
                                                 {"LANG=fr_FR.UTF-8", "LC_ALL=en_US.UTF-8"}}) {
        auto r = run_clean(SCELLE_CLI_PATH, vars, {"--help"});
        EXPECT_EQ(r.exit_code, 0) << test::dump(r);
        EXPECT_NE(r.out.find(kEnglishHelp), std::string::npos) << r.out;
    }
}

TEST(CliLanguage, TheFrenchComesFromTheCatalogueBesideTheProgram) {
    // The same program in a tree of its own: without share/locale it speaks English (the
    // French is nowhere in the program), with the catalogue copied beside it, French.
    test::TempDir dir{"scelle-cli-language"};
    const fs::path program = dir / "prefix" / "bin" / "scelle-cli";
    fs::create_directories(program.parent_path());
    fs::copy_file(SCELLE_CLI_PATH, program);
    fs::permissions(program, fs::perms::owner_all);

    auto bare = run_clean(program.string(), {"LANG=C"}, {"--lang", "fr", "--help"});
    EXPECT_EQ(bare.exit_code, 0) << test::dump(bare);
    EXPECT_NE(bare.out.find(kEnglishHelp), std::string::npos) << bare.out;
    EXPECT_EQ(bare.out.find(kFrenchHelp), std::string::npos) << bare.out;
    // A sentence said on an error, too: English, and no crash.
    auto error = run_clean(program.string(), {"LANG=fr_FR.UTF-8"},
                           {"--store", (dir / "store").string(), "case", "show", "2000"});
    EXPECT_EQ(error.exit_code, 2) << test::dump(error);
    EXPECT_NE(error.err.find("no case"), std::string::npos) << error.err;

    const fs::path mo = dir / "prefix" / "share" / "locale" / "fr" / "LC_MESSAGES" / "scelle.mo";
    fs::create_directories(mo.parent_path());
    fs::copy_file(built_catalogue(), mo);
    auto french = run_clean(program.string(), {"LANG=C"}, {"--lang", "fr", "--help"});
    EXPECT_EQ(french.exit_code, 0) << test::dump(french);
    EXPECT_NE(french.out.find(kFrenchHelp), std::string::npos) << french.out;
}

TEST(CliLanguage, AnUnknownLanguageIsRefusedInOneSentence) {
    auto r = run_clean(SCELLE_CLI_PATH, {"LANG=fr_FR.UTF-8"}, {"--lang", "xx", "case", "list"});
    EXPECT_EQ(r.exit_code, 2) << test::dump(r);
    EXPECT_NE(r.err.find("--lang"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
}
