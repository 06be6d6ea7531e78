import AWSCore
import Basics
import Glibc

/// A batch as the driver's frame source: the lister's inputs, less those of other shards and
/// those already done, each read (a file, or an S3 object) and handed over with its frame
/// number recorded in the ledger. Read on the driver's reader thread.
public struct BatchSource: FrameSource {
    var lister: BatchLister
    let shard: Shard?
    /// DEST; nil when a replay only collects documents.
    let results: (any BatchResults)?
    let force: Bool
    let ledger: BatchLedger
    let maxBytes: Int
    let s3: () throws -> S3Client
    /// `--collect`: inputs skipped as present are read back from their `json` result for it.
    var collector: BatchCollector?
    /// `--detections DIR`: each input's saved `json` result is read from there for the
    /// collected documents; nothing is sent and no picture read.
    var replay: String?
    var index = 0
    public private(set) var bytesRead = 0
    public var skippedBytes: Int { 0 }
    public var mayBeEmpty: Bool { true }
    public init(
        lister: BatchLister, shard: Shard?, results: (any BatchResults)?, force: Bool, ledger: BatchLedger, maxBytes: Int,
        s3: @escaping () throws -> S3Client
    ) {
        self.lister = lister
        self.shard = shard
        self.results = results
        self.force = force
        self.ledger = ledger
        self.maxBytes = maxBytes
        self.s3 = s3
    }

    public mutating func next(shouldStop: () -> Bool) throws -> FrameInput? {
        while !shouldStop() {
            // A listing that fails (after its retries) ends the inputs: what is in flight is
            // finished and written, and the run ends with the listing's error.
            let listed: BatchInput?
            do { listed = try lister.next() } catch {
                ledger.listingFailed(error)
                return nil
            }
            for problem in lister.problems { ledger.lineFailed(problem) }
            lister.problems.removeAll()
            guard let input = listed else {
                ledger.count(\.listed)
                return nil
            }
            if let shard, !shard.takes(input.key) { continue }
            ledger.count(\.inputs)
            if let replay, let collector {
                let path = replay + "/" + resultKey(input.key, extension: "json")
                do {
                    guard case .success(let saved) = Files.contents(path, limit: maxBytes) else {
                        // A walked folder's other files have no results: skipped, not failed.
                        if input.listed {
                            ledger.count(\.unsaved)
                            ledger.count(\.inputs, by: -1)
                            continue
                        }
                        throw BatchError.cannotRead(path, "no saved detections for \(input.key)")
                    }
                    try collector.addSaved(input, json: saved)
                    ledger.count(\.replayed)
                } catch {
                    ledger.record(index, input)
                    index += 1
                    return .broken(error)
                }
                continue
            }
            // An input whose presence cannot be asked (S3 refusing a HEAD) is done again.
            if !force, let results, (try? results.isDone(input.key)) == true {
                // Collected documents read it back; one that cannot be read back is done again.
                if let collector {
                    let saved = try? results.read(input.key, extension: "json", limit: maxBytes)
                    if let json = saved ?? nil, (try? collector.addSaved(input, json: json)) != nil {
                        ledger.count(\.present)
                        continue
                    }
                } else {
                    ledger.count(\.present)
                    continue
                }
            }
            // A folder holds other files too (videos, notes): told apart by their first bytes,
            // before anything is read whole, and counted, not failed.
            if input.listed, case .file(let path) = input.location, let head = Self.head(path),
                (try? ImageFormat.sniff(head)) == nil
            {
                ledger.count(\.notImages)
                ledger.count(\.inputs, by: -1)
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try read(input)
            } catch {
                ledger.record(index, input)
                index += 1
                return .broken(error)
            }
            // So does a prefix: its objects are told apart once fetched.
            if input.listed, case .s3 = input.location, (try? ImageFormat.sniff(bytes.prefix(16))) == nil {
                ledger.count(\.notImages)
                ledger.count(\.inputs, by: -1)
                continue
            }
            bytesRead += bytes.count
            ledger.record(index, input)
            index += 1
            return .image(bytes, checked: false)
        }
        return nil
    }

    /// A file's first 16 bytes (enough to sniff), nil when it cannot be read (then reading it
    /// whole says why).
    static func head(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 16)
        let n = bytes.withUnsafeMutableBytes { b in Syscall.retrying { Glibc.read(fd, b.baseAddress, b.count) } }
        return n < 0 ? nil : Array(bytes.prefix(n))
    }

    /// The input's bytes.
    private func read(_ input: BatchInput) throws -> [UInt8] {
        switch input.location {
        case .file(let path):
            switch Files.contents(path, limit: maxBytes) {
            case .success(let bytes): return bytes
            case .failure(let failure) where failure.errno == EFBIG: throw ImageError.inputTooLarge(limit: maxBytes)
            case .failure(let failure): throw BatchError.cannotRead(path, failure.reason)
            }
        case .s3(let location):
            return try s3().getObject(location, maxBytes: maxBytes)
        }
    }
}
