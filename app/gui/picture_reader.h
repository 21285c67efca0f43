// PictureReader: the machine transcripts of a case's pictures (scelle/ocr), made in the
// background so that every picture becomes searchable without anyone asking: after each
// capture or import, and when a case is opened, the pictures that have none yet
// (CaseStore::items_to_transcribe: never a sensitive or withdrawn item, never the frames of a
// joined conversation) are read on one of the window's Workers while the case stays usable.
// The search dialog's "Read the pictures" asks it too, so that one reading runs at a time.
//
// One pass at a time: a request during a pass for the same case is remembered and runs once
// the pass ends (one more pass picks up what was added meanwhile); a request for another case
// stops the running pass after the pictures being read, then runs. stop() (the window
// closing) makes the running pass end after the pictures under way, so that closing waits for
// one picture at most; what was read is kept.
//
// GUI thread only. Results are posted to `poster` (the window that owns the Workers and joins
// them before it dies); the callbacks run on the GUI thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <wx/event.h>

#include "scelle/base/result.h"
#include "workers.h"

namespace scelle::gui {

class PictureReader {
  public:
    PictureReader(wxEvtHandler* poster, Workers& workers);
    PictureReader(const PictureReader&) = delete;
    PictureReader& operator=(const PictureReader&) = delete;

    struct Progress {
        std::string case_id;
        std::size_t done = 0;
        std::size_t total = 0;
    };
    struct Finished {
        std::string case_id;
        std::size_t read = 0;        // transcripts made and saved
        std::size_t not_read = 0;    // pictures that could not be read (their reasons are kept
                                     // for the next pass: it tries them again)
        bool stopped = false;        // stop() or another case's request ended it early
        std::optional<Error> error;  // no engine (models missing), the case cannot be opened
    };
    std::function<void(const Progress&)> on_progress;
    std::function<void(const Finished&)> on_finished;

    // Whether this build can read pictures at all (Tesseract).
    static bool available();

    // Reads the pictures of `case_id` that have no transcript yet, with `threads` engines
    // (0: one per core).
    void read(std::filesystem::path store_root, std::string case_id, unsigned threads);
    // Ends the running pass after the pictures under way, and forgets the request waiting.
    void stop();
    bool running() const { return m_running; }
    // The case of the running pass; empty when none runs.
    const std::string& reading_case() const { return m_case; }
    // The last progress of the running pass.
    const Progress& progress() const { return m_progress; }

  private:
    struct Request {
        std::filesystem::path root;
        std::string case_id;
        unsigned threads = 0;
    };
    void start(Request req);
    void on_done(Finished f);

    wxEvtHandler* m_poster;
    Workers& m_workers;
    bool m_running = false;
    std::string m_case;
    Progress m_progress;
    std::shared_ptr<std::atomic<bool>> m_stop;
    std::optional<Request> m_next;
};

}  // namespace scelle::gui
