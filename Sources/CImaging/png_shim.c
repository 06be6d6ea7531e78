#include "rf_imaging.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>
#include <zlib.h>

#include "huffman_deflate.h"

/// Where libpng's error callback leaves its message before longjmp-ing back here.
typedef struct {
    char message[RF_MESSAGE_MAX];
    int truncated;
} rf_png_error;

static void rf_png_on_error(png_structp png, png_const_charp text) {
    rf_png_error *e = png_get_error_ptr(png);
    snprintf(e->message, RF_MESSAGE_MAX, "%s", text);
    png_longjmp(png, 1);
}

static void rf_png_on_warning(png_structp png, png_const_charp text) { (void)png; (void)text; }

/// Reads from a memory buffer; running off its end is truncation, reported as such.
typedef struct {
    const uint8_t *data;
    size_t size, offset;
} rf_png_source;

struct rf_png_decoder {
    png_structp png;
    png_infop info;
    rf_png_error err;
    rf_png_source src;
    int height;
};

static void rf_png_read_fn(png_structp png, png_bytep out, size_t count) {
    struct rf_png_decoder *d = png_get_io_ptr(png);
    if (count > d->src.size - d->src.offset) {
        d->err.truncated = 1;
        png_error(png, "file ends before the image does");
    }
    memcpy(out, d->src.data + d->src.offset, count);
    d->src.offset += count;
}

static int rf_png_fail_code(const rf_png_error *e) {
    if (e->truncated) return RF_TRUNCATED;
    if (strstr(e->message, "Not enough image data") || strstr(e->message, "Read Error")) return RF_TRUNCATED;
    if (strstr(e->message, "out of memory") || strstr(e->message, "Out of Memory")) return RF_OUT_OF_MEMORY;
    return RF_CORRUPT;
}

rf_png_decoder *rf_png_open(const uint8_t *data, size_t size, rf_png_info *out, int *code,
                            char message[RF_MESSAGE_MAX]) {
    rf_png_decoder *d = calloc(1, sizeof *d);
    if (!d) { *code = RF_OUT_OF_MEMORY; snprintf(message, RF_MESSAGE_MAX, "out of memory"); return NULL; }
    d->src.data = data;
    d->src.size = size;
    d->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &d->err, rf_png_on_error, rf_png_on_warning);
    if (d->png) d->info = png_create_info_struct(d->png);
    if (!d->png || !d->info) {
        png_destroy_read_struct(&d->png, &d->info, NULL);
        free(d);
        *code = RF_OUT_OF_MEMORY;
        snprintf(message, RF_MESSAGE_MAX, "out of memory");
        return NULL;
    }
    if (setjmp(png_jmpbuf(d->png))) {
        *code = rf_png_fail_code(&d->err);
        snprintf(message, RF_MESSAGE_MAX, "%s", d->err.message);
        png_destroy_read_struct(&d->png, &d->info, NULL);
        free(d);
        return NULL;
    }
    png_set_read_fn(d->png, d, rf_png_read_fn);
    /* Our caller checks the declared size against --max-pixels; lift libpng's own 1M cap. */
    png_set_user_limits(d->png, 0x7fffffff, 0x7fffffff);
    png_read_info(d->png, d->info);

    png_uint_32 w, h;
    int depth, color, interlace;
    png_get_IHDR(d->png, d->info, &w, &h, &depth, &color, &interlace, NULL, NULL);
    out->width = (int)w;
    out->height = (int)h;
    out->bit_depth = depth;
    out->color_type = color;
    out->interlaced = interlace != PNG_INTERLACE_NONE;

    png_set_expand(d->png);                 /* palette → RGB, gray < 8 bit → 8, tRNS → alpha */
    png_set_scale_16(d->png);               /* 16 → 8 bit, v * 255 / 65535 rounded */
    png_set_gray_to_rgb(d->png);
    png_set_interlace_handling(d->png);
    png_read_update_info(d->png, d->info);
    out->channels = png_get_channels(d->png, d->info);
    d->height = (int)h;
    *code = RF_OK;
    return d;
}

