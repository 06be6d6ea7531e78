#ifndef RF_DIGEST_H
#define RF_DIGEST_H
#include <stddef.h>

/* SHA-256, SHA-1 and HMAC-SHA256 from the system's OpenSSL libcrypto (the library libcurl already
   loads for TLS): the hashes SigV4 and the caches need, with the CPU's SHA instructions, and no
   second crypto library compiled into the binary. Each returns 1 on success, 0 on failure. */

int rf_sha256(const void *data, size_t count, unsigned char out[32]);
int rf_sha1(const void *data, size_t count, unsigned char out[20]);
int rf_hmac_sha256(const void *key, size_t key_count, const void *data, size_t count, unsigned char out[32]);

/* An incremental SHA-256: begin (NULL when out of memory), update any number of times, then
   finish, which frees the context whatever it returns. */
void *rf_sha256_begin(void);
int rf_sha256_update(void *context, const void *data, size_t count);
int rf_sha256_finish(void *context, unsigned char out[32]);

/* The libcrypto that runs: "OpenSSL 3.0.19 …". */
const char *rf_crypto_version(void);

#endif
