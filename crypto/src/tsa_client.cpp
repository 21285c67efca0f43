#include "scelle/crypto/tsa_client.h"

#if defined(_WIN32)
#include <winsock2.h>  // WSAECONNREFUSED
#endif

#include <cerrno>
#include <cstdlib>
#include <string_view>
#include <thread>

#include "curl_api.h"
#include "scelle/base/text.h"

namespace scelle::crypto {

namespace {

// libcurl reports the socket's error: errno on POSIX, WSAGetLastError() on Windows.
bool is_connection_refused(long os_errno) {
#if defined(_WIN32)
    return os_errno == WSAECONNREFUSED;
#else
    return os_errno == ECONNREFUSED;
#endif
}

// RFC 3161 replies are a few kilobytes; anything far larger is not a time-stamp.
constexpr std::size_t max_reply_size = 1u << 20;

struct Body {
    std::vector<std::uint8_t> data;
    bool too_large = false;
};

std::size_t on_body(char* ptr, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<Body*>(user);
    const std::size_t len = size * count;
    // CURLOPT_MAXFILESIZE only helps when the server announces a length; this cap also
    // holds for chunked replies. Returning less than len aborts the transfer.
    if (body->data.size() + len > max_reply_size) {
        body->too_large = true;
        return 0;
    }
    body->data.insert(body->data.end(), ptr, ptr + len);
    return len;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i])
            return false;
    }
    return true;
}

// CURLOPT_NOPROXY replaces the no_proxy variable rather than adding to it, so the user's
// list is kept and loopback added: a proxy set for the internet must never see the
// connections to a local TSA (tests), and a corporate no_proxy list must still apply.
std::string no_proxy_list() {
    std::string list;
    for (const char* var : {"no_proxy", "NO_PROXY"}) {
        const char* v = std::getenv(var);
        if (v != nullptr && *v != '\0') {
            list = v;
            break;
        }
    }
    if (list == "*")
        return list;
    if (!list.empty())
        list += ",";
    return list + "127.0.0.1,localhost,::1";
}

struct Attempt {
    CURLcode code = CURLE_OK;
    long http = 0;
    long os_errno = 0;
    curl_off_t retry_after = 0;
    std::string error;  // libcurl's error buffer
    std::string content_type;
    Body body;
};

Attempt post_once(const std::string& url, const std::vector<std::uint8_t>& der,
                  const TsaClientOptions& o, const std::string& user_agent,
                  const std::string& no_proxy) {
    Attempt a;
    const detail::CurlApi& curl = *detail::curl_api();
    detail::CurlPtr h(curl.easy_init());
    detail::CurlSlistPtr headers;
    if (!h || !detail::append_header(headers, "Content-Type: application/timestamp-query") ||
        !detail::append_header(headers, "Accept: application/timestamp-reply") ||
        // libcurl would otherwise send "Expect: 100-continue" for larger bodies and wait.
        !detail::append_header(headers, "Expect:")) {
        a.code = CURLE_OUT_OF_MEMORY;
        return a;
    }
    char errbuf[CURL_ERROR_SIZE] = {0};
    CURL* c = h.get();
    curl.easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl.easy_setopt(c, CURLOPT_URL, url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl.easy_setopt(c, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl.easy_setopt(c, CURLOPT_POST, 1L);
    curl.easy_setopt(c, CURLOPT_POSTFIELDS, der.data());
    // The body is binary: without its size libcurl would stop at the first zero byte.
    curl.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(der.size()));
    curl.easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl.easy_setopt(c, CURLOPT_USERAGENT, user_agent.c_str());
    curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
    curl.easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(o.total_timeout.count()));
    // Signals for DNS timeouts are unsafe in a multi-threaded program.
    curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    // UTF-8, which libcurl reads as such on every platform (path.c_str() is wide on Windows).
    const std::string ca_file = o.tls_ca_file ? core::path_to_utf8(*o.tls_ca_file) : "";
    if (o.tls_ca_file)
        curl.easy_setopt(c, CURLOPT_CAINFO, ca_file.c_str());
    curl.easy_setopt(c, CURLOPT_NOPROXY, no_proxy.c_str());
    curl.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_reply_size));
    curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl.easy_setopt(c, CURLOPT_WRITEDATA, &a.body);

    a.code = curl.easy_perform(c);
    a.error = errbuf[0] != '\0' ? errbuf : curl.easy_strerror(a.code);
    curl.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.http);
    curl.easy_getinfo(c, CURLINFO_OS_ERRNO, &a.os_errno);
    curl.easy_getinfo(c, CURLINFO_RETRY_AFTER, &a.retry_after);
    char* ct = nullptr;
    if (curl.easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct != nullptr)
        a.content_type = ct;
    return a;
}

