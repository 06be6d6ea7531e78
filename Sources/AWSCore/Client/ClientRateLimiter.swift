import Basics
import Glibc

/// The adaptive retry mode's client-side rate limiter, ported from botocore
/// (retries/adaptive.py, bucket.py, throttling.py): after the first throttle every request
/// takes a token from a bucket whose rate follows a CUBIC curve — cut to 70% of the measured
/// send rate on each throttle, grown back along the cubic after. Thread-safe.
public final class ClientRateLimiter: Sendable {
    package struct State {
        // The token bucket (bucket.py).
        package var maxRate = 0.5
        package var fillRate = 0.5
        package var maxCapacity = 1.0
        package var capacity = 1.0
        package var lastRefill: Double
        package var enabled = false
        // The measured send rate (RateClocker: 0.5 s buckets, smoothing 0.8).
        package var count = 0.0
        package var lastBucket: Double
        package var measuredRate = 0.0
        // The cubic (CubicCalculator: scale 0.4, beta 0.7).
        package var wMax: Double
        package var lastFail: Double
        package var inflection = 0.0
    }

    package static let minRate = 0.5
    package static let scale = 0.4
    package static let beta = 0.7
    private let state: Locked<State>
    private let clock: @Sendable () -> Double

    public init(clock: @escaping @Sendable () -> Double = MonotonicClock.now) {
        self.clock = clock
        let now = clock()
        state = Locked(State(lastRefill: now, lastBucket: (now * 2).rounded(.down) / 2, wMax: 0.5, lastFail: now))
    }

    /// The rate requests may go at now (requests a second), or nil while no throttle was seen.
    public var rate: Double? { state.withLock { $0.enabled ? $0.maxRate : nil } }

    /// Before each attempt: waits for a token once a throttle has been seen.
    public func acquire() {
        while true {
            let wait: Double = state.withLock { s in
                guard s.enabled else { return 0 }
                let now = clock()
                s.capacity = min(s.maxCapacity, s.capacity + (now - s.lastRefill) * s.fillRate)
                s.lastRefill = now
                if s.capacity >= 1 {
                    s.capacity -= 1
                    return 0
                }
                return (1 - s.capacity) / s.fillRate
            }
            if wait <= 0 { return }
            RetryPolicy.sleep(seconds: min(wait, 1))
        }
    }

    /// After each answer: a throttle cuts the rate, anything else lets it grow back.
    public func record(throttled: Bool) {
        state.withLock { s in
            let now = clock()
            // RateClocker.record
            let bucket = (now * 2).rounded(.down) / 2
            s.count += 1
            if bucket > s.lastBucket {
                let current = s.count / (bucket - s.lastBucket)
                s.measuredRate = current * 0.8 + s.measuredRate * 0.2
                s.count = 0
                s.lastBucket = bucket
            }
            let newRate: Double
            if throttled {
                let rateToUse = s.enabled ? min(s.measuredRate, s.maxRate) : s.measuredRate
                // CubicCalculator.error_received
                s.wMax = rateToUse
                s.inflection = cbrt(s.wMax * (1 - Self.beta) / Self.scale)
                s.lastFail = now
                newRate = rateToUse * Self.beta
                s.enabled = true
            } else {
                // CubicCalculator.success_received
                s.inflection = cbrt(s.wMax * (1 - Self.beta) / Self.scale)
                let t = now - s.lastFail - s.inflection
                newRate = Self.scale * t * t * t + s.wMax
            }
            setMaxRate(min(newRate, 2 * s.measuredRate), in: &s, now: now)
        }
    }

    /// TokenBucket.max_rate's setter: refill first, then the new rate and capacity.
    private func setMaxRate(_ value: Double, in s: inout State, now: Double) {
        s.capacity = min(s.maxCapacity, s.capacity + (now - s.lastRefill) * s.fillRate)
        s.lastRefill = now
        s.fillRate = max(value, Self.minRate)
        s.maxCapacity = value >= 1 ? value : 1
        s.capacity = min(s.capacity, s.maxCapacity)
        s.maxRate = value
    }
}
