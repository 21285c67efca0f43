// The report's text (report-templates/): both languages hold the same files, placeholders and
// label keys; every placeholder is one the builder fills; the Markdown stays in the subset the
// builder renders; the facts the report must carry are there; and the loader refuses, with the
// file named, whatever the builder could not use.
#include "scelle/report/report_templates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "scelle/base/text.h"
#include "temp_dir.h"

namespace scelle::core {
namespace {

namespace fs = std::filesystem;

const fs::path kTemplates = SCELLE_TEMPLATES_DIR;

std::vector<std::string> markdown_sections() {
    std::vector<std::string> names;
    for (std::string_view d : kReportDestinations)
        names.emplace_back(d);
    for (std::string_view s : kReportSharedSections)
        names.emplace_back(s);
    return names;
}

std::string read_section(std::string_view lang, std::string_view name) {
    return test::read_file(kTemplates / std::string(lang) / (std::string(name) + ".md"));
}

std::set<std::string> as_set(const std::vector<std::string>& v) {
    return {v.begin(), v.end()};
}

// French typography puts no-break spaces before ":" and inside "9 h"; the fact checks below
// look for words, so they read them as ordinary spaces.
std::string with_plain_spaces(std::string text) {
    for (std::string_view nbsp : {"\u00a0", "\u202f"}) {
        for (std::size_t at = text.find(nbsp); at != std::string::npos; at = text.find(nbsp, at))
            text.replace(at, nbsp.size(), " ");
    }
    return text;
}

bool contains(const std::string& text, std::string_view what) {
    return text.find(what) != std::string::npos;
}

// The lines of `text` that are not inside a fenced code block.
std::vector<std::string> prose_lines(const std::string& text) {
    std::vector<std::string> out;
    bool fenced = false;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        if (line.rfind("```", 0) == 0)
            fenced = !fenced;
        else if (!fenced)
            out.push_back(line);
        start = end + 1;
    }
    return out;
}

// True when a `*emphasis*` stands inside `**bold**` on this line.
bool emphasis_inside_bold(const std::string& line) {
    bool inside = false;
    std::size_t start = 0;
    for (std::size_t at = line.find("**"); at != std::string::npos; at = line.find("**", start)) {
        if (inside && line.substr(start, at - start).find('*') != std::string::npos)
            return true;
        inside = !inside;
        start = at + 2;
    }
    return false;
}

bool has_labels(std::string_view lang) {
    std::error_code ec;
    return fs::exists(kTemplates / std::string(lang) / "labels.json", ec);
}

// A copy of report-templates/ that the loader accepts and a test can then break. A language
// that has no labels.json yet gets an empty one, so that the Markdown can be checked alone.
fs::path copy_templates(const test::TempDir& tmp) {
    const fs::path dst = tmp / "report-templates";
    fs::copy(kTemplates, dst, fs::copy_options::recursive);
    for (std::string_view lang : kReportLanguages) {
        const fs::path labels = dst / std::string(lang) / "labels.json";
        if (!fs::exists(labels))
            test::write_file(labels, "{}");
    }
    return dst;
}

// --- The shipped templates -------------------------------------------------------------------

TEST(ReportTemplatesFiles, BothLanguagesHoldTheSameFiles) {
    std::map<std::string, std::set<std::string>> files;
    for (std::string_view lang : kReportLanguages) {
        const fs::path dir = kTemplates / std::string(lang);
        ASSERT_TRUE(fs::is_directory(dir)) << dir;
        std::set<std::string> markdown;
        for (const auto& entry : fs::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            files[std::string(lang)].insert(name);
            if (entry.path().extension() == ".md")
                markdown.insert(name);
        }
        std::set<std::string> expected;
        for (const auto& s : markdown_sections())
            expected.insert(s + ".md");
        EXPECT_EQ(markdown, expected) << lang;
    }
    EXPECT_EQ(files["fr"], files["en"]);
    EXPECT_TRUE(fs::exists(kTemplates / "README.md"));
}

TEST(ReportTemplatesFiles, BothLanguagesUseTheSamePlaceholders) {
    for (const auto& name : markdown_sections()) {
        EXPECT_EQ(as_set(placeholders_in(read_section("fr", name))),
                  as_set(placeholders_in(read_section("en", name))))
            << name << ".md";
    }
}

TEST(ReportTemplatesFiles, BothLanguagesHaveTheSameLabelKeys) {
    const bool fr = has_labels("fr");
    const bool en = has_labels("en");
    if (!fr && !en)
        GTEST_SKIP() << "no labels.json yet in either language";
    ASSERT_TRUE(fr) << "labels.json is in en/ only";
    ASSERT_TRUE(en) << "labels.json is in fr/ only";
    auto fr_t = load_report_templates(kTemplates, "fr");
    auto en_t = load_report_templates(kTemplates, "en");
    ASSERT_TRUE(fr_t.ok()) << fr_t.error().subject << ": " << fr_t.error().detail;
    ASSERT_TRUE(en_t.ok()) << en_t.error().subject << ": " << en_t.error().detail;
    std::set<std::string> fr_keys, en_keys;
    for (const auto& [key, text] : fr_t->labels)
        fr_keys.insert(key);
    for (const auto& [key, text] : en_t->labels)
        en_keys.insert(key);
    EXPECT_EQ(fr_keys, en_keys);
    for (const auto& [key, text] : fr_t->labels) {
        ASSERT_TRUE(en_t->labels.count(key)) << key;
        EXPECT_EQ(as_set(placeholders_in(text)), as_set(placeholders_in(en_t->labels.at(key))))
            << key;
    }
}

TEST(ReportTemplatesFiles, EveryPlaceholderIsOneTheBuilderFills) {
    const auto known = report_placeholders();
    // These name layout positions (item number, page, part of a long image), which mean
    // nothing in a section's prose.
    const std::set<std::string> layout_only = {"item_seq", "page",   "pages",     "part",
                                               "parts",    "engine", "languages", "confidence"};
    for (std::string_view lang : kReportLanguages) {
        for (const auto& name : markdown_sections()) {
            for (const auto& p : placeholders_in(read_section(lang, name))) {
                EXPECT_NE(std::find(known.begin(), known.end(), p), known.end())
                    << lang << "/" << name << ".md: {{" << p << "}}";
                EXPECT_FALSE(layout_only.count(p)) << lang << "/" << name << ".md: {{" << p << "}}";
            }
        }
    }
}

TEST(ReportTemplatesFiles, LoadBothLanguages) {
    test::TempDir tmp;
    const fs::path dir = copy_templates(tmp);
    for (std::string_view lang : kReportLanguages) {
        auto t = load_report_templates(dir, lang);
        ASSERT_TRUE(t.ok()) << t.error().subject << ": " << t.error().detail;
        EXPECT_EQ(t->lang, lang);
        EXPECT_EQ(t->sections.size(), markdown_sections().size());
        for (const auto& name : markdown_sections())
            EXPECT_EQ(t->sections.at(name), read_section(lang, name));
    }
}

// The builder renders a subset of CommonMark: #/##/### headings, paragraphs, "-" and "1."
// lists, bold, emphasis, inline code, fenced code, links and autolinks. These checks keep the
// files inside it without parsing them.
TEST(ReportTemplatesFiles, MarkdownStaysInTheRenderedSubset) {
    // Autolinks (<https://...>) are allowed; any other tag is HTML.
    const std::regex html(R"(<(?!https?://)[A-Za-z/!])");
    const std::regex link_target(R"(\]\(([^)]*)\))");
    for (std::string_view lang : kReportLanguages) {
        for (const auto& name : markdown_sections()) {
            const std::string where = std::string(lang) + "/" + name + ".md";
            const std::string text = read_section(lang, name);
            EXPECT_TRUE(is_valid_utf8(text)) << where;
            EXPECT_EQ(text.find('\r'), std::string::npos) << where << ": CR line ends";
            EXPECT_EQ(text.find('\t'), std::string::npos) << where << ": tab";
            ASSERT_FALSE(text.empty()) << where;
            EXPECT_EQ(text.back(), '\n') << where;
            EXPECT_EQ(text.rfind("# ", 0), 0u) << where << ": must start with one # heading";

            const auto lines = prose_lines(text);
            std::size_t fences = 0;
            for (std::size_t at = text.find("```"); at != std::string::npos;
                 at = text.find("```", at + 3))
                ++fences;
            EXPECT_EQ(fences % 2, 0u) << where << ": unclosed code block";

            int h1 = 0;
            for (const auto& line : lines) {
                if (line.rfind("# ", 0) == 0)
                    ++h1;
                EXPECT_NE(line.rfind("####", 0), 0u) << where << ": heading too deep: " << line;
                EXPECT_NE(line.rfind("|", 0), 0u) << where << ": table: " << line;
                EXPECT_FALSE(contains(line, "![")) << where << ": image: " << line;
                EXPECT_FALSE(std::regex_search(line, html)) << where << ": HTML: " << line;
                // Bold is drawn with the bold face and there is no bold italic: keep
                // emphasis out of bold text.
                EXPECT_FALSE(emphasis_inside_bold(line)) << where << ": " << line;
                const std::string trimmed =
                    line.substr(std::min(line.find_first_not_of(' '), line.size()));
                EXPECT_NE(trimmed.rfind("* ", 0), 0u) << where << ": use \"-\" lists: " << line;
                EXPECT_NE(trimmed.rfind("+ ", 0), 0u) << where << ": use \"-\" lists: " << line;
                for (std::sregex_iterator m(line.begin(), line.end(), link_target), end; m != end;
                     ++m) {
                    const std::string target = (*m)[1].str();
                    EXPECT_EQ(target.rfind("https://", 0), 0u) << where << ": " << target;
                    EXPECT_FALSE(contains(target, "{{")) << where << ": placeholder in " << target;
                    EXPECT_FALSE(contains(target, " ")) << where << ": space in " << target;
                }
            }
            EXPECT_EQ(h1, 1) << where;
        }
    }
}

// --- Facts the report must carry (see the sourced facts file) ----------------------------------

TEST(ReportTemplatesFacts, The3018GivesItsNumberAndHours) {
    const std::string fr = with_plain_spaces(read_section("fr", "3018"));
    const std::string en = read_section("en", "3018");
    for (const auto* text : {&fr, &en}) {
        EXPECT_TRUE(contains(*text, "**3018**"));
        EXPECT_TRUE(contains(*text, "3018.fr"));
    }
    EXPECT_TRUE(contains(fr, "de 9 h à 23 h"));
    EXPECT_TRUE(contains(fr, "7 jours sur 7"));
    EXPECT_TRUE(contains(fr, "Gratuit, anonyme et confidentiel"));
    EXPECT_TRUE(contains(en, "9:00 to 23:00"));
    EXPECT_TRUE(contains(en, "7 days a week"));
    EXPECT_TRUE(contains(en, "Free, anonymous and confidential"));
    // The number and the hours are the first thing under the heading, in one bold paragraph.
    const auto first_paragraph = [](const std::string& text) {
        const std::size_t start = text.find("\n\n") + 2;
        return text.substr(start, text.find("\n\n", start) - start);
    };
    const std::string fr_top = first_paragraph(fr), en_top = first_paragraph(en);
    EXPECT_EQ(fr_top.rfind("**", 0), 0u) << fr_top;
    EXPECT_TRUE(contains(fr_top, "3018") && contains(fr_top, "de 9 h à 23 h") &&
                contains(fr_top, "7 jours sur 7"))
        << fr_top;
    EXPECT_EQ(en_top.rfind("**", 0), 0u) << en_top;
    EXPECT_TRUE(contains(en_top, "3018") && contains(en_top, "9:00 to 23:00") &&
                contains(en_top, "7 days a week"))
        << en_top;
}

TEST(ReportTemplatesFacts, PharosGivesItsAddressAndIsNotAComplaint) {
    const std::string fr = with_plain_spaces(read_section("fr", "pharos"));
    const std::string en = read_section("en", "pharos");
    EXPECT_TRUE(contains(fr, "internet-signalement.gouv.fr"));
    EXPECT_TRUE(contains(en, "internet-signalement.gouv.fr"));
    EXPECT_TRUE(contains(fr, "n’est pas une plainte"));
    EXPECT_TRUE(contains(en, "is not a complaint"));
    EXPECT_TRUE(contains(fr, "Pédophilie ou corruption de mineur sur internet"));
    EXPECT_TRUE(contains(en, "Pédophilie ou corruption de mineur sur internet"));
}

TEST(ReportTemplatesFacts, EmergencyNumbersComeFirst) {
    for (std::string_view lang : kReportLanguages) {
        const std::string text = read_section(lang, "safety");
        for (std::string_view number : {"**17**", "**112**", "**114**", "**119**", "**3018**"})
            EXPECT_TRUE(contains(text, number)) << lang << ": " << number;
        // The emergency numbers stand before the rest of the advice.
        EXPECT_LT(text.find("**17**"), text.find("**3018**")) << lang;
        EXPECT_TRUE(contains(text, "takeitdown.ncmec.org")) << lang;
        EXPECT_TRUE(contains(text, "pointdecontact.net")) << lang;
    }
    // Every destination tells what to do in an emergency.
    for (std::string_view lang : kReportLanguages) {
        for (std::string_view d : kReportDestinations) {
            const std::string text = read_section(lang, d);
            EXPECT_TRUE(contains(text, "**17**") && contains(text, "**112**") &&
                        contains(text, "**114**"))
                << lang << "/" << d;
        }
    }
}

TEST(ReportTemplatesFacts, SensitiveNamesTheLawAndTheWayToReport) {
    for (std::string_view lang : kReportLanguages) {
        const std::string text = with_plain_spaces(read_section(lang, "sensitive"));
        EXPECT_TRUE(std::regex_search(text, std::regex(R"(227-23[^-])"))) << lang;
        EXPECT_TRUE(contains(text, "internet-signalement.gouv.fr")) << lang;
        EXPECT_TRUE(contains(text, "pointdecontact.net")) << lang;
        EXPECT_TRUE(contains(text, "Je ne partage pas, je signale")) << lang;
    }
}

TEST(ReportTemplatesFacts, PoliceSaysAMinorMayFileAComplaint) {
    const std::string fr = with_plain_spaces(read_section("fr", "police"));
    const std::string en = read_section("en", "police");
    EXPECT_TRUE(contains(fr, "procureur de la République"));
    EXPECT_TRUE(contains(en, "procureur de la République"));
    EXPECT_TRUE(contains(fr, "seul ou accompagné"));
    EXPECT_TRUE(contains(en, "alone or accompanied"));
    EXPECT_TRUE(contains(fr, "tenus d’enregistrer"));
    EXPECT_TRUE(contains(en, "must register"));
}

// The offences that fit grooming, sextortion and harassment, with the articles of the facts
// file (§10). "227-22" alone must not be found inside "227-22-1".
TEST(ReportTemplatesFacts, PoliceNamesTheOffencesOfGroomingAndSextortion) {
    for (std::string_view lang : kReportLanguages) {
        const std::string text = with_plain_spaces(read_section(lang, "police"));
        for (const char* article : {"227-22-1", "227-22-2", "227-22", "227-23-1", "227-23",
                                    "312-10", "312-1", "226-2-1", "222-33-2-2", "222-33-2-3"}) {
            const std::regex alone(std::string("article ") + article + "[^-0-9]");
            EXPECT_TRUE(std::regex_search(text, alone)) << lang << ": article " << article;
        }
    }
    const std::string fr = with_plain_spaces(read_section("fr", "police"));
    const std::string en = read_section("en", "police");
    EXPECT_TRUE(contains(fr, "**Sollicitation d’un mineur par un adulte**"));
    EXPECT_TRUE(contains(fr, "(sextorsion)"));
    EXPECT_TRUE(contains(en, "(grooming)"));
    EXPECT_TRUE(contains(en, "(sextortion)"));
    EXPECT_TRUE(contains(fr, "7 ans et 100 000 € si la menace est mise à exécution"));
    EXPECT_TRUE(contains(en, "7 years and €100,000 if the threat is carried out"));
}

// What the facts file marks as not confirmed, or gives two ways, stays out (report-templates/
// README.md, "What was deliberately left out").
TEST(ReportTemplatesFacts, UnconfirmedFactsStayOut) {
    const std::regex step_count(R"((quatre|cinq|four|five|[0-9]) (étapes|steps))");
    for (std::string_view lang : kReportLanguages) {
        for (const auto& name : markdown_sections()) {
            const std::string where = std::string(lang) + "/" + name + ".md";
            const std::string text = with_plain_spaces(read_section(lang, name));
            EXPECT_FALSE(std::regex_search(text, step_count)) << where;
            for (std::string_view s : {"Ne supprimez rien", "Do not delete anything", "3020",
                                       "OFMIN", "risque de suicide", "risk of suicide"})
                EXPECT_FALSE(contains(text, s)) << where << ": " << s;
        }
    }
    // The police's list of what to bring holds no device: no source asks for it.
    EXPECT_FALSE(contains(read_section("fr", "police"), "le téléphone ou l’ordinateur"));
    EXPECT_FALSE(contains(read_section("en", "police"), "the phone or computer"));
}

TEST(ReportTemplatesFacts, PlatformNamesTheDocumentedPaths) {
    for (std::string_view lang : kReportLanguages) {
        const std::string text = read_section(lang, "platform");
        for (std::string_view p : {"Snapchat", "Discord", "Roblox", "Fortnite", "Copy Message Link",
                                   "Report Player", "Pharos", "3018"})
            EXPECT_TRUE(contains(text, p)) << lang << ": " << p;
    }
}

// A sensitive item's listing prints its details and fingerprint, never the image: the page says
// what is printed, not "only the fingerprint".
TEST(ReportTemplatesFacts, SensitiveSaysWhatTheReportPrints) {
    const std::string fr = with_plain_spaces(read_section("fr", "sensitive"));
    const std::string en = read_section("en", "sensitive");
    EXPECT_TRUE(contains(
        fr,
        "le numéro, le type, le nom d’origine, la taille, la description et l’empreinte SHA-256, "
        "jamais l’image"));
    EXPECT_TRUE(contains(
        en,
        "its number, kind, original name, size, description and SHA-256 fingerprint, never "
        "the image"));
    EXPECT_FALSE(contains(fr, "seule son empreinte"));
    EXPECT_FALSE(contains(en, "only its fingerprint"));
}

TEST(ReportTemplatesFacts, VerifySaysWhatASealProvesAndWhatItDoesNot) {
    const std::string fr = with_plain_spaces(read_section("fr", "verify"));
    const std::string en = read_section("en", "verify");
    EXPECT_TRUE(contains(fr, "n’ont pas changé depuis"));
    EXPECT_TRUE(contains(fr,
                         "Il ne prouve pas que ce qui était affiché à l’écran était authentique, "
                         "ni qui a écrit les messages"));
    EXPECT_TRUE(contains(en, "have not changed since"));
    EXPECT_TRUE(contains(en,
                         "It does not prove that what was on the screen was genuine, nor who "
                         "wrote the messages"));
}

TEST(ReportTemplatesFacts, VerifyGivesTheStandardCommands) {
    for (std::string_view lang : kReportLanguages) {
        const std::string text = read_section(lang, "verify");
        for (std::string_view s :
             {"unzip {{bundle_file}}", "cd {{bundle_folder}}", "sha256sum -c manifest-sha256.txt",
              "openssl ts -verify", "VERIFY-fr.txt", "VERIFY-en.txt",
              "head -n {{fingerprint_lines}} data/custody-log.jsonl | sha256sum",
              "{{fingerprint}}"})
            EXPECT_TRUE(contains(text, s)) << lang << ": " << s;
    }
}

// Penalties are quoted as maxima, as the law states them.
TEST(ReportTemplatesFacts, PenaltiesAreGivenAsMaxima) {
    for (std::string_view lang : kReportLanguages) {
        for (const auto& name : markdown_sections()) {
            const std::string text = with_plain_spaces(read_section(lang, name));
            if (!contains(text, "€"))
                continue;
            const bool maxima = lang == "fr" ? contains(text, "jusqu’à") && contains(text, "maxim")
                                             : contains(text, "up to");
            EXPECT_TRUE(maxima) << lang << "/" << name << ".md";
        }
    }
}

// --- Placeholders ------------------------------------------------------------------------------

TEST(ReportTemplatesPlaceholders, TheBuilderFillsExactlyThese) {
    const std::vector<std::string> expected = {
        "case_reference", "case_title",    "report_date",  "destination",
        "platforms",      "item_count",    "sealed_count", "pending_count",
        "first_recorded", "last_recorded", "fingerprint",  "fingerprint_lines",
        "bundle_folder",  "bundle_file",   "item_seq",     "page",
        "pages",          "part",          "parts",        "first_happened",
        "last_happened",  "facts_period",  "bundle_how",   "delay",
        "utc_offset",     "first_item",    "last_item",    "frame_count",
        "engine",         "languages",     "confidence"};
    const auto names = report_placeholders();
    EXPECT_EQ(std::vector<std::string>(names.begin(), names.end()), expected);
}

TEST(ReportTemplatesPlaceholders, FoundInOrderOfFirstUse) {
    EXPECT_EQ(placeholders_in("{{b}} and {{a}}, then {{b}} again"),
              (std::vector<std::string>{"b", "a"}));
    EXPECT_TRUE(placeholders_in("no placeholder, {single} braces, {{}} empty").empty());
    EXPECT_TRUE(placeholders_in("unclosed {{case_title").empty());
    EXPECT_TRUE(placeholders_in("{{two\nlines}}").empty());
    EXPECT_EQ(placeholders_in("{{{x}}}"), (std::vector<std::string>{"x"}));
    // Spaces are kept, so that the loader reports "{{ x }}" as unknown instead of printing it.
    EXPECT_EQ(placeholders_in("{{ case_title }}"), (std::vector<std::string>{" case_title "}));
    EXPECT_EQ(placeholders_in("code `{{fingerprint}}` too"),
              (std::vector<std::string>{"fingerprint"}));
}

TEST(ReportTemplatesPlaceholders, FillReplacesKnownAndKeepsUnknown) {
    const std::map<std::string, std::string> values = {{"case_reference", "4f2a9c"},
                                                       {"item_count", "12"}};
    EXPECT_EQ(
        fill_placeholders("Dossier {{case_reference}} : {{item_count}} éléments, {{page}}", values),
        "Dossier 4f2a9c : 12 éléments, {{page}}");
    EXPECT_EQ(fill_placeholders("{{case_reference}}{{case_reference}}", values), "4f2a9c4f2a9c");
    EXPECT_EQ(fill_placeholders("", values), "");
    EXPECT_EQ(fill_placeholders("{{ case_reference }}", values), "{{ case_reference }}");
    EXPECT_EQ(fill_placeholders("{{{item_count}}}", values), "{12}");
}

TEST(ReportTemplatesPlaceholders, ValuesAreInsertedLiterally) {
    const std::map<std::string, std::string> values = {
        {"case_title", "{{case_reference}} **gras** [lien](https://example.org) `x` # titre"},
        {"case_reference", "REF"},
        {"platforms", "{{platforms}}"}};
    EXPECT_EQ(fill_placeholders("Titre : {{case_title}} / {{case_reference}}", values),
              "Titre : {{case_reference}} **gras** [lien](https://example.org) `x` # titre / REF");
    EXPECT_EQ(fill_placeholders("{{platforms}}, {{platforms}}", values),
              "{{platforms}}, {{platforms}}");
}

// --- The loader's refusals -----------------------------------------------------------------------

void expect_refused(const Result<ReportTemplates>& r, std::string_view subject_ends_with,
                    std::string_view detail_has) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::bad_settings);
    const std::string& subject = r.error().subject;
    EXPECT_TRUE(subject.size() >= subject_ends_with.size() &&
                subject.compare(subject.size() - subject_ends_with.size(), subject_ends_with.size(),
                                subject_ends_with) == 0)
        << subject;
    EXPECT_TRUE(contains(r.error().detail, detail_has)) << r.error().detail;
}

