/* Huffman-only raw deflate (RFC 1951): literals only, no match search — what zlib's
   Z_HUFFMAN_ONLY writes, several times faster. On SUB-filtered photo grain, where a match
   search finds almost nothing, it is as small as zlib level 1. Internal to CImaging. */
#ifndef RF_HUFFMAN_DEFLATE_H
#define RF_HUFFMAN_DEFLATE_H

#include <stddef.h>
#include <stdint.h>

/* Bits written least significant first, as deflate packs them. */
typedef struct {
    uint8_t *out;
    size_t capacity, size;
    uint64_t bits;
    unsigned count;
} rf_bit_writer;

/* The bits `data` takes as one dynamic block with a code made for `histogram` (its byte counts),
   the block header included. */
uint64_t rf_huffman_block_bits(const uint32_t histogram[256]);

/* Counts each byte value of `data` into `histogram` (zeroed first). */
void rf_byte_histogram(const uint8_t *data, size_t size, uint32_t histogram[256]);

/* Writes `data` as one block — dynamic Huffman, or stored when that is smaller — `final` marking
   the stream's last. Returns 0, or -1 when `out` has no room. */
int rf_huffman_block(rf_bit_writer *w, const uint8_t *data, size_t size, const uint32_t histogram[256], int final);

/* Ends a piece on a byte boundary that the next piece continues from: an empty stored block
   (zlib's Z_SYNC_FLUSH); after a final block, only the padding to the byte. */
int rf_huffman_sync(rf_bit_writer *w, int final);

#endif
