// The one-sentence errors of the export and report dialogs, for each failure the core reports
// (errors as the core makes them: code, subject, errno). Pure functions: no display needed.
#include "output_errors.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace scelle::gui::dlg {
namespace {

namespace fs = std::filesystem;

Error output_failed(int err, const std::string& subject) {
    return Error{Errc::output_failed, subject, "", err};
}

TEST(OutputErrors, EachFailureHasItsSentence) {
    const fs::path target = "/media/cle/preuves.zip";
    EXPECT_EQ(output_error_sentence(make_error(Errc::target_exists, target.string()), target,
                                    OutputKind::bundle)
                  .utf8_string(),
              "“/media/cle/preuves.zip” already exists and was left untouched; choose another "
              "name.");
    EXPECT_EQ(output_error_sentence(output_failed(ENOENT, "/media/cle"), target, OutputKind::bundle)
                  .utf8_string(),
              "The folder “/media/cle” does not exist; no bundle was written.");
    // Not writable: the folder is named even when the core names the file.
    EXPECT_EQ(
        output_error_sentence(output_failed(EROFS, target.string()), target, OutputKind::bundle)
            .utf8_string(),
        "The folder “/media/cle” cannot be written (read-only or permission denied); nothing "
        "was written.");
    EXPECT_EQ(
        output_error_sentence(output_failed(ENOSPC, target.string()), target, OutputKind::bundle)
            .utf8_string(),
        "The disk is full: “/media/cle/preuves.zip” could not be written and nothing was left "
        "in its place — free some space and try again.");
    EXPECT_EQ(
        output_error_sentence(output_failed(ECANCELED, target.string()), target, OutputKind::bundle)
            .utf8_string(),
        "Export cancelled: nothing was written at “/media/cle/preuves.zip”.");
    EXPECT_EQ(output_error_sentence(output_failed(ECANCELED, "/tmp/r.pdf"), "/tmp/r.pdf",
                                    OutputKind::report)
                  .utf8_string(),
              "Report cancelled: nothing was written at “/tmp/r.pdf”.");
}

// The same words as scelle-cli (scelle/jobs/sentences.h), with a capital.
TEST(OutputErrors, AreTheSharedSentences) {
    const fs::path target = "/media/cle/preuves.zip";
    const Error e = output_failed(ENOENT, "/media/cle");
    EXPECT_EQ(output_error_sentence(e, target, OutputKind::bundle).utf8_string(),
              jobs::capitalized(jobs::describe_output_error(e, target, OutputKind::bundle)));
}

TEST(OutputErrors, OtherFailuresKeepTheSystemsWordsInParentheses) {
    const fs::path target = "/tmp/b.zip";
    Error e{Errc::output_failed, target.string(), "Input/output error", EIO};
    EXPECT_EQ(output_error_sentence(e, target, OutputKind::bundle).utf8_string(),
              "The bundle “/tmp/b.zip” could not be written; nothing was left in its place "
              "(Input/output error).");
    Error corrupt{Errc::store_corrupt, "objects/ab12", "hash mismatch", 0};
    EXPECT_EQ(output_error_sentence(corrupt, target, OutputKind::bundle).utf8_string(),
              "The store holds something Scellé did not write (“objects/ab12”) (hash "
              "mismatch).");
    Error settings{Errc::bad_settings, "/home/c/.config/scelle/settings.json", "not a JSON object",
                   0};
    EXPECT_EQ(settings_error_sentence(settings).utf8_string(),
              "The setting “/home/c/.config/scelle/settings.json” cannot be used; nothing was "
              "changed (not a JSON object). Correct it in Settings, then try again.");
}

}  // namespace
}  // namespace scelle::gui::dlg
