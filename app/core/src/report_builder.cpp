// The PDF report: make_report() (see scelle/core/report.h). The sections are laid out here;
// line breaking and pagination are report_layout's, drawing is the PDF writer's.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bundle_writer_internal.h"
#include "output_file.h"
#include "report_layout.h"
#include "report_markdown.h"
#include "scelle/core/bundle_format.h"
#include "scelle/core/bundle_writer.h"
#include "scelle/core/report.h"
#include "scelle/core/report_images.h"
#include "scelle/core/sqlite.h"
#include "scelle/core/store.h"
#include "scelle/core/time.h"
#include "scelle/core/version.h"
#include "scelle/crypto/sha256.h"

namespace scelle::core {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace report;

namespace {

constexpr double kBody = 10;
constexpr double kSmall = 8;
constexpr double kTable = 7.6;
constexpr std::size_t kTimelineDescription = 280;  // characters shown in the timeline

// ---- Times ----------------------------------------------------------------------------------

std::optional<std::chrono::sys_seconds> parse_utc(std::string_view t) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (t.size() < 19 || std::sscanf(std::string(t.substr(0, 19)).c_str(),
                                     "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
        return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(y),
                                          std::chrono::month(static_cast<unsigned>(mo)),
                                          std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok())
        return std::nullopt;
    return std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
           std::chrono::seconds(s);
}

int offset_minutes(std::string_view off) {
    int h = 0, m = 0;
    if (off.size() != 6 || (off[0] != '+' && off[0] != '-') ||
        std::sscanf(std::string(off.substr(1)).c_str(), "%2d:%2d", &h, &m) != 2)
        return 0;
    return (off[0] == '-' ? -1 : 1) * (h * 60 + m);
}

// "28/11/2026 14:03:07 (UTC+01:00)" in French, "2026-11-28 14:03:07 (UTC+01:00)" in English:
// the local time the family saw, with its offset.
std::string local_time(std::string_view utc, std::string_view offset, const std::string& lang,
                       bool with_offset = true) {
    const auto t = parse_utc(utc);
    if (!t)
        return std::string(utc);
    const std::string off = offset.empty() ? std::string("+00:00") : std::string(offset);
    const auto local = *t + std::chrono::minutes(offset_minutes(off));
    const auto days = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd(days);
    const std::chrono::hh_mm_ss hms(local - days);
    const int y = static_cast<int>(ymd.year());
    const unsigned mo = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
    const std::string date = lang == "fr" ? fmt::format("{:02}/{:02}/{:04}", d, mo, y)
                                          : fmt::format("{:04}-{:02}-{:02}", y, mo, d);
    std::string out = fmt::format("{} {:02}:{:02}:{:02}", date, hms.hours().count(),
                                  hms.minutes().count(), hms.seconds().count());
    if (with_offset)
        out += " (UTC" + off + ")";
    return out;
}

std::string utc_time(std::string_view utc, const std::string& lang) {
    return local_time(utc, "+00:00", lang, false) + " UTC";
}

std::string group_digits(std::uint64_t n, const std::string& lang) {
    std::string s = std::to_string(n);
    const std::string sep = lang == "fr" ? "\u202f" : ",";
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), sep);
    return s;
}

// ---- The report's content -------------------------------------------------------------------

bool is_image_item(const Item& it) {
    return it.kind != "link" && it.media_type && it.media_type->rfind("image/", 0) == 0;
}

struct ImageRef {
    fs::path file;
    std::string media_type;
};

class Builder {
  public:
    Builder(CaseStore& cs, const bundle_internal::Snapshot& s, const ReportTemplates& t, Metrics& m,
            std::string destination, std::map<std::string, std::string> values)
        : m_cs(cs),
          m_s(s),
          m_t(t),
          m_metrics(m),
          m_flow(m),
          m_dest(std::move(destination)),
          m_values(std::move(values)) {}

    std::vector<Page> build() {
        cover();
        summary();
        accounts();
        timeline();
        item_pages();
        other_files();
        links();
        sensitive();
        guidance();
        verification();
        custody_log();
        return m_flow.take_pages();
    }
    std::vector<ImageRef>& images() { return m_images; }
    int images_not_shown() const { return m_not_shown; }

