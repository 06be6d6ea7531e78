#include "rf_system.h"

#include <malloc.h>

int rf_malloc_keep_freed(size_t largest) {
    /* Blocks up to `largest` come from the heap rather than mmap (32 MiB is glibc's ceiling for
       it on 64-bit), and freed memory is given back to the system only past 1 GiB at the top. */
    return mallopt(M_MMAP_THRESHOLD, (int)largest) == 1 && mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
}
