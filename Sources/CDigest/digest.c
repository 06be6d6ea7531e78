#include "rf_digest.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>

const char *rf_crypto_version(void) { return OpenSSL_version(OPENSSL_VERSION); }

int rf_sha256(const void *data, size_t count, unsigned char out[32]) {
  return EVP_Digest(data, count, out, NULL, EVP_sha256(), NULL) == 1;
}

int rf_sha1(const void *data, size_t count, unsigned char out[20]) {
  return EVP_Digest(data, count, out, NULL, EVP_sha1(), NULL) == 1;
}

int rf_hmac_sha256(const void *key, size_t key_count, const void *data, size_t count, unsigned char out[32]) {
  unsigned int length = 32;
  if (key_count > 0x7fffffff) return 0;
  return HMAC(EVP_sha256(), key, (int)key_count, data, count, out, &length) != NULL && length == 32;
}

void *rf_sha256_begin(void) {
  EVP_MD_CTX *context = EVP_MD_CTX_new();
  if (context == NULL) return NULL;
  if (EVP_DigestInit_ex(context, EVP_sha256(), NULL) != 1) {
    EVP_MD_CTX_free(context);
    return NULL;
  }
  return context;
}

int rf_sha256_update(void *context, const void *data, size_t count) {
  return context != NULL && EVP_DigestUpdate((EVP_MD_CTX *)context, data, count) == 1;
}

int rf_sha256_finish(void *context, unsigned char out[32]) {
  if (context == NULL) return 0;
  unsigned int length = 0;
  int ok = EVP_DigestFinal_ex((EVP_MD_CTX *)context, out, &length) == 1 && length == 32;
  EVP_MD_CTX_free((EVP_MD_CTX *)context);
  return ok;
}
