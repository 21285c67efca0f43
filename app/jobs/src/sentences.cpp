// The sentences of errors, findings, bundle problems and TSA failures: see sentences.h.
#include "scelle/jobs/sentences.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

#include "scelle/base/text.h"
#include "scelle/jobs/i18n.h"
#include "scelle/store/tsa_name.h"

// Marks a string for xgettext; translated where it is used (tr()).
#define N_(s) s
// Marks a sentence with a singular and a plural for xgettext, and picks the form for `n`.
#define P_(s, p, n) translate_plural(s, p, n)

namespace scelle::jobs {

namespace {

using core::Finding;

const char* tr(const char* msgid) {
    return translate(msgid);
}

// A sentence with `{}` placeholders, translated, filled in.
template <typename... Args>
std::string say(const char* msgid, const Args&... args) {
    return fmt::format(fmt::runtime(translate(msgid)), args...);
}

// Text from outside (a path, a handle, the system's words) as it may be shown.
std::string shown(const std::string& s) {
    return core::terminal_safe(s);
}

}  // namespace

const std::vector<Errc>& all_error_codes() {
    static const std::vector<Errc> kAll = {
        Errc::usage,
        Errc::input_missing,
        Errc::input_is_directory,
        Errc::input_not_regular,
        Errc::input_empty,
        Errc::input_unreadable,
        Errc::input_name_too_long,
        Errc::input_changed,
        Errc::unknown_case,
        Errc::ambiguous_case,
        Errc::unknown_item,
        Errc::unknown_account,
        Errc::ambiguous_account,
        Errc::already_withdrawn,
        Errc::not_available,
        Errc::target_exists,
        Errc::output_failed,
        Errc::store_unwritable,
        Errc::store_full,
        Errc::store_io,
        Errc::store_corrupt,
        Errc::store_too_new,
        Errc::bad_settings,
        Errc::capture_unavailable,
        Errc::capture_cancelled,
        Errc::install_incomplete,
        Errc::internal,
    };
    return kAll;
}

std::string describe_error(const Error& e) {
    // The subject (a path, a URL, a name) and the detail may come from outside: shown escaped.
    const std::string s = shown(e.subject);
    const std::string detail = shown(e.detail);
    std::string text;
    switch (e.code) {
        case Errc::usage:
            // TRANSLATORS: {} is the value refused (a link, a name, an option).
            text = say(N_("“{}” cannot be used"), s);
            break;
        case Errc::input_missing:
            text = say(N_("“{}” does not exist; nothing was imported"), s);
            break;
        case Errc::input_is_directory:
            text = say(N_("“{}” is a folder: choose the files inside it instead (nothing was "
                          "imported)"),
                       s);
            break;
        case Errc::input_not_regular:
            text = say(N_("“{}” is not an ordinary file (a device or a pipe); nothing was "
                          "imported"),
                       s);
            break;
        case Errc::input_empty:
            text = say(N_("“{}” is empty (0 bytes), so it holds no evidence; nothing was "
                          "imported"),
                       s);
            break;
        case Errc::input_unreadable:
            text = say(N_("“{}” cannot be read; nothing was imported"), s);
            break;
        case Errc::input_name_too_long:
            text = say(N_("the name “{}” is longer than the system allows"), s);
            break;
        case Errc::input_changed:
            text = say(N_("“{}” changed while it was being read (is it still being downloaded "
                          "or written?); nothing was imported — import it again once it is "
                          "complete"),
                       s);
            break;
        case Errc::unknown_case:
            text = say(N_("there is no case “{}” in this store"), s);
            break;
        case Errc::ambiguous_case:
            // TRANSLATORS: {} is the prefix typed, then the cases it matches.
            return say(N_("“{}” matches several cases ({})"), s, detail) + ".";
        case Errc::unknown_item:
            text = say(N_("this case has no item number {}"), s);
            break;
        case Errc::unknown_account:
            text = say(N_("this case has no account “{}”"), s);
            break;
        case Errc::ambiguous_account:
            text = say(N_("“{}” names accounts on several platforms"), s);
            break;
        case Errc::already_withdrawn:
            // TRANSLATORS: {} is an item number, then a date.
            return say(N_("item {} was already withdrawn on {}"), s, detail) + ".";
        case Errc::not_available:
            // TRANSLATORS: {} is an item number, then why (in English).
            return say(N_("item {} has no stored original ({})"), s, detail) + ".";
        case Errc::target_exists:
            text = say(N_("“{}” already exists and was left untouched; choose another name"), s);
            break;
        case Errc::output_failed:
            text = say(N_("“{}” could not be written"), s);
            break;
        case Errc::store_unwritable:
            text = say(N_("the store cannot be written (“{}”: read-only or permission denied); "
                          "nothing was changed"),
                       s);
            break;
        case Errc::store_full:
            text = say(N_("the disk holding the store is full (“{}”); nothing was changed — "
                          "free some space and try again"),
                       s);
            break;
        case Errc::store_io:
            text = say(N_("the store could not be used (“{}”); nothing was changed"), s);
            break;
        case Errc::store_corrupt:
            text = say(N_("the store holds something Scellé did not write (“{}”)"), s);
            break;
        case Errc::store_too_new:
            text = say(N_("“{}” was written by a newer version of Scellé; update Scellé to open "
                          "it"),
                       s);
            break;
        case Errc::bad_settings:
            text = say(N_("the setting “{}” cannot be used; nothing was changed"), s);
            break;
        case Errc::capture_unavailable:
            // TRANSLATORS: {} is why, in the system's words.
            text = say(N_("the screen cannot be captured ({}); nothing was recorded"), s);
            break;
        case Errc::capture_cancelled:
            text = tr(N_("the capture was cancelled; nothing was recorded"));
            break;
        case Errc::install_incomplete:
            // TRANSLATORS: {} is the file of Scellé's that could not be loaded.
            text = say(N_("a part of Scellé is missing or comes from another version (“{}”); "
                          "reinstall Scellé"),
                       s);
            break;
        case Errc::internal:
            text = say(N_("internal error ({})"), s);
            break;
    }
    // The system's own words (in English) add nothing where the sentence already says it all.
    const bool detail_is_redundant =
        e.code == Errc::input_missing || e.code == Errc::input_is_directory ||
        e.code == Errc::input_empty || e.code == Errc::store_full ||
        e.code == Errc::store_unwritable || e.code == Errc::target_exists ||
        e.code == Errc::unknown_case || e.code == Errc::unknown_item ||
        e.code == Errc::input_name_too_long;
    if (!detail.empty() && !detail_is_redundant)
        text += " (" + detail + ").";
    else
        text += ".";
    return text;
}

Advice advice_for(const Error& e) {
    switch (e.code) {
        case Errc::unknown_case:
            return Advice::choose_case;
        case Errc::ambiguous_case:
            return Advice::longer_case_id;
        case Errc::unknown_account:
            return Advice::add_account;
        case Errc::ambiguous_account:
            return Advice::name_platform;
        case Errc::store_corrupt:
            return Advice::run_check;
        case Errc::store_unwritable:
            return Advice::choose_store;
        case Errc::bad_settings:
            return Advice::fix_settings;
        case Errc::capture_unavailable:
            return Advice::screenshot_tool;
        default:
            return Advice::none;
    }
}

const std::vector<Finding::Kind>& all_finding_kinds() {
    using K = Finding::Kind;
    static const std::vector<K> kAll = {
        K::log_not_json,
        K::log_not_canonical,
        K::log_bad_seq,
        K::log_chain_broken,
        K::log_missing_fields,
        K::log_hash_mismatch,
        K::item_log_mismatch,
        K::log_item_missing,
        K::description_log_mismatch,
        K::account_log_mismatch,
        K::case_log_mismatch,
        K::object_missing,
        K::object_altered,
        K::object_unreadable,
        K::derived_differs,
        K::withdrawn_object_kept,
        K::orphan_object,
        K::timestamp_log_mismatch,
        K::timestamp_prefix_changed,
        K::timestamp_token_unreadable,
        K::timestamp_unverified,
    };
    return kAll;
}

std::string describe_finding(const Finding& f) {
    using K = Finding::Kind;
    // An object's name and a detail come from the store, which someone may have edited.
    const std::string object = shown(f.object);
    const std::string detail = shown(f.detail);
    switch (f.kind) {
        case K::log_not_json:
            return say(N_("custody log line {} is not a JSON object"), f.line);
        case K::log_not_canonical:
            return say(N_("custody log line {} was rewritten (not in canonical form)"), f.line);
        case K::log_bad_seq:
            return say(N_("custody log line {} has the wrong sequence number (a line was "
                          "removed or moved)"),
                       f.line);
        case K::log_chain_broken:
            return say(N_("custody log line {} does not follow the line before it (a line was "
                          "changed, removed or reordered)"),
                       f.line);
        case K::log_missing_fields:
            return say(N_("custody log line {} lacks its action or time"), f.line);
        case K::log_hash_mismatch:
            return say(N_("custody log line {} no longer matches its recorded hash"), f.line);
        case K::item_log_mismatch:
            return say(N_("item {} does not match the custody log ({})"), f.item, detail);
        case K::log_item_missing:
            return say(N_("item {}, recorded at custody log line {}, is missing from the case"),
                       f.item, f.line);
        case K::description_log_mismatch:
            return say(N_("a description of item {} differs from custody log line {} (it was "
                          "edited in the database)"),
                       f.item, f.line);
        case K::account_log_mismatch:
            return say(N_("account {} differs from custody log line {} (it was edited in the "
                          "database)"),
                       f.item, f.line);
        case K::case_log_mismatch:
            return tr(
                N_("the case's title or details differ from custody log line 1 (they "
                   "were edited in the database)"));
        case K::object_missing:
            return say(N_("the original of item {} is missing (objects/{})"), f.item, object);
        case K::object_altered:
            return say(N_("the original of item {} was altered: its bytes no longer match "
                          "SHA-256 {}"),
                       f.item, object);
        case K::object_unreadable:
            return say(N_("the original of item {} cannot be read (objects/{})"), f.item, object);
        case K::derived_differs:
            return say(N_("item {}, a joined conversation, is not what its screens give when "
                          "joined again ({})"),
                       f.item, detail);
        case K::withdrawn_object_kept:
            return say(N_("objects/{} belongs to a withdrawn item and will be removed at the "
                          "next change"),
                       object);
        case K::orphan_object:
            return say(N_("objects/{} is not named by any item (left by an interrupted import; "
                          "harmless)"),
                       object);
        case K::timestamp_log_mismatch:
            return say(N_("the timestamp recorded at custody log line {} does not match the "
                          "stored token (a token was removed, added or replaced)"),
                       f.line);
        case K::timestamp_prefix_changed:
            return say(N_("the timestamp recorded at custody log line {} no longer matches the "
                          "first {} lines of the log: they were changed after they were "
                          "timestamped"),
                       f.line, detail);
        case K::timestamp_token_unreadable:
            return say(N_("the token recorded at custody log line {} is not a time-stamp token"),
                       f.line);
        case K::timestamp_unverified:
            return say(N_("the token recorded at custody log line {} ({}) matches the log but "
                          "could not be verified with the trust anchors given: {}"),
                       f.line, object, detail);
    }
    return detail;
}

std::string describe_tsa_failure(const crypto::TsaFailure& f) {
    using K = crypto::TsaFailureKind;
    // The URL comes from the settings or the command line, the reason from the server.
    const std::string url = shown(f.url);
    // In English the server's own reason is said; the catalogue's sentences for each kind are
    // for the other languages.
    if (speaks_english())
        return fmt::format("TSA {}: {}", url, shown(f.reason));
    const char* why = N_("the exchange failed.");
    switch (f.kind) {
        case K::bad_url:
            why = N_("this address is not a usable http or https address.");
            break;
        case K::refused:
            why = N_("the connection was refused or the server cannot be reached.");
            break;
        case K::dns:
            why = N_("the server’s name cannot be found (no network?).");
            break;
        case K::timeout:
            why = N_("no answer in the time allowed.");
            break;
        case K::tls:
            why = N_("the secure connection (TLS) failed.");
            break;
        case K::network:
            why = N_("the connection was cut before the answer.");
            break;
        case K::http_status:
            why = N_("the server answered with an HTTP error.");
            break;
        case K::too_large:
            why = N_("the answer is larger than 1 MiB.");
            break;
        case K::not_a_response:
            why = N_("the answer is not a time-stamp response.");
            break;
        case K::rejected:
            why = N_("the authority refused the request.");
            break;
        case K::imprint_mismatch:
            why = N_("the token received covers another digest.");
            break;
        case K::nonce_mismatch:
            why = N_("the token received does not repeat the request’s unique number.");
            break;
        case K::bad_signature:
            why = N_("the token’s signature is invalid.");
            break;
        case K::no_timestamping_eku:
            why = N_("the signer’s certificate is not a time-stamping certificate.");
            break;
        case K::untrusted_chain:
            why = N_("the signer’s certificate leads to no trusted authority.");
            break;
        case K::invalid_token:
            why = N_("the token received is not valid.");
            break;
        case K::internal:
            why = N_("the request could not be prepared.");
            break;
        case K::rate_limited:
            why = N_("not asked: it wants a delay between two requests.");
            break;
    }
    // TRANSLATORS: {} are the authority's address, then the reason (a sentence).
    return say(N_("Time-stamp authority {}: {}"), url, tr(why));
}

namespace {

// The phrase of each problem kind of `verify` that has one; several kinds may share a phrase.
struct ProblemPhrase {
    const char* phrase;
    std::vector<std::string_view> kinds;
};

const ProblemPhrase kProblemPhrases[] = {
    {N_("the file does not exist"), {"not_found"}},
    {N_("this is not a file"), {"not_a_file"}},
    {N_("the file is empty"), {"empty_file"}},
    {N_("this is not a zip archive"), {"not_a_zip"}},
    {N_("the zip archive is truncated or damaged"), {"truncated"}},
    {N_("the zip archive cannot be read"), {"inconsistent_zip", "read_error", "empty_zip"}},
    {N_("the file holds bytes outside its zip archive (before, between or "
        "after its parts)"),
     {"zip_extra_bytes"}},
    {N_("the file holds a second zip archive: other tools could show other files"),
     {"zip_second_archive"}},
    {N_("the zip entry’s two headers disagree: other tools could read it otherwise"),
     {"zip_header_mismatch"}},
    {N_("the zip archive is not laid out as a bundle must be"), {"zip_layout"}},
    {N_("the bundle is encrypted"), {"passphrase_needed"}},
    {N_("the passphrase is wrong"), {"wrong_passphrase"}},
    {N_("this bundle was made by a newer version of the format; update "
        "Scellé"),
     {"unsupported_version", "unsupported_case_schema", "unsupported_log_action"}},
    {N_("dangerous entry name"), {"unsafe_name"}},
    {N_("two entries have this name"), {"duplicate_name"}},
    {N_("symbolic link (refused)"), {"symlink"}},
    {N_("not a regular file (refused)"), {"special_file"}},
    {N_("outside the bundle’s single folder"), {"outside_bundle_folder"}},
    {N_("too many entries (more than 100,000)"), {"too_many_entries"}},
    {N_("too large to be a bundle’s file"), {"entry_too_large", "total_too_large", "too_large"}},
    {N_("zip bomb: it inflates far beyond its size"), {"compression_ratio", "size_mismatch"}},
    {N_("compression or encryption method not allowed in a bundle"),
     {"unsupported_compression", "unsupported_encryption"}},
    {N_("the zip archive’s comment was changed (it is not the fixed note "
        "of the format)"),
     {"zip_comment_mismatch"}},
    {N_("only some files are encrypted"), {"partly_encrypted"}},
    {N_("damaged inside the zip (its check code no longer matches its data)"), {"entry_corrupt"}},
    {N_("required file missing"), {"missing_file"}},
    {N_("file not allowed in a bundle (added?)"), {"unexpected_file"}},
    {N_("the manifest is malformed"), {"manifest_malformed"}},
    {N_("listed in the manifest but missing (removed or renamed?)"), {"listed_but_missing"}},
    {N_("present but not listed in the manifest (added or renamed?)"), {"not_in_manifest"}},
    {N_("changed: its SHA-256 is not the manifest’s"), {"hash_mismatch"}},
    {N_("not as the BagIt format requires"), {"bagit_invalid", "bag_info_invalid"}},
    {N_("Payload-Oxum does not match the files present"), {"payload_oxum_mismatch"}},
    {N_("case.json is not valid JSON"), {"case_json_invalid"}},
    {N_("case.json does not follow its schema"), {"case_schema_invalid"}},
    {N_("case.json, the evidence files, the manifest and the custody log disagree"),
     {"case_mismatch"}},
    {N_("the custody log’s chain is broken here (a line changed, removed or "
        "moved)"),
     {"log_chain_broken"}},
    {N_("the custody log is malformed here"), {"log_malformed"}},
    {N_("this time-stamp does not cover the data it names (replaced or "
        "data changed)"),
     {"token_imprint_mismatch"}},
    {N_("this time-stamp is not the one the custody log recorded "
        "(replaced or added)"),
     {"token_not_recorded"}},
    {N_("the custody log records this time-stamp, but the bundle does not hold "
        "it (removed)"),
     {"token_missing"}},
    {N_("not the certificates the time-stamps carry (added or changed)"), {"certs_mismatch"}},
    {N_("the time-stamp’s time is not the one the custody log recorded"), {"time_mismatch"}},
    {N_("no line of the custody log records this report: only the "
        "manifest’s time-stamp covers it"),
     {"report_not_recorded"}},
    {N_("the manifest was time-stamped long before or after the export "
        "time the bundle gives (re-sealed later?)"),
     {"time_disagreement"}},
    {N_("this time-stamp is not valid (status, signature or certificate)"),
     {"token_not_granted", "token_invalid"}},
};

}  // namespace

const std::vector<std::string_view>& known_problem_kinds() {
    static const std::vector<std::string_view> kKinds = [] {
        std::vector<std::string_view> kinds;
        for (const auto& p : kProblemPhrases)
            kinds.insert(kinds.end(), p.kinds.begin(), p.kinds.end());
        return kinds;
    }();
    return kKinds;
}

std::string describe_problem(const core::BundleProblem& p) {
    for (const auto& known : kProblemPhrases) {
        if (std::find(known.kinds.begin(), known.kinds.end(), p.kind) == known.kinds.end())
            continue;
        std::string phrase = tr(known.phrase);
        // The detail of a custody log problem starts with "line N": say which line.
        if ((p.kind == "log_chain_broken" || p.kind == "log_malformed") &&
            p.detail.rfind("line ", 0) == 0) {
            const std::string n = p.detail.substr(5, p.detail.find(' ', 5) - 5);
            // TRANSLATORS: {} is a line number of the custody log; the problem follows.
            phrase = say(N_("line {}: "), shown(n)) + phrase;
        }
        return phrase;
    }
    // A kind this version does not know: the core's English detail is better than nothing.
    return shown(p.detail.empty() ? p.kind : p.detail);
}

std::string describe_check(const std::string& name) {
    static const struct {
        const char* name;
        const char* label;
    } kLabels[] = {
        {"zip_structure", N_("zip structure")},
        {"duplicates", N_("no duplicate names")},
        {"entry_names", N_("safe names")},
        {"limits", N_("size limits")},
        {"entries_read", N_("every file readable")},
        {"layout", N_("expected files only")},
        {"bagit", N_("bagit.txt")},
        {"bag_info", N_("bag-info.txt")},
        {"manifest", N_("evidence hashes (manifest)")},
        {"tagmanifest", N_("other files' hashes (tag manifest)")},
        {"custody_log", N_("custody log chain")},
        {"case_json", N_("case.json against the evidence and the log")},
        {"derivations", N_("joined conversations made again from their screens")},
        {"tokens", N_("time-stamps")},
        {"report", N_("the report recorded in the custody log")},
    };
    for (const auto& c : kLabels)
        if (name == c.name)
            return tr(c.label);
    return shown(name);
}

Advice advice_for(const core::BundleProblem& p) {
    if (p.kind == "passphrase_needed" || p.kind == "wrong_passphrase")
        return Advice::give_passphrase;
    return Advice::none;
}

bool output_error_is_usage(const Error& e, const std::filesystem::path& target) {
    const int err = e.sys_errno;
    if (e.code == Errc::target_exists)
        return true;
    if (e.code != Errc::output_failed)
        return false;
    return (e.subject != target.string() && (err == ENOENT || err == ENOTDIR)) || err == EACCES ||
           err == EPERM || err == EROFS;
}

std::string describe_output_error(const Error& e, const std::filesystem::path& target,
                                  OutputKind kind) {
    const bool pdf = kind == OutputKind::report;
    const bool notice = kind == OutputKind::notice;
    const std::string where = shown(target.string());
    const int err = e.sys_errno;
    const bool about_target = e.subject == target.string();
    if (e.code == Errc::output_failed && !about_target && (err == ENOENT || err == ENOTDIR))
        // TRANSLATORS: {} is a folder path.
        return notice ? say(N_("the folder “{}” does not exist; nothing was written."),
                            shown(e.subject))
               : pdf  ? say(N_("the folder “{}” does not exist; no report was written."),
                            shown(e.subject))
                      : say(N_("the folder “{}” does not exist; no bundle was written."),
                            shown(e.subject));
    if (e.code == Errc::output_failed && (err == EACCES || err == EPERM || err == EROFS))
        // TRANSLATORS: {} is a folder path.
        return say(N_("the folder “{}” cannot be written (read-only or permission denied); "
                      "nothing was written."),
                   shown(about_target ? target.parent_path().string() : e.subject));
    if ((e.code == Errc::output_failed || e.code == Errc::store_full) && is_no_space_errno(err))
        // TRANSLATORS: {} is a file path.
        return say(N_("the disk is full: “{}” could not be written and nothing was left in its "
                      "place — free some space and try again."),
                   where);
    if (e.code == Errc::output_failed && err == ECANCELED)
        // TRANSLATORS: {} is a file path.
        return pdf || notice ? say(N_("Report cancelled: nothing was written at “{}”."), where)
                             : say(N_("Export cancelled: nothing was written at “{}”."), where);
    if (e.code == Errc::output_failed) {
        // TRANSLATORS: {} is a file path; the system's reason may follow in parentheses.
        std::string text =
            notice ? say(N_("the notice “{}” could not be written; nothing was left in its "
                            "place"),
                         where)
            : pdf ? say(N_("the report “{}” could not be written; nothing was left in its place"),
                        where)
                  : say(N_("the bundle “{}” could not be written; nothing was left in its place"),
                        where);
        if (!e.detail.empty())
            text += " (" + shown(e.detail) + ")";
        return text + ".";
    }
    return describe_error(e);
}

namespace {

// The first problem of an unreadable bundle, in words.
std::string unreadable_explanation(const core::BundleReport& r) {
    if (r.problems.empty())
        return tr(N_("this file cannot be read."));
    const core::BundleProblem& p = r.problems.front();
    if (p.kind == "not_a_zip" || p.kind == "empty_file" || p.kind == "empty_zip")
        return tr(N_("this file is not a Scellé bundle (not a zip)."));
    if (p.kind == "not_found")
        return tr(N_("this file does not exist."));
    return describe_problem(p) + ".";
}

}  // namespace

VerdictWords describe_verdict(const core::BundleReport& r, const TimeText& time) {
    using core::BundleVerdict;
    const core::BundleToken* mt = r.manifest_token();
    // The authority by the name a person knows ("DigiCert"); the details list its full name.
    auto tsa_of = [](const core::BundleToken& t) {
        return t.tsa.empty() ? "?" : shown(core::tsa_short_name(t.tsa));
    };
    auto time_of = [&](const core::BundleToken& t) {
        return t.gen_time.empty() ? std::string("?") : time(t.gen_time);
    };
    VerdictWords w;
    switch (r.verdict) {
        case BundleVerdict::intact_and_sealed: {
            w.headline = tr(N_("Intact and sealed"));
            const core::BundleToken none;  // never so: a sealed bundle has a manifest token
            const core::BundleToken& t = mt != nullptr ? *mt : none;
            // TRANSLATORS: the time-stamp authority's name, then a date and time.
            w.explanation = say(N_("nothing in it was changed since {} sealed it on {} (the "
                                   "authority's time)."),
                                tsa_of(t), time_of(t));
            return w;
        }
        case BundleVerdict::intact_unsealed:
            w.headline = tr(N_("Intact, but not sealed"));
            if (mt != nullptr && mt->trusted) {
                // The manifest's seal is trusted, a log time-stamp is not: say which.
                std::string which;
                for (const auto& t : r.tokens)
                    if (!t.trusted)
                        which +=
                            (which.empty() ? "" : ", ") + shown(t.path) + " (" + tsa_of(t) + ")";
                // TRANSLATORS: {} lists the time-stamps (file and authority) not trusted.
                w.explanation = say(N_("every file matches, but not every seal comes from an "
                                       "authority you trust: {}. The items these time-stamps "
                                       "cover are not proven to have existed at their time."),
                                    which);
                w.advice = Advice::trust_authority;
            } else if (mt == nullptr) {
                w.explanation =
                    tr(N_("every file matches, but no time-stamp authority sealed "
                          "it: nothing proves when it was made."));
            } else if (!mt->anchor_missing) {
                // Naming a CA helps only when the chain stops for want of one; an expired or
                // otherwise invalid certificate is said as such.
                // TRANSLATORS: the authority's name, a date and time, then OpenSSL's reason.
                w.explanation = say(N_("every file matches, but the certificate of the seal of "
                                       "{} on {} is not valid ({})."),
                                    tsa_of(*mt), time_of(*mt), shown(mt->detail));
            } else {
                // TRANSLATORS: the time-stamp authority's name, then a date and time.
                w.explanation = say(N_("every file matches, but the seal of {} on {} comes from "
                                       "an authority you do not trust."),
                                    tsa_of(*mt), time_of(*mt));
                w.advice = Advice::trust_authority;
            }
            return w;
        case BundleVerdict::altered: {
            w.headline = tr(N_("Altered or incomplete"));
            const auto n = static_cast<unsigned long>(r.problems.size()) +
                           static_cast<unsigned long>(r.problems_omitted);
            // TRANSLATORS: {} is a number of problems, listed below the sentence.
            w.explanation = fmt::format(
                fmt::runtime(P_("{} problem found: the file below was changed, added or removed "
                                "after the bundle was made.",
                                "{} problems found: the files below were changed, added or "
                                "removed after the bundle was made.",
                                n)),
                n);
            return w;
        }
        case BundleVerdict::unsafe:
            w.headline = tr(N_("Dangerous file, refused"));
            w.explanation =
                tr(N_("its structure is hostile (dangerous names, links or sizes): "
                      "nothing was extracted from it."));
            return w;
        case BundleVerdict::unreadable:
            break;
    }
    w.headline = tr(N_("Cannot be checked"));
    for (const auto& p : r.problems) {
        if (p.kind == "passphrase_needed")
            w.headline = tr(N_("Encrypted: passphrase needed"));
        else if (p.kind == "wrong_passphrase")
            w.headline = tr(N_("Wrong passphrase"));
        else
            continue;
        break;
    }
    w.explanation = unreadable_explanation(r);
    if (!r.problems.empty())
        w.advice = advice_for(r.problems.front());
    return w;
}

std::string describe_token(const core::BundleToken& t, const TimeText& time) {
    const std::string what = t.covers
                                 // TRANSLATORS: {} is a line number of the custody log.
                                 ? say(N_("Time-stamp of custody log lines 1 to {}"), *t.covers)
                                 : std::string(tr(N_("Time-stamp of the manifest")));
    const char* state = t.trusted  ? tr(N_("verified, trusted authority"))
                        : t.intact ? tr(N_("valid, but not from an authority you trust"))
                                   : tr(N_("NOT valid"));
    // TRANSLATORS: a time-stamp of a bundle: what it covers, the authority, when, and its state
    // ("verified, trusted authority"...).
    return say(N_("{}: {}, {} — {}"), what, t.tsa.empty() ? "?" : shown(t.tsa),
               t.gen_time.empty() ? std::string("?") : time(t.gen_time), state);
}

std::string capitalized(std::string s) {
    if (s.empty())
        return s;
    const auto c = static_cast<unsigned char>(s[0]);
    if (c >= 'a' && c <= 'z') {
        s[0] = static_cast<char>(c - 'a' + 'A');
    } else if (c == 0xC3 && s.size() > 1) {
        // à..þ (U+00E0..U+00FE but ÷) are À..Þ minus 0x20 in their second byte.
        const auto d = static_cast<unsigned char>(s[1]);
        if (d >= 0xA0 && d <= 0xBE && d != 0xB7)
            s[1] = static_cast<char>(d - 0x20);
    }
    return s;
}

}  // namespace scelle::jobs
