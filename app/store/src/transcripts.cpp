// CaseStore: machine transcripts (transcript.h). Stored in the tables of schema version 4:
// `transcripts` (one row per item, its lines as JSON) and `transcript_lines`, an FTS5 index
// of the lines that ignores case and accents. Neither is evidence: no custody-log line, no
// timestamp; `check` and the bundle ignore them.
#include "scelle/store/transcript.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "scelle/base/time.h"
#include "scelle/store/case_store.h"

namespace scelle::core {

using nlohmann::json;

std::string Transcript::text() const {
    std::string out;
    for (const TranscriptLine& l : lines) {
        if (!out.empty())
            out += '\n';
        out += l.text;
    }
    return out;
}

TranscribeRefusal transcribe_refusal(const Item& item) {
    if (item.withdrawn_at)
        return TranscribeRefusal::withdrawn;
    if (item.sensitive)
        return TranscribeRefusal::sensitive;
    // The formats Leptonica decodes (the OCR engine's image library); HEIC and AVIF are not.
    static constexpr std::array<std::string_view, 6> kReadable = {
        "image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp", "image/tiff"};
    if (!item.sha256 || !item.media_type || (item.kind != "screenshot" && item.kind != "file") ||
        std::find(kReadable.begin(), kReadable.end(), *item.media_type) == kReadable.end())
        return TranscribeRefusal::not_an_image;
    return TranscribeRefusal::none;
}

const char* to_string(TranscribeRefusal r) {
    switch (r) {
        case TranscribeRefusal::none:
            return "";
        case TranscribeRefusal::withdrawn:
            return "withdrawn";
        case TranscribeRefusal::sensitive:
            return "sensitive";
        case TranscribeRefusal::not_an_image:
            return "not an image";
    }
    return "";
}

std::string fts5_phrase(std::string_view text) {
    // One FTS5 string: inside double quotes every character is text for the tokenizer, which
    // keeps letters and digits and drops the rest; a quote is written twice.
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

Result<void> CaseStore::save_transcript(const Transcript& t) {
    SCELLE_ASSIGN_OR_RETURN(auto tx, sql::Transaction::begin(m_db));
    // Read under the write lock: an item withdrawn or marked sensitive meanwhile is refused.
    SCELLE_ASSIGN_OR_RETURN(Item it, item(t.item_seq));
    if (const TranscribeRefusal why = transcribe_refusal(it); why != TranscribeRefusal::none)
        return make_error(Errc::not_available, std::to_string(t.item_seq), to_string(why));
    SCELLE_TRY(delete_transcript(t.item_seq));
    json lines = json::array();
    for (const TranscriptLine& l : t.lines)
        lines.push_back({{"text", l.text},
                         {"x", l.x},
                         {"y", l.y},
                         {"width", l.width},
                         {"height", l.height},
                         {"confidence", l.confidence}});
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("INSERT INTO transcripts(item_seq, engine, "
                                                  "languages, confidence, made_at, text, lines) "
                                                  "VALUES(?,?,?,?,?,?,?)"));
    st.bind(1, t.item_seq)
        .bind(2, t.engine)
        .bind(3, t.languages)
        .bind(4, std::int64_t{t.confidence})
        .bind(5, t.made_at.empty() ? format_utc_rfc3339(m_env.now()) : t.made_at)
        .bind(6, t.text())
        .bind(7, lines.dump());
    SCELLE_TRY(st.run());
    SCELLE_ASSIGN_OR_RETURN(auto ins, m_db.prepare("INSERT INTO transcript_lines(text, item_seq, "
                                                   "line, x, y, width, height, confidence) "
                                                   "VALUES(?,?,?,?,?,?,?,?)"));
    std::int64_t n = 0;
    for (const TranscriptLine& l : t.lines) {
        ins.reset();
        ins.bind(1, l.text)
            .bind(2, t.item_seq)
            .bind(3, ++n)
            .bind(4, l.x)
            .bind(5, l.y)
            .bind(6, l.width)
            .bind(7, l.height)
            .bind(8, std::int64_t{l.confidence});
        SCELLE_TRY(ins.run());
    }
    return tx.commit();
}

Result<void> CaseStore::delete_transcript(std::int64_t seq) {
    for (const char* sql : {"DELETE FROM transcripts WHERE item_seq = ?",
                            "DELETE FROM transcript_lines WHERE item_seq = ?"}) {
        SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare(sql));
        st.bind(1, seq);
        SCELLE_TRY(st.run());
    }
    return {};
}

