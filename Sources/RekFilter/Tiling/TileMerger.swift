/// Puts the detections of a picture's tiles back together (README, Tiles):
/// 1. each tile's coordinates (ratios of the tile) become ratios of the whole picture — boxes,
///    polygons and points alike;
/// 2. a box cut by a tile's inner edge is joined with the box of the same label that continues
///    it past that edge (from the neighbouring tile), into one box around both, until none is
///    left to join: an object lying across tiles is one detection, not two halves;
/// 3. per label, non-maximum suppression: of boxes overlapping by at least `mergeIoU`
///    (intersection over union) — an object inside the overlap seen by two tiles — the most
///    confident is kept.
/// Image-level labels (no box) are kept once per label, at their highest confidence.
public struct TileMerger: Sendable {
    public var grid: TileGrid
    public var mergeIoU: Double

    public init(grid: TileGrid, mergeIoU: Double) {
        self.grid = grid
        self.mergeIoU = mergeIoU
    }

    /// A box in pixels of the whole picture, with the sides where its tile's edge cut it.
    struct Piece {
        var detection: Detection
        /// In pixels of the whole picture, clipped to the tile (or tiles) it was seen in.
        var edges: BoxEdges
        /// The tiles it was seen in (more than one once joined).
        var tiles: Set<Int>
        var cutLeft = false, cutRight = false, cutTop = false, cutBottom = false
    }

    /// `found[i]`: what tile `i` of the grid gave. The result is ordered by confidence, highest first.
    public func merge(_ found: [[Detection]]) -> [Detection] {
        var pieces: [Piece] = []
        var unplaced: [String: Detection] = [:]
        var unplacedOrder: [String] = []
        var stray: [Detection] = []
        for (index, detections) in found.enumerated() where index < grid.tiles.count {
            let tile = grid.tiles[index]
            for detection in detections {
                let mapped = map(detection, from: tile)
                if mapped.box != nil, piece(mapped, tile: index) == nil {
                    // A box of no area within its tile (or wholly outside it): kept as it came.
                    stray.append(mapped)
                    continue
                }
                guard let piece = piece(mapped, tile: index) else {
                    if let kept = unplaced[mapped.label] {
                        if mapped.confidence > kept.confidence { unplaced[mapped.label] = mapped }
                    } else {
                        unplaced[mapped.label] = mapped
                        unplacedOrder.append(mapped.label)
                    }
                    continue
                }
                pieces.append(piece)
            }
        }
        var byLabel: [String: [Piece]] = [:]
        var labels: [String] = []
        for piece in pieces {
            if byLabel[piece.detection.label] == nil { labels.append(piece.detection.label) }
            byLabel[piece.detection.label, default: []].append(piece)
        }
        var merged: [Detection] = []
        for label in labels {
            merged += suppress(join(byLabel[label]!)).map(\.detection)
        }
        merged += unplacedOrder.compactMap { unplaced[$0] } + stray
        // Stable: equal confidences keep the tiles' order.
        return merged.enumerated().sorted { ($0.element.confidence, -$0.offset) > ($1.element.confidence, -$1.offset) }.map(\.element)
    }

    /// A detection's coordinates, from ratios of `tile` to ratios of the whole picture.
    func map(_ detection: Detection, from tile: TileGrid.Tile) -> Detection {
        let (w, h) = (Double(grid.width), Double(grid.height))
        let (tx, ty, tw, th) = (Double(tile.x), Double(tile.y), Double(tile.width), Double(tile.height))
        func x(_ r: Double) -> Double { (tx + r * tw) / w }
        func y(_ r: Double) -> Double { (ty + r * th) / h }
        var mapped = detection
        if let box = detection.box {
            mapped.box = BoundingBox(width: box.width * tw / w, height: box.height * th / h, left: x(box.left), top: y(box.top))
        }
        mapped.polygon = detection.polygon?.map { Point(x: x($0.x), y: y($0.y)) }
        mapped.points = detection.points?.map { Landmark(x: x($0.x), y: y($0.y), name: $0.name) }
        return mapped
    }

