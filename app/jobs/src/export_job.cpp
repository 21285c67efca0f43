#include "scelle/jobs/export_job.h"

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

}  // namespace scelle::jobs
