// VERIFY-en.txt and VERIFY-fr.txt: how an investigator checks this bundle by hand on a
// machine without Scellé, with unzip (or 7-Zip), sha256sum and openssl. Each text names the
// exact files and line counts of the bundle it is in. The French text is written for French
// families, associations and police: proper accents and French typography (« », ’).
#include <fmt/format.h>

#include "bundle_writer_internal.h"
#include "scelle/core/bundle_format.h"
#include "scelle/core/version.h"

namespace scelle::core::bundle_internal {

namespace {

// "-untrusted timestamps/tsa-certs.pem" when the bundle carries the TSA certificates.
std::string untrusted(const VerifyTextFacts& f) {
    return f.have_certs ? fmt::format(" -untrusted {}", bundle::kTsaCerts) : std::string();
}

std::string verify_cmd(const VerifyTextFacts& f, std::string_view data, std::string_view token,
                       std::string_view ca) {
    return fmt::format("     openssl ts -verify -data {} -in {} -CAfile {}{}\n", data, token, ca,
                       untrusted(f));
}

}  // namespace

std::string make_verify_text_en(const VerifyTextFacts& f) {
    std::string t;
    t += "HOW TO CHECK THIS EVIDENCE BUNDLE (without Scellé)\n";
    t += "==================================================\n\n";
    t += fmt::format("Bundle folder:  {}/\n", f.folder);
    t += fmt::format("Case:           {}\n", f.case_id);
    t += fmt::format("Exported:       {} (UTC), by Scellé {}\n", f.exported_at, kVersion);
    if (f.sealed && f.manifest_token)
        t += fmt::format(
            "Sealed:         YES, by the time-stamp authority {}\n"
            "                at {} (the authority's time, UTC)\n",
            f.manifest_token->tsa, f.manifest_token->gen_time);
    else
        t += "Sealed:         NO - this bundle was NOT sealed when it was exported\n"
             "                (see \"If the bundle is not sealed\" at the end).\n";
    t += "\n";
    t += "This bundle holds the original evidence files, byte for byte, a description of the\n"
         "case (data/case.json), its custody log (data/custody-log.jsonl) and time-stamp\n"
         "tokens (RFC 3161) from independent time-stamp authorities (timestamps/). Everything\n"
         "can be checked with three standard tools: unzip (or 7-Zip), sha256sum and openssl.\n"
         "On Windows, use WSL or Git Bash. Type each command below in a terminal, as shown.\n\n";

    t += "1. UNPACK THE BUNDLE\n\n";
    if (f.encrypted)
        t += fmt::format(
            "     7z x {}\n\n"
            "   The bundle is encrypted (AES-256): 7-Zip asks for the passphrase.\n"
            "   Plain unzip cannot open it.\n",
            f.zip_name);
    else
        t += fmt::format("     unzip {}\n", f.zip_name);
    t += fmt::format("     cd {}\n\n", f.folder);
    t += "   (If the file was renamed, use its new name; the folder name stays the same.)\n\n";

    t += "2. CHECK THE EVIDENCE FILES\n\n"
         "     sha256sum -c --strict manifest-sha256.txt\n\n";
    t += fmt::format(
        "   manifest-sha256.txt gives the SHA-256 fingerprint of every file under data/: the\n"
        "   {} evidence file(s) in data/evidence/, data/case.json and data/custody-log.jsonl{}.\n"
        "   Every line must end with \"OK\". \"FAILED\" means that file was changed after the\n"
        "   export; \"No such file or directory\" means it was removed. To make sure nothing was\n"
        "   added, this must print {}:\n\n"
        "     find data -type f | wc -l\n\n",
        f.evidence_files, f.has_report ? ",\n   and the report data/report.pdf" : "",
        f.evidence_files + 2 + (f.has_report ? 1 : 0));

    t += "3. CHECK THE BUNDLE'S OWN FILES\n\n"
         "     sha256sum -c --strict tagmanifest-sha256.txt\n\n"
         "   The same check for bagit.txt, bag-info.txt, manifest-sha256.txt, the time-stamp\n"
         "   tokens and these instructions. Every line must end with \"OK\".\n\n";

    const std::string ca = "CA.pem";
    t += "4. CHECK THE SEAL (the time-stamp over the manifest)\n\n";
    if (f.sealed) {
        t += verify_cmd(f, bundle::kManifest, bundle::kManifestToken, ca);
        t += fmt::format(
            "\n   \"Verification: OK\" means that a time-stamp authority certified that\n"
            "   manifest-sha256.txt, and therefore every file it lists with its fingerprint,\n"
            "   existed exactly as it is now at the time written in the token. To read that\n"
            "   time (\"Time stamp:\", UTC) and the authority (\"TSA:\"):\n\n"
            "     openssl ts -reply -in {} -text\n\n",
            bundle::kManifestToken);
    } else {
        t += fmt::format(
            "   This bundle has no {}: it was not sealed at export.\n"
            "   Skip this step (see the end of this text).\n\n",
            bundle::kManifestToken);
    }
    if (f.sealed || !f.log_token_covers.empty()) {
        t +=
            "   CA.pem is the root certificate of the time-stamp authority, which YOU obtain from\n"
            "   a source you trust (the authority's website, your organisation's IT department).\n"
            "   On Debian or Ubuntu, the system file /etc/ssl/certs/ca-certificates.crt holds\n"
            "   the roots of the public authorities Scellé asks by default. Never use a\n"
            "   certificate taken from this bundle as CA.pem:";
        t += f.have_certs ? fmt::format(
                                " {} only helps to link the\n"
                                "   token to the root, it proves nothing by being there.\n\n",
                                bundle::kTsaCerts)
                          : " anyone can put a certificate in a zip.\n\n";
    }

    t += "5. CHECK THE TIME-STAMPS OF THE CUSTODY LOG\n\n";
    t += fmt::format(
        "   data/custody-log.jsonl has {} line(s), one per action (case created, file\n"
        "   imported, description added...). Each line holds the SHA-256 of the line before\n"
        "   it, so no line can be changed, removed or moved without breaking the chain.\n",
        f.log_lines);
    if (f.log_token_covers.empty()) {
        t += "   No time-stamp was obtained over the custody log before the export (the\n"
             "   computer was offline, or no authority answered): there is nothing to check in\n"
             "   this step.\n\n";
    } else {
        t += "   A token over the first K lines proves that those lines, and the fingerprints\n"
             "   of the evidence they record, existed at the token's time, usually minutes\n"
             "   after the capture, long before the export. For each token of this bundle:\n\n";
        for (std::int64_t k : f.log_token_covers) {
            const std::string prefix = fmt::format("../custody-log-first-{}-lines.txt", k);
            const std::string token = bundle::log_token_path(k);
            t += fmt::format("   Lines 1 to {}:\n", k);
            t += fmt::format("     head -n {} data/custody-log.jsonl > {}\n", k, prefix);
            t += verify_cmd(f, prefix, token, ca);
            t += fmt::format("     openssl ts -reply -in {} -text\n\n", token);
        }
        t +=
            "   An evidence file is covered by every token whose K is at least the \"log_line\"\n"
            "   of its item in data/case.json; its \"timestamp\" entry there names the earliest.\n";
        if (f.items_not_covered > 0)
            t += fmt::format(
                "   {} item(s) are recorded after the last token: for them, only the\n"
                "   seal of step 4 (if any) dates them.\n",
                f.items_not_covered);
        t += "\n";
    }

    t += "6. WHAT THE RESULTS MEAN\n\n"
         "   - Every check says OK: the bundle is intact";
    t += f.sealed ? ", and sealed at the time given by the\n"
                    "     authority in step 4.\n"
                  : ".\n";
    t += "   - A line says FAILED in step 2 or 3, or \"message imprint mismatch\" in step 4 or\n"
         "     5: the file named, or the log, was changed after it was sealed. Do not rely on\n"
         "     it; tell whoever gave you the bundle.\n"
         "   - \"unable to get local issuer certificate\" or \"certificate verify error\": your\n"
         "     CA.pem does not hold the authority's root. This is not a sign of tampering: get\n"
         "     the right root certificate and check again.\n\n";

    t += "IF THE BUNDLE IS NOT SEALED\n\n";
    if (f.sealed)
        t += "   This bundle is sealed: this section does not apply to it.\n";
    else
        t += "   No time-stamp authority could be reached when this bundle was exported (the\n"
             "   computer was offline, or every authority failed), so the export itself is not\n"
             "   dated by a third party. Steps 2 and 3 still show whether anything changed since\n"
             "   the manifests were written, but whoever made the bundle could have rewritten\n"
             "   both a file and its line. The custody-log tokens of step 5, if any, still prove\n"
             "   what they cover. The person who exported it can export it again once online to\n"
             "   get a sealed bundle.\n";
    return t;
}

std::string make_verify_text_fr(const VerifyTextFacts& f) {
    std::string t;
    t += "COMMENT VÉRIFIER CETTE ARCHIVE DE PREUVES (sans Scellé)\n";
    t += "=======================================================\n\n";
    t += fmt::format("Dossier de l’archive : {}/\n", f.folder);
    t += fmt::format("Affaire :              {}\n", f.case_id);
    t += fmt::format("Exportée le :          {} (UTC), par Scellé {}\n", f.exported_at, kVersion);
    if (f.sealed && f.manifest_token)
        t += fmt::format(
            "Scellée :              OUI, par l’autorité d’horodatage {}\n"
            "                       le {} (heure de l’autorité, UTC)\n",
            f.manifest_token->tsa, f.manifest_token->gen_time);
    else
        t += "Scellée :              NON — cette archive n’a PAS été scellée lors de l’export\n"
             "                       (voir « Si l’archive n’est pas scellée » à la fin).\n";
    t += "\n";
    t += "Cette archive contient les fichiers de preuve originaux, à l’octet près, une\n"
         "description de l’affaire (data/case.json), son journal de traçabilité\n"
         "(data/custody-log.jsonl) et des jetons d’horodatage (RFC 3161) délivrés par des\n"
         "autorités d’horodatage indépendantes (timestamps/). Tout se vérifie avec trois\n"
         "outils standard : unzip (ou 7-Zip), sha256sum et openssl. Sous Windows, utilisez\n"
         "WSL ou Git Bash. Tapez chaque commande ci-dessous dans un terminal, telle quelle.\n\n";

    t += "1. DÉCOMPRESSER L’ARCHIVE\n\n";
    if (f.encrypted)
        t += fmt::format(
            "     7z x {}\n\n"
            "   L’archive est chiffrée (AES-256) : 7-Zip demande la phrase secrète.\n"
            "   La commande unzip ne sait pas l’ouvrir.\n",
            f.zip_name);
    else
        t += fmt::format("     unzip {}\n", f.zip_name);
    t += fmt::format("     cd {}\n\n", f.folder);
    t += "   (Si le fichier a été renommé, utilisez son nouveau nom ; le nom du dossier ne\n"
         "   change pas.)\n\n";

    t += "2. VÉRIFIER LES FICHIERS DE PREUVE\n\n"
         "     sha256sum -c --strict manifest-sha256.txt\n\n";
    t += fmt::format(
        "   Le fichier manifest-sha256.txt donne l’empreinte SHA-256 de chaque fichier du\n"
        "   dossier data/ : les fichiers de preuve de data/evidence/ ({} au total),\n"
        "   data/case.json et data/custody-log.jsonl{}. Chaque ligne doit se terminer par\n"
        "   « Réussi » (« OK » sur un système en anglais). « Échec » (« FAILED ») signifie que\n"
        "   ce fichier a été modifié après l’export ; « Aucun fichier ou dossier de ce type »\n"
        "   (« No such file or directory ») signifie qu’il a été supprimé. Pour s’assurer que\n"
        "   rien n’a été ajouté, cette commande doit afficher {} :\n\n"
        "     find data -type f | wc -l\n\n",
        f.evidence_files, f.has_report ? ",\n   ainsi que le rapport data/report.pdf" : "",
        f.evidence_files + 2 + (f.has_report ? 1 : 0));

    t += "3. VÉRIFIER LES FICHIERS PROPRES À L’ARCHIVE\n\n"
         "     sha256sum -c --strict tagmanifest-sha256.txt\n\n"
         "   Même vérification pour bagit.txt, bag-info.txt, manifest-sha256.txt, les jetons\n"
         "   d’horodatage et les présentes instructions. Chaque ligne doit finir par\n"
         "   « Réussi » (ou « OK »).\n\n";

    const std::string ca = "CA.pem";
    t += "4. VÉRIFIER LE SCELLEMENT (l’horodatage du manifeste)\n\n";
    if (f.sealed) {
        t += verify_cmd(f, bundle::kManifest, bundle::kManifestToken, ca);
        t += fmt::format(
            "\n   « Verification: OK » signifie qu’une autorité d’horodatage a certifié que\n"
            "   manifest-sha256.txt, et donc chaque fichier qu’il énumère avec son empreinte,\n"
            "   existait exactement tel quel à l’heure inscrite dans le jeton. Pour lire cette\n"
            "   heure (« Time stamp: », en UTC) et le nom de l’autorité (« TSA: ») :\n\n"
            "     openssl ts -reply -in {} -text\n\n",
            bundle::kManifestToken);
    } else {
        t += fmt::format(
            "   Cette archive ne contient pas de {} :\n"
            "   elle n’a pas été scellée lors de l’export. Passez cette étape (voir\n"
            "   la fin de ce texte).\n\n",
            bundle::kManifestToken);
    }
    if (f.sealed || !f.log_token_covers.empty()) {
        t += "   CA.pem est le certificat racine de l’autorité d’horodatage, que VOUS vous\n"
             "   procurez auprès d’une source de confiance (le site de l’autorité, le service\n"
             "   informatique de votre organisation). Sous Debian ou Ubuntu, le fichier système\n"
             "   /etc/ssl/certs/ca-certificates.crt contient les racines des autorités publiques\n"
             "   que Scellé sollicite par défaut. N’utilisez jamais comme CA.pem un certificat\n"
             "   tiré de cette archive :";
        t += f.have_certs ? fmt::format(
                                " {} sert seulement à relier le jeton\n"
                                "   à la racine ; sa présence ne prouve rien.\n\n",
                                bundle::kTsaCerts)
                          : " n’importe qui peut glisser un certificat dans un zip.\n\n";
    }

    t += "5. VÉRIFIER LES HORODATAGES DU JOURNAL DE TRAÇABILITÉ\n\n";
    t += fmt::format(
        "   Le fichier data/custody-log.jsonl compte {} ligne(s), une par action (dossier créé,\n"
        "   fichier importé, description ajoutée…). Chaque ligne contient l’empreinte SHA-256\n"
        "   de la précédente : aucune ligne ne peut être modifiée, supprimée ou déplacée sans\n"
        "   rompre la chaîne.\n",
        f.log_lines);
    if (f.log_token_covers.empty()) {
        t += "   Aucun horodatage du journal n’a été obtenu avant l’export (l’ordinateur était\n"
             "   hors ligne, ou aucune autorité n’a répondu) : il n’y a rien à vérifier à cette\n"
             "   étape.\n\n";
    } else {
        t += "   Un jeton sur les K premières lignes prouve que ces lignes, et les empreintes des\n"
             "   preuves qu’elles enregistrent, existaient à l’heure du jeton — en général\n"
             "   quelques minutes après la capture, bien avant l’export. Pour chaque jeton de\n"
             "   cette archive :\n\n";
        for (std::int64_t k : f.log_token_covers) {
            const std::string prefix = fmt::format("../custody-log-first-{}-lines.txt", k);
            const std::string token = bundle::log_token_path(k);
            t += fmt::format("   Lignes 1 à {} :\n", k);
            t += fmt::format("     head -n {} data/custody-log.jsonl > {}\n", k, prefix);
            t += verify_cmd(f, prefix, token, ca);
            t += fmt::format("     openssl ts -reply -in {} -text\n\n", token);
        }
        t += "   Un fichier de preuve est couvert par chaque jeton dont le K est au moins égal au\n"
             "   « log_line » de son élément dans data/case.json ; son entrée « timestamp »\n"
             "   y indique le plus ancien.\n";
        if (f.items_not_covered > 0)
            t += fmt::format(
                "   {} élément(s) sont enregistrés après le dernier jeton : pour eux,\n"
                "   seul le scellement de l’étape 4 (s’il existe) fait foi de la date.\n",
                f.items_not_covered);
        t += "\n";
    }

    t += "6. CE QUE SIGNIFIENT LES RÉSULTATS\n\n"
         "   - Toutes les vérifications répondent « Réussi » (ou « OK ») puis « Verification:\n"
         "     OK » : l’archive est intacte";
    t += f.sealed ? ", et scellée à l’heure\n"
                    "     donnée par l’autorité à l’étape 4.\n"
                  : ".\n";
    t += "   - Une ligne indique « Échec » (ou FAILED) aux étapes 2 ou 3, ou « message imprint\n"
         "     mismatch » aux étapes 4 ou 5 : le fichier nommé, ou le journal, a été modifié\n"
         "     après son scellement. Ne vous y fiez pas ; prévenez la personne qui vous a remis\n"
         "     l’archive.\n"
         "   - « unable to get local issuer certificate » ou « certificate verify error » :\n"
         "     votre CA.pem ne contient pas la racine de l’autorité. Ce n’est pas le signe\n"
         "     d’une falsification : procurez-vous le bon certificat racine et recommencez.\n\n";

    t += "SI L’ARCHIVE N’EST PAS SCELLÉE\n\n";
    if (f.sealed)
        t += "   Cette archive est scellée : cette section ne la concerne pas.\n";
    else
        t += "   Aucune autorité d’horodatage n’a pu être jointe lors de l’export de cette\n"
             "   archive (l’ordinateur était hors ligne, ou toutes les autorités ont échoué) :\n"
             "   l’export lui-même n’est donc pas daté par un tiers. Les étapes 2 et 3 montrent\n"
             "   toujours si quelque chose a changé depuis l’écriture des manifestes, mais la\n"
             "   personne qui a fait l’archive aurait pu réécrire à la fois un fichier et sa\n"
             "   ligne. Les jetons du journal de l’étape 5, s’il y en a, prouvent toujours ce\n"
             "   qu’ils couvrent. La personne qui l’a exportée peut recommencer l’export une fois\n"
             "   en ligne pour obtenir une archive scellée.\n";
    return t;
}

}  // namespace scelle::core::bundle_internal
