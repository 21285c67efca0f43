// BackgroundTask: see background_task.h.
#include "background_task.h"

#include <algorithm>
#include <cmath>

namespace scelle::gui::dlg {

BackgroundTask::BackgroundTask(wxEvtHandler& sink) : m_sink(sink) {}

BackgroundTask::~BackgroundTask() {
    request_cancel();
    join();
}

void BackgroundTask::start(std::function<void()> job) {
    join();
    m_cancel.store(false);
    m_threw.store(false);
    m_permille.store(-1);
    m_thread = std::thread([this, job = std::move(job)] {
        try {
            job();
        } catch (...) {
            // A job reports its errors as values; anything else is a bug, said as "unexpected".
            m_threw.store(true);
        }
        wxQueueEvent(&m_sink, new wxThreadEvent(wxEVT_THREAD, kTaskFinished));
    });
}

void BackgroundTask::join() {
    if (m_thread.joinable())
        m_thread.join();
}

bool BackgroundTask::cancel_requested() const {
    if (m_poll_hook)
        m_poll_hook();
    return m_cancel.load();
}

void BackgroundTask::report_progress(double fraction) {
    if (!std::isfinite(fraction))
        return;
    const int permille = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000.0);
    if (m_permille.exchange(permille) == permille)
        return;
    auto* event = new wxThreadEvent(wxEVT_THREAD, kTaskProgress);
    event->SetInt(permille);
    wxQueueEvent(&m_sink, event);
}

void BackgroundTask::TaskReporter::progress(std::uint64_t done, std::uint64_t total,
                                            std::string_view) {
    if (total > 0)
        m_task.report_progress(static_cast<double>(done) / static_cast<double>(total));
}

}  // namespace scelle::gui::dlg
