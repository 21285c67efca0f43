// scelle-cli: the command line over Scellé's core. DESIGN.md "The command line" is the
// interface this file implements; keep names, meanings and exit codes stable.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <exception>
#include <iostream>

#include "cli.h"
#include "scelle/base/version.h"

namespace {

using namespace scelle;
using namespace scelle::cli;

int run(int argc, char** argv) {
    const Lang lang = detect_lang(argc, argv);
    auto T = [lang](const char* en, const char* fr) { return std::string(tr(lang, en, fr)); };

    CLI::App app{T("Scellé: seal online evidence (screenshots, files, links) so that anyone can "
                   "check when it existed and that it was not changed.",
                   "Scellé : mettre sous scellés des preuves en ligne (captures, fichiers, liens) "
                   "pour que chacun puisse vérifier quand elles existaient et qu’elles n’ont pas "
                   "été modifiées."),
                 "scelle-cli"};
    app.set_help_flag("-h,--help", T("print this help and exit", "afficher cette aide et quitter"));
    app.set_version_flag("--version", std::string("scelle-cli ") + kVersion,
                         T("print the version and exit", "afficher la version et quitter"));
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

    const std::string case_help = T("case id, or the start of it if unique",
                                    "identifiant du dossier, ou son début s’il est unique");
    const std::string item_help = T("item number", "numéro de l’élément");
    const std::string desc_help =
        T("what it shows, in your words", "ce qu’il montre, avec vos mots");
    const std::string account_help = T("the account concerned (HANDLE or PLATFORM:HANDLE)",
                                       "le compte concerné (PSEUDO ou PLATEFORME:PSEUDO)");
    Context ctx;
    ctx.lang = lang;
    std::string store_opt;
    std::string lang_opt;
    app.add_option("--store", store_opt,
                   T("store folder (default: $SCELLE_STORE, else ~/.local/share/scelle)",
                     "dossier du magasin (par défaut : $SCELLE_STORE, sinon "
                     "~/.local/share/scelle)"));
    app.add_flag("--json", ctx.json,
                 T("print one JSON document on stdout", "afficher un document JSON sur stdout"));
    app.add_option("--lang", lang_opt, T("language of messages", "langue des messages"))
        ->check(CLI::IsMember({"fr", "en"}));

    // case new | list | show
    auto* c_case = app.add_subcommand(
        "case", T("create, list and show cases", "créer, lister et afficher des dossiers"));
    c_case->require_subcommand(1);
    CaseNewArgs new_args;
    auto* c_new = c_case->add_subcommand(
        "new", T("create a case; prints its id", "créer un dossier ; affiche son identifiant"));
    c_new->add_option("--title", new_args.title, T("a short title", "un titre court"))->required();
    c_new
        ->add_option("--destination", new_args.destination,
                     T("where it will be reported", "à qui il sera signalé"))
        ->check(CLI::IsMember({"pharos", "3018", "police", "platform"}));
    c_new
        ->add_option("--incident", new_args.incidents,
                     T("what happened (repeatable)", "ce qui s’est passé (répétable)"))
        ->check(CLI::IsMember({"grooming", "sextortion", "harassment", "threats", "intimate-images",
                               "impersonation", "hate", "other"}))
        // One value per --incident: a word after it is never taken as a second one.
        ->allow_extra_args(false);
    c_new->add_option("--summary", new_args.summary,
                      T("a few sentences about the facts", "quelques phrases sur les faits"));
    c_new->add_option("--recorded-by", new_args.recorded_by,
                      T("who makes the record (a parent, a volunteer, the child)",
                        "qui constitue le dossier (un parent, un bénévole, l’enfant)"));
    auto* c_list = c_case->add_subcommand("list", T("list the cases", "lister les dossiers"));
    std::string case_ref;
    auto* c_show = c_case->add_subcommand("show", T("show a case", "afficher un dossier"));
    c_show
        ->add_option("CASE", case_ref,
                     T("case id or unique prefix", "identifiant du dossier ou début unique"))
        ->required();

    // account add
    auto* c_account = app.add_subcommand("account", T("offender accounts", "comptes mis en cause"));
    c_account->require_subcommand(1);
    core::AccountRequest acc;
    auto* c_acc_add =
        c_account->add_subcommand("add", T("record an account", "enregistrer un compte"));
    c_acc_add->add_option("CASE", case_ref, case_help)->required();
    c_acc_add
        ->add_option("--platform", acc.platform,
                     T("Instagram, Discord…",
                       "Instagram, "
                       "Discord…"))
        ->required();
    c_acc_add
        ->add_option("--handle", acc.handle,
                     T("the account's name or handle", "le pseudo ou l’identifiant du compte"))
        ->required();
    c_acc_add->add_option("--url", acc.url, T("profile address", "adresse du profil"));
    c_acc_add->add_option("--display-name", acc.display_name,
                          T("name shown on the profile", "nom affiché sur le profil"));
    c_acc_add->add_option("--platform-id", acc.platform_id,
                          T("the platform's own identifier (a Discord user ID…)",
                            "l’identifiant propre à la plateforme (l’ID utilisateur Discord…)"));

    // import
    core::ImportRequest imp;
    std::vector<std::string> files;
    auto* c_import = app.add_subcommand(
        "import", T("import files unchanged (phone screenshots, PDFs, any file)",
                    "importer des fichiers sans les modifier (captures de téléphone, PDF…)"));
    c_import->add_option("CASE", case_ref, case_help)->required();
    c_import->add_option("FILE", files, T("files to import", "fichiers à importer"))->required();
    c_import->add_option("--description", imp.description, desc_help);
    c_import->add_option("--source-url", imp.source_url,
                         T("where the content was seen", "où le contenu a été vu"));
    c_import->add_option("--account", imp.account, account_help);
    std::optional<std::string> happened_typed;
    const std::string happened_help =
        T("when it happened, as you know it: 2025-03-08 or \"2025-03-08 21:04\" (your time "
          "zone), or unknown",
          "quand c’est arrivé, selon vous : 08/03/2025 ou « 08/03/2025 21:04 » (votre heure), "
          "ou inconnu");
    c_import->add_option("--happened", happened_typed, happened_help);
    c_import->add_flag("--sensitive", imp.sensitive,
                       T("shocking content: listed by its hash, never drawn in the report. "
                         "Never import sexual images of a minor: record the link instead "
                         "(scelle-cli link)",
                         "contenu choquant : listé par son empreinte, jamais affiché dans le "
                         "rapport. N’importez jamais d’images sexuelles de mineurs : "
                         "enregistrez plutôt le lien (scelle-cli link)"));

    TsaArgs tsa;
    const std::string tsa_help =
        T("a time-stamp authority to ask (repeatable; replaces "
          "$SCELLE_TSA_URLS and the settings)",
          "une autorité d’horodatage à solliciter (répétable ; remplace "
          "$SCELLE_TSA_URLS et les réglages)");
    const std::string ca_help = T("an extra trust anchor for tokens, PEM file (repeatable)",
                                  "une autorité de confiance de plus pour les jetons, fichier "
                                  "PEM (répétable)");
    const std::string offline_help =
        T("do not ask for a timestamp now (the items stay pending)",
          "ne pas demander d’horodatage maintenant (les éléments restent en attente)");
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
        "link", T("record a link without capturing it (the right choice for sexual images of "
                  "a minor, which must never be captured or kept)",
                  "enregistrer un lien sans rien capturer (le bon choix pour les images "
                  "sexuelles de mineurs, qui ne doivent jamais être capturées ni conservées)"));
    c_link->add_option("CASE", case_ref, case_help)->required();
    c_link
        ->add_option("URL", url,
                     T("the address (http:// or https://)", "l’adresse (http:// ou https://)"))
        ->required();
    c_link->add_option("--description", link_desc, desc_help);
    c_link->add_option("--account", link_account, account_help);
    bool link_sensitive = false;
    c_link->add_flag("--sensitive", link_sensitive,
                     T("it leads to a sexual image of a minor or other shocking content: the "
                       "report prints it as plain text, never as a link one click opens",
                       "il mène à une image sexuelle de mineur ou à un contenu choquant : le "
                       "rapport l’imprime en texte simple, jamais comme un lien qu’un clic "
                       "ouvre"));
    c_link->add_option("--happened", happened_typed, happened_help);
    add_tsa_options(c_link, true);

