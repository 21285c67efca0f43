// `scelle-cli export CASE -o FILE.zip`: writes the case's evidence bundle (docs/bundle-format.md)
// through core::export_bundle, with the manifest timestamped by the configured TSAs unless
// --offline. An export that cannot reach a TSA still succeeds (exit 0), marked unsealed.
// SIGINT (Ctrl+C) or SIGTERM cancels a running export: nothing is left at the target path.
#include <fmt/format.h>

#include <functional>
#include <iostream>

#include "cli.h"
#include "i18n.h"
#include "scelle/base/env.h"
#include "scelle/base/read_file.h"
#include "scelle/base/secret.h"
#include "scelle/base/terminal.h"
#include "scelle/base/text.h"
#include "scelle/bundle/bundle_writer.h"
#include "scelle/jobs/export_job.h"
#include "scelle/store/output_file.h"

namespace scelle::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Above this much evidence, progress is shown even when stderr is not a terminal.
constexpr std::uint64_t kLargeExport = 256ull << 20;

// The first line of `path`, without its line ending; nullopt after printing why not.
std::optional<SecretString> read_password_file(const Context& ctx, const fs::path& path, int& rc) {
    auto line = read_passphrase_line(path);
    if (!line.ok() && line.error().code == Errc::input_missing) {
        rc = refuse_usage(
            ctx,
            fmt::format(
                fmt::runtime(_("the password file “{}” does not exist; nothing was written.")),
                shown(path)),
            "input_missing");
        return std::nullopt;
    }
    if (!line.ok() && line.error().code != Errc::input_empty) {
        rc = refuse_usage(
            ctx,
            fmt::format(
                fmt::runtime(_("the password file “{}” cannot be read; nothing was written.")),
                shown(path)),
            "input_unreadable");
        return std::nullopt;
    }
    if (!line.ok() || line->empty()) {
        rc = refuse_usage(
            ctx,
            fmt::format(
                fmt::runtime(_("the first line of the password file “{}” is empty; write the "
                               "passphrase on it. Nothing was written.")),
                shown(path)),
            "input_empty");
        return std::nullopt;
    }
    return std::move(line).value();
}

// Reads one line from the terminal without echo.
SecretString read_hidden(const std::string& prompt) {
    std::cerr << prompt << std::flush;
    const bool hidden = core::set_input_echo(false);
    std::string line;
    std::getline(std::cin, line);
    if (hidden)
        core::set_input_echo(true);
    std::cerr << '\n';
    return SecretString(std::move(line));
}

std::optional<SecretString> ask_passphrase(const Context& ctx, int& rc) {
    SecretString first = read_hidden(_("Passphrase: "));
    SecretString again = read_hidden(_("Same passphrase again: "));
    if (first.empty()) {
        rc = refuse_usage(ctx, _("the passphrase is empty; nothing was written."));
        return std::nullopt;
    }
    if (first != again) {
        rc = refuse_usage(ctx, _("the two passphrases differ; nothing was written."));
        return std::nullopt;
    }
    return first;
}

// One sentence for an export that failed, and its exit code.
// Bytes of evidence the export will read: decides whether progress is worth showing.
std::uint64_t evidence_bytes(core::CaseStore& cs) {
    auto items = cs.items();
    std::uint64_t total = 0;
    if (items.ok())
        for (const auto& it : *items)
            if (it.kind != "link" && !it.withdrawn_at && it.size)
                total += static_cast<std::uint64_t>(*it.size);
    return total;
}

}  // namespace

Result<SecretString> read_passphrase_line(const fs::path& path) {
    // A passphrase file holds one line; the cap keeps a wrong path (a disk image) out of memory.
    auto content = core::read_file(core::Env::system(), path, 1u << 20);
    if (!content.ok())
        return std::move(content).error();
    SecretString all(std::move(*content));  // wipes the bytes read, whatever happens below
    if (all.empty())
        return make_error(Errc::input_empty, path.string());
    std::string_view line = all.view().substr(0, all.view().find('\n'));
    // A file saved on Windows ends its lines with CR LF: the CR is not part of the passphrase.
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    return SecretString(line);
}

int report_output_error(const Context& ctx, const Error& e, const fs::path& out, OutputKind kind) {
    if (e.code != Errc::target_exists && e.code != Errc::output_failed)
        return report_error(ctx, e);
    const int rc = jobs::output_error_is_usage(e, out) ? kExitUsage : kExitFailed;
    const auto sentence = [&](Lang lang) {
        const jobs::ScopedLanguage speak(lang);
        return jobs::describe_output_error(e, out, kind);
    };
    std::cerr << "scelle-cli: " << sentence(ctx.lang) << '\n';
    // The JSON document is never translated: its message is the English sentence.
    if (ctx.json)
        print_json({{"error",
                     {{"code", errc_name(e.code)},
                      {"subject", e.subject},
                      {"detail", e.detail},
                      {"message", sentence(Lang::en)}}}});
    return rc;
}