    /// The mapped detection in pixels, with the inner tile edges it touches (within 1.5% of
    /// the tile's side, at least 2 px: a detector's box edge is seldom on the exact pixel).
    func piece(_ detection: Detection, tile index: Int) -> Piece? {
        guard let box = detection.box else { return nil }
        let (w, h) = (Double(grid.width), Double(grid.height))
        let tile = grid.tiles[index]
        let x0 = max(Double(tile.x), box.left * w)
        let y0 = max(Double(tile.y), box.top * h)
        let x1 = min(Double(tile.x + tile.width), (box.left + box.width) * w)
        let y1 = min(Double(tile.y + tile.height), (box.top + box.height) * h)
        guard x1 > x0, y1 > y0 else { return nil }
        let near = max(2, 0.015 * Double(min(tile.width, tile.height)))
        var piece = Piece(detection: detection, edges: BoxEdges(x0: x0, y0: y0, x1: x1, y1: y1), tiles: [index])
        piece.cutLeft = tile.x > 0 && x0 - Double(tile.x) <= near
        piece.cutTop = tile.y > 0 && y0 - Double(tile.y) <= near
        piece.cutRight = tile.x + tile.width < grid.width && Double(tile.x + tile.width) - x1 <= near
        piece.cutBottom = tile.y + tile.height < grid.height && Double(tile.y + tile.height) - y1 <= near
        return piece
    }

    /// Joins cut pieces with what continues them, until nothing more joins.
    func join(_ pieces: [Piece]) -> [Piece] {
        var pieces = pieces
        var joined = true
        while joined {
            joined = false
            search: for i in pieces.indices {
                for j in pieces.indices where j != i && continues(pieces[i], pieces[j]) {
                    pieces[i] = union(pieces[i], pieces[j])
                    pieces.remove(at: j)
                    joined = true
                    break search
                }
            }
        }
        return pieces
    }

    /// Whether `b` (from another tile) goes on past the side where `a` was cut, overlapping
    /// `a` up to that edge and lying alongside it (their extents across the cut overlap by at
    /// least `mergeIoU` of the shorter).
    func continues(_ a: Piece, _ b: Piece) -> Bool {
        guard a.tiles.isDisjoint(with: b.tiles) else { return false }
        func alongside(_ a0: Double, _ a1: Double, _ b0: Double, _ b1: Double) -> Bool {
            let shorter = min(a1 - a0, b1 - b0)
            return shorter > 0 && (min(a1, b1) - max(a0, b0)) / shorter >= mergeIoU
        }
        let (p, q) = (a.edges, b.edges)
        let rows = alongside(p.y0, p.y1, q.y0, q.y1)
        let columns = alongside(p.x0, p.x1, q.x0, q.x1)
        if a.cutRight, rows, q.x1 > p.x1, q.x0 <= p.x1 { return true }
        if a.cutLeft, rows, q.x0 < p.x0, q.x1 >= p.x0 { return true }
        if a.cutBottom, columns, q.y1 > p.y1, q.y0 <= p.y1 { return true }
        if a.cutTop, columns, q.y0 < p.y0, q.y1 >= p.y0 { return true }
        return false
    }

    /// One piece around both: the higher confidence, a box only (the parts' polygons and
    /// points describe halves), cut where either still is on the outside.
    func union(_ a: Piece, _ b: Piece) -> Piece {
        var joined = a.detection.confidence >= b.detection.confidence ? a : b
        let e = a.edges.union(b.edges)
        joined.edges = e
        joined.cutLeft = (a.cutLeft && a.edges.x0 == e.x0) || (b.cutLeft && b.edges.x0 == e.x0)
        joined.cutRight = (a.cutRight && a.edges.x1 == e.x1) || (b.cutRight && b.edges.x1 == e.x1)
        joined.cutTop = (a.cutTop && a.edges.y0 == e.y0) || (b.cutTop && b.edges.y0 == e.y0)
        joined.cutBottom = (a.cutBottom && a.edges.y1 == e.y1) || (b.cutBottom && b.edges.y1 == e.y1)
        // The joined piece spans tiles: it may join again with a piece from a third.
        joined.tiles = a.tiles.union(b.tiles)
        let (w, h) = (Double(grid.width), Double(grid.height))
        joined.detection.box = BoundingBox(width: (e.x1 - e.x0) / w, height: (e.y1 - e.y0) / h, left: e.x0 / w, top: e.y0 / h)
        joined.detection.polygon = nil
        joined.detection.points = nil
        return joined
    }

    /// Greedy non-maximum suppression by confidence.
    func suppress(_ pieces: [Piece]) -> [Piece] {
        var kept: [Piece] = []
        for piece in pieces.sorted(by: { $0.detection.confidence > $1.detection.confidence }) {
            if !kept.contains(where: { $0.edges.iou(piece.edges) >= mergeIoU }) { kept.append(piece) }
        }
        return kept
    }
}
