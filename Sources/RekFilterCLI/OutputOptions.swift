import AWSCore
import ArgumentParser
import Basics
import RekFilter

/// What is written, and where (docs/command-line.md; README, Output formats).
struct OutputOptions: ParsableArguments, Sendable {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output format (see --list-formats); default png, or from -o's extension.", valueName: "name"),
        completion: .custom { _, _, prefix in PluginCompletion.formats().filter { $0.hasPrefix(prefix) } })
    var format: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write there instead of stdout, atomically ('-' is stdout).", valueName: "file"))
    var output: String?

    @Option(
        name: .customLong("labels"),
        help: ArgumentHelp("Keep only these label names (comma-separated; repeatable: the union).", valueName: "a,b"))
    var labels: [String] = []

    @Option(
        name: .customLong("thresholds"),
        help: ArgumentHelp(
            "Per label the lowest confidence kept: a JSON file {\"label\": 0–100}, or model (the model's own, from its evaluation).",
            valueName: "file|model"))
    var thresholds: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("JPEG output quality, 1–100.", valueName: "q"))
    var quality = Self.defaultQuality

    @Option(
        name: .customLong("png-compression"),
        help: ArgumentHelp("PNG output: fast (zlib 1) or small (zlib 9, adaptive filters).", valueName: "fast|small"))
    var pngCompression = Self.defaultPNGCompression

    /// Also what `unset` leaves.
    static let defaultQuality = 90
    static let defaultPNGCompression = PNGCodec.Compression.fast

    @Option(help: ArgumentHelp("TrueType font for labels (default: DejaVu Sans Bold).", valueName: "path"))
    var font: String?

    @OptionGroup var redaction: RedactionOptions

    @Option(
        name: .customLong("crop-padding"), parsing: .unconditional,
        help: ArgumentHelp("crops: widen each box by this fraction of its size on every side, 0–1 (default 0).", valueName: "f"))
    var cropPadding: Double?

    @Flag(name: .customLong("svg-embed"), help: "svg: embed the picture under the overlay.")
    var svgEmbed = false

    @Flag(name: [.customShort("e"), .customLong("exit-status")], help: "Exit 1 when no label was kept (like grep).")
    var exitStatus = false

    @Option(
        name: .customLong("source-ref"),
        help: ArgumentHelp("manifest: the picture's s3:// URI (in --stream a template: %d, %05d take the frame number).", valueName: "uri"))
    var sourceRef: String?

    @Option(
        name: [.customShort("O"), .customLong("plugin-option")],
        help: ArgumentHelp("KEY=VALUE handed to a format or detector plugin (repeatable).", valueName: "key=value"))
    var pluginOptions: [String] = []

    @Option(name: .customLong("manifest-attribute"), help: ArgumentHelp("manifest: the label attribute's name.", valueName: "name"))
    var manifestAttribute: String?

    @Option(
        name: .customLong("classes"),
        help: ArgumentHelp(
            "Fix class numbers (coco, manifest, plugins) in this order: a,b,c, or a file with one name a line.", valueName: "list|file"))
    var classes: String?

    @Option(
        name: .customLong("image-name"),
        help: ArgumentHelp(
            "The picture's name in coco, voc, yolo, labelstudio (in --stream a template: %06d takes the frame number).",
            valueName: "name"))
    var imageName: String?

    func validate() throws {
        if let format, FormatRegistry.named(format) == nil, !PluginDiscovery.isValidName(format.lowercased()) {
            throw ValidationError("unknown format '\(format)' (see --list-formats)")
        }
        for pair in pluginOptions where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("-O wants KEY=VALUE, got '\(pair)'")
        }
        if let output {
            if output.isEmpty { throw ValidationError("-o needs a file name ('-' for stdout)") }
            if output != "-" && (output.hasSuffix("/") || Files.isDirectory(output)) {
                throw ValidationError("-o \(output) is a folder: name a file in it")
            }

        }
        if let cropPadding, !(cropPadding >= 0 && cropPadding <= 1) {
            throw ValidationError("--crop-padding must be from 0 to 1, got \(cropPadding)")
        }
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be from 1 to 100, got \(quality)") }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        if let manifestAttribute, manifestAttribute.isEmpty || !manifestAttribute.allSatisfy(allowed.contains) {
            throw ValidationError("--manifest-attribute must be letters, digits, '-', '_' or '.', got '\(manifestAttribute)'")
        }
        if let sourceRef, S3Location(uri: PictureNaming.expand(sourceRef, frame: 0, stream: true)) == nil {
            throw ValidationError("--source-ref must be an s3://bucket/key URI, got '\(sourceRef)'")
        }
        if let imageName, imageName.isEmpty || imageName.contains("\n") || imageName.contains("\0") {
            throw ValidationError("--image-name needs a name on one line")
        }
        if let classes, classes.trimmingSpaces().isEmpty { throw ValidationError("--classes needs at least one class name") }
        // Flags that only some formats read are refused with the others, as -j is without --stream.
        if let name = chosenFormatName, let format = FormatRegistry.named(name) {
            var unread: [String] = []
            if svgEmbed && name != SVGFormat.descriptor.name { unread.append("--svg-embed") }
            if cropPadding != nil && name != CropsFormat.descriptor.name { unread.append("--crop-padding") }
            if manifestAttribute != nil && name != ManifestFormat.descriptor.name { unread.append("--manifest-attribute") }
            if !format.usesNamesAndClasses {
                if sourceRef != nil { unread.append("--source-ref") }
                if imageName != nil { unread.append("--image-name") }
                if classes != nil { unread.append("--classes") }
            }
            if !unread.isEmpty {
                throw ValidationError("\(unread.joined(separator: ", ")) \(unread.count == 1 ? "does" : "do") nothing with -f \(name)")
            }
        }
        if redaction.redact != nil, let name = chosenFormatName ?? Optional("png"), !RedactionOptions.drawingFormats.contains(name) {
            throw ValidationError("--redact covers regions of the picture: it goes with -f png or jpeg, not \(name)")
        }
        if !labels.isEmpty && labelNames.isEmpty {
            throw ValidationError("--labels needs at least one label name (comma-separated)")
        }
    }

    /// The format's name as `-f` or `-o`'s extension gives it, if either does.
    var chosenFormatName: String? {
        if let format { return FormatRegistry.named(format)?.name }
        if let output { return FormatRegistry.forPath(output)?.name }
        return nil
    }

    /// `--labels`, every use of it: the union of the comma-separated names.
    var labelNames: Set<String> {
        Set(labels.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces() } }.filter { !$0.isEmpty })
    }

    /// The output side; a format no built-in has is looked for among the plugins (docs/plugins.md).
    func configuration(environment: [String: String]) throws -> OutputConfiguration {
        var c = OutputConfiguration()
        let plugins = PluginDiscovery(variables: environment)
        if let format {
            guard let named = try FormatRegistry.resolve(format, plugins: plugins) else {
                if let unusable = plugins.unusable(.format, named: format.lowercased()) { throw unusable }
                throw UsageError("unknown format '\(format)': neither built in nor a plugin (see --list-formats)")
            }
            c.format = named
        } else if let output, output != "-", let ext = FormatRegistry.fileExtension(of: output) {
            guard let implied = try FormatRegistry.forExtension(ext, plugins: plugins) else {
                throw UsageError("no format is known by the extension .\(ext) of -o \(output): give -f (see --list-formats)")
            }
            c.format = implied
        }
        c.formatOptions.plugin.pairs = pluginOptions.map { pair in
            let equals = pair.firstIndex(of: "=")!
            return PluginOption(name: String(pair[..<equals]), value: String(pair[pair.index(after: equals)...]))
        }
        c.path = output
        c.labels = labels.isEmpty ? nil : labelNames
        c.formatOptions.jpeg.quality = quality
        c.formatOptions.png.compression = pngCompression
        c.formatOptions.drawing.fontPath = font
        redaction.apply(to: &c.formatOptions.drawing)
        c.formatOptions.cropPadding = cropPadding ?? 0
        c.formatOptions.svg.embed = svgEmbed
        c.formatOptions.manifest.sourceRef = sourceRef
        c.formatOptions.manifest.attribute = manifestAttribute ?? "bounding-box"
        c.formatOptions.naming = PictureNaming(template: imageName, sourceRef: sourceRef)
        if let classes { c.formatOptions.classes = try Self.classNames(classes) }
        c.exitStatusOnNoLabels = exitStatus
        return c
    }

    /// Every value as a command line without these flags leaves it, made without
    /// ArgumentParser: the start of OptionTable's quick path. A property left out here would trap
    /// when read (OptionTableTests checks that none is, and that the whole equals a parse of nothing).
    static var unset: OutputOptions {
        var options = OutputOptions()
        options.format = nil
        options.output = nil
        options.labels = []
        options.thresholds = nil
        options.quality = Self.defaultQuality
        options.pngCompression = Self.defaultPNGCompression
        options.font = nil
        options.redaction = RedactionOptions.unset
        options.cropPadding = nil
        options.svgEmbed = false
        options.exitStatus = false
        options.sourceRef = nil
        options.pluginOptions = []
        options.manifestAttribute = nil
        options.classes = nil
        options.imageName = nil
        return options
    }
}

extension OutputOptions {
    /// `--classes`: a file of names, one a line (blank lines and `#` comments skipped), when one
    /// exists by that name; else names separated by commas.
    static func classNames(_ value: String) throws -> [String] {
        let names: [String]
        if Files.isRegularFile(value) {
            guard let text = Files.readText(value, limit: 16 << 20) else {
                throw UsageError("--classes \(value): the file cannot be read")
            }
            names = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { String($0).trimmingSpaces() }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        } else {
            names = value.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        }
        guard !names.isEmpty else { throw UsageError("--classes \(value) names no class") }
        return names
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

extension PNGCodec.Compression: ExpressibleByArgument {}