TEST(ReportTemplatesLoad, RefusesAnUnknownLanguage) {
    test::TempDir tmp;
    const fs::path dir = copy_templates(tmp);
    fs::create_directory(dir / "de");
    expect_refused(load_report_templates(dir, "de"), "de", "unknown report language");
    expect_refused(load_report_templates(dir, ""), "", "unknown report language");
    expect_refused(load_report_templates(dir, "../fr"), "fr", "unknown report language");
}

TEST(ReportTemplatesLoad, RefusesAMissingLanguageFolder) {
    test::TempDir tmp;
    const fs::path dir = copy_templates(tmp);
    fs::remove_all(dir / "en");
    expect_refused(load_report_templates(dir, "en"), "en", "missing language folder");
    expect_refused(load_report_templates(tmp / "nowhere", "fr"), "fr", "missing language folder");
}

TEST(ReportTemplatesLoad, RefusesAMissingFile) {
    for (std::string_view file : {"police.md", "verify.md", "labels.json"}) {
        test::TempDir tmp;
        const fs::path dir = copy_templates(tmp);
        fs::remove(dir / "fr" / std::string(file));
        expect_refused(load_report_templates(dir, "fr"), file, "missing");
        EXPECT_TRUE(load_report_templates(dir, "en").ok()) << file;
    }
}

