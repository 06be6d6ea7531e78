/// Typed wrappers over libcurl's variadic curl_easy_setopt / curl_easy_getinfo, which Swift
/// cannot call directly. Nothing else lives here: the HTTP logic is in Swift.
#ifndef RF_CURL_H
#define RF_CURL_H

#include <curl/curl.h>

typedef size_t (*rf_curl_data_fn)(char *data, size_t size, size_t count, void *context);

CURLcode rf_curl_set_long(CURL *curl, CURLoption option, long value);
CURLcode rf_curl_set_off(CURL *curl, CURLoption option, curl_off_t value);
CURLcode rf_curl_set_string(CURL *curl, CURLoption option, const char *value);
CURLcode rf_curl_set_pointer(CURL *curl, CURLoption option, const void *value);
CURLcode rf_curl_set_data_fn(CURL *curl, CURLoption option, rf_curl_data_fn fn);
CURLcode rf_curl_get_long(CURL *curl, CURLINFO info, long *value);
CURLcode rf_curl_get_double(CURL *curl, CURLINFO info, double *value);

/// A connection cache (plus DNS cache and TLS sessions) shared by several easy handles on
/// several threads, with the locking libcurl asks for. Never freed: one per process.
CURLSH *rf_curl_share_create(void);

/// libcurl's version and its TLS library, as loaded ("8.1.2 (OpenSSL/3.0.11)").
const char *rf_curl_version(void);

#endif
