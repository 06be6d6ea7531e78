import ArgumentParser
import RekFilter

/// The safety limits (README, What it does with your image).
struct LimitOptions: ParsableArguments, Sendable {
    @Option(
        name: .customLong("max-input-bytes"), parsing: .unconditional,
        help: ArgumentHelp("Refuse input larger than this (at most 1 TiB).", valueName: "n"))
    var maxInputBytes: Int = SafetyLimits.default.maxInputBytes

    @Option(
        name: .customLong("max-pixels"), parsing: .unconditional,
        help: ArgumentHelp("Refuse images whose header declares more pixels (at most 2^32).", valueName: "n"))
    var maxPixels: Int = SafetyLimits.default.maxPixels

    static let inputBytes = 1...(1 << 40)
    /// Beyond 2^32 pixels, a buffer's size in bytes could overflow what the decoders size with.
    static let pixels = 1...(1 << 32)

    func validate() throws {
        guard Self.inputBytes.contains(maxInputBytes) else {
            throw ValidationError("--max-input-bytes must be from 1 to \(Self.inputBytes.upperBound) (1 TiB), got \(maxInputBytes)")
        }
        guard Self.pixels.contains(maxPixels) else {
            throw ValidationError("--max-pixels must be from 1 to \(Self.pixels.upperBound), got \(maxPixels)")
        }
    }

    var configuration: SafetyLimits { SafetyLimits(maxInputBytes: maxInputBytes, maxPixels: maxPixels) }

    /// Every value as a command line without these flags leaves it, made without
    /// ArgumentParser: the start of OptionTable's quick path. A property left out here would trap
    /// when read (OptionTableTests checks that none is, and that the whole equals a parse of nothing).
    static var unset: LimitOptions {
        var options = LimitOptions()
        options.maxInputBytes = SafetyLimits.default.maxInputBytes
        options.maxPixels = SafetyLimits.default.maxPixels
        return options
    }
}
