// The desktop and the command line say the same sentence for the same error: error_sentence()
// is the shared sentence of scelle/jobs/sentences.h (what scelle-cli prints, see
// tests/cli/cli_basic_test.cpp) with a capital and the desktop's own advice, in the language
// the application chose (setup_translations makes the jobs library speak it too).
#include <gtest/gtest.h>

#include "error_text.h"
#include "gui_test_env.h"
#include "scelle/jobs/i18n.h"
#include "scelle/jobs/sentences.h"
#include "translations.h"
#include "verify_text.h"

namespace scelle::gui {
namespace {

TEST(ErrorText, TheDesktopSaysTheSharedSentenceWithItsOwnAdvice) {
    const Error unknown = make_error(Errc::unknown_case, "20000101-00000000");
    EXPECT_EQ(error_sentence(unknown).utf8_string(),
              "There is no case “20000101-00000000” in this store. Choose another case in the "
              "list.");
    EXPECT_EQ(
        error_sentence(unknown).utf8_string(),
        jobs::capitalized(jobs::describe_error(unknown)) + " Choose another case in the list.");
    // The command line's advice is not the desktop's.
    const Error corrupt = make_error(Errc::store_corrupt, "case.sqlite", "hash mismatch");
    EXPECT_EQ(error_sentence(corrupt).utf8_string(),
              "The store holds something Scellé did not write (“case.sqlite”) (hash mismatch).");
    const Error empty = make_error(Errc::input_empty, "vide.png");
    EXPECT_EQ(error_sentence(empty).utf8_string(), jobs::describe_error(empty));
    // A field named by its flag: the box to fix.
    EXPECT_EQ(error_sentence(make_error(Errc::usage, "--url")).utf8_string(),
              "Please check the link (it must start with https:// or http://).");
}

TEST(ErrorText, VerifyProblemsAreTheSharedPhrases) {
    const core::BundleProblem p{core::ProblemClass::altered, "hash_mismatch", "data/a.png", ""};
    EXPECT_EQ(dlg::problem_message(p).utf8_string(), jobs::describe_problem(p));
    EXPECT_EQ(dlg::problem_message(p).utf8_string(), "changed: its SHA-256 is not the manifest’s");
}

TEST(ErrorText, TheDesktopsLanguageIsTheSharedSentencesLanguage) {
    if (!test::g_wx_ready)
        GTEST_SKIP() << "no display";
    const std::filesystem::path locale = std::filesystem::path(SCELLE_TEST_SHARE_DIR) / "locale";
    ASSERT_TRUE(setup_translations("fr", locale));
    const std::string fr =
        error_sentence(make_error(Errc::unknown_case, "20000101-00000000")).utf8_string();
    const std::string empty = error_sentence(make_error(Errc::input_empty, "v.png")).utf8_string();
    setup_translations("en", locale);
    EXPECT_EQ(fr,
              "Aucun dossier «\u00a020000101-00000000\u00a0» dans ce magasin. Choisissez un autre "
              "dossier dans la liste.");
    EXPECT_EQ(empty.rfind("«\u00a0v.png\u00a0» est vide", 0), 0u) << empty;
    EXPECT_EQ(
        error_sentence(make_error(Errc::input_empty, "v.png")).utf8_string().rfind("“v.png”", 0),
        0u);
}

}  // namespace
}  // namespace scelle::gui
