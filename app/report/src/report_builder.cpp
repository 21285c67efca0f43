// The PDF report: make_report() (see scelle/report/report.h). The sections are laid out here;
// line breaking and pagination are report_layout's, drawing is the PDF writer's.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report_layout.h"
#include "report_sections.h"
#include "report_text.h"
#include "scelle/base/time.h"
#include "scelle/base/version.h"
#include "scelle/crypto/sha256.h"
#include "scelle/report/report.h"
#include "scelle/report/report_images.h"
#include "scelle/store/bundle_format.h"
#include "scelle/store/custody_log.h"
#include "scelle/store/output_file.h"
#include "scelle/store/snapshot.h"
#include "scelle/store/sqlite.h"
#include "scelle/store/store.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace report;

namespace {

constexpr double kBody = 10;
constexpr double kSmall = 8;
constexpr double kTable = 7.6;
constexpr std::size_t kTimelineDescription = 280;  // characters shown in the timeline

// ---- Placeholder values ---------------------------------------------------------------------

std::map<std::string, std::string> placeholder_values(const Snapshot& s, const ReportTemplates& t,
                                                      const std::string& dest,
                                                      const ReportOptions& o,
                                                      const std::string& fingerprint,
                                                      std::chrono::system_clock::time_point now) {
    std::map<std::string, std::string> v;
    v["case_reference"] = s.info.id;
    v["case_title"] = s.info.title;
    v["report_date"] = local_time(format_utc_rfc3339(now), local_utc_offset(now), t.lang);
    const auto d = t.labels.find("dest_" + dest);
    v["destination"] = d != t.labels.end() ? d->second : dest;
    std::set<std::string> platforms;
    for (const Account& a : s.accounts)
        platforms.insert(a.platform);
    std::string p;
    for (const std::string& name : platforms)
        p += (p.empty() ? "" : ", ") + name;
    v["platforms"] = p;
    int items = 0, sealed = 0;
    for (const Item& it : s.items) {
        if (it.withdrawn_at)
            continue;
        ++items;
        sealed += it.timestamp.status == TimestampStatus::granted ? 1 : 0;
    }
    v["item_count"] = std::to_string(items);
    v["sealed_count"] = std::to_string(sealed);
    v["pending_count"] = std::to_string(items - sealed);
    v["fingerprint"] = fingerprint;
    v["fingerprint_lines"] = std::to_string(s.log_lines.size());
    v["bundle_folder"] = bundle::folder_name(s.info.id);
    v["bundle_file"] = o.bundle_file.value_or(bundle::folder_name(s.info.id) + ".zip");
    // A report made alone names the bundle `export` would write, and says how to make it.
    const auto how = t.labels.find("bundle_how_alone");
    v["bundle_how"] =
        o.bundle_file || how == t.labels.end() ? std::string() : fill_placeholders(how->second, v);
    // Filled by the layout, which reads the items (report_sections.cpp).
    for (const char* later : {"first_happened", "last_happened", "facts_period", "utc_offset"})
        v[later] = "";
    return v;
}

// Footer: the case reference on the left, "Page X / Y" on the right, a rule above.
FooterPainter make_footer(const std::string& left, const std::string& page_label,
                          const std::map<std::string, std::string>& values) {
    return [left, page_label, values](pdf::Writer& w, const Page& page, int no, int total) {
        const Margins m;
        const double y = 30;
        w.line(m.left, y + 11, page.size.w - m.right, y + 11, 0.4, kRule);
        w.text(m.left, y, Font::sans, 7.5, left, kMuted);
        std::map<std::string, std::string> v = values;
        v["page"] = std::to_string(no);
        v["pages"] = std::to_string(total);
        const std::string right = fill_placeholders(page_label, v);
        w.text(page.size.w - m.right - w.text_width(Font::sans, 7.5, right), y, Font::sans, 7.5,
               right, kMuted);
    };
}

Result<void> sync_and_publish(const fs::path& tmp, const fs::path& out, Env& env) {
    // Readable by its owner only, as the bundle is: it names the child, the accounts and what
    // they sent. Printing and copying it are the owner's choice.
    (void)env.restrict_to_owner(tmp);
    if (auto synced = env.sync_file(tmp); !synced.ok()) {
        const int err = synced.error().sys_errno != 0 ? synced.error().sys_errno : EIO;
        return Error{Errc::output_failed, out.string(), std::strerror(err), err};
    }
    SCELLE_TRY(rename_no_replace(tmp, out, env));
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    (void)env.sync_dir(parent);
    return {};
}

struct TempFile {
    fs::path path;
    Env& env;
    bool keep = false;
    ~TempFile() {
        if (!keep && !path.empty())
            (void)env.remove(path);
    }
};

}  // namespace

