import AWSCore
import Basics
import Glibc

/// A batch as the driver's frame source: the lister's inputs, less those of other shards and
/// those already done, each read (a file, or an S3 object) and handed over with its frame
/// number recorded in the ledger. Read on the driver's reader thread.
public struct BatchSource: FrameSource {
    var lister: BatchLister
    let shard: Shard?
    let destination: BatchDestination
    let force: Bool
    let ledger: BatchLedger
    let maxBytes: Int
    let s3: () throws -> S3Client
    var index = 0
    public private(set) var bytesRead = 0
    public var skippedBytes: Int { 0 }
    public var mayBeEmpty: Bool { true }
    public init(
        lister: BatchLister, shard: Shard?, destination: BatchDestination, force: Bool, ledger: BatchLedger, maxBytes: Int,
        s3: @escaping () throws -> S3Client
    ) {
        self.lister = lister
        self.shard = shard
        self.destination = destination
        self.force = force
        self.ledger = ledger
        self.maxBytes = maxBytes
        self.s3 = s3
    }

    public mutating func next(shouldStop: () -> Bool) throws -> FrameInput? {
        while !shouldStop() {
            guard let input = try lister.next() else { return nil }
            if let shard, !shard.takes(input.key) { continue }
            ledger.count(\.inputs)
            if !force && destination.isDone(input.key) {
                ledger.count(\.present)
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
            // A folder or prefix holds other files too: those are counted, not failed.
            if input.listed, (try? ImageFormat.sniff(bytes.prefix(16))) == nil {
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

    /// The input's bytes (a walked file's first bytes are sniffed before the rest is read).
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