  private:
    std::string label(const std::string& key,
                      const std::map<std::string, std::string>& extra = {}) const {
        const auto it = m_t.labels.find(key);
        if (it == m_t.labels.end())
            return key;
        std::map<std::string, std::string> v = m_values;
        for (const auto& [k, val] : extra)
            v[k] = val;
        return fill_placeholders(it->second, v);
    }
    const std::string& lang() const { return m_t.lang; }
    Span text(std::string s, double size = kBody, Font f = Font::sans, Color c = kInk) const {
        return Span{std::move(s), f, size, c, {}};
    }

    // Label / value rows, two columns, no header.
    void fields(const std::vector<std::pair<std::string, Spans>>& rows, double label_w = 120) {
        std::vector<TableColumn> cols{{label_w, {}}, {m_flow.content_width() - label_w, {}}};
        std::vector<TableRow> out;
        for (const auto& [k, v] : rows)
            out.push_back(TableRow{{Spans{text(k, 8.6, Font::sans_bold, kMuted)}, v}, {}, 0});
        m_flow.table(cols, out, 1.3);
    }

    // The same, compact: short values two pairs to a row, long ones (hash, path, URL) alone.
    void fields_compact(const std::vector<std::pair<std::string, Spans>>& rows) {
        const double label_w = 92;
        const double half = m_flow.content_width() / 2;
        std::vector<TableColumn> cols{
            {label_w, {}}, {half - label_w, {}}, {label_w, {}}, {half - label_w, {}}};
        std::vector<TableRow> out;
        std::vector<const std::pair<std::string, Spans>*> shorts, longs;
        for (const auto& r : rows) {
            double chars = 0;
            for (const Span& sp : r.second)
                chars += static_cast<double>(sp.text.size());
            (chars > 34 || r.second.front().font == Font::mono ? longs : shorts).push_back(&r);
        }
        auto label_spans = [&](const std::string& k) {
            return Spans{text(k, 8.6, Font::sans_bold, kMuted)};
        };
        for (std::size_t i = 0; i < shorts.size(); i += 2) {
            TableRow row{{label_spans(shorts[i]->first), shorts[i]->second}, {}, 0};
            if (i + 1 < shorts.size()) {
                row.cells.push_back(label_spans(shorts[i + 1]->first));
                row.cells.push_back(shorts[i + 1]->second);
            }
            out.push_back(std::move(row));
        }
        for (const auto* r : longs) {
            // Label in the first column, the value across the other three.
            TableRow row{{label_spans(r->first), r->second}, {}, 0};
            row.span_rest = true;
            out.push_back(std::move(row));
        }
        m_flow.table(cols, out, 1.3);
    }

