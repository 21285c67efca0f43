// The sentences the command line says about errors and check findings, in French and
// English. Each names the thing concerned and the reason, in plain words.
#include <fmt/format.h>

#include <cstdlib>
#include <cstring>

#include "cli.h"
#include "i18n.h"

namespace scelle::cli {

using core::Finding;

Lang detect_lang(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--lang" && i + 1 < argc)
            return std::string_view(argv[i + 1]) == "fr" ? Lang::fr : Lang::en;
        if (a.rfind("--lang=", 0) == 0)
            return a.substr(7) == "fr" ? Lang::fr : Lang::en;
    }
    // As gettext reads the environment: the locale of messages first; under C or POSIX no
    // translation at all, otherwise LANGUAGE (a list, the first entry wins) before the locale.
    std::string_view locale;
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(var);
        if (v != nullptr && *v != '\0') {
            locale = v;
            break;
        }
    }
    if (locale.empty() || locale == "C" || locale == "POSIX")
        return Lang::en;
    if (const char* language = std::getenv("LANGUAGE"); language != nullptr && *language != '\0')
        locale = language;
    return locale.substr(0, 2) == "fr" ? Lang::fr : Lang::en;
}

std::string_view errc_name(Errc code) {
    switch (code) {
        case Errc::usage:
            return "usage";
        case Errc::input_missing:
            return "input_missing";
        case Errc::input_is_directory:
            return "input_is_directory";
        case Errc::input_not_regular:
            return "input_not_regular";
        case Errc::input_empty:
            return "input_empty";
        case Errc::input_unreadable:
            return "input_unreadable";
        case Errc::input_name_too_long:
            return "input_name_too_long";
        case Errc::input_changed:
            return "input_changed";
        case Errc::unknown_case:
            return "unknown_case";
        case Errc::ambiguous_case:
            return "ambiguous_case";
        case Errc::unknown_item:
            return "unknown_item";
        case Errc::unknown_account:
            return "unknown_account";
        case Errc::ambiguous_account:
            return "ambiguous_account";
        case Errc::already_withdrawn:
            return "already_withdrawn";
        case Errc::not_available:
            return "not_available";
        case Errc::target_exists:
            return "target_exists";
        case Errc::output_failed:
            return "output_failed";
        case Errc::store_unwritable:
            return "store_unwritable";
        case Errc::store_full:
            return "store_full";
        case Errc::store_io:
            return "store_io";
        case Errc::store_corrupt:
            return "store_corrupt";
        case Errc::store_too_new:
            return "store_too_new";
        case Errc::bad_settings:
            return "bad_settings";
        case Errc::capture_unavailable:
            return "capture_unavailable";
        case Errc::capture_cancelled:
            return "capture_cancelled";
        case Errc::internal:
            return "internal";
    }
    return "internal";
}

int exit_code_for(const Error& e) {
    switch (e.code) {
        case Errc::usage:
        case Errc::input_missing:
        case Errc::input_is_directory:
        case Errc::input_not_regular:
        case Errc::input_empty:
        case Errc::input_unreadable:
        case Errc::input_name_too_long:
        case Errc::unknown_case:
        case Errc::ambiguous_case:
        case Errc::unknown_item:
        case Errc::unknown_account:
        case Errc::ambiguous_account:
        case Errc::bad_settings:
        // An output that would replace a file: the command line must name another one, as
        // for export and report.
        case Errc::target_exists:
            return kExitUsage;
        default:
            return kExitFailed;
    }
}

