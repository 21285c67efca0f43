// The commands over the case store. Each opens the store, calls one core function, prints.
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

#include "cli.h"
#include "i18n.h"
#include "scelle/base/terminal.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/jobs/import_job.h"
#include "scelle/store/tsa_name.h"

namespace scelle::cli {

namespace fs = std::filesystem;
using nlohmann::json;

std::unique_ptr<core::CaseStore> open_case(const Context& ctx, const std::string& ref,
                                           core::Access access, int& exit_code) {
    core::Store store(ctx.store);
    auto cs = store.open_case(ref, access);
    if (!cs.ok()) {
        exit_code = report_error(ctx, cs.error());
        return nullptr;
    }
    return std::move(cs).value();
}

namespace {

std::string short_hash(const std::optional<std::string>& sha) {
    return sha ? sha->substr(0, 16) + "…" : std::string("—");
}

// A path as valid UTF-8 (bytes that are not UTF-8 become U+FFFD, as the stored name does),
// for JSON as it is and for a terminal through shown().
std::string display_name(const fs::path& p) {
    return core::to_valid_utf8(p.string());
}

}  // namespace

std::optional<std::optional<std::string>> happened_arg(const Context& ctx, const std::string& typed,
                                                       int& exit_code) {
    using Why = core::HappenedParse::Why;
    const auto p = core::parse_happened(typed, std::chrono::system_clock::now());
    if (p.why == Why::none)
        return p.value;
    std::string sentence;
    switch (p.why) {
        case Why::no_such_day:
            sentence = fmt::format(
                fmt::runtime(_("--happened: “{}” is not a day of the calendar.")), shown(typed));
            break;
        case Why::too_early:
            sentence =
                _("--happened: a date before 1990 cannot be that of an online "
                  "message.");
            break;
        case Why::future:
            sentence =
                fmt::format(fmt::runtime(_("--happened: “{}” is in the future.")), shown(typed));
            break;
        default:
            sentence = fmt::format(
                fmt::runtime(_("--happened: “{}” is not a date. Write 2025-03-08 or "
                               "2025-03-08 21:04 (or 08/03/2025 21:04), or “unknown”.")),
                shown(typed));
    }
    std::cerr << sentence << '\n';
    if (ctx.json)
        print_usage_error_json(sentence);
    exit_code = kExitUsage;
    return std::nullopt;
}

int cmd_case_new(const Context& ctx, const CaseNewArgs& a) {
    core::Store store(ctx.store);
    auto id = store.create_case({a.title, a.destination, a.incidents, a.summary, a.recorded_by});
    if (!id.ok())
        return report_error(ctx, id.error());
    if (ctx.json) {
        print_json({{"id", *id}});
    } else {
        std::cout << *id << '\n';
        std::cerr << fmt::format(fmt::runtime(_("Case created: “{}”.\n")),
                                 shown(core::trim(a.title)));
    }
    return kExitOk;
}

int cmd_case_rename(const Context& ctx, const std::string& case_ref, const std::string& title) {
    // The title's rules first, each said in its own sentence: nothing is opened or written.
    const std::string t = core::trim(title);
    std::size_t chars = 0;
    for (char ch : t)
        if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80)
            ++chars;
    std::string sentence;
    if (t.empty())
        sentence = _("case rename: the new title is empty; nothing was changed.");
    else if (!core::is_clean_text(t, false))
        sentence = _("case rename: the title must be one line of text; nothing was changed.");
    else if (chars > core::kMaxCaseTitle)
        sentence = fmt::format(fmt::runtime(_("case rename: a title has at most {} characters "
                                              "(this one has {}); nothing was changed.")),
                               core::kMaxCaseTitle, chars);
    if (!sentence.empty()) {
        std::cerr << sentence << '\n';
        if (ctx.json)
            print_usage_error_json(sentence);
        return kExitUsage;
    }
    int rc = kExitOk;
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    if (auto r = cs->rename(t); !r.ok())
        return report_error(ctx, r.error());
    if (ctx.json)
        print_json({{"case", cs->info().id}, {"title", cs->info().title}});
    else
        std::cerr << fmt::format(
            fmt::runtime(_("Case renamed: “{}” (the earlier title stays in the custody log).\n")),
            shown(cs->info().title));
    return kExitOk;
}

