#include "huffman_deflate.h"

#include <stdlib.h>
#include <string.h>

/* Literal/length symbols used: the 256 byte values and end-of-block (256). */
#define RF_LITERALS 257
/* Two distance codes of one bit each: none is ever used, but as zlib does, a complete code is
   sent so that every inflater accepts the block. */
#define RF_DISTANCES 2
#define RF_LENGTHS (RF_LITERALS + RF_DISTANCES)

typedef struct {
    uint32_t key; /* the frequency, then (in place) the code length */
    uint16_t symbol;
} rf_symbol;

static int rf_by_key(const void *a, const void *b) {
    const rf_symbol *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (int)x->symbol - (int)y->symbol;
}

/* Code lengths of a length-limited Huffman code for `count` symbols' frequencies: Moffat and
   Katajainen's in-place minimum-redundancy lengths, then lengths over `limit` folded back as
   miniz does (the code stays complete). At least two symbols always get a code. */
static void rf_code_lengths(const uint32_t *frequency, int count, int limit, uint8_t *lengths) {
    rf_symbol symbols[RF_LENGTHS];
    int used = 0;
    memset(lengths, 0, (size_t)count);
    for (int s = 0; s < count; s++)
        if (frequency[s] > 0) symbols[used++] = (rf_symbol){frequency[s], (uint16_t)s};
    /* A code of one symbol is not complete: give a second one a length too. */
    for (int s = 0; used < 2 && s < count; s++)
        if (frequency[s] == 0) symbols[used++] = (rf_symbol){1, (uint16_t)s};
    qsort(symbols, (size_t)used, sizeof symbols[0], rf_by_key);

    rf_symbol *a = symbols;
    int n = used;
    a[0].key += a[1].key;
    int root = 0, leaf = 2;
    for (int next = 1; next < n - 1; next++) {
        if (leaf >= n || a[root].key < a[leaf].key) {
            a[next].key = a[root].key;
            a[root++].key = (uint32_t)next;
        } else {
            a[next].key = a[leaf++].key;
        }
        if (leaf >= n || (root < next && a[root].key < a[leaf].key)) {
            a[next].key += a[root].key;
            a[root++].key = (uint32_t)next;
        } else {
            a[next].key += a[leaf++].key;
        }
    }
    a[n - 2].key = 0;
    for (int next = n - 3; next >= 0; next--) a[next].key = a[a[next].key].key + 1;
    int available = 1, taken = 0, depth = 0, next = n - 1;
    root = n - 2;
    while (available > 0) {
        while (root >= 0 && (int)a[root].key == depth) {
            taken++;
            root--;
        }
        while (available > taken) {
            a[next--].key = (uint32_t)depth;
            available--;
        }
        available = 2 * taken;
        depth++;
        taken = 0;
    }

    int per_length[RF_LENGTHS + 1] = {0};
    for (int i = 0; i < n; i++) per_length[a[i].key > (uint32_t)limit ? limit : a[i].key]++;
    uint32_t total = 0;
    for (int l = limit; l > 0; l--) total += (uint32_t)per_length[l] << (limit - l);
    while (total != (1u << limit)) {
        per_length[limit]--;
        for (int l = limit - 1; l > 0; l--)
            if (per_length[l]) {
                per_length[l]--;
                per_length[l + 1] += 2;
                break;
            }
        total--;
    }
    /* The most frequent symbols (at the end of the sorted array) get the shortest codes. */
    int j = n;
    for (int l = 1; l <= limit; l++)
        for (int k = per_length[l]; k > 0; k--) lengths[symbols[--j].symbol] = (uint8_t)l;
}

/* Canonical codes (RFC 1951, 3.2.2) for `lengths`, bit-reversed for writing LSB first. */
static void rf_codes(const uint8_t *lengths, int count, uint16_t *codes) {
    int per_length[16] = {0};
    uint16_t next[16] = {0};
    for (int s = 0; s < count; s++) per_length[lengths[s]]++;
    per_length[0] = 0;
    uint16_t code = 0;
    for (int l = 1; l < 16; l++) {
        code = (uint16_t)((code + per_length[l - 1]) << 1);
        next[l] = code;
    }
    for (int s = 0; s < count; s++) {
        int l = lengths[s];
        codes[s] = 0;
        if (!l) continue;
        uint16_t c = next[l]++, reversed = 0;
        for (int b = 0; b < l; b++) reversed = (uint16_t)(reversed << 1 | ((c >> b) & 1));
        codes[s] = reversed;
    }
}

/* The order in which the code-length code's lengths are sent. */
static const uint8_t rf_length_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

/* Everything about one dynamic block but its data. */
typedef struct {
    uint8_t lengths[RF_LENGTHS]; /* literal/length code, then the two distance codes */
    uint16_t codes[RF_LITERALS];
    uint8_t length_lengths[19];
    uint16_t length_codes[19];
    int sent_length_lengths; /* HCLEN + 4 */
    uint64_t bits;           /* the whole block, header included */
} rf_block_plan;