    void cover() {
        m_flow.new_page();
        Page& page = m_flow.page();
        const double cw = m_flow.content_width();
        page.ops.push_back(RectOp{Rect{0, kA4Portrait.h - 12, kA4Portrait.w, 12}, kAccent});
        m_flow.skip(30);
        m_flow.paragraph({text(label("report_title"), 24, Font::sans_bold, kAccent)}, 0, 1.2);
        m_flow.skip(2);
        m_flow.paragraph({text(label("report_subtitle"), 10, Font::sans, kMuted)});
        m_flow.skip(22);
        fields({
            {label("case_title"), {text(m_s.info.title, 12, Font::sans_bold)}},
            {label("case_reference"), {text(m_s.info.id, 10, Font::mono)}},
            {label("report_date"), {text(m_values.at("report_date"))}},
            {label("destination"), {text(label("dest_" + m_dest), kBody, Font::sans_bold)}},
        });
        m_flow.skip(18);

        // The fingerprint box: the digest, its QR code, how to check it.
        const double top = m_flow.cursor();
        const double qr_module = 2.4;
        const std::string& fp = m_values.at("fingerprint");
        Page probe;  // the QR code's side, to size the text beside it
        const double qr_side = draw_qr(probe, fp, 0, 0, qr_module);
        const double text_w = cw - qr_side - 34;
        const auto title =
            wrap(m_metrics, {text(label("fingerprint"), 9.5, Font::sans_bold, kAccent)}, text_w);
        const auto digest = wrap(m_metrics, {text(fp, 8.4, Font::mono)}, text_w);
        const auto help =
            wrap(m_metrics, {text(label("fingerprint_help"), 7.8, Font::sans, kMuted)}, text_w);
        double text_h = 0;
        for (const auto* lines : {&title, &digest, &help})
            for (const Line& l : *lines)
                text_h += l.size * 1.3;
        const double box_h = std::max(text_h + 6, qr_side) + 20;
        m_flow.page().ops.push_back(RectOp{Rect{m_flow.left(), top - box_h, cw, box_h}, kShade});
        draw_qr(m_flow.page(), fp, m_flow.left() + cw - 10 - qr_side, top - 10, qr_module);
        m_flow.skip(10);
        m_flow.skip(m_flow.draw_lines(title, m_flow.left() + 10, 1.3) + 2);
        m_flow.skip(m_flow.draw_lines(digest, m_flow.left() + 10, 1.3) + 4);
        m_flow.draw_lines(help, m_flow.left() + 10, 1.3);
        m_flow.set_cursor(top - box_h - 16);

        const int items = std::stoi(m_values.at("item_count"));
        const int sealed = std::stoi(m_values.at("sealed_count"));
        std::string seal = items == 0        ? label("no_items")
                           : sealed == items ? label("seal_all")
                           : sealed == 0     ? label("seal_none")
                                             : label("seal_some");
        m_flow.paragraph({text(seal, 10.5, Font::sans_bold, sealed == items ? kAccent : kWarn)});
        m_flow.skip(18);
        m_flow.paragraph({text(label("urgent"), 11, Font::sans_bold, kWarn)});
        m_flow.skip(10);
        m_flow.paragraph({text(label("cover_notice"), 9, Font::sans, kMuted)});
    }

    void summary() {
        m_flow.new_page();
        m_flow.heading(label("heading_summary"), 1);
        std::vector<std::pair<std::string, Spans>> rows;
        std::string incidents;
        for (const std::string& i : m_s.info.incidents)
            incidents += (incidents.empty() ? "" : "\n") + label("incident_" + i);
        if (!incidents.empty())
            rows.push_back({label("incidents"), {text(incidents)}});
        if (!m_first.empty())
            rows.push_back({label("period"), {text(label("period_value"))}});
        rows.push_back({label("counts"), {text(counts_text())}});
        fields(rows, 130);
        m_flow.skip(6);
        m_flow.heading(label("summary"), 3);
        if (m_s.info.summary && !m_s.info.summary->empty())
            m_flow.paragraph({text(*m_s.info.summary)});
        else
            m_flow.paragraph({text(label("no_summary"), kBody, Font::sans, kMuted)});
        m_flow.skip(6);
        m_flow.paragraph({text(label("times_note"), kSmall, Font::sans, kMuted)});
    }

  public:
    // Counts and the period, computed before the layout (placeholders use them).
    void count() {
        for (const Item& it : m_s.items) {
            if (it.withdrawn_at) {
                ++m_withdrawn;
                continue;
            }
            if (m_first.empty() || it.recorded_at < m_first_utc) {
                m_first_utc = it.recorded_at;
                m_first = local_time(it.recorded_at, it.utc_offset, lang());
            }
            if (m_last.empty() || it.recorded_at > m_last_utc) {
                m_last_utc = it.recorded_at;
                m_last = local_time(it.recorded_at, it.utc_offset, lang());
            }
            if (it.sensitive)
                ++m_sensitive;
            else if (it.kind == "link")
                ++m_links;
            else if (is_image_item(it))
                ++m_image_items;
            else
                ++m_files;
        }
        m_values["first_recorded"] = m_first;
        m_values["last_recorded"] = m_last;
    }

