/// A stable colour per label name: the same name gets the same colour in every frame, every
/// run and every format. Twenty distinct, saturated colours (Tableau 20, light and dark pairs
/// interleaved so that neighbours in the list differ strongly), picked by a hash of the name.
public enum Palette {
    public static let colors: [RGB] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
        0xAEC7E8, 0xFFBB78, 0x98DF8A, 0xFF9896, 0xC5B0D5, 0xC49C94, 0xF7B6D2, 0xC7C7C7, 0xDBDB8D, 0x9EDAE5,
    ].map { RGB(hex: $0) }

    public static func color(for name: String) -> RGB {
        colors[Int(fnv1a(name) % UInt64(colors.count))]
    }

    /// FNV-1a, 64-bit: fixed across runs and platforms (unlike Swift's seeded Hasher).
    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
