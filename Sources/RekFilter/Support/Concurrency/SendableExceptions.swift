/// The library's types shared across threads whose safety the compiler cannot see, each with
/// the reason it holds, kept in one place so that they are read together. (The lower modules
/// keep theirs beside the type: Basics' `Locked` and `Handed`, AWSCore's `ConnectionPool`.)

/// A picture's pixels are handed whole from the thread that decodes them to the one that draws
/// and encodes them; no two threads ever touch one buffer at once, except the threads of one
/// parallel PNG encode, which only read it.
extension PixelBuffer: @unchecked Sendable {}