Result<ReportOutcome> make_report(CaseStore& cs, const ReportOptions& o, Env& env) {
    if (std::find(std::begin(kReportLanguages), std::end(kReportLanguages), o.lang) ==
        std::end(kReportLanguages))
        return make_error(Errc::usage, o.lang, "unknown report language");
    std::string dest = o.destination.value_or(cs.info().destination.value_or("police"));
    if (std::find(std::begin(kReportDestinations), std::end(kReportDestinations), dest) ==
        std::end(kReportDestinations))
        return make_error(Errc::usage, dest, "unknown report destination");
    SCELLE_TRY(check_export_target(o.out, env));
    DataPaths data;
    if (o.data) {
        data = *o.data;
    } else {
        SCELLE_ASSIGN_OR_RETURN(data, find_data_paths());
    }
    SCELLE_ASSIGN_OR_RETURN(ReportTemplates templates,
                            load_report_templates(data.templates, o.lang, env));
    SCELLE_ASSIGN_OR_RETURN(Snapshot snap, read_snapshot(cs));

    const auto now = env.now();
    const std::string fingerprint = crypto::to_hex(custody::log_digest(snap.log_lines));
    std::map<std::string, std::string> values =
        placeholder_values(snap, templates, dest, o, fingerprint, now);

    TempFile tmp{temp_path_beside(o.out, ".pdf", env), env};
    pdf::DocInfo info;
    info.title = templates.labels["report_title"] + " — " + snap.info.title;
    info.subject = values["destination"];
    info.keywords = snap.info.id + ", SHA-256 " + fingerprint;
    info.creator = std::string("Scellé ") + kVersion;
    info.created_unix =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    info.lang = o.lang == "fr" ? "fr-FR" : "en-GB";
    SCELLE_ASSIGN_OR_RETURN(auto writer,
                            pdf::open_writer(tmp.path,
                                             {data.font_sans, data.font_sans_bold, data.font_mono,
                                              data.font_sans_italic, data.font_fallbacks},
                                             info, env));
    Metrics metrics(*writer);
    LaidOutReport laid = lay_out_report(cs, snap, templates, metrics, dest, values, o.transcripts);
    const std::vector<Page>& pages = laid.pages;
    const std::vector<ImageRef>& images = laid.images;
    int failed = 0;
    auto load = [&](std::size_t index) -> Result<pdf::ImageId> {
        auto img = load_report_image(images[index].file, images[index].media_type);
        if (!img.ok()) {
            ++failed;
            return std::move(img).error();
        }
        return writer->add_image(std::move(*img));
    };
    const int total = static_cast<int>(pages.size());
    int done = 0;
    auto cancelled = [&] {
        if (o.progress && total > 0)
            o.progress(static_cast<double>(done++) / total);
        return o.cancelled && o.cancelled();
    };
    SCELLE_TRY(render(*writer, pages, load,
                      make_footer(fill_placeholders(templates.labels["footer"], values),
                                  templates.labels["footer_page"], values),
                      templates.labels["image_failed"], cancelled));
    SCELLE_TRY(writer->finish());
    writer.reset();
    if (o.progress)
        o.progress(1.0);

    ReportOutcome out;
    SCELLE_ASSIGN_OR_RETURN(const crypto::Digest digest, crypto::sha256_file(tmp.path, env));
    out.sha256 = crypto::to_hex(digest);
    std::error_code ec;
    out.size = fs::file_size(tmp.path, ec);
    if (o.cancelled && o.cancelled())
        return Error{Errc::output_failed, o.out.string(), "cancelled", ECANCELED};
    SCELLE_TRY(sync_and_publish(tmp.path, o.out, env));
    tmp.keep = true;
    out.file = o.out;
    out.pages = total;
    out.images_not_shown = laid.images_not_shown + failed;
    out.images_shown = static_cast<int>(images.size()) - failed;
    out.destination = dest;
    out.lang = o.lang;
    out.fingerprint_lines = static_cast<std::int64_t>(snap.log_lines.size());
    out.fingerprint = fingerprint;
    if (o.record) {
        json fields{{"sha256", out.sha256},        {"size", out.size},
                    {"destination", dest},         {"lang", o.lang},
                    {"pages", out.pages},          {"covers", out.fingerprint_lines},
                    {"covers_sha256", fingerprint}};
        auto seq = cs.record_report(fields);
        if (seq.ok())
            out.log_seq = *seq;
        else
            out.log_error = std::move(seq).error();
    }
    return out;
}

}  // namespace scelle::core