int rf_png_read(rf_png_decoder *d, uint8_t *pixels, size_t stride, char message[RF_MESSAGE_MAX]) {
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(d->png))) {
        free(rows);
        snprintf(message, RF_MESSAGE_MAX, "%s", d->err.message);
        return rf_png_fail_code(&d->err);
    }
    rows = malloc(sizeof(png_bytep) * (size_t)d->height);
    if (!rows) { snprintf(message, RF_MESSAGE_MAX, "out of memory"); return RF_OUT_OF_MEMORY; }
    for (int y = 0; y < d->height; y++) rows[y] = pixels + (size_t)y * stride;
    png_read_image(d->png, rows);
    png_read_end(d->png, NULL); /* checks the remaining chunks' CRCs, up to IEND */
    free(rows);
    rows = NULL;
    return RF_OK;
}

void rf_png_close(rf_png_decoder *d) {
    if (!d) return;
    png_destroy_read_struct(&d->png, &d->info, NULL);
    free(d);
}

/* ------------------------------------------------------------ encoding */

typedef struct {
    rf_write_fn write;
    void *context;
    int failed;
} rf_png_sink;

static void rf_png_write_fn(png_structp png, png_bytep bytes, size_t count) {
    rf_png_sink *s = png_get_io_ptr(png);
    if (s->write(s->context, bytes, count) != 0) {
        s->failed = 1;
        png_error(png, "write failed");
    }
}

static void rf_png_flush_fn(png_structp png) { (void)png; }

int rf_png_encode(const uint8_t *const *rows, int width, int height, int channels, int level,
                  int filters, rf_write_fn write, void *context, char message[RF_MESSAGE_MAX]) {
    rf_png_error err;
    rf_png_sink sink = { write, context, 0 };
    memset(&err, 0, sizeof err);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &err, rf_png_on_error, rf_png_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        snprintf(message, RF_MESSAGE_MAX, "out of memory");
        return RF_OUT_OF_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        snprintf(message, RF_MESSAGE_MAX, "%s", err.message);
        png_destroy_write_struct(&png, &info);
        return sink.failed ? RF_WRITE_FAILED : RF_CORRUPT;
    }
    png_set_write_fn(png, &sink, rf_png_write_fn, rf_png_flush_fn);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 channels == 4 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, level < 0 ? 0 : level > 9 ? 9 : level);
    if (filters != 0) png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) png_write_row(png, rows[y]);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return RF_OK;
}

/* SUB-filters one row into out (1 + width * channels bytes): filter type 1, then each byte
   minus the byte one pixel to its left. */
static void rf_png_sub_row(const uint8_t *row, size_t row_bytes, int channels, uint8_t *out) {
    out[0] = 1;
    for (size_t i = 0; i < (size_t)channels && i < row_bytes; i++) out[1 + i] = row[i];
    for (size_t i = (size_t)channels; i < row_bytes; i++) out[1 + i] = (uint8_t)(row[i] - row[i - channels]);
}

/* How large a sample of filtered rows decides the strategy. */
#define RF_SAMPLE_BYTES (64 * 1024)
#define RF_SAMPLE_BANDS 4
/* How many filtered bytes a Huffman-only block holds (its own code; a few rows). */
#define RF_HUFFMAN_BLOCK (256 * 1024)

/* Deflates `size` bytes at `level` with `strategy` and returns the compressed size (0: failed). */
static size_t rf_deflated_size(const uint8_t *bytes, size_t size, int level, int strategy) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, strategy) != Z_OK) return 0;
    size_t bound = deflateBound(&z, size);
    uint8_t *out = malloc(bound);
    size_t result = 0;
    if (out) {
        z.next_in = (uint8_t *)bytes;
        z.avail_in = (uInt)size;
        z.next_out = out;
        z.avail_out = (uInt)bound;
        if (deflate(&z, Z_FINISH) == Z_STREAM_END) result = bound - z.avail_out;
        free(out);
    }
    deflateEnd(&z);
    return result;
}

/* Photos with grain leave zlib's match search little to find after the SUB filter: literals
   alone, Huffman-coded (our own encoder, several times zlib's speed), compress them as small;
   failing that, run-length matches alone (Z_RLE) often do, at twice the speed. Smooth pictures
   and drawings keep the full search. Decided on a sample of the piece: a faster
   strategy only when it is within 1% of the full search there. */
