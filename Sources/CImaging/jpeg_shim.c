#include "rf_imaging.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

#include "resample.h"

/// libjpeg error manager that longjmps back into this file instead of calling exit().
typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    int code;
    char message[JMSG_LENGTH_MAX];
} rf_jpeg_error;

static void rf_jpeg_error_exit(j_common_ptr cinfo) {
    rf_jpeg_error *e = (rf_jpeg_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, e->message);
    switch (cinfo->err->msg_code) {
    case JERR_BAD_PRECISION: case JERR_NOT_COMPILED: case JERR_ARITH_NOTIMPL:
    case JERR_CONVERSION_NOTIMPL: case JERR_NOTIMPL:
        e->code = RF_UNSUPPORTED; break;
    case JERR_INPUT_EMPTY: case JERR_INPUT_EOF:
        e->code = RF_TRUNCATED; break;
    case JERR_OUT_OF_MEMORY:
        e->code = RF_OUT_OF_MEMORY; break;
    default:
        /* SOF types libjpeg-turbo 2.x cannot decode (lossless, hierarchical) are unsupported. */
        e->code = (strstr(e->message, "Unsupported JPEG process") != NULL) ? RF_UNSUPPORTED : RF_CORRUPT;
    }
    longjmp(e->jump, 1);
}

/// Warnings: libjpeg "recovers" from a truncated file by inventing an EOI and grey pixels.
/// We refuse that (never half-draw). Harmless oddities that real encoders produce are allowed:
/// junk before a marker, a scan that ends early at a marker, an odd progression, bad ICC/Adobe.
static void rf_jpeg_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return; /* trace messages */
    rf_jpeg_error *e = (rf_jpeg_error *)cinfo->err;
    switch (cinfo->err->msg_code) {
    case JWRN_EXTRANEOUS_DATA: case JWRN_HIT_MARKER: case JWRN_BOGUS_PROGRESSION:
    case JWRN_BOGUS_ICC: case JWRN_ADOBE_XFORM: case JWRN_JFIF_MAJOR:
        cinfo->err->num_warnings++;
        return;
    case JWRN_JPEG_EOF:
        (*cinfo->err->format_message)(cinfo, e->message);
        e->code = RF_TRUNCATED;
        longjmp(e->jump, 1);
    default:
        (*cinfo->err->format_message)(cinfo, e->message);
        e->code = RF_CORRUPT;
        longjmp(e->jump, 1);
    }
}

static void rf_jpeg_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void rf_jpeg_install_errors(rf_jpeg_error *e) {
    jpeg_std_error(&e->pub);
    e->pub.error_exit = rf_jpeg_error_exit;
    e->pub.emit_message = rf_jpeg_emit_message;
    e->pub.output_message = rf_jpeg_output_message;
    e->code = RF_OK;
    e->message[0] = 0;
}

static void rf_copy_message(char *out, const char *text) {
    snprintf(out, RF_MESSAGE_MAX, "%s", text);
}

struct rf_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    rf_jpeg_error err;
    int started;
};

rf_jpeg_decoder *rf_jpeg_open(const uint8_t *data, size_t size, rf_jpeg_info *info, int *code,
                              char message[RF_MESSAGE_MAX]) {
    rf_jpeg_decoder *d = calloc(1, sizeof *d);
    if (!d) { *code = RF_OUT_OF_MEMORY; rf_copy_message(message, "out of memory"); return NULL; }
    d->cinfo.err = (struct jpeg_error_mgr *)&d->err;
    rf_jpeg_install_errors(&d->err);
    if (setjmp(d->err.jump)) {
        *code = d->err.code;
        rf_copy_message(message, d->err.message);
        jpeg_destroy_decompress(&d->cinfo);
        free(d);
        return NULL;
    }
    jpeg_create_decompress(&d->cinfo);
    /* Keep memory bounded: refuse to let libjpeg allocate more than this for its own buffers
       (our caller has already checked the declared size). */
    d->cinfo.mem->max_memory_to_use = 512L * 1024 * 1024;
    jpeg_mem_src(&d->cinfo, data, (unsigned long)size);
    jpeg_read_header(&d->cinfo, TRUE);
    info->width = (int)d->cinfo.image_width;
    info->height = (int)d->cinfo.image_height;
    info->components = d->cinfo.num_components;
    info->progressive = d->cinfo.progressive_mode ? 1 : 0;
    info->arithmetic = d->cinfo.arith_code ? 1 : 0;
    info->adobe = d->cinfo.saw_Adobe_marker ? 1 : 0;
    *code = RF_OK;
    return d;
}

