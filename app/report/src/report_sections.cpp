// The report's sections (see report_sections.h).
#include "report_sections.h"

#include <set>

#include <fmt/format.h>

#include "report_markdown.h"
#include "report_text.h"
#include "scelle/crypto/sha256.h"
#include "scelle/report/report_images.h"
#include "scelle/store/bundle_format.h"

#include <nlohmann/json.hpp>

namespace scelle::core::report {

namespace fs = std::filesystem;

namespace {

constexpr double kBody = 10;
constexpr double kSmall = 8;
constexpr double kTable = 7.6;
constexpr std::size_t kTimelineDescription = 280;  // characters shown in the timeline

bool is_image_item(const Item& it) {
    return it.kind != "link" && it.media_type && it.media_type->rfind("image/", 0) == 0;
}

class Builder {
  public:
    Builder(CaseStore& cs, const Snapshot& s, const ReportTemplates& t, Metrics& m,
            std::string destination, std::map<std::string, std::string> values)
        : m_cs(cs),
          m_s(s),
          m_t(t),
          m_metrics(m),
          m_flow(m),
          m_dest(std::move(destination)),
          m_values(std::move(values)) {}

    std::vector<Page> build() {
        // What to do now comes right after the cover; then the facts, the evidence, how to
        // verify, and the custody log.
        cover();
        guidance();
        summary();
        accounts();
        timeline();
        item_pages();
        other_files();
        links();
        sensitive();
        verification();
        custody_log();
        if (m_transcripts)
            transcripts();
        return m_flow.take_pages();
    }
    void with_transcripts(bool on) { m_transcripts = on; }
    std::vector<ImageRef>& images() { return m_images; }
    const std::map<std::string, std::string>& values() const { return m_values; }
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
        // What a phone reading the QR code needs to find the bundle and check the digest.
        const std::string qr =
            "scelle:1:" + m_s.info.id + ":" + m_values.at("fingerprint_lines") + ":" + fp;
        Page probe;  // the QR code's side, quiet zone included, to size the text beside it
        const double qr_side = draw_qr(probe, qr, 0, 0, qr_module);
        const double text_w = cw - qr_side - 14;
        const auto title =
            wrap(m_metrics, {text(label("fingerprint"), 9.5, Font::sans_bold, kAccent)}, text_w);
        const auto digest = wrap(m_metrics, {text(fp, 8.4, Font::mono)}, text_w);
        const auto help =
            wrap(m_metrics, {text(label("fingerprint_help"), 7.8, Font::sans, kMuted)}, text_w);
        double text_h = 0;
        for (const auto* lines : {&title, &digest, &help})
            for (const Line& l : *lines)
                text_h += l.size * 1.3;
        const double box_h = std::max(text_h + 26, qr_side);
        m_flow.page().ops.push_back(RectOp{Rect{m_flow.left(), top - box_h, cw, box_h}, kShade});
        draw_qr(m_flow.page(), qr, m_flow.left() + cw - qr_side, top, qr_module);
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
        if (!m_values.at("bundle_how").empty()) {
            m_flow.skip(6);
            m_flow.paragraph({text(m_values.at("bundle_how"), 9, Font::sans, kMuted)});
        }
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
        rows.push_back({label("period"),
                        {text(m_first_h.empty()       ? label("period_unknown")
                              : m_first_h == m_last_h ? label("period_one_day")
                                                      : label("period_value"),
                              kBody, m_first_h.empty() ? Font::sans : Font::sans_bold,
                              m_first_h.empty() ? kWarn : kInk)}});
        if (!m_first.empty())
            rows.push_back({label("recorded_in_scelle"), {text(label("recorded_span"))}});
        if (m_s.info.recorded_by)
            rows.push_back({label("recorded_by"), {text(*m_s.info.recorded_by)}});
        rows.push_back({label("counts"), {text(counts_text())}});
        fields(rows, 130);
        m_flow.skip(6);
        m_flow.heading(label("summary"), 3);
        if (m_s.info.summary && !m_s.info.summary->empty())
            m_flow.paragraph({text(*m_s.info.summary)});
        else
            m_flow.paragraph({text(label("no_summary"), kBody, Font::sans, kMuted)});
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
            if (it.happened) {
                // The stored forms sort by day; a day alone sorts before a time that day.
                if (m_first_h.empty() || *it.happened < m_first_h_raw) {
                    m_first_h_raw = *it.happened;
                    m_first_h = happened_text(*it.happened, lang());
                }
                if (m_last_h.empty() || *it.happened > m_last_h_raw) {
                    m_last_h_raw = *it.happened;
                    m_last_h = happened_text(*it.happened, lang());
                }
            }
            if (m_offsets.find(it.utc_offset) == std::string::npos)
                m_offsets += (m_offsets.empty() ? "" : " / ") + it.utc_offset;
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
        m_values["first_happened"] = m_first_h;
        m_values["last_happened"] = m_last_h;
        m_values["utc_offset"] = m_offsets.empty() ? m_s.info.utc_offset : m_offsets;
        m_values["facts_period"] = m_first_h.empty()       ? label("facts_period_unknown")
                                   : m_first_h == m_last_h ? label("period_one_day")
                                                           : label("period_value");
    }