static int rf_png_strategy(const uint8_t *pixels, size_t stride, size_t row_bytes, int channels,
                           int first, int count, int level) {
    size_t filtered_row = row_bytes + 1;
    int rows = (int)(RF_SAMPLE_BYTES / filtered_row);
    if (rows < 1) rows = 1;
    if (rows > count) rows = count;
    uint8_t *sample = malloc(filtered_row * (size_t)rows);
    if (!sample) return RF_STRATEGY_FULL;
    /* Rows from four bands spread over the piece, so that no one feature (a drawn box's edge
       across the middle) decides for all of it. */
    int bands = rows >= RF_SAMPLE_BANDS ? RF_SAMPLE_BANDS : 1;
    for (int r = 0; r < rows; r++) {
        int band = r * bands / rows, within = r - band * rows / bands;
        int start = first + (2 * band + 1) * count / (2 * bands) - rows / (2 * bands);
        if (start < first) start = first;
        int y = start + within;
        if (y >= first + count) y = first + count - 1;
        rf_png_sub_row(pixels + (size_t)y * stride, row_bytes, channels, sample + (size_t)r * filtered_row);
    }
    size_t size = filtered_row * (size_t)rows;
    size_t full = rf_deflated_size(sample, size, level, Z_DEFAULT_STRATEGY);
    uint32_t histogram[256];
    rf_byte_histogram(sample, size, histogram);
    size_t huffman = (size_t)((rf_huffman_block_bits(histogram) + 7) / 8);
    int strategy = RF_STRATEGY_FULL;
    if (full > 0 && huffman * 100 <= full * 101) {
        strategy = RF_STRATEGY_HUFFMAN;
    } else {
        size_t rle = rf_deflated_size(sample, size, level, Z_RLE);
        if (full > 0 && rle > 0 && rle * 100 <= full * 101) strategy = RF_STRATEGY_RLE;
    }
    free(sample);
    return strategy;
}

/* A piece in Huffman-only blocks of a few rows each, filtered into a buffer that stays in cache. */
static int rf_png_huffman_piece(const uint8_t *pixels, size_t stride, size_t row_bytes, int channels, int first,
                                int count, int last, uint8_t *out, size_t capacity, rf_png_piece *piece,
                                char message[RF_MESSAGE_MAX]) {
    size_t filtered_row = row_bytes + 1;
    int block_rows = (int)(RF_HUFFMAN_BLOCK / filtered_row);
    if (block_rows < 1) block_rows = 1;
    if (block_rows > count) block_rows = count;
    uint8_t *block = malloc(filtered_row * (size_t)block_rows);
    if (!block) {
        snprintf(message, RF_MESSAGE_MAX, "out of memory");
        return RF_OUT_OF_MEMORY;
    }
    rf_bit_writer w = {out, capacity, 0, 0, 0};
    uint32_t adler = adler32(0L, Z_NULL, 0);
    uint32_t histogram[256];
    for (int r = 0; r < count; r += block_rows) {
        int n = count - r < block_rows ? count - r : block_rows;
        for (int k = 0; k < n; k++)
            rf_png_sub_row(pixels + (size_t)(first + r + k) * stride, row_bytes, channels, block + (size_t)k * filtered_row);
        size_t size = filtered_row * (size_t)n;
        adler = adler32(adler, block, (uInt)size);
        rf_byte_histogram(block, size, histogram);
        if (rf_huffman_block(&w, block, size, histogram, last && r + n == count) != 0) {
            free(block);
            snprintf(message, RF_MESSAGE_MAX, "compressed piece larger than its room");
            return RF_CORRUPT;
        }
    }
    free(block);
    if (rf_huffman_sync(&w, last) != 0) {
        snprintf(message, RF_MESSAGE_MAX, "compressed piece larger than its room");
        return RF_CORRUPT;
    }
    piece->size = w.size;
    piece->adler = adler;
    piece->raw_size = filtered_row * (size_t)count;
    piece->crc = (uint32_t)crc32(0L, out, (uInt)piece->size);
    return RF_OK;
}

