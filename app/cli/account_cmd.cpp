// `account add` and `account update`: an offender account and its identifiers (the profile's
// address, the display name, the platform's own ID), which platforms' moderators ask for.
#include <fmt/format.h>

#include <iostream>

#include "cli.h"
#include "i18n.h"

namespace scelle::cli {

using nlohmann::json;

int cmd_account_add(const Context& ctx, const std::string& case_ref,
                    const core::AccountRequest& req) {
    int rc = kExitOk;
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    auto r = cs->add_account(req);
    if (!r.ok())
        return report_error(ctx, r.error());
    const auto& [acc, existed] = *r;
    if (ctx.json) {
        json j = to_json(acc);
        j["existed"] = existed;
        print_json(j);
    } else if (existed && ((req.url && req.url != acc.url) ||
                           (req.display_name && req.display_name != acc.display_name) ||
                           (req.platform_id && req.platform_id != acc.platform_id))) {
        // What was typed differs from what is recorded: `account add` changes nothing, and
        // says which command does.
        std::cerr << fmt::format(
            fmt::runtime(_("Account {} ({} on {}) was already recorded; nothing was changed. To "
                           "complete or correct its address, name or ID: scelle-cli account "
                           "update {} {} --url URL --display-name NAME --platform-id ID.\n")),
            acc.id, shown(acc.handle), shown(acc.platform), cs->info().id, acc.id);
    } else if (existed) {
        std::cerr << fmt::format(fmt::runtime(_("Account {} ({} on {}) was already recorded.\n")),
                                 acc.id, shown(acc.handle), shown(acc.platform));
    } else {
        std::cerr << fmt::format(fmt::runtime(_("Account {} recorded: {} on {}.\n")), acc.id,
                                 shown(acc.handle), shown(acc.platform));
    }
    return kExitOk;
}

namespace {

// The store's refusal of a value (CaseStore::update_account), in the command line's words.
std::string refusal_sentence(const Error& e) {
    if (e.subject == "--url")
        return fmt::format(fmt::runtime(_("account update: “{}” is not a web address: a profile’s "
                                          "address starts with https:// or http://; nothing was "
                                          "changed.")),
                           shown(e.detail));
    if (e.subject == "--display-name")
        return _(
            "account update: the display name must be one line of text (to remove it, use "
            "--no-display-name); nothing was changed.");
    return _(
        "account update: the platform ID must be one line of text, not empty (to remove it, "
        "use --no-platform-id); nothing was changed.");
}

}  // namespace

int cmd_account_update(const Context& ctx, const std::string& case_ref,
                       const std::string& account_ref, const core::AccountUpdate& update) {
    if (!update.url && !update.display_name && !update.platform_id)
        return refuse_usage(
            ctx, _("account update: give --url URL, --display-name NAME, --platform-id ID (or "
                   "--no-url, --no-display-name, --no-platform-id to remove one), or several."));
    int rc = kExitOk;
    auto cs = open_case(ctx, case_ref, core::Access::read_write, rc);
    if (!cs)
        return rc;
    auto acc = cs->find_account(account_ref);
    if (!acc.ok())
        return report_error(ctx, acc.error());
    auto r = cs->update_account(acc->id, update);
    if (!r.ok())
        return r.error().code == Errc::usage ? refuse_usage(ctx, refusal_sentence(r.error()))
                                             : report_error(ctx, r.error());
    const auto& [now, changed] = *r;
    if (ctx.json) {
        json j = to_json(now);
        j["changed"] = changed;
        print_json(j);
        return kExitOk;
    }
    if (!changed) {
        std::cerr << fmt::format(
            fmt::runtime(_("Account {} ({} on {}) already has these details; nothing was "
                           "changed.\n")),
            now.id, shown(now.handle), shown(now.platform));
        return kExitOk;
    }
    std::cerr << fmt::format(fmt::runtime(_("Account {} ({} on {}) updated (the earlier values "
                                            "stay in the custody log).\n")),
                             now.id, shown(now.handle), shown(now.platform));
    const std::string none = _("(none)");
    if (update.url)
        std::cerr << fmt::format(fmt::runtime(_("  Profile address: {}\n")),
                                 now.url ? shown(*now.url) : none);
    if (update.display_name)
        std::cerr << fmt::format(fmt::runtime(_("  Display name: {}\n")),
                                 now.display_name ? shown(*now.display_name) : none);
    if (update.platform_id)
        std::cerr << fmt::format(fmt::runtime(_("  Platform ID: {}\n")),
                                 now.platform_id ? shown(*now.platform_id) : none);
    return kExitOk;
}

}  // namespace scelle::cli
