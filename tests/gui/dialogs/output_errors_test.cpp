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
                                    OutputKind::bundle),
              "A file named \"/media/cle/preuves.zip\" already exists: choose another name. "
              "Nothing was replaced.");
    EXPECT_EQ(
        output_error_sentence(output_failed(ENOENT, "/media/cle"), target, OutputKind::bundle),
        "The folder \"/media/cle\" does not exist: choose another folder. Nothing was "
        "written.");
    // Not writable: the folder is named even when the core names the file.
    EXPECT_EQ(
        output_error_sentence(output_failed(EROFS, target.string()), target, OutputKind::bundle),
        "The folder \"/media/cle\" cannot be written (read-only or permission denied): "
        "choose another folder. Nothing was written.");
    EXPECT_EQ(
        output_error_sentence(output_failed(ENOSPC, target.string()), target, OutputKind::bundle),
        "The disk is full: \"/media/cle/preuves.zip\" could not be written and nothing was "
        "left in its place. Free some space and try again.");
    EXPECT_EQ(output_error_sentence(output_failed(ECANCELED, target.string()), target,
                                    OutputKind::bundle),
              "Export cancelled: nothing was written at \"/media/cle/preuves.zip\".");
    EXPECT_EQ(output_error_sentence(output_failed(ECANCELED, "/tmp/r.pdf"), "/tmp/r.pdf",
                                    OutputKind::report),
              "Report cancelled: nothing was written at \"/tmp/r.pdf\".");
}

TEST(OutputErrors, OtherFailuresKeepTheSystemsWordsInParentheses) {
    const fs::path target = "/tmp/b.zip";
    Error e{Errc::output_failed, target.string(), "Input/output error", EIO};
    EXPECT_EQ(output_error_sentence(e, target, OutputKind::bundle),
              "The bundle \"/tmp/b.zip\" could not be written; nothing was left in its place. "
              "(Input/output error)");
    Error corrupt{Errc::store_corrupt, "objects/ab12", "hash mismatch", 0};
    EXPECT_TRUE(output_error_sentence(corrupt, target, OutputKind::bundle)
                    .StartsWith("The case's stored evidence is damaged: \"objects/ab12\""));
    Error settings{Errc::bad_settings, "/home/c/.config/scelle/settings.json", "not a JSON object",
                   0};
    EXPECT_EQ(settings_error_sentence(settings),
              "The settings cannot be used: \"/home/c/.config/scelle/settings.json\" is wrong or "
              "unreadable. Fix it in Settings, then try again. (not a JSON object)");
}

}  // namespace
}  // namespace scelle::gui::dlg