int rf_png_deflate_piece(const uint8_t *pixels, size_t stride, int width, int channels, int first,
                         int count, int level, int last, uint8_t *out, size_t capacity,
                         rf_png_piece *piece, char message[RF_MESSAGE_MAX]) {
    memset(piece, 0, sizeof *piece);
    size_t row_bytes = (size_t)width * (size_t)channels;
    size_t filtered_row = row_bytes + 1;
    int strategy = rf_png_strategy(pixels, stride, row_bytes, channels, first, count, level);
    piece->strategy = strategy;
    if (strategy == RF_STRATEGY_HUFFMAN)
        return rf_png_huffman_piece(pixels, stride, row_bytes, channels, first, count, last, out, capacity, piece, message);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, strategy == RF_STRATEGY_RLE ? Z_RLE : Z_DEFAULT_STRATEGY) != Z_OK) {
        snprintf(message, RF_MESSAGE_MAX, "zlib could not start");
        return RF_OUT_OF_MEMORY;
    }
    uint8_t *row = malloc(filtered_row);
    if (!row) {
        deflateEnd(&z);
        snprintf(message, RF_MESSAGE_MAX, "out of memory");
        return RF_OUT_OF_MEMORY;
    }
    /* The dictionary: the filtered tail (up to 32 KB) of the rows before this piece, as the
       single-threaded stream would have them in its window. */
    if (first > 0) {
        size_t want = 32768;
        int rows_back = (int)((want + filtered_row - 1) / filtered_row);
        if (rows_back > first) rows_back = first;
        uint8_t *dictionary = malloc(filtered_row * (size_t)rows_back);
        if (!dictionary) {
            free(row);
            deflateEnd(&z);
            snprintf(message, RF_MESSAGE_MAX, "out of memory");
            return RF_OUT_OF_MEMORY;
        }
        for (int r = 0; r < rows_back; r++)
            rf_png_sub_row(pixels + (size_t)(first - rows_back + r) * stride, row_bytes, channels,
                           dictionary + (size_t)r * filtered_row);
        size_t have = filtered_row * (size_t)rows_back;
        size_t use = have < want ? have : want;
        deflateSetDictionary(&z, dictionary + (have - use), (uInt)use);
        free(dictionary);
    }
    z.next_out = out;
    z.avail_out = capacity > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uInt)capacity;
    size_t given = z.avail_out;
    uint32_t adler = adler32(0L, Z_NULL, 0);
    for (int r = 0; r < count; r++) {
        rf_png_sub_row(pixels + (size_t)(first + r) * stride, row_bytes, channels, row);
        adler = adler32(adler, row, (uInt)filtered_row);
        z.next_in = row;
        z.avail_in = (uInt)filtered_row;
        int flush = r == count - 1 ? (last ? Z_FINISH : Z_SYNC_FLUSH) : Z_NO_FLUSH;
        int status = deflate(&z, flush);
        if (status == Z_STREAM_ERROR || z.avail_in != 0) {
            free(row);
            deflateEnd(&z);
            snprintf(message, RF_MESSAGE_MAX, "zlib failed to compress");
            return RF_CORRUPT;
        }
    }
    piece->size = given - z.avail_out;
    piece->adler = adler;
    piece->raw_size = filtered_row * (size_t)count;
    piece->crc = (uint32_t)crc32(0L, out, (uInt)piece->size);
    free(row);
    deflateEnd(&z);
    return RF_OK;
}

uint32_t rf_crc32(uint32_t crc, const uint8_t *bytes, size_t size) { return (uint32_t)crc32(crc, bytes, (uInt)size); }
uint32_t rf_crc32_combine(uint32_t first, uint32_t second, size_t second_size) {
    return (uint32_t)crc32_combine(first, second, (z_off_t)second_size);
}
uint32_t rf_adler32_combine(uint32_t first, uint32_t second, size_t second_size) {
    return (uint32_t)adler32_combine(first, second, (z_off_t)second_size);
}

size_t rf_png_piece_bound(int width, int channels, int count) {
    size_t raw = ((size_t)width * (size_t)channels + 1) * (size_t)count;
    /* deflateBound for level 1+ is about raw + raw/4096*5 + 13; be generous: stored blocks
       cost 5 bytes per 64 KB, the sync flush 5, and the rest of the bound's own margin. */
    return raw + raw / 1000 + 1024;
}

const char *rf_png_version(void) { return png_get_libpng_ver(NULL); }
const char *rf_zlib_version(void) { return zlibVersion(); }
