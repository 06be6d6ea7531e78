import CSystem
import Glibc

/// How every child rekfilter starts (plugins, credential_process, `model run`'s command) sees
/// signals: nothing blocked, and SIGPIPE, SIGINT, SIGTERM, SIGHUP and SIGQUIT at their defaults
/// — not the ignored SIGPIPE and the blocked or handled signals rekfilter's own threads have,
/// which a child would otherwise inherit (a plugin that never dies of a closed pipe or ^C).
package enum ChildSignals {
    /// Calls `body` with posix_spawn attributes that say so.
    package static func withDefaults<T>(_ body: (UnsafePointer<posix_spawnattr_t>) -> T) -> T {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        return body(&attributes)
    }

    /// A child a signal that ends rekfilter at once must end too (SIGTERM), until `forget`.
    package static func register(_ pid: pid_t) { rf_children_add(pid) }
    package static func forget(_ pid: pid_t) { rf_children_remove(pid) }
}
