/// Signal handling that must be async-signal-safe, hence in C.
///
/// SIGINT/SIGTERM during a stream ask it to stop after the frames in flight (a second signal
/// ends the process at once); otherwise a signal removes the temporary output file, if any, and
/// ends the process with the usual 128 + signal status.
#ifndef RF_SYSTEM_H
#define RF_SYSTEM_H

/// Installs the handlers. `graceful`: a stream, which stops by itself when asked.
void rf_signals_install(int graceful);
/// The signal that asked to stop (0 if none).
int rf_signals_requested(void);
/// Blocks SIGINT and SIGTERM in the calling thread (worker threads), so that they reach the
/// main thread, whose blocking read they interrupt.
void rf_signals_block_here(void);
/// The temporary output file to remove if a signal ends the process (NULL: none).
void rf_signals_set_temporary(const char *path);

#endif
