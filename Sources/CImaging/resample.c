#include "rf_imaging.h"

#include <stdlib.h>

/* Which source pixels output pixel `o` of `m` covers along a side of `n`, and their weights
   (the share of each source pixel inside it, normalised to sum to 1). */
static int rf_taps(int o, int n, int m, int *first, float *weights) {
    double ratio = (double)n / (double)m;
    double lo = o * ratio, hi = (o + 1) * ratio;
    int start = (int)lo, last = (int)(hi - 1e-9);
    if (last > n - 1) last = n - 1;
    *first = start;
    for (int s = start; s <= last; s++) {
        double a = lo > s ? lo : s, b = hi < s + 1 ? hi : s + 1;
        weights[s - start] = (float)((b - a) / ratio);
    }
    return last - start + 1;
}

int rf_area_downscale(const uint8_t *source, size_t source_stride, int source_width, int source_height, int channels,
                      uint8_t *out, size_t out_stride, int width, int height, int first_row, int rows) {
    int max_taps = source_width / width + 2, max_rows = source_height / height + 2;
    int *x_first = malloc(sizeof(int) * (size_t)width), *x_count = malloc(sizeof(int) * (size_t)width);
    float *x_weights = malloc(sizeof(float) * (size_t)width * (size_t)max_taps);
    float *row = malloc(sizeof(float) * (size_t)width * (size_t)channels);
    float *sum = malloc(sizeof(float) * (size_t)width * (size_t)channels);
    float y_weights[max_rows > 0 ? max_rows : 1];
    int status = RF_OUT_OF_MEMORY;
    if (!x_first || !x_count || !x_weights || !row || !sum) goto done;
    for (int ox = 0; ox < width; ox++) x_count[ox] = rf_taps(ox, source_width, width, &x_first[ox], x_weights + (size_t)ox * max_taps);

    size_t n = (size_t)width * (size_t)channels;
    int shrunk = -1; /* the source row `row` holds shrunk: the last of one output row is often the first of the next */
    for (int oy = first_row; oy < first_row + rows; oy++) {
        int y0;
        int taps = rf_taps(oy, source_height, height, &y0, y_weights);
        for (size_t i = 0; i < n; i++) sum[i] = 0;
        for (int t = 0; t < taps; t++) {
            const uint8_t *src = source + (size_t)(y0 + t) * source_stride;
            float wy = y_weights[t];
            /* The source row shrunk across, then added weighted by its share of this output row. */
            if (y0 + t == shrunk) {
            } else if (channels == 3) {
                for (int ox = 0; ox < width; ox++) {
                    const uint8_t *p = src + (size_t)x_first[ox] * 3;
                    const float *w = x_weights + (size_t)ox * max_taps;
                    float r = 0, g = 0, b = 0;
                    for (int k = 0; k < x_count[ox]; k++, p += 3) {
                        r += p[0] * w[k];
                        g += p[1] * w[k];
                        b += p[2] * w[k];
                    }
                    row[3 * ox] = r;
                    row[3 * ox + 1] = g;
                    row[3 * ox + 2] = b;
                }
            } else {
                for (int ox = 0; ox < width; ox++) {
                    const uint8_t *p = src + (size_t)x_first[ox] * 4;
                    const float *w = x_weights + (size_t)ox * max_taps;
                    float r = 0, g = 0, b = 0, a = 0;
                    for (int k = 0; k < x_count[ox]; k++, p += 4) {
                        r += p[0] * w[k];
                        g += p[1] * w[k];
                        b += p[2] * w[k];
                        a += p[3] * w[k];
                    }
                    row[4 * ox] = r;
                    row[4 * ox + 1] = g;
                    row[4 * ox + 2] = b;
                    row[4 * ox + 3] = a;
                }
            }
            shrunk = y0 + t;
            for (size_t i = 0; i < n; i++) sum[i] += row[i] * wy;
        }
        uint8_t *dst = out + (size_t)oy * out_stride;
        for (size_t i = 0; i < n; i++) {
            float v = sum[i] + 0.5f;
            dst[i] = v >= 255 ? 255 : (uint8_t)v;
        }
    }
    status = RF_OK;
done:
    free(x_first);
    free(x_count);
    free(x_weights);
    free(row);
    free(sum);
    return status;
}