    // capture
    CaptureArgs cap;
    std::vector<std::string> cap_screen;
    auto* c_capture = app.add_subcommand(
        "capture", T("capture the screen, a region or a window and seal it (the PNG made is the "
                     "original). Never capture sexual images of a minor: record the link instead",
                     "capturer l’écran, une zone ou une fenêtre et la sceller (le PNG produit est "
                     "l’original). Ne capturez jamais d’images sexuelles de mineurs : "
                     "enregistrez plutôt le lien"));
    c_capture->add_option("CASE", case_ref, case_help)->required();
    auto* o_screen = c_capture
                         ->add_option("--screen", cap_screen,
                                      T("the screen numbered N (from 1); without N, all screens",
                                        "l’écran numéro N (à partir de 1) ; sans N, tous les "
                                        "écrans"))
                         ->expected(0, 1);
    auto* o_region = c_capture->add_option(
        "--region", cap.region,
        T("a region X,Y,WIDTH,HEIGHT in pixels", "une zone X,Y,LARGEUR,HAUTEUR en pixels"));
    auto* o_window =
        c_capture->add_option("--window", cap.window,
                              T("the active window (active) or a window's id",
                                "la fenêtre active (active) ou l’identifiant d’une fenêtre"));
    o_screen->excludes(o_region)->excludes(o_window);
    o_region->excludes(o_window);
    c_capture->add_option("--delay", cap.delay_seconds,
                          T("wait this many seconds first (to bring the window to the front)",
                            "attendre ce nombre de secondes avant (pour afficher la fenêtre)"));
    c_capture->add_option("--description", cap.description, desc_help);
    c_capture->add_option("--account", cap.account, account_help);
    c_capture->add_option("--happened", happened_typed, happened_help);
    c_capture->add_option("--tsa", cap.tsa.tsa, tsa_help)->allow_extra_args(false);
    c_capture->add_option("--ca", cap.tsa.ca, ca_help)->allow_extra_args(false);
    c_capture->add_flag("--offline", cap.tsa.offline, offline_help);

