import AWSCore
import ArgumentParser
import RekFilter

/// `--s3`: the filter's picture as an S3 object the service reads itself (a single picture:
/// batch takes `s3://bucket/prefix/` sources instead).
struct S3ObjectOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("s3"), help: ArgumentHelp("Send this S3 object instead of bytes.", valueName: "s3://bucket/key"))
    var s3: String?

    @Option(name: .customLong("s3-version"), help: ArgumentHelp("Version of the --s3 object.", valueName: "id"))
    var s3Version: String?

    func validate() throws {
        if let s3, S3Location(uri: s3) == nil { throw ValidationError("--s3 wants s3://bucket/key, got '\(s3)'") }
        if s3Version != nil && s3 == nil { throw ValidationError("--s3-version needs --s3") }
    }

    var location: S3Location? { s3.flatMap { S3Location(uri: $0, version: s3Version) } }

    /// Every value as a command line without these flags leaves it, made without
    /// ArgumentParser: the start of OptionTable's quick path. A property left out here would trap
    /// when read (OptionTableTests checks that none is, and that the whole equals a parse of nothing).
    static var unset: S3ObjectOptions {
        var options = S3ObjectOptions()
        options.s3 = nil
        options.s3Version = nil
        return options
    }
}
