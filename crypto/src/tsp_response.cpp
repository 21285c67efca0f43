#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <limits>

#include "openssl_errors.h"
#include "scelle/crypto/hex.h"
#include "scelle/crypto/tsp.h"
#include "tsp_internal.h"

namespace scelle::crypto {

namespace {

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

std::string oid_text(const ASN1_OBJECT* oid) {
    if (oid == nullptr)
        return {};
    std::array<char, 128> buf{};
    const int n = OBJ_obj2txt(buf.data(), static_cast<int>(buf.size()), oid, 1);
    return n > 0 ? std::string(buf.data()) : std::string();
}

// RFC 2253 order and escaping, but UTF-8 kept as is: TSA names are shown to people.
constexpr unsigned long name_flags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;

std::string name_text(const X509_NAME* name) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, name_flags) < 0)
        return {};
    return bio_text(bio.get());
}

std::string general_name_text(GENERAL_NAME* name) {
    if (name == nullptr)
        return {};
    if (name->type == GEN_DIRNAME)
        return name_text(name->d.directoryName);
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || GENERAL_NAME_print(bio.get(), name) != 1)
        return {};
    return bio_text(bio.get());
}

// GeneralizedTime as RFC 3161 requires it (YYYYMMDDhhmmss[.s...]Z) to RFC 3339 and time_t.
// OpenSSL has already checked the syntax when decoding; the fraction, which ASN1_TIME_to_tm
// drops, is kept because it is part of what the TSA asserted.
bool convert_gen_time(const ASN1_GENERALIZEDTIME* t, std::string& rfc3339, std::time_t& seconds) {
    std::tm tm{};
    if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1)
        return false;
    const std::string raw(reinterpret_cast<const char*>(ASN1_STRING_get0_data(t)),
                          static_cast<std::size_t>(ASN1_STRING_length(t)));
    std::string fraction;
    if (raw.size() > 15 && raw[14] == '.') {
        const std::size_t end = raw.find_first_not_of("0123456789", 15);
        fraction = raw.substr(14, (end == std::string::npos ? raw.size() : end) - 14);
    }
    std::array<char, 80> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    rfc3339 = std::string(buf.data()) + fraction + "Z";
    using namespace std::chrono;
    const sys_days day = year{tm.tm_year + 1900} / month{static_cast<unsigned>(tm.tm_mon + 1)} /
                         static_cast<unsigned>(tm.tm_mday);
    const auto since_epoch = day.time_since_epoch() + hours{tm.tm_hour} + minutes{tm.tm_min} +
                             std::chrono::seconds{tm.tm_sec};
    seconds = static_cast<std::time_t>(duration_cast<std::chrono::seconds>(since_epoch).count());
    return true;
}

struct FailureBit {
    int bit;
    const char* name;
};
constexpr FailureBit failure_bits[] = {
    {TS_INFO_BAD_ALG, "badAlg"},
    {TS_INFO_BAD_REQUEST, "badRequest"},
    {TS_INFO_BAD_DATA_FORMAT, "badDataFormat"},
    {TS_INFO_TIME_NOT_AVAILABLE, "timeNotAvailable"},
    {TS_INFO_UNACCEPTED_POLICY, "unacceptedPolicy"},
    {TS_INFO_UNACCEPTED_EXTENSION, "unacceptedExtension"},
    {TS_INFO_ADD_INFO_NOT_AVAILABLE, "addInfoNotAvailable"},
    {TS_INFO_SYSTEM_FAILURE, "systemFailure"},
};

TspStatusInfo describe_status(TS_STATUS_INFO* info) {
    TspStatusInfo out;
    if (info == nullptr)
        return out;
    out.raw_status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(info));
    out.status = (out.raw_status >= 0 && out.raw_status <= 5)
                     ? static_cast<TspStatus>(out.raw_status)
                     : TspStatus::unknown;
    if (const auto* texts = TS_STATUS_INFO_get0_text(info)) {
        for (int i = 0; i < sk_ASN1_UTF8STRING_num(texts); ++i) {
            const ASN1_UTF8STRING* s = sk_ASN1_UTF8STRING_value(texts, i);
            if (!out.text.empty())
                out.text += "; ";
            out.text.append(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                            static_cast<std::size_t>(ASN1_STRING_length(s)));
        }
    }
    if (const ASN1_BIT_STRING* bits = TS_STATUS_INFO_get0_failure_info(info)) {
        for (const auto& fb : failure_bits)
            if (ASN1_BIT_STRING_get_bit(bits, fb.bit))
                out.failure_info.emplace_back(fb.name);
    }
    return out;
}

}  // namespace