    // describe, withdraw, extract
    std::int64_t item = 0;
    std::string text;
    auto* c_describe = app.add_subcommand(
        "describe", T("add a description to an item", "ajouter une description à un élément"));
    c_describe->add_option("CASE", case_ref, case_help)->required();
    c_describe->add_option("ITEM", item, item_help)->required();
    std::optional<std::string> describe_text;
    c_describe->add_option("--description", describe_text, desc_help);
    c_describe->add_option("--happened", happened_typed, happened_help);
    auto* c_withdraw = app.add_subcommand(
        "withdraw", T("withdraw an item: its file is deleted, the log keeps its hash and reason",
                      "retirer un élément : son fichier est supprimé, le journal garde son "
                      "empreinte et le motif"));
    c_withdraw->add_option("CASE", case_ref, case_help)->required();
    c_withdraw->add_option("ITEM", item, item_help)->required();
    c_withdraw
        ->add_option("--reason", text,
                     T("why it is withdrawn (kept in the log)",
                       "pourquoi il est retiré (gardé dans le journal)"))
        ->required();
    std::string out_path;
    auto* c_extract = app.add_subcommand("extract", T("write an item's original bytes to a file",
                                                      "écrire l’original d’un élément dans un "
                                                      "fichier"));
    c_extract->add_option("CASE", case_ref, case_help)->required();
    c_extract->add_option("ITEM", item, item_help)->required();
    c_extract
        ->add_option("-o,--output", out_path,
                     T("file to write (must not exist)", "fichier à écrire (ne doit pas exister)"))
        ->required();

