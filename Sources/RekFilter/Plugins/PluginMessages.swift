/// The plugin protocol's messages (docs/plugins.md): JSON objects, one a line, a message with `bytes`
/// followed by that many bytes of payload.
enum PluginMessages {
    /// `classes`: `--classes`, the names whose numbers are fixed, in order (a format plugin's).
    static func begin(stream: Bool, format: String?, options: [(String, String)], classes: [String]? = nil) -> [UInt8] {
        let pairs = options.map { "\(JSONText.text($0.0)):\(JSONText.text($0.1))" }.joined(separator: ",")
        var line = "{\"type\":\"begin\",\"protocol\":\(PluginInfo.protocolVersion),\"stream\":\(stream)"
        if let format { line += ",\"format\":\(JSONText.text(format))" }
        if let classes { line += ",\"classes\":[" + classes.map(JSONText.text).joined(separator: ",") + "]" }
        return Array((line + ",\"options\":{\(pairs)}}\n").utf8)
    }

    /// A JSON value on one line: line breaks can only be whitespace between tokens (inside a
    /// string they are escaped), so each becomes a space.
    static func oneLine(_ json: [UInt8]) -> String {
        String(decoding: json.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self)
    }

    static func end(frames: Int) -> [UInt8] { Array("{\"type\":\"end\",\"frames\":\(frames)}\n".utf8) }

    /// A binary PPM (P6, 8-bit RGB) of the picture; an alpha channel is dropped.
    static func ppm(_ pixels: PixelBuffer) -> [UInt8] {
        let header = Array("P6\n\(pixels.width) \(pixels.height)\n255\n".utf8)
        let count = pixels.width * pixels.height * 3
        return [UInt8](unsafeUninitializedCapacity: header.count + count) { out, written in
            for (i, byte) in header.enumerated() { out[i] = byte }
            if pixels.channels == 3 {
                (out.baseAddress! + header.count).update(from: pixels.pixels, count: count)
            } else {
                var o = header.count
                for p in stride(from: 0, to: pixels.byteCount, by: pixels.channels) {
                    out[o] = pixels.pixels[p]
                    out[o + 1] = pixels.pixels[p + 1]
                    out[o + 2] = pixels.pixels[p + 2]
                    o += 3
                }
            }
            written = header.count + count
        }
    }
}