int rf_jpeg_start(rf_jpeg_decoder *d, int scale_num, int *out_width, int *out_height,
                  char message[RF_MESSAGE_MAX]) {
    if (setjmp(d->err.jump)) { rf_copy_message(message, d->err.message); return d->err.code; }
    struct jpeg_decompress_struct *c = &d->cinfo;
    c->scale_num = (unsigned)(scale_num < 1 ? 1 : scale_num > 8 ? 8 : scale_num);
    c->scale_denom = 8;
    c->dct_method = JDCT_ISLOW;
    switch (c->jpeg_color_space) {
    case JCS_CMYK: case JCS_YCCK: c->out_color_space = JCS_CMYK; break;
    default: c->out_color_space = JCS_EXT_RGB; break; /* gray is expanded to RGB by libjpeg-turbo */
    }
    jpeg_start_decompress(c);
    d->started = 1;
    *out_width = (int)c->output_width;
    *out_height = (int)c->output_height;
    return RF_OK;
}

/// CMYK → RGB. Adobe (Photoshop) files store inverted CMYK, which libjpeg passes through as is.
static void rf_cmyk_row_to_rgb(const uint8_t *in, uint8_t *out, JDIMENSION width, int adobe) {
    for (JDIMENSION x = 0; x < width; x++, in += 4, out += 3) {
        unsigned c = in[0], m = in[1], y = in[2], k = in[3];
        if (!adobe) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        out[0] = (uint8_t)((c * k + 127) / 255);
        out[1] = (uint8_t)((m * k + 127) / 255);
        out[2] = (uint8_t)((y * k + 127) / 255);
    }
}

int rf_jpeg_read(rf_jpeg_decoder *d, uint8_t *pixels, size_t stride, char message[RF_MESSAGE_MAX]) {
    struct jpeg_decompress_struct *c = &d->cinfo;
    uint8_t *volatile cmyk = NULL;
    if (setjmp(d->err.jump)) {
        free(cmyk);
        rf_copy_message(message, d->err.message);
        return d->err.code;
    }
    if (c->out_color_space == JCS_CMYK) {
        cmyk = malloc((size_t)c->output_width * 4);
        if (!cmyk) { rf_copy_message(message, "out of memory"); return RF_OUT_OF_MEMORY; }
        while (c->output_scanline < c->output_height) {
            JSAMPROW row = cmyk;
            uint8_t *out = pixels + (size_t)c->output_scanline * stride;
            jpeg_read_scanlines(c, &row, 1);
            rf_cmyk_row_to_rgb(cmyk, out, c->output_width, c->saw_Adobe_marker);
        }
        free(cmyk);
        cmyk = NULL;
    } else {
        JSAMPROW rows[16];
        while (c->output_scanline < c->output_height) {
            JDIMENSION left = c->output_height - c->output_scanline;
            JDIMENSION n = left < 16 ? left : 16;
            for (JDIMENSION i = 0; i < n; i++) rows[i] = pixels + (size_t)(c->output_scanline + i) * stride;
            jpeg_read_scanlines(c, rows, n);
        }
    }
    jpeg_finish_decompress(c);
    return RF_OK;
}

void rf_jpeg_close(rf_jpeg_decoder *d) {
    if (!d) return;
    jpeg_destroy_decompress(&d->cinfo);
    free(d);
}

/* ------------------------------------------------------------ encoding */

#define RF_JPEG_CHUNK 65536

typedef struct {
    struct jpeg_destination_mgr pub;
    rf_write_fn write;
    void *context;
    JOCTET buffer[RF_JPEG_CHUNK];
} rf_jpeg_destination;

static void rf_dest_init(j_compress_ptr c) {
    rf_jpeg_destination *d = (rf_jpeg_destination *)c->dest;
    d->pub.next_output_byte = d->buffer;
    d->pub.free_in_buffer = RF_JPEG_CHUNK;
}