int cmd_export(const Context& ctx, const std::string& case_ref, const ExportArgs& args) {
    const Lang l = ctx.lang;
    int rc = kExitOk;
    if (args.password_file && !args.encrypt)
        return refuse_usage(ctx,
                            _("--password-file is only used with --encrypt; nothing was written."));
    // Everything that can be refused is refused before anything is written or asked.
    if (auto t = core::check_export_target(args.out); !t.ok())
        return report_output_error(ctx, t.error(), args.out, OutputKind::bundle);
    std::optional<SecretString> passphrase;
    if (args.encrypt) {
        if (args.password_file)
            passphrase = read_password_file(ctx, *args.password_file, rc);
        else if (core::is_terminal(core::StdStream::in))
            passphrase = ask_passphrase(ctx, rc);
        else
            return refuse_usage(
                ctx, _("--encrypt needs a passphrase: give --password-file FILE "
                       "(its first line), or run the command in a terminal to type it."));
        if (!passphrase)
            return rc;
    }
    std::optional<SealSetup> setup;
    if (!args.tsa.offline && !(setup = prepare_sealing(ctx, args.tsa, rc)))
        return rc;
    core::Store store(ctx.store);
    auto opened = store.open_case(case_ref, core::Access::read_write);
    if (!opened.ok())
        return report_error(ctx, opened.error());
    core::CaseStore& cs = **opened;

    if (args.encrypt)
        std::cerr << _(
            "The bundle will be encrypted (AES-256) with your passphrase. Keep it "
            "safe: a lost passphrase is a lost bundle, nobody can open it without "
            "it. Plain unzip cannot open an encrypted bundle; 7-Zip can (7z x "
            "FILE.zip).\n");

    jobs::ExportInput in;
    in.out = args.out;
    in.passphrase = std::move(passphrase);
    in.include_report = !args.no_report;
    in.report_lang = l == Lang::fr ? "fr" : "en";
    in.seal = setup ? &*setup : nullptr;
    InterruptGuard guard;
    const bool tty = core::is_terminal(core::StdStream::err);
    std::function<void(double)> show;
    if (tty || evidence_bytes(cs) >= kLargeExport) {
        show = [tty, last = -1](double f) mutable {
            const int pct = static_cast<int>(f * 100);
            // On a terminal the line is redrawn; in a log, one line every 10 %.
            if (tty ? pct == last : pct / 10 == last / 10)
                return;
            last = pct;
            std::cerr << (tty ? "\r" : "")
                      << fmt::format(fmt::runtime(_("Writing the bundle: {}%")), pct)
                      << (tty ? "" : "\n") << std::flush;
        };
    }
    const bool shows_progress = static_cast<bool>(show);
    jobs::CallbackReporter reporter(std::move(show), [] { return InterruptGuard::interrupted(); });
    auto r = jobs::export_case(cs, std::move(in), reporter);
    if (shows_progress && tty)
        std::cerr << '\n';
    if (!r.ok())
        return report_output_error(ctx, r.error(), args.out, OutputKind::bundle);
    const core::ExportOutcome& o = r->outcome;

    json failures = json::array();
    for (const auto& f : o.failures)
        failures.push_back(to_json(f));
    if (ctx.json) {
        json doc = {{"bundle", core::to_valid_utf8(o.bundle.string())},
                    {"sha256", o.sha256},
                    {"size", o.size},
                    {"files", o.evidence_files},
                    {"sealed", o.sealed},
                    {"encrypted", o.encrypted},
                    {"manifest_sha256", o.manifest_sha256},
                    {"manifest_token", nullptr},
                    {"failures", failures},
                    {"log_line", o.log_seq != 0 ? json(o.log_seq) : json(nullptr)}};
        if (o.manifest_token)
            doc["manifest_token"] = {{"tsa", o.manifest_token->tsa},
                                     {"tsa_url", o.manifest_token->tsa_url},
                                     {"gen_time", o.manifest_token->gen_time}};
        doc["report"] = nullptr;
        if (o.report)
            doc["report"] = {{"sha256", o.report->sha256},
                             {"pages", o.report->pages},
                             {"destination", o.report->destination},
                             {"lang", o.report->lang}};
        if (o.log_error)
            doc["log_error"] = describe_error(*o.log_error, Lang::en);
        print_json(doc);
    } else {
        std::cout << shown(o.bundle) << '\n';
        std::cerr << fmt::format(
            fmt::runtime(_("Bundle written and checked: “{}” ({} evidence file(s), {} bytes).\n"
                           "SHA-256 of the bundle: {}\n")),
            shown(o.bundle), o.evidence_files, o.size, o.sha256);
        if (o.report)
            std::cerr << fmt::format(
                fmt::runtime(_("It holds the report data/report.pdf ({} pages, for {}).\n")),
                o.report->pages, shown(o.report->destination));
        if (o.sealed) {
            std::cerr << fmt::format(
                fmt::runtime(_("Sealed: time-stamped by {} at {} (the authority’s time).\n")),
                shown(o.manifest_token->tsa), shown(o.manifest_token->gen_time));
        } else {
            for (const auto& f : o.failures)
                std::cerr << "! " << describe_tsa_failure(f, l) << '\n';
            if (r->no_tsa)
                std::cerr << fmt::format(
                    fmt::runtime(_("No time-stamp authority is configured ({} is empty).\n")),
                    shown(setup->settings.urls_from));
            std::cerr << _(
                "NOT sealed: the bundle is complete and can be checked, but no "
                "time-stamp authority dated its export (offline, or none "
                "answered). Export again when online to get a sealed bundle.\n");
        }
        if (o.encrypted)
            std::cerr << _(
                "Encrypted with AES-256: open it with 7-Zip (7z x), not with unzip "
                "(the zip's comment says so to whoever receives it). Send the "
                "passphrase by another channel (phone call, text message, in "
                "person), never with the bundle or in the same message.\n");
        std::cerr << _(
            "How to check it without Scellé: VERIFY-fr.txt and VERIFY-en.txt, "
            "inside the bundle.\n");
    }
    if (o.log_error) {
        std::cerr << "scelle-cli: "
                  << fmt::format(
                         fmt::runtime(
                             _("the bundle was written and checked, but the export could not be "
                               "recorded in the custody log: {}\n")),
                         describe_error(*o.log_error, l));
        return kExitFailed;
    }
    return kExitOk;
}

}  // namespace scelle::cli
