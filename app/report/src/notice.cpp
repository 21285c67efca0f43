// The notice for the platform (scelle/report/notice.h).
//
// Both languages sit side by side in one table (Words) rather than in report-templates/: the
// notice is a short fixed form whose every sentence is traced in docs/report-sources.md
// ("notice"), and a reviewer checks the French against the English line by line. Nothing in it
// is read at run time, so the function stays pure and the GUI and the command line print the
// same bytes.
//
// What is left out, on purpose (the notice goes to a company, and a moderator needs no more):
// - the case's title, summary and `recorded_by`, and the items' descriptions: they are free
//   text the family wrote for themselves and the police, and they often hold the child's name
//   or age ("Léa's mother"). The notice says why the content is illegal through the incident
//   types, in plain words, and leaves a bracket for the family's own sentence;
// - anything about a sensitive item beyond its kind, its address and its seal: the notice
//   says "link recorded, content not copied", never what it shows;
// - the notifier's name and e-mail: brackets to fill, since the DSA asks for them except for
//   child sexual abuse offences (art. 16(2)(c)), and the person chooses.
#include "scelle/report/notice.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "scelle/base/text.h"

namespace scelle::core {

namespace {

struct Words {
    const char* title;
    const char* legal_line;
    const char* date_line;
    const char* who_heading;
    const char* who_name;
    const char* who_email;
    const char* who_role;
    const char* who_exception;
    const char* what_heading;
    const char* what_intro;
    const char* what_why;
    const char* accounts_heading;
    const char* account_n;
    const char* handle;
    const char* display_name;
    const char* user_id;
    const char* platform_id;
    const char* profile_url;
    const char* not_given;
    const char* to_fill;
    const char* items_heading;
    const char* items_none;
    const char* item_n;
    const char* message_link;
    const char* address;
    const char* no_address;
    const char* sensitive;
    const char* from_account;
    const char* happened;
    const char* happened_unknown;
    const char* recorded;
    const char* sha256;
    const char* sealed;
    const char* not_sealed;
    const char* evidence;
    const char* statement_heading;
    const char* statement;
    const char* basis_heading;
    const char* basis;
    const char* notes_heading;
    const char* notes_fill;
    const char* notes_where_discord;
    const char* notes_missing;
    const char* missing_user_id;
    const char* missing_profile_url;
    const char* missing_item_url;
    const char* notes_faster;
    const char* notes_3018;
    const char* notes_pdc;
    const char* notes_rules;
    const char* notes_urgent;
    const char* kind_screenshot;
    const char* kind_file;
    const char* kind_link;
    const char* kind_stitched;
    const char* how_discord;
    const char* how_generic;
};

// Every sentence here is listed in docs/report-sources.md ("notice"), with its source.
const Words kEn = {
    "Notice of illegal content — {}",
    "Notice under Article 16 of Regulation (EU) 2022/2065 (Digital Services Act)",
    "Date of this notice: {}",
    "1. Who sends this notice",
    "Name: [your name]",
    "E-mail: [your e-mail address]",
    "I act as: [parent of the child concerned / volunteer of a child-protection association]",
    "(Under Article 16(2)(c) of the Regulation, the name and e-mail may be left out when the "
    "content involves one of the offences referred to in Articles 3 to 7 of Directive "
    "2011/93/EU.)",
    "2. What is reported",
    "The accounts and content below concern a minor. I consider them illegal content:",
    "Why it is illegal: [say in a few words what happened, without naming the child]",
    "3. The accounts",
    "Account {}",
    "Username (handle): {}",
    "Display name: {}",
    "Discord user ID: {}",
    "ID on the platform: {}",
    "Profile URL: {}",
    "not given",
    "[to fill in]",
    "4. The content, with its exact location",
    "No item of this case is linked to these accounts.",
    "Item {} ({})",
    "Message link: {}",
    "Address (URL): {}",
    "[address not recorded]",
    "Content not described here: link recorded, content not copied.",
    "Posted by: {}",
    "When it happened (as the family says it): {}",
    "not known",
    "Recorded: {}",
    "SHA-256 of the recorded file: {}",
    "Trusted timestamp (RFC 3161): yes, {} at {}",
    "Trusted timestamp (RFC 3161): not yet",
    "Each item was recorded with Scellé, in a hash-chained custody log; its SHA-256 and its "
    "trusted timestamp are given above when it has them.",
    "5. Statement",
    "I confirm in good faith that the information and allegations in this notice are accurate "
    "and complete.",
    "6. Legal basis",
    "This notice is made under Article 16 of Regulation (EU) 2022/2065 (Digital Services Act). "
    "It gives the reasons why the content is considered illegal, its exact electronic location "
    "(URLs and identifiers), the name and e-mail of the person sending it (see section 1) and a "
    "statement of good faith.",
    "For you: do not paste this part",
    "Replace the [brackets] above. Do not give the child's name, age or any other detail.",
    "Discord: use the in-app report or Discord's web report form; a parent can choose “I'm the "
    "parent or guardian of a user”. The form needs the message links.",
    "Missing from this notice:",
    "the user ID of account {}: write it in place of “[to fill in]”",
    "the profile URL of account {}: write it in place of “[to fill in]”",
    "the address (message link or URL) of item {}: write it in place of “[address not "
    "recorded]”",
    "The faster route: a trusted flagger. Platforms must handle the notices of the trusted "
    "flaggers designated under the DSA (art. 22) with priority. In France, Arcom has "
    "designated, among others:",
    "- e-Enfance, through the 3018: call 3018, or chat on 3018.fr; free, anonymous and "
    "confidential; 7 days a week, 9:00 to 23:00.",
    "- Point de Contact: pointdecontact.net (web form, mobile app); anonymous and free.",
    "A report to a platform follows the platform's own rules, not French law, and is not a "
    "complaint: report to Pharos or the 3018 as well, and file a complaint if a child is a "
    "victim.",
    "Immediate danger: call 17 or 112 (or text 114).",
    "screenshot",
    "imported file",
    "link",
    "conversation joined by Scellé from screenshots {} to {} (an image made from them, not an "
    "original)",
    "Discord: turn on Developer Mode (User Settings → Advanced), then right-click (or hold) the "
    "user → Copy User ID; for a message: right-click (or hold) → Copy Message Link.",
    "Write down the profile's address (URL), its name and identifier, and the address of each "
    "message or post.",
};

const Words kFr = {
    "Notification de contenu illicite — {}",
    "Notification au titre de l’article 16 du règlement (UE) 2022/2065 (règlement sur les "
    "services numériques, DSA)",
    "Date de la notification : {}",
    "1. Qui envoie cette notification",
    "Nom : [votre nom]",
    "Courriel : [votre adresse électronique]",
    "J’agis en tant que : [parent de l’enfant concerné / bénévole d’une association de "
    "protection de l’enfance]",
    "(Selon l’article 16, paragraphe 2, point c), du règlement, le nom et l’adresse "
    "électronique peuvent être omis lorsque le contenu relève de l’une des infractions visées "
    "aux articles 3 à 7 de la directive 2011/93/UE.)",
    "2. Ce qui est signalé",
    "Les comptes et contenus ci-dessous concernent un mineur. Je les considère comme des "
    "contenus illicites :",
    "Pourquoi c’est illicite : [dites en quelques mots ce qui s’est passé, sans nommer "
    "l’enfant]",
    "3. Les comptes",
    "Compte {}",
    "Nom d’utilisateur (identifiant @) : {}",
    "Nom affiché : {}",
    "Identifiant d’utilisateur Discord (ID) : {}",
    "Identifiant sur la plateforme : {}",
    "Adresse du profil (URL) : {}",
    "non indiqué",
    "[à compléter]",
    "4. Les contenus, avec leur emplacement exact",
    "Aucun élément de ce dossier n’est rattaché à ces comptes.",
    "Élément {} ({})",
    "Lien du message : {}",
    "Adresse (URL) : {}",
    "[adresse non enregistrée]",
    "Contenu non décrit ici : lien enregistré, contenu non copié.",
    "Publié par : {}",
    "Date des faits (selon la famille) : {}",
    "inconnue",
    "Enregistré le : {}",
    "SHA-256 du fichier enregistré : {}",
    "Horodatage de confiance (RFC 3161) : oui, {} le {}",
    "Horodatage de confiance (RFC 3161) : pas encore",
    "Chaque élément a été enregistré avec Scellé, dans un journal de traçabilité chaîné par "
    "empreintes ; son SHA-256 et son horodatage de confiance sont indiqués ci-dessus "
    "lorsqu’il en a.",
    "5. Déclaration",
    "Je déclare de bonne foi que les informations et allégations contenues dans cette "
    "notification sont exactes et complètes.",
    "6. Fondement juridique",
    "Cette notification est faite au titre de l’article 16 du règlement (UE) 2022/2065 "
    "(règlement sur les services numériques, DSA). Elle donne les raisons pour lesquelles le "
    "contenu est considéré comme illicite, son emplacement électronique exact (URL et "
    "identifiants), le nom et l’adresse électronique de la personne qui l’envoie (voir la "
    "partie 1) et une déclaration de bonne foi.",
    "Pour vous : ne collez pas cette partie",
    "Remplacez les [crochets] ci-dessus. Ne donnez ni le nom ni l’âge de l’enfant, ni aucun "
    "autre détail le concernant.",
    "Discord : utilisez le signalement dans l’application ou le formulaire de signalement web "
    "de Discord ; un parent peut choisir « I'm the parent or guardian of a user ». Le "
    "formulaire demande les liens des messages.",
    "Il manque à cette notification :",
    "l’identifiant d’utilisateur du compte {} : écrivez-le à la place de « [à compléter] »",
    "l’adresse du profil du compte {} : écrivez-la à la place de « [à compléter] »",
    "l’adresse (lien du message ou URL) de l’élément {} : écrivez-la à la place de « [adresse "
    "non enregistrée] »",
    "La voie la plus rapide : un signaleur de confiance. Les plateformes doivent traiter en "
    "priorité les notifications des signaleurs de confiance désignés au titre du DSA "
    "(art. 22). En France, l’Arcom a désigné, entre autres :",
    "- e-Enfance, par le 3018 : appelez le 3018, ou écrivez sur le tchat de 3018.fr ; gratuit, "
    "anonyme et confidentiel ; 7 jours sur 7, de 9 h à 23 h.",
    "- Point de Contact : pointdecontact.net (formulaire en ligne, application mobile) ; "
    "anonyme et gratuit.",
    "Un signalement à une plateforme suit les règles de la plateforme, pas la loi française, et "
    "n’est pas une plainte : signalez aussi à Pharos ou au 3018, et portez plainte si un enfant "
    "est victime.",
    "Danger immédiat : appelez le 17 ou le 112 (ou envoyez un SMS au 114).",
    "capture d’écran",
    "fichier importé",
    "lien",
    "conversation raccordée par Scellé à partir des captures {} à {} (une image fabriquée à "
    "partir d’elles, pas un original)",
    "Discord (menus nommés comme dans l’aide anglaise de Discord) : activez « Developer "
    "Mode » (User Settings → Advanced), puis clic droit (ou appui long) sur l’utilisateur → "
    "« Copy User ID » ; pour un message : clic droit (ou appui long) → « Copy Message Link ».",
    "Notez l’adresse (URL) du profil, son nom et son identifiant, et l’adresse de chaque "
    "message ou publication.",
};

const Words& words(std::string_view lang) {
    return lang == "fr" ? kFr : kEn;
}

// The incident types in plain words: the report's own labels (report-templates/*/labels.json,
// "incident_*"); a test checks that they are the same.
const std::map<std::string, std::pair<const char*, const char*>>& incident_words() {
    static const std::map<std::string, std::pair<const char*, const char*>> m = {
        {"grooming",
         {"Sollicitation d’un mineur par un adulte (pédopiégeage)",
          "An adult soliciting a minor (grooming)"}},
        {"sextortion",
         {"Chantage à caractère sexuel (sextorsion)", "Sexual blackmail (sextortion)"}},
        {"harassment", {"Harcèlement, cyberharcèlement", "Harassment, cyber-harassment"}},
        {"threats", {"Menaces", "Threats"}},
        {"intimate-images",
         {"Images intimes diffusées ou menacées de l’être",
          "Intimate images shared, or threatened to be"}},
        {"impersonation", {"Usurpation d’identité", "Impersonation"}},
        {"hate", {"Propos haineux", "Hate speech"}},
        {"other", {"Autre", "Other"}},
    };
    return m;
}

std::string trim_lower(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string fmt1(const char* pattern, std::string_view a) {
    return fmt::format(fmt::runtime(pattern), a);
}

// Text that came from outside (a handle, a URL...) on one line, its controls and
// bidirectional overrides made visible, so that it cannot start a line of its own in the notice.
std::string safe(std::string_view s) {
    return terminal_safe(s);
}

// "2026-11-21T10:00:05Z" → "2026-11-21 10:00 UTC"; anything else as it is.
std::string show_utc(const std::string& t) {
    if (t.size() >= 17 && t[10] == 'T' && t.back() == 'Z')
        return t.substr(0, 10) + " " + t.substr(11, 5) + " UTC";
    return t;
}

// The stored form of "when it happened": "2025-03-08" or "2025-03-08T21:04+01:00" →
// "2025-03-08 21:04 (UTC+01:00)".
std::string show_happened(const std::string& h) {
    if (h.size() > 16 && h[10] == 'T')
        return h.substr(0, 10) + " " + h.substr(11, 5) + " (UTC" + h.substr(16) + ")";
    return h;
}

std::string display_name_of(std::string_view key, std::string_view typed) {
    static const std::map<std::string, std::string, std::less<>> names = {
        {"snapchat", "Snapchat"}, {"instagram", "Instagram"}, {"tiktok", "TikTok"},
        {"discord", "Discord"},   {"whatsapp", "WhatsApp"},   {"roblox", "Roblox"},
        {"fortnite", "Fortnite"}, {"minecraft", "Minecraft"}, {"youtube", "YouTube"},
        {"twitch", "Twitch"},     {"facebook", "Facebook"},   {"x", "X"},
        {"telegram", "Telegram"}, {"signal", "Signal"}};
    if (auto it = names.find(key); it != names.end())
        return it->second;
    return std::string(typed);
}

}  // namespace

const std::vector<std::string_view> kNoticePlatforms = {
    "snapchat",  "instagram", "tiktok", "discord",  "whatsapp", "roblox",   "fortnite",
    "minecraft", "youtube",   "twitch", "facebook", "x",        "telegram", "signal"};

std::optional<std::string> notice_platform_key(std::string_view name) {
    std::string k = trim_lower(name);
    if (k == "x (twitter)" || k == "twitter")
        k = "x";
    if (std::find(kNoticePlatforms.begin(), kNoticePlatforms.end(), k) != kNoticePlatforms.end())
        return k;
    return std::nullopt;
}

bool same_platform(std::string_view account_platform, std::string_view platform) {
    auto a = notice_platform_key(account_platform);
    auto b = notice_platform_key(platform);
    if (a && b)
        return *a == *b;
    return trim_lower(account_platform) == trim_lower(platform);
}

std::string notice_how_to_find(std::string_view platform, std::string_view lang) {
    const Words& w = words(lang);
    auto key = notice_platform_key(platform);
    if (key && *key == "discord")
        return w.how_discord;
    return w.how_generic;
}

std::string Notice::file_text() const {
    return text + "\n----------------------------------------\n" + notes;
}

Notice make_notice(const NoticeInput& in) {
    const Words& w = words(in.lang);
    const bool fr = in.lang == "fr";
    const auto key = notice_platform_key(in.platform);
    const bool discord = key && *key == "discord";
    Notice n;
    n.platform_name = safe(display_name_of(key.value_or(""), in.platform));

    std::vector<const Account*> accounts;
    std::set<std::int64_t> account_ids;
    std::set<std::string> other_platforms;
    for (const Account& a : in.accounts) {
        if (same_platform(a.platform, in.platform)) {
            accounts.push_back(&a);
            account_ids.insert(a.id);
        } else {
            other_platforms.insert(trim_lower(a.platform));
        }
    }
    // An item linked to no account is the platform's when the case has no account elsewhere.
    const bool take_unlinked = other_platforms.empty();
    std::vector<const Item*> items;
    for (const Item& it : in.items) {
        if (it.withdrawn_at)
            continue;
        if (it.account_id ? account_ids.count(*it.account_id) > 0 : take_unlinked)
            items.push_back(&it);
    }
    n.accounts = static_cast<int>(accounts.size());
    n.items = static_cast<int>(items.size());

    std::string t;
    auto line = [&t](const std::string& s) {
        t += s;
        t += '\n';
    };
    line(fmt1(w.title, n.platform_name));
    line(w.legal_line);
    line(fmt1(w.date_line, in.made_on));
    line("");
    line(w.who_heading);
    line(w.who_name);
    line(w.who_email);
    line(w.who_role);
    line(w.who_exception);
    line("");
    line(w.what_heading);
    line(w.what_intro);
    for (const std::string& inc : in.info.incidents) {
        auto it = incident_words().find(inc);
        if (it != incident_words().end())
            line("- " + std::string(fr ? it->second.first : it->second.second));
    }
    line(w.what_why);
    line("");
    line(w.accounts_heading);
    std::map<std::int64_t, std::string> handle_of;
    int k = 0;
    for (const Account* a : accounts) {
        handle_of[a->id] = safe(a->handle);
        line(fmt1(w.account_n, std::to_string(++k)));
        line("  " + fmt1(w.handle, safe(a->handle)));
        line("  " + fmt1(w.display_name,
                         a->display_name ? safe(*a->display_name) : std::string(w.not_given)));
        line("  " + fmt1(discord ? w.user_id : w.platform_id,
                         a->platform_id ? safe(*a->platform_id)
                                        : std::string(discord ? w.to_fill : w.not_given)));
        line("  " + fmt1(w.profile_url, a->url ? safe(*a->url) : std::string(w.to_fill)));
        if (discord && !a->platform_id)
            n.missing.push_back({MissingIdentifier::What::user_id, a->id, safe(a->handle), {}});
        if (!discord && !a->url)
            n.missing.push_back({MissingIdentifier::What::profile_url, a->id, safe(a->handle), {}});
    }
    line("");
    line(w.items_heading);
    if (items.empty())
        line(w.items_none);
    for (const Item* it : items) {
        std::string kind = it->kind == "screenshot" ? w.kind_screenshot
                           : it->kind == "link"     ? w.kind_link
                                                    : w.kind_file;
        // A stitched conversation is named as made from its screenshots, never as an original.
        if (const auto frames = derived_frames(*it); !frames.empty())
            kind = fmt::format(fmt::runtime(w.kind_stitched), frames.front(), frames.back());
        line(fmt::format(fmt::runtime(w.item_n), it->seq, kind));
        if (it->url)
            line("  " + fmt1(discord ? w.message_link : w.address, safe(*it->url)));
        else
            line("  " + fmt1(discord ? w.message_link : w.address, w.no_address));
        if (!it->url)
            n.missing.push_back({MissingIdentifier::What::message_link, {}, {}, it->seq});
        if (it->sensitive)
            line(std::string("  ") + w.sensitive);
        if (it->account_id && handle_of.count(*it->account_id))
            line("  " + fmt1(w.from_account, handle_of[*it->account_id]));
        line("  " + fmt1(w.happened, it->happened ? show_happened(*it->happened)
                                                  : std::string(w.happened_unknown)));
        line("  " + fmt1(w.recorded, show_utc(it->recorded_at)));
        if (it->sha256)
            line("  " + fmt1(w.sha256, *it->sha256));
        if (it->timestamp.status == TimestampStatus::granted)
            line("  " + fmt::format(fmt::runtime(w.sealed), safe(it->timestamp.tsa.value_or("TSA")),
                                    show_utc(it->timestamp.gen_time.value_or(""))));
        else
            line(std::string("  ") + w.not_sealed);
    }
    if (!items.empty())
        line(w.evidence);
    line("");
    line(w.statement_heading);
    line(w.statement);
    line("");
    line(w.basis_heading);
    line(w.basis);
    n.text = std::move(t);

    std::string notes;
    auto note = [&notes](const std::string& s) {
        notes += s;
        notes += '\n';
    };
    note(w.notes_heading);
    note(w.notes_fill);
    note(notice_how_to_find(in.platform, in.lang));
    if (discord)
        note(w.notes_where_discord);
    if (!n.missing.empty()) {
        note(w.notes_missing);
        for (const MissingIdentifier& m : n.missing) {
            switch (m.what) {
                case MissingIdentifier::What::user_id:
                    note("- " + fmt1(w.missing_user_id, m.handle));
                    break;
                case MissingIdentifier::What::profile_url:
                    note("- " + fmt1(w.missing_profile_url, m.handle));
                    break;
                case MissingIdentifier::What::message_link:
                    note("- " + fmt1(w.missing_item_url, std::to_string(*m.item_seq)));
                    break;
            }
        }
    }
    note(w.notes_faster);
    note(w.notes_3018);
    note(w.notes_pdc);
    note(w.notes_rules);
    note(w.notes_urgent);
    n.notes = std::move(notes);
    return n;
}

}  // namespace scelle::core
