import Basics
import Glibc
import Testing

@testable import RekFilter

/// A picture in a file on stdin is read ahead while the command line is parsed; whatever
/// happens to the file or its offset meanwhile, `readAll` returns what its own read would have,
/// and leaves the offset where its own read would have.
@Suite(.serialized) struct ReadAheadTests {
    /// A file of `count` bytes (a pattern that shows any shift), open for reading and writing.
    private func file(_ count: Int) throws -> (fd: Int32, bytes: [UInt8]) {
        var template = Array("/tmp/rekfilter-readahead-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        try #require(fd >= 0)
        unlink(template)
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        try #require(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == count)
        try #require(lseek(fd, 0, SEEK_SET) == 0)
        return (fd, bytes)
    }

    @Test func theBytesReadAheadAreTheFileAndTheOffsetEndsPastThem() throws {
        let (fd, bytes) = try file(3 << 20)
        defer { close(fd) }
        ReadAhead.start(fd: fd)
        #expect(ReadAhead.take(fd: fd) == bytes)
        #expect(lseek(fd, 0, SEEK_CUR) == off_t(bytes.count))
        #expect(ReadAhead.take(fd: fd) == nil, "taken once")
    }

    @Test func readAllTakesThem() throws {
        let (fd, bytes) = try file(3 << 20)
        defer { close(fd) }
        ReadAhead.start(fd: fd)
        #expect(try StandardInput.readAll(fd: fd, limit: 1 << 30) == bytes)
        #expect(lseek(fd, 0, SEEK_CUR) == off_t(bytes.count))
        #expect(ReadAhead.take(fd: fd) == nil, "taken by readAll")
    }

    @Test func fromAnOffsetAlreadyMovedOnlyTheRestIsRead() throws {
        let (fd, bytes) = try file(100_000)
        defer { close(fd) }
        #expect(lseek(fd, 1000, SEEK_SET) == 1000)
        ReadAhead.start(fd: fd)
        #expect(try StandardInput.readAll(fd: fd, limit: 1 << 30) == Array(bytes[1000...]))
    }

    /// Another process sharing the descriptor read some of it after the read-ahead began: the
    /// bytes read ahead are not used, and the read starts where the offset is.
    @Test func anOffsetMovedSinceIsHonoured() throws {
        let (fd, bytes) = try file(100_000)
        defer { close(fd) }
        ReadAhead.start(fd: fd)
        #expect(lseek(fd, 4321, SEEK_SET) == 4321)
        #expect(try StandardInput.readAll(fd: fd, limit: 1 << 30) == Array(bytes[4321...]))
        #expect(lseek(fd, 0, SEEK_CUR) == off_t(bytes.count))
    }

    @Test func whatTheFileGrewBySinceIsReadToo() throws {
        let (fd, bytes) = try file(50_000)
        defer { close(fd) }
        ReadAhead.start(fd: fd)
        let more: [UInt8] = Array(repeating: 0xAB, count: 70_000)
        #expect(more.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(bytes.count)) } == more.count)
        #expect(try StandardInput.readAll(fd: fd, limit: 1 << 30) == bytes + more)
    }

    @Test func aFileOverTheLimitIsRefusedAsWithoutIt() throws {
        let (fd, _) = try file(10_000)
        defer { close(fd) }
        ReadAhead.start(fd: fd)
        #expect(throws: ImageError.inputTooLarge(limit: 9_999)) { try StandardInput.readAll(fd: fd, limit: 9_999) }
    }

    /// The work after the read (start-up work nothing waits for) runs on the same thread, and
    /// the bytes are had without waiting for it; with nothing to read, it runs all the same.
    @Test func theWorkAfterTheReadHoldsNothingUp() throws {
        let (fd, bytes) = try file(100_000)
        defer { close(fd) }
        for reads in [true, false] {
            let (open, ran) = (Locked(false), Locked(false))
            ReadAhead.start(fd: reads ? fd : nil) {
                open.when({ $0 }) { _, _ in }
                ran.update { $0 = true }
            }
            if reads {
                #expect(ReadAhead.take(fd: fd) == bytes)
                #expect(lseek(fd, 0, SEEK_SET) == 0)
            } else {
                #expect(ReadAhead.take(fd: fd) == nil, "nothing was read ahead")
            }
            #expect(ran.withLock { $0 } == false, "still waiting")
            open.update { $0 = true }
            #expect(ran.when({ $0 }, timeout: 30, then: { _, done in done }), "ran")
        }
    }

    /// Not a regular file (a pipe), or an empty one: nothing is read ahead, and reading is as ever.
    @Test func pipesAndEmptyFilesAreNotReadAhead() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        ReadAhead.start(fd: ends[0])
        #expect(ReadAhead.take(fd: ends[0]) == nil)
        #expect(write(ends[1], "abc", 3) == 3)
        close(ends[1])
        #expect(try StandardInput.readAll(fd: ends[0], limit: 100) == Array("abc".utf8))
        let (fd, _) = try file(0)
        defer { close(fd) }
        ReadAhead.start(fd: fd)
        #expect(ReadAhead.take(fd: fd) == nil)
        #expect(try StandardInput.readAll(fd: fd, limit: 100) == [])
    }
}