    // log, check, demo
    auto* c_log = app.add_subcommand("log", T("print the custody log",
                                              "afficher le journal de "
                                              "traçabilité"));
    c_log->add_option("CASE", case_ref, case_help)->required();
    auto* c_check = app.add_subcommand(
        "check", T("re-hash every original and re-check the custody log (exit 1 if altered)",
                   "recalculer chaque original et revérifier le journal (code 1 si altéré)"));
    c_check->add_option("CASE", case_ref, case_help)->required();
    c_check->add_option("--ca", tsa.ca, ca_help)->allow_extra_args(false);
    auto* c_timestamp = app.add_subcommand(
        "timestamp", T("ask a time-stamp authority now to seal everything pending (only a "
                       "SHA-256 digest is sent)",
                       "demander maintenant à une autorité d’horodatage de sceller tout ce qui "
                       "est en attente (seule une empreinte SHA-256 est envoyée)"));
    c_timestamp->add_option("CASE", case_ref, case_help)->required();
    add_tsa_options(c_timestamp, false);

    // export, verify
    ExportArgs exp;
    std::string export_out;
    std::string export_password;
    auto* c_export = app.add_subcommand(
        "export", T("write the case as a zip bundle anyone can check with unzip, sha256sum and "
                    "openssl",
                    "écrire le dossier dans une archive zip que chacun peut vérifier avec unzip, "
                    "sha256sum et openssl"));
    c_export->add_option("CASE", case_ref, case_help)->required();
    c_export
        ->add_option("-o,--output", export_out,
                     T("the zip file to write (must not exist)",
                       "le fichier zip à écrire (ne doit pas exister)"))
        ->required();
    c_export->add_flag("--no-report", exp.no_report,
                       T("leave the PDF report out", "ne pas inclure le rapport PDF"));
    c_export->add_flag("--encrypt", exp.encrypt,
                       T("encrypt with a passphrase (AES-256: open it with 7-Zip, not unzip)",
                         "chiffrer avec une phrase secrète (AES-256 : s’ouvre avec 7-Zip, pas "
                         "avec unzip)"));
    c_export->add_option("--password-file", export_password,
                         T("file holding the passphrase (first line)",
                           "fichier contenant la phrase secrète (première ligne)"));
    c_export->add_option("--tsa", exp.tsa.tsa, tsa_help)->allow_extra_args(false);
    c_export->add_option("--ca", exp.tsa.ca, ca_help)->allow_extra_args(false);
    c_export->add_flag("--offline", exp.tsa.offline,
                       T("do not timestamp the bundle's manifest (it is marked unsealed)",
                         "ne pas horodater le manifeste de l’archive (elle est marquée non "
                         "scellée)"));
    ReportArgs rep;
    std::string report_out;
    auto* c_report = app.add_subcommand(
        "report", T("print the case as a PDF report (French or English, per --lang) with the "
                    "guidance for where it will be reported",
                    "imprimer le dossier dans un rapport PDF (français ou anglais, selon --lang) "
                    "avec les conseils pour l’endroit où il sera signalé"));
    c_report->add_option("CASE", case_ref, case_help)->required();
    c_report
        ->add_option("-o,--output", report_out,
                     T("the PDF file to write (must not exist)",
                       "le fichier PDF à écrire (ne doit pas exister)"))
        ->required();
    c_report->add_option("--template", rep.destination,
                         T("pharos, 3018, police or platform (default: the case's destination, "
                           "else police)",
                           "pharos, 3018, police ou platform (par défaut : la destination du "
                           "dossier, sinon police)"));
    VerifyArgs ver;
    std::string verify_path;
    std::string verify_password;
    auto* c_verify = app.add_subcommand(
        "verify", T("check a bundle: exit 0 intact and sealed, 3 intact but not sealed, 1 altered "
                    "or unsafe, 2 unreadable",
                    "vérifier une archive : code 0 intacte et scellée, 3 intacte mais non "
                    "scellée, 1 altérée ou dangereuse, 2 illisible"));
    c_verify->add_option("BUNDLE", verify_path, T("the zip file", "le fichier zip"))->required();
    c_verify->add_option("--ca", ver.ca, ca_help)->allow_extra_args(false);
    c_verify->add_option("--password-file", verify_password,
                         T("file holding the passphrase of an encrypted bundle",
                           "fichier contenant la phrase secrète d’une archive chiffrée"));
    std::optional<std::string> demo_dir;
    auto* c_demo = app.add_subcommand("demo", T("make a sample case and show what Scellé does",
                                                "créer un dossier d’exemple et montrer ce que "
                                                "fait Scellé"));
    c_demo->add_option("-o,--output", demo_dir,
                       T("folder to write it in (default: a new "
                         "temporary folder)",
                         "dossier où l’écrire (par défaut : un "
                         "nouveau dossier temporaire)"));

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
    ctx.store = store_opt.empty() ? core::Store::default_root() : std::filesystem::path(store_opt);

