#include "scelle/jobs/reporter.h"

#include <cerrno>
#include <utility>

namespace scelle::jobs {

namespace {
constexpr std::uint64_t kPerMille = 1000;
}  // namespace

void Reporter::progress(std::uint64_t, std::uint64_t, std::string_view) {}

bool Reporter::cancelled() const {
    return false;
}

std::function<void(double)> Reporter::fraction(std::string what) {
    return [this, what = std::move(what)](double f) {
        if (!(f >= 0.0))  // also NaN
            f = 0.0;
        if (f > 1.0)
            f = 1.0;
        progress(static_cast<std::uint64_t>(f * kPerMille), kPerMille, what);
    };
}

std::function<bool()> Reporter::cancel() const {
    return [this] { return cancelled(); };
}

Reporter& no_reporter() {
    static Reporter silent;
    return silent;
}

CallbackReporter::CallbackReporter(std::function<void(double)> on_fraction,
                                   std::function<bool()> is_cancelled)
    : m_on_fraction(std::move(on_fraction)), m_is_cancelled(std::move(is_cancelled)) {}

void CallbackReporter::progress(std::uint64_t done, std::uint64_t total, std::string_view) {
    if (!m_on_fraction || total == 0)
        return;
    m_on_fraction(static_cast<double>(done) / static_cast<double>(total));
}

bool CallbackReporter::cancelled() const {
    return m_is_cancelled && m_is_cancelled();
}

Error cancelled_error(std::string subject) {
    Error e = make_error(Errc::output_failed, std::move(subject), "cancelled");
    e.sys_errno = ECANCELED;
    return e;
}

bool is_cancelled(const Error& e) {
    return e.code == Errc::output_failed && e.sys_errno == ECANCELED;
}

}  // namespace scelle::jobs