TEST(ReportTemplatesLoad, RefusesADirectoryInPlaceOfAFile) {
    test::TempDir tmp;
    const fs::path dir = copy_templates(tmp);
    fs::remove(dir / "en" / "safety.md");
    fs::create_directory(dir / "en" / "safety.md");
    expect_refused(load_report_templates(dir, "en"), "safety.md", "not a regular file");
}

TEST(ReportTemplatesLoad, RefusesTextThatIsNotUtf8) {
    test::TempDir tmp;
    const fs::path dir = copy_templates(tmp);
    // "Sécurité" in Latin-1.
    test::write_file(dir / "fr" / "safety.md", "# S\xe9\x63urit\xe9\n");
    expect_refused(load_report_templates(dir, "fr"), "safety.md", "UTF-8");
    test::write_file(dir / "fr" / "safety.md", "# ok\n");
    test::write_file(dir / "fr" / "labels.json", "{\"title\": \"S\xe9\x63urit\xe9\"}");
    expect_refused(load_report_templates(dir, "fr"), "labels.json", "UTF-8");
}

TEST(ReportTemplatesLoad, RefusesAnUnknownPlaceholder) {
    test::TempDir tmp;
    const fs::path dir = copy_templates(tmp);
    const fs::path verify = dir / "en" / "verify.md";
    test::write_file(verify, test::read_file(verify) + "\nChild: {{victim_name}}\n");
    expect_refused(load_report_templates(dir, "en"), "verify.md", "{{victim_name}}");
    // A misspelt one, with spaces, is not silently printed either.
    test::write_file(verify, "# Verify\n\n{{ fingerprint }}\n");
    expect_refused(load_report_templates(dir, "en"), "verify.md", "{{ fingerprint }}");
}