int cmd_case_list(const Context& ctx) {
    core::Store store(ctx.store);
    auto cases = store.list_cases();
    if (!cases.ok())
        return report_error(ctx, cases.error());
    if (ctx.json) {
        json arr = json::array();
        for (const auto& c : *cases) {
            json j = {{"id", c.id},
                      {"title", c.title},
                      {"created_at", c.created_at},
                      {"destination", c.destination ? json(*c.destination) : json(nullptr)},
                      {"items", c.items}};
            if (c.problem)
                j["error"] = describe_error(*c.problem, ctx.lang);
            arr.push_back(std::move(j));
        }
        print_json({{"cases", arr}});
        return kExitOk;
    }
    if (cases->empty()) {
        std::cerr << _("No case yet. Create one with: scelle-cli case new --title …\n");
        return kExitOk;
    }
    for (const auto& c : *cases) {
        if (c.problem) {
            std::cout << fmt::format("{}  {}\n", c.id, describe_error(*c.problem, ctx.lang));
            continue;
        }
        std::cout << fmt::format("{}  {}  {:>4} {}  {}\n", c.id, c.created_at.substr(0, 10),
                                 c.items, _("items"), shown(c.title));
    }
    return kExitOk;
}

int cmd_case_show(const Context& ctx, const std::string& case_ref) {
    int rc = kExitOk;
    auto cs = open_case(ctx, case_ref, core::Access::read_only, rc);
    if (!cs)
        return rc;
    auto accounts = cs->accounts();
    if (!accounts.ok())
        return report_error(ctx, accounts.error());
    auto items = cs->items();
    if (!items.ok())
        return report_error(ctx, items.error());
    auto tokens = cs->timestamps();
    if (!tokens.ok())
        return report_error(ctx, tokens.error());
    const auto& info = cs->info();
    if (ctx.json) {
        json doc = to_json(info);
        doc["accounts"] = json::array();
        for (const auto& a : *accounts)
            doc["accounts"].push_back(to_json(a));
        doc["items"] = json::array();
        for (const auto& it : *items)
            doc["items"].push_back(to_json(it));
        doc["timestamps"] = json::array();
        for (const auto& t : *tokens)
            doc["timestamps"].push_back(to_json(t));
        print_json(doc);
        return kExitOk;
    }
    const Lang l = ctx.lang;
    std::cout << fmt::format("{} {}\n", _("Case"), info.id);
    std::cout << fmt::format("  {} {}\n", _("Title:"), shown(info.title));
    std::cout << fmt::format("  {} {} (UTC{})\n", _("Created:"), info.created_at, info.utc_offset);
    if (info.destination)
        std::cout << fmt::format("  {} {}\n", _("Destination:"), shown(info.destination));
    if (!info.incidents.empty()) {
        std::vector<std::string> incidents;
        for (const auto& i : info.incidents)
            incidents.push_back(shown(i));
        std::cout << fmt::format("  {} {}\n", _("Incidents:"), fmt::join(incidents, ", "));
    }
    if (info.summary)
        std::cout << fmt::format("  {} {}\n", _("Summary:"), shown(info.summary));
    if (info.recorded_by)
        std::cout << fmt::format("  {} {}\n", _("Recorded by:"), shown(info.recorded_by));
    std::cout << fmt::format("\n{} ({})\n", _("Accounts"), accounts->size());
    for (const auto& a : *accounts)
        std::cout << fmt::format("  {:>3}  {}  {}{}{}{}\n", a.id, shown(a.platform),
                                 shown(a.handle),
                                 a.display_name ? " — " + shown(a.display_name) : std::string(),
                                 a.platform_id ? "  ID " + shown(a.platform_id) : std::string(),
                                 a.url ? "  " + shown(a.url) : std::string());
    std::cout << fmt::format("\n{} ({})\n", _("Items"), items->size());
    for (const auto& it : *items) {
        std::string what = shown(it.kind == "link" ? it.url : it.name);
        std::string dims =
            it.width && it.height ? fmt::format("  {}×{}", *it.width, *it.height) : std::string();
        std::cout << fmt::format("  {:>3}  {:<10}  {}  {}{}{}\n", it.seq, shown(it.kind),
                                 short_hash(it.sha256), what, dims,
                                 it.sensitive ? _("  [sensitive]") : std::string());
        std::cout << fmt::format("       {} {}\n", _("Happened:"),
                                 it.happened ? shown(it.happened) : _("not said"));
        const auto& ts = it.timestamp;
        if (ts.status == core::TimestampStatus::granted)
            std::cout << fmt::format("       {} {} — {}\n", _("Timestamped:"), shown(ts.gen_time),
                                     shown(core::tsa_short_name(ts.tsa.value_or(""))));
        else if (ts.status == core::TimestampStatus::failed)
            std::cout << fmt::format("       {}\n", _("Timestamp FAILED (see below)"));
        else
            std::cout << fmt::format("       {}\n", _("Timestamp pending"));
        if (it.description)
            std::cout << fmt::format("       {}\n", shown(it.description));
        if (it.withdrawn_at)
            std::cout << fmt::format("       {} {} : {}\n", _("WITHDRAWN"), shown(it.withdrawn_at),
                                     shown(it.withdraw_reason));
    }
    std::cout << fmt::format("\n{} ({})\n", _("Timestamps"), tokens->size());
    for (const auto& t : *tokens) {
        std::cout << fmt::format("  {:>3}  {}  {}  {} 1–{}\n", t.id, shown(t.gen_time),
                                 shown(t.tsa_name), _("log lines"), t.covers);
        if (jobs::clock_needs_warning(t.skew_seconds))
            std::cout << "       " << describe_skew(t.skew_seconds, l) << '\n';
    }
    std::int64_t waiting = 0;
    for (const auto& it : *items)
        if (it.timestamp.status != core::TimestampStatus::granted)
            ++waiting;
    if (waiting > 0) {
        // Why: the last request's failures, each in one translated sentence.
        auto last = cs->last_timestamp_attempt();
        if (last.ok() && *last) {
            std::cout << fmt::format(fmt::runtime(_("Last request ({}):\n")), shown((*last)->at));
            for (const auto& f : (*last)->failures) {
                auto kind = crypto::tsa_failure_kind_from_string(f.value("kind", ""));
                crypto::TsaFailure tf{f.value("url", ""),
                                      kind.value_or(crypto::TsaFailureKind::internal),
                                      f.value("reason", ""), f.value("attempts", 1)};
                std::cout << "  ! " << describe_tsa_failure(tf, l) << '\n';
            }
            if ((*last)->failures.empty())
                std::cout << "  ! " << _("No time-stamp authority is configured.") << '\n';
        }
        std::cout << fmt::format(
            fmt::runtime(_("{} item(s) not yet timestamped: run “scelle-cli timestamp {}” when "
                           "online.\n")),
            waiting, info.id);
    }
    return kExitOk;
}

