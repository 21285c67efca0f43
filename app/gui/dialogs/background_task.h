// BackgroundTask: runs one long job (an export, a report, a verification) on a worker thread
// and tells a dialog about it through wx events, so the window never freezes.
//
// The job is a plain function: it must not touch any wx object. It reads the cancellation flag
// through cancel_requested() (the core's `cancelled` callback) and reports its progress with
// report_progress(); both are thread-safe, and reporter() gives both to a job of
// scelle/jobs. The task queues wxEVT_THREAD events to its sink with
// wxQueueEvent (documented as safe from any thread): id kTaskProgress (GetInt() = per mille)
// when the progress changes, and id kTaskFinished once the job has returned. The job leaves its
// result in memory the sink owns; the sink reads it after join() in its kTaskFinished handler.
//
// Ownership: the sink (a dialog) holds the task as its last member, so that the task is
// destroyed first: the destructor asks the job to stop and waits for it, so no event is queued
// to a dead window and the job never outlives what it writes to.
// Thread-safety: start(), running(), join() and the destructor on the GUI thread only.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string_view>
#include <thread>

#include <wx/event.h>

#include "scelle/jobs/reporter.h"

namespace scelle::gui::dlg {

inline constexpr int kTaskProgress = 1;
inline constexpr int kTaskFinished = 2;

class BackgroundTask {
  public:
    explicit BackgroundTask(wxEvtHandler& sink);
    ~BackgroundTask();
    BackgroundTask(const BackgroundTask&) = delete;
    BackgroundTask& operator=(const BackgroundTask&) = delete;

    // Starts `job` on a new thread (none may be running). An exception that escapes the job is
    // caught on its thread and noted (threw()): a job reports its errors as values.
    void start(std::function<void()> job);
    // True from start() until join().
    bool running() const { return m_thread.joinable(); }
    // Waits for the job to end (it has when kTaskFinished arrives).
    void join();

    // Asks the job to stop; the job sees it at its next poll.
    void request_cancel() { m_cancel.store(true); }
    // Thread-safe. Also runs the test hook (set_poll_hook) on the job's thread.
    bool cancel_requested() const;
    // Thread-safe: the fraction done (0..1); queues kTaskProgress when the per mille changes.
    void report_progress(double fraction);
    // Thread-safe: the last per mille reported, -1 before any.
    int permille() const { return m_permille.load(); }
    // The job's Reporter (scelle/jobs/reporter.h) over the two above: progress(done, total)
    // is report_progress(done / total), cancelled() is cancel_requested(). Thread-safe as
    // they are; it lives as long as the task.
    jobs::Reporter& reporter() { return m_reporter; }
    // True when the last job ended by an exception.
    bool threw() const { return m_threw.load(); }

    // For tests: called on the job's thread at every cancel_requested(), e.g. to hold the job
    // at a known point until the test has asked for a stop.
    void set_poll_hook(std::function<void()> hook) { m_poll_hook = std::move(hook); }

  private:
    class TaskReporter : public jobs::Reporter {
      public:
        explicit TaskReporter(BackgroundTask& task) : m_task(task) {}
        void progress(std::uint64_t done, std::uint64_t total, std::string_view what) override;
        bool cancelled() const override { return m_task.cancel_requested(); }

      private:
        BackgroundTask& m_task;
    };

    wxEvtHandler& m_sink;
    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_threw{false};
    std::atomic<int> m_permille{-1};
    std::function<void()> m_poll_hook;
    TaskReporter m_reporter{*this};
};

}  // namespace scelle::gui::dlg
