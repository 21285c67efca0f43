// Transcribing a case's image items: the originals are read and checked against their
// SHA-256, read by a pool of engines (one thread and one Tesseract engine per core, each
// engine made once and reused for every image), and each transcript is saved as soon as it is
// made, in its own short transaction, so that the case stays usable meanwhile and an
// interruption keeps what was done. Transcripts are derived records, never evidence
// (scelle/store/transcript.h).
//
// Thread-safety: the CaseStore is used from the calling thread only; the engines each from
// their own thread. The progress callback runs on the calling thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "scelle/base/env.h"
#include "scelle/base/result.h"
#include "scelle/store/case_store.h"

namespace scelle::ocr {

struct TranscribeOutcome {
    std::int64_t item = 0;
    std::optional<core::Transcript> transcript;  // saved
    std::optional<Error> error;                  // why not (the image, the store)
};

struct TranscribeProgress {
    std::size_t done = 0;  // items finished, this one included
    std::size_t total = 0;
    const TranscribeOutcome* last = nullptr;
};
using TranscribeProgressFn = std::function<void(const TranscribeProgress&)>;

// Transcribes `items` (item numbers; each must pass core::transcribe_refusal, else its outcome
// holds Errc::not_available) with `threads` engines (0: one per core, at most one per item).
// Outcomes in the order of `items`. An Error only when no engine can be opened
// (Errc::install_incomplete) or the items cannot be read from the store.
// `stop`, when given and set (from any thread), makes the engines take no further picture:
// the pictures being read are finished and saved, the others get Errc::not_available
// ("stopped"), so that a window closing waits for one picture at most.
Result<std::vector<TranscribeOutcome>> transcribe_items(core::CaseStore& cs,
                                                        const std::vector<std::int64_t>& items,
                                                        const TranscribeProgressFn& progress = {},
                                                        unsigned threads = 0,
                                                        core::Env& env = core::Env::system(),
                                                        const std::atomic<bool>* stop = nullptr);

}  // namespace scelle::ocr
