// Workers: the application's background threads (imports, captures, sealing, thumbnails).
//
// Long work never runs on the GUI thread, so the window stays responsive. A job is a plain
// function that must not touch any wx window or bitmap: it opens its own CaseStore (a
// CaseStore is one-thread-only) and hands its result back to the GUI thread with
// wxEvtHandler::CallAfter on the window that owns the Workers.
//
// Ownership: the owning window holds the Workers and calls join_all() in its destructor,
// before wx deletes the window's pending events, so no result is posted to a dead window.
// Thread-safety: run(), busy() and join_all() are called on the GUI thread only.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace scelle::gui {

class Workers {
  public:
    Workers() = default;
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;
    ~Workers();

    // Starts `job` on a new thread. An exception that escapes the job is swallowed there
    // (a job reports its errors as values), so it cannot terminate the program.
    void run(std::function<void()> job);
    // How many jobs are still running.
    int busy() const;
    // Waits for every job to end.
    void join_all();

  private:
    struct Job {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    void reap();  // joins the threads that have finished

    std::vector<Job> m_jobs;
};

}  // namespace scelle::gui
