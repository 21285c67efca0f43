// Machine transcripts of image items (OCR): derived records, never evidence. A transcript can
// be made again from the original at any time, so it is not a custody-log line, is not covered
// by a timestamp, and says everywhere it appears that it is a machine's reading, to check
// against the image. Sensitive and withdrawn items are never transcribed, and their transcript
// goes in the same transaction that marks or withdraws them (case_store_items.cpp).
//
// The records are plain values; CaseStore (case_store.h) stores and searches them
// (transcripts.cpp). Thread-safety: values only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scelle::core {

struct Item;

// One line of text found on the image, with its box in the original image's pixels.
struct TranscriptLine {
    std::string text;  // UTF-8, one line, as the engine read it
    std::int64_t x = 0, y = 0, width = 0, height = 0;
    int confidence = 0;  // the engine's, in percent (0..100)
};

struct Transcript {
    std::int64_t item_seq = 0;
    std::string engine;     // "tesseract 5.3.0"
    std::string languages;  // "fra+eng"
    int confidence = 0;     // the mean over the words, in percent
    std::string made_at;    // UTC RFC 3339
    std::vector<TranscriptLine> lines;
    std::string text() const;  // the lines joined with "\n"
};

// One line that holds the searched text. `line` counts from 1 in the item's transcript.
struct TranscriptHit {
    std::int64_t item_seq = 0;
    std::int64_t line = 0;
    TranscriptLine found;
};

// Why an item cannot be transcribed (none: it can).
enum class TranscribeRefusal { none, withdrawn, sensitive, not_an_image };
// The rule, in one place: a live, non-sensitive item whose original is an image that the OCR
// engine can read (PNG, JPEG, WebP, GIF, BMP, TIFF).
TranscribeRefusal transcribe_refusal(const Item& item);
// "withdrawn", "sensitive", "not an image": an Error's detail.
const char* to_string(TranscribeRefusal r);

// The FTS5 query that matches `text` as plain words, in order (a phrase): quotes, `*`, `-`,
// `NEAR`, parentheses and the like lose any meaning for the query syntax. Empty when `text`
// holds no word at all.
std::string fts5_phrase(std::string_view text);

}  // namespace scelle::core
