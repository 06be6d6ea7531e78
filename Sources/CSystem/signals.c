#include "rf_system.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>
#include <time.h>

static volatile sig_atomic_t requested = 0;
static volatile sig_atomic_t graceful_mode = 0;
static char temporary[PATH_MAX + 1];
static volatile sig_atomic_t have_temporary = 0;

/* Children (plugins, credential_process) that must not outlive us: a signal that ends the
   process at once sends them SIGTERM first. Slots hold pids; 0 is free. */
#define RF_CHILDREN 1024
static volatile sig_atomic_t children[RF_CHILDREN];

void rf_children_add(int pid) {
    for (int i = 0; i < RF_CHILDREN; i++)
        if (__sync_bool_compare_and_swap(&children[i], 0, pid)) return;
}

void rf_children_remove(int pid) {
    for (int i = 0; i < RF_CHILDREN; i++)
        if (__sync_bool_compare_and_swap(&children[i], pid, 0)) return;
}

static void end_children(void) {
    for (int i = 0; i < RF_CHILDREN; i++) {
        pid_t pid = (pid_t)children[i];
        if (pid > 0) kill(pid, SIGTERM);
    }
}

/* The first signal: when, and who sent it. */
static volatile sig_atomic_t first_sender = 0;
static struct timespec first_time;

static double since_first(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - first_time.tv_sec) + (double)(now.tv_nsec - first_time.tv_nsec) / 1e9;
}

static void on_signal(int sig, siginfo_t *info, void *context) {
    (void)context;
    int sender = info ? (int)info->si_pid : 0;
    if (graceful_mode && !requested) {
        requested = sig;          /* the stream finishes what is in flight and stops */
        first_sender = sender;
        clock_gettime(CLOCK_MONOTONIC, &first_time);
        return;
    }
    /* One request that arrived twice: a process-group or control-group signal reaches us
       directly and again through a parent that passes signals on (`rekfilter model run`).
       The same signal within 2 s, once from our parent, is that one request, not a second. */
    if (graceful_mode && sig == requested && since_first() < 2.0) {
        int parent = (int)getppid();
        if ((sender == parent) != (first_sender == parent)) return;
    }
    if (have_temporary) unlink(temporary);
    end_children();
    _exit(128 + sig);
}

void rf_signals_install(int graceful) {
    graceful_mode = graceful;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: a blocked read returns EINTR and sees the request */
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

static volatile sig_atomic_t child_pid = 0;
static volatile sig_atomic_t forward_last = 0;
static volatile sig_atomic_t forward_total = 0;

static void on_forwarded(int sig, siginfo_t *info, void *context) {
    (void)context;
    forward_last = sig;
    forward_total++;
    /* si_code <= 0: sent by a process (kill, sigqueue, tkill); a terminal's signal (SI_KERNEL)
       already went to the whole foreground process group, the command included. */
    if (child_pid > 0 && info && info->si_code <= 0) kill((pid_t)child_pid, sig);
}

static void forwarded_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

void rf_forward_install(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_forwarded;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: waits see EINTR and look at the count */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigset_t set;
    forwarded_set(&set);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

void rf_forward_set_child(int pid) { child_pid = pid; }
int rf_forward_signal(void) { return forward_last; }
int rf_forward_count(void) { return forward_total; }

void rf_forward_block(int block) {
    sigset_t set;
    forwarded_set(&set);
    pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}
