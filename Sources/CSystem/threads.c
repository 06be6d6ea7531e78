#define _GNU_SOURCE
#include "rf_system.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

void rf_thread_lower_priority(int steps) {
    /* On Linux a thread's nice value is its own: PRIO_PROCESS with the thread's id. */
    pid_t thread = (pid_t)syscall(SYS_gettid);
    errno = 0;
    int now = getpriority(PRIO_PROCESS, (id_t)thread);
    if (errno != 0) return;
    int target = now + steps > 19 ? 19 : now + steps;
    (void)setpriority(PRIO_PROCESS, (id_t)thread, target);
}

int rf_thread_priority(void) { return getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid)); }
