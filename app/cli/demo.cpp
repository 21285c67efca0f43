// `scelle-cli demo`: makes a sample case from images it generates, in a store of its own, and
// says step by step what it did — the quickest way to see what Scellé records.
#include <fmt/format.h>

#include <cerrno>
#include <iostream>
#include <system_error>

#include "cli.h"
#include "i18n.h"
#include "scelle/base/env.h"
#include "scelle/base/png_writer.h"
#include "scelle/bundle/bundle_verify.h"
#include "scelle/bundle/bundle_writer.h"
#include "scelle/crypto/random.h"
#include "scelle/jobs/export_job.h"
#include "scelle/report/report.h"
#include "scelle/store/sealing.h"

namespace scelle::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Rgb {
    std::uint8_t r, g, b;
};

// A picture shaped like a chat window (title bar, message bubbles left and right), so the
// sample looks like what a family would capture. It holds no text: there is no font here.
std::vector<std::uint8_t> chat_picture(std::uint32_t w, std::uint32_t h, unsigned variant) {
    std::vector<std::uint8_t> px(static_cast<std::size_t>(w) * h * 3);
    auto fill = [&](std::uint32_t x0, std::uint32_t y0, std::uint32_t x1, std::uint32_t y1, Rgb c) {
        for (std::uint32_t y = y0; y < std::min(y1, h); ++y)
            for (std::uint32_t x = x0; x < std::min(x1, w); ++x) {
                std::size_t i = (static_cast<std::size_t>(y) * w + x) * 3;
                px[i] = c.r;
                px[i + 1] = c.g;
                px[i + 2] = c.b;
            }
    };
    fill(0, 0, w, h, {236, 239, 244});
    fill(0, 0, w, 64, {40, 52, 88});
    fill(16, 16, 48, 48, {250, 180, 60});
    std::uint32_t y = 96;
    for (unsigned k = 0; y + 60 < h; ++k) {
        bool mine = (k + variant) % 3 == 2;
        std::uint32_t bw = 240 + ((k * 97 + variant * 31) % 5) * 60;
        std::uint32_t bh = 44 + ((k + variant) % 2) * 28;
        std::uint32_t x0 = mine ? w - 32 - bw : 32;
        fill(x0, y, x0 + bw, y + bh, mine ? Rgb{198, 239, 206} : Rgb{255, 255, 255});
        for (std::uint32_t line = y + 14; line + 8 < y + bh; line += 22)
            fill(x0 + 16, line, x0 + bw - 40, line + 8, {150, 156, 170});
        y += bh + 24;
    }
    return px;
}

// A sample file, new in the demo's own folder. Not synced: the samples are the demo's input,
// made again by running it again.
Result<void> write_file(const fs::path& p, std::span<const std::byte> data) {
    const auto failed = [&](const Error& e) {
        const int err = e.sys_errno != 0 ? e.sys_errno : EIO;
        return Error{Errc::output_failed, p.string(), e.detail, err};
    };
    auto f = core::Env::system().create_new(p);
    if (!f.ok())
        return failed(f.error());
    Result<void> r = (*f)->append(data);
    if (Result<void> closed = (*f)->close(); r.ok())
        r = std::move(closed);
    if (!r.ok()) {
        (void)core::Env::system().remove(p);
        return failed(r.error());
    }
    return {};
}

Result<std::vector<fs::path>> make_samples(const fs::path& dir) {
    std::vector<fs::path> out;
    for (unsigned v = 0; v < 2; ++v) {
        auto png = core::encode_png_rgb8(1280, 720, chat_picture(1280, 720, v));
        if (!png.ok())
            return std::move(png).error();
        fs::path p = dir / fmt::format("capture-telephone-{}.png", v + 1);
        SCELLE_TRY(write_file(p, *png));
        out.push_back(p);
    }
    const std::string transcript =
        "[21:42] xX_ami_Xx : t'es trop forte à ce jeu, t'as quel âge ?\n"
        "[21:43] xX_ami_Xx : on peut parler ailleurs, en privé ? donne-moi ton snap\n"
        "[21:45] xX_ami_Xx : dis rien à tes parents, c'est notre secret\n";
    fs::path t = dir / "conversation-copiée.txt";
    SCELLE_TRY(write_file(t, std::as_bytes(std::span(transcript.data(), transcript.size()))));
    out.push_back(t);
    return out;
}

}  // namespace

