#include "scelle/jobs/export_job.h"

#include <string_view>
#include <utility>

namespace scelle::jobs {

core::ReportMaker report_maker(core::CaseStore& cs, core::ReportOptions options, core::Env& env) {
    return [&cs, &env, o = std::move(options)](
               const std::filesystem::path& out,
               const std::string& bundle_file) -> Result<core::BundledReport> {
        core::ReportOptions ro = o;
        ro.out = out;
        ro.record = true;
        ro.bundle_file = bundle_file;
        ro.progress = nullptr;
        auto rep = core::make_report(cs, ro, env);
        if (!rep)
            return std::move(rep).error();
        if (rep->log_error)
            return *rep->log_error;
        return core::BundledReport{
            rep->sha256, rep->size, rep->destination, rep->lang, rep->fingerprint_lines,
            rep->pages};
    };
}

Result<ExportResult> export_case(core::CaseStore& cs, ExportInput in, Reporter& reporter,
                                 core::Env& env) {
    ExportResult out;
    core::ExportOptions o;
    o.out = in.out;
    o.passphrase = std::move(in.passphrase);
    if (in.seal) {
        out.no_tsa = in.seal->settings.urls.empty();
        // No TSA named: nothing to ask, the bundle is written unsealed at once.
        if (!out.no_tsa)
            o.seal = core::tsa_manifest_sealer(cs, in.seal->settings.urls, in.seal->trust,
                                               in.seal->settings.client);
    }
    o.cancelled = reporter.cancel();
    o.progress = reporter.fraction("bundle");
    if (in.include_report) {
        core::ReportOptions ro;
        ro.lang = in.report_lang;
        ro.cancelled = o.cancelled;
        o.report = report_maker(cs, ro, env);
    }
    auto written = core::export_bundle(cs, o, env);
    o.passphrase.reset();  // wiped now rather than when the options go
    if (!written.ok())
        return std::move(written).error();
    out.outcome = std::move(written).value();
    reporter.progress(1, 1, "bundle");
    return out;
}

bool known_report_destination(std::string_view name) {
    for (std::string_view k : core::kReportDestinations)
        if (k == name)
            return true;
    return false;
}

Result<core::ReportOutcome> make_case_report(core::CaseStore& cs, const ReportInput& in,
                                             Reporter& reporter, core::Env& env) {
    core::ReportOptions o;
    o.out = in.out;
    o.destination = in.destination;
    o.lang = in.lang;
    o.transcripts = in.transcripts;
    o.cancelled = reporter.cancel();
    o.progress = reporter.fraction("report");
    SCELLE_ASSIGN_OR_RETURN(auto made, core::make_report(cs, o, env));
    reporter.progress(1, 1, "report");
    return made;
}

}  // namespace scelle::jobs
