// Reporter: how a job says how far it got and learns that the person wants it to stop. Every
// job in this library takes one (KiCad's jobs report the same way whichever front end runs
// them): the command line maps it to its progress line and to Ctrl+C (InterruptGuard), the
// desktop application to a BackgroundTask's per mille and Cancel button.
//
// It fits the two shapes the libraries already take, so that nothing runs beside them: a
// fraction callback (`std::function<void(double)>`, ExportOptions::progress,
// ReportOptions::progress) and a cancellation predicate (`std::function<bool()>`,
// ExportOptions::cancelled, ReportOptions::cancelled). fraction() and cancel() make those
// from a Reporter; CallbackReporter makes a Reporter from them.
//
// Ownership: a job keeps a reference for its own duration only; the callbacks made by
// fraction() and cancel() refer to the Reporter, which must outlive them.
// Thread-safety: a job calls its Reporter on the job's own thread; an implementation whose
// cancelled() is set from another thread reads an atomic (as BackgroundTask and
// InterruptGuard do).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "scelle/base/result.h"

namespace scelle::jobs {

class Reporter {
  public:
    virtual ~Reporter() = default;

    // `done` of `total` units of the step `what` (a fixed English name: "import", "seal",
    // "bundle", "report", "verify"; never shown as it is). `done` reaches `total` when the job
    // has finished its work.
    virtual void progress(std::uint64_t done, std::uint64_t total, std::string_view what);
    // True once the person asked the job to stop. A job polls it between steps, and the
    // libraries it calls poll it (cancel()) inside theirs.
    virtual bool cancelled() const;

    // The library shape of progress(): a fraction 0..1 reported as per mille of `what`.
    std::function<void(double)> fraction(std::string what);
    // The library shape of cancelled().
    std::function<bool()> cancel() const;
};

// Says nothing and never cancels: for a caller that wants neither.
Reporter& no_reporter();

// A Reporter over the callbacks the front ends already hold: the fraction done (done/total,
// 0..1) and a cancellation predicate. Either may be empty.
class CallbackReporter : public Reporter {
  public:
    CallbackReporter(std::function<void(double)> on_fraction, std::function<bool()> is_cancelled);
    void progress(std::uint64_t done, std::uint64_t total, std::string_view what) override;
    bool cancelled() const override;

  private:
    std::function<void(double)> m_on_fraction;
    std::function<bool()> m_is_cancelled;
};

// One part of a longer job: `done` of `total` in part `part` (0-based) of `parts` is said to
// `whole` as (part * total + done) of (parts * total); cancelled() is the whole's. For a job
// that runs another (the import's seal), so that progress never goes back.
class PartReporter : public Reporter {
  public:
    PartReporter(Reporter& whole, std::uint64_t part, std::uint64_t parts)
        : m_whole(whole), m_part(part), m_parts(parts) {}
    void progress(std::uint64_t done, std::uint64_t total, std::string_view what) override {
        m_whole.progress(m_part * total + done, m_parts * total, what);
    }
    bool cancelled() const override { return m_whole.cancelled(); }

  private:
    Reporter& m_whole;
    std::uint64_t m_part;
    std::uint64_t m_parts;
};

// The error a job returns when its Reporter cancelled it before it finished: the one the
// bundle writer and the report maker return (Errc::output_failed, sys_errno ECANCELED), so
// that every front end recognises a cancellation with is_cancelled() alone.
Error cancelled_error(std::string subject);
bool is_cancelled(const Error& e);

}  // namespace scelle::jobs
