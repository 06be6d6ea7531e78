/* The area resampler's pieces, for the decoders that feed it rows as they decode them
   (internal to CImaging; rf_area_downscale in rf_imaging.h is the whole-picture entry). */
#ifndef RF_RESAMPLE_H
#define RF_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

/* What one downscale needs besides the pixels: each output column's source span and weights,
   and a row of sums. */
typedef struct {
    int source_width, source_height, channels, width, height, max_taps, max_rows;
    int *x_first, *x_count;
    float *x_weights, *y_weights, *row, *sum;
} rf_area_plan;

/* RF_OK, or RF_OUT_OF_MEMORY (the plan is then freed). */
int rf_area_plan_init(rf_area_plan *plan, int source_width, int source_height, int channels, int width, int height);
void rf_area_plan_free(rf_area_plan *plan);

/* The source row `y`; asked for in increasing order, each row once (a decoder can stream). */
typedef const uint8_t *(*rf_row_source)(void *context, int y);

/* Writes output rows `first_row` to `first_row + rows`. */
void rf_area_rows(rf_area_plan *plan, rf_row_source source, void *context, uint8_t *out, size_t out_stride, int first_row,
                  int rows);

#endif
