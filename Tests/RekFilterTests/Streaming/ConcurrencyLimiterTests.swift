import Foundation
import Testing

@testable import RekFilter

@Suite struct ConcurrencyLimiterTests {
    final class FakeClock: @unchecked Sendable {
        var now = 0.0
    }

    @Test func halvesOnThrottleAndGrowsBack() {
        let clock = FakeClock()
        let limiter = ConcurrencyLimiter(maximum: 8, cooldown: 0) { clock.now }
        #expect(limiter.state.limit == 8)
        clock.now = 1
        limiter.throttled()
        #expect(limiter.state.limit == 4)
        for t in 2...4 {
            clock.now = Double(t)
            limiter.throttled()
        }
        #expect(limiter.state.limit == 1)
        // Near the limit that drew the last throttle, the climb is slow: +1/(4 × limit).
        for _ in 0..<3 { limiter.succeeded(seconds: 0.1) }
        #expect(limiter.state.limit == 1)
        for _ in 0..<3 { limiter.succeeded(seconds: 0.1) }
        #expect(limiter.state.limit == 2)
        for _ in 0..<300 { limiter.succeeded(seconds: 0.1) }
        #expect(limiter.state.limit == 8)
        #expect(limiter.successes == 306)
        // Far below it, +1/limit per success: about one per round.
        let fresh = ConcurrencyLimiter(maximum: 16, cooldown: 0) { clock.now }
        fresh.throttled()  // at 16 → 8
        for _ in 0..<9 { fresh.succeeded(seconds: 0.1) }
        #expect(fresh.state.limit == 9)
        let cooling = ConcurrencyLimiter(maximum: 8, cooldown: 10) { clock.now }
        clock.now = 100
        cooling.throttled()
        clock.now = 101
        cooling.throttled()  // same episode
        #expect(cooling.state.limit == 4)
    }

    /// cancel() wakes a waiter for a slot and a pausing retry, and lets nothing start after.
    @Test func cancelWakesEveryWaiter() throws {
        let limiter = ConcurrencyLimiter(maximum: 1)
        #expect(limiter.acquire())
        let done = DispatchSemaphore(value: 0)
        final class Results: @unchecked Sendable {
            var acquired: Bool?
            var paused: Bool?
        }
        let results = Results()
        DispatchQueue.global().async {
            results.acquired = limiter.acquire()
            done.signal()
        }
        DispatchQueue.global().async {
            results.paused = limiter.pause(600)
            done.signal()
        }
        usleep(50_000)
        limiter.cancel()
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(results.acquired == false && results.paused == false)
        #expect(!limiter.acquire())
    }

    /// Waiting requests get slots lowest order first, whatever order they came in.
    @Test func slotsGoToTheLowestOrderFirst() throws {
        let limiter = ConcurrencyLimiter(maximum: 1)
        #expect(limiter.acquire(order: 0))
        final class Log: @unchecked Sendable {
            let lock = NSLock()
            var orders: [Int] = []
        }
        let log = Log()
        var threads: [Thread] = []
        for order in [5, 3, 9, 1] {
            let thread = Thread {
                guard limiter.acquire(order: order) else { return }
                log.lock.lock()
                log.orders.append(order)
                log.lock.unlock()
                usleep(5_000)
                limiter.release()
            }
            thread.start()
            threads.append(thread)
            // Each is waiting, in this arrival order, before the next comes and the slot frees.
            let deadline = Date().addingTimeInterval(10)
            while limiter.waitingCount < threads.count && Date() < deadline { usleep(1_000) }
        }
        #expect(limiter.waitingCount == 4)
        limiter.release()
        let deadline = Date().addingTimeInterval(10)
        while threads.contains(where: { !$0.isFinished }) && Date() < deadline { usleep(1_000) }
        #expect(log.orders == [1, 3, 5, 9])
    }
}