  private:
    std::string counts_text() const {
        std::string out;
        auto add = [&](int n, const char* key) {
            if (n > 0)
                out += (out.empty() ? "" : "\n") + std::to_string(n) + " " +
                       label(singular(n, lang()) ? std::string(key) + "_one" : std::string(key));
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
        // A handle or name that is not plain ASCII gets its code points beneath it.
        auto typed = [&](const std::string& s, Font f) {
            Spans out{text(s, 8.5, f)};
            if (const std::string cp = code_points(s); !cp.empty())
                out.push_back(text("\n" + cp, 6, Font::mono, kMuted));
            return out;
        };
        for (const Account& a : m_s.accounts) {
            Spans url;
            if (a.url)
                url.push_back(Span{*a.url, Font::sans, 8.5, kLinkBlue, *a.url});
            Spans handle = typed(a.handle, Font::sans_bold);
            if (a.platform_id)
                handle.push_back(text("\nID " + *a.platform_id, 7.5, Font::mono));
            rows.push_back(TableRow{{{text(a.platform, 8.5)},
                                     handle,
                                     typed(a.display_name.value_or(""), Font::sans),
                                     url},
                                    {},
                                    0});
        }
        m_flow.table(cols, rows);
    }

    std::string kind_label(const Item& it) const {
        if (it.derived)
            return label("kind_stitched");
        return label("kind_" + (it.kind == "screenshot" || it.kind == "link"
                                    ? it.kind
                                    : std::string("file")));
    }

    // When it was sealed: as a delay after the recording when it follows it ("2 s later"),
    // else the authority's time in local time.
    std::string tsa_text(const Item& it) const {
        switch (it.timestamp.status) {
            case TimestampStatus::granted:
                if (!it.timestamp.gen_time)
                    return "?";
                if (auto d = delay_text(it.recorded_at, *it.timestamp.gen_time, lang()))
                    return label("sealed_after", {{"delay", *d}});
                return local_time(*it.timestamp.gen_time, it.utc_offset, lang(), false);
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
        std::vector<TableColumn> cols{
            {22, head("col_seq")},      {66, head("col_happened")},
            {62, head("col_recorded")}, {50, head("col_tsa_time")},
            {84, head("col_source")},   {cw - 284, head("col_description")}};
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
            TableRow row{
                {{text(std::to_string(it.seq), kTable, Font::sans_bold)},
                 {it.happened ? text(happened_text(*it.happened, lang()), kTable, Font::sans_bold)
                              : text(label("not_said"), kTable, Font::sans, kMuted)},
                 {text(local_time(it.recorded_at, it.utc_offset, lang(), false), kTable)},
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
        m_flow.skip(4);
        m_flow.paragraph({text(label("times_note"), kSmall, Font::sans, kMuted)});
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
        add("field_happened",
            it.happened ? happened_text(*it.happened, lang()) : label("not_said"));
        add("field_recorded", local_time(it.recorded_at, it.utc_offset, lang()));
        add("field_tsa_time", tsa_text(it));
        if (it.source)
            add("field_source", *it.source);
        if (it.account_id) {
            for (const Account& a : m_s.accounts)
                if (a.id == *it.account_id)
                    add("field_account", a.handle + " (" + a.platform + ")");
        }
        // A sensitive item's address is printed as plain text, never as a link one click opens.
        if (it.url && it.sensitive)
            f.push_back({label("field_url"),
                         {text(*it.url, 8.6, Font::mono),
                          text("\n" + label("sensitive_link_warning"), 7.6, Font::sans, kWarn)}});
        else if (it.url)
            f.push_back({label("field_url"), {Span{*it.url, Font::sans, 8.6, kLinkBlue, *it.url}}});
        if (const auto frames = derived_frames(it); !frames.empty())
            add("field_derived",
                label("derived_from", {{"first_item", std::to_string(frames.front())},
                                       {"last_item", std::to_string(frames.back())},
                                       {"frame_count", std::to_string(frames.size())}}));
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
        // The frames of a stitched conversation are listed in the timeline and named on the
        // stitched image's page, which shows them all joined: not a page each.
        std::set<std::int64_t> joined;
        for (const Item& it : m_s.items)
            if (!it.withdrawn_at)
                for (std::int64_t f : derived_frames(it))
                    joined.insert(f);
        for (const Item& it : m_s.items) {
            if (it.withdrawn_at || it.sensitive || !is_image_item(it) || !it.sha256 ||
                joined.count(it.seq) != 0)
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

    // A short section shares the page before it when a good part of a portrait page is left;
    // otherwise it starts a new page.
    void section_start() {
        const Page& p = m_flow.page();
        if (p.size.w > p.size.h || m_flow.remaining() < m_flow.full_height() * 0.4) {
            m_flow.new_page();
            return;
        }
        m_flow.skip(18);
    }

    // Items listed with their details, in a section (files, links, sensitive).
    void listing(const char* heading, const char* intro, const std::vector<const Item*>& items) {
        if (items.empty())
            return;
        section_start();
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
        // Never capture or keep a sexual image of a minor: said with the sensitive items.
        section_start();
        layout_markdown(m_flow, m_t.sections.at("sensitive"), m_values, kBody);
    }

    void guidance() {
        m_flow.new_page();
        m_flow.heading(label("heading_guidance"), 1);
        layout_markdown(m_flow, m_t.sections.at(m_dest), m_values, kBody);
        m_flow.skip(6);
        layout_markdown(m_flow, m_t.sections.at("safety"), m_values, kBody);
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
        m_flow.paragraph({text(label("custody_intro"), 8.5, Font::sans, kMuted)});
        m_flow.skip(6);
        const double cw = m_flow.content_width();
        auto head = [&](const char* key) {
            return Spans{text(label(key), kTable, Font::sans_bold)};
        };
        std::vector<TableColumn> cols{{32, head("col_line")},     {98, head("col_time")},
                                      {92, head("col_action")},   {46, head("col_item")},
                                      {cw - 340, head("col_by")}, {72, head("col_line_sha")}};
        std::vector<TableRow> rows;
        int n = 0;
        for (const std::string& line : m_s.log_lines) {
            ++n;
            const auto j = nlohmann::json::parse(line, nullptr, false);
            auto str = [&j](const char* key) {
                return j.is_object() && j.contains(key) && j[key].is_string()
                           ? j[key].get<std::string>()
                           : std::string();
            };
            const std::string action = str("action");
            const auto known = m_t.labels.find("action_" + action);
            std::string item;
            if (j.is_object() && j.contains("item") && j["item"].is_number_integer())
                item = std::to_string(j["item"].get<std::int64_t>());
            else if (j.is_object() && j.contains("account") && j["account"].is_number_integer())
                item = "#" + std::to_string(j["account"].get<std::int64_t>());
            std::string by = str("by");
            if (by.empty())
                by = str("recorded_by");
            if (action == "timestamp.obtained")
                by = str("tsa_name");
            std::string offset = str("utc_offset");
            if (offset.empty())
                offset = m_s.info.utc_offset;
            rows.push_back(
                TableRow{{{text(std::to_string(n), kTable, Font::sans_bold)},
                          {text(local_time(str("at"), offset, lang(), false), kTable)},
                          {text(known != m_t.labels.end() ? known->second : action, kTable)},
                          {text(item, kTable)},
                          {text(by, kTable)},
                          {text(crypto::sha256_hex(line).substr(0, 12), kTable, Font::mono)}},
                         {},
                         0});
        }
        m_flow.table(cols, rows);
    }

    // The machine transcripts of the image items shown (never of a sensitive or withdrawn
    // item: the store deletes theirs), each line with its box, marked as a machine's reading.
    void transcripts() {
        m_flow.new_page();
        m_flow.heading(label("heading_transcripts"), 1);
        m_flow.paragraph({text(label("transcripts_intro"), 9, Font::sans_bold, kWarn)});
        m_flow.skip(6);
        int shown = 0;
        for (const Item& it : m_s.items) {
            if (transcribe_refusal(it) != TranscribeRefusal::none)
                continue;
            auto t = m_cs.transcript(it.seq);
            if (!t.ok() || !t->has_value())
                continue;
            const Transcript& tr = **t;
            ++shown;
            m_flow.heading(label("heading_item", {{"item_seq", std::to_string(it.seq)}}), 2);
            m_flow.paragraph(
                {text(label("transcript_made_by", {{"engine", tr.engine},
                                                   {"languages", tr.languages},
                                                   {"confidence", std::to_string(tr.confidence)}}),
                      8, Font::sans, kMuted)});
            if (tr.lines.empty())
                m_flow.paragraph({text(label("transcript_empty"), kBody, Font::sans, kMuted)});
            for (const TranscriptLine& l : tr.lines)
                m_flow.paragraph({text(l.text, kBody)});
            m_flow.skip(4);
        }
        if (shown == 0)
            m_flow.paragraph({text(label("no_transcripts"), kBody, Font::sans, kMuted)});
    }

    CaseStore& m_cs;
    const Snapshot& m_s;
    const ReportTemplates& m_t;
    Metrics& m_metrics;
    Flow m_flow;
    std::string m_dest;
    std::map<std::string, std::string> m_values;
    std::vector<ImageRef> m_images;
    int m_not_shown = 0;
    std::string m_first, m_last, m_first_utc, m_last_utc;
    std::string m_first_h, m_last_h, m_first_h_raw, m_last_h_raw;  // when it happened
    std::string m_offsets;  // the items' UTC offsets, for the legend
    int m_image_items = 0, m_files = 0, m_links = 0, m_sensitive = 0, m_withdrawn = 0;
    bool m_transcripts = false;
};

}  // namespace

LaidOutReport lay_out_report(CaseStore& cs, const Snapshot& snap, const ReportTemplates& templates,
                             Metrics& metrics, const std::string& destination,
                             std::map<std::string, std::string>& values, bool transcripts) {
    Builder b(cs, snap, templates, metrics, destination, values);
    b.with_transcripts(transcripts);
    b.count();
    values = b.values();
    LaidOutReport out;
    out.pages = b.build();
    out.images = std::move(b.images());
    out.images_not_shown = b.images_not_shown();
    return out;
}

}  // namespace scelle::core::report