int cmd_import(const Context& ctx, const std::string& case_ref, const core::ImportRequest& req,
               const TsaArgs& tsa) {
    int rc = kExitOk;
    // Settings are checked before anything is stored: a typo in --ca is said at once.
    std::optional<SealSetup> setup;
    if (!tsa.offline && !(setup = prepare_sealing(ctx, tsa, rc)))
        return rc;
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    auto r = jobs::import_files(*cs, req, setup ? &*setup : nullptr);
    if (!r.ok())
        return report_error(ctx, r.error());
    // The timestamp's lines come after the import's, as they happened.
    auto timestamp = [&] {
        return r->seal ? print_seal(ctx, *cs, *setup, *r->seal, /*after_change=*/true)
                       : print_offline(ctx, *cs);
    };
    if (ctx.json) {
        json arr = json::array();
        for (const auto& o : r->outcomes)
            arr.push_back({{"path", display_name(o.path)},
                           {"item", o.seq},
                           {"sha256", o.sha256},
                           {"duplicate", o.duplicate}});
        json doc = {{"imported", arr}};
        doc["timestamp"] = timestamp();
        print_json(doc);
        return kExitOk;
    }
    for (const auto& o : r->outcomes) {
        if (o.duplicate)
            std::cerr << fmt::format(
                fmt::runtime(_("= {}: same content as item {}, already kept; not "
                               "stored twice.\n")),
                shown(display_name(o.path)), o.seq);
        else
            std::cerr << fmt::format(fmt::runtime(_("+ {} → item {} (SHA-256 {})\n")),
                                     shown(display_name(o.path)), o.seq, o.sha256);
    }
    std::cerr << fmt::format(fmt::runtime(_("{} new item(s) recorded in case {}.\n")), r->added,
                             cs->info().id);
    timestamp();
    return kExitOk;
}

