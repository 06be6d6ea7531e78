/// FNV-1a, 64-bit, of a string's UTF-8: fixed across runs and platforms (unlike Swift's seeded
/// `Hasher`), for what must come out the same every time — label colours, COCO ids.
func fnv1a(_ s: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s.utf8 {
        h ^= UInt64(b)
        h = h &* 0x0000_0100_0000_01B3
    }
    return h
}
