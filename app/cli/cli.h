// The command line's shared pieces: the context every command receives, the language of
// messages, and the functions that print results and errors.
//
// Commands are thin: they parse nothing (CLI11 does, in main.cpp), call one core function and
// print its outcome. Human text goes to stderr or stdout in French or English; --json prints
// exactly one JSON document on stdout with stable, untranslated keys.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scelle/base/result.h"
#include "scelle/base/secret.h"
#include "scelle/base/terminal.h"
#include "scelle/crypto/trust_store.h"
#include "scelle/jobs/i18n.h"
#include "scelle/jobs/seal_job.h"
#include "scelle/jobs/seal_setup.h"
#include "scelle/jobs/sentences.h"
#include "scelle/jobs/verify_job.h"
#include "scelle/store/case_store.h"
#include "scelle/store/settings.h"
#include "scelle/store/store.h"

namespace scelle::cli {

// The language of messages (the sentences come from the gettext catalogues: i18n.h).
using Lang = jobs::Language;

// Exit codes, as DESIGN.md "The command line" defines them (scelle/jobs/verify_job.h).
using jobs::kExitFailed;
using jobs::kExitOk;
using jobs::kExitUnsealed;
using jobs::kExitUsage;

struct Context {
    Lang lang = Lang::en;
    bool json = false;
    std::filesystem::path store;
};

// The language asked for by --lang in argv, else the one gettext would read from the
// environment: LANGUAGE's first entry, unless the locale (LC_ALL, LC_MESSAGES, LANG) is C or
// POSIX, then the locale's.
Lang detect_lang(int argc, char** argv);

// messages.cpp: one plain sentence for an error or a check finding (scelle/jobs/sentences.h),
// in `lang`, with the command line's advice after it.
std::string describe_error(const Error& e, Lang lang);
std::string describe_finding(const core::Finding& f, Lang lang);
// "TSA <url>: <why>." in one sentence.
std::string describe_tsa_failure(const crypto::TsaFailure& f, Lang lang);
std::string_view errc_name(Errc code);
// A sentence of scelle/jobs/sentences.h followed, in the same sentence, by the command line's
// words for its advice (none: the sentence as it is), in the current language.
std::string with_advice(std::string sentence, jobs::Advice advice);
int exit_code_for(const Error& e);

// output.cpp: JSON views of the core's records (keys are part of the stable interface).
nlohmann::json to_json(const core::CaseInfo& c);
nlohmann::json to_json(const core::Account& a);
nlohmann::json to_json(const core::Item& it);
nlohmann::json to_json(const core::ItemTimestamp& t);
nlohmann::json to_json(const core::TimestampToken& t);
// The "message" of these is the English sentence: --json output is never translated.
nlohmann::json to_json(const crypto::TsaFailure& f);
nlohmann::json to_json(const core::Finding& f);
// Text that came from outside (a file name, a handle, a URL, a title, a description, a TSA's
// name...) as human output prints it: controls, bidirectional overrides and invalid bytes
// become visible escapes (core::terminal_safe), so that nothing in it can move the cursor,
// change colours, start a new line or reorder the line. Never for --json, whose encoder
// escapes on its own and must keep the exact text.
std::string shown(const std::string& s);
std::string shown(const std::optional<std::string>& s);  // "" for nullopt
std::string shown(const std::filesystem::path& p);
// Prints an error (stderr, and a JSON document on stdout with --json); returns its exit code.
int report_error(const Context& ctx, const Error& e);
// The first line of a passphrase file (--password-file), without its line ending (LF or
// CR LF), read through Env; the other bytes read are wiped. Errc::input_empty for a 0-byte
// file; else the read's Error (input_missing, input_is_directory, input_unreadable).
Result<SecretString> read_passphrase_line(const std::filesystem::path& path);
// The JSON document of a usage error found before any command ran ({"error": {"code":
// "usage", ...}}), so that --json always prints one document.
void print_usage_error_json(const std::string& message);
// A command's refusal before it does anything: "scelle-cli: <sentence>" on stderr, with --json
// {"error": {"code", "message"}} on stdout. Returns kExitUsage.
int refuse_usage(const Context& ctx, const std::string& sentence, std::string_view code = "usage");
void print_json(const nlohmann::json& doc);

// commands.cpp
// Opens a case or prints why not (exit code set). Returns nullptr after printing.
std::unique_ptr<core::CaseStore> open_case(const Context& ctx, const std::string& ref,
                                           core::Access access, int& exit_code);
struct CaseNewArgs {
    std::string title;
    std::optional<std::string> destination;
    std::vector<std::string> incidents;
    std::optional<std::string> summary;
    std::optional<std::string> recorded_by;
};
int cmd_case_new(const Context& ctx, const CaseNewArgs& a);
int cmd_case_list(const Context& ctx);
int cmd_case_show(const Context& ctx, const std::string& case_ref);
// `case rename CASE TITLE`: the title is checked first (empty, not one line, too long: one
// sentence, exit 2, nothing written).
int cmd_case_rename(const Context& ctx, const std::string& case_ref, const std::string& title);
int cmd_account_add(const Context& ctx, const std::string& case_ref,
                    const core::AccountRequest& req);
// `account update CASE ACCOUNT [--url URL | --no-url] [--display-name NAME | --no-display-name]
// [--platform-id ID | --no-platform-id]`: at least one of them.
int cmd_account_update(const Context& ctx, const std::string& case_ref,
                       const std::string& account_ref, const core::AccountUpdate& update);
struct TsaArgs;
int cmd_import(const Context& ctx, const std::string& case_ref, const core::ImportRequest& req,
               const TsaArgs& tsa);
int cmd_link(const Context& ctx, const std::string& case_ref, const core::LinkRequest& req,
             const TsaArgs& tsa);
// `describe CASE ITEM [--description TEXT] [--happened WHEN] [--sensitive yes|no]
// [--account HANDLE|ID | --no-account] [--url URL | --no-url]`: at least one of them.
// `account`, `url`: nullopt, not asked; nullopt inside: none.
int cmd_describe(const Context& ctx, const std::string& case_ref, std::int64_t item,
                 const std::optional<std::string>& description,
                 const std::optional<std::string>& happened_typed,
                 std::optional<bool> sensitive = std::nullopt,
                 const std::optional<std::optional<std::string>>& account = std::nullopt,
                 const std::optional<std::optional<std::string>>& url = std::nullopt);
// What was typed after --happened, as the store keeps it (nullopt inside: unknown); nullopt
// after saying, in one sentence, why it cannot be read (`exit_code` is then set).
std::optional<std::optional<std::string>> happened_arg(const Context& ctx, const std::string& typed,
                                                       int& exit_code);
int cmd_withdraw(const Context& ctx, const std::string& case_ref, std::int64_t item,
                 const std::string& reason);
int cmd_extract(const Context& ctx, const std::string& case_ref, std::int64_t item,
                const std::filesystem::path& out);
int cmd_log(const Context& ctx, const std::string& case_ref);
int cmd_check(const Context& ctx, const std::string& case_ref, const TsaArgs& tsa);

// timestamp_cmd.cpp: TSAs and trust anchors named on the command line.
struct TsaArgs {
    std::vector<std::string> tsa;  // --tsa URL, repeatable
    std::vector<std::string> ca;   // --ca PEM, repeatable
    bool offline = false;          // --offline: do not ask at the end of the command
};
using jobs::SealSetup;
// Resolves the TSA list and the trust anchors, or prints why not (exit code set).
std::optional<SealSetup> prepare_sealing(const Context& ctx, const TsaArgs& args, int& exit_code);
// Asks for a timestamp over whatever is pending, prints what happened (warnings on stderr) and
// returns the JSON `timestamp` object. `after_change`: called at the end of import/link.
nlohmann::json seal_and_report(const Context& ctx, core::CaseStore& cs, const SealSetup& setup,
                               bool after_change);
// Prints what the seal job `r` did (warnings on stderr) and returns the JSON `timestamp`
// object; seal_and_report() runs the job and prints its result.
nlohmann::json print_seal(const Context& ctx, const core::CaseStore& cs, const SealSetup& setup,
                          const Result<jobs::SealResult>& r, bool after_change);
// Says (unless --json) that nothing was asked (--offline) and how to ask later; returns the
// JSON `timestamp` object {"status": "pending", "offline": true}.
nlohmann::json print_offline(const Context& ctx, const core::CaseStore& cs);
// At the end of a command that changed the case (import, link, capture): asks for a timestamp
// when `setup` is given, else says (unless --json) how to ask later; returns the JSON
// `timestamp` object either way.
nlohmann::json seal_after_change(const Context& ctx, core::CaseStore& cs,
                                 const std::optional<SealSetup>& setup);
// The sentence warning that the local clock is off by `skew_seconds` from the TSA's time.
std::string describe_skew(std::int64_t skew_seconds, Lang lang);
int cmd_timestamp(const Context& ctx, const std::string& case_ref, const TsaArgs& args);

// export_cmd.cpp: `export CASE -o FILE.zip`.
struct ExportArgs {
    std::filesystem::path out;
    bool no_report = false;
    bool encrypt = false;
    std::optional<std::filesystem::path> password_file;
    TsaArgs tsa;  // --tsa, --ca, --offline (the manifest's token)
};
int cmd_export(const Context& ctx, const std::string& case_ref, const ExportArgs& args);

// Catches Ctrl+C and termination requests while it lives, so that a long export or report can
// stop cleanly (interrupted() turns true); restores the previous handling afterwards.
using InterruptGuard = core::InterruptCatcher;

// Prints why an output file (a bundle, a report) could not be written, in one sentence, and
// returns the exit code: 2 when the target exists or its folder is missing or read-only, else 1.
using jobs::OutputKind;
int report_output_error(const Context& ctx, const Error& e, const std::filesystem::path& out,
                        OutputKind kind);

// report_cmd.cpp: `report CASE -o FILE.pdf`.
struct ReportArgs {
    std::filesystem::path out;
    std::optional<std::string> destination;  // --template
    bool transcripts = false;                // --transcripts
};
int cmd_report(const Context& ctx, const std::string& case_ref, const ReportArgs& args);

// notice_cmd.cpp: `notice CASE [--platform NAME] [-o FILE]` (the language: --lang).
struct NoticeArgs {
    std::optional<std::string> platform;       // default: the platform of the case's accounts
    std::optional<std::filesystem::path> out;  // default: stdout
};
int cmd_notice(const Context& ctx, const std::string& case_ref, const NoticeArgs& args);

// verify_cmd.cpp: `verify BUNDLE.zip`.
struct VerifyArgs {
    std::filesystem::path bundle;
    std::vector<std::string> ca;  // --ca PEM, repeatable
    std::optional<std::filesystem::path> password_file;
};
int cmd_verify(const Context& ctx, const VerifyArgs& args);

// capture_cmd.cpp: `capture CASE (--screen [N] | --region X,Y,W,H | --window active|ID)`.
struct CaptureArgs {
    enum class What { screen, region, window } what = What::screen;
    std::optional<int> screen;  // 1-based monitor number; nullopt: all screens together
    std::string region;         // "X,Y,W,H"
    std::string window = "active";
    int delay_seconds = 0;
    std::optional<std::string> description;
    std::optional<std::string> account;
    std::optional<std::string> happened;  // as stored (happened_arg)
    TsaArgs tsa;
    // --scroll: a scrolling capture of the window or region (jobs/scroll_job.h)
    bool scroll = false;
    std::string direction = "down";
    std::optional<int> max_frames;
    bool no_transcript = false;  // --no-transcript: the joined image is not read by machine
};
int cmd_capture(const Context& ctx, const std::string& case_ref, const CaptureArgs& args);

// ocr_cmd.cpp: `transcribe CASE [ITEM...]` (none: every image item without a transcript) and
// `search CASE TEXT` over the machine transcripts.
int cmd_transcribe(const Context& ctx, const std::string& case_ref,
                   const std::vector<std::int64_t>& items);
int cmd_search(const Context& ctx, const std::string& case_ref, const std::string& text);
// `suggest CASE`: the handles, links, e-mail addresses and phone numbers the transcripts name,
// offered, never added.
int cmd_suggest(const Context& ctx, const std::string& case_ref);

// demo.cpp
int cmd_demo(const Context& ctx, const std::optional<std::filesystem::path>& out_dir);

}  // namespace scelle::cli
