// `scelle-cli notice CASE [--platform NAME] [-o FILE]`: the notice for the platform
// (scelle/report/notice.h), on stdout or written atomically to FILE; the identifiers the
// platform asks for that the case lacks are listed as warnings on stderr. Reads the case only.

#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>

#include "cli.h"
#include "i18n.h"
#include "scelle/base/text.h"
#include "scelle/base/time.h"
#include "scelle/report/notice.h"
#include "scelle/store/output_file.h"

namespace scelle::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string missing_sentence(const core::MissingIdentifier& m, const std::string& platform,
                             const std::string& case_id) {
    using What = core::MissingIdentifier::What;
    switch (m.what) {
        case What::user_id:
            return fmt::format(
                // TRANSLATORS: {0} is a platform, {1} an account's handle, {2} the case's id.
                fmt::runtime(_("{0} asks for the user ID of account {1}, and the case does not "
                               "hold it: record it with `scelle-cli account update {2} {1} "
                               "--platform-id ID`, or write it in the notice in place of “[to "
                               "fill in]” (the notes at its end say where to find it).")),
                platform, m.handle, case_id);
        case What::profile_url:
            return fmt::format(
                // TRANSLATORS: {0} is a platform, {1} an account's handle, {2} the case's id.
                fmt::runtime(_("the notice gives no profile URL for account {1} on {0}: record "
                               "it with `scelle-cli account update {2} {1} --url URL`, or write "
                               "it in place of “[to fill in]”.")),
                platform, m.handle, case_id);
        case What::message_link:
            return fmt::format(
                // TRANSLATORS: {0} is an item's number, {1} the case's id.
                fmt::runtime(_("a notice gives the exact address of each message or post (DSA "
                               "art. 16): item {0} has none; record it with `scelle-cli describe "
                               "{1} {0} --url URL`, or write it in the notice in place of "
                               "“[address not recorded]”.")),
                *m.item_seq, case_id);
    }
    return {};
}

}  // namespace

int cmd_notice(const Context& ctx, const std::string& case_ref, const NoticeArgs& args) {
    if (args.out)
        if (auto t = core::check_export_target(*args.out); !t.ok())
            return report_output_error(ctx, t.error(), *args.out, OutputKind::notice);

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
    const std::string& case_id = cs->info().id;

    const bool any_item = std::any_of(items->begin(), items->end(),
                                      [](const core::Item& it) { return !it.withdrawn_at; });
    if (!any_item)
        return refuse_usage(
            ctx,
            fmt::format(fmt::runtime(_("the case {} has no item yet: a notice needs "
                                       "at least one message or post to point at. "
                                       "Nothing was written.")),
                        shown(case_id)),
            "no_items");

    // The platforms of the case's accounts, as first typed.
    std::vector<std::string> platforms;
    for (const core::Account& a : *accounts)
        if (std::none_of(platforms.begin(), platforms.end(),
                         [&](const std::string& p) { return core::same_platform(a.platform, p); }))
            platforms.push_back(a.platform);
    std::string listed;
    for (const std::string& p : platforms)
        listed += (listed.empty() ? "" : ", ") + shown(p);

    std::string platform;
    if (args.platform) {
        auto it = std::find_if(platforms.begin(), platforms.end(), [&](const std::string& p) {
            return core::same_platform(p, *args.platform);
        });
        if (it != platforms.end()) {
            platform = *it;
        } else if (core::notice_platform_key(*args.platform)) {
            return refuse_usage(
                ctx,
                fmt::format(
                    // TRANSLATORS: {0} is a platform, {1} a case id.
                    fmt::runtime(_("the case {1} has no account on {0}: add the account "
                                   "reported with `scelle-cli account add {1} --platform {0} "
                                   "--handle HANDLE`. Nothing was written.")),
                    shown(*args.platform), shown(case_id)),
                "no_account");
        } else {
            return refuse_usage(
                ctx,
                platforms.empty()
                    ? fmt::format(fmt::runtime(_("unknown platform “{}”, and the case has no "
                                                 "account yet. Nothing was written.")),
                                  shown(*args.platform))
                    // TRANSLATORS: {0} is what was typed, {1} a list of platforms.
                    : fmt::format(fmt::runtime(_("unknown platform “{0}”: the case's accounts "
                                                 "are on {1}. Nothing was written.")),
                                  shown(*args.platform), listed),
                "unknown_platform");
        }
    } else if (platforms.size() == 1) {
        platform = platforms.front();
    } else if (platforms.empty()) {
        return refuse_usage(
            ctx,
            fmt::format(fmt::runtime(_("the case {0} has no account: add the account "
                                       "reported with `scelle-cli account add {0} "
                                       "--platform NAME --handle HANDLE`. Nothing was "
                                       "written.")),
                        shown(case_id)),
            "no_account");
    } else {
        return refuse_usage(ctx,
                            fmt::format(fmt::runtime(_("the case's accounts are on {}: choose one "
                                                       "with --platform. Nothing was written.")),
                                        listed),
                            "usage");
    }

    core::NoticeInput in;
    in.info = cs->info();
    in.accounts = std::move(*accounts);
    in.items = std::move(*items);
    in.platform = platform;
    in.lang = ctx.lang == Lang::fr ? "fr" : "en";
    in.made_on = core::format_utc_rfc3339(std::chrono::system_clock::now()).substr(0, 10);
    const core::Notice n = core::make_notice(in);

    for (const core::MissingIdentifier& m : n.missing)
        std::cerr << "scelle-cli: "
                  << fmt::format(fmt::runtime(_("warning: {}")),
                                 missing_sentence(m, n.platform_name, cs->info().id))
                  << '\n';

    const std::string text = n.file_text();
    if (args.out) {
        if (auto w = core::write_new_file(*args.out, text); !w.ok())
            return report_output_error(ctx, w.error(), *args.out, OutputKind::notice);
    }
    if (ctx.json) {
        json missing = json::array();
        for (const core::MissingIdentifier& m : n.missing) {
            using What = core::MissingIdentifier::What;
            missing.push_back({{"what", m.what == What::user_id       ? "user_id"
                                        : m.what == What::profile_url ? "profile_url"
                                                                      : "message_link"},
                               {"account", m.account_id ? json(*m.account_id) : json(nullptr)},
                               {"item", m.item_seq ? json(*m.item_seq) : json(nullptr)}});
        }
        json doc = {{"platform", n.platform_name}, {"lang", in.lang},
                    {"accounts", n.accounts},      {"items", n.items},
                    {"missing", missing},          {"notice", nullptr}};
        if (args.out)
            doc["notice"] = core::to_valid_utf8(args.out->string());
        else
            doc["text"] = text;
        print_json(doc);
    } else if (args.out) {
        std::cout << fmt::format(fmt::runtime(_("Notice for {} written: {}\n")), n.platform_name,
                                 shown(*args.out));
    } else {
        // The notice's outside text is already made safe line by line (make_notice).
        std::cout << text;
    }
    return kExitOk;
}

}  // namespace scelle::cli
