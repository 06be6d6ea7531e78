#include "rf_curl.h"

CURLcode rf_curl_set_long(CURL *curl, CURLoption option, long value) { return curl_easy_setopt(curl, option, value); }
CURLcode rf_curl_set_off(CURL *curl, CURLoption option, curl_off_t value) { return curl_easy_setopt(curl, option, value); }
CURLcode rf_curl_set_string(CURL *curl, CURLoption option, const char *value) { return curl_easy_setopt(curl, option, value); }
CURLcode rf_curl_set_pointer(CURL *curl, CURLoption option, const void *value) { return curl_easy_setopt(curl, option, value); }
CURLcode rf_curl_set_data_fn(CURL *curl, CURLoption option, rf_curl_data_fn fn) { return curl_easy_setopt(curl, option, fn); }
CURLcode rf_curl_get_long(CURL *curl, CURLINFO info, long *value) { return curl_easy_getinfo(curl, info, value); }
CURLcode rf_curl_get_double(CURL *curl, CURLINFO info, double *value) { return curl_easy_getinfo(curl, info, value); }
