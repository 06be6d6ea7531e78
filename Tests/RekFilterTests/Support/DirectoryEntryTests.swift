import Glibc
import Testing

@testable import Basics
@testable import RekFilter

/// A directory entry's name is read in place: the kernel packs entries by their real length,
/// and the last one in readdir's buffer can end right at the end of a page. Here one does, with
/// an unmapped page after it — copying the whole `dirent` (as the code once did, which crashed
/// `--list-detectors` on a /usr/bin of 992 entries) would fault.
@Suite struct DirectoryEntryTests {
    @Test func aShortEntryEndingAPageIsReadWithoutTouchingTheNext() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let memory = try #require(mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        defer { munmap(memory, 2 * page) }
        #expect(mprotect(memory + page, page, PROT_NONE) == 0)
        let name = "rekfilter-detect-x"
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        let length = (offset + name.utf8.count + 1 + 7) & ~7  // as the kernel sizes a record
        let record = memory + page - length
        memset(record, 0, length)
        _ = name.withCString { strcpy(record.advanced(by: offset).assumingMemoryBound(to: CChar.self), $0) }
        #expect(length < MemoryLayout<dirent>.size, "the record is shorter than a whole dirent")
        #expect(Files.name(of: record.assumingMemoryBound(to: dirent.self)) == name)
    }
}
