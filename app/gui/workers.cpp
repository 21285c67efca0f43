#include "workers.h"

#include <algorithm>

namespace scelle::gui {

Workers::~Workers() {
    join_all();
}

void Workers::run(std::function<void()> job) {
    reap();
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread t([job = std::move(job), done] {
        try {
            job();
        } catch (...) {
            // A job reports failures as values; anything else is a bug that must not take
            // the evidence window down with it.
        }
        done->store(true);
    });
    m_jobs.push_back({std::move(t), std::move(done)});
}

int Workers::busy() const {
    return static_cast<int>(
        std::count_if(m_jobs.begin(), m_jobs.end(), [](const Job& j) { return !j.done->load(); }));
}

void Workers::join_all() {
    for (auto& j : m_jobs)
        if (j.thread.joinable())
            j.thread.join();
    m_jobs.clear();
}

void Workers::reap() {
    std::erase_if(m_jobs, [](Job& j) {
        if (!j.done->load())
            return false;
        j.thread.join();
        return true;
    });
}

}  // namespace scelle::gui
