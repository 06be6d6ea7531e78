import Basics
// A benchmark driver for the imaging layer alone (no CLI, no service): `make bench` times it
// side by side with libjpeg-turbo's tools and a plain-C libjpeg→libpng reference.
//
//   imaging-bench jpeg-to-png IN.jpg OUT.png     decode + PNG encode (rekfilter's default output path)
//   imaging-bench png-encode IN.jpg OUT.png CORES N  the PNG encode alone, N times, on CORES cores (1: libpng)
//   imaging-bench draw-frames IN.mjpeg           per frame: decode + draw one box + JPEG encode (stream mode's own work)
//   imaging-bench track OBJECTS FRAMES            the tracker's update per frame, OBJECTS moving objects
import Glibc
import RekFilter

func fail(_ message: String) -> Never {
    let line = Array("imaging-bench: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(70)
}

func readFile(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { fail("cannot open \(path)") }
    defer { fclose(f) }
    fseek(f, 0, SEEK_END)
    let size = ftell(f)
    fseek(f, 0, SEEK_SET)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        count = fread(buffer.baseAddress, 1, size, f)
    }
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    guard let f = fopen(path, "wb") else { fail("cannot write \(path)") }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
}

let args = CommandLine.arguments
do {
    switch (args.count, args.count > 1 ? args[1] : "") {
    case (4, "jpeg-to-png"):
        let source = try SourceImage(bytes: readFile(args[2]))
        writeFile(args[3], try PNGCodec.encode(source.upright()))
    case (6, "png-encode"):
        let pixels = try SourceImage(bytes: readFile(args[2])).upright()
        let cores = Int(args[4]) ?? 1
        var best = Double.infinity
        var bytes: [UInt8] = []
        for _ in 0..<max(1, Int(args[5]) ?? 1) {
            let started = MonotonicClock.now()
            bytes = try PNGCodec.encode(pixels, parallelism: cores)
            best = min(best, MonotonicClock.now() - started)
        }
        writeFile(args[3], bytes)
        print("png-encode \(pixels.width)x\(pixels.height) cores=\(cores): \(Int(best * 1000)) ms, \(bytes.count) bytes")
    case (3, "draw-frames"):
        let data = readFile(args[2])
        var fed = false
        var splitter = FrameSplitter(maxFrameBytes: 1 << 28) { buffer in
            guard !fed else { return false }
            buffer += data
            fed = true
            return true
        }
        let found = FrameDetections(
            detector: "custom-labels",
            detections: [
                Detection(label: "widget", confidence: 97.5, box: BoundingBox(width: 0.25, height: 0.5, left: 0.125, top: 0.25))
            ], response: nil, encode: DetectCustomLabels.encode)
        let renderer = JPEGFormat.descriptor.make(FormatOptions()).renderer
        let sink = ByteBuffer()
        while let item = try splitter.next() {
            guard case .frame(let frame) = item else { continue }
            let source = try SourceImage(bytes: frame)
            let result = FrameResult(
                found: found, width: source.header.uprightWidth,
                height: source.header.uprightHeight, pixels: try source.upright())
            sink.bytes.removeAll(keepingCapacity: true)
            try renderer.render(result, stream: true, to: sink)
        }
    case (4, "track"):
        // Objects on a grid, each moving its own way, a few crossing: the tracker's update alone.
        let objects = max(1, Int(args[2]) ?? 100)
        let frames = max(1, Int(args[3]) ?? 1000)
        let side = Int(Double(objects).squareRoot().rounded(.up))
        var tracker = Tracker()
        var ids = 0
        let started = MonotonicClock.now()
        for frame in 0..<frames {
            let t = Double(abs(frame % 400 - 200))  // back and forth, no jumps
            let found = (0..<objects).map { n -> Detection in
                let (col, row) = (Double(n % side), Double(n / side))
                let left = (col + 0.1 + 0.002 * t * (n % 2 == 0 ? 1 : -1)) / Double(side)
                let top = (row + 0.1 + 0.001 * t) / Double(side)
                return Detection(
                    label: n % 3 == 0 ? "person" : "car", confidence: 40 + Double(n % 60),
                    box: BoundingBox(width: 0.5 / Double(side), height: 0.5 / Double(side), left: left, top: top))
            }
            ids = max(ids, tracker.update(frame: frame, found).compactMap(\.track).max() ?? 0)
        }
        let perFrame = (MonotonicClock.now() - started) / Double(frames) * 1000
        print("track \(objects) objects × \(frames) frames: \((perFrame * 1000).rounded() / 1000) ms a frame, \(ids) ids")
    default:
        fail("usage: imaging-bench jpeg-to-png IN OUT | draw-frames IN | track OBJECTS FRAMES")
    }
} catch {
    fail("\(error)")
}
