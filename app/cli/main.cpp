// scelle-cli: the command line over Scellé's core. DESIGN.md "The command line" is the
// interface this file implements; keep names, meanings and exit codes stable.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <exception>
#include <iostream>

#include "cli.h"
#include "i18n.h"
#include "scelle/base/program.h"
#include "scelle/base/text.h"
#include "scelle/base/version.h"

namespace {

using namespace scelle;
using namespace scelle::cli;

int run(int argc, char** argv) {
    // The sentences come from the catalogues beside the program (<prefix>/share/locale), in the
    // language chosen before any is said; without a catalogue they stay in English.
    const Lang lang = detect_lang(argc, argv);
    jobs::use_language(lang, jobs::locale_dir_beside_program());

    CLI::App app{_("Scellé: seal online evidence (screenshots, files, links) so that anyone can "
                   "check when it existed and that it was not changed."),
                 "scelle-cli"};
    app.set_help_flag("-h,--help", _("print this help and exit"));
    app.set_version_flag("--version", std::string("scelle-cli ") + kVersion,
                         _("print the version and exit"));
    app.require_subcommand(1);
    app.fallthrough();
    // A parse error quotes the argument it refused, which may be a file's name: escaped like
    // every text from outside, the rest of CLI11's message kept.
    app.failure_message([](const CLI::App* a, const CLI::Error& e) {
        std::string text = CLI::FailureMessage::simple(a, e);
        const std::string what = e.what();
        if (text.rfind(what, 0) == 0)
            text = shown(what) + text.substr(what.size());
        return text;
    });

    const std::string case_help = _("case id, or the start of it if unique");
    const std::string item_help = _("item number");
    const std::string desc_help = _("what it shows, in your words");
    const std::string account_help = _("the account concerned (HANDLE or PLATFORM:HANDLE)");
    Context ctx;
    ctx.lang = lang;
    std::string store_opt;
    std::string lang_opt;
    app.add_option("--store", store_opt,
                   _("store folder (default: $SCELLE_STORE, else ~/.local/share/scelle)"));
    app.add_flag("--json", ctx.json, _("print one JSON document on stdout"));
    app.add_option("--lang", lang_opt, _("language of messages"))
        ->check(CLI::IsMember({"fr", "en"}));

    // case new | list | show
    auto* c_case = app.add_subcommand("case", _("create, list and show cases"));
    c_case->require_subcommand(1);
    CaseNewArgs new_args;
    auto* c_new = c_case->add_subcommand("new", _("create a case; prints its id"));
    c_new->add_option("--title", new_args.title, _("a short title"))->required();
    c_new->add_option("--destination", new_args.destination, _("where it will be reported"))
        ->check(CLI::IsMember({"pharos", "3018", "police", "platform"}));
    c_new->add_option("--incident", new_args.incidents, _("what happened (repeatable)"))
        ->check(CLI::IsMember({"grooming", "sextortion", "harassment", "threats", "intimate-images",
                               "impersonation", "hate", "other"}))
        // One value per --incident: a word after it is never taken as a second one.
        ->allow_extra_args(false);
    c_new->add_option("--summary", new_args.summary, _("a few sentences about the facts"));
    c_new->add_option("--recorded-by", new_args.recorded_by,
                      _("who makes the record (a parent, a volunteer, the child)"));
    auto* c_list = c_case->add_subcommand("list", _("list the cases"));
    std::string case_ref;
    auto* c_show = c_case->add_subcommand("show", _("show a case"));
    c_show->add_option("CASE", case_ref, _("case id or unique prefix"))->required();
    std::string new_title;
    auto* c_rename = c_case->add_subcommand(
        "rename", _("give the case a new title (the earlier one stays in the custody log)"));
    c_rename->add_option("CASE", case_ref, case_help)->required();
    c_rename->add_option("TITLE", new_title, _("the new title"))->required();

    // account add
    auto* c_account = app.add_subcommand("account", _("offender accounts"));
    c_account->require_subcommand(1);
    core::AccountRequest acc;
    auto* c_acc_add = c_account->add_subcommand("add", _("record an account"));
    c_acc_add->add_option("CASE", case_ref, case_help)->required();
    c_acc_add->add_option("--platform", acc.platform, _("Instagram, Discord…"))->required();
    c_acc_add->add_option("--handle", acc.handle, _("the account's name or handle"))->required();
    c_acc_add->add_option("--url", acc.url, _("profile address"));
    c_acc_add->add_option("--display-name", acc.display_name, _("name shown on the profile"));
    c_acc_add->add_option("--platform-id", acc.platform_id,
                          _("the platform's own identifier (a Discord user ID…)"));
    // account update: each field set, cleared (--no-…), or left as it is.
    std::string account_ref;
    std::optional<std::string> upd_url, upd_display_name, upd_platform_id;
    bool upd_no_url = false, upd_no_display_name = false, upd_no_platform_id = false;
    auto* c_acc_update = c_account->add_subcommand(
        "update", _("complete or correct an account's profile link, display name or platform ID "
                    "(the earlier values stay in the custody log)"));
    c_acc_update->add_option("CASE", case_ref, case_help)->required();
    c_acc_update
        ->add_option("ACCOUNT", account_ref,
                     _("the account: HANDLE, PLATFORM:HANDLE or its number"))
        ->required();
    auto* o_upd_url = c_acc_update->add_option("--url", upd_url, _("profile address"));
    c_acc_update->add_flag("--no-url", upd_no_url, _("remove the profile address"))
        ->excludes(o_upd_url);
    auto* o_upd_display = c_acc_update->add_option("--display-name", upd_display_name,
                                                   _("name shown on the profile"));
    c_acc_update->add_flag("--no-display-name", upd_no_display_name, _("remove the display name"))
        ->excludes(o_upd_display);
    auto* o_upd_id = c_acc_update->add_option(
        "--platform-id", upd_platform_id, _("the platform's own identifier (a Discord user ID…)"));
    c_acc_update->add_flag("--no-platform-id", upd_no_platform_id, _("remove the platform ID"))
        ->excludes(o_upd_id);

    // import
    core::ImportRequest imp;
    std::vector<std::string> files;
    auto* c_import = app.add_subcommand(
        "import", _("import files unchanged (phone screenshots, PDFs, any file)"));
    c_import->add_option("CASE", case_ref, case_help)->required();
    c_import->add_option("FILE", files, _("files to import"))->required();
    c_import->add_option("--description", imp.description, desc_help);
    c_import->add_option("--source-url", imp.source_url, _("where the content was seen"));
    c_import->add_option("--account", imp.account, account_help);
    std::optional<std::string> happened_typed;
    const std::string happened_help =
        _("when it happened, as you know it: 2025-03-08 or \"2025-03-08 21:04\" (your time "
          "zone), or unknown");
    c_import->add_option("--happened", happened_typed, happened_help);
    c_import->add_flag("--sensitive", imp.sensitive,
                       _("shocking content: listed by its hash, never drawn in the report. "
                         "Never import sexual images of a minor: record the link instead "
                         "(scelle-cli link)"));

    TsaArgs tsa;
    const std::string tsa_help =
        _("a time-stamp authority to ask (repeatable; replaces "
          "$SCELLE_TSA_URLS and the settings)");
    const std::string ca_help = _("an extra trust anchor for tokens, PEM file (repeatable)");
    const std::string offline_help = _("do not ask for a timestamp now (the items stay pending)");
    auto add_tsa_options = [&](CLI::App* c, bool offline) {
        c->add_option("--tsa", tsa.tsa, tsa_help)->allow_extra_args(false);
        c->add_option("--ca", tsa.ca, ca_help)->allow_extra_args(false);
        if (offline)
            c->add_flag("--offline", tsa.offline, offline_help);
    };
    add_tsa_options(c_import, true);

    // link
    std::string url;
    std::optional<std::string> link_desc;
    std::optional<std::string> link_account;
    auto* c_link = app.add_subcommand(
        "link", _("record a link without capturing it (the right choice for sexual images of "
                  "a minor, which must never be captured or kept)"));
    c_link->add_option("CASE", case_ref, case_help)->required();
    c_link->add_option("URL", url, _("the address (http:// or https://)"))->required();
    c_link->add_option("--description", link_desc, desc_help);
    c_link->add_option("--account", link_account, account_help);
    bool link_sensitive = false;
    c_link->add_flag("--sensitive", link_sensitive,
                     _("it leads to a sexual image of a minor or other shocking content: the "
                       "report prints it as plain text, never as a link one click opens"));
    c_link->add_option("--happened", happened_typed, happened_help);
    add_tsa_options(c_link, true);

    // capture
    CaptureArgs cap;
    std::vector<std::string> cap_screen;
    auto* c_capture = app.add_subcommand(
        "capture", _("capture the screen, a region or a window and seal it (the PNG made is the "
                     "original). Never capture sexual images of a minor: record the link instead"));
    c_capture->add_option("CASE", case_ref, case_help)->required();
    auto* o_screen = c_capture
                         ->add_option("--screen", cap_screen,
                                      _("the screen numbered N (from 1); without N, all screens"))
                         ->expected(0, 1);
    auto* o_region =
        c_capture->add_option("--region", cap.region, _("a region X,Y,WIDTH,HEIGHT in pixels"));
    auto* o_window = c_capture->add_option("--window", cap.window,
                                           _("the active window (active) or a window's id"));
    o_screen->excludes(o_region)->excludes(o_window);
    o_region->excludes(o_window);
    c_capture->add_option("--delay", cap.delay_seconds,
                          _("wait this many seconds first (to bring the window to the front)"));
    c_capture->add_option("--description", cap.description, desc_help);
    c_capture->add_option("--account", cap.account, account_help);
    c_capture->add_option("--happened", happened_typed, happened_help);
    c_capture->add_option("--tsa", cap.tsa.tsa, tsa_help)->allow_extra_args(false);
    c_capture->add_option("--ca", cap.tsa.ca, ca_help)->allow_extra_args(false);
    c_capture->add_flag("--offline", cap.tsa.offline, offline_help);
    auto* o_scroll = c_capture->add_flag(
        "--scroll", cap.scroll,
        _("a whole conversation: Scellé scrolls the window or region itself and joins the "
          "frames (each frame is sealed too)"));
    c_capture
        ->add_option("--direction", cap.direction,
                     _("with --scroll: down (towards the newest messages, the default) or up"))
        ->needs(o_scroll);
    c_capture
        ->add_option("--max-frames", cap.max_frames,
                     _("with --scroll: stop after this many frames (default 50, at most 200)"))
        ->needs(o_scroll);
    c_capture
        ->add_flag("--no-transcript", cap.no_transcript,
                   _("with --scroll: do not read the joined image by machine (no search in it "
                     "until scelle-cli transcribe)"))
        ->needs(o_scroll);

    // describe, withdraw, extract
    std::int64_t item = 0;
    std::string text;
    auto* c_describe = app.add_subcommand("describe", _("add a description to an item"));
    c_describe->add_option("CASE", case_ref, case_help)->required();
    c_describe->add_option("ITEM", item, item_help)->required();
    std::optional<std::string> describe_text;
    c_describe->add_option("--description", describe_text, desc_help);
    c_describe->add_option("--happened", happened_typed, happened_help);
    std::optional<bool> describe_sensitive;
    c_describe->add_option("--sensitive", describe_sensitive,
                           _("yes: never show its picture (on screen or in the report); no: "
                             "show it again (recorded in the log)"));
    std::optional<std::string> describe_account;
    auto* o_describe_account = c_describe->add_option(
        "--account", describe_account,
        _("the account it concerns now (HANDLE, PLATFORM:HANDLE or its number)"));
    bool describe_no_account = false;
    c_describe
        ->add_flag("--no-account", describe_no_account, _("it concerns no account (a mistake)"))
        ->excludes(o_describe_account);
    std::optional<std::string> describe_url;
    auto* o_describe_url = c_describe->add_option(
        "--url", describe_url,
        _("where it was seen: the message's link (not for a link item, whose address is the "
          "evidence)"));
    bool describe_no_url = false;
    c_describe->add_flag("--no-url", describe_no_url, _("remove the message's link"))
        ->excludes(o_describe_url);
    auto* c_withdraw = app.add_subcommand(
        "withdraw", _("withdraw an item: its file is deleted, the log keeps its hash and reason"));
    c_withdraw->add_option("CASE", case_ref, case_help)->required();
    c_withdraw->add_option("ITEM", item, item_help)->required();
    c_withdraw->add_option("--reason", text, _("why it is withdrawn (kept in the log)"))
        ->required();
    std::string out_path;
    auto* c_extract = app.add_subcommand("extract", _("write an item's original bytes to a file"));
    c_extract->add_option("CASE", case_ref, case_help)->required();
    c_extract->add_option("ITEM", item, item_help)->required();
    c_extract->add_option("-o,--output", out_path, _("file to write (must not exist)"))->required();

    // transcribe, search: machine transcripts (OCR), never evidence
    std::vector<std::int64_t> ocr_items;
    auto* c_transcribe = app.add_subcommand(
        "transcribe", _("read the text of image items (machine transcripts, to check against the "
                        "image; never evidence)"));
    c_transcribe->add_option("CASE", case_ref, case_help)->required();
    c_transcribe->add_option("ITEM", ocr_items,
                             _("item numbers (default: every image item without a transcript)"));
    std::string search_text;
    auto* c_search = app.add_subcommand(
        "search", _("find the items and lines whose machine transcript holds TEXT (case and "
                    "accents ignored)"));
    c_search->add_option("CASE", case_ref, case_help)->required();
    c_search->add_option("TEXT", search_text, _("the words to look for"))->required();
    auto* c_suggest = app.add_subcommand(
        "suggest", _("list the handles, links, e-mail addresses and phone numbers found in the "
                     "machine transcripts (offered, never added)"));
    c_suggest->add_option("CASE", case_ref, case_help)->required();

    // log, check, demo
    auto* c_log = app.add_subcommand("log", _("print the custody log"));
    c_log->add_option("CASE", case_ref, case_help)->required();
    auto* c_check = app.add_subcommand(
        "check", _("re-hash every original and re-check the custody log (exit 1 if altered)"));
    c_check->add_option("CASE", case_ref, case_help)->required();
    c_check->add_option("--ca", tsa.ca, ca_help)->allow_extra_args(false);
    auto* c_timestamp = app.add_subcommand(
        "timestamp", _("ask a time-stamp authority now to seal everything pending (only a "
                       "SHA-256 digest is sent)"));
    c_timestamp->add_option("CASE", case_ref, case_help)->required();
    add_tsa_options(c_timestamp, false);

    // export, verify
    ExportArgs exp;
    std::string export_out;
    std::string export_password;
    auto* c_export = app.add_subcommand(
        "export", _("write the case as a zip bundle anyone can check with unzip, sha256sum and "
                    "openssl"));
    c_export->add_option("CASE", case_ref, case_help)->required();
    c_export->add_option("-o,--output", export_out, _("the zip file to write (must not exist)"))
        ->required();
    c_export->add_flag("--no-report", exp.no_report, _("leave the PDF report out"));
    c_export->add_flag("--encrypt", exp.encrypt,
                       _("encrypt with a passphrase (AES-256: open it with 7-Zip, not unzip)"));
    c_export->add_option("--password-file", export_password,
                         _("file holding the passphrase (first line)"));
    c_export->add_option("--tsa", exp.tsa.tsa, tsa_help)->allow_extra_args(false);
    c_export->add_option("--ca", exp.tsa.ca, ca_help)->allow_extra_args(false);
    c_export->add_flag("--offline", exp.tsa.offline,
                       _("do not timestamp the bundle's manifest (it is marked unsealed)"));
    ReportArgs rep;
    std::string report_out;
    auto* c_report = app.add_subcommand(
        "report", _("print the case as a PDF report (French or English, per --lang) with the "
                    "guidance for where it will be reported"));
    c_report->add_option("CASE", case_ref, case_help)->required();
    c_report->add_option("-o,--output", report_out, _("the PDF file to write (must not exist)"))
        ->required();
    c_report->add_option("--template", rep.destination,
                         _("pharos, 3018, police or platform (default: the case's destination, "
                           "else police)"));
    c_report->add_flag("--transcripts", rep.transcripts,
                       _("add the machine transcripts of the images as an annex (to check "
                         "against the image)"));
    NoticeArgs notice;
    std::optional<std::string> notice_out;
    auto* c_notice = app.add_subcommand(
        "notice", _("write the notice for the platform (DSA art. 16): the accounts' identifiers "
                    "and the messages' links, ready to paste into its report form"));
    c_notice->add_option("CASE", case_ref, case_help)->required();
    c_notice->add_option("--platform", notice.platform,
                         _("the platform to notify (default: the one of the case's accounts)"));
    c_notice->add_option("-o,--output", notice_out,
                         _("the text file to write (must not exist; default: standard output)"));
    VerifyArgs ver;
    std::string verify_path;
    std::string verify_password;
    auto* c_verify = app.add_subcommand(
        "verify", _("check a bundle: exit 0 intact and sealed, 3 intact but not sealed, 1 altered "
                    "or unsafe, 2 unreadable"));
    c_verify->add_option("BUNDLE", verify_path, _("the zip file"))->required();
    c_verify->add_option("--ca", ver.ca, ca_help)->allow_extra_args(false);
    c_verify->add_option("--password-file", verify_password,
                         _("file holding the passphrase of an encrypted bundle"));
    std::optional<std::string> demo_dir;
    auto* c_demo = app.add_subcommand("demo", _("make a sample case and show what Scellé does"));
    c_demo->add_option("-o,--output", demo_dir,
                       _("folder to write it in (default: a new "
                         "temporary folder)"));

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        // --json promises one JSON document on stdout, for a usage error too. The flag may
        // not have been parsed yet when the error came: look for it in the arguments.
        const bool json = ctx.json || std::any_of(argv + 1, argv + argc, [](const char* a) {
                              return std::string_view(a) == "--json";
                          });
        if (json)
            print_usage_error_json(e.what());
        return kExitUsage;
    }
    ctx.store = store_opt.empty() ? core::Store::default_root() : core::utf8_to_path(store_opt);

