/* The floor for "decode a JPEG, write a PNG": libjpeg-turbo straight into libpng, in plain C,
 * at the settings rekfilter uses (accurate integer IDCT; zlib level 1, SUB filter).
 * Built and run by scripts/bench.sh only. */
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>
#include <png.h>

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: jpeg2png IN.jpg OUT.png\n"); return 2; }
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
    if (!in || !out) { perror("open"); return 1; }
    struct jpeg_decompress_struct d;
    struct jpeg_error_mgr jerr;
    d.err = jpeg_std_error(&jerr);
    jpeg_create_decompress(&d);
    jpeg_stdio_src(&d, in);
    jpeg_read_header(&d, TRUE);
    d.out_color_space = JCS_EXT_RGB;
    d.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&d);
    size_t stride = (size_t)d.output_width * 3;
    unsigned char *pixels = malloc(stride * d.output_height);
    while (d.output_scanline < d.output_height) {
        JSAMPROW row = pixels + stride * d.output_scanline;
        jpeg_read_scanlines(&d, &row, 1);
    }
    jpeg_finish_decompress(&d);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    png_init_io(png, out);
    png_set_IHDR(png, info, d.output_width, d.output_height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_write_info(png, info);
    for (JDIMENSION y = 0; y < d.output_height; y++) png_write_row(png, pixels + stride * y);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    jpeg_destroy_decompress(&d);
    free(pixels);
    fclose(out);
    fclose(in);
    return 0;
}