  private:
    std::string counts_text() const {
        std::string out;
        auto add = [&](int n, const char* key) {
            if (n > 0)
                out += (out.empty() ? "" : "\n") + std::to_string(n) + " " + label(key);
        };
        add(m_image_items, "count_images");
        add(m_files, "count_files");
        add(m_links, "count_links");
        add(m_sensitive, "count_sensitive");
        add(m_withdrawn, "count_withdrawn");
        return out.empty() ? label("no_items") : out;
    }

    void accounts() {
        m_flow.skip(10);
        m_flow.heading(label("heading_accounts"), 1);
        if (m_s.accounts.empty()) {
            m_flow.paragraph({text(label("no_accounts"), kBody, Font::sans, kMuted)});
            return;
        }
        const double cw = m_flow.content_width();
        std::vector<TableColumn> cols{
            {80, {text(label("col_platform"), kTable, Font::sans_bold)}},
            {130, {text(label("col_handle"), kTable, Font::sans_bold)}},
            {110, {text(label("col_display_name"), kTable, Font::sans_bold)}},
            {cw - 320, {text(label("col_url"), kTable, Font::sans_bold)}}};
        std::vector<TableRow> rows;
        for (const Account& a : m_s.accounts) {
            Spans url;
            if (a.url)
                url.push_back(Span{*a.url, Font::sans, 8.5, kLinkBlue, *a.url});
            rows.push_back(TableRow{{{text(a.platform, 8.5)},
                                     {text(a.handle, 8.5, Font::sans_bold)},
                                     {text(a.display_name.value_or(""), 8.5)},
                                     url},
                                    {},
                                    0});
        }
        m_flow.table(cols, rows);
    }

    std::string kind_label(const Item& it) const {
        return label("kind_" + (it.kind == "screenshot" || it.kind == "link"
                                    ? it.kind
                                    : std::string("file")));
    }

    std::string tsa_text(const Item& it) const {
        switch (it.timestamp.status) {
            case TimestampStatus::granted:
                return it.timestamp.gen_time
                           ? local_time(*it.timestamp.gen_time, it.utc_offset, lang())
                           : std::string("?");
            case TimestampStatus::failed:
                return label("ts_failed");
            case TimestampStatus::pending:
                break;
        }
        return label("ts_pending");
    }

    bool has_own_listing(const Item& it) const { return !it.withdrawn_at.has_value(); }

    void timeline() {
        m_flow.new_page();
        m_flow.heading(label("heading_timeline"), 1);
        if (m_s.items.empty()) {
            m_flow.paragraph({text(label("no_items"), kBody, Font::sans, kMuted)});
            return;
        }
        const double cw = m_flow.content_width();
        auto head = [&](const char* key) {
            return Spans{text(label(key), kTable, Font::sans_bold)};
        };
        std::vector<TableColumn> cols{{24, head("col_seq")},
                                      {78, head("col_recorded")},
                                      {78, head("col_tsa_time")},
                                      {92, head("col_source")},
                                      {cw - 272, head("col_description")}};
        std::vector<TableRow> rows;
        for (const Item& it : m_s.items) {
            std::string source = kind_label(it);
            if (it.sensitive)
                source += " · " + label("sensitive_mark");
            if (it.platform)
                source += "\n" + *it.platform;
            if (it.source)
                source += "\n" + *it.source;
            Spans desc;
            if (it.withdrawn_at) {
                desc.push_back(text(
                    label("withdrawn") +
                        (it.withdraw_reason ? " : " + *it.withdraw_reason : std::string()) + "\n",
                    kTable, Font::sans_bold, kWarn));
            }
            std::string d = it.description.value_or(it.kind == "link" ? it.url.value_or("") : "");
            if (has_own_listing(it) && d.size() > kTimelineDescription) {
                std::size_t cut = kTimelineDescription;
                while (cut > 0 && (static_cast<unsigned char>(d[cut]) & 0xC0) == 0x80)
                    --cut;
                d = d.substr(0, cut) + "… " + label("see_item_page");
            }
            desc.push_back(text(d, kTable));
            TableRow row{{{text(std::to_string(it.seq), kTable, Font::sans_bold)},
                          {text(local_time(it.recorded_at, it.utc_offset, lang()), kTable)},
                          {text(tsa_text(it), kTable, Font::sans,
                                it.timestamp.status == TimestampStatus::granted ? kInk : kWarn)},
                          {text(source, kTable)},
                          desc},
                         {},
                         1};
            if (it.sha256)
                row.below = {text("SHA-256  ", 7, Font::sans_bold, kMuted),
                             text(*it.sha256, 7, Font::mono, kMuted)};
            rows.push_back(std::move(row));
        }
        m_flow.table(cols, rows);
    }

