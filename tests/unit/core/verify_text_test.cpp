// The VERIFY-*.txt texts made from their templates (report-templates/verify-txt/): the small
// template language of scelle/base/template.h, the embedded templates against their files, and
// the rendered texts byte for byte against the C++ prose they replaced, for every combination of
// facts. The old prose is kept here only for that comparison.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "bundle_writer_internal.h"
#include "scelle/base/template.h"
#include "scelle/base/text.h"
#include "scelle/base/version.h"
#include "scelle/store/bundle_format.h"

// --- The C++ prose of bundle_instructions.cpp before the templates, as it was ------------------
namespace scelle::core::bundle_internal::old {

namespace {

// Every command is a line indented by exactly five spaces, and no other line is: the texts
// say so to the reader, and the tests pick the commands out by it.
constexpr std::string_view kCmd = "     ";

// The shell variable naming the trusted root, set before the `cd` into the bundle folder so
// that it still names the file afterwards.
constexpr std::string_view kCaVar = "\"$CA\"";

// `word` as one shell word: as it is when it holds only safe characters (behind ./ if it
// starts like an option), else single-quoted.
std::string shell_word(std::string_view word) {
    const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-' || c == '/' || c == '+' || c == ',' || c == '@';
    });
    const std::string lead = !word.empty() && word.front() == '-' ? "./" : "";
    if (safe)
        return lead + std::string(word);
    std::string out = "'" + lead;
    for (char c : word)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// "-untrusted timestamps/tsa-certs.pem" when the bundle carries the TSA certificates.
std::string untrusted(const VerifyTextFacts& f) {
    return f.have_certs ? fmt::format(" -untrusted {}", bundle::kTsaCerts) : std::string();
}

std::string verify_cmd(const VerifyTextFacts& f, std::string_view data, std::string_view token) {
    return fmt::format("{}openssl ts -verify -data {} -in {} -CAfile {}{}\n", kCmd, data, token,
                       kCaVar, untrusted(f));
}

// True when the text has openssl ts -verify commands, which need the root certificate.
bool has_tokens(const VerifyTextFacts& f) {
    return f.sealed || !f.log_token_covers.empty();
}

// Step 1's first command: the listing, read before anything is unpacked.
std::string list_command(const VerifyTextFacts& f) {
    return fmt::format("{}{} {}\n", kCmd, f.encrypted ? "7z l" : "unzip -l",
                       shell_word(f.zip_name));
}

// Step 1's other commands: an empty folder, the bundle unpacked into it, the bundle folder.
std::string extract_commands(const VerifyTextFacts& f, std::string_view into) {
    const std::string zip = shell_word(f.zip_name);
    std::string t = fmt::format("{}mkdir {}\n", kCmd, into);
    if (f.encrypted)
        t += fmt::format("{}7z x -o{} {}\n", kCmd, into, zip);
    else
        t += fmt::format("{}unzip -q -d {} {}\n", kCmd, into, zip);
    t += fmt::format("{}cd {}/{}\n", kCmd, into, f.folder);
    return t;
}

// What openssl ts -verify prints, and which line is the result.
std::string openssl_output_en(const VerifyTextFacts& f) {
    std::string t;
    t += "   Only the line that starts with \"Verification:\" counts: \"Verification: OK\"\n"
         "   (the last line), or \"Verification: FAILED\", after which openssl prints the\n"
         "   reason. The lines before it are not results: \"Using configuration from ...\"\n"
         "   names openssl's settings file";
    t += f.have_certs
             ? fmt::format(
                   ", and \"Warning: certificate from '{}'\n"
                   "   with subject '...' is not a CA cert\" (openssl 3) only says that the\n"
                   "   file given with -untrusted holds the authority's own certificate, which\n"
                   "   is not a certificate authority. Neither is a problem.\n\n",
                   bundle::kTsaCerts)
             : "; it is not a problem.\n\n";
    return t;
}

// What openssl ts -verify prints, and which line is the result.
std::string openssl_output_fr(const VerifyTextFacts& f) {
    std::string t;
    t += "   Seule compte la ligne qui commence par « Verification: » :\n"
         "   « Verification: OK » (la dernière ligne), ou « Verification: FAILED », après\n"
         "   laquelle openssl donne la raison. Les lignes qui la précèdent ne sont pas des\n"
         "   résultats : « Using configuration from … » nomme le fichier de réglages\n"
         "   d’openssl";
    t += f.have_certs
             ? fmt::format(
                   ", et « Warning: certificate from '{}' with\n"
                   "   subject '…' is not a CA cert » (openssl 3) dit seulement que le fichier\n"
                   "   donné avec -untrusted contient le certificat propre de l’autorité, qui\n"
                   "   n’est pas une autorité de certification. Ni l’un ni l’autre n’est un\n"
                   "   problème.\n\n",
                   bundle::kTsaCerts)
             : " ; ce n’est pas un problème.\n\n";
    return t;
}

}  // namespace

