/// The few things that must be written in C: async-signal-safe signal handling, the vector
/// base64 encoder (intrinsics), and malloc's settings.
///
/// SIGINT/SIGTERM during a stream ask it to stop after the frames in flight (a second signal
/// ends the process at once); otherwise a signal removes the temporary output file, if any, and
/// ends the process with the usual 128 + signal status.
#ifndef RF_SYSTEM_H
#define RF_SYSTEM_H

#include <stddef.h>
#include <stdint.h>

/// Base64-encodes as much of `in` as the CPU's vector unit can (a multiple of 24 bytes,
/// leaving fewer than 28), writing 4/3 as many characters at `out`; returns the bytes consumed
/// (0 without AVX2). The caller encodes the rest.
size_t rf_base64_bulk(const uint8_t *in, size_t len, uint8_t *out);

/// Has malloc keep freed memory for the next blocks instead of unmapping it: blocks up to
/// `largest` bytes (at most 32 MiB) are taken from the heap, and the heap is not trimmed below
/// 1 GiB. 1 if glibc took both settings.
int rf_malloc_keep_freed(size_t largest);

/// Installs the handlers. `graceful`: a stream, which stops by itself when asked.
void rf_signals_install(int graceful);
/// The signal that asked to stop (0 if none).
int rf_signals_requested(void);
/// Blocks SIGINT and SIGTERM in the calling thread (worker threads), so that they reach the
/// main thread, whose blocking read they interrupt.
void rf_signals_block_here(void);
/// Children that a signal ending the process at once sends SIGTERM first (async-signal-safe).
void rf_children_add(int pid);
void rf_children_remove(int pid);
/// Lowers the calling thread's scheduling priority by `steps` nice levels (Linux: the thread's
/// own, not the process's). Unprivileged threads cannot raise it back.
void rf_thread_lower_priority(int steps);
/// The calling thread's nice value.
int rf_thread_priority(void);
/// The temporary output file to remove if a signal ends the process (NULL: none).
void rf_signals_set_temporary(const char *path);

/// `rekfilter model run`: SIGINT, SIGTERM and SIGHUP are counted (never fatal) and, when a
/// process sent them with kill(2), passed on to the command running (`rf_forward_set_child`).
/// A terminal's signals are not passed on: they reach the command itself, which shares our
/// process group.
void rf_forward_install(void);
/// The command's process (0: none yet, or gone).
void rf_forward_set_child(int pid);
/// The last signal received (0 if none), and how many have come.
int rf_forward_signal(void);
int rf_forward_count(void);
/// Blocks (1) or unblocks (0) the forwarded signals in the calling thread: around the spawn,
/// so that a signal arriving meanwhile is passed on once the command's pid is known.
void rf_forward_block(int block);

#endif