    std::vector<std::pair<std::string, Spans>> item_fields(const Item& it) const {
        std::vector<std::pair<std::string, Spans>> f;
        auto add = [&](const char* key, std::string value, Font font = Font::sans) {
            f.push_back({label(key), {text(std::move(value), 8.6, font)}});
        };
        if (it.name)
            add("field_file_name", *it.name);
        if (it.media_type)
            add("field_media_type", *it.media_type);
        if (it.size)
            add("field_size",
                group_digits(static_cast<std::uint64_t>(*it.size), lang()) + " " + label("bytes"));
        if (it.width && it.height)
            add("field_pixels", fmt::format("{} × {} {}", *it.width, *it.height, label("pixels")));
        add("field_recorded", local_time(it.recorded_at, it.utc_offset, lang()));
        add("field_tsa_time", tsa_text(it));
        if (it.source)
            add("field_source", *it.source);
        if (it.account_id) {
            for (const Account& a : m_s.accounts)
                if (a.id == *it.account_id)
                    add("field_account", a.handle + " (" + a.platform + ")");
        }
        if (it.url)
            f.push_back({label("field_url"), {Span{*it.url, Font::sans, 8.6, kLinkBlue, *it.url}}});
        if (it.sha256)
            add("field_sha256", *it.sha256, Font::mono);
        if (it.sha256 && !it.withdrawn_at)
            add("field_bundle_path",
                bundle::folder_name(m_s.info.id) + "/" +
                    bundle::evidence_path(it.seq, it.kind, it.media_type),
                Font::mono);
        return f;
    }

    void item_pages() {
        for (const Item& it : m_s.items) {
            if (it.withdrawn_at || it.sensitive || !is_image_item(it) || !it.sha256)
                continue;
            const fs::path file = m_cs.object_path(*it.sha256);
            auto probe = probe_report_image(file, *it.media_type);
            const bool landscape = probe.ok() && probe->width > probe->height * 6 / 5;
            m_flow.new_page(landscape ? kA4Landscape : kA4Portrait);
            const std::string seq = std::to_string(it.seq);
            m_flow.heading(label("heading_item", {{"item_seq", seq}}) + " — " + kind_label(it), 2,
                           0);
            fields_compact(item_fields(it));
            if (it.description && !it.description->empty()) {
                m_flow.paragraph({text(*it.description, 9)});
                m_flow.skip(6);
            }
            if (!probe.ok()) {
                ++m_not_shown;
                m_flow.paragraph({text(label("image_not_shown"), 9.5, Font::sans_bold, kWarn)});
                continue;
            }
            m_images.push_back(ImageRef{file, *it.media_type});
            const std::string cont = label("item_continued", {{"item_seq", seq}});
            m_flow.image(m_images.size() - 1, probe->width, probe->height, 0.75,
                         [&](int part, int parts) {
                             if (part == 1)
                                 return;
                             m_flow.paragraph(
                                 {text(label("item_continued", {{"item_seq", seq},
                                                                {"part", std::to_string(part)},
                                                                {"parts", std::to_string(parts)}}),
                                       8.5, Font::sans_bold, kMuted)});
                             m_flow.skip(4);
                         });
            (void)cont;
        }
    }