std::string old_verify_text_en(const VerifyTextFacts& f) {
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
         "On Windows, use WSL or Git Bash. The commands are the lines indented by five spaces:\n"
         "type each one as shown, in order, in the same terminal (the first ones go into the\n"
         "bundle's folder, where the others work).\n\n";

    if (has_tokens(f)) {
        t += "BEFORE YOU START: THE AUTHORITY'S ROOT CERTIFICATE\n\n"
             "   The time-stamps are checked against the root certificate of the time-stamp\n"
             "   authority, which YOU obtain from a source you trust (the authority's website,\n"
             "   your organisation's IT department). Never use a certificate taken from this\n"
             "   bundle as the root: anyone can put a certificate in a zip.";
        t += f.have_certs ? fmt::format(
                                "\n   {} only helps openssl link a token to the root (it is\n"
                                "   given with -untrusted); it proves nothing by being there.\n\n",
                                bundle::kTsaCerts)
                          : "\n\n";
        t += fmt::format(
            "   Save the root certificate (PEM) as CA.pem in the folder that holds the bundle\n"
            "   ({}), open a terminal in that folder, and type:\n\n"
            "{}CA=\"$PWD/CA.pem\"\n\n"
            "   CA now names that file by its full path, wherever you go; the checks below use\n"
            "   it as \"$CA\". On Debian or Ubuntu, the system file\n"
            "   /etc/ssl/certs/ca-certificates.crt holds the roots of the public authorities\n"
            "   Scellé asks by default; for those, you may type instead:\n"
            "   CA=/etc/ssl/certs/ca-certificates.crt. In a new terminal, set CA again.\n\n",
            f.zip_name, kCmd);
    }

    t += "1. LOOK INSIDE, THEN UNPACK THE BUNDLE\n\n";
    t += list_command(f);
    t += fmt::format(
        "\n   Every name listed must begin with the name of the bundle's folder:\n"
        "   {}/\n"
        "   The bundle is that one folder and nothing else. A name outside it, starting\n"
        "   with \"/\", or containing \"..\" means the file is not a genuine Scellé bundle:\n"
        "   do not unpack it. Then unpack it into a new, empty folder, and go into the\n"
        "   bundle's folder:\n\n",
        f.folder);
    t += extract_commands(f, "unpacked");
    t += "\n";
    if (f.encrypted)
        t += "   The bundle is encrypted (AES-256): 7-Zip asks for the passphrase, which the\n"
             "   sender gives you by another channel. Plain unzip cannot open it.\n\n";
    t += "   If the file was renamed, use its new name; the folder name stays the same. If\n"
         "   mkdir says that \"unpacked\" exists, choose another name in the three commands.\n\n";

    t += "2. CHECK THE EVIDENCE FILES\n\n";
    t += fmt::format("{}sha256sum -c --strict manifest-sha256.txt\n\n", kCmd);
    t += fmt::format(
        "   manifest-sha256.txt gives the SHA-256 fingerprint of every file under data/: the\n"
        "   {} evidence file(s) in data/evidence/, data/case.json and data/custody-log.jsonl{}.\n"
        "   Every line must end with \"OK\". \"FAILED\" means that file was changed after the\n"
        "   export; \"No such file or directory\" means it was removed. To make sure nothing was\n"
        "   added, this must print {}:\n\n"
        "{}find data -type f | wc -l\n\n",
        f.evidence_files, f.has_report ? ",\n   and the report data/report.pdf" : "",
        f.evidence_files + 2 + (f.has_report ? 1 : 0), kCmd);

    t += "3. CHECK THE BUNDLE'S OWN FILES\n\n";
    t += fmt::format("{}sha256sum -c --strict tagmanifest-sha256.txt\n\n", kCmd);
    t += "   The same check for bagit.txt, bag-info.txt, manifest-sha256.txt, the time-stamp\n"
         "   tokens and these instructions. Every line must end with \"OK\".\n\n";

    t += "4. CHECK THE SEAL (the time-stamp over the manifest)\n\n";
    if (f.sealed) {
        t += verify_cmd(f, bundle::kManifest, bundle::kManifestToken);
        t += "\n" + openssl_output_en(f);
        t += fmt::format(
            "   \"Verification: OK\" means that a time-stamp authority certified that\n"
            "   manifest-sha256.txt, and therefore every file it lists with its fingerprint,\n"
            "   existed exactly as it is now at the time written in the token. To read that\n"
            "   time (\"Time stamp:\", UTC) and the authority (\"TSA:\"):\n\n"
            "{}openssl ts -reply -in {} -text\n\n",
            kCmd, bundle::kManifestToken);
    } else {
        t += fmt::format(
            "   This bundle has no {}: it was not sealed at export.\n"
            "   Skip this step (see the end of this text).\n\n",
            bundle::kManifestToken);
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
             "   after the capture, long before the export. For each token of this bundle (the\n"
             "   head command writes the lines beside the bundle's folder, not inside it):\n\n";
        for (std::int64_t k : f.log_token_covers) {
            const std::string prefix = fmt::format("../custody-log-first-{}-lines.txt", k);
            const std::string token = bundle::log_token_path(k);
            t += fmt::format("   Lines 1 to {}:\n", k);
            t += fmt::format("{}head -n {} data/custody-log.jsonl > {}\n", kCmd, k, prefix);
            t += verify_cmd(f, prefix, token);
            t += fmt::format("{}openssl ts -reply -in {} -text\n\n", kCmd, token);
        }
        t += f.sealed ? "   As in step 4, only the \"Verification:\" lines count.\n"
                      : openssl_output_en(f);
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

    t += "6. WHAT THE RESULTS MEAN\n\n";
    t += f.sealed
             ? "   Every check says OK: the bundle is intact, and sealed at the time given by\n"
               "   the authority in step 4.\n\n"
             : "   Every check says OK: the bundle is intact, but not sealed (see below).\n\n";
    t += "   A line says FAILED in step 2 or 3";
    t += has_tokens(f)
             ? ", or \"message imprint mismatch\" in step 4 or 5:\n"
               "   the file named, or the log, was changed after it was sealed. Do not rely on\n"
               "   it; tell whoever gave you the bundle.\n\n"
             : ": the file named was changed after the\n"
               "   export. Do not rely on it; tell whoever gave you the bundle.\n\n";
    if (has_tokens(f))
        t += "   \"Verification: FAILED\" with \"unable to get local issuer certificate\": the\n"
             "   file named by CA does not hold the authority's root. This is not a sign of\n"
             "   tampering: get the right root certificate and check again. An error that\n"
             "   names CA.pem (\"No such file\", \"Error loading file\"): there is no CA.pem\n"
             "   where CA says; see \"Before you start\".\n\n";

    t += "IF THE BUNDLE IS NOT SEALED\n\n";
    if (f.sealed)
        t += "   This bundle is sealed: this section does not apply to it.\n";
    else
        t += "   No time-stamp authority could be reached when this bundle was exported (the\n"
             "   computer was offline, or every authority failed), so the export itself is not\n"
             "   dated by a third party: no root certificate can change that. Steps 2 and 3\n"
             "   still show whether anything changed since the manifests were written, but\n"
             "   whoever made the bundle could have rewritten both a file and its line. The\n"
             "   custody-log tokens of step 5, if any, still prove what they cover. The person\n"
             "   who exported it can export it again once online to get a sealed bundle.\n";
    return t;
}

std::string old_verify_text_fr(const VerifyTextFacts& f) {
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
         "WSL ou Git Bash. Les commandes sont les lignes décalées de cinq espaces : tapez-les\n"
         "telles quelles, dans l’ordre, dans le même terminal (les premières entrent dans le\n"
         "dossier de l’archive, où les suivantes travaillent).\n\n";

    if (has_tokens(f)) {
        t += "AVANT DE COMMENCER : LE CERTIFICAT RACINE DE L’AUTORITÉ\n\n"
             "   Les horodatages se vérifient avec le certificat racine de l’autorité\n"
             "   d’horodatage, que VOUS vous procurez auprès d’une source de confiance (le site\n"
             "   de l’autorité, le service informatique de votre organisation). N’utilisez\n"
             "   jamais comme racine un certificat tiré de cette archive : n’importe qui peut\n"
             "   glisser un certificat dans un zip.";
        t += f.have_certs
                 ? fmt::format(
                       " {} aide seulement\n"
                       "   openssl à relier un jeton à la racine (il est donné avec -untrusted) ;\n"
                       "   sa présence ne prouve rien.\n\n",
                       bundle::kTsaCerts)
                 : "\n\n";
        t += fmt::format(
            "   Enregistrez le certificat racine (PEM) sous le nom CA.pem dans le dossier qui\n"
            "   contient l’archive ({}), ouvrez un terminal dans ce dossier, et tapez :\n\n"
            "{}CA=\"$PWD/CA.pem\"\n\n"
            "   CA désigne désormais ce fichier par son chemin complet, où que vous alliez ;\n"
            "   les vérifications ci-dessous l’utilisent sous la forme \"$CA\". Sous Debian ou\n"
            "   Ubuntu, le fichier système /etc/ssl/certs/ca-certificates.crt contient les\n"
            "   racines des autorités publiques que Scellé sollicite par défaut : pour\n"
            "   celles-ci, vous pouvez taper à la place\n"
            "   CA=/etc/ssl/certs/ca-certificates.crt. Dans un nouveau terminal, refaites-le.\n\n",
            f.zip_name, kCmd);
    }

    t += "1. REGARDER LE CONTENU, PUIS DÉCOMPRESSER L’ARCHIVE\n\n";
    t += list_command(f);
    t += fmt::format(
        "\n   Chaque nom affiché doit commencer par le nom du dossier de l’archive :\n"
        "   {}/\n"
        "   L’archive est ce seul dossier, et rien d’autre. Un nom hors de ce dossier, qui\n"
        "   commence par « / » ou qui contient « .. » indique que le fichier n’est pas une\n"
        "   vraie archive Scellé : ne le décompressez pas. Sinon, décompressez-la dans un\n"
        "   dossier neuf et vide, puis entrez dans le dossier de l’archive :\n\n",
        f.folder);
    t += extract_commands(f, "extrait");
    t += "\n";
    if (f.encrypted)
        t += "   L’archive est chiffrée (AES-256) : 7-Zip demande la phrase secrète, que\n"
             "   l’expéditeur vous transmet par un autre moyen. La commande unzip ne sait pas\n"
             "   l’ouvrir.\n\n";
    t += "   Si le fichier a été renommé, utilisez son nouveau nom ; le nom du dossier ne\n"
         "   change pas. Si mkdir répond que « extrait » existe déjà, choisissez un autre nom\n"
         "   dans les trois commandes.\n\n";

    t += "2. VÉRIFIER LES FICHIERS DE PREUVE\n\n";
    t += fmt::format("{}sha256sum -c --strict manifest-sha256.txt\n\n", kCmd);
    t += fmt::format(
        "   Le fichier manifest-sha256.txt donne l’empreinte SHA-256 de chaque fichier du\n"
        "   dossier data/ : les fichiers de preuve de data/evidence/ ({} au total),\n"
        "   data/case.json et data/custody-log.jsonl{}. Chaque ligne doit se terminer par\n"
        "   « Réussi » (« OK » sur un système en anglais). « Échec » (« FAILED ») signifie que\n"
        "   ce fichier a été modifié après l’export ; « Aucun fichier ou dossier de ce type »\n"
        "   (« No such file or directory ») signifie qu’il a été supprimé. Pour s’assurer que\n"
        "   rien n’a été ajouté, cette commande doit afficher {} :\n\n"
        "{}find data -type f | wc -l\n\n",
        f.evidence_files, f.has_report ? ",\n   ainsi que le rapport data/report.pdf" : "",
        f.evidence_files + 2 + (f.has_report ? 1 : 0), kCmd);

    t += "3. VÉRIFIER LES FICHIERS PROPRES À L’ARCHIVE\n\n";
    t += fmt::format("{}sha256sum -c --strict tagmanifest-sha256.txt\n\n", kCmd);
    t += "   Même vérification pour bagit.txt, bag-info.txt, manifest-sha256.txt, les jetons\n"
         "   d’horodatage et les présentes instructions. Chaque ligne doit finir par\n"
         "   « Réussi » (ou « OK »).\n\n";

    t += "4. VÉRIFIER LE SCELLEMENT (l’horodatage du manifeste)\n\n";
    if (f.sealed) {
        t += verify_cmd(f, bundle::kManifest, bundle::kManifestToken);
        t += "\n" + openssl_output_fr(f);
        t += fmt::format(
            "   « Verification: OK » signifie qu’une autorité d’horodatage a certifié que\n"
            "   manifest-sha256.txt, et donc chaque fichier qu’il énumère avec son empreinte,\n"
            "   existait exactement tel quel à l’heure inscrite dans le jeton. Pour lire cette\n"
            "   heure (« Time stamp: », en UTC) et le nom de l’autorité (« TSA: ») :\n\n"
            "{}openssl ts -reply -in {} -text\n\n",
            kCmd, bundle::kManifestToken);
    } else {
        t += fmt::format(
            "   Cette archive ne contient pas de {} :\n"
            "   elle n’a pas été scellée lors de l’export. Passez cette étape (voir\n"
            "   la fin de ce texte).\n\n",
            bundle::kManifestToken);
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
             "   cette archive (la commande head écrit les lignes à côté du dossier de\n"
             "   l’archive, pas dedans) :\n\n";
        for (std::int64_t k : f.log_token_covers) {
            const std::string prefix = fmt::format("../custody-log-first-{}-lines.txt", k);
            const std::string token = bundle::log_token_path(k);
            t += fmt::format("   Lignes 1 à {} :\n", k);
            t += fmt::format("{}head -n {} data/custody-log.jsonl > {}\n", kCmd, k, prefix);
            t += verify_cmd(f, prefix, token);
            t += fmt::format("{}openssl ts -reply -in {} -text\n\n", kCmd, token);
        }
        t += f.sealed ? "   Comme à l’étape 4, seules comptent les lignes « Verification: ».\n"
                      : openssl_output_fr(f);
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

    t += "6. CE QUE SIGNIFIENT LES RÉSULTATS\n\n";
    t += f.sealed
             ? "   Toutes les vérifications répondent « Réussi » (ou « OK ») et « Verification:\n"
               "   OK » : l’archive est intacte, et scellée à l’heure donnée par l’autorité à\n"
               "   l’étape 4.\n\n"
             : "   Toutes les vérifications répondent « Réussi » (ou « OK ») : l’archive est\n"
               "   intacte, mais non scellée (voir plus bas).\n\n";
    t += "   Une ligne indique « Échec » (ou FAILED) aux étapes 2 ou 3";
    t += has_tokens(f)
             ? ", ou « message imprint\n"
               "   mismatch » aux étapes 4 ou 5 : le fichier nommé, ou le journal, a été modifié\n"
               "   après son scellement. Ne vous y fiez pas ; prévenez la personne qui vous a\n"
               "   remis l’archive.\n\n"
             : " : le fichier nommé a été\n"
               "   modifié après l’export. Ne vous y fiez pas ; prévenez la personne qui vous a\n"
               "   remis l’archive.\n\n";
    if (has_tokens(f))
        t += "   « Verification: FAILED » avec « unable to get local issuer certificate » : le\n"
             "   fichier désigné par CA ne contient pas la racine de l’autorité. Ce n’est pas le\n"
             "   signe d’une falsification : procurez-vous le bon certificat racine et\n"
             "   recommencez. Une erreur qui nomme CA.pem (« No such file », « Error loading\n"
             "   file ») : il n’y a pas de CA.pem là où CA l’indique ; voir « Avant de\n"
             "   commencer ».\n\n";

    t += "SI L’ARCHIVE N’EST PAS SCELLÉE\n\n";
    if (f.sealed)
        t += "   Cette archive est scellée : cette section ne la concerne pas.\n";
    else
        t += "   Aucune autorité d’horodatage n’a pu être jointe lors de l’export de cette\n"
             "   archive (l’ordinateur était hors ligne, ou toutes les autorités ont échoué) :\n"
             "   l’export lui-même n’est donc pas daté par un tiers, et aucun certificat racine\n"
             "   n’y change rien. Les étapes 2 et 3 montrent toujours si quelque chose a changé\n"
             "   depuis l’écriture des manifestes, mais la personne qui a fait l’archive aurait\n"
             "   pu réécrire à la fois un fichier et sa ligne. Les jetons du journal de l’étape\n"
             "   5, s’il y en a, prouvent toujours ce qu’ils couvrent. La personne qui l’a\n"
             "   exportée peut recommencer l’export une fois en ligne pour obtenir une archive\n"
             "   scellée.\n";
    return t;
}

}  // namespace scelle::core::bundle_internal::old

namespace scelle::core::bundle_internal {
namespace {

namespace fs = std::filesystem;

const fs::path kVerifyTemplates = fs::path(SCELLE_TEMPLATES_DIR) / "verify-txt";

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string rendered(const Result<std::string>& r) {
    EXPECT_TRUE(r.ok()) << (r ? "" : r.error().subject + ": " + r.error().detail);
    return r ? *r : std::string();
}

// --- The template language --------------------------------------------------------------------

TemplateValues sample_values() {
    TemplateValues v;
    v.text = {{"name", "Zoé"}, {"brace", "{{name}}"}, {"outer", "O"}};
    v.flags = {{"yes", true}, {"no", false}};
    TemplateValues a, b;
    a.text = {{"k", "1"}, {"name", "inner"}};
    b.text = {{"k", "2"}};
    v.lists = {{"items", {a, b}}, {"none", {}}};
    return v;
}

std::string render_ok(std::string_view tmpl) {
    return rendered(render_template(tmpl, sample_values()));
}

TEST(Template, FillsValuesOnceAndNeverReadsThemAgain) {
    EXPECT_EQ(render_ok("Hello {{name}}!"), "Hello Zoé!");
    EXPECT_EQ(render_ok("[{{brace}}]"), "[{{name}}]");
    EXPECT_EQ(render_ok("no tags at all\n"), "no tags at all\n");
    EXPECT_EQ(render_ok(""), "");
}

TEST(Template, IfElseInlineKeepsEverythingButTheTags) {
    EXPECT_EQ(render_ok("a{{#if yes}}B{{else}}C{{/if}}d"), "aBd");
    EXPECT_EQ(render_ok("a{{#if no}}B{{else}}C{{/if}}d"), "aCd");
    EXPECT_EQ(render_ok("a{{#if no}}B{{/if}}d"), "ad");
    // A list is true when it has elements.
    EXPECT_EQ(render_ok("{{#if items}}some{{/if}}{{#if none}}none{{/if}}"), "some");
    EXPECT_EQ(render_ok("{{#if yes}}{{#if no}}x{{else}}y{{/if}}{{/if}}"), "y");
}

TEST(Template, ABlockTagAloneOnItsLineTakesTheLineEnd) {
    EXPECT_EQ(render_ok("one\n{{#if yes}}\ntwo\n{{/if}}\nthree\n"), "one\ntwo\nthree\n");
    EXPECT_EQ(render_ok("one\n{{#if no}}\ntwo\n{{else}}\n2\n{{/if}}\nthree\n"), "one\n2\nthree\n");
    // Not alone: something follows the tag on its line, or precedes it.
    EXPECT_EQ(render_ok("{{#if yes}}x\n{{/if}}"), "x\n");
    EXPECT_EQ(render_ok("a {{#if yes}}\nb{{/if}}\n"), "a \nb\n");
    // A placeholder alone on its line keeps its line end.
    EXPECT_EQ(render_ok("{{name}}\nz"), "Zoé\nz");
}

TEST(Template, EachRepeatsWithTheElementsValuesFirst) {
    EXPECT_EQ(render_ok("{{#each items}}\n{{k}}:{{name}}:{{outer}}\n{{/each}}\nend"),
              "1:inner:O\n2:Zoé:O\nend");
    EXPECT_EQ(render_ok("[{{#each none}}x{{/each}}]"), "[]");
}

TEST(Template, AWrongTemplateIsAnErrorNamingItsLine) {
    const TemplateValues v = sample_values();
    struct Case {
        std::string_view tmpl;
        std::string_view detail;  // what the error must say
    };
    const Case cases[] = {
        {"a\n{{missing}}", "line 2: no text value {{missing}}"},
        {"{{ name }}", "line 1: bad name {{ name }}"},
        {"{{#if yes}}open", "line 1: {{#if yes}} is never closed"},
        {"x\n{{/if}}", "line 2: {{/if}} without its opening tag"},
        {"{{#if yes}}a{{/each}}", "needs {{/if}}"},
        {"{{#each items}}a{{else}}b{{/each}}", "needs {{/each}}"},
        {"{{#if yes}}a{{else}}b{{else}}c{{/if}}", "needs {{/if}}"},
        {"{{#unless yes}}a{{/unless}}", "unknown tag {{#unless yes}}"},
        {"{{#if nothing}}a{{/if}}", "no flag or list nothing"},
        {"{{#each name}}a{{/each}}", "no list name"},
        {"{{#if Yes}}a{{/if}}", "bad name in {{#if Yes}}"},
    };
    for (const Case& c : cases) {
        const auto r = render_template(c.tmpl, v);
        ASSERT_FALSE(r.ok()) << c.tmpl;
        EXPECT_EQ(r.error().code, Errc::internal) << c.tmpl;
        EXPECT_NE(r.error().detail.find(c.detail), std::string::npos)
            << c.tmpl << " -> " << r.error().detail;
    }
}

// --- The templates ----------------------------------------------------------------------------

// The compiled-in texts are the files of the source tree, byte for byte: the build embeds the
// files as they are, and a changed file is embedded again.
TEST(VerifyTextTemplates, TheEmbeddedTemplatesAreTheFiles) {
    EXPECT_EQ(verify_template_fr(), read_bytes(kVerifyTemplates / "VERIFY-fr.txt"));
    EXPECT_EQ(verify_template_en(), read_bytes(kVerifyTemplates / "VERIFY-en.txt"));
}

TEST(VerifyTextTemplates, AreUtf8WithLfLineEndsAndNoTabs) {
    for (std::string_view t : {verify_template_fr(), verify_template_en()}) {
        EXPECT_TRUE(is_valid_utf8(t));
        EXPECT_EQ(t.find('\r'), std::string_view::npos);
        EXPECT_EQ(t.find('\t'), std::string_view::npos);
        ASSERT_FALSE(t.empty());
        EXPECT_EQ(t.back(), '\n');
    }
}

// The French text elides with ’ and quotes with « », never with ASCII signs (the ' and " left
// are openssl's and the shell's own).
TEST(VerifyTextTemplates, TheFrenchTextKeepsItsTypography) {
    const std::string_view fr = verify_template_fr();
    for (std::string_view ascii : {" l'", " d'", " n'", " qu'", " s'", "L'", "N'", "\"Verif"})
        EXPECT_EQ(fr.find(ascii), std::string_view::npos) << ascii;
    for (std::string_view typo : {"l’archive", "« Réussi »", "n’est", "—"})
        EXPECT_NE(fr.find(typo), std::string_view::npos) << typo;
}

// --- The texts against the prose they replaced -------------------------------------------------

std::vector<VerifyTextFacts> every_combination() {
    std::vector<VerifyTextFacts> all;
    const std::vector<std::vector<std::int64_t>> covers = {{}, {4}, {3, 7, 12}};
    const std::string zips[] = {"scelle-20250314-7c2f9a1e.zip", "preuves de Zoé (copie).zip",
                                "-l'archive.zip"};
    for (int bits = 0; bits < (1 << 6); ++bits) {
        for (const auto& k : covers) {
            for (const std::string& zip : zips) {
                VerifyTextFacts f;
                f.case_id = "20250314-7c2f9a1e";
                f.folder = "scelle-20250314-7c2f9a1e";
                f.zip_name = zip;
                f.exported_at = "2025-03-14T21:47:03.120Z";
                f.sealed = bits & 1;
                if (bits & 2)
                    f.manifest_token = ManifestTokenInfo{"Test TSA", "http://127.0.0.1:1/",
                                                         "2025-03-14T21:47:04Z", "0a1b"};
                f.encrypted = bits & 4;
                f.have_certs = bits & 8;
                f.has_report = bits & 16;
                f.items_not_covered = bits & 32 ? 2 : 0;
                f.log_lines = 17;
                f.log_token_covers = k;
                f.evidence_files = 5;
                all.push_back(std::move(f));
            }
        }
    }
    return all;
}

TEST(VerifyTextTemplates, RenderTheOldProseByteForByteForEveryCombinationOfFacts) {
    const auto all = every_combination();
    ASSERT_EQ(all.size(), 64u * 3 * 3);
    int compared = 0;
    for (const VerifyTextFacts& f : all) {
        const std::string what = fmt::format(
            "sealed={} token={} encrypted={} certs={} report={} not_covered={} "
            "log_tokens={} zip={}",
            f.sealed, f.manifest_token.has_value(), f.encrypted, f.have_certs, f.has_report,
            f.items_not_covered, f.log_token_covers.size(), f.zip_name);
        ASSERT_EQ(rendered(make_verify_text_en(f)), old::old_verify_text_en(f)) << what;
        ASSERT_EQ(rendered(make_verify_text_fr(f)), old::old_verify_text_fr(f)) << what;
        compared += 2;
    }
    EXPECT_EQ(compared, 64 * 3 * 3 * 2);
}

// The comparison can fail: a fact the template shows changes the text.
TEST(VerifyTextTemplates, TheComparisonSeesAChangedFact) {
    VerifyTextFacts f = every_combination().at(100);
    const std::string before = rendered(make_verify_text_en(f));
    f.evidence_files += 1;
    EXPECT_NE(rendered(make_verify_text_en(f)), before);
    EXPECT_EQ(rendered(make_verify_text_en(f)), old::old_verify_text_en(f));
}

}  // namespace
}  // namespace scelle::core::bundle_internal
