// `scelle-cli report CASE -o FILE.pdf [--template pharos|3018|police|platform] [--lang fr|en]`:
// the case's PDF report through core::make_report. SIGINT cancels: nothing is left at the
// target path.

#include <functional>
#include <iostream>

#include "cli.h"
#include "i18n.h"
#include "scelle/base/terminal.h"
#include "scelle/base/text.h"
#include "scelle/jobs/export_job.h"
#include "scelle/report/report.h"
#include "scelle/store/output_file.h"

namespace scelle::cli {

namespace fs = std::filesystem;
using nlohmann::json;

int cmd_report(const Context& ctx, const std::string& case_ref, const ReportArgs& args) {
    const Lang l = ctx.lang;
    if (args.destination && !jobs::known_report_destination(*args.destination))
        return refuse_usage(
            ctx,
            fmt::format(
                fmt::runtime(_("there is no report template “{}”: choose pharos, 3018, police or "
                               "platform. Nothing was written.")),
                shown(*args.destination)),
            "usage");
    if (auto t = core::check_export_target(args.out); !t.ok())
        return report_output_error(ctx, t.error(), args.out, OutputKind::report);

    core::Store store(ctx.store);
    auto opened = store.open_case(case_ref, core::Access::read_write);
    if (!opened.ok())
        return report_error(ctx, opened.error());
    core::CaseStore& cs = **opened;

    jobs::ReportInput in;
    in.out = args.out;
    in.destination = args.destination;
    in.lang = l == Lang::fr ? "fr" : "en";
    in.transcripts = args.transcripts;
    InterruptGuard guard;
    const bool tty = core::is_terminal(core::StdStream::err);
    std::function<void(double)> show;
    if (tty) {
        show = [last = -1](double f) mutable {
            const int pct = static_cast<int>(f * 100);
            if (pct == last)
                return;
            last = pct;
            std::cerr << '\r' << fmt::format(fmt::runtime(_("Writing the report: {}%")), pct)
                      << std::flush;
        };
    }
    jobs::CallbackReporter reporter(std::move(show), [] { return InterruptGuard::interrupted(); });
    auto r = jobs::make_case_report(cs, in, reporter);
    if (tty)
        std::cerr << '\n';
    if (!r.ok()) {
        const Error& e = r.error();
        if (e.code == Errc::bad_settings) {
            const std::string sentence = fmt::format(
                fmt::runtime(
                    _("the report cannot be made: “{}” is missing or damaged ({}). Reinstall "
                      "Scellé. Nothing was written.")),
                shown(e.subject), shown(e.detail));
            std::cerr << "scelle-cli: " << sentence << '\n';
            if (ctx.json)
                print_json({{"error", {{"code", errc_name(e.code)}, {"message", sentence}}}});
            return kExitFailed;
        }
        if (e.code == Errc::output_failed || e.code == Errc::target_exists)
            return report_output_error(ctx, e, args.out, OutputKind::report);
        return report_error(ctx, e);
    }
    const core::ReportOutcome& o = *r;
    if (ctx.json) {
        json doc = {{"report", core::to_valid_utf8(o.file.string())},
                    {"sha256", o.sha256},
                    {"size", o.size},
                    {"pages", o.pages},
                    {"images", o.images_shown},
                    {"images_not_shown", o.images_not_shown},
                    {"destination", o.destination},
                    {"lang", o.lang},
                    {"fingerprint", o.fingerprint},
                    {"fingerprint_lines", o.fingerprint_lines},
                    {"log_line", o.log_seq == 0 ? json(nullptr) : json(o.log_seq)}};
        print_json(doc);
    } else {
        std::cout << fmt::format(fmt::runtime(_("Report written: {} ({} pages).\n")), shown(o.file),
                                 o.pages)
                  << fmt::format(fmt::runtime(_("SHA-256 of the report: {}\n")), o.sha256)
                  << fmt::format(fmt::runtime(_("Case fingerprint (custody log lines 1–{}): {}\n")),
                                 o.fingerprint_lines, o.fingerprint);
        if (o.images_not_shown > 0)
            std::cout << fmt::format(
                fmt::runtime(_("{} image(s) could not be shown in the report (damaged or "
                               "unsupported); they are listed with their SHA-256.\n")),
                o.images_not_shown);
    }
    if (o.log_error)
        std::cerr << "scelle-cli: "
                  << fmt::format(
                         fmt::runtime(_(
                             "warning: the report is written, but the custody log could not record "
                             "it ({}).")),
                         describe_error(*o.log_error, l))
                  << '\n';
    return kExitOk;
}

}  // namespace scelle::cli
