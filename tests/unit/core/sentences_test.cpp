// The shared sentences (scelle/jobs/sentences.h): every error code, every finding of `check`,
// every problem kind of `verify` and every TSA failure has its own sentence, in English and in
// French from the built catalogue (a missing translation fails here), and no front end's
// advice is in them.
#include "scelle/jobs/sentences.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>

#include "scelle/jobs/i18n.h"

namespace scelle::jobs {
namespace {

// French for the test's life, from <build>/share/locale; English and the environment after.
class SentencesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (const char* v = std::getenv("LANGUAGE"))
            m_language = v;
        use_language(Language::fr, SCELLE_TEST_LOCALE_DIR);
    }
    void TearDown() override {
        use_language(Language::en, SCELLE_TEST_LOCALE_DIR);
        if (m_language)
            ::setenv("LANGUAGE", m_language->c_str(), 1);
        else
            ::unsetenv("LANGUAGE");
    }

    // The sentence in English and in French.
    template <typename F>
    static std::pair<std::string, std::string> both(F describe) {
        std::string en;
        {
            const EnglishScope english;
            en = describe();
        }
        return {en, describe()};
    }

  private:
    std::optional<std::string> m_language;
};

// What only one front end can say never appears in a shared sentence.
void expect_no_front_end_words(const std::string& en) {
    for (const char* word : {"scelle-cli", "--", "Settings", "menu", "click", "case list"})
        EXPECT_EQ(en.find(word), std::string::npos) << word << " in: " << en;
}

TEST_F(SentencesTest, EveryErrorCodeHasASentenceInEnglishAndInFrench) {
    ASSERT_EQ(all_error_codes().size(), static_cast<std::size_t>(Errc::internal) + 1);
    for (const Errc code : all_error_codes()) {
        const Error e = make_error(code, "sujet", "the system's words");
        const auto [en, fr] = both([&] { return describe_error(e); });
        SCOPED_TRACE(en);
        EXPECT_FALSE(en.empty());
        EXPECT_FALSE(fr.empty());
        EXPECT_NE(en, fr) << "no French for error code " << static_cast<int>(code);
        EXPECT_EQ(en.back(), '.');
        EXPECT_EQ(fr.back(), '.');
        expect_no_front_end_words(en);
    }
}

TEST_F(SentencesTest, FrenchKeepsItsTypography) {
    const auto [en, fr] =
        both([] { return describe_error(make_error(Errc::unknown_case, "20000101-0000")); });
    EXPECT_EQ(en, "there is no case “20000101-0000” in this store.");
    // « » with no-break spaces inside.
    EXPECT_EQ(fr, "aucun dossier «\u00a020000101-0000\u00a0» dans ce magasin.");
    const std::string missing = describe_error(make_error(Errc::input_missing, "a.png"));
    // A no-break space before ";".
    EXPECT_EQ(missing, "«\u00a0a.png\u00a0» n’existe pas\u00a0; rien n’a été importé.");
}

TEST_F(SentencesTest, TheAdviceIsNamedBesideTheSentence) {
    EXPECT_EQ(advice_for(make_error(Errc::unknown_case, "x")), Advice::choose_case);
    EXPECT_EQ(advice_for(make_error(Errc::store_corrupt, "x")), Advice::run_check);
    EXPECT_EQ(advice_for(make_error(Errc::capture_unavailable, "x")), Advice::screenshot_tool);
    EXPECT_EQ(advice_for(make_error(Errc::input_empty, "x")), Advice::none);
    EXPECT_EQ(advice_for(
                  core::BundleProblem{core::ProblemClass::unreadable, "passphrase_needed", "", ""}),
              Advice::give_passphrase);
}

TEST_F(SentencesTest, EveryFindingKindHasASentenceInEnglishAndInFrench) {
    ASSERT_EQ(all_finding_kinds().size(),
              static_cast<std::size_t>(core::Finding::Kind::timestamp_unverified) + 1);
    for (const auto kind : all_finding_kinds()) {
        const core::Finding f{kind, 7, 3, "ab12", "detail"};
        const auto [en, fr] = both([&] { return describe_finding(f); });
        SCOPED_TRACE(en);
        EXPECT_FALSE(en.empty());
        EXPECT_NE(en, fr) << "no French for finding " << static_cast<int>(kind);
        expect_no_front_end_words(en);
    }
}

