// The one place where an error code, a check finding, a bundle problem or a TSA failure becomes
// a sentence a person reads, for both front ends (issue 14, "one way to speak"). The command
// line and the desktop application call these functions and add only their own advice.
//
// Every sentence is in the current language (translate(), scelle/jobs/i18n.h): the caller picks
// English with EnglishScope or ScopedLanguage (the --json output). Strings are marked with N_()
// for xgettext and translated here; the catalogues are po/*.po, domain "scelle".
//
// Sentences start with a small letter (the command line prints them after "scelle-cli: ", the
// desktop capitalises them: capitalized()). Text that came from outside (a subject, a detail, a
// path, a URL) is shown escaped (core::terminal_safe), so nothing in it can move a cursor or
// reorder a line.
//
// What only one front end can say ("run scelle-cli check", "choose another case in the list")
// is not in these sentences: advice_for() names the advice, and each front end says it in its
// own words (cli: messages.cpp, gui: error_text.cpp).
//
// Pure functions over values; callable from any thread (translate() is).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scelle/base/result.h"
#include "scelle/bundle/bundle_verify.h"
#include "scelle/crypto/tsa_client.h"
#include "scelle/store/case_store.h"

namespace scelle::jobs {

// What a person can do next, when only a front end can say how.
enum class Advice {
    none,
    choose_case,      // the case named is unknown: list the cases, pick one
    longer_case_id,   // the case prefix matches several cases: give more of it
    add_account,      // the account is not in the case: add it first
    name_platform,    // the handle names accounts on several platforms: say which
    run_check,        // the store holds what Scellé did not write: check the case
    choose_store,     // the store cannot be written: use another folder
    fix_settings,     // a setting cannot be used: correct it
    screenshot_tool,  // the screen cannot be captured here: use the system's tool, import
    give_passphrase,  // the bundle is encrypted: give (or type again) its passphrase
    trust_authority,  // a seal chains to no trusted authority: trust its CA if you know it
};

// One sentence, ending with a full stop, for an error: what happened to which subject, and the
// system's own words in parentheses when they add something.
std::string describe_error(const Error& e);
Advice advice_for(const Error& e);

// Every Errc value, for the tests and for front ends that list them.
const std::vector<Errc>& all_error_codes();

// One phrase (no full stop) for a finding of `check` (core::check_case).
std::string describe_finding(const core::Finding& f);
// Every Finding::Kind value.
const std::vector<core::Finding::Kind>& all_finding_kinds();

// "Time-stamp authority URL: why." in the current language; in English, the server's own
// reason ("TSA URL: reason"), which names the status or the error exactly.
std::string describe_tsa_failure(const crypto::TsaFailure& f);

// One phrase (no full stop) for a problem or a note of `verify` (core::verify_bundle), by its
// kind; the English detail of an unknown kind otherwise.
std::string describe_problem(const core::BundleProblem& p);
Advice advice_for(const core::BundleProblem& p);
// Every problem kind describe_problem() has its own sentence for.
const std::vector<std::string_view>& known_problem_kinds();

// What one check of `verify` looked at, in words ("evidence hashes (manifest)"), by the check's
// name in the report ("manifest"); a check this version does not know: its own name.
std::string describe_check(const std::string& name);

// The sentence for a failed export or report written at `target` (export_bundle, make_report,
// check_export_target): the target exists, its folder is missing or read-only, the disk is
// full, the work was cancelled, the file could not be written. Other errors: describe_error().
enum class OutputKind { bundle, report, notice };
std::string describe_output_error(const Error& e, const std::filesystem::path& target,
                                  OutputKind kind);
// True when describe_output_error() says the user must name another target (the command line's
// exit code 2): the target exists, or its folder is missing or cannot be written.
bool output_error_is_usage(const Error& e, const std::filesystem::path& target);

// How a time-stamp's time (RFC 3339, UTC) is written: the command line keeps the authority's
// own text, the desktop shows the local time.
using TimeText = std::function<std::string(const std::string& gen_time)>;

// What `verify` found, in words: a headline ("Intact and sealed", capitalised, no full stop) and
// a sentence under it (a small first letter, ending with a full stop: the command line prints
// "headline: explanation", the desktop a banner and capitalized(explanation)). `advice` is what
// only a front end can say (trust_authority, give_passphrase), or none.
struct VerdictWords {
    std::string headline;
    std::string explanation;
    Advice advice = Advice::none;
};
VerdictWords describe_verdict(const core::BundleReport& r, const TimeText& time);

// One time-stamp of a bundle: what it covers, the authority, when, and its state:
// "Time-stamp of the manifest: TSA, time — verified, trusted authority".
std::string describe_token(const core::BundleToken& t, const TimeText& time);

// `s` with its first letter a capital (UTF-8: "é" becomes "É"), for a sentence shown alone.
std::string capitalized(std::string s);

}  // namespace scelle::jobs
