import Basics
import FoundationEssentials

/// `--detections FILE`: detections saved earlier with `-f json` by any detector (JSON Lines with
/// `Frame` for a stream), replayed instead of calling anything. Needs no picture bytes, so the service's
/// limits do not apply.
public final class ReplayDetector: Detector {
    public let name = DetectCustomLabels.detectorName
    public let limits: ServiceLimits? = nil
    let path: String
    let frames: [Int: FrameDetections]

    init(path: String, frames: [Int: FrameDetections]) {
        self.path = path
        self.frames = frames
    }

    public var nothing: FrameDetections {
        FrameDetections(detector: name, detections: [], response: nil, encode: DetectCustomLabels.encode)
    }

    public func detect(_ image: PreparedImage) throws -> FrameDetections {
        guard let saved = frames[image.index] else { throw DetectionsFileError.missingFrame(path, frame: image.index) }
        return saved
    }

    /// Reads the file once for the whole run: one JSON document, or JSON Lines by `Frame`.
    public static func factory(path: String, stream: Bool) throws -> DetectorFactory {
        let bytes: [UInt8]
        switch Files.contents(path, limit: stream ? 1 << 30 : 16 << 20) {
        case .success(let read): bytes = read
        case .failure(let failure): throw DetectionsFileError.unreadable(path, reason: failure.reason)
        }
        let frames = stream ? try lines(bytes, path: path) : [0: try document(bytes, path: path)]
        return DetectorFactory(name: DetectCustomLabels.detectorName, limits: nil) { ReplayDetector(path: path, frames: frames) }
    }

    static func document(_ bytes: [UInt8], path: String) throws -> FrameDetections {
        do { return try SavedDetections.parse(bytes) } catch { throw DetectionsFileError.invalid(path, error.description) }
    }

    static func lines(_ bytes: [UInt8], path: String) throws -> [Int: FrameDetections] {
        struct FrameNumber: Decodable {
            var frame: Int?
            enum CodingKeys: String, CodingKey { case frame = "Frame" }
        }
        var frames: [Int: FrameDetections] = [:]
        for (n, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
            let lineBytes = Array(line)
            guard lineBytes.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            let frame: Int
            do { frame = try JSONDecoder().decode(FrameNumber.self, from: Data(lineBytes)).frame ?? n } catch {
                throw DetectionsFileError.invalid(path, "line \(n + 1): not JSON")
            }
            do { frames[frame] = try SavedDetections.parse(lineBytes) } catch {
                throw DetectionsFileError.invalid(path, "line \(n + 1): \(error)")
            }
        }
        return frames
    }
}
