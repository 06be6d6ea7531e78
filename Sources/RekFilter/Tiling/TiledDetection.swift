import Basics

/// `--tile` for one picture (README, Tiles): each tile of the upright picture cut out at full
/// resolution, encoded to the detector's limits and sent — up to `parallelism` at a time, each
/// on a detector of its own and through the run's limiter — then the detections merged into
/// the whole picture's. The answer has the first tile's shape, rebuilt from the merged
/// detections (`-f json` adds the whole picture's `Image` size and the number of `Tiles`).
struct TiledDetection: Sendable {
    var tiles: TileConfiguration
    var detectors: DetectorPool
    var parallelism: Int
    /// A single picture: its detectors end with it, and what they say as they end (a plugin
    /// that answered more than it was asked) fails it before anything is written.
    var endsWithPicture = false

    func detect(_ source: SourceImage, upright: PixelBuffer, grid: TileGrid, index: Int, limits: ServiceLimits) throws -> FrameDetections {
        let fitter = ImageFitter(limits: limits)
        let count = grid.tiles.count
        var found = [[Detection]](repeating: [], count: count)
        var shape: FrameDetections?
        // The first failure stops new tiles from starting; it is the picture's.
        let failed = Locked(false)
        try Parallel.inOrder(
            count, workers: parallelism,
            produce: { [detectors] i -> Result<FrameDetections, any Error> in
                if failed.withLock({ $0 }) { return .failure(TileNotSent()) }
                let result = Result { () throws -> FrameDetections in
                    let tile = grid.tiles[i]
                    let piece = try upright.cropped(x: tile.x, y: tile.y, width: tile.width, height: tile.height)
                    let fitted = try fitter.fit(tile: piece)
                    let prepared = PreparedImage(index: index, source: source, payload: .fitted(fitted)) {
                        var tighter = fitter
                        tighter.limits.maxBytes = fitted.bytes.count * 3 / 4
                        return try tighter.fit(tile: piece)
                    }
                    return try detectors.lend { try $0.detect(prepared) }
                }
                if case .failure = result { failed.withLock { $0 = true } }
                return result
            },
            consume: { i, result in
                let answer = try result.get()
                found[i] = answer.detections
                if shape == nil { shape = answer }
            })
        guard var merged = shape else { throw TileNotSent() }
        merged.detections = TileMerger(grid: grid, mergeIoU: tiles.mergeIoU).merge(found)
        merged.response = nil
        merged.responseHoldsDetections = true
        merged.tiles = count
        if endsWithPicture {
            detectors.close()
            if let late = detectors.lateFailures.error { throw late }
        }
        return merged
    }
}

/// A tile not sent because another tile of its picture failed first (never reported: the first
/// failure is).
struct TileNotSent: Error {}
