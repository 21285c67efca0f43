// transcribe_items(): the pool of OCR engines (transcribe.h).
#include "scelle/ocr/transcribe.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "scelle/base/read_file.h"
#include "scelle/base/time.h"
#include "scelle/crypto/sha256.h"
#include "scelle/ocr/ocr.h"

namespace scelle::ocr {

namespace {

struct Job {
    std::size_t index = 0;  // in the outcomes
    std::int64_t item = 0;
    std::string sha256;
    std::filesystem::path object;
};

// The work shared by the threads: the jobs not started, the outcomes finished and not yet
// saved by the calling thread.
struct Queue {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<Job> waiting;
    std::deque<std::pair<std::size_t, TranscribeOutcome>> finished;
    std::size_t workers_left = 0;
    const std::atomic<bool>* stop = nullptr;
};

TranscribeOutcome read_one(Engine& engine, const Job& job, core::Env& env) {
    TranscribeOutcome out;
    out.item = job.item;
    // The original's bytes, checked: a transcript is only ever made from the evidence itself.
    auto bytes = core::read_file(env, job.object, std::size_t{1} << 30);
    if (!bytes.ok()) {
        out.error = bytes.error();
        return out;
    }
    if (crypto::sha256_hex(*bytes) != job.sha256) {
        out.error = make_error(Errc::store_corrupt, std::to_string(job.item),
                               "the original no longer matches its SHA-256");
        return out;
    }
    auto t = engine.read(std::as_bytes(std::span(bytes->data(), bytes->size())));
    if (!t.ok()) {
        Error e = std::move(t).error();
        e.subject = std::to_string(job.item);
        out.error = std::move(e);
        return out;
    }
    t->item_seq = job.item;
    out.transcript = std::move(*t);
    return out;
}

void work(std::unique_ptr<Engine> engine, Queue& q, core::Env& env) {
    for (;;) {
        Job job;
        {
            std::lock_guard lock(q.mutex);
            if (q.waiting.empty() || (q.stop != nullptr && q.stop->load()))
                break;
            job = std::move(q.waiting.front());
            q.waiting.pop_front();
        }
        TranscribeOutcome o = read_one(*engine, job, env);
        std::lock_guard lock(q.mutex);
        q.finished.emplace_back(job.index, std::move(o));
        q.ready.notify_all();
    }
    std::lock_guard lock(q.mutex);
    --q.workers_left;
    q.ready.notify_all();
}

}  // namespace

Result<std::vector<TranscribeOutcome>> transcribe_items(core::CaseStore& cs,
                                                        const std::vector<std::int64_t>& items,
                                                        const TranscribeProgressFn& progress,
                                                        unsigned threads, core::Env& env,
                                                        const std::atomic<bool>* stop) {
    std::vector<TranscribeOutcome> outcomes(items.size());
    Queue q;
    q.stop = stop;
    std::size_t done = 0;
    auto report = [&](std::size_t index) {
        ++done;
        if (progress)
            progress({done, items.size(), &outcomes[index]});
    };
    for (std::size_t i = 0; i < items.size(); ++i) {
        outcomes[i].item = items[i];
        auto it = cs.item(items[i]);
        if (!it.ok()) {
            if (it.error().code != Errc::unknown_item)
                return it.error();
            outcomes[i].error = it.error();
            continue;
        }
        if (const auto why = core::transcribe_refusal(*it); why != core::TranscribeRefusal::none) {
            outcomes[i].error =
                make_error(Errc::not_available, std::to_string(items[i]), core::to_string(why));
            continue;
        }
        q.waiting.push_back({i, items[i], *it->sha256, cs.object_path(*it->sha256)});
    }
    for (std::size_t i = 0; i < outcomes.size(); ++i)
        if (outcomes[i].error)
            report(i);
    if (q.waiting.empty())
        return outcomes;

    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, q.waiting.size()));
    // The first engine here, so that a missing model is one error rather than one per item;
    // the others are made on their own threads, in parallel (each loads the models).
    SCELLE_ASSIGN_OR_RETURN(std::unique_ptr<Engine> first, open_engine());
    q.workers_left = threads;
    std::vector<std::thread> pool;
    pool.emplace_back(work, std::move(first), std::ref(q), std::ref(env));
    for (unsigned i = 1; i < threads; ++i)
        pool.emplace_back([&q, &env] {
            auto engine = open_engine();
            if (engine.ok()) {
                work(std::move(*engine), q, env);
                return;
            }
            // This thread adds nothing; the others take its share.
            std::lock_guard lock(q.mutex);
            --q.workers_left;
            q.ready.notify_all();
        });

    // Each transcript is saved on this thread as it comes (one short transaction each).
    for (;;) {
        std::pair<std::size_t, TranscribeOutcome> next;
        {
            std::unique_lock lock(q.mutex);
            q.ready.wait(lock, [&] { return !q.finished.empty() || q.workers_left == 0; });
            if (q.finished.empty())
                break;
            next = std::move(q.finished.front());
            q.finished.pop_front();
        }
        TranscribeOutcome& o = outcomes[next.first];
        o = std::move(next.second);
        if (o.transcript) {
            o.transcript->made_at = core::format_utc_rfc3339(env.now());
            if (auto r = cs.save_transcript(*o.transcript); !r.ok()) {
                o.error = r.error();
                o.transcript.reset();
            }
        }
        report(next.first);
    }
    for (std::thread& t : pool)
        t.join();
    // Stopped: what no engine took is not read.
    for (const Job& job : q.waiting) {
        outcomes[job.index].error =
            make_error(Errc::not_available, std::to_string(job.item), "stopped before it was read");
        report(job.index);
    }
    return outcomes;
}

}  // namespace scelle::ocr
