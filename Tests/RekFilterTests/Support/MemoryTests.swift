import Glibc
import Testing

@testable import Basics

@Suite struct MemoryTests {
    /// Once set, a frame-sized block (3 MiB) comes from the heap, where its memory is kept when
    /// freed, not from a mapping of its own (glibc marks a chunk it mapped with bit 1 of the
    /// size word before the block; a setting too large is clamped to glibc's 32 MiB ceiling).
    @Test func freedBlocksAreKept() throws {
        #expect(Memory.keepFreedBlocks(upTo: 1 << 40))
        let block = try #require(malloc(3 << 20))
        defer { free(block) }
        let sizeWord = (block - MemoryLayout<Int>.size).load(as: Int.self)
        #expect(sizeWord & 2 == 0, "mapped on its own")
        #expect(sizeWord & ~7 >= 3 << 20)
    }
}
