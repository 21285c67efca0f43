// Machine transcripts (OCR) of images: an Engine reads the text lines of one image, with their
// boxes in the original image's pixels and the engine's confidence. The engine is Tesseract 5
// (French and English models), in a loadable module (scelle-ocr) opened on first use, so that
// the programs' other commands do not load it and the twenty libraries it brings.
//
// Built where Tesseract is (SCELLE_OCR, ON on Linux); elsewhere available() is false and
// open_engine() says so. What a transcript is, and that it is never evidence:
// scelle/store/transcript.h.
//
// Thread-safety: an Engine is used by one thread at a time (it holds a TessBaseAPI); make one
// per thread and reuse it (transcribe.h does).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "scelle/base/result.h"
#include "scelle/store/transcript.h"

namespace scelle::ocr {

// The languages every transcript is made with: French first, then English.
inline constexpr const char* kLanguages = "fra+eng";

// Whether this build can transcribe at all.
bool available();

class Engine {
  public:
    virtual ~Engine() = default;
    // Reads an image given as its file's bytes (PNG, JPEG, WebP, GIF, BMP, TIFF). Dark mode
    // (light text on a dark background) is inverted first; small text is read again enlarged.
    // The result's item_seq and made_at are left for the caller. Errc::input_unreadable when
    // the bytes are not an image the engine can decode.
    virtual Result<core::Transcript> read(std::span<const std::byte> image) = 0;
    // "tesseract 5.3.0"
    virtual std::string engine_name() const = 0;
};

// One engine for `languages` ("fra+eng"), from the installed models (Debian:
// /usr/share/tesseract-ocr/5/tessdata; TESSDATA_PREFIX overrides it). Errc::install_incomplete
// when the module, the library or a language's model is missing, or this build has no OCR.
Result<std::unique_ptr<Engine>> open_engine(const std::string& languages = kLanguages);

}  // namespace scelle::ocr
