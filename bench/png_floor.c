/* The physical floor of a PNG encode per core, for `make bench`: the same pixels rekfilter
   encodes (a JPEG decoded with libjpeg), SUB-filtered, compressed by libdeflate at level 1 into
   a zlib stream on one thread — the fastest deflate there is. Prints the best of N runs.
     png_floor IN.jpg N */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <jpeglib.h>
#include <libdeflate.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 3) return 64;
    FILE *f = fopen(argv[1], "rb");
    if (!f) return 66;
    struct jpeg_decompress_struct d;
    struct jpeg_error_mgr e;
    d.err = jpeg_std_error(&e);
    jpeg_create_decompress(&d);
    jpeg_stdio_src(&d, f);
    jpeg_read_header(&d, TRUE);
    d.out_color_space = JCS_RGB;
    jpeg_start_decompress(&d);
    size_t stride = (size_t)d.output_width * 3, h = d.output_height;
    unsigned char *pixels = malloc(stride * h);
    while (d.output_scanline < h) {
        unsigned char *row = pixels + d.output_scanline * stride;
        jpeg_read_scanlines(&d, &row, 1);
    }
    jpeg_finish_decompress(&d);
    fclose(f);
    size_t raw = (stride + 1) * h;
    unsigned char *filtered = malloc(raw);
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
    size_t bound = libdeflate_zlib_compress_bound(c, raw), size = 0;
    unsigned char *out = malloc(bound);
    double best = 1e9;
    for (int run = 0; run < atoi(argv[2]); run++) {
        double t0 = now();
        for (size_t y = 0; y < h; y++) {
            unsigned char *src = pixels + y * stride, *dst = filtered + y * (stride + 1);
            dst[0] = 1;
            for (size_t i = 0; i < 3; i++) dst[1 + i] = src[i];
            for (size_t i = 3; i < stride; i++) dst[1 + i] = (unsigned char)(src[i] - src[i - 3]);
        }
        size = libdeflate_zlib_compress(c, filtered, raw, out, bound);
        double t = now() - t0;
        if (t < best) best = t;
    }
    printf("libdeflate-1 %zux%zu: %d ms, %zu bytes\n", stride / 3, h, (int)(best * 1000), size);
    return 0;
}