int cmd_link(const Context& ctx, const std::string& case_ref, const core::LinkRequest& req,
             const TsaArgs& tsa) {
    int rc = kExitOk;
    std::optional<SealSetup> setup;
    if (!tsa.offline && !(setup = prepare_sealing(ctx, tsa, rc)))
        return rc;
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    auto r = cs->add_link(req);
    if (!r.ok())
        return report_error(ctx, r.error());
    if (!ctx.json) {
        std::cerr << fmt::format(
            fmt::runtime(_("Link recorded as item {}. Nothing was downloaded.\n")), r->seq);
        if (req.sensitive)
            std::cerr << _(
                "Marked sensitive: the report prints it as plain text, never as a "
                "link one click would open.\n");
    }
    json ts = seal_after_change(ctx, *cs, setup);
    if (ctx.json) {
        // The item as it now stands, with its timestamp status.
        auto now = cs->item(r->seq);
        json doc = to_json(now.ok() ? *now : *r);
        doc["timestamp_request"] = ts;
        print_json(doc);
    }
    return kExitOk;
}

int cmd_describe(const Context& ctx, const std::string& case_ref, std::int64_t item,
                 const std::optional<std::string>& description,
                 const std::optional<std::string>& happened_typed, std::optional<bool> sensitive,
                 const std::optional<std::optional<std::string>>& account,
                 const std::optional<std::optional<std::string>>& url) {
    int rc = kExitOk;
    if (!description && !happened_typed && !sensitive && !account && !url) {
        const std::string sentence =
            _("describe: give --description TEXT, --happened WHEN, --sensitive yes|no, "
              "--account HANDLE, --no-account, --url URL, --no-url, or several.");
        std::cerr << sentence << '\n';
        if (ctx.json)
            print_usage_error_json(sentence);
        return kExitUsage;
    }
    std::optional<std::optional<std::string>> happened;
    if (happened_typed && !(happened = happened_arg(ctx, *happened_typed, rc)))
        return rc;
    if (url && *url && !core::is_web_url(**url))
        return refuse_usage(
            ctx, fmt::format(fmt::runtime(_("describe: “{}” is not a web address: a message’s "
                                            "link starts with https:// or http://; nothing was "
                                            "changed.")),
                             shown(**url)));
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    // A link item's address is the evidence itself (CaseStore::set_item_url refuses it too):
    // said before anything is written.
    if (url) {
        auto it = cs->item(item);
        if (!it.ok())
            return report_error(ctx, it.error());
        if (it->kind == "link")
            return refuse_usage(
                ctx, fmt::format(fmt::runtime(_("describe: item {} is a link: its address is the "
                                                "evidence itself and cannot be changed; nothing "
                                                "was changed.")),
                                 item));
    }
    // The account first: its refusals (an unknown account, a withdrawn item) leave the other
    // changes unwritten too.
    if (account)
        if (auto r = cs->set_item_account(item, *account); !r.ok())
            return report_error(ctx, r.error());
    bool url_changed = false;
    if (url) {
        auto r = cs->set_item_url(item, *url);
        if (!r.ok())
            return report_error(ctx, r.error());
        url_changed = *r;
    }
    if (description)
        if (auto r = cs->describe(item, *description); !r.ok())
            return report_error(ctx, r.error());
    if (happened)
        if (auto r = cs->set_happened(item, *happened); !r.ok())
            return report_error(ctx, r.error());
    if (sensitive)
        if (auto r = cs->set_sensitive(item, *sensitive); !r.ok())
            return report_error(ctx, r.error());
    if (ctx.json) {
        json doc = {{"item", item}};
        if (sensitive)
            doc["sensitive"] = *sensitive;
        if (account) {
            auto now = cs->item(item);
            doc["account"] = now.ok() && now->account_id ? json(*now->account_id) : json(nullptr);
        }
        if (description)
            doc["description"] = core::trim(*description);
        if (happened)
            doc["happened"] = *happened ? json(**happened) : json(nullptr);
        if (url) {
            doc["url"] = *url ? json(**url) : json(nullptr);
            doc["url_changed"] = url_changed;
        }
        print_json(doc);
        return kExitOk;
    }
    if (description)
        std::cerr << fmt::format(
            fmt::runtime(_("Description of item {} recorded (earlier ones stay in the "
                           "custody log).\n")),
            item);
    if (happened)
        std::cerr << fmt::format(
            fmt::runtime(_("When item {} happened: {} (recorded; the earlier value stays in the "
                           "custody log).\n")),
            item, *happened ? shown(**happened) : _("unknown"));
    if (sensitive)
        std::cerr << fmt::format(
            fmt::runtime(*sensitive ? _("Item {} is marked sensitive: its picture is never "
                                        "shown, on screen or in the report.\n")
                                    : _("Item {} is no longer marked sensitive (the earlier "
                                        "value stays in the custody log).\n")),
            item);
    if (account && *account)
        std::cerr << fmt::format(fmt::runtime(_("Item {} now concerns the account “{}” (the "
                                                "earlier value stays in the custody log).\n")),
                                 item, shown(**account));
    else if (account)
        std::cerr << fmt::format(fmt::runtime(_("Item {} no longer names an account (the "
                                                "earlier value stays in the custody log).\n")),
                                 item);
    if (url && !url_changed)
        std::cerr << fmt::format(
            fmt::runtime(_("Item {} already has this link; nothing was changed.\n")), item);
    else if (url && *url)
        std::cerr << fmt::format(fmt::runtime(_("Item {} was seen at {} (recorded; the earlier "
                                                "value stays in the custody log).\n")),
                                 item, shown(**url));
    else if (url)
        std::cerr << fmt::format(fmt::runtime(_("Item {} no longer has a link (the earlier value "
                                                "stays in the custody log).\n")),
                                 item);
    return kExitOk;
}

