import AWSCore
import ArgumentParser
import RekFilter

/// Which model, where, and how patiently (README, What it does with your image; docs/command-line.md; README, Credentials, region, endpoint).
struct ServiceOptions: ParsableArguments, Sendable {
    @Option(
        name: .customLong("detect"),
        help: ArgumentHelp(
            "What finds the objects: custom-labels (default), labels, faces, text, ppe, moderation, celebrities, or a detector plugin (see --list-detectors).",
            valueName: "name"),
        completion: .custom { _, _, prefix in PluginCompletion.detectors().filter { $0.hasPrefix(prefix) } })
    var detect = DetectCustomLabels.detectorName

    @Option(name: .customLong("text-level"), help: ArgumentHelp("--detect text: lines (default) or words.", valueName: "line|word"))
    var textLevel: DetectText.Level?

    @Option(
        name: .customLong("attributes"),
        help: ArgumentHelp("--detect faces: DEFAULT, ALL, or attribute names.", valueName: "DEFAULT|ALL|a,b"))
    var attributes: String?

    @Option(
        name: .customLong("required-equipment"),
        help: ArgumentHelp("--detect ppe: FACE_COVER, HAND_COVER, HEAD_COVER (comma-separated).", valueName: "a,b"))
    var requiredEquipment: String?
    @Option(
        name: [.customShort("m"), .customLong("model"), .customLong("project-version-arn")],
        help: ArgumentHelp("The model version ARN (or REKFILTER_MODEL).", valueName: "arn"))
    var model: String?

    @Option(
        name: .customLong("min-confidence"), parsing: .unconditional,
        help: ArgumentHelp("Minimum confidence, 0–100, sent to the service.", valueName: "n"))
    var minConfidence: Double?

    @Option(
        name: .customLong("max-results"), parsing: .unconditional, help: ArgumentHelp("Most labels the service returns.", valueName: "n"))
    var maxResults: Int?

    @OptionGroup var connection: ConnectionOptions

    @Option(
        name: .customLong("cache"),
        help: ArgumentHelp(
            "Keep each answer in this folder and serve it again without a call (batch: by default, in $XDG_CACHE_HOME/rekfilter).",
            valueName: "dir"))
    var cache: String?

    @Flag(name: .customLong("no-cache"), help: "Keep no answers and send every request (batch keeps them by default).")
    var noCache = false

    static let maxResultsRange = 0...Int(Int32.max)

    func validate() throws {
        if let minConfidence, !(minConfidence >= 0 && minConfidence <= 100) {
            throw ValidationError("--min-confidence must be a number from 0 to 100, got \(RekfilterCommand.show(minConfidence))")
        }
        if let maxResults, !Self.maxResultsRange.contains(maxResults) {
            throw ValidationError("--max-results must be from 0 to \(Self.maxResultsRange.upperBound), got \(maxResults)")
        }
        let builtIn = BuiltInDetectors.names.contains(detect)
        if !builtIn && !PluginDiscovery.isValidName(detect) {
            throw ValidationError("unknown detector '\(detect)' (see --list-detectors)")
        }
        if textLevel != nil && detect != DetectText.detectorName { throw ValidationError("--text-level goes with --detect text") }
        if attributes != nil && detect != DetectFaces.detectorName { throw ValidationError("--attributes goes with --detect faces") }
        if let attributes {
            // DetectFaces' Attribute enumeration (botocore's service model): anything else the
            // service would refuse after the picture was read and sent.
            let known: Set = [
                "DEFAULT", "ALL", "AGE_RANGE", "BEARD", "EMOTIONS", "EYE_DIRECTION", "EYEGLASSES", "EYES_OPEN", "GENDER", "MOUTH_OPEN",
                "MUSTACHE", "FACE_OCCLUDED", "SMILE", "SUNGLASSES",
            ]
            let given = attributes.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces().uppercased() }
            if let bad = given.first(where: { !known.contains($0) }) {
                throw ValidationError(
                    "--attributes takes DEFAULT, ALL or a list of \(known.subtracting(["DEFAULT", "ALL"]).sorted().joined(separator: ", ")); got '\(bad)'"
                )
            }
        }
        if let requiredEquipment {
            guard detect == DetectProtectiveEquipment.detectorName else {
                throw ValidationError("--required-equipment goes with --detect ppe")
            }
            let known: Set = ["FACE_COVER", "HAND_COVER", "HEAD_COVER"]
            let given = requiredEquipment.split(separator: ",").map { String($0).trimmingSpaces().uppercased() }
            guard !given.isEmpty, given.allSatisfy(known.contains) else {
                throw ValidationError("--required-equipment takes FACE_COVER, HAND_COVER, HEAD_COVER, got '\(requiredEquipment)'")
            }
        }
        if cache != nil && noCache { throw ValidationError("--cache and --no-cache contradict each other") }
        if cache?.isEmpty == true { throw ValidationError("--cache needs a folder") }
    }

    func configuration(environment: [String: String]) throws -> ServiceConfiguration {
        var c = ServiceConfiguration()
        c.detector = detect
        c.textLevel = textLevel ?? .line
        if let attributes { c.faceAttributes = attributes.split(separator: ",").map { String($0).trimmingSpaces().uppercased() } }
        if let requiredEquipment {
            c.requiredEquipment = requiredEquipment.split(separator: ",").map { String($0).trimmingSpaces().uppercased() }
        }
        if !BuiltInDetectors.names.contains(detect) {
            let plugins = PluginDiscovery(variables: environment)
            guard let path = plugins.find(.detector, named: detect) else {
                if let unusable = plugins.unusable(.detector, named: detect) { throw unusable }
                throw UsageError("unknown detector '\(detect)': neither built in nor a plugin (see --list-detectors)")
            }
            c.detectorPlugin = try plugins.handshake(.detector, name: detect, path: path)
        }
        c.model = model ?? environment["REKFILTER_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        if let arn = c.model { _ = try ModelOption.check(arn) }
        c.minConfidence = minConfidence
        c.maxResults = maxResults
        c.cacheDirectory = noCache ? nil : cache
        connection.apply(to: &c)
        return c
    }

    /// Every value as a command line without these flags leaves it, made without
    /// ArgumentParser: the start of OptionTable's quick path. A property left out here would trap
    /// when read (OptionTableTests checks that none is, and that the whole equals a parse of nothing).
    static var unset: ServiceOptions {
        var options = ServiceOptions()
        options.detect = DetectCustomLabels.detectorName
        options.textLevel = nil
        options.attributes = nil
        options.requiredEquipment = nil
        options.model = nil
        options.minConfidence = nil
        options.maxResults = nil
        options.connection = ConnectionOptions.unset
        options.cache = nil
        options.noCache = false
        return options
    }
}

extension DetectText.Level: ExpressibleByArgument {}