    // Items listed with their details, in a section (files, links, sensitive).
    void listing(const char* heading, const char* intro, const std::vector<const Item*>& items) {
        if (items.empty())
            return;
        m_flow.new_page();
        m_flow.heading(label(heading), 1);
        m_flow.paragraph({text(label(intro), 9, Font::sans, kMuted)});
        m_flow.skip(8);
        for (const Item* it : items) {
            m_flow.heading(label("heading_item", {{"item_seq", std::to_string(it->seq)}}) + " — " +
                               kind_label(*it),
                           3, 40);
            fields(item_fields(*it), 110);
            if (it->description && !it->description->empty()) {
                m_flow.paragraph({text(*it->description, 9)});
                m_flow.skip(4);
            }
            m_flow.skip(6);
        }
    }

    void other_files() {
        std::vector<const Item*> items;
        for (const Item& it : m_s.items)
            if (!it.withdrawn_at && !it.sensitive && it.kind != "link" && !is_image_item(it))
                items.push_back(&it);
        listing("heading_files", "files_intro", items);
    }
    void links() {
        std::vector<const Item*> items;
        for (const Item& it : m_s.items)
            if (!it.withdrawn_at && !it.sensitive && it.kind == "link")
                items.push_back(&it);
        listing("heading_links", "links_intro", items);
    }
    void sensitive() {
        std::vector<const Item*> items;
        for (const Item& it : m_s.items)
            if (!it.withdrawn_at && it.sensitive)
                items.push_back(&it);
        listing("heading_sensitive", "sensitive_intro", items);
    }

    void guidance() {
        m_flow.new_page();
        m_flow.heading(label("heading_guidance"), 1);
        layout_markdown(m_flow, m_t.sections.at(m_dest), m_values, kBody);
        for (const char* shared : {"safety", "sensitive"}) {
            m_flow.skip(6);
            layout_markdown(m_flow, m_t.sections.at(shared), m_values, kBody);
        }
    }

    void verification() {
        m_flow.new_page();
        m_flow.heading(label("heading_verification"), 1);
        layout_markdown(m_flow, m_t.sections.at("verify"), m_values, kBody);
        m_flow.skip(6);
        if (m_s.tokens.empty()) {
            m_flow.paragraph({text(label("no_tokens"), 9, Font::sans_bold, kWarn)});
            return;
        }
        m_flow.paragraph({text(label("tokens_intro"), 9, Font::sans, kMuted)});
        m_flow.skip(4);
        const double cw = m_flow.content_width();
        auto head = [&](const char* key) {
            return Spans{text(label(key), kTable, Font::sans_bold)};
        };
        std::vector<TableColumn> cols{{cw - 300, head("col_tsa")},
                                      {100, head("col_gen_time")},
                                      {60, head("col_covers")},
                                      {140, head("col_serial")}};
        std::vector<TableRow> rows;
        for (const TimestampToken& t : m_s.tokens)
            rows.push_back(TableRow{{{text(t.tsa_name, kTable)},
                                     {text(utc_time(t.gen_time, lang()), kTable)},
                                     {text("1 – " + std::to_string(t.covers), kTable)},
                                     {text(t.serial, kTable, Font::mono)}},
                                    {text("SHA-256  ", 7, Font::sans_bold, kMuted),
                                     text(t.prefix_sha256, 7, Font::mono, kMuted)},
                                    0});
        m_flow.table(cols, rows);
    }

    void custody_log() {
        m_flow.new_page();
        m_flow.heading(label("heading_custody"), 1);
        m_flow.paragraph({text(label("custody_intro"), 9, Font::sans, kMuted)});
        m_flow.skip(6);
        int n = 0;
        for (const std::string& line : m_s.log_lines) {
            ++n;
            m_flow.paragraph({text(fmt::format("{:>4}  ", n), 6.4, Font::mono, kMuted),
                              text(line, 6.4, Font::mono)},
                             0, 1.25);
            m_flow.skip(1.5);
        }
    }

    CaseStore& m_cs;
    const bundle_internal::Snapshot& m_s;
    const ReportTemplates& m_t;
    Metrics& m_metrics;
    Flow m_flow;
    std::string m_dest;
    std::map<std::string, std::string> m_values;
    std::vector<ImageRef> m_images;
    int m_not_shown = 0;
    std::string m_first, m_last, m_first_utc, m_last_utc;
    int m_image_items = 0, m_files = 0, m_links = 0, m_sensitive = 0, m_withdrawn = 0;
};