TEST_F(SentencesTest, EveryProblemKindHasASentenceInEnglishAndInFrench) {
    EXPECT_GE(known_problem_kinds().size(), 44u);
    for (const auto kind : known_problem_kinds()) {
        const core::BundleProblem p{core::ProblemClass::altered, std::string(kind), "data/x",
                                    "line 4 of 9"};
        const auto [en, fr] = both([&] { return describe_problem(p); });
        SCOPED_TRACE(std::string(kind) + ": " + en);
        EXPECT_FALSE(en.empty());
        EXPECT_NE(en, "line 4 of 9") << "no sentence of its own";
        EXPECT_NE(en, fr) << "no French for problem " << kind;
        expect_no_front_end_words(en);
    }
    // The custody log's line is said in either language.
    const core::BundleProblem broken{core::ProblemClass::altered, "log_chain_broken",
                                     "custody-log.jsonl", "line 4 does not follow line 3"};
    EXPECT_EQ(describe_problem(broken).rfind("ligne 4", 0), 0u) << describe_problem(broken);
    // An unknown kind: the core's English detail rather than nothing.
    const core::BundleProblem unknown{core::ProblemClass::altered, "from_the_future", "",
                                      "a newer check"};
    EXPECT_EQ(describe_problem(unknown), "a newer check");
}

TEST_F(SentencesTest, EveryTsaFailureHasASentenceInFrenchAndTheServersWordsInEnglish) {
    using K = crypto::TsaFailureKind;
    for (int k = 0; k <= static_cast<int>(K::rate_limited); ++k) {
        const crypto::TsaFailure f{"https://tsa.example/", static_cast<K>(k),
                                   "The TSA answered HTTP 500.", 1};
        const auto [en, fr] = both([&] { return describe_tsa_failure(f); });
        EXPECT_EQ(en, "TSA https://tsa.example/: The TSA answered HTTP 500.");
        EXPECT_EQ(fr.rfind("Autorité d’horodatage https://tsa.example/", 0), 0u) << fr;
    }
}

TEST_F(SentencesTest, OutputErrorsSayWhatWasLeft) {
    const std::filesystem::path target = "/media/cle/preuves.zip";
    Error cancelled{Errc::output_failed, target.string(), "", ECANCELED};
    const EnglishScope english;
    EXPECT_EQ(describe_output_error(cancelled, target, OutputKind::bundle),
              "Export cancelled: nothing was written at “/media/cle/preuves.zip”.");
    EXPECT_FALSE(output_error_is_usage(cancelled, target));
    Error missing_folder{Errc::output_failed, "/media/cle", "", ENOENT};
    EXPECT_TRUE(output_error_is_usage(missing_folder, target));
    EXPECT_EQ(describe_output_error(missing_folder, target, OutputKind::report),
              "the folder “/media/cle” does not exist; no report was written.");
    // Not an output failure: the error's own sentence.
    EXPECT_EQ(
        describe_output_error(make_error(Errc::unknown_case, "abc"), target, OutputKind::bundle),
        describe_error(make_error(Errc::unknown_case, "abc")));
}

TEST_F(SentencesTest, EveryCheckOfVerifyHasItsWords) {
    for (const char* name :
         {"zip_structure", "duplicates", "entry_names", "limits", "entries_read", "layout",
          "manifest", "tagmanifest", "custody_log", "case_json", "tokens", "report"}) {
        const auto [en, fr] = both([&] { return describe_check(name); });
        EXPECT_NE(en, name);
        EXPECT_NE(en, fr) << "no French for check " << name;
    }
    EXPECT_EQ(describe_check("a_newer_check"), "a_newer_check");
}

TEST(Capitalized, MakesTheFirstLetterACapitalInUtf8) {
    EXPECT_EQ(capitalized("le disque"), "Le disque");
    EXPECT_EQ(capitalized("écran"), "Écran");
    EXPECT_EQ(capitalized("à"), "À");
    EXPECT_EQ(capitalized("“a”"), "“a”");
    EXPECT_EQ(capitalized(""), "");
}

}  // namespace
}  // namespace scelle::jobs
