// The sentences the command line says about errors and check findings, in French and
// English. Each names the thing concerned and the reason, in plain words.
#include <fmt/format.h>

#include <cstdlib>
#include <cstring>

#include "cli.h"

namespace scelle::cli {

using core::Finding;

Lang detect_lang(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--lang" && i + 1 < argc)
            return std::string_view(argv[i + 1]) == "fr" ? Lang::fr : Lang::en;
        if (a.rfind("--lang=", 0) == 0)
            return a.substr(7) == "fr" ? Lang::fr : Lang::en;
    }
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(var);
        if (v != nullptr && *v != '\0')
            return std::strncmp(v, "fr", 2) == 0 ? Lang::fr : Lang::en;
    }
    return Lang::en;
}

std::string_view errc_name(Errc code) {
    switch (code) {
        case Errc::usage:
            return "usage";
        case Errc::input_missing:
            return "input_missing";
        case Errc::input_is_directory:
            return "input_is_directory";
        case Errc::input_not_regular:
            return "input_not_regular";
        case Errc::input_empty:
            return "input_empty";
        case Errc::input_unreadable:
            return "input_unreadable";
        case Errc::input_name_too_long:
            return "input_name_too_long";
        case Errc::input_changed:
            return "input_changed";
        case Errc::unknown_case:
            return "unknown_case";
        case Errc::ambiguous_case:
            return "ambiguous_case";
        case Errc::unknown_item:
            return "unknown_item";
        case Errc::unknown_account:
            return "unknown_account";
        case Errc::ambiguous_account:
            return "ambiguous_account";
        case Errc::already_withdrawn:
            return "already_withdrawn";
        case Errc::not_available:
            return "not_available";
        case Errc::target_exists:
            return "target_exists";
        case Errc::output_failed:
            return "output_failed";
        case Errc::store_unwritable:
            return "store_unwritable";
        case Errc::store_full:
            return "store_full";
        case Errc::store_io:
            return "store_io";
        case Errc::store_corrupt:
            return "store_corrupt";
        case Errc::store_too_new:
            return "store_too_new";
        case Errc::bad_settings:
            return "bad_settings";
        case Errc::capture_unavailable:
            return "capture_unavailable";
        case Errc::capture_cancelled:
            return "capture_cancelled";
        case Errc::internal:
            return "internal";
    }
    return "internal";
}

int exit_code_for(const Error& e) {
    switch (e.code) {
        case Errc::usage:
        case Errc::input_missing:
        case Errc::input_is_directory:
        case Errc::input_not_regular:
        case Errc::input_empty:
        case Errc::input_unreadable:
        case Errc::input_name_too_long:
        case Errc::unknown_case:
        case Errc::ambiguous_case:
        case Errc::unknown_item:
        case Errc::unknown_account:
        case Errc::ambiguous_account:
        case Errc::bad_settings:
        // An output that would replace a file: the command line must name another one, as
        // for export and report.
        case Errc::target_exists:
            return kExitUsage;
        default:
            return kExitFailed;
    }
}

