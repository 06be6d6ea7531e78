import Glibc

/// Monotonic seconds, for intervals (never the wall clock, which can jump; that one is for
/// signing only).
public enum MonotonicClock {
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
