#include "rf_system.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>

static volatile sig_atomic_t requested = 0;
static volatile sig_atomic_t graceful_mode = 0;
static char temporary[PATH_MAX + 1];
static volatile sig_atomic_t have_temporary = 0;

static void on_signal(int sig) {
    if (graceful_mode && !requested) {
        requested = sig;          /* the stream finishes what is in flight and stops */
        return;
    }
    if (have_temporary) unlink(temporary);
    _exit(128 + sig);
}

void rf_signals_install(int graceful) {
    graceful_mode = graceful;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns EINTR and sees the request */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* A parent may have started us with these blocked (the mask is inherited): unblock them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int rf_signals_requested(void) { return requested; }

void rf_signals_set_temporary(const char *path) {
    have_temporary = 0;
    if (path && strlen(path) <= PATH_MAX) {
        strcpy(temporary, path);
        have_temporary = 1;
    }
}

void rf_signals_block_here(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}
