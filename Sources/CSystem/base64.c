#include "rf_system.h"

#if defined(__x86_64__)
#include <immintrin.h>

/* 24 input bytes -> 32 base64 characters per step, both 128-bit lanes at once (the method of
 * Muła and Lemire, "Faster Base64 Encoding and Decoding Using AVX2 Instructions", 2018). Each
 * lane gets 12 bytes: the low lane in[0..11], the high lane in[12..23], loaded as two 16-byte
 * reads, so 28 bytes must be readable. */
__attribute__((target("avx2")))
static size_t encode_avx2(const uint8_t *in, size_t len, uint8_t *out) {
    const __m256i shuffle = _mm256_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10,
                                             1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
    const __m256i lut = _mm256_setr_epi8(65, 71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 0, 0,
                                         65, 71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 0, 0);
    size_t done = 0;
    while (len - done >= 28) {
        __m256i v = _mm256_loadu2_m128i((const __m128i *)(in + done + 12), (const __m128i *)(in + done));
        v = _mm256_shuffle_epi8(v, shuffle);
        const __m256i t0 = _mm256_and_si256(v, _mm256_set1_epi32(0x0fc0fc00));
        const __m256i t1 = _mm256_mulhi_epu16(t0, _mm256_set1_epi32(0x04000040));
        const __m256i t2 = _mm256_and_si256(v, _mm256_set1_epi32(0x003f03f0));
        const __m256i t3 = _mm256_mullo_epi16(t2, _mm256_set1_epi32(0x01000010));
        const __m256i sextets = _mm256_or_si256(t1, t3);
        __m256i index = _mm256_subs_epu8(sextets, _mm256_set1_epi8(51));
        index = _mm256_sub_epi8(index, _mm256_cmpgt_epi8(sextets, _mm256_set1_epi8(25)));
        const __m256i chars = _mm256_add_epi8(sextets, _mm256_shuffle_epi8(lut, index));
        _mm256_storeu_si256((__m256i *)(out + done / 3 * 4), chars);
        done += 24;
    }
    return done;
}
#endif

size_t rf_base64_bulk(const uint8_t *in, size_t len, uint8_t *out) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) return encode_avx2(in, len, out);
#endif
    (void)in; (void)len; (void)out;
    return 0;
}
