// PictureReader: background machine transcripts (picture_reader.h).
#include "picture_reader.h"

#include <algorithm>
#include <utility>

#include "scelle/ocr/ocr.h"
#include "scelle/ocr/transcribe.h"
#include "scelle/store/store.h"

namespace scelle::gui {

PictureReader::PictureReader(wxEvtHandler* poster, Workers& workers)
    : m_poster(poster), m_workers(workers) {}

bool PictureReader::available() {
    return ocr::available();
}

void PictureReader::read(std::filesystem::path store_root, std::string case_id, unsigned threads) {
    if (!available())
        return;
    Request req{std::move(store_root), std::move(case_id), threads};
    if (!m_running) {
        start(std::move(req));
        return;
    }
    // Another case: what the person sees now comes first.
    if (req.case_id != m_case && m_stop)
        m_stop->store(true);
    // A pass for the same case with more engines asked for (the search dialog's button)
    // keeps the larger number.
    if (m_next && m_next->case_id == req.case_id)
        req.threads =
            (req.threads == 0 || m_next->threads == 0) ? 0 : std::max(req.threads, m_next->threads);
    m_next = std::move(req);
}

void PictureReader::stop() {
    m_next.reset();
    if (m_stop)
        m_stop->store(true);
}

void PictureReader::start(Request req) {
    m_running = true;
    m_case = req.case_id;
    m_progress = Progress{req.case_id, 0, 0};
    m_stop = std::make_shared<std::atomic<bool>>(false);
    m_workers.run([this, poster = m_poster, req = std::move(req), stop = m_stop] {
        Finished f;
        f.case_id = req.case_id;
        core::Store store(req.root);
        auto cs = store.open_case(req.case_id, core::Access::read_write);
        if (!cs.ok()) {
            f.error = cs.error();
        } else if (auto to_read = (*cs)->items_to_transcribe(); !to_read.ok()) {
            f.error = to_read.error();
        } else if (!to_read->empty()) {
            auto progress = [&](const ocr::TranscribeProgress& p) {
                poster->CallAfter([this, pr = Progress{req.case_id, p.done, p.total}] {
                    m_progress = pr;
                    if (on_progress)
                        on_progress(pr);
                });
            };
            auto out = ocr::transcribe_items(**cs, *to_read, progress, req.threads,
                                             core::Env::system(), stop.get());
            if (!out.ok()) {
                f.error = out.error();
            } else {
                for (const auto& o : *out)
                    if (o.transcript)
                        ++f.read;
                    else if (o.error && o.error->code != Errc::not_available)
                        ++f.not_read;  // not those refused or left by a stop
            }
        }
        f.stopped = stop->load();
        poster->CallAfter([this, f = std::move(f)]() mutable { on_done(std::move(f)); });
    });
}

void PictureReader::on_done(Finished f) {
    m_running = false;
    m_case.clear();
    m_stop.reset();
    if (on_finished)
        on_finished(f);
    if (m_next) {
        Request next = std::move(*m_next);
        m_next.reset();
        start(std::move(next));
    }
}

}  // namespace scelle::gui