TEST(ReportTemplatesLoad, RefusesLabelsThatAreNotAnObjectOfTexts) {
    const std::map<std::string, std::string> bad = {
        {"[\"Report\"]", "not a JSON object"},
        {"\"Report\"", "not a JSON object"},
        {"{\"title\": 1}", "\"title\" is not a text"},
        {"{\"title\": {\"fr\": \"Rapport\"}}", "\"title\" is not a text"},
        {"{\"title\": null}", "\"title\" is not a text"},
        {"{\"title\": \"Rapport\",}", "not valid JSON"},
        {"", "not valid JSON"},
        {"{\"footer\": \"Page {{page}} / {{pages}} {{secret}}\"}", "{{secret}} in \"footer\""},
    };
    for (const auto& [content, detail] : bad) {
        test::TempDir tmp;
        const fs::path dir = copy_templates(tmp);
        test::write_file(dir / "en" / "labels.json", content);
        expect_refused(load_report_templates(dir, "en"), "labels.json", detail);
    }
}

TEST(ReportTemplatesLoad, AcceptsLabelsWithKnownPlaceholders) {
    test::TempDir tmp;
    const fs::path dir = copy_templates(tmp);
    test::write_file(dir / "en" / "labels.json",
                     "{\"footer\": \"Page {{page}} of {{pages}}\", \"cover\": \"Case\"}");
    auto t = load_report_templates(dir, "en");
    ASSERT_TRUE(t.ok()) << t.error().subject << ": " << t.error().detail;
    EXPECT_EQ(t->labels.at("footer"), "Page {{page}} of {{pages}}");
    EXPECT_EQ(t->labels.at("cover"), "Case");
}

}  // namespace
}  // namespace scelle::core