    if (c_new->parsed())
        return cmd_case_new(ctx, new_args);
    if (c_list->parsed())
        return cmd_case_list(ctx);
    if (c_show->parsed())
        return cmd_case_show(ctx, case_ref);
    if (c_acc_add->parsed())
        return cmd_account_add(ctx, case_ref, acc);
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
            imp.files.emplace_back(f);
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
                T("capture: say what to capture: --screen [N], --region X,Y,W,H or "
                  "--window active",
                  "capture : dites quoi capturer : --screen [N], --region X,Y,L,H ou "
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
                    T("capture: --screen takes a screen number, e.g. --screen 1",
                      "capture : --screen prend un numéro d’écran, par exemple --screen 1");
                std::cerr << sentence << '\n';
                if (ctx.json)
                    print_usage_error_json(sentence);
                return kExitUsage;
            }
            cap.screen = n;
        }
        return cmd_capture(ctx, case_ref, cap);
    }
    if (c_describe->parsed())
        return cmd_describe(ctx, case_ref, item, describe_text, happened_typed);
    if (c_withdraw->parsed())
        return cmd_withdraw(ctx, case_ref, item, text);
    if (c_extract->parsed())
        return cmd_extract(ctx, case_ref, item, out_path);
    if (c_log->parsed())
        return cmd_log(ctx, case_ref);
    if (c_check->parsed())
        return cmd_check(ctx, case_ref, tsa);
    if (c_timestamp->parsed())
        return cmd_timestamp(ctx, case_ref, tsa);
    if (c_export->parsed()) {
        exp.out = export_out;
        if (!export_password.empty())
            exp.password_file = std::filesystem::path(export_password);
        return cmd_export(ctx, case_ref, exp);
    }
    if (c_report->parsed()) {
        rep.out = report_out;
        return cmd_report(ctx, case_ref, rep);
    }
    if (c_verify->parsed()) {
        ver.bundle = verify_path;
        if (!verify_password.empty())
            ver.password_file = std::filesystem::path(verify_password);
        return cmd_verify(ctx, ver);
    }
    if (c_demo->parsed())
        return cmd_demo(ctx,
                        demo_dir ? std::optional<std::filesystem::path>(*demo_dir) : std::nullopt);
    return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
    // No exception may end the process with a raw "terminate called": the core returns errors
    // as values, so reaching this handler is a bug, said in one sentence.
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "scelle-cli: internal error: " << shown(std::string(e.what())) << '\n';
        return kExitFailed;
    }
}
