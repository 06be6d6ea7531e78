import CSystem

/// The allocator's policy, for runs that allocate and free blocks of one size over and over.
package enum Memory {
    /// Freed blocks of up to `largest` bytes (at most 32 MiB) are kept for the next ones rather
    /// than unmapped: a stream's frames are all one size, and a fresh mapping of a 720p picture
    /// faults in page by page (675 faults) and arrives cold in the cache. Memory then stays at
    /// its high-water mark, which a stream's window bounds. False if malloc refused.
    @discardableResult
    package static func keepFreedBlocks(upTo largest: Int) -> Bool {
        rf_malloc_keep_freed(min(largest, 32 << 20)) == 1
    }
}