Result<std::optional<Transcript>> CaseStore::transcript(std::int64_t seq) {
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("SELECT engine, languages, confidence, made_at, "
                                                  "lines FROM transcripts WHERE item_seq = ?"));
    st.bind(1, seq);
    SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row)
        return std::optional<Transcript>();
    Transcript t;
    t.item_seq = seq;
    t.engine = st.text(0);
    t.languages = st.text(1);
    t.confidence = static_cast<int>(st.integer(2));
    t.made_at = st.text(3);
    const json lines = json::parse(st.text(4), nullptr, false);
    if (!lines.is_array())
        return make_error(Errc::store_corrupt, "transcripts", "item " + std::to_string(seq));
    for (const json& l : lines) {
        if (!l.is_object())
            return make_error(Errc::store_corrupt, "transcripts", "item " + std::to_string(seq));
        TranscriptLine line;
        line.text = l.value("text", "");
        line.x = l.value("x", std::int64_t{0});
        line.y = l.value("y", std::int64_t{0});
        line.width = l.value("width", std::int64_t{0});
        line.height = l.value("height", std::int64_t{0});
        line.confidence = l.value("confidence", 0);
        t.lines.push_back(std::move(line));
    }
    return std::optional<Transcript>(std::move(t));
}

Result<std::vector<std::int64_t>> CaseStore::items_to_transcribe() {
    SCELLE_ASSIGN_OR_RETURN(std::vector<Item> all, items());
    SCELLE_ASSIGN_OR_RETURN(auto st, m_db.prepare("SELECT item_seq FROM transcripts"));
    std::vector<std::int64_t> done;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            break;
        done.push_back(st.integer(0));
    }
    // The frames of a live stitched conversation: their text is read once, in the joined image.
    std::vector<std::int64_t> joined;
    for (const Item& it : all)
        if (!it.withdrawn_at)
            for (std::int64_t f : derived_frames(it))
                joined.push_back(f);
    std::vector<std::int64_t> out;
    for (const Item& it : all)
        if (transcribe_refusal(it) == TranscribeRefusal::none &&
            std::find(done.begin(), done.end(), it.seq) == done.end() &&
            std::find(joined.begin(), joined.end(), it.seq) == joined.end())
            out.push_back(it.seq);
    return out;
}

Result<std::vector<TranscriptHit>> CaseStore::search_transcripts(std::string_view text) {
    // The items' own state is checked again: only live, non-sensitive items are ever shown.
    SCELLE_ASSIGN_OR_RETURN(
        auto st, m_db.prepare("SELECT l.item_seq, l.line, l.text, l.x, l.y, l.width, l.height, "
                              "l.confidence FROM transcript_lines l JOIN items i ON i.seq = "
                              "l.item_seq WHERE transcript_lines MATCH ? AND i.withdrawn_at IS "
                              "NULL AND i.sensitive = 0 ORDER BY l.item_seq, l.line"));
    st.bind(1, fts5_phrase(text));
    std::vector<TranscriptHit> out;
    for (;;) {
        SCELLE_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row)
            break;
        TranscriptHit h;
        h.item_seq = st.integer(0);
        h.line = st.integer(1);
        h.found.text = st.text(2);
        h.found.x = st.integer(3);
        h.found.y = st.integer(4);
        h.found.width = st.integer(5);
        h.found.height = st.integer(6);
        h.found.confidence = static_cast<int>(st.integer(7));
        out.push_back(std::move(h));
    }
    return out;
}

}  // namespace scelle::core
