// Owning pointers for the OpenSSL handles of certificates, stores and RFC 3161 objects, in
// the same shape as ossl_ptr.h: one owner from the line a handle is created, a stateless
// deleter, no naked *_free elsewhere. OpenSSL functions that are macros (stacks) or that
// return a value get a small named wrapper here so that they fit the deleter template.
#pragma once

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "scelle/crypto/ossl_ptr.h"

namespace scelle::crypto {

namespace ossl_detail {
inline void free_x509_stack(STACK_OF(X509) * s) {
    sk_X509_pop_free(s, X509_free);
}
// A stack whose elements are owned elsewhere (PKCS7_get0_signers, X509_STORE_CTX_get0_chain
// copies): only the stack itself is freed.
inline void free_x509_stack_shallow(STACK_OF(X509) * s) {
    sk_X509_free(s);
}
inline void free_bio(BIO* b) {
    BIO_free_all(b);
}
inline void free_openssl_bytes(unsigned char* p) {
    OPENSSL_free(p);
}
}  // namespace ossl_detail

using X509Ptr = Handle<X509, X509_free>;
using X509StorePtr = Handle<X509_STORE, X509_STORE_free>;
using X509StoreCtxPtr = Handle<X509_STORE_CTX, X509_STORE_CTX_free>;
using X509StackPtr = Handle<STACK_OF(X509), ossl_detail::free_x509_stack>;
using X509StackViewPtr = Handle<STACK_OF(X509), ossl_detail::free_x509_stack_shallow>;
using X509NamePtr = Handle<X509_NAME, X509_NAME_free>;
using X509ExtensionPtr = Handle<X509_EXTENSION, X509_EXTENSION_free>;
using X509AlgorPtr = Handle<X509_ALGOR, X509_ALGOR_free>;
using GeneralNamePtr = Handle<GENERAL_NAME, GENERAL_NAME_free>;
using ExtKeyUsagePtr = Handle<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free>;
using EvpPkeyPtr = Handle<EVP_PKEY, EVP_PKEY_free>;
using EvpPkeyCtxPtr = Handle<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using BioPtr = Handle<BIO, ossl_detail::free_bio>;
using BignumPtr = Handle<BIGNUM, BN_free>;
using Asn1IntegerPtr = Handle<ASN1_INTEGER, ASN1_INTEGER_free>;
using Asn1ObjectPtr = Handle<ASN1_OBJECT, ASN1_OBJECT_free>;
using Asn1StringPtr = Handle<ASN1_STRING, ASN1_STRING_free>;
using Asn1TypePtr = Handle<ASN1_TYPE, ASN1_TYPE_free>;
using Pkcs7Ptr = Handle<PKCS7, PKCS7_free>;
using EssSigningCertV2Ptr = Handle<ESS_SIGNING_CERT_V2, ESS_SIGNING_CERT_V2_free>;
using TsReqPtr = Handle<TS_REQ, TS_REQ_free>;
using TsRespPtr = Handle<TS_RESP, TS_RESP_free>;
using TsRespCtxPtr = Handle<TS_RESP_CTX, TS_RESP_CTX_free>;
using TsVerifyCtxPtr = Handle<TS_VERIFY_CTX, TS_VERIFY_CTX_free>;
using TsMsgImprintPtr = Handle<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>;
using TsTstInfoPtr = Handle<TS_TST_INFO, TS_TST_INFO_free>;
using TsStatusInfoPtr = Handle<TS_STATUS_INFO, TS_STATUS_INFO_free>;
// Bytes that OpenSSL allocated (i2d_* output, OPENSSL_malloc).
using OsslBytesPtr = Handle<unsigned char, ossl_detail::free_openssl_bytes>;

}  // namespace scelle::crypto