// ---- Placeholder values ---------------------------------------------------------------------

std::map<std::string, std::string> placeholder_values(const bundle_internal::Snapshot& s,
                                                      const ReportTemplates& t,
                                                      const std::string& dest,
                                                      const ReportOptions& o,
                                                      const std::string& fingerprint,
                                                      std::chrono::system_clock::time_point now) {
    std::map<std::string, std::string> v;
    v["case_reference"] = s.info.id;
    v["case_title"] = s.info.title;
    v["report_date"] = local_time(format_utc_rfc3339(now), local_utc_offset(now), t.lang);
    const auto d = t.labels.find("dest_" + dest);
    v["destination"] = d != t.labels.end() ? d->second : dest;
    std::set<std::string> platforms;
    for (const Account& a : s.accounts)
        platforms.insert(a.platform);
    std::string p;
    for (const std::string& name : platforms)
        p += (p.empty() ? "" : ", ") + name;
    v["platforms"] = p;
    int items = 0, sealed = 0;
    for (const Item& it : s.items) {
        if (it.withdrawn_at)
            continue;
        ++items;
        sealed += it.timestamp.status == TimestampStatus::granted ? 1 : 0;
    }
    v["item_count"] = std::to_string(items);
    v["sealed_count"] = std::to_string(sealed);
    v["pending_count"] = std::to_string(items - sealed);
    v["fingerprint"] = fingerprint;
    v["fingerprint_lines"] = std::to_string(s.log_lines.size());
    v["bundle_folder"] = bundle::folder_name(s.info.id);
    v["bundle_file"] = o.bundle_file.value_or(bundle::folder_name(s.info.id) + ".zip");
    return v;
}

std::string log_prefix_sha256(const std::vector<std::string>& lines) {
    crypto::Sha256 h;
    for (const std::string& l : lines) {
        h.update(l);
        h.update(std::string_view("\n"));
    }
    return crypto::to_hex(h.finish());
}

// Footer: the case reference on the left, "Page X / Y" on the right, a rule above.
FooterPainter make_footer(const std::string& left, const std::string& page_label,
                          const std::map<std::string, std::string>& values) {
    return [left, page_label, values](pdf::Writer& w, const Page& page, int no, int total) {
        const Margins m;
        const double y = 30;
        w.line(m.left, y + 11, page.size.w - m.right, y + 11, 0.4, kRule);
        w.text(m.left, y, Font::sans, 7.5, left, kMuted);
        std::map<std::string, std::string> v = values;
        v["page"] = std::to_string(no);
        v["pages"] = std::to_string(total);
        const std::string right = fill_placeholders(page_label, v);
        w.text(page.size.w - m.right - w.text_width(Font::sans, 7.5, right), y, Font::sans, 7.5,
               right, kMuted);
    };
}

Result<void> sync_and_publish(const fs::path& tmp, const fs::path& out, Env& env) {
    SCELLE_TRY(env.sync_file(tmp));
    SCELLE_TRY(rename_no_replace(tmp, out));
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    (void)env.sync_dir(parent);
    return {};
}

struct TempFile {
    fs::path path;
    bool keep = false;
    ~TempFile() {
        if (!keep && !path.empty()) {
            std::error_code ec;
            fs::remove(path, ec);
        }
    }
};

}  // namespace

Result<std::int64_t> CaseStore::record_report(const json& fields) {
    json line = fields;
    line["action"] = "report.made";
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    SCELLE_ASSIGN_OR_RETURN(std::int64_t seq, append_log(std::move(line)));
    SCELLE_TRY(tx.commit());
    return seq;
}

