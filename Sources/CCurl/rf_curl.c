#include <stdio.h>
#include "rf_curl.h"

CURLcode rf_curl_set_long(CURL *curl, CURLoption option, long value) { return curl_easy_setopt(curl, option, value); }
CURLcode rf_curl_set_off(CURL *curl, CURLoption option, curl_off_t value) { return curl_easy_setopt(curl, option, value); }
CURLcode rf_curl_set_string(CURL *curl, CURLoption option, const char *value) { return curl_easy_setopt(curl, option, value); }
CURLcode rf_curl_set_pointer(CURL *curl, CURLoption option, const void *value) { return curl_easy_setopt(curl, option, value); }
CURLcode rf_curl_set_data_fn(CURL *curl, CURLoption option, rf_curl_data_fn fn) { return curl_easy_setopt(curl, option, fn); }
CURLcode rf_curl_get_long(CURL *curl, CURLINFO info, long *value) { return curl_easy_getinfo(curl, info, value); }
CURLcode rf_curl_get_double(CURL *curl, CURLINFO info, double *value) { return curl_easy_getinfo(curl, info, value); }

#include <pthread.h>

static pthread_mutex_t rf_share_locks[CURL_LOCK_DATA_LAST];

static void rf_share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *user) {
    (void)handle; (void)access; (void)user;
    pthread_mutex_lock(&rf_share_locks[data]);
}

static void rf_share_unlock(CURL *handle, curl_lock_data data, void *user) {
    (void)handle; (void)user;
    pthread_mutex_unlock(&rf_share_locks[data]);
}

CURLSH *rf_curl_share_create(void) {
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++) pthread_mutex_init(&rf_share_locks[i], NULL);
    CURLSH *share = curl_share_init();
    if (!share) return NULL;
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, rf_share_lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, rf_share_unlock);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    return share;
}

const char *rf_curl_version(void) {
    static char text[160];
    const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
    snprintf(text, sizeof text, "%s (%s)", info->version, info->ssl_version ? info->ssl_version : "no TLS");
    return text;
}
