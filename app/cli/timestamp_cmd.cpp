// Timestamps from the command line: `timestamp CASE`, and the request that `import` and
// `link` make at the end unless --offline. A TSA failure never fails an import: the evidence
// is stored; the warnings name each TSA and why, and say how to seal it later.
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

#include "cli.h"
#include "i18n.h"
#include "scelle/base/text.h"
#include "scelle/jobs/seal_job.h"
#include "scelle/store/settings.h"

namespace scelle::cli {

using nlohmann::json;

namespace {

std::string duration_words(std::int64_t seconds, Lang l) {
    const jobs::ScopedLanguage speak(l);
    std::int64_t s = seconds < 0 ? -seconds : seconds;
    if (s < 120)
        return fmt::format(fmt::runtime(_("{} s")), s);
    if (s < 2 * 3600)
        return fmt::format(fmt::runtime(_("{} min")), s / 60);
    if (s < 2 * 86400)
        return fmt::format(fmt::runtime(_("{} h")), s / 3600);
    return fmt::format(fmt::runtime(P_("{} day", "{} days", s / 86400)), s / 86400);
}

}  // namespace

std::optional<SealSetup> prepare_sealing(const Context& ctx, const TsaArgs& args, int& exit_code) {
    core::SettingsFlags flags;
    flags.tsa_urls = args.tsa;
    for (const auto& c : args.ca)
        flags.trust_anchors.push_back(core::utf8_to_path(c));
    auto setup = jobs::load_seal_setup(flags);
    if (!setup.ok()) {
        exit_code = report_error(ctx, setup.error());
        return std::nullopt;
    }
    return std::move(setup).value();
}

std::string describe_skew(std::int64_t skew_seconds, Lang l) {
    const jobs::ScopedLanguage speak(l);
    return fmt::format(
        fmt::runtime(
            _("Warning: this computer's clock is {1} {0} the time-stamp authority's; the times "
              "this computer recorded may be off by as much (the TSA's time is the one that "
              "counts).")),
        skew_seconds > 0 ? _("ahead of") : _("behind"), duration_words(skew_seconds, l));
}

json print_seal(const Context& ctx, const core::CaseStore& cs, const SealSetup& setup,
                const Result<jobs::SealResult>& r, bool after_change) {
    const Lang l = ctx.lang;
    if (!r.ok()) {
        // The store could not record the outcome: say so, but the change before stands.
        std::cerr << describe_error(r.error(), l) << '\n';
        return {{"status", "pending"}, {"error", describe_error(r.error(), Lang::en)}};
    }
    const core::SealOutcome& o = r->outcome;
    json j = {{"status", core::to_string(o.status())}};
    json failures = json::array();
    for (const auto& f : o.failures)
        failures.push_back(to_json(f));
    j["failures"] = failures;
    if (!o.prefix) {
        j["status"] = "granted";
        j["covers"] = nullptr;
        if (!after_change && !ctx.json)
            std::cerr << _(
                "Nothing to timestamp: everything in this case is already covered "
                "by a timestamp.\n");
        return j;
    }
    j["covers"] = o.prefix->lines;
    for (const auto& f : o.failures)
        std::cerr << "! " << describe_tsa_failure(f, l) << '\n';
    if (o.token) {
        const auto& t = *o.token;
        j["tsa"] = t.tsa_name;
        j["tsa_url"] = t.tsa_url;
        j["gen_time"] = t.gen_time;
        j["serial"] = t.serial;
        j["skew_seconds"] = t.skew_seconds;
        j["items_covered"] = o.items_covered;
        if (!ctx.json)
            std::cerr << fmt::format(
                fmt::runtime(_("Timestamp obtained from {} at {} (TSA time): it covers custody "
                               "log lines 1 to {}; {} item(s) newly sealed.\n")),
                shown(t.tsa_name), shown(t.gen_time), t.covers, o.items_covered);
        if (r->clock_skew) {
            j["clock_warning"] = describe_skew(*r->clock_skew, Lang::en);
            std::cerr << describe_skew(*r->clock_skew, l) << '\n';
        }
        return j;
    }
    j["error"] = o.attempt ? json(o.attempt->summary) : json(nullptr);
    if (r->no_tsa)
        std::cerr << fmt::format(
            fmt::runtime(_("No time-stamp authority is configured ({} is empty).\n")),
            shown(setup.settings.urls_from));
    const bool failed = o.status() == core::TimestampStatus::failed;
    if (after_change)
        std::cerr << fmt::format(
            fmt::runtime(_("The evidence is safely stored, but not yet timestamped ({}). Run "
                           "“scelle-cli timestamp {}” later to seal it.\n")),
            failed ? _("failed") : _("pending"), cs.info().id);
    else
        std::cerr << fmt::format(
            fmt::runtime(_("No timestamp obtained ({}); nothing was lost. Try again later, or "
                           "name another TSA with --tsa.\n")),
            failed ? _("failed") : _("pending"));
    return j;
}

json seal_and_report(const Context& ctx, core::CaseStore& cs, const SealSetup& setup,
                     bool after_change) {
    return print_seal(ctx, cs, setup, jobs::seal_pending(cs, setup), after_change);
}

json seal_after_change(const Context& ctx, core::CaseStore& cs,
                       const std::optional<SealSetup>& setup) {
    if (setup)
        return seal_and_report(ctx, cs, *setup, true);
    return print_offline(ctx, cs);
}

json print_offline(const Context& ctx, const core::CaseStore& cs) {
    if (!ctx.json)
        std::cerr << fmt::format(
            fmt::runtime(_("Offline: not timestamped yet. Run “scelle-cli timestamp {}” when "
                           "online.\n")),
            cs.info().id);
    return {{"status", "pending"}, {"offline", true}};
}

int cmd_timestamp(const Context& ctx, const std::string& case_ref, const TsaArgs& args) {
    int rc = kExitOk;
    auto setup = prepare_sealing(ctx, args, rc);
    if (!setup)
        return rc;
    core::Store store(ctx.store);
    auto cs = store.open_case(case_ref, core::Access::read_write);
    if (!cs.ok())
        return report_error(ctx, cs.error());
    json j = seal_and_report(ctx, **cs, *setup, /*after_change=*/false);
    if (ctx.json)
        print_json({{"case", (*cs)->info().id}, {"timestamp", j}});
    return j.value("status", "") == "granted" ? kExitOk : kExitFailed;
}

}  // namespace scelle::cli
