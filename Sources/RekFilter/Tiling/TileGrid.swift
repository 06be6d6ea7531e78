/// How `--tile` cuts a picture (README, Tiles): tiles of one size at full resolution, each
/// overlapping its neighbours by `overlap` of its side; the last tile of a row or column is
/// moved back to end at the picture's edge, so that every tile is whole (as SAHI cuts).
public struct TileGrid: Sendable, Equatable {
    /// One tile, in pixels of the upright picture.
    public struct Tile: Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int

        public init(x: Int, y: Int, width: Int, height: Int) {
            (self.x, self.y, self.width, self.height) = (x, y, width, height)
        }
    }

    public var width: Int
    public var height: Int
    public var tiles: [Tile]

    /// The tiles of a `width`×`height` picture. A picture no larger than one tile is one tile,
    /// the whole picture.
    public init(width: Int, height: Int, tile: TileConfiguration) {
        self.width = width
        self.height = height
        let columns = Self.starts(length: width, tile: tile.width, overlap: tile.overlap)
        let rows = Self.starts(length: height, tile: tile.height, overlap: tile.overlap)
        tiles = rows.flatMap { y in
            columns.map { x in Tile(x: x, y: y, width: min(tile.width, width), height: min(tile.height, height)) }
        }
    }

    /// Whether the picture is cut at all (more than one tile).
    public var isTiled: Bool { tiles.count > 1 }

    /// Where tiles begin along one side.
    static func starts(length: Int, tile: Int, overlap: Double) -> [Int] {
        guard length > tile, tile > 0 else { return [0] }
        let step = max(1, Int((Double(tile) * (1 - overlap)).rounded(.down)))
        var starts: [Int] = []
        var start = 0
        while start + tile < length {
            starts.append(start)
            start += step
        }
        starts.append(length - tile)
        return starts
    }
}

/// `--tile`, `--tile-overlap`, `--merge-iou`.
public struct TileConfiguration: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Of a tile's side, shared with its neighbour: 0 ≤ overlap < 1 (default 0.2).
    public var overlap: Double
    /// Boxes of one label overlapping at least this much (intersection over union) are one.
    public var mergeIoU: Double

    public init(width: Int, height: Int, overlap: Double = 0.2, mergeIoU: Double = 0.5) {
        self.width = width
        self.height = height
        self.overlap = overlap
        self.mergeIoU = mergeIoU
    }
}