std::string describe_error(const Error& e, Lang l) {
    const jobs::ScopedLanguage speak(l);
    // The subject (a path, a URL, a name) and the detail may come from outside: shown escaped.
    const std::string s = shown(e.subject);
    const std::string detail = shown(e.detail);
    std::string text;
    switch (e.code) {
        case Errc::usage:
            text = fmt::format(fmt::runtime(_("“{}” cannot be used")), s);
            break;
        case Errc::input_missing:
            text = fmt::format(fmt::runtime(_("“{}” does not exist; nothing was imported")), s);
            break;
        case Errc::input_is_directory:
            text = fmt::format(
                fmt::runtime(
                    _("“{}” is a folder; name the files inside it instead (nothing was imported)")),
                s);
            break;
        case Errc::input_not_regular:
            text = fmt::format(
                fmt::runtime(_("“{}” is not an ordinary file (a device or a pipe); nothing "
                               "was imported")),
                s);
            break;
        case Errc::input_empty:
            text = fmt::format(
                fmt::runtime(_("“{}” is empty (0 bytes), so it holds no evidence; nothing "
                               "was imported")),
                s);
            break;
        case Errc::input_unreadable:
            text = fmt::format(fmt::runtime(_("“{}” cannot be read; nothing was imported")), s);
            break;
        case Errc::input_name_too_long:
            text =
                fmt::format(fmt::runtime(_("the name “{}” is longer than the system allows")), s);
            break;
        case Errc::input_changed:
            text = fmt::format(
                fmt::runtime(_("“{}” changed while it was being read (is it still being "
                               "downloaded or written?); nothing was imported — import it "
                               "again once it is complete")),
                s);
            break;
        case Errc::unknown_case:
            text = fmt::format(
                fmt::runtime(_("there is no case “{}” in this store (see “scelle-cli case "
                               "list”)")),
                s);
            break;
        case Errc::ambiguous_case:
            text = fmt::format(
                fmt::runtime(_("“{}” matches several cases ({}); give more of the id")), s, detail);
            return text + ".";
        case Errc::unknown_item:
            text = fmt::format(fmt::runtime(_("this case has no item number {}")), s);
            break;
        case Errc::unknown_account:
            text = fmt::format(
                fmt::runtime(_("this case has no account “{}”; add it first with “account "
                               "add”")),
                s);
            break;
        case Errc::ambiguous_account:
            text =
                fmt::format(fmt::runtime(_("“{}” names accounts on several platforms; write it as "
                                           "PLATFORM:HANDLE")),
                            s);
            break;
        case Errc::already_withdrawn:
            text = fmt::format(fmt::runtime(_("item {} was already withdrawn on {}")), s, detail);
            return text + ".";
        case Errc::not_available:
            text = fmt::format(fmt::runtime(_("item {} has no stored original ({})")), s, detail);
            return text + ".";
        case Errc::target_exists:
            text = fmt::format(
                fmt::runtime(_("“{}” already exists and was left untouched; choose another "
                               "name")),
                s);
            break;
        case Errc::output_failed:
            text = fmt::format(fmt::runtime(_("“{}” could not be written")), s);
            break;
        case Errc::store_unwritable:
            text = fmt::format(
                fmt::runtime(_("the store cannot be written (“{}”: read-only or permission "
                               "denied); nothing was changed")),
                s);
            break;
        case Errc::store_full:
            text =
                fmt::format(fmt::runtime(_("the disk holding the store is full (“{}”); nothing was "
                                           "changed — free some space and try again")),
                            s);
            break;
        case Errc::store_io:
            text = fmt::format(
                fmt::runtime(_("the store could not be used (“{}”); nothing was changed")), s);
            break;
        case Errc::store_corrupt:
            text = fmt::format(
                fmt::runtime(_("the store holds something Scellé did not write (“{}”); run "
                               "“scelle-cli check”")),
                s);
            break;
        case Errc::store_too_new:
            text =
                fmt::format(fmt::runtime(_("“{}” was written by a newer version of Scellé; update "
                                           "Scellé to open it")),
                            s);
            break;
        case Errc::bad_settings:
            text = fmt::format(
                fmt::runtime(_("the setting “{}” cannot be used; nothing was changed")), s);
            break;
        case Errc::capture_unavailable:
            text = fmt::format(
                fmt::runtime(_("the screen cannot be captured ({}); nothing was recorded — take a "
                               "screenshot with your system's tool and import it instead")),
                s);
            break;
        case Errc::capture_cancelled:
            text = _("the capture was cancelled; nothing was recorded");
            break;
        case Errc::internal:
            text = fmt::format(fmt::runtime(_("internal error ({})")), s);
            break;
    }
    // The system's own words (in English) add nothing where the sentence already says it all.
    const bool detail_is_redundant =
        e.code == Errc::input_missing || e.code == Errc::input_is_directory ||
        e.code == Errc::input_empty || e.code == Errc::store_full ||
        e.code == Errc::target_exists || e.code == Errc::unknown_case ||
        e.code == Errc::unknown_item || e.code == Errc::input_name_too_long;
    if (!detail.empty() && !detail_is_redundant)
        text += fmt::format(" ({}).", detail);
    else
        text += ".";
    return text;
}

