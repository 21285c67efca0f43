// The shared sentences (scelle/jobs/sentences.h): every error code, every finding of `check`,
// every problem kind of `verify` and every TSA failure has its own sentence, in English and in
// French from the built catalogue (a missing translation fails here), and no front end's
// advice is in them.
#include "scelle/jobs/sentences.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "env_guard.h"
#include "scelle/jobs/i18n.h"

namespace scelle::jobs {
namespace {

// French for the test's life, from <build>/share/locale; English and the environment after.
class SentencesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        m_env.keep("LANGUAGE");
        use_language(Language::fr, SCELLE_TEST_LOCALE_DIR);
    }
    void TearDown() override {
        use_language(Language::en, SCELLE_TEST_LOCALE_DIR);
        m_env.restore();
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
    test::EnvGuard m_env;
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
    for (const char* name : {"zip_structure", "duplicates", "entry_names", "limits", "entries_read",
                             "layout", "manifest", "tagmanifest", "custody_log", "case_json",
                             "derivations", "tokens", "report"}) {
        const auto [en, fr] = both([&] { return describe_check(name); });
        EXPECT_NE(en, name);
        EXPECT_NE(en, fr) << "no French for check " << name;
    }
    EXPECT_EQ(describe_check("a_newer_check"), "a_newer_check");
}

// Every verdict of `verify`, in each of its forms, has a headline and a sentence in both
// languages; the advice to trust an authority comes only when naming one could help.
TEST_F(SentencesTest, EveryVerdictHasItsWordsInEnglishAndInFrench) {
    using core::BundleVerdict;
    core::BundleToken manifest;
    manifest.path = "timestamps/manifest-sha256.txt.tsr";
    manifest.tsa = "CN=Test TSA";
    manifest.gen_time = "2026-12-05T10:00:00Z";
    manifest.intact = true;
    core::BundleToken log_token = manifest;
    log_token.path = "timestamps/custody-log-3.tsr";
    log_token.covers = 3;
    struct Case {
        const char* name;
        BundleVerdict verdict;
        std::vector<core::BundleToken> tokens;
        std::vector<core::BundleProblem> problems;
        Advice advice;
    };
    core::BundleToken trusted = manifest;
    trusted.trusted = true;
    core::BundleToken unknown_ca = manifest;
    unknown_ca.anchor_missing = true;
    core::BundleToken expired = manifest;
    expired.detail = "certificate has expired";
    core::BundleProblem changed;
    changed.kind = "hash_mismatch";
    changed.path = "data/evidence/0001-file.png";
    core::BundleProblem truncated;
    truncated.kind = "not_a_zip";
    core::BundleProblem needs_pass;
    needs_pass.kind = "passphrase_needed";
    const std::vector<Case> cases = {
        {"sealed", BundleVerdict::intact_and_sealed, {trusted, log_token}, {}, Advice::none},
        {"no token", BundleVerdict::intact_unsealed, {}, {}, Advice::none},
        {"unknown CA", BundleVerdict::intact_unsealed, {unknown_ca}, {}, Advice::trust_authority},
        {"expired", BundleVerdict::intact_unsealed, {expired}, {}, Advice::none},
        {"log token untrusted",
         BundleVerdict::intact_unsealed,
         {trusted, log_token},
         {},
         Advice::trust_authority},
        {"altered", BundleVerdict::altered, {trusted}, {changed, changed}, Advice::none},
        {"unsafe", BundleVerdict::unsafe, {}, {}, Advice::none},
        {"not a zip", BundleVerdict::unreadable, {}, {truncated}, Advice::none},
        {"passphrase", BundleVerdict::unreadable, {}, {needs_pass}, Advice::give_passphrase},
    };
    const TimeText as_is = [](const std::string& t) { return t; };
    std::set<std::string> headlines;
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        core::BundleReport r;
        r.verdict = c.verdict;
        r.tokens = c.tokens;
        r.problems = c.problems;
        const auto [en, fr] = both([&] {
            const VerdictWords w = describe_verdict(r, as_is);
            return w.headline + " | " + w.explanation;
        });
        EXPECT_NE(en, fr);
        const VerdictWords w = describe_verdict(r, as_is);
        EXPECT_EQ(w.advice, c.advice);
        EXPECT_FALSE(w.headline.empty());
        ASSERT_FALSE(w.explanation.empty());
        EXPECT_EQ(w.explanation.back(), '.');
        headlines.insert(w.headline);
        const EnglishScope english;
        expect_no_front_end_words(describe_verdict(r, as_is).explanation);
        const std::string said = describe_verdict(r, as_is).explanation;
        if (c.verdict == BundleVerdict::altered) {
            EXPECT_EQ(said.rfind("2 problems found", 0), 0u) << said;
        } else if (!c.tokens.empty()) {
            // The authority by the name a person reads, not its distinguished name.
            EXPECT_NE(said.find("Test TSA"), std::string::npos) << said;
            EXPECT_EQ(said.find("CN="), std::string::npos) << said;
        }
    }
    EXPECT_EQ(headlines.size(), 6u);  // sealed, unsealed, altered, unsafe, unreadable, encrypted
}

TEST_F(SentencesTest, ATokenIsSaidWithWhatItCoversAndItsState) {
    core::BundleToken t;
    t.path = "timestamps/custody-log-3.tsr";
    t.covers = 3;
    t.tsa = "CN=Test TSA";
    t.gen_time = "2026-12-05T10:00:00Z";
    t.intact = true;
    const TimeText local = [](const std::string&) { return std::string("5 déc. 2026 11:00"); };
    const EnglishScope english;
    EXPECT_EQ(describe_token(t, local),
              "Time-stamp of custody log lines 1 to 3: CN=Test TSA, 5 déc. 2026 11:00 — valid, "
              "but not from an authority you trust");
    t.covers.reset();
    t.trusted = true;
    EXPECT_EQ(describe_token(t, local).rfind("Time-stamp of the manifest: ", 0), 0u);
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