static void rf_plan(const uint32_t histogram[256], rf_block_plan *plan) {
    uint32_t frequency[RF_LITERALS];
    memcpy(frequency, histogram, 256 * sizeof frequency[0]);
    frequency[256] = 1;
    rf_code_lengths(frequency, RF_LITERALS, 15, plan->lengths);
    plan->lengths[RF_LITERALS] = plan->lengths[RF_LITERALS + 1] = 1;
    rf_codes(plan->lengths, RF_LITERALS, plan->codes);

    /* The code lengths themselves, each sent as a symbol 0-15 of the code-length code. */
    uint32_t length_frequency[19] = {0};
    for (int s = 0; s < RF_LENGTHS; s++) length_frequency[plan->lengths[s]]++;
    rf_code_lengths(length_frequency, 19, 7, plan->length_lengths);
    rf_codes(plan->length_lengths, 19, plan->length_codes);
    int sent = 19;
    while (sent > 4 && plan->length_lengths[rf_length_order[sent - 1]] == 0) sent--;
    plan->sent_length_lengths = sent;

    uint64_t bits = 3 + 5 + 5 + 4 + 3 * (uint64_t)sent;
    for (int s = 0; s < RF_LENGTHS; s++) bits += plan->length_lengths[plan->lengths[s]];
    for (int s = 0; s < 256; s++) bits += (uint64_t)histogram[s] * plan->lengths[s];
    plan->bits = bits + plan->lengths[256];
}

uint64_t rf_huffman_block_bits(const uint32_t histogram[256]) {
    rf_block_plan plan;
    rf_plan(histogram, &plan);
    return plan.bits;
}

void rf_byte_histogram(const uint8_t *data, size_t size, uint32_t histogram[256]) {
    /* Four tables, so that runs of one value do not wait on the same counter. */
    uint32_t counts[4][256];
    memset(counts, 0, sizeof counts);
    size_t i = 0;
    for (; i + 4 <= size; i += 4) {
        counts[0][data[i]]++;
        counts[1][data[i + 1]]++;
        counts[2][data[i + 2]]++;
        counts[3][data[i + 3]]++;
    }
    for (; i < size; i++) counts[0][data[i]]++;
    for (int v = 0; v < 256; v++) histogram[v] = counts[0][v] + counts[1][v] + counts[2][v] + counts[3][v];
}

static inline void rf_put(rf_bit_writer *w, uint64_t value, unsigned count) {
    w->bits |= value << w->count;
    w->count += count;
    while (w->count >= 8) {
        w->out[w->size++] = (uint8_t)w->bits;
        w->bits >>= 8;
        w->count -= 8;
    }
}

/* Pads to a byte boundary (every whole byte is out after rf_put). */
static inline void rf_align(rf_bit_writer *w) {
    if (w->count) rf_put(w, 0, 8 - w->count);
}

/* Stored blocks hold at most 65,535 bytes each: 3 header bits, up to 7 of padding, LEN, NLEN. */
static uint64_t rf_stored_bits(size_t size) { return (uint64_t)size * 8 + ((size + 65534) / 65535 + (size == 0)) * 42; }

static int rf_stored(rf_bit_writer *w, const uint8_t *data, size_t size, int final) {
    do {
        size_t n = size > 65535 ? 65535 : size;
        if (w->size + n + 8 > w->capacity) return -1;
        rf_put(w, (final && n == size) ? 1 : 0, 3);
        rf_align(w);
        rf_put(w, n | (uint64_t)(~n & 0xFFFF) << 16, 32);
        memcpy(w->out + w->size, data, n);
        w->size += n;
        data += n;
        size -= n;
    } while (size > 0);
    return 0;
}

int rf_huffman_block(rf_bit_writer *w, const uint8_t *data, size_t size, const uint32_t histogram[256], int final) {
    rf_block_plan plan;
    rf_plan(histogram, &plan);
    if (plan.bits >= rf_stored_bits(size)) return rf_stored(w, data, size, final);
    if (w->size + plan.bits / 8 + 16 > w->capacity) return -1;

    rf_put(w, (final ? 1 : 0) | 2 << 1, 3);
    rf_put(w, RF_LITERALS - 257, 5);
    rf_put(w, RF_DISTANCES - 1, 5);
    rf_put(w, (uint64_t)plan.sent_length_lengths - 4, 4);
    for (int i = 0; i < plan.sent_length_lengths; i++) rf_put(w, plan.length_lengths[rf_length_order[i]], 3);
    for (int s = 0; s < RF_LENGTHS; s++) {
        int l = plan.lengths[s];
        rf_put(w, plan.length_codes[l], plan.length_lengths[l]);
    }

    /* The data: two literals (at most 30 bits) between flushes of 32 bits. */
    uint32_t entry[256];
    for (int v = 0; v < 256; v++) entry[v] = plan.codes[v] | (uint32_t)plan.lengths[v] << 16;
    uint64_t bits = w->bits;
    unsigned count = w->count;
    uint8_t *out = w->out + w->size;
    const uint8_t *p = data, *end = data + size;
    while (end - p >= 2) {
        uint32_t a = entry[p[0]], b = entry[p[1]];
        bits |= (uint64_t)(a & 0xFFFF) << count;
        count += a >> 16;
        bits |= (uint64_t)(b & 0xFFFF) << count;
        count += b >> 16;
        p += 2;
        if (count >= 32) {
            out[0] = (uint8_t)bits;
            out[1] = (uint8_t)(bits >> 8);
            out[2] = (uint8_t)(bits >> 16);
            out[3] = (uint8_t)(bits >> 24);
            out += 4;
            bits >>= 32;
            count -= 32;
        }
    }
    w->size = (size_t)(out - w->out);
    w->bits = bits;
    w->count = count;
    if (p < end) rf_put(w, plan.codes[*p], plan.lengths[*p]);
    rf_put(w, plan.codes[256], plan.lengths[256]);
    return 0;
}

int rf_huffman_sync(rf_bit_writer *w, int final) {
    if (w->size + 8 > w->capacity) return -1;
    if (!final) {
        rf_put(w, 0, 3);
        rf_align(w);
        rf_put(w, 0xFFFF0000u, 32);
    } else {
        rf_align(w);
    }
    return 0;
}
