import Basics
// A benchmark driver for the imaging layer alone (no CLI, no service): `make bench` times it
// side by side with libjpeg-turbo's tools and a plain-C libjpeg→libpng reference.
//
//   imaging-bench jpeg-to-png IN.jpg OUT.png     decode + PNG encode (rekfilter's default output path)
//   imaging-bench png-encode IN.jpg OUT.png CORES N  the PNG encode alone, N times, on CORES cores (1: libpng)
//   imaging-bench draw-frames IN.mjpeg           per frame: decode + draw one box + JPEG encode (stream mode's own work)
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
    default:
        fail("usage: imaging-bench jpeg-to-png IN OUT | draw-frames IN")
    }
} catch {
    fail("\(error)")
}
