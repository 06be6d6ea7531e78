extension BoundingBox {
    /// The box in pixels of a `width`×`height` picture, clipped to it (x, y, w, h): the service
    /// may place a box partly outside the picture, and a file may hold any number at all.
    func pixels(width: Int, height: Int) -> (x: Double, y: Double, w: Double, h: Double) {
        func clip(_ v: Double, _ size: Int) -> Double { v.isNaN ? 0 : max(0, min(Double(size), v)) }
        let x0 = clip(left * Double(width), width)
        let y0 = clip(top * Double(height), height)
        let x1 = clip((left + max(0, self.width)) * Double(width), width)
        let y1 = clip((top + max(0, self.height)) * Double(height), height)
        return (x0, y0, max(0, x1 - x0), max(0, y1 - y0))
    }
}
