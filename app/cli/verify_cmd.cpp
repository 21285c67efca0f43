// `verify BUNDLE.zip`: checks an evidence bundle (core::verify_bundle) and says, in plain
// words, whether it is intact and sealed, then every problem by path, then what was checked.
// Exit codes: 0 intact and sealed by a trusted TSA, 3 intact but not (trusted-)sealed, 1
// altered, incomplete or unsafe, 2 unreadable or a usage error.
#include <fstream>
#include <iostream>
#include <set>

#include "cli.h"
#include "scelle/base/text.h"
#include "scelle/bundle/bundle_verify.h"

namespace scelle::cli {

using core::BundleProblem;
using core::BundleReport;
using core::BundleVerdict;
using nlohmann::json;

namespace {

// One sentence per problem kind. The English detail (line numbers, hashes) follows in English.
std::string problem_message(const BundleProblem& p, Lang l) {
    const std::string& k = p.kind;
    auto t = [l](const char* en, const char* fr) { return std::string(tr(l, en, fr)); };
    if (k == "not_found")
        return t("the file does not exist", "le fichier n’existe pas");
    if (k == "not_a_file")
        return t("this is not a file", "ce n’est pas un fichier");
    if (k == "empty_file")
        return t("the file is empty", "le fichier est vide");
    if (k == "not_a_zip")
        return t("this is not a zip archive", "ce n’est pas une archive zip");
    if (k == "truncated")
        return t("the zip archive is truncated or damaged", "l’archive zip est tronquée ou abîmée");
    if (k == "inconsistent_zip" || k == "read_error" || k == "empty_zip")
        return t("the zip archive cannot be read", "l’archive zip ne peut pas être lue");
    if (k == "zip_extra_bytes")
        return t(
            "the file holds bytes outside its zip archive (before, between or after its "
            "parts)",
            "le fichier contient des octets hors de son archive zip (avant, entre ou après "
            "ses parties)");
    if (k == "zip_second_archive")
        return t("the file holds a second zip archive: other tools could show other files",
                 "le fichier contient une seconde archive zip : d’autres outils pourraient "
                 "montrer d’autres fichiers");
    if (k == "zip_header_mismatch")
        return t("the zip entry’s two headers disagree: other tools could read it otherwise",
                 "les deux en-têtes de l’entrée zip ne concordent pas : d’autres outils "
                 "pourraient la lire autrement");
    if (k == "zip_layout")
        return t("the zip archive is not laid out as a bundle must be",
                 "l’archive zip n’est pas agencée comme une archive Scellé doit l’être");
    if (k == "passphrase_needed")
        return t("the bundle is encrypted: give its passphrase with --password-file",
                 "l’archive est chiffrée : donnez sa phrase secrète avec --password-file");
    if (k == "wrong_passphrase")
        return t("the passphrase is wrong", "la phrase secrète est fausse");
    if (k == "unsupported_version" || k == "unsupported_case_schema" ||
        k == "unsupported_log_action")
        return t("this bundle was made by a newer version of the format; update Scellé",
                 "cette archive suit une version plus récente du format ; mettez Scellé à jour");
    if (k == "unsafe_name")
        return t("dangerous entry name", "nom d’entrée dangereux");
    if (k == "duplicate_name")
        return t("two entries have this name", "deux entrées portent ce nom");
    if (k == "symlink")
        return t("symbolic link (refused)", "lien symbolique (refusé)");
    if (k == "special_file")
        return t("not a regular file (refused)", "pas un fichier ordinaire (refusé)");
    if (k == "outside_bundle_folder")
        return t("outside the bundle’s single folder", "hors du dossier unique de l’archive");
    if (k == "too_many_entries")
        return t("too many entries (more than 100,000)", "trop d’entrées (plus de 100 000)");
    if (k == "entry_too_large" || k == "total_too_large" || k == "too_large")
        return t("too large to be a bundle’s file", "trop grand pour un fichier d’archive");
    if (k == "compression_ratio" || k == "size_mismatch")
        return t("zip bomb: it inflates far beyond its size",
                 "bombe zip : se décompresse bien au-delà de sa taille");
    if (k == "unsupported_compression" || k == "unsupported_encryption")
        return t("compression or encryption method not allowed in a bundle",
                 "méthode de compression ou de chiffrement non admise dans une archive");
    if (k == "zip_comment_mismatch")
        return t("the zip archive’s comment was changed (it is not the fixed note of the format)",
                 "le commentaire de l’archive zip a été modifié (ce n’est pas la note fixe du "
                 "format)");
    if (k == "partly_encrypted")
        return t("only some files are encrypted", "seuls certains fichiers sont chiffrés");
    if (k == "entry_corrupt")
        return t("damaged inside the zip (its check code no longer matches its data)",
                 "abîmé dans le zip (son code de contrôle ne correspond plus à ses données)");
    if (k == "missing_file")
        return t("required file missing", "fichier obligatoire absent");
    if (k == "unexpected_file")
        return t("file not allowed in a bundle (added?)",
                 "fichier non admis dans une archive (ajouté ?)");
    if (k == "manifest_malformed")
        return t("the manifest is malformed", "le manifeste est mal formé");
    if (k == "listed_but_missing")
        return t("listed in the manifest but missing (removed or renamed?)",
                 "listé dans le manifeste mais absent (retiré ou renommé ?)");
    if (k == "not_in_manifest")
        return t("present but not listed in the manifest (added or renamed?)",
                 "présent mais absent du manifeste (ajouté ou renommé ?)");
    if (k == "hash_mismatch")
        return t("changed: its SHA-256 is not the manifest’s",
                 "modifié : son SHA-256 n’est pas celui du manifeste");
    if (k == "bagit_invalid" || k == "bag_info_invalid")
        return t("not as the BagIt format requires", "non conforme au format BagIt");
    if (k == "payload_oxum_mismatch")
        return t("Payload-Oxum does not match the files present",
                 "Payload-Oxum ne correspond pas aux fichiers présents");
    if (k == "case_json_invalid")
        return t("case.json is not valid JSON", "case.json n’est pas un JSON valide");
    if (k == "case_schema_invalid")
        return t("case.json does not follow its schema", "case.json ne suit pas son schéma");
    if (k == "case_mismatch")
        return t("case.json, the evidence files, the manifest and the custody log disagree",
                 "case.json, les preuves, le manifeste et le journal ne concordent pas");
    if (k == "log_chain_broken" || k == "log_malformed") {
        // The detail starts with "line N": say which line in either language.
        std::string where;
        if (p.detail.rfind("line ", 0) == 0) {
            const std::string n = p.detail.substr(5, p.detail.find(' ', 5) - 5);
            where = trf(l, "line {}: ", "ligne {} : ", n);
        }
        if (k == "log_malformed")
            return where + t("the custody log is malformed here",
                             "le journal de traçabilité est mal formé ici");
        return where + t("the custody log’s chain is broken here (a line changed, removed or "
                         "moved)",
                         "la chaîne du journal de traçabilité est rompue ici (ligne modifiée, "
                         "retirée ou déplacée)");
    }
    if (k == "token_imprint_mismatch")
        return t("this time-stamp does not cover the data it names (replaced or data changed)",
                 "cet horodatage ne couvre pas les données qu’il désigne (remplacé, ou données "
                 "modifiées)");
    if (k == "token_not_recorded")
        return t("this time-stamp is not the one the custody log recorded (replaced or added)",
                 "cet horodatage n’est pas celui que le journal a enregistré (remplacé ou "
                 "ajouté)");
    if (k == "token_missing")
        return t(
            "the custody log records this time-stamp, but the bundle does not hold it "
            "(removed)",
            "le journal enregistre cet horodatage, mais l’archive ne le contient pas "
            "(retiré)");
    if (k == "certs_mismatch")
        return t("not the certificates the time-stamps carry (added or changed)",
                 "pas les certificats que portent les horodatages (ajoutés ou modifiés)");
    if (k == "time_mismatch")
        return t("the time-stamp’s time is not the one the custody log recorded",
                 "l’heure de cet horodatage n’est pas celle que le journal a enregistrée");
    if (k == "report_not_recorded")
        return t(
            "no line of the custody log records this report: only the manifest’s "
            "time-stamp covers it",
            "aucune ligne du journal n’enregistre ce rapport : seul l’horodatage du "
            "manifeste le couvre");
    if (k == "time_disagreement")
        return t(
            "the manifest was time-stamped long before or after the export time the "
            "bundle gives (re-sealed later?)",
            "le manifeste a été horodaté bien avant ou bien après l’heure d’export "
            "indiquée par l’archive (rescellée plus tard ?)");
    if (k == "token_not_granted" || k == "token_invalid")
        return t("this time-stamp is not valid (status, signature or certificate)",
                 "cet horodatage n’est pas valide (statut, signature ou certificat)");
    return shown(p.detail);
}

std::string verdict_line(const BundleReport& r, Lang l) {
    const core::BundleToken* mt = r.manifest_token();
    switch (r.verdict) {
        case BundleVerdict::intact_and_sealed:
            return trf(l, "Intact and sealed bundle: time-stamped by {} at {} (TSA time).",
                       "Archive intacte et scellée : horodatée par {} le {} (heure de "
                       "l’autorité).",
                       shown(mt->tsa), shown(mt->gen_time));
        case BundleVerdict::intact_unsealed:
            if (mt != nullptr && mt->trusted) {
                // The manifest's seal is trusted, a log time-stamp is not: say which.
                std::string which;
                for (const auto& t : r.tokens)
                    if (!t.trusted)
                        which += (which.empty() ? "" : ", ") + shown(t.path) + " (" +
                                 (t.tsa.empty() ? "?" : shown(t.tsa)) + ")";
                return trf(l,
                           "Intact bundle, but not every seal is from an authority you trust: "
                           "{}. The items these time-stamps cover are not proven to have existed "
                           "at their time.",
                           "Archive intacte, mais tous ses scellés ne viennent pas d’une "
                           "autorité de confiance : {}. Rien ne prouve que les éléments couverts "
                           "par ces horodatages existaient à leur date.",
                           which);
            }
            if (mt == nullptr)
                return tr(l,
                          "Intact bundle, but not sealed: its manifest has no time-stamp, so "
                          "nothing proves when it was made.",
                          "Archive intacte, mais non scellée : son manifeste n’est pas horodaté, "
                          "rien ne prouve donc quand elle a été faite.");
            // Naming a CA helps only when the chain stops for want of one; an expired or
            // otherwise invalid certificate is said as such.
            if (!mt->anchor_missing)
                return trf(l,
                           "Intact bundle, but not sealed: the certificate of the time-stamp by "
                           "{} at {} is not valid ({}).",
                           "Archive intacte, mais non scellée : le certificat de l’horodatage de "
                           "{} du {} n’est pas valide ({}).",
                           shown(mt->tsa), shown(mt->gen_time), shown(mt->detail));
            return trf(l,
                       "Intact bundle, but not sealed by an authority you trust: the "
                       "time-stamp by {} at {} does not chain to your trust anchors (name its "
                       "CA with --ca).",
                       "Archive intacte, mais non scellée par une autorité de confiance : "
                       "l’horodatage de {} du {} ne remonte pas à vos autorités de confiance "
                       "(indiquez son autorité avec --ca).",
                       shown(mt->tsa), shown(mt->gen_time));
        case BundleVerdict::altered:
            return trf(l, "Altered or incomplete bundle: {} problem(s).",
                       "Archive altérée ou incomplète : {} problème(s).",
                       r.problems.size() + static_cast<std::size_t>(r.problems_omitted));
        case BundleVerdict::unsafe:
            return tr(l, "Unsafe bundle, refused: its structure is hostile; nothing was extracted.",
                      "Archive dangereuse, refusée : sa structure est hostile ; rien n’a été "
                      "extrait.");
        case BundleVerdict::unreadable:
            break;
    }
    return trf(l, "Unreadable bundle: {}.", "Archive illisible : {}.",
               r.problems.empty() ? std::string("?") : problem_message(r.problems.front(), l));
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

// What each check of the report looked at, in words.
std::string check_label(const std::string& name, Lang l) {
    static const struct {
        const char* name;
        const char* en;
        const char* fr;
    } kLabels[] = {
        {"zip_structure", "zip structure", "structure du zip"},
        {"duplicates", "no duplicate names", "aucun nom en double"},
        {"entry_names", "safe names", "noms sans danger"},
        {"limits", "size limits", "limites de taille"},
        {"entries_read", "every file readable", "chaque fichier lisible"},
        {"layout", "expected files only", "seulement les fichiers attendus"},
        {"bagit", "bagit.txt", "bagit.txt"},
        {"bag_info", "bag-info.txt", "bag-info.txt"},
        {"manifest", "evidence hashes (manifest)", "empreintes des preuves (manifeste)"},
        {"tagmanifest", "other files' hashes (tag manifest)",
         "empreintes des autres fichiers (manifeste des métadonnées)"},
        {"custody_log", "custody log chain", "chaîne du journal de traçabilité"},
        {"case_json", "case.json against the evidence and the log",
         "case.json face aux preuves et au journal"},
        {"tokens", "time-stamps", "horodatages"},
        {"report", "the report recorded in the custody log", "le rapport inscrit au journal"},
    };
    for (const auto& c : kLabels)
        if (name == c.name)
            return tr(l, c.en, c.fr);
    return name;
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
    if (kind == "screenshot")
        return tr(l, "screenshot", "capture d’écran");
    if (kind == "file")
        return tr(l, "file", "fichier");
    if (kind == "link")
        return tr(l, "link", "lien");
    return kind;
}

void print_item_seals(const BundleReport& r, Lang l) {
    if (r.item_seals.empty() || !r.intact())
        return;
    std::cout << tr(l, "When each item was sealed (the time-stamp authority's time):",
                    "Quand chaque élément a été scellé (heure de l’autorité d’horodatage) :")
              << '\n';
    auto when = [l](const core::SealTime& s) {
        return trf(l, "{} by {}{}", "{} par {}{}", utc_text(s.gen_time),
                   s.tsa.empty() ? "?" : shown(s.tsa),
                   s.trusted ? "" : tr(l, " (not trusted)", " (non reconnue)"));
    };
    for (const auto& s : r.item_seals) {
        std::string line =
            trf(l, "  item {} ({}), recorded {}: ", "  élément {} ({}), enregistré le {} : ", s.seq,
                kind_text(s.kind, l), utc_text(s.recorded_at));
        if (!s.first)
            line += tr(l, "no time-stamp covers it", "aucun horodatage ne le couvre");
        else if (s.first->token == s.last->token)
            line += trf(l, "sealed {}", "scellé le {}", when(*s.first));
        else
            line += trf(l, "first sealed {}; last {}", "scellé d’abord le {} ; en dernier le {}",
                        when(*s.first), when(*s.last));
        std::cout << line << '\n';
    }
}

void print_human(const BundleReport& r, Lang l) {
    std::cout << verdict_line(r, l) << '\n';
    std::set<std::string> said;  // one line per distinct sentence (a swap breaks a line twice)
    for (const auto& p : r.problems) {
        // Entry names come escaped from the reader (printable_name); a manifest's line does not.
        const std::string path = core::is_terminal_safe(p.path) ? p.path : shown(p.path);
        std::string line =
            "  ✗ " + (p.path.empty() ? std::string(tr(l, "(the file)", "(le fichier)")) : path);
        line += tr(l, ": ", " : ") + problem_message(p, l);
        // The detail says which line, field or value: in English (it names JSON fields and
        // quotes values), in both languages, since without it a person cannot see what changed.
        if (!p.detail.empty() && shown(p.detail) != problem_message(p, l))
            line += l == Lang::en ? " (" + shown(p.detail) + ")"
                                  : " (détail : " + shown(p.detail) + ")";
        if (said.insert(line).second)
            std::cout << line << '\n';
    }
    if (r.problems_omitted > 0)
        std::cout << trf(l, "  … and {} more problem(s).", "  … et {} autre(s) problème(s).",
                         r.problems_omitted)
                  << '\n';
    for (const auto& n : r.notes) {
        std::string line = "  ⚠ " + shown(n.path) + tr(l, ": ", " : ") + problem_message(n, l);
        // The times are in the detail; the other notes' sentence says it all.
        if (n.kind == "time_disagreement")
            line += l == Lang::en ? " (" + shown(n.detail) + ")"
                                  : " (détail : " + shown(n.detail) + ")";
        std::cout << line << '\n';
    }
    print_item_seals(r, l);
    for (const auto& t : r.tokens) {
        const std::string what =
            t.covers ? trf(l, "Time-stamp of custody log lines 1 to {}",
                           "Horodatage des lignes 1 à {} du journal", *t.covers)
                     : std::string(tr(l, "Time-stamp of the manifest", "Horodatage du manifeste"));
        const char* state =
            t.trusted  ? tr(l, "verified, trusted authority", "vérifié, autorité de confiance")
            : t.intact ? tr(l, "valid, but not from an authority you trust",
                            "valide, mais d’une autorité que vous ne reconnaissez "
                            "pas")
                       : tr(l, "NOT valid", "NON valide");
        std::cout << "  " << what << tr(l, ": ", " : ") << (t.tsa.empty() ? "?" : shown(t.tsa))
                  << ", " << (t.gen_time.empty() ? "?" : shown(t.gen_time)) << " — " << state
                  << " (" << shown(t.path) << ")\n";
    }
    std::string passed;
    std::string failed;
    for (const auto& c : r.checks) {
        std::string& to = c.outcome == crypto::CheckOutcome::passed ? passed : failed;
        if (c.outcome == crypto::CheckOutcome::not_run)
            continue;
        to += (to.empty() ? "" : ", ") + check_label(c.name, l);
    }
    if (!passed.empty())
        std::cout << tr(l, "Checked and holding: ", "Vérifié et conforme : ") << passed << '\n';
    if (!failed.empty())
        std::cout << tr(l, "Checked and failing: ", "Vérifié et en échec : ") << failed << '\n';
}

}  // namespace

int cmd_verify(const Context& ctx, const VerifyArgs& args) {
    const Lang l = ctx.lang;
    core::VerifyOptions options;
    if (args.password_file) {
        std::ifstream in(*args.password_file, std::ios::binary);
        std::string pass;
        if (!in || !std::getline(in, pass)) {
            std::cerr << "scelle-cli: "
                      << trf(l, "the passphrase file “{}” cannot be read.",
                             "le fichier de phrase secrète « {} » ne peut pas être lu.",
                             shown(*args.password_file))
                      << '\n';
            if (ctx.json)
                print_json({{"error",
                             {{"code", errc_name(Errc::input_unreadable)},
                              {"subject", args.password_file->string()}}}});
            return kExitUsage;
        }
        if (!pass.empty() && pass.back() == '\r')
            pass.pop_back();
        options.passphrase = std::move(pass);  // wipes `pass`
    }
    int code = kExitOk;
    auto setup = prepare_sealing(ctx, TsaArgs{{}, args.ca, false}, code);
    if (!setup)
        return code;
    options.trust = &setup->trust;
    const BundleReport r = core::verify_bundle(args.bundle, options);
    if (ctx.json)
        print_json(report_json(args, r));
    else
        print_human(r, l);
    return jobs::exit_code(r.verdict);
}

}  // namespace scelle::cli
