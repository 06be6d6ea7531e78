#include "resample.h"

#include <stdlib.h>

#include "rf_imaging.h"

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

void rf_area_plan_free(rf_area_plan *plan) {
    free(plan->x_first);
    free(plan->x_count);
    free(plan->x_weights);
    free(plan->y_weights);
    free(plan->row);
    free(plan->sum);
    plan->x_first = plan->x_count = NULL;
    plan->x_weights = plan->y_weights = plan->row = plan->sum = NULL;
}

int rf_area_plan_init(rf_area_plan *plan, int source_width, int source_height, int channels, int width, int height) {
    *plan = (rf_area_plan){source_width, source_height, channels, width, height, source_width / width + 2,
                           source_height / height + 2, NULL, NULL, NULL, NULL, NULL, NULL};
    size_t n = (size_t)width * (size_t)channels;
    plan->x_first = malloc(sizeof(int) * (size_t)width);
    plan->x_count = malloc(sizeof(int) * (size_t)width);
    plan->x_weights = malloc(sizeof(float) * (size_t)width * (size_t)plan->max_taps);
    plan->y_weights = malloc(sizeof(float) * (size_t)plan->max_rows);
    plan->row = malloc(sizeof(float) * n);
    plan->sum = malloc(sizeof(float) * n);
    if (!plan->x_first || !plan->x_count || !plan->x_weights || !plan->y_weights || !plan->row || !plan->sum) {
        rf_area_plan_free(plan);
        return RF_OUT_OF_MEMORY;
    }
    for (int ox = 0; ox < width; ox++)
        plan->x_count[ox] = rf_taps(ox, source_width, width, &plan->x_first[ox], plan->x_weights + (size_t)ox * plan->max_taps);
    return RF_OK;
}

/* One source row shrunk across into `row` (floats, `channels` per output pixel); RGB and RGBA
   each have their own loop, so that the compiler keeps the sums in registers. */
static void rf_shrink_row(const rf_area_plan *p, const uint8_t *src, float *row) {
    if (p->channels == 3) {
        for (int ox = 0; ox < p->width; ox++) {
            const uint8_t *s = src + (size_t)p->x_first[ox] * 3;
            const float *w = p->x_weights + (size_t)ox * p->max_taps;
            float r = 0, g = 0, b = 0;
            for (int k = 0; k < p->x_count[ox]; k++, s += 3) {
                r += s[0] * w[k];
                g += s[1] * w[k];
                b += s[2] * w[k];
            }
            row[3 * ox] = r;
            row[3 * ox + 1] = g;
            row[3 * ox + 2] = b;
        }
    } else {
        for (int ox = 0; ox < p->width; ox++) {
            const uint8_t *s = src + (size_t)p->x_first[ox] * 4;
            const float *w = p->x_weights + (size_t)ox * p->max_taps;
            float r = 0, g = 0, b = 0, a = 0;
            for (int k = 0; k < p->x_count[ox]; k++, s += 4) {
                r += s[0] * w[k];
                g += s[1] * w[k];
                b += s[2] * w[k];
                a += s[3] * w[k];
            }
            row[4 * ox] = r;
            row[4 * ox + 1] = g;
            row[4 * ox + 2] = b;
            row[4 * ox + 3] = a;
        }
    }
}

void rf_area_rows(rf_area_plan *p, rf_row_source source, void *context, uint8_t *out, size_t out_stride, int first_row,
                  int rows) {
    size_t n = (size_t)p->width * (size_t)p->channels;
    int shrunk = -1; /* the source row `row` holds shrunk: the last of one output row is often the first of the next */
    for (int oy = first_row; oy < first_row + rows; oy++) {
        int y0;
        int taps = rf_taps(oy, p->source_height, p->height, &y0, p->y_weights);
        for (size_t i = 0; i < n; i++) p->sum[i] = 0;
        for (int t = 0; t < taps; t++) {
            if (y0 + t != shrunk) rf_shrink_row(p, source(context, y0 + t), p->row);
            shrunk = y0 + t;
            float wy = p->y_weights[t];
            for (size_t i = 0; i < n; i++) p->sum[i] += p->row[i] * wy;
        }
        uint8_t *dst = out + (size_t)oy * out_stride;
        for (size_t i = 0; i < n; i++) {
            float v = p->sum[i] + 0.5f;
            dst[i] = v >= 255 ? 255 : (uint8_t)v;
        }
    }
}

typedef struct {
    const uint8_t *pixels;
    size_t stride;
} rf_memory_rows;

static const uint8_t *rf_memory_row(void *context, int y) {
    const rf_memory_rows *m = context;
    return m->pixels + (size_t)y * m->stride;
}

int rf_area_downscale(const uint8_t *source, size_t source_stride, int source_width, int source_height, int channels,
                      uint8_t *out, size_t out_stride, int width, int height, int first_row, int rows) {
    rf_area_plan plan;
    if (rf_area_plan_init(&plan, source_width, source_height, channels, width, height) != RF_OK) return RF_OUT_OF_MEMORY;
    rf_memory_rows memory = {source, source_stride};
    rf_area_rows(&plan, rf_memory_row, &memory, out, out_stride, first_row, rows);
    rf_area_plan_free(&plan);
    return RF_OK;
}