struct Classified {
    TsaFailureKind kind = TsaFailureKind::internal;
    std::string reason;
    bool retryable = false;
};

bool is_tls_error(CURLcode code) {
    switch (code) {
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_USE_SSL_FAILED:
            return true;
        default:
            return false;
    }
}

// Transport-level failures. Retried, as tech-notes §4 says, only when a second try may
// succeed: a broken or empty exchange, a timeout. A refused connection or a DNS failure is
// not retried although the notes allow it, because they fail at once and repeat at once on an
// offline machine, where an import must not wait more than a second in all. TLS failures are
// never retried: a certificate does not become valid by asking again.
Classified classify_transport(const Attempt& a, const TsaClientOptions& o) {
    const std::string curl_words = " (" + a.error + ")";
    switch (a.code) {
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return {TsaFailureKind::bad_url, "The TSA URL cannot be used" + curl_words + ".",
                    false};
        case CURLE_COULDNT_CONNECT:
            if (is_connection_refused(a.os_errno))
                return {TsaFailureKind::refused, "The TSA refused the connection.", false};
            return {TsaFailureKind::refused, "The TSA could not be reached" + curl_words + ".",
                    false};
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return {TsaFailureKind::dns,
                    "The TSA's host name could not be resolved" + curl_words + ".", false};
        case CURLE_OPERATION_TIMEDOUT:
            return {TsaFailureKind::timeout,
                    "The TSA did not answer in time (limit " +
                        std::to_string(o.total_timeout.count()) + " ms).",
                    true};
        case CURLE_GOT_NOTHING:
            return {TsaFailureKind::network, "The TSA closed the connection without replying.",
                    true};
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
            return {TsaFailureKind::network, "The connection to the TSA broke" + curl_words + ".",
                    true};
        case CURLE_FILESIZE_EXCEEDED:
            return {TsaFailureKind::too_large, "The TSA's reply is larger than 1 MiB.", false};
        case CURLE_WRITE_ERROR:
            if (a.body.too_large)
                return {TsaFailureKind::too_large, "The TSA's reply is larger than 1 MiB.", false};
            break;
        default:
            break;
    }
    if (is_tls_error(a.code))
        return {TsaFailureKind::tls, "The TLS connection to the TSA failed" + curl_words + ".",
                false};
    return {TsaFailureKind::network, "The exchange with the TSA failed" + curl_words + ".", false};
}

TsaFailureKind kind_of(TspCheck check) {
    switch (check) {
        case TspCheck::parsed:
            return TsaFailureKind::not_a_response;
        case TspCheck::status_granted:
            return TsaFailureKind::rejected;
        case TspCheck::imprint_algorithm:
        case TspCheck::imprint_matches:
            return TsaFailureKind::imprint_mismatch;
        case TspCheck::nonce_matches:
            return TsaFailureKind::nonce_mismatch;
        case TspCheck::signature:
            return TsaFailureKind::bad_signature;
        case TspCheck::signer_eku:
            return TsaFailureKind::no_timestamping_eku;
        case TspCheck::chain_trusted:
            return TsaFailureKind::untrusted_chain;
        case TspCheck::openssl_verify:
            break;
    }
    return TsaFailureKind::invalid_token;
}

std::string with_attempts(std::string reason, int attempts) {
    if (attempts > 1 && !reason.empty() && reason.back() == '.') {
        reason.pop_back();
        reason += " (" + std::to_string(attempts) + " attempts).";
    }
    return reason;
}

}  // namespace

const char* to_string(TsaFailureKind kind) {
    switch (kind) {
        case TsaFailureKind::bad_url:
            return "bad_url";
        case TsaFailureKind::refused:
            return "refused";
        case TsaFailureKind::dns:
            return "dns";
        case TsaFailureKind::timeout:
            return "timeout";
        case TsaFailureKind::tls:
            return "tls";
        case TsaFailureKind::network:
            return "network";
        case TsaFailureKind::http_status:
            return "http_status";
        case TsaFailureKind::too_large:
            return "too_large";
        case TsaFailureKind::not_a_response:
            return "not_a_response";
        case TsaFailureKind::rejected:
            return "rejected";
        case TsaFailureKind::imprint_mismatch:
            return "imprint_mismatch";
        case TsaFailureKind::nonce_mismatch:
            return "nonce_mismatch";
        case TsaFailureKind::bad_signature:
            return "bad_signature";
        case TsaFailureKind::no_timestamping_eku:
            return "no_timestamping_eku";
        case TsaFailureKind::untrusted_chain:
            return "untrusted_chain";
        case TsaFailureKind::invalid_token:
            return "invalid_token";
        case TsaFailureKind::internal:
            return "internal";
        case TsaFailureKind::rate_limited:
            return "rate_limited";
    }
    return "unknown";
}