std::string describe_error(const Error& e, Lang l) {
    // The subject (a path, a URL, a name) and the detail may come from outside: shown escaped.
    const std::string s = shown(e.subject);
    const std::string detail = shown(e.detail);
    std::string text;
    switch (e.code) {
        case Errc::usage:
            text = trf(l, "“{}” cannot be used", "« {} » ne peut pas être utilisé", s);
            break;
        case Errc::input_missing:
            text = trf(l, "“{}” does not exist; nothing was imported",
                       "« {} » n’existe pas ; rien n’a été importé", s);
            break;
        case Errc::input_is_directory:
            text =
                trf(l, "“{}” is a folder; name the files inside it instead (nothing was imported)",
                    "« {} » est un dossier ; indiquez plutôt les fichiers qu’il "
                    "contient (rien n’a été importé)",
                    s);
            break;
        case Errc::input_not_regular:
            text = trf(l,
                       "“{}” is not an ordinary file (a device or a pipe); nothing "
                       "was imported",
                       "« {} » n’est pas un fichier ordinaire (périphérique ou tube) ; "
                       "rien n’a été importé",
                       s);
            break;
        case Errc::input_empty:
            text = trf(l,
                       "“{}” is empty (0 bytes), so it holds no evidence; nothing "
                       "was imported",
                       "« {} » est vide (0 octet) et ne contient donc aucune preuve ; "
                       "rien n’a été importé",
                       s);
            break;
        case Errc::input_unreadable:
            text = trf(l, "“{}” cannot be read; nothing was imported",
                       "« {} » ne peut pas être lu ; rien n’a été importé", s);
            break;
        case Errc::input_name_too_long:
            text = trf(l, "the name “{}” is longer than the system allows",
                       "le nom « {} » est plus long que ce que le système permet", s);
            break;
        case Errc::input_changed:
            text = trf(l,
                       "“{}” changed while it was being read (is it still being "
                       "downloaded or written?); nothing was imported — import it "
                       "again once it is complete",
                       "« {} » a changé pendant sa lecture (est-il encore en cours de "
                       "téléchargement ou d’écriture ?) ; rien n’a été importé — "
                       "importez-le de nouveau une fois complet",
                       s);
            break;
        case Errc::unknown_case:
            text = trf(l,
                       "there is no case “{}” in this store (see “scelle-cli case "
                       "list”)",
                       "aucun dossier « {} » dans ce magasin (voir « scelle-cli case "
                       "list »)",
                       s);
            break;
        case Errc::ambiguous_case:
            text = trf(l, "“{}” matches several cases ({}); give more of the id",
                       "« {} » correspond à plusieurs dossiers ({}) ; donnez une plus "
                       "grande partie de l’identifiant",
                       s, detail);
            return text + ".";
        case Errc::unknown_item:
            text = trf(l, "this case has no item number {}",
                       "ce dossier n’a pas "
                       "d’élément numéro {}",
                       s);
            break;
        case Errc::unknown_account:
            text = trf(l,
                       "this case has no account “{}”; add it first with “account "
                       "add”",
                       "ce dossier n’a pas de compte « {} » ; ajoutez-le d’abord avec "
                       "« account add »",
                       s);
            break;
        case Errc::ambiguous_account:
            text = trf(l,
                       "“{}” names accounts on several platforms; write it as "
                       "PLATFORM:HANDLE",
                       "« {} » désigne des comptes sur plusieurs plateformes ; écrivez "
                       "PLATEFORME:IDENTIFIANT",
                       s);
            break;
        case Errc::already_withdrawn:
            text = trf(l, "item {} was already withdrawn on {}",
                       "l’élément {} a déjà été retiré le {}", s, detail);
            return text + ".";
        case Errc::not_available:
            text = trf(l, "item {} has no stored original ({})",
                       "l’élément {} n’a pas d’original conservé ({})", s, detail);
            return text + ".";
        case Errc::target_exists:
            text = trf(l,
                       "“{}” already exists and was left untouched; choose another "
                       "name",
                       "« {} » existe déjà et n’a pas été modifié ; choisissez un "
                       "autre nom",
                       s);
            break;
        case Errc::output_failed:
            text = trf(l, "“{}” could not be written", "« {} » n’a pas pu être écrit", s);
            break;
        case Errc::store_unwritable:
            text = trf(l,
                       "the store cannot be written (“{}”: read-only or permission "
                       "denied); nothing was changed",
                       "le magasin ne peut pas être modifié (« {} » : lecture seule ou "
                       "accès refusé) ; rien n’a été changé",
                       s);
            break;
        case Errc::store_full:
            text = trf(l,
                       "the disk holding the store is full (“{}”); nothing was "
                       "changed — free some space and try again",
                       "le disque du magasin est plein (« {} ») ; rien n’a été changé "
                       "— libérez de la place et recommencez",
                       s);
            break;
        case Errc::store_io:
            text = trf(l, "the store could not be used (“{}”); nothing was changed",
                       "le magasin n’a pas pu être utilisé (« {} ») ; rien n’a été "
                       "changé",
                       s);
            break;
        case Errc::store_corrupt:
            text = trf(l,
                       "the store holds something Scellé did not write (“{}”); run "
                       "“scelle-cli check”",
                       "le magasin contient quelque chose que Scellé n’a pas écrit "
                       "(« {} ») ; lancez « scelle-cli check »",
                       s);
            break;
        case Errc::store_too_new:
            text = trf(l,
                       "“{}” was written by a newer version of Scellé; update "
                       "Scellé to open it",
                       "« {} » a été écrit par une version plus récente de Scellé ; "
                       "mettez Scellé à jour pour l’ouvrir",
                       s);
            break;
        case Errc::bad_settings:
            text = trf(l, "the setting “{}” cannot be used; nothing was changed",
                       "le réglage « {} » ne peut pas être utilisé ; rien n’a été changé", s);
            break;
        case Errc::capture_unavailable:
            text = trf(l,
                       "the screen cannot be captured ({}); nothing was recorded — take a "
                       "screenshot with your system's tool and import it instead",
                       "l’écran ne peut pas être capturé ({}) ; rien n’a été enregistré — "
                       "faites une capture avec l’outil de votre système et importez-la",
                       s);
            break;
        case Errc::capture_cancelled:
            text = tr(l, "the capture was cancelled; nothing was recorded",
                      "la capture a été annulée ; rien n’a été enregistré");
            break;
        case Errc::internal:
            text = trf(l, "internal error ({})", "erreur interne ({})", s);
            break;
    }
    // The system's own words (in English) add nothing where the sentence already says it all.
    const bool detail_is_redundant =
        e.code == Errc::input_missing || e.code == Errc::input_is_directory ||
        e.code == Errc::input_empty || e.code == Errc::store_full ||
        e.code == Errc::target_exists || e.code == Errc::unknown_case ||
        e.code == Errc::unknown_item || e.code == Errc::input_name_too_long;
    if (!detail.empty() && !detail_is_redundant)
        text += fmt::format(" ({}).", detail);
    else
        text += ".";
    return text;
}

