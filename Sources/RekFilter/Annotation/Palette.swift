/// A colour per label name. Twenty distinct colours, each dark or saturated enough to be seen
/// on a light picture and outlined by a dark halo on a dark one (Tableau 20 without its pale
/// greys, greens and blues, which vanish on light pictures, and with Vega's category20b darks in
/// their place): a name's colour is chosen by a hash of the name, so the same name gets the same
/// colour in every frame, run and format. The labels of one picture never share a colour: if two
/// hash to the same, the one later in name order takes the next free colour. A person marked
/// as lacking required equipment (`person MISSING …`) is always `alert`, which no label shares.
public enum Palette {
    public static let colors: [RGB] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x393B79, 0xBCBD22, 0x17BECF,
        0x637939, 0xE6550D, 0x3182BD, 0x843C39, 0x7B4173, 0x31A354, 0xAD494A, 0x8C6D31, 0x6B6ECF, 0xCE6DBD,
    ].map { RGB(hex: $0) }

    /// Persons missing required protective equipment: pure red, in no label's way.
    public static let alert = RGB(hex: 0xFF0000)

    public static func color(for name: String) -> RGB {
        if name.hasPrefix("person MISSING") { return alert }
        return colors[Int(fnv1a(name) % UInt64(colors.count))]
    }

    /// Colours for the labels of one picture: each name's own, unless an earlier name (in
    /// name order) took it; then the next colour free in this picture.
    public static func colors(for names: some Sequence<String>) -> [String: RGB] {
        var taken = Set<Int>()
        var chosen: [String: RGB] = [:]
        for name in Set(names).sorted() {
            if name.hasPrefix("person MISSING") {
                chosen[name] = alert
                continue
            }
            var index = Int(fnv1a(name) % UInt64(colors.count))
            for _ in 0..<colors.count where taken.contains(index) { index = (index + 1) % colors.count }
            taken.insert(index)
            chosen[name] = colors[index]
        }
        return chosen
    }

    /// The hash that picks a name's colour (Support's FNV-1a).
    static func fnv1a(_ s: String) -> UInt64 { RekFilter.fnv1a(s) }
}