Result<ReportOutcome> make_report(CaseStore& cs, const ReportOptions& o, Env& env) {
    if (std::find(std::begin(kReportLanguages), std::end(kReportLanguages), o.lang) ==
        std::end(kReportLanguages))
        return make_error(Errc::usage, o.lang, "unknown report language");
    std::string dest = o.destination.value_or(cs.info().destination.value_or("police"));
    if (std::find(std::begin(kReportDestinations), std::end(kReportDestinations), dest) ==
        std::end(kReportDestinations))
        return make_error(Errc::usage, dest, "unknown report destination");
    SCELLE_TRY(check_export_target(o.out));
    DataPaths data;
    if (o.data) {
        data = *o.data;
    } else {
        SCELLE_ASSIGN_OR_RETURN(data, find_data_paths());
    }
    SCELLE_ASSIGN_OR_RETURN(ReportTemplates templates,
                            load_report_templates(data.templates, o.lang));
    SCELLE_ASSIGN_OR_RETURN(bundle_internal::Snapshot snap, bundle_internal::read_snapshot(cs));

    const auto now = env.now();
    const std::string fingerprint = log_prefix_sha256(snap.log_lines);
    std::map<std::string, std::string> values =
        placeholder_values(snap, templates, dest, o, fingerprint, now);

    TempFile tmp{temp_path_beside(o.out, ".pdf")};
    pdf::DocInfo info;
    info.title = templates.labels["report_title"] + " — " + snap.info.title;
    info.subject = values["destination"];
    info.keywords = snap.info.id + ", SHA-256 " + fingerprint;
    info.creator = std::string("Scellé ") + kVersion;
    info.created_unix =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    info.lang = o.lang == "fr" ? "fr-FR" : "en-GB";
    SCELLE_ASSIGN_OR_RETURN(
        auto writer,
        pdf::open_writer(tmp.path, {data.font_sans, data.font_sans_bold, data.font_mono}, info));
    Metrics metrics(*writer);
    Builder builder(cs, snap, templates, metrics, dest, values);
    builder.count();
    std::vector<Page> pages = builder.build();

    const std::vector<ImageRef>& images = builder.images();
    int failed = 0;
    auto load = [&](std::size_t index) -> Result<pdf::ImageId> {
        auto img = load_report_image(images[index].file, images[index].media_type);
        if (!img.ok()) {
            ++failed;
            return std::move(img).error();
        }
        return writer->add_image(std::move(*img));
    };
    const int total = static_cast<int>(pages.size());
    int done = 0;
    auto cancelled = [&] {
        if (o.progress && total > 0)
            o.progress(static_cast<double>(done++) / total);
        return o.cancelled && o.cancelled();
    };
    SCELLE_TRY(render(*writer, pages, load,
                      make_footer(fill_placeholders(templates.labels["footer"], values),
                                  templates.labels["footer_page"], values),
                      templates.labels["image_failed"], cancelled));
    SCELLE_TRY(writer->finish());
    writer.reset();
    if (o.progress)
        o.progress(1.0);

    ReportOutcome out;
    SCELLE_ASSIGN_OR_RETURN(const crypto::Digest digest, crypto::sha256_file(tmp.path));
    out.sha256 = crypto::to_hex(digest);
    std::error_code ec;
    out.size = fs::file_size(tmp.path, ec);
    if (o.cancelled && o.cancelled())
        return Error{Errc::output_failed, o.out.string(), "cancelled", ECANCELED};
    SCELLE_TRY(sync_and_publish(tmp.path, o.out, env));
    tmp.keep = true;
    out.file = o.out;
    out.pages = total;
    out.images_not_shown = builder.images_not_shown() + failed;
    out.images_shown = static_cast<int>(images.size()) - failed;
    out.destination = dest;
    out.lang = o.lang;
    out.fingerprint_lines = static_cast<std::int64_t>(snap.log_lines.size());
    out.fingerprint = fingerprint;
    if (o.record) {
        json fields{{"sha256", out.sha256},        {"size", out.size},
                    {"destination", dest},         {"lang", o.lang},
                    {"pages", out.pages},          {"covers", out.fingerprint_lines},
                    {"covers_sha256", fingerprint}};
        auto seq = cs.record_report(fields);
        if (seq.ok())
            out.log_seq = *seq;
        else
            out.log_error = std::move(seq).error();
    }
    return out;
}

}  // namespace scelle::core
