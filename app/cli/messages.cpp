// The sentences the command line says about errors and check findings, in French and
// English. Each names the thing concerned and the reason, in plain words.
#include <fmt/format.h>

#include <cstdlib>
#include <cstring>

#include "cli.h"
#include "i18n.h"
#include "scelle/jobs/sentences.h"

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
        case Errc::install_incomplete:
            return "install_incomplete";
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

// The command line's own words for what to do next (scelle/jobs/sentences.h), inside the same
// sentence: `{}` is the shared sentence without its full stop. nullptr when the command line
// has nothing to add.
const char* advice_format(jobs::Advice advice) {
    using A = jobs::Advice;
    switch (advice) {
        case A::none:
        case A::fix_settings:
            return nullptr;
        case A::choose_case:
            // TRANSLATORS: {} is a sentence (without its full stop); the advice follows it.
            return N_("{} (see “scelle-cli case list”).");
        case A::longer_case_id:
            // TRANSLATORS: {} is a sentence (without its full stop); the advice follows it.
            return N_("{}; give more of the id.");
        case A::add_account:
            // TRANSLATORS: {} is a sentence (without its full stop); the advice follows it.
            return N_("{}; add it first with “account add”.");
        case A::name_platform:
            // TRANSLATORS: {} is a sentence (without its full stop); the advice follows it.
            return N_("{}; write it as PLATFORM:HANDLE.");
        case A::run_check:
            // TRANSLATORS: {} is a sentence (without its full stop); the advice follows it.
            return N_("{}; run “scelle-cli check”.");
        case A::choose_store:
            // TRANSLATORS: {} is a sentence (without its full stop); the advice follows it.
            return N_("{}; name another folder with --store.");
        case A::screenshot_tool:
            // TRANSLATORS: {} is a sentence (without its full stop); the advice follows it.
            return N_("{} — take a screenshot with your system’s tool and import it instead.");
        case A::give_passphrase:
            // TRANSLATORS: {} is a sentence (without its full stop); the advice follows it.
            return N_("{}; give its passphrase with --password-file.");
        case A::trust_authority:
            // TRANSLATORS: {} is a sentence (without its full stop); the advice follows it.
            return N_("{}; if you know this authority, name its CA with --ca.");
    }
    return nullptr;
}

std::string with_advice(std::string sentence, jobs::Advice advice) {
    const char* format = advice_format(advice);
    if (format == nullptr)
        return sentence;
    if (!sentence.empty() && sentence.back() == '.')
        sentence.pop_back();
    return fmt::format(fmt::runtime(_(format)), sentence);
}

std::string describe_error(const Error& e, Lang l) {
    const jobs::ScopedLanguage speak(l);
    return with_advice(jobs::describe_error(e), jobs::advice_for(e));
}

std::string describe_finding(const Finding& f, Lang l) {
    const jobs::ScopedLanguage speak(l);
    return jobs::describe_finding(f);
}

std::string describe_tsa_failure(const crypto::TsaFailure& f, Lang l) {
    const jobs::ScopedLanguage speak(l);
    return jobs::describe_tsa_failure(f);
}

}  // namespace scelle::cli
