import FuzzHarness
// libFuzzer entry point for rekfilter's parsers (`make fuzz`; a short pass runs in `make test`).
// Built only by scripts/fuzz.sh, with -sanitize=fuzzer,address (REKFILTER_FUZZ=1 adds this
// target to the package). REKFILTER_FUZZ_TARGET picks the parser; see FuzzHarness.targets.
import Glibc

let target: String = getenv("REKFILTER_FUZZ_TARGET").map { String(cString: $0) } ?? "image"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(target, Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// SwiftPM links executables with `main` renamed to `<product>_main`; hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("rekfilter_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return llvmFuzzerRunDriver(&count, &arguments) { data, size in fuzz(data, size) }
}