int cmd_demo(const Context& ctx, const std::optional<fs::path>& out_dir) {
    const Lang l = ctx.lang;
    fs::path dir;
    std::error_code ec;
    if (out_dir) {
        dir = *out_dir;
        if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
            return report_error(ctx, make_error(Errc::target_exists, dir.string()));
        fs::create_directories(dir, ec);
        if (ec)
            return report_error(ctx, error_from_errno(ec.value(), dir.string(), false));
    } else {
        // A new folder of a random name, made owner-only and never one that exists (mkdtemp's
        // contract, through Env).
        const fs::path tmp = fs::temp_directory_path(ec);
        Result<void> made = make_error(Errc::store_io, tmp.string(), "no temporary folder");
        for (int attempt = 0; attempt < 8 && !made.ok(); ++attempt) {
            dir = tmp / ("scelle-demo-" + crypto::random_hex(6));
            made = core::Env::system().make_new_dir(dir);
            if (!made.ok() && made.error().sys_errno != EEXIST)
                break;
        }
        if (!made.ok())
            return report_error(ctx, made.error());
    }
    const fs::path samples = dir / "samples";
    const fs::path store_dir = dir / "store";
    fs::create_directories(samples, ec);
    auto say = [&](const std::string& s) { (ctx.json ? std::cerr : std::cout) << s << '\n'; };

    auto files = make_samples(samples);
    if (!files.ok())
        return report_error(ctx, files.error());
    say(fmt::format(fmt::runtime(_("1. Made 3 sample files in {}")), shown(samples)));

    core::Store store(store_dir);
    auto id = store.create_case({_("Demo — messages from a stranger in an online game"),
                                 "3018",
                                 {"grooming", "harassment"},
                                 _("An adult contacted a 12-year-old in a game chat and "
                                   "asked to talk in private.")});
    if (!id.ok())
        return report_error(ctx, id.error());
    say(fmt::format(fmt::runtime(_("2. Created case {} in the store {}")), *id, shown(store_dir)));

    auto cs = store.open_case(*id, core::Access::read_write);
    if (!cs.ok())
        return report_error(ctx, cs.error());
    auto acc = (*cs)->add_account(
        {"Jeu en ligne", "xX_ami_Xx", "https://example.org/joueurs/xX_ami_Xx", "Ami"});
    if (!acc.ok())
        return report_error(ctx, acc.error());
    say(_("3. Recorded the offender's account xX_ami_Xx"));

    core::ImportRequest req;
    req.files = *files;
    req.account = "xX_ami_Xx";
    req.description = _("Screenshots sent from the child's phone");
    auto imported = (*cs)->import_files(req);
    if (!imported.ok())
        return report_error(ctx, imported.error());
    for (const auto& o : *imported)
        say(fmt::format(fmt::runtime(_("4. Imported {} unchanged as item {} — SHA-256 {}")),
                        shown(o.path.filename()), o.seq, o.sha256));

    auto link = (*cs)->add_link("https://example.org/joueurs/xX_ami_Xx/message-42",
                                std::string(_("Message with an image: link recorded, image "
                                              "not captured")),
                                std::string("xX_ami_Xx"));
    if (!link.ok())
        return report_error(ctx, link.error());
    say(fmt::format(
        fmt::runtime(_("5. Recorded a link as item {} (nothing downloaded: the right way for "
                       "images that must not be kept)")),
        link->seq));

    // One request seals everything above, with the TSAs of the settings. Offline is normal.
    std::string ts_status = "pending";
    int settings_rc = kExitOk;
    auto setup = prepare_sealing(ctx, TsaArgs{}, settings_rc);  // says itself what is wrong
    std::optional<core::SealOutcome> sealed;
    if (setup) {
        auto r =
            core::seal_pending(**cs, setup->settings.urls, setup->trust, setup->settings.client);
        if (r.ok())
            sealed = std::move(r).value();
    }
    if (sealed && sealed->token) {
        ts_status = "granted";
        say(fmt::format(
            fmt::runtime(
                _("6. Timestamp obtained from {} at {} (the authority's time): it seals all of "
                  "the above; only a SHA-256 digest was sent")),
            shown(sealed->token->tsa_name), shown(sealed->token->gen_time)));
    } else {
        if (sealed)
            ts_status = core::to_string(sealed->status());
        say(
            _("6. No timestamp: no time-stamp authority could be reached (offline?). Everything "
              "is kept; “scelle-cli timestamp” will seal it later"));
    }

    auto report = (*cs)->check();
    if (!report.ok())
        return report_error(ctx, report.error());
    auto lines = (*cs)->log_lines();
    say(fmt::format(
        fmt::runtime(_("7. Checked the case: {} — {} custody log lines chained, {} originals "
                       "re-hashed")),
        report->intact() ? _("intact") : _("NOT INTACT"), report->log_lines,
        report->objects_hashed));
    // 8. The bundle to hand over, checked as an investigator would.
    const fs::path bundle_path = dir / ("scelle-" + *id + ".zip");
    core::ExportOptions eo;
    eo.out = bundle_path;
    if (setup)
        eo.seal = core::tsa_manifest_sealer(**cs, setup->settings.urls, setup->trust,
                                            setup->settings.client);
    core::ReportOptions in_bundle;
    in_bundle.lang = l == Lang::fr ? "fr" : "en";
    eo.report = jobs::report_maker(**cs, in_bundle);
    auto exported = core::export_bundle(**cs, eo);
    if (!exported.ok())
        return report_error(ctx, exported.error());
    core::VerifyOptions vo;
    vo.trust = setup ? &setup->trust : nullptr;
    const core::BundleReport checked = core::verify_bundle(bundle_path, vo);
    say(fmt::format(
        fmt::runtime(_("8. Wrote the bundle {} ({} evidence files) and verified it: {}")),
        shown(bundle_path), exported->evidence_files,
        checked.verdict == core::BundleVerdict::intact_and_sealed ? _("intact and sealed")
        : checked.intact() ? _("intact, not sealed (no time-stamp authority reached)")
                           : _("NOT intact")));
    // 9. The printable report, in the language of the messages.
    const fs::path report_path =
        dir / ("scelle-" + *id + (l == Lang::fr ? "-rapport.pdf" : "-report.pdf"));
    core::ReportOptions ro;
    ro.out = report_path;
    ro.lang = l == Lang::fr ? "fr" : "en";
    ro.bundle_file = bundle_path.filename().string();
    auto made = core::make_report(**cs, ro);
    if (!made.ok())
        return report_error(ctx, made.error());
    say(fmt::format(fmt::runtime(_("9. Wrote the report {} ({} pages), ready to print")),
                    shown(report_path), made->pages));
    say("");
    say(_("See it yourself:"));
    say(fmt::format("  scelle-cli --store {} case show {}", shown(store_dir), *id));
    say(fmt::format("  scelle-cli --store {} log {}", shown(store_dir), *id));
    say(fmt::format("  scelle-cli --store {} check {}", shown(store_dir), *id));
    say(fmt::format("  scelle-cli verify {}", shown(bundle_path)));
    say(fmt::format("  unzip -d /tmp/bundle {}  # {}", shown(bundle_path),
                    _("then read VERIFY-en.txt")));
    if (ts_status != "granted")
        say(fmt::format("  scelle-cli --store {} timestamp {}", shown(store_dir), *id));
    if (ctx.json)
        print_json({{"dir", dir.string()},
                    {"store", store_dir.string()},
                    {"case", *id},
                    {"items", imported->size() + 1},
                    {"log_lines", lines.ok() ? lines->size() : 0},
                    {"intact", report->intact()},
                    {"timestamp", ts_status},
                    {"bundle", bundle_path.string()},
                    {"bundle_verdict", core::to_string(checked.verdict)},
                    {"report", report_path.string()},
                    {"report_pages", made->pages}});
    return report->intact() && checked.intact() ? kExitOk : kExitFailed;
}

}  // namespace scelle::cli