namespace detail {

std::string asn1_integer_hex(const ASN1_INTEGER* value) {
    BignumPtr bn(ASN1_INTEGER_to_BN(value, nullptr));
    if (!bn)
        return {};
    char* raw = BN_bn2hex(bn.get());
    OsslBytesPtr owner(reinterpret_cast<unsigned char*>(raw));
    if (raw == nullptr)
        return {};
    std::string out(raw);
    for (char& c : out)
        if (c >= 'A' && c <= 'F')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

STACK_OF(X509) * token_certs(PKCS7* token) {
    if (token == nullptr || !PKCS7_type_is_signed(token) || token->d.sign == nullptr)
        return nullptr;
    return token->d.sign->cert;
}

TsRespPtr decode_ts_resp(std::span<const std::uint8_t> der, std::string& why) {
    if (der.empty()) {
        why = "the reply is empty";
        return nullptr;
    }
    if (der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) {
        why = "the reply is too large";
        return nullptr;
    }
    ERR_clear_error();
    const unsigned char* p = der.data();
    // d2i also decodes the TSTInfo inside a token and refuses a granted status without a
    // token or a token beside a refusal, so a decoded response is internally consistent.
    TsRespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
    if (!resp) {
        const std::string errors = take_openssl_errors();
        why = "not a DER TimeStampResp" + (errors.empty() ? std::string() : " (" + errors + ")");
        return nullptr;
    }
    if (p != der.data() + der.size()) {
        why = "trailing bytes after the TimeStampResp";
        return nullptr;
    }
    if (TS_RESP_get_status_info(resp.get()) == nullptr) {
        why = "the TimeStampResp has no status";
        return nullptr;
    }
    PKCS7* token = TS_RESP_get_token(resp.get());
    if (token != nullptr && (TS_RESP_get_tst_info(resp.get()) == nullptr ||
                             !PKCS7_type_is_signed(token) || token->d.sign == nullptr)) {
        why = "the token is not a SignedData of TSTInfo";
        return nullptr;
    }
    return resp;
}

TimeStampResponse describe_ts_resp(TS_RESP* resp) {
    TimeStampResponse out;
    out.status = describe_status(TS_RESP_get_status_info(resp));
    PKCS7* token = TS_RESP_get_token(resp);
    TS_TST_INFO* tst = TS_RESP_get_tst_info(resp);
    if (token == nullptr || tst == nullptr)
        return out;

    TstInfoFields f;
    if (!convert_gen_time(TS_TST_INFO_get_time(tst), f.gen_time, f.gen_time_t))
        ERR_clear_error();
    f.serial_hex = asn1_integer_hex(TS_TST_INFO_get_serial(tst));
    f.tsa_name = general_name_text(TS_TST_INFO_get_tsa(tst));
    f.policy_oid = oid_text(TS_TST_INFO_get_policy_id(tst));
    if (TS_MSG_IMPRINT* mi = TS_TST_INFO_get_msg_imprint(tst)) {
        const ASN1_OBJECT* alg = nullptr;
        if (const X509_ALGOR* algor = TS_MSG_IMPRINT_get_algo(mi))
            X509_ALGOR_get0(&alg, nullptr, nullptr, algor);
        f.imprint_algorithm = oid_text(alg);
        if (const ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(mi)) {
            const unsigned char* d = ASN1_STRING_get0_data(msg);
            f.imprint.assign(d, d + ASN1_STRING_length(msg));
        }
    }
    if (const ASN1_INTEGER* nonce = TS_TST_INFO_get_nonce(tst))
        f.nonce_hex = asn1_integer_hex(nonce);

    X509StackViewPtr signers(PKCS7_get0_signers(token, nullptr, 0));
    if (signers && sk_X509_num(signers.get()) == 1)
        f.signer_subject = name_text(X509_get_subject_name(sk_X509_value(signers.get(), 0)));
    if (STACK_OF(X509)* certs = token_certs(token)) {
        BioPtr bio(BIO_new(BIO_s_mem()));
        for (int i = 0; bio && i < sk_X509_num(certs); ++i)
            PEM_write_bio_X509(bio.get(), sk_X509_value(certs, i));
        if (bio)
            f.certs_pem = bio_text(bio.get());
    }
    ERR_clear_error();
    out.token = std::move(f);
    return out;
}

}  // namespace detail

const char* to_string(TspStatus status) {
    switch (status) {
        case TspStatus::granted:
            return "granted";
        case TspStatus::granted_with_mods:
            return "grantedWithMods";
        case TspStatus::rejection:
            return "rejection";
        case TspStatus::waiting:
            return "waiting";
        case TspStatus::revocation_warning:
            return "revocationWarning";
        case TspStatus::revocation_notification:
            return "revocationNotification";
        case TspStatus::unknown:
            break;
    }
    return "unknown";
}

Result<TimeStampResponse> parse_timestamp_response(std::span<const std::uint8_t> der) {
    std::string why;
    TsRespPtr resp = detail::decode_ts_resp(der, why);
    if (!resp)
        return make_error(Errc::input_unreadable, "TimeStampResp", why);
    return detail::describe_ts_resp(resp.get());
}

}  // namespace scelle::crypto
