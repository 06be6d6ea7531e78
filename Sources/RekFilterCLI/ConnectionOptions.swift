import AWSCore
import ArgumentParser
import RekFilter

/// Where requests go and how patiently (docs/command-line.md; README, Credentials, region, endpoint): shared by the filter and `rekfilter model`.
struct ConnectionOptions: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp("AWS region (else AWS_REGION, the profile, the ARN).", valueName: "region"))
    var region: String?

    @Option(help: ArgumentHelp("Shared config profile (else AWS_PROFILE, default).", valueName: "name"))
    var profile: String?

    @Option(
        name: .customLong("endpoint-url"),
        help: ArgumentHelp("Service endpoint (else AWS_ENDPOINT_URL_REKOGNITION, AWS_ENDPOINT_URL, config).", valueName: "url"))
    var endpointURL: String?

    @Flag(help: "Use the FIPS endpoint (also AWS_USE_FIPS_ENDPOINT=true).")
    var fips = false

    @Flag(help: "Use the dual-stack (IPv4 and IPv6) endpoint (also AWS_USE_DUALSTACK_ENDPOINT=true).")
    var dualstack = false

    @Option(
        name: .customLong("max-attempts"), parsing: .unconditional,
        help: ArgumentHelp("Attempts per request, 1–100 (else AWS_MAX_ATTEMPTS, else 3).", valueName: "n"))
    var maxAttempts: Int?

    @Option(
        name: .customLong("connect-timeout"), parsing: .unconditional,
        help: ArgumentHelp("Seconds to connect, per attempt (at most a day).", valueName: "s"))
    var connectTimeout = Self.defaultConnectTimeout

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds per attempt (at most a day).", valueName: "s"))
    var timeout = Self.defaultTimeout

    /// Seconds; also what `unset` leaves.
    static let defaultConnectTimeout: Double = 5
    static let defaultTimeout: Double = 60

    /// The most a flag may ask for: beyond these, numbers stop meaning anything and start
    /// overflowing (a timeout of 1e300 s).
    static let seconds = 86_400.0
    static let attempts = 1...100

    func validate() throws {
        if let maxAttempts, !Self.attempts.contains(maxAttempts) {
            throw ValidationError("--max-attempts must be from 1 to 100, got \(maxAttempts)")
        }
        for (flag, value) in [("--connect-timeout", connectTimeout), ("--timeout", timeout)] {
            guard value.isFinite, value > 0, value <= Self.seconds else {
                throw ValidationError(
                    "\(flag) must be a number of seconds above 0 and at most \(Int(Self.seconds)) (a day), got \(RekfilterCommand.show(value))"
                )
            }
        }
    }

    func apply(to c: inout ServiceConfiguration) {
        c.region = region
        c.profile = profile
        c.endpointURL = endpointURL
        c.fips = fips
        c.dualStack = dualstack
        c.maxAttempts = maxAttempts
        c.connectTimeout = connectTimeout
        c.timeout = timeout
    }

    /// Every value as a command line without these flags leaves it, made without
    /// ArgumentParser: the start of OptionTable's quick path. A property left out here would trap
    /// when read (OptionTableTests checks that none is, and that the whole equals a parse of nothing).
    static var unset: ConnectionOptions {
        var options = ConnectionOptions()
        options.region = nil
        options.profile = nil
        options.endpointURL = nil
        options.fips = false
        options.dualstack = false
        options.maxAttempts = nil
        options.connectTimeout = Self.defaultConnectTimeout
        options.timeout = Self.defaultTimeout
        return options
    }
}
