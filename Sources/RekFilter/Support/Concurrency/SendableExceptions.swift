/// The types shared across threads whose safety the compiler cannot see, each with the reason
/// it holds. Kept here, in one place, so that they are read together.

/// A picture's pixels are handed whole from the thread that decodes them to the one that draws
/// and encodes them; no two threads ever touch one buffer at once, except the threads of one
/// parallel PNG encode, which only read it.
extension PixelBuffer: @unchecked Sendable {}

/// libcurl's share handle does its own locking (the lock callbacks in CCurl's rf_curl.c).
extension ConnectionPool: @unchecked Sendable {}
