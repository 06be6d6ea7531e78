import Foundation
import Testing

@testable import RekFilter

@Suite struct OrderedSchedulerTests {
    /// State shared between the producing thread and the test's delivering thread.
    final class Shared: @unchecked Sendable {
        let lock = NSLock()
        var produced = 0
        var delivered = 0
        var maxAhead = 0
        func with<R>(_ body: (Shared) -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            return body(self)
        }
    }

    /// Random work times; results must come out in input order, with the window respected.
    @Test func deliversInOrderWithinTheWindow() throws {
        let scheduler = OrderedScheduler<Int, Int>(workers: 4, window: 6)
        let shared = Shared()
        var order = [Int]()
        try scheduler.run(
            produce: { _ in
                shared.with { s -> Int? in
                    guard s.produced < 200 else { return nil }
                    s.maxAhead = max(s.maxAhead, s.produced - s.delivered)
                    s.produced += 1
                    return s.produced - 1
                }
            },
            makeWorker: { _ in
                { _, value in
                    usleep(UInt32.random(in: 0...2000))
                    return value * 10
                }
            },
            deliver: { index, value in
                #expect(value == index * 10)
                order.append(index)
                shared.with { $0.delivered += 1 }
                return true
            })
        #expect(order == Array(0..<200))
        #expect(shared.maxAhead <= 6)
    }

    @Test func stoppingEarlyProducesNoMore() throws {
        let scheduler = OrderedScheduler<Int, Int>(workers: 2, window: 4)
        let shared = Shared()
        var delivered = 0
        try scheduler.run(
            produce: { _ in
                shared.with { s -> Int? in
                    s.produced += 1
                    return s.produced < 1000 ? s.produced : nil
                }
            },
            makeWorker: { _ in { _, v in v } },
            deliver: { _, _ in
                delivered += 1
                return delivered < 10
            })
        #expect(delivered == 10)
        #expect(shared.with { $0.produced } < 20)
    }

    /// A live feed: item 0's result is delivered while the producer is still waiting for item 1.
    @Test func deliversWithoutWaitingForTheNextInput() throws {
        let scheduler = OrderedScheduler<Int, Int>(workers: 2, window: 4)
        let released = DispatchSemaphore(value: 0)
        let shared = Shared()
        var deliveredBeforeSecondInput = false
        try scheduler.run(
            produce: { _ in
                let n = shared.with { s -> Int in
                    s.produced += 1
                    return s.produced
                }
                if n == 1 { return 0 }
                if n == 2 {
                    // Item 1 arrives only after item 0 was delivered (or after 10 s: the bug).
                    _ = released.wait(timeout: .now() + 10)
                    shared.with { $0.delivered = 1 }  // marks: item 1 has been produced
                    return 1
                }
                return nil
            },
            makeWorker: { _ in { _, v in v } },
            deliver: { index, _ in
                if index == 0 {
                    deliveredBeforeSecondInput = shared.with { $0.delivered } == 0
                    released.signal()
                }
                return true
            })
        #expect(deliveredBeforeSecondInput)
    }

    /// What each worker owns (a connection) is let go once the input is exhausted and nothing
    /// is left to take — while the last output is delivered, not after: the single image's
    /// connection closes while its output is written.
    @Test func workersEndOnceTheInputIsDrained() throws {
        final class Owned: Sendable {
            let released: DispatchSemaphore
            init(_ released: DispatchSemaphore) { self.released = released }
            deinit { released.signal() }
        }
        let released = DispatchSemaphore(value: 0)
        let shared = Shared()
        var bothReleasedByTheLastDelivery = false
        try OrderedScheduler<Int, Int>(workers: 2, window: 4).run(
            produce: { _ in
                shared.with { s -> Int? in
                    s.produced += 1
                    return s.produced <= 3 ? s.produced : nil
                }
            },
            makeWorker: { _ in
                let owned = Owned(released)
                return { _, v in withExtendedLifetime(owned) { v } }
            },
            deliver: { index, _ in
                if index == 2 {
                    bothReleasedByTheLastDelivery = (0..<2).allSatisfy { _ in released.wait(timeout: .now() + 10) == .success }
                }
                return true
            })
        #expect(bothReleasedByTheLastDelivery)
    }

    /// stop(): items no worker has started are dropped; delivery ends at the first of them.
    @Test func stopDropsWhatHasNotStarted() throws {
        let scheduler = OrderedScheduler<Int, Int>(workers: 2, window: 20)
        let shared = Shared()
        var delivered = [Int]()
        try scheduler.run(
            produce: { isStopping in
                shared.with { s -> Int? in
                    guard !isStopping(), s.produced < 1000 else { return nil }
                    s.produced += 1
                    return s.produced - 1
                }
            },
            makeWorker: { _ in
                { index, v in
                    if index == 3 { scheduler.stop() }
                    usleep(20_000)
                    return v
                }
            },
            deliver: { index, _ in
                delivered.append(index)
                return true
            })
        #expect(delivered == Array(0..<delivered.count), "in order, no gap")
        #expect(delivered.count >= 4 && delivered.count <= 6, "the items in progress when stopped, and those before: \(delivered)")
        #expect(shared.with { $0.produced } <= 25)
    }
}