std::string describe_finding(const Finding& f, Lang l) {
    using K = Finding::Kind;
    // An object's name and a detail come from the store, which someone may have edited.
    const std::string object = shown(f.object);
    const std::string detail = shown(f.detail);
    switch (f.kind) {
        case K::log_not_json:
            return trf(l, "custody log line {} is not a JSON object",
                       "la ligne {} du journal de traçabilité n’est pas un objet JSON", f.line);
        case K::log_not_canonical:
            return trf(l, "custody log line {} was rewritten (not in canonical form)",
                       "la ligne {} du journal de traçabilité a été réécrite (forme "
                       "non canonique)",
                       f.line);
        case K::log_bad_seq:
            return trf(l,
                       "custody log line {} has the wrong sequence number (a line "
                       "was removed or moved)",
                       "la ligne {} du journal de traçabilité porte un mauvais numéro "
                       "(une ligne a été retirée ou déplacée)",
                       f.line);
        case K::log_chain_broken:
            return trf(l,
                       "custody log line {} does not follow the line before it (a "
                       "line was changed, removed or reordered)",
                       "la ligne {} du journal de traçabilité ne suit pas la "
                       "précédente (une ligne a été modifiée, retirée ou déplacée)",
                       f.line);
        case K::log_missing_fields:
            return trf(l, "custody log line {} lacks its action or time",
                       "la ligne {} du journal de traçabilité n’a pas d’action ou "
                       "d’heure",
                       f.line);
        case K::log_hash_mismatch:
            return trf(l, "custody log line {} no longer matches its recorded hash",
                       "la ligne {} du journal de traçabilité ne correspond plus à "
                       "son empreinte enregistrée",
                       f.line);
        case K::item_log_mismatch:
            return trf(l, "item {} does not match the custody log ({})",
                       "l’élément {} ne correspond pas au journal de traçabilité ({})", f.item,
                       detail);
        case K::log_item_missing:
            return trf(l,
                       "item {}, recorded at custody log line {}, is missing from "
                       "the case",
                       "l’élément {}, enregistré à la ligne {} du journal, a disparu "
                       "du dossier",
                       f.item, f.line);
        case K::description_log_mismatch:
            return trf(l,
                       "a description of item {} differs from custody log line {} (it was "
                       "edited in the database)",
                       "une description de l’élément {} diffère de la ligne {} du journal (elle a "
                       "été modifiée dans la base)",
                       f.item, f.line);
        case K::account_log_mismatch:
            return trf(l,
                       "account {} differs from custody log line {} (it was edited in the "
                       "database)",
                       "le compte {} diffère de la ligne {} du journal (il a été modifié dans la "
                       "base)",
                       f.item, f.line);
        case K::case_log_mismatch:
            return trf(l,
                       "the case's title or details differ from custody log line 1 (they were "
                       "edited in the database)",
                       "le titre ou les détails du dossier diffèrent de la ligne 1 du journal (ils "
                       "ont été modifiés dans la base)");
        case K::object_missing:
            return trf(l, "the original of item {} is missing (objects/{})",
                       "l’original de l’élément {} a disparu (objects/{})", f.item, object);
        case K::object_altered:
            return trf(l,
                       "the original of item {} was altered: its bytes no longer "
                       "match SHA-256 {}",
                       "l’original de l’élément {} a été altéré : ses octets ne "
                       "correspondent plus au SHA-256 {}",
                       f.item, object);
        case K::object_unreadable:
            return trf(l, "the original of item {} cannot be read (objects/{})",
                       "l’original de l’élément {} ne peut pas être lu (objects/{})", f.item,
                       object);
        case K::withdrawn_object_kept:
            return trf(l,
                       "objects/{} belongs to a withdrawn item and will be removed "
                       "at the next change",
                       "objects/{} appartient à un élément retiré et sera supprimé à "
                       "la prochaine modification",
                       object);
        case K::orphan_object:
            return trf(l,
                       "objects/{} is not named by any item (left by an "
                       "interrupted import; harmless)",
                       "objects/{} n’est rattaché à aucun élément (reste d’une "
                       "importation interrompue ; sans conséquence)",
                       object);
        case K::timestamp_log_mismatch:
            return trf(l,
                       "the timestamp recorded at custody log line {} does not match the "
                       "stored token (a token was removed, added or replaced)",
                       "l’horodatage consigné à la ligne {} du journal ne correspond pas au "
                       "jeton conservé (un jeton a été retiré, ajouté ou remplacé)",
                       f.line);
        case K::timestamp_prefix_changed:
            return trf(l,
                       "the timestamp recorded at custody log line {} no longer matches the "
                       "first {} lines of the log: they were changed after they were "
                       "timestamped",
                       "l’horodatage consigné à la ligne {} du journal ne correspond plus aux "
                       "{} premières lignes du journal : elles ont été modifiées après leur "
                       "horodatage",
                       f.line, detail);
        case K::timestamp_token_unreadable:
            return trf(l, "the token recorded at custody log line {} is not a time-stamp token",
                       "le jeton consigné à la ligne {} du journal n’est pas un jeton "
                       "d’horodatage",
                       f.line);
        case K::timestamp_unverified:
            return trf(l,
                       "the token recorded at custody log line {} ({}) matches the log but "
                       "could not be verified with the trust anchors given: {}",
                       "le jeton consigné à la ligne {} du journal ({}) correspond au journal "
                       "mais n’a pas pu être vérifié avec les autorités de confiance fournies : "
                       "{}",
                       f.line, object, detail);
    }
    return {};
}

