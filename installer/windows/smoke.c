/* A Windows program linked against the cross-built OpenSSL, curl, SQLite, libzip and zlib
   (installer/windows/cross-build.sh): it prints their versions and does one small piece of
   real work with each, so that a run under Wine shows the static libraries are usable code. */
#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>
#include <zlib.h>

int main(void) {
    int failures = 0;

    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest("abc", 3, digest, &length, EVP_sha256(), NULL);
    /* SHA-256("abc") begins ba7816bf. */
    int sha_ok = length == 32 && digest[0] == 0xba && digest[1] == 0x78 && digest[2] == 0x16;
    printf("OpenSSL: %s, SHA-256(\"abc\") %s\n", OpenSSL_version(OPENSSL_VERSION),
           sha_ok ? "right" : "WRONG");
    failures += !sha_ok;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    printf("curl: %s\n", curl_version());
    curl_global_cleanup();

    sqlite3* db = NULL;
    int sql_ok = sqlite3_open(":memory:", &db) == SQLITE_OK &&
                 sqlite3_exec(db, "create table t(x); insert into t values (1);", NULL, NULL,
                              NULL) == SQLITE_OK;
    sqlite3_close(db);
    printf("SQLite: %s, in-memory table %s\n", sqlite3_libversion(), sql_ok ? "right" : "WRONG");
    failures += !sql_ok;

    printf("zlib: %s\n", zlibVersion());

    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(NULL, 0, 0, &error);
    zip_t* archive = source ? zip_open_from_source(source, ZIP_TRUNCATE, &error) : NULL;
    printf("libzip: %s, empty archive in memory %s\n", zip_libzip_version(),
           archive ? "right" : "WRONG");
    failures += archive == NULL;
    if (archive)
        zip_discard(archive);
    zip_error_fini(&error);

    printf(failures ? "smoke: FAILED\n" : "smoke: all right\n");
    return failures ? 1 : 0;
}
