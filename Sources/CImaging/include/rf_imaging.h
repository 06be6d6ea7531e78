/// C shims over libjpeg-turbo and libpng.
///
/// Both libraries report errors by longjmp-ing out of the failing call. That must never cross
/// Swift frames, so every entry point here sets its own setjmp landing pad and turns a failure
/// into a return code plus a message in the caller's buffer. Nothing here prints or exits.
#ifndef RF_IMAGING_H
#define RF_IMAGING_H

#include <stddef.h>
#include <stdint.h>

#define RF_MESSAGE_MAX 256

/// Result codes of every shim call.
enum {
    RF_OK = 0,
    RF_CORRUPT = 1,     ///< the data is not valid (message says why)
    RF_TRUNCATED = 2,   ///< the data ends before the image does
    RF_UNSUPPORTED = 3, ///< valid, but a variant this build cannot decode
    RF_OUT_OF_MEMORY = 4,
    RF_WRITE_FAILED = 5
};

/// Receives encoded bytes as they are produced. Returns 0 on success, non-zero to abort.
typedef int (*rf_write_fn)(void *context, const uint8_t *bytes, size_t count);

/* ---------------------------------------------------------------- JPEG */

typedef struct rf_jpeg_decoder rf_jpeg_decoder;

typedef struct {
    int width, height;       ///< stored size, before any scaling or orientation
    int components;          ///< 1 (gray), 3 (YCbCr/RGB), 4 (CMYK/YCCK)
    int progressive;         ///< 1 for SOF2
    int arithmetic;          ///< 1 for arithmetic-coded
    int adobe;               ///< 1 when an Adobe APP14 marker was seen (inverted CMYK)
} rf_jpeg_info;

/// Reads the headers. On failure returns NULL with `*code` and `message` set.
rf_jpeg_decoder *rf_jpeg_open(const uint8_t *data, size_t size, rf_jpeg_info *info, int *code,
                              char message[RF_MESSAGE_MAX]);
/// Chooses DCT scaling `scale_num`/8 (1…8) and reports the size that will be produced.
int rf_jpeg_start(rf_jpeg_decoder *d, int scale_num, int *out_width, int *out_height,
                  char message[RF_MESSAGE_MAX]);
/// Decodes every row as 8-bit RGB straight into `pixels` (rows `stride` bytes apart).
int rf_jpeg_read(rf_jpeg_decoder *d, uint8_t *pixels, size_t stride, char message[RF_MESSAGE_MAX]);
/// Instead of rf_jpeg_read: the picture area-averaged down to `width`×`height` RGB as it is
/// decoded, a few rows at a time — the full-size picture never exists in memory.
int rf_jpeg_read_shrunk(rf_jpeg_decoder *d, uint8_t *out, size_t out_stride, int width, int height,
                        char message[RF_MESSAGE_MAX]);
void rf_jpeg_close(rf_jpeg_decoder *d);

/// Encodes `height` rows (each `width` pixels of `channels` bytes: 1 gray, 3 RGB, 4 RGBX with
/// the fourth byte ignored) at `quality` (1…100), baseline, to `write`; chroma at full
/// resolution (4:4:4) when `full_chroma`, else 4:2:0.
int rf_jpeg_encode(const uint8_t *const *rows, int width, int height, int channels, int quality,
                   int full_chroma, rf_write_fn write, void *context, char message[RF_MESSAGE_MAX]);

/* ----------------------------------------------------------------- PNG */

typedef struct rf_png_decoder rf_png_decoder;

typedef struct {
    int width, height;
    int bit_depth, color_type, interlaced;
    int channels;            ///< of the decoded output: 3 (RGB) or 4 (RGBA)
} rf_png_info;

/// Reads the headers and sets up expansion to 8-bit RGB or RGBA (palette, gray, low bit depths,
/// tRNS and 16-bit all normalised; 16-bit is scaled with rounding, not truncated).
rf_png_decoder *rf_png_open(const uint8_t *data, size_t size, rf_png_info *info, int *code,
                            char message[RF_MESSAGE_MAX]);
/// Decodes the whole image (Adam7 included) into `pixels`, then checks everything up to IEND.
int rf_png_read(rf_png_decoder *d, uint8_t *pixels, size_t stride, char message[RF_MESSAGE_MAX]);
void rf_png_close(rf_png_decoder *d);

/// Encodes rows of `channels` (3 RGB, 4 RGBA) at zlib `level` (0…9) with the PNG row filter
/// set `filters` (a PNG_FILTER_* mask; 0 lets libpng choose).
int rf_png_encode(const uint8_t *const *rows, int width, int height, int channels, int level,
                  int filters, rf_write_fn write, void *context, char message[RF_MESSAGE_MAX]);

/// One piece of a PNG's image data compressed on its own, for an encoder that spreads a
/// picture over several threads and stitches the pieces into one zlib stream (as pigz does):
/// rows `first` to `first + count` of `pixels`, SUB-filtered, raw-deflated at `level` with the
/// previous rows' last 32 KB as the dictionary (so the stitched stream compresses as one), ending
/// on a byte boundary (sync flush) or, when `last`, with the final block. The strategy is
/// chosen per piece on a sample: literals only (Huffman-coded by our own encoder) or run-length
/// matches only where that loses nothing (grain), else zlib's full search.
enum {
    RF_STRATEGY_FULL = 0,    ///< zlib, the level's full match search
    RF_STRATEGY_RLE = 1,     ///< zlib, run-length matches only
    RF_STRATEGY_HUFFMAN = 2, ///< no matches: literals in dynamic Huffman blocks (no dictionary needed)
};
typedef struct {
    size_t size;             ///< compressed bytes written
    uint32_t adler;          ///< Adler-32 of the piece's filtered bytes
    size_t raw_size;         ///< how many filtered bytes
    uint32_t crc;            ///< CRC-32 of the compressed bytes
    int strategy;            ///< the RF_STRATEGY_* chosen
} rf_png_piece;

int rf_png_deflate_piece(const uint8_t *pixels, size_t stride, int width, int channels, int first,
                         int count, int level, int last, uint8_t *out, size_t capacity,
                         rf_png_piece *piece, char message[RF_MESSAGE_MAX]);
/// The most bytes a piece of `count` rows can compress to (room for `out`).
size_t rf_png_piece_bound(int width, int channels, int count);
/// Area-averaging downscale of a `channels`-byte-per-pixel picture to `width`×`height`: each
/// output pixel the exact mean of the source area it covers. Writes output rows `first_row` to
/// `first_row + rows` only, so that bands of one picture can go to several threads.
int rf_area_downscale(const uint8_t *source, size_t source_stride, int source_width, int source_height, int channels,
                      uint8_t *out, size_t out_stride, int width, int height, int first_row, int rows);
/// zlib's checksums, for stitching: CRC-32 and Adler-32 of bytes, and their combinations.
uint32_t rf_crc32(uint32_t crc, const uint8_t *bytes, size_t size);
uint32_t rf_crc32_combine(uint32_t first, uint32_t second, size_t second_size);
uint32_t rf_adler32_combine(uint32_t first, uint32_t second, size_t second_size);

/// The versions of the imaging libraries: libjpeg-turbo's (of the headers built against: it has
/// no run-time query), libpng's and zlib's as loaded.
const char *rf_jpeg_version(void);
const char *rf_png_version(void);
const char *rf_zlib_version(void);

#endif
