/// The boxes of a frame between two calls of `--every N --track` (README, Tracks): each tracked
/// object of the first call where it is a fraction `t` of the way to where the second call saw
/// it — its box, polygon and points alike; an object the second call did not see stays where the
/// first saw it, and one that only the second saw is not drawn before it is seen.
public enum Interpolation {
    public static func between(_ first: [Detection], _ second: [Detection], at t: Double) -> [Detection] {
        var later: [Int: Detection] = [:]
        for detection in second { if let id = detection.track { later[id] = detection } }
        return first.map { detection in
            guard let id = detection.track, let next = later[id], let a = detection.box, let b = next.box else { return detection }
            func mix(_ x: Double, _ y: Double) -> Double { x + (y - x) * t }
            var moved = detection
            let box = BoundingBox(
                width: mix(a.width, b.width), height: mix(a.height, b.height), left: mix(a.left, b.left), top: mix(a.top, b.top))
            moved.box = box
            // Shapes move with the box's centre unless both calls gave them point for point.
            let dx = (box.left + box.width / 2) - (a.left + a.width / 2)
            let dy = (box.top + box.height / 2) - (a.top + a.height / 2)
            if let p = detection.polygon {
                if let q = next.polygon, q.count == p.count {
                    moved.polygon = zip(p, q).map { Point(x: mix($0.x, $1.x), y: mix($0.y, $1.y)) }
                } else {
                    moved.polygon = p.map { Point(x: $0.x + dx, y: $0.y + dy) }
                }
            }
            if let p = detection.points {
                let q = next.points ?? []
                moved.points = p.map { point in
                    if let match = q.first(where: { $0.name == point.name && !point.name.isEmpty }) {
                        return Landmark(x: mix(point.x, match.x), y: mix(point.y, match.y), name: point.name)
                    }
                    return Landmark(x: point.x + dx, y: point.y + dy, name: point.name)
                }
            }
            return moved
        }
    }
}