static boolean rf_dest_empty(j_compress_ptr c) {
    rf_jpeg_destination *d = (rf_jpeg_destination *)c->dest;
    if (d->write(d->context, d->buffer, RF_JPEG_CHUNK) != 0) ERREXIT(c, JERR_FILE_WRITE);
    d->pub.next_output_byte = d->buffer;
    d->pub.free_in_buffer = RF_JPEG_CHUNK;
    return TRUE;
}

static void rf_dest_term(j_compress_ptr c) {
    rf_jpeg_destination *d = (rf_jpeg_destination *)c->dest;
    size_t n = RF_JPEG_CHUNK - d->pub.free_in_buffer;
    if (n > 0 && d->write(d->context, d->buffer, n) != 0) ERREXIT(c, JERR_FILE_WRITE);
}

int rf_jpeg_encode(const uint8_t *const *rows, int width, int height, int channels, int quality,
                   int full_chroma, rf_write_fn write, void *context, char message[RF_MESSAGE_MAX]) {
    struct jpeg_compress_struct c;
    rf_jpeg_error err;
    rf_jpeg_destination *volatile dest = NULL;
    memset(&c, 0, sizeof c);
    c.err = (struct jpeg_error_mgr *)&err;
    rf_jpeg_install_errors(&err);
    if (setjmp(err.jump)) {
        int code = c.err->msg_code == JERR_FILE_WRITE ? RF_WRITE_FAILED : err.code;
        rf_copy_message(message, err.message);
        jpeg_destroy_compress(&c);
        free(dest);
        return code;
    }
    jpeg_create_compress(&c);
    dest = malloc(sizeof *dest);
    if (!dest) ERREXIT1(&c, JERR_OUT_OF_MEMORY, 0);
    dest->pub.init_destination = rf_dest_init;
    dest->pub.empty_output_buffer = rf_dest_empty;
    dest->pub.term_destination = rf_dest_term;
    dest->write = write;
    dest->context = context;
    c.dest = &dest->pub;
    c.image_width = (JDIMENSION)width;
    c.image_height = (JDIMENSION)height;
    c.input_components = channels;
    c.in_color_space = channels == 1 ? JCS_GRAYSCALE : channels == 4 ? JCS_EXT_RGBX : JCS_EXT_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality < 1 ? 1 : quality > 100 ? 100 : quality, TRUE);
    c.dct_method = JDCT_ISLOW;
    if (full_chroma && c.num_components == 3) {
        c.comp_info[0].h_samp_factor = 1;
        c.comp_info[0].v_samp_factor = 1;
    }
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JDIMENSION left = c.image_height - c.next_scanline;
        JDIMENSION n = left < 16 ? left : 16;
        jpeg_write_scanlines(&c, (JSAMPARRAY)(rows + c.next_scanline), n);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(dest);
    return RF_OK;
}

#define RF_STRINGIFY2(x) #x
#define RF_STRINGIFY(x) RF_STRINGIFY2(x)
const char *rf_jpeg_version(void) {
#ifdef LIBJPEG_TURBO_VERSION
    return RF_STRINGIFY(LIBJPEG_TURBO_VERSION);
#else
    return "unknown";
#endif
}

/* A picture shrunk as it decodes, on two threads: a decoder thread reads rows from libjpeg into
   a ring, the calling thread shrinks them as they come (rf_area_rows). Neither waits on the
   other for long: the ring holds RF_RING_ROWS rows. */
#define RF_RING_ROWS 128

typedef struct {
    rf_jpeg_decoder *d;
    uint8_t *ring, *cmyk;
    size_t stride;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int decoded;  /* rows in the ring so far (counted from the first) */
    int released; /* rows the shrinker is done with: their slots may be written again */
    int failed;   /* libjpeg stopped with an error (its code), or the data ended early */
    char message[RF_MESSAGE_MAX];
} rf_jpeg_ring;