std::optional<TsaFailureKind> tsa_failure_kind_from_string(std::string_view name) {
    for (int k = 0; k <= static_cast<int>(TsaFailureKind::rate_limited); ++k) {
        auto kind = static_cast<TsaFailureKind>(k);
        if (name == to_string(kind))
            return kind;
    }
    return std::nullopt;
}

bool is_unreachable(TsaFailureKind kind) {
    switch (kind) {
        case TsaFailureKind::refused:
        case TsaFailureKind::dns:
        case TsaFailureKind::timeout:
        case TsaFailureKind::network:
        case TsaFailureKind::rate_limited:
            return true;
        default:
            return false;
    }
}

std::string tsa_user_agent(const std::string& version) {
    // ASCII on purpose: an HTTP product token cannot hold "é", and a strict TSA may refuse it.
    return "Scelle/" + version;
}

TsaOutcome request_timestamp(const std::vector<std::string>& urls, const TimeStampRequest& request,
                             const TrustStore& trust, const TsaClientOptions& options) {
    TsaOutcome outcome;
    std::string curl_problem;
    const bool curl_ready = detail::curl_api(&curl_problem) != nullptr;
    const std::string user_agent = tsa_user_agent(options.version);
    const std::string no_proxy = no_proxy_list();
    const int max_attempts = options.max_attempts < 1 ? 1 : options.max_attempts;

    for (const std::string& url : urls) {
        if (!curl_ready) {
            outcome.failures.push_back({url, TsaFailureKind::internal, curl_problem, 0});
            continue;
        }
        if (!starts_with_nocase(url, "http://") && !starts_with_nocase(url, "https://")) {
            outcome.failures.push_back(
                {url, TsaFailureKind::bad_url, "The TSA URL is not an http or https URL.", 0});
            continue;
        }
        std::chrono::milliseconds backoff = options.backoff;
        for (int attempt = 1;; ++attempt) {
            Attempt a = post_once(url, request.der, options, user_agent, no_proxy);
            Classified failure;
            std::chrono::milliseconds wait = backoff;
            if (a.code != CURLE_OK) {
                failure = classify_transport(a, options);
            } else if (a.http != 200) {
                failure = {TsaFailureKind::http_status,
                           "The TSA answered HTTP " + std::to_string(a.http) + ".",
                           a.http == 429 || (a.http >= 500 && a.http <= 599)};
                if (a.retry_after > 0)
                    wait = std::chrono::seconds(a.retry_after);
            } else {
                TspVerdict verdict = verify_timestamp_response(a.body.data, request, trust);
                if (verdict.ok()) {
                    TsaSuccess s;
                    s.url = url;
                    s.request = request;
                    s.response_der = std::move(a.body.data);
                    s.verdict = std::move(verdict);
                    s.local_time = std::time(nullptr);
                    s.attempts = attempt;
                    outcome.success = std::move(s);
                    return outcome;
                }
                const TspCheckResult* first = verdict.first_failure();
                std::string reason = verdict.reason();
                if (first != nullptr && first->check == TspCheck::parsed)
                    reason = "The reply is not a time-stamp response (" +
                             std::to_string(a.body.data.size()) + " bytes, content type " +
                             (a.content_type.empty() ? "none" : a.content_type) + ").";
                // A well-formed but wrong token will not become right by asking again.
                failure = {first ? kind_of(first->check) : TsaFailureKind::invalid_token,
                           std::move(reason), false};
            }
            const bool may_retry =
                failure.retryable && attempt < max_attempts && wait <= options.max_retry_after;
            if (!may_retry) {
                outcome.failures.push_back({url, failure.kind,
                                            with_attempts(std::move(failure.reason), attempt),
                                            attempt});
                break;
            }
            std::this_thread::sleep_for(wait);
            backoff *= 2;
        }
    }
    return outcome;
}

TsaOutcome request_timestamp(const std::vector<std::string>& urls, const Digest& digest,
                             const TrustStore& trust, const TsaClientOptions& options) {
    Result<TimeStampRequest> request = make_timestamp_request(digest);
    if (!request.ok()) {
        TsaOutcome outcome;
        for (const auto& url : urls)
            outcome.failures.push_back(
                {url, TsaFailureKind::internal,
                 "The time-stamp request could not be built (" + request.error().detail + ").", 0});
        return outcome;
    }
    return request_timestamp(urls, *request, trust, options);
}

}  // namespace scelle::crypto
