// A benchmark driver for the imaging layer alone (no CLI, no service): `make bench` times it
// side by side with libjpeg-turbo's tools and a plain-C libjpeg→libpng reference.
//
//   imaging-bench jpeg-to-png IN.jpg OUT.png     decode + PNG encode (rekfilter's default output path)
#if canImport(Glibc)
import Glibc
#endif
import RekFilter

func fail(_ message: String) -> Never {
    StandardError.say(message)
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
    default:
        fail("usage: imaging-bench jpeg-to-png IN OUT")
    }
} catch {
    fail("\(error)")
}
