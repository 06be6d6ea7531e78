/// The options formats take from the command line, each format's in its own type.
public struct FormatOptions: Sendable {
    public var drawing = DrawingOptions()
    public var png = PNGFormat.Options()
    public var jpeg = JPEGFormat.Options()
    public var svg = SVGFormat.Options()
    public var manifest = ManifestFormat.Options()
    public var plugin = PluginFormat.Options()
    /// What each picture is called (COCO's `file_name`, VOC's `<filename>` …).
    public var naming = PictureNaming()
    /// `--classes`: class names whose numbers are fixed, in this order.
    public var classes: [String] = []
    /// Where the data-set formats say what they leave out (nil: nowhere).
    public var diagnostics: (any Diagnostics)?

    public init() {}
}

/// How labels are drawn, in every format that draws or lays them out.
public struct DrawingOptions: Sendable {
    /// A TrueType font for tags (`--font`); nil: DejaVu Sans Bold, else the built-in font.
    public var fontPath: String?
    /// Told of font problems (an unusable `--font`, characters the font lacks), once each.
    public var diagnostics: (any Diagnostics)?

    public init(fontPath: String? = nil, diagnostics: (any Diagnostics)? = nil) {
        self.fontPath = fontPath
        self.diagnostics = diagnostics
    }
}
