/// The options formats take from the command line, each format's in its own type.
public struct FormatOptions: Sendable, Equatable {
    public var drawing = DrawingOptions()
    public var png = PNGFormat.Options()
    public var jpeg = JPEGFormat.Options()
    public var svg = SVGFormat.Options()
    public var manifest = ManifestFormat.Options()
    public var plugin = PluginFormat.Options()
    /// What each picture is called (COCO's `file_name`, VOC's `<filename>` …).
    public var naming = PictureNaming()
    /// `-f crops`: `--crop-padding`, the fraction of a box's width and height added on each side.
    public var cropPadding = 0.0
    /// `--classes`: class names whose numbers are fixed, in this order.
    public var classes: [String] = []
    /// `--track`: the data formats carry each detection's track id (csv's `track_id` column).
    public var tracks = false

    public init() {}
}

/// How labels are drawn, in every format that draws or lays them out.
public struct DrawingOptions: Sendable, Equatable {
    /// A TrueType font for tags (`--font`); nil: DejaVu Sans Bold, else the built-in font.
    public var fontPath: String?
    /// `--redact`: cover the regions found instead of outlining them.
    public var redact: Redactor.Mode?
    /// `--redact-labels`: only these (nil: every label).
    public var redactLabels: Set<String>?
    /// `--boxes` with `--redact`: outline, tag and legend too, over the covered regions.
    public var boxesWhenRedacting = false

    public init(fontPath: String? = nil) { self.fontPath = fontPath }
}