std::string describe_finding(const Finding& f, Lang l) {
    const jobs::ScopedLanguage speak(l);
    using K = Finding::Kind;
    // An object's name and a detail come from the store, which someone may have edited.
    const std::string object = shown(f.object);
    const std::string detail = shown(f.detail);
    switch (f.kind) {
        case K::log_not_json:
            return fmt::format(fmt::runtime(_("custody log line {} is not a JSON object")), f.line);
        case K::log_not_canonical:
            return fmt::format(
                fmt::runtime(_("custody log line {} was rewritten (not in canonical form)")),
                f.line);
        case K::log_bad_seq:
            return fmt::format(
                fmt::runtime(_("custody log line {} has the wrong sequence number (a line "
                               "was removed or moved)")),
                f.line);
        case K::log_chain_broken:
            return fmt::format(
                fmt::runtime(_("custody log line {} does not follow the line before it (a "
                               "line was changed, removed or reordered)")),
                f.line);
        case K::log_missing_fields:
            return fmt::format(fmt::runtime(_("custody log line {} lacks its action or time")),
                               f.line);
        case K::log_hash_mismatch:
            return fmt::format(
                fmt::runtime(_("custody log line {} no longer matches its recorded hash")), f.line);
        case K::item_log_mismatch:
            return fmt::format(fmt::runtime(_("item {} does not match the custody log ({})")),
                               f.item, detail);
        case K::log_item_missing:
            return fmt::format(
                fmt::runtime(_("item {}, recorded at custody log line {}, is missing from "
                               "the case")),
                f.item, f.line);
        case K::description_log_mismatch:
            return fmt::format(
                fmt::runtime(_("a description of item {} differs from custody log line {} (it was "
                               "edited in the database)")),
                f.item, f.line);
        case K::account_log_mismatch:
            return fmt::format(
                fmt::runtime(_("account {} differs from custody log line {} (it was edited in the "
                               "database)")),
                f.item, f.line);
        case K::case_log_mismatch:
            return _(
                "the case's title or details differ from custody log line 1 (they were "
                "edited in the database)");
        case K::object_missing:
            return fmt::format(fmt::runtime(_("the original of item {} is missing (objects/{})")),
                               f.item, object);
        case K::object_altered:
            return fmt::format(
                fmt::runtime(_("the original of item {} was altered: its bytes no longer "
                               "match SHA-256 {}")),
                f.item, object);
        case K::object_unreadable:
            return fmt::format(
                fmt::runtime(_("the original of item {} cannot be read (objects/{})")), f.item,
                object);
        case K::withdrawn_object_kept:
            return fmt::format(
                fmt::runtime(_("objects/{} belongs to a withdrawn item and will be removed "
                               "at the next change")),
                object);
        case K::orphan_object:
            return fmt::format(fmt::runtime(_("objects/{} is not named by any item (left by an "
                                              "interrupted import; harmless)")),
                               object);
        case K::timestamp_log_mismatch:
            return fmt::format(
                fmt::runtime(_("the timestamp recorded at custody log line {} does not match the "
                               "stored token (a token was removed, added or replaced)")),
                f.line);
        case K::timestamp_prefix_changed:
            return fmt::format(
                fmt::runtime(
                    _("the timestamp recorded at custody log line {} no longer matches the "
                      "first {} lines of the log: they were changed after they were "
                      "timestamped")),
                f.line, detail);
        case K::timestamp_token_unreadable:
            return fmt::format(
                fmt::runtime(
                    _("the token recorded at custody log line {} is not a time-stamp token")),
                f.line);
        case K::timestamp_unverified:
            return fmt::format(
                fmt::runtime(_("the token recorded at custody log line {} ({}) matches the log but "
                               "could not be verified with the trust anchors given: {}")),
                f.line, object, detail);
    }
    return {};
}

std::string describe_tsa_failure(const crypto::TsaFailure& f, Lang l) {
    const jobs::ScopedLanguage speak(l);
    using K = crypto::TsaFailureKind;
    // The URL comes from the settings or the command line, the reason from the server.
    const std::string url = shown(f.url);
    // In English the server's own reason is said; the catalogue's sentences for each kind are
    // for the other languages.
    if (l == Lang::en || jobs::language() == Lang::en)
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
    return fmt::format(fmt::runtime(_("Time-stamp authority {}: {}")), url, _(why));
}

}  // namespace scelle::cli