int cmd_withdraw(const Context& ctx, const std::string& case_ref, std::int64_t item,
                 const std::string& reason) {
    int rc = kExitOk;
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    if (auto r = cs->withdraw(item, reason); !r.ok())
        return report_error(ctx, r.error());
    if (ctx.json)
        print_json({{"item", item}, {"withdrawn", true}});
    else
        std::cerr << fmt::format(
            fmt::runtime(_("Item {} withdrawn: its file was deleted; the custody log "
                           "keeps its SHA-256 and your reason.\n")),
            item);
    return kExitOk;
}

int cmd_extract(const Context& ctx, const std::string& case_ref, std::int64_t item,
                const fs::path& out) {
    int rc = kExitOk;
    auto cs = open_case(ctx, case_ref, core::Access::read_only, rc);
    if (!cs)
        return rc;
    if (auto r = cs->extract(item, out); !r.ok())
        return report_error(ctx, r.error());
    auto it = cs->item(item);
    if (ctx.json)
        print_json({{"item", item},
                    {"path", display_name(out)},
                    {"sha256", it.ok() ? json(it->sha256.value_or("")) : json(nullptr)}});
    else
        std::cerr << fmt::format(
            fmt::runtime(_("Original of item {} written to {} (SHA-256 checked).\n")), item,
            shown(out));
    return kExitOk;
}