std::string describe_tsa_failure(const crypto::TsaFailure& f, Lang l) {
    using K = crypto::TsaFailureKind;
    // The URL comes from the settings or the command line, the reason from the server.
    const std::string url = shown(f.url);
    if (l == Lang::en)
        return fmt::format("TSA {}: {}", url, shown(f.reason));
    const char* why = "l’échange a échoué.";
    switch (f.kind) {
        case K::bad_url:
            why = "cette adresse n’est pas une adresse http ou https utilisable.";
            break;
        case K::refused:
            why = "la connexion a été refusée ou le serveur est injoignable.";
            break;
        case K::dns:
            why = "le nom du serveur est introuvable (pas de réseau ?).";
            break;
        case K::timeout:
            why = "pas de réponse dans le délai imparti.";
            break;
        case K::tls:
            why = "la connexion sécurisée (TLS) a échoué.";
            break;
        case K::network:
            why = "la connexion a été coupée avant la réponse.";
            break;
        case K::http_status:
            why = "le serveur a répondu par une erreur HTTP.";
            break;
        case K::too_large:
            why = "la réponse dépasse 1 Mio.";
            break;
        case K::not_a_response:
            why = "la réponse n’est pas une réponse d’horodatage.";
            break;
        case K::rejected:
            why = "l’autorité a refusé la demande.";
            break;
        case K::imprint_mismatch:
            why = "le jeton reçu porte sur une autre empreinte.";
            break;
        case K::nonce_mismatch:
            why = "le jeton reçu ne reprend pas le numéro unique de la demande.";
            break;
        case K::bad_signature:
            why = "la signature du jeton est invalide.";
            break;
        case K::no_timestamping_eku:
            why = "le certificat du signataire n’est pas un certificat d’horodatage.";
            break;
        case K::untrusted_chain:
            why = "le certificat du signataire ne remonte à aucune autorité de confiance.";
            break;
        case K::invalid_token:
            why = "le jeton reçu n’est pas valide.";
            break;
        case K::internal:
            why = "la demande n’a pas pu être préparée.";
            break;
        case K::rate_limited:
            why = "pas sollicitée : elle demande un délai entre deux requêtes.";
            break;
    }
    return fmt::format("Autorité d’horodatage {} : {}", url, why);
}

}  // namespace scelle::cli
