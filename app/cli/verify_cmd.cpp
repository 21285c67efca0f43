// `verify BUNDLE.zip`: checks an evidence bundle (core::verify_bundle) and says, in plain
// words, whether it is intact and sealed, then every problem by path, then what was checked.
// Exit codes: 0 intact and sealed by a trusted TSA, 3 intact but not (trusted-)sealed, 1
// altered, incomplete or unsafe, 2 unreadable or a usage error.
#include <iostream>
#include <set>

#include "cli.h"
#include "i18n.h"
#include "scelle/base/text.h"
#include "scelle/bundle/bundle_verify.h"

namespace scelle::cli {

using core::BundleProblem;
using core::BundleReport;
using core::BundleVerdict;
using nlohmann::json;

namespace {

// One sentence per problem kind (scelle/jobs/sentences.h). The English detail (line numbers,
// hashes) follows in English.
std::string problem_message(const BundleProblem& p, Lang l) {
    const jobs::ScopedLanguage speak(l);
    return jobs::describe_problem(p);
}

// The authority's own time, as the token says it (UTC).
std::string token_time(const std::string& gen_time) {
    return shown(gen_time);
}

// "Intact and sealed — nothing in it was changed since…" (scelle/jobs/sentences.h), with the
// command line's advice.
std::string verdict_line(const BundleReport& r, Lang l) {
    const jobs::ScopedLanguage speak(l);
    const jobs::VerdictWords w = jobs::describe_verdict(r, token_time);
    return with_advice(w.headline + " — " + w.explanation, w.advice);
}

json report_json(const VerifyArgs& a, const BundleReport& r) {
    json problems = json::array();
    for (const auto& p : r.problems)
        problems.push_back({{"kind", p.kind},
                            {"path", p.path},
                            {"detail", p.detail},
                            {"message", problem_message(p, Lang::en)}});
    json tokens = json::array();
    for (const auto& t : r.tokens)
        tokens.push_back({{"path", t.path},
                          {"covers", t.covers ? json(*t.covers) : json(nullptr)},
                          {"covers_what", t.covers ? "custody_log_prefix" : "manifest"},
                          {"gen_time", t.gen_time},
                          {"tsa", t.tsa},
                          {"serial", t.serial},
                          {"intact", t.intact},
                          {"trusted", t.trusted},
                          {"detail", t.detail}});
    json notes = json::array();
    for (const auto& n : r.notes)
        notes.push_back({{"kind", n.kind},
                         {"path", n.path},
                         {"detail", n.detail},
                         {"message", problem_message(n, Lang::en)}});
    auto seal_json = [](const std::optional<core::SealTime>& s) {
        return s ? json{{"token", s->token},
                        {"gen_time", s->gen_time},
                        {"tsa", s->tsa},
                        {"trusted", s->trusted}}
                 : json(nullptr);
    };
    json seals = json::array();
    for (const auto& s : r.item_seals)
        seals.push_back({{"seq", s.seq},
                         {"kind", s.kind},
                         {"recorded_at", s.recorded_at},
                         {"first_seal", seal_json(s.first)},
                         {"last_seal", seal_json(s.last)}});
    json checks = json::array();
    for (const auto& c : r.checks)
        checks.push_back({{"name", c.name},
                          {"outcome", c.outcome == crypto::CheckOutcome::passed   ? "passed"
                                      : c.outcome == crypto::CheckOutcome::failed ? "failed"
                                                                                  : "not_run"}});
    return {{"bundle", a.bundle.string()},
            {"verdict", core::to_string(r.verdict)},
            {"intact", r.intact()},
            {"sealed", r.sealed()},
            {"case", r.case_id.empty() ? json(nullptr) : json(r.case_id)},
            {"encrypted", r.encrypted},
            {"problems", problems},
            {"problems_omitted", r.problems_omitted},
            {"tokens", tokens},
            {"notes", notes},
            {"item_seals", seals},
            {"checks", checks},
            {"counts",
             {{"entries", r.entries},
              {"payload_files", r.payload_files},
              {"payload_bytes", r.payload_bytes},
              {"items", r.items},
              {"evidence_files", r.evidence_files},
              {"log_lines", r.log_lines}}}};
}

// What each check of the report looked at, in words (scelle/jobs/sentences.h).
std::string check_label(const std::string& name, Lang l) {
    const jobs::ScopedLanguage speak(l);
    return jobs::describe_check(name);
}

// When each item was sealed, so that a bundle re-sealed long after the facts says so: the
// first seal (the earliest token covering the item) and the last (the manifest's, usually).
// "2026-12-05T08:25:14.864Z" as "2026-12-05 08:25:14 UTC": the seconds, readable.
std::string utc_text(const std::string& t) {
    if (t.size() < 19 || t[10] != 'T')
        return t;
    return t.substr(0, 10) + " " + t.substr(11, 8) + " UTC";
}

std::string kind_text(const std::string& kind, Lang l) {
    const jobs::ScopedLanguage speak(l);
    if (kind == "screenshot")
        return _("screenshot");
    if (kind == "file")
        return _("file");
    if (kind == "link")
        return _("link");
    return kind;
}

void print_item_seals(const BundleReport& r, Lang l) {
    const jobs::ScopedLanguage speak(l);
    if (r.item_seals.empty() || !r.intact())
        return;
    std::cout << _("When each item was sealed (the time-stamp authority's time):") << '\n';
    auto when = [](const core::SealTime& s) {
        return fmt::format(fmt::runtime(_("{} by {}{}")), utc_text(s.gen_time),
                           s.tsa.empty() ? "?" : shown(s.tsa),
                           s.trusted ? "" : _(" (not trusted)"));
    };
    for (const auto& s : r.item_seals) {
        std::string line = fmt::format(fmt::runtime(_("  item {} ({}), recorded {}: ")), s.seq,
                                       kind_text(s.kind, l), utc_text(s.recorded_at));
        if (!s.first)
            line += _("no time-stamp covers it");
        else if (s.first->token == s.last->token)
            line += fmt::format(fmt::runtime(_("sealed {}")), when(*s.first));
        else
            line += fmt::format(fmt::runtime(_("first sealed {}; last {}")), when(*s.first),
                                when(*s.last));
        std::cout << line << '\n';
    }
}

void print_human(const BundleReport& r, Lang l) {
    const jobs::ScopedLanguage speak(l);
    std::cout << verdict_line(r, l) << '\n';
    std::set<std::string> said;  // one line per distinct sentence (a swap breaks a line twice)
    for (const auto& p : r.problems) {
        // Entry names come escaped from the reader (printable_name); a manifest's line does not.
        const std::string path = core::is_terminal_safe(p.path) ? p.path : shown(p.path);
        std::string line = "  ✗ " + (p.path.empty() ? std::string(_("(the file)")) : path);
        line += _(": ") + problem_message(p, l);
        // The detail says which line, field or value: in English (it names JSON fields and
        // quotes values), in both languages, since without it a person cannot see what changed.
        if (!p.detail.empty() && shown(p.detail) != problem_message(p, l))
            line += fmt::format(fmt::runtime(_(" ({})")), shown(p.detail));
        if (said.insert(line).second)
            std::cout << line << '\n';
    }
    if (r.problems_omitted > 0)
        std::cout << fmt::format(fmt::runtime(_("  … and {} more problem(s).")), r.problems_omitted)
                  << '\n';
    for (const auto& n : r.notes) {
        std::string line = "  ⚠ " + shown(n.path) + _(": ") + problem_message(n, l);
        // The times are in the detail; the other notes' sentence says it all.
        if (n.kind == "time_disagreement")
            line += fmt::format(fmt::runtime(_(" ({})")), shown(n.detail));
        std::cout << line << '\n';
    }
    print_item_seals(r, l);
    for (const auto& t : r.tokens)
        std::cout << "  " << jobs::describe_token(t, token_time) << " (" << shown(t.path) << ")\n";
    std::string passed;
    std::string failed;
    for (const auto& c : r.checks) {
        std::string& to = c.outcome == crypto::CheckOutcome::passed ? passed : failed;
        if (c.outcome == crypto::CheckOutcome::not_run)
            continue;
        to += (to.empty() ? "" : ", ") + check_label(c.name, l);
    }
    if (!passed.empty())
        std::cout << _("Checked and holding: ") << passed << '\n';
    if (!failed.empty())
        std::cout << _("Checked and failing: ") << failed << '\n';
}

}  // namespace

int cmd_verify(const Context& ctx, const VerifyArgs& args) {
    const Lang l = ctx.lang;
    jobs::VerifyInput in;
    in.bundle = args.bundle;
    if (args.password_file) {
        auto pass = read_passphrase_line(*args.password_file);
        if (!pass.ok()) {
            std::cerr << "scelle-cli: "
                      << fmt::format(fmt::runtime(_("the passphrase file “{}” cannot be read.")),
                                     shown(*args.password_file))
                      << '\n';
            if (ctx.json)
                print_json({{"error",
                             {{"code", errc_name(Errc::input_unreadable)},
                              {"subject", args.password_file->string()}}}});
            return kExitUsage;
        }
        in.passphrase = std::move(pass).value();
    }
    for (const auto& c : args.ca)
        in.flags.trust_anchors.push_back(core::utf8_to_path(c));
    in.unusable_settings = jobs::UnusableSettings::refuse;
    auto r = jobs::verify(std::move(in));
    if (!r.ok())
        return report_error(ctx, r.error());
    if (ctx.json)
        print_json(report_json(args, r->report));
    else
        print_human(r->report, l);
    return r->exit_code;
}

}  // namespace scelle::cli