static void *rf_jpeg_ring_decode(void *context) {
    rf_jpeg_ring *r = context;
    struct jpeg_decompress_struct *c = &r->d->cinfo;
    if (setjmp(r->d->err.jump)) {
        pthread_mutex_lock(&r->lock);
        r->failed = r->d->err.code ? r->d->err.code : RF_CORRUPT;
        rf_copy_message(r->message, r->d->err.message);
        pthread_cond_broadcast(&r->changed);
        pthread_mutex_unlock(&r->lock);
        return NULL;
    }
    int height = (int)c->output_height;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        while (r->decoded - r->released > RF_RING_ROWS - 16) pthread_cond_wait(&r->changed, &r->lock);
        int first = r->decoded;
        pthread_mutex_unlock(&r->lock);
        if (first >= height) break;
        /* Batches of 16 from a multiple of 16: never across the ring's end. */
        int n = height - first < 16 ? height - first : 16, got = 0;
        for (; got < n; got++) {
            uint8_t *out = r->ring + (size_t)((first + got) % RF_RING_ROWS) * r->stride;
            JSAMPROW row = r->cmyk ? r->cmyk : out;
            if (jpeg_read_scanlines(c, &row, 1) != 1) break;
            if (r->cmyk) rf_cmyk_row_to_rgb(r->cmyk, out, c->output_width, c->saw_Adobe_marker);
        }
        pthread_mutex_lock(&r->lock);
        r->decoded += got;
        if (got < n) {
            r->failed = RF_TRUNCATED;
            rf_copy_message(r->message, "the data ends before the last row");
        }
        pthread_cond_broadcast(&r->changed);
        pthread_mutex_unlock(&r->lock);
        if (got < n) return NULL;
    }
    return NULL;
}

static const uint8_t *rf_jpeg_ring_row(void *context, int y) {
    static const uint8_t blank[1 << 16];
    rf_jpeg_ring *r = context;
    pthread_mutex_lock(&r->lock);
    /* Asking for row y: every row before it is shrunk already (rows come in order, once). */
    if (y > r->released) {
        r->released = y;
        pthread_cond_broadcast(&r->changed);
    }
    while (r->decoded <= y && !r->failed) pthread_cond_wait(&r->changed, &r->lock);
    int ready = r->decoded > y;
    pthread_mutex_unlock(&r->lock);
    if (ready) return r->ring + (size_t)(y % RF_RING_ROWS) * r->stride;
    /* Failed: the shrinker runs on through rows of nothing, and the failure is reported. */
    return r->stride <= sizeof blank ? blank : r->ring;
}

int rf_jpeg_read_shrunk(rf_jpeg_decoder *d, uint8_t *out, size_t out_stride, int width, int height,
                        char message[RF_MESSAGE_MAX]) {
    struct jpeg_decompress_struct *c = &d->cinfo;
    rf_area_plan plan;
    if (rf_area_plan_init(&plan, (int)c->output_width, (int)c->output_height, 3, width, height) != RF_OK) {
        rf_copy_message(message, "out of memory");
        return RF_OUT_OF_MEMORY;
    }
    rf_jpeg_ring r;
    memset(&r, 0, sizeof r);
    r.d = d;
    r.stride = (size_t)c->output_width * 3;
    r.ring = calloc(RF_RING_ROWS, r.stride);
    if (c->out_color_space == JCS_CMYK) r.cmyk = malloc((size_t)c->output_width * 4);
    pthread_t decoder;
    int status = RF_OUT_OF_MEMORY;
    if (!r.ring || (c->out_color_space == JCS_CMYK && !r.cmyk)) goto done;
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.changed, NULL);
    if (pthread_create(&decoder, NULL, rf_jpeg_ring_decode, &r) != 0) {
        /* No thread to be had: out of resources, said as out of memory. */
        pthread_mutex_destroy(&r.lock);
        pthread_cond_destroy(&r.changed);
        goto done;
    }
    rf_area_rows(&plan, rf_jpeg_ring_row, &r, out, out_stride, 0, height);
    pthread_mutex_lock(&r.lock);
    r.released = (int)c->output_height; /* nothing more is needed: let the decoder finish */
    pthread_cond_broadcast(&r.changed);
    pthread_mutex_unlock(&r.lock);
    pthread_join(decoder, NULL);
    pthread_mutex_destroy(&r.lock);
    pthread_cond_destroy(&r.changed);
    if (r.failed) {
        rf_copy_message(message, r.message);
        status = r.failed;
        goto done;
    }
    if (setjmp(d->err.jump)) {
        rf_copy_message(message, d->err.message);
        status = d->err.code;
        goto done;
    }
    jpeg_finish_decompress(c);
    status = RF_OK;
done:
    if (status == RF_OUT_OF_MEMORY && !r.failed) rf_copy_message(message, "out of memory");
    free(r.ring);
    free(r.cmyk);
    rf_area_plan_free(&plan);
    return status;
}