int cmd_log(const Context& ctx, const std::string& case_ref) {
    int rc = kExitOk;
    auto cs = open_case(ctx, case_ref, core::Access::read_only, rc);
    if (!cs)
        return rc;
    auto lines = cs->log_lines();
    if (!lines.ok())
        return report_error(ctx, lines.error());
    if (ctx.json) {
        json arr = json::array();
        for (const auto& l : *lines)
            arr.push_back(json::parse(l, nullptr, false));
        print_json({{"lines", arr}});
    } else {
        // Byte for byte, one line each: `scelle-cli log CASE | head -n K` is the prefix that
        // a timestamp over K lines covers. On a terminal, a line that someone edited to hold
        // controls (JSON escapes them; an edited line need not) is shown escaped instead.
        const bool tty = core::is_terminal(core::StdStream::out);
        for (const auto& l : *lines)
            std::cout << (tty && !core::is_terminal_safe(l) ? shown(l) : l) << '\n';
    }
    return kExitOk;
}

int cmd_check(const Context& ctx, const std::string& case_ref, const TsaArgs& tsa) {
    int rc = kExitOk;
    // Tokens are verified against the trust anchors the settings and --ca name.
    auto setup = prepare_sealing(ctx, tsa, rc);
    if (!setup)
        return rc;
    auto cs = open_case(ctx, case_ref, core::Access::read_only, rc);
    if (!cs)
        return rc;
    auto report = cs->check(&setup->trust);
    if (!report.ok())
        return report_error(ctx, report.error());
    const Lang l = ctx.lang;
    if (ctx.json) {
        json problems = json::array();
        json notes = json::array();
        for (const auto& f : report->problems)
            problems.push_back(to_json(f));
        for (const auto& f : report->notes)
            notes.push_back(to_json(f));
        print_json({{"case", cs->info().id},
                    {"intact", report->intact()},
                    {"log_lines", report->log_lines},
                    {"items", report->items},
                    {"objects_hashed", report->objects_hashed},
                    {"timestamps_checked", report->timestamps_checked},
                    {"timestamps_verified", report->timestamps_verified},
                    {"problems", problems},
                    {"notes", notes}});
    } else {
        for (const auto& f : report->problems)
            std::cout << fmt::format("✗ {}\n", describe_finding(f, l));
        for (const auto& f : report->notes)
            std::cout << fmt::format("• {}\n", describe_finding(f, l));
        if (report->intact())
            std::cout << fmt::format(
                fmt::runtime(_("Intact: {} custody log lines chained, {} originals "
                               "re-hashed, {} timestamp(s) still covering the log ({} verified "
                               "up to a trusted authority), all match.\n")),
                report->log_lines, report->objects_hashed, report->timestamps_checked,
                report->timestamps_verified);
        else
            std::cout << fmt::format(
                fmt::runtime(_("NOT INTACT: {} problem(s) found in case {}.\n")),
                report->problems.size(), cs->info().id);
    }
    return report->intact() ? kExitOk : kExitFailed;
}

}  // namespace scelle::cli