    if (c_new->parsed())
        return cmd_case_new(ctx, new_args);
    if (c_list->parsed())
        return cmd_case_list(ctx);
    if (c_show->parsed())
        return cmd_case_show(ctx, case_ref);
    if (c_rename->parsed())
        return cmd_case_rename(ctx, case_ref, new_title);
    if (c_acc_add->parsed())
        return cmd_account_add(ctx, case_ref, acc);
    if (c_acc_update->parsed()) {
        core::AccountUpdate update;
        auto change = [](const std::optional<std::string>& value, bool clear) {
            std::optional<std::optional<std::string>> c;
            if (clear)
                c.emplace(std::nullopt);
            else if (value)
                c.emplace(*value);
            return c;
        };
        update.url = change(upd_url, upd_no_url);
        update.display_name = change(upd_display_name, upd_no_display_name);
        update.platform_id = change(upd_platform_id, upd_no_platform_id);
        return cmd_account_update(ctx, case_ref, account_ref, update);
    }
    // --happened, read once for the commands that record an item.
    std::optional<std::string> happened;
    if (happened_typed && !c_describe->parsed()) {
        int rc = kExitOk;
        auto h = happened_arg(ctx, *happened_typed, rc);
        if (!h)
            return rc;
        happened = *h;
    }
    if (c_import->parsed()) {
        for (const auto& f : files)
            imp.files.push_back(core::utf8_to_path(f));
        imp.happened = happened;
        return cmd_import(ctx, case_ref, imp, tsa);
    }
    if (c_link->parsed())
        return cmd_link(ctx, case_ref,
                        core::LinkRequest{url, link_desc, link_account, link_sensitive, happened},
                        tsa);
    if (c_capture->parsed()) {
        cap.happened = happened;
        if (o_region->count() > 0)
            cap.what = CaptureArgs::What::region;
        else if (o_window->count() > 0)
            cap.what = CaptureArgs::What::window;
        else if (o_screen->count() > 0)
            cap.what = CaptureArgs::What::screen;
        else {
            const std::string sentence =
                _("capture: say what to capture: --screen [N], --region X,Y,W,H or "
                  "--window active");
            std::cerr << sentence << '\n';
            if (ctx.json)
                print_usage_error_json(sentence);
            return kExitUsage;
        }
        // `--screen` alone may leave an empty value; anything else must be a number.
        if (!cap_screen.empty() && !cap_screen.front().empty()) {
            int n = 0;
            const std::string& v = cap_screen.front();
            auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc() || end != v.data() + v.size()) {
                const std::string sentence =
                    _("capture: --screen takes a screen number, e.g. --screen 1");
                std::cerr << sentence << '\n';
                if (ctx.json)
                    print_usage_error_json(sentence);
                return kExitUsage;
            }
            cap.screen = n;
        }
        return cmd_capture(ctx, case_ref, cap);
    }
    if (c_describe->parsed()) {
        std::optional<std::optional<std::string>> account;
        if (describe_no_account)
            account.emplace(std::nullopt);
        else if (describe_account)
            account.emplace(*describe_account);
        std::optional<std::optional<std::string>> new_url;
        if (describe_no_url)
            new_url.emplace(std::nullopt);
        else if (describe_url)
            new_url.emplace(*describe_url);
        return cmd_describe(ctx, case_ref, item, describe_text, happened_typed, describe_sensitive,
                            account, new_url);
    }
    if (c_withdraw->parsed())
        return cmd_withdraw(ctx, case_ref, item, text);
    if (c_extract->parsed())
        return cmd_extract(ctx, case_ref, item, core::utf8_to_path(out_path));
    if (c_transcribe->parsed())
        return cmd_transcribe(ctx, case_ref, ocr_items);
    if (c_search->parsed())
        return cmd_search(ctx, case_ref, search_text);
    if (c_suggest->parsed())
        return cmd_suggest(ctx, case_ref);
    if (c_log->parsed())
        return cmd_log(ctx, case_ref);
    if (c_check->parsed())
        return cmd_check(ctx, case_ref, tsa);
    if (c_timestamp->parsed())
        return cmd_timestamp(ctx, case_ref, tsa);
    if (c_export->parsed()) {
        exp.out = core::utf8_to_path(export_out);
        if (!export_password.empty())
            exp.password_file = core::utf8_to_path(export_password);
        return cmd_export(ctx, case_ref, exp);
    }
    if (c_report->parsed()) {
        rep.out = core::utf8_to_path(report_out);
        return cmd_report(ctx, case_ref, rep);
    }
    if (c_notice->parsed()) {
        if (notice_out)
            notice.out = core::utf8_to_path(*notice_out);
        return cmd_notice(ctx, case_ref, notice);
    }
    if (c_verify->parsed()) {
        ver.bundle = core::utf8_to_path(verify_path);
        if (!verify_password.empty())
            ver.password_file = core::utf8_to_path(verify_password);
        return cmd_verify(ctx, ver);
    }
    if (c_demo->parsed())
        return cmd_demo(
            ctx, demo_dir ? std::optional<std::filesystem::path>(core::utf8_to_path(*demo_dir))
                          : std::nullopt);
    return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
    // No exception may end the process with a raw "terminate called": the core returns errors
    // as values, so reaching this handler is a bug, said in one sentence.
    try {
        // UTF-8 arguments on every platform (Windows gives argv in its ANSI code page).
        std::vector<std::string> args = core::utf8_arguments(argc, argv);
        std::vector<char*> pointers;
        for (std::string& a : args)
            pointers.push_back(a.data());
        pointers.push_back(nullptr);
        return run(static_cast<int>(args.size()), pointers.data());
    } catch (const std::exception& e) {
        std::cerr << "scelle-cli: internal error: " << shown(std::string(e.what())) << '\n';
        return kExitFailed;
    }
}
