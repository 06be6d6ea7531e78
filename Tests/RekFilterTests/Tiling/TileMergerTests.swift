import RekFilter
import Testing

/// Putting tiles' detections back together: mapped to the whole picture, the halves of an
/// object cut by a tile edge joined, duplicates from the overlap suppressed, per label.
@Suite struct TileMergerTests {
    /// Two tiles side by side: x 0–1000 and x 800–1800 of a 1800×1000 picture.
    let grid = TileGrid(width: 1800, height: 1000, tile: TileConfiguration(width: 1000, height: 1000))

    /// A detection given in pixels of tile `tile`, as the detector says it: ratios of the tile.
    func seen(_ label: String, _ confidence: Double, in tile: Int, x0: Double, y0: Double, x1: Double, y1: Double) -> Detection {
        let t = grid.tiles[tile]
        let (w, h) = (Double(t.width), Double(t.height))
        return Detection(
            label: label, confidence: confidence,
            box: BoundingBox(width: (x1 - x0) / w, height: (y1 - y0) / h, left: (x0 - Double(t.x)) / w, top: (y0 - Double(t.y)) / h))
    }

    func pixels(_ d: Detection) -> [Double] {
        let b = d.box!
        return [b.left * 1800, b.top * 1000, (b.left + b.width) * 1800, (b.top + b.height) * 1000].map { ($0 * 10).rounded() / 10 }
    }

    @Test func anObjectAcrossATileEdgeIsOneBox() {
        #expect(grid.tiles.map(\.x) == [0, 800])
        // The object spans x 600–1400: tile 0 sees 600–1000 (cut), tile 1 sees 800–1400 (cut).
        let merged = TileMerger(grid: grid, mergeIoU: 0.5).merge([
            [seen("car", 80, in: 0, x0: 600, y0: 100, x1: 1000, y1: 300)],
            [seen("car", 90, in: 1, x0: 800, y0: 102, x1: 1400, y1: 298)],
        ])
        #expect(merged.count == 1)
        #expect(pixels(merged[0]) == [600, 100, 1400, 300])
        #expect(merged[0].confidence == 90)
    }

    @Test func anObjectInTheOverlapSeenTwiceIsKeptOnce() {
        let merged = TileMerger(grid: grid, mergeIoU: 0.5).merge([
            [seen("car", 70, in: 0, x0: 850, y0: 500, x1: 950, y1: 600)],
            [seen("car", 95, in: 1, x0: 852, y0: 501, x1: 951, y1: 600)],
        ])
        #expect(merged.count == 1)
        #expect(merged[0].confidence == 95)
    }

    @Test func neighboursOfDifferentLabelsOrApartStayApart() {
        let merged = TileMerger(grid: grid, mergeIoU: 0.5).merge([
            [seen("car", 80, in: 0, x0: 600, y0: 100, x1: 1000, y1: 300), seen("car", 60, in: 0, x0: 10, y0: 10, x1: 50, y1: 50)],
            // Continues the car's edge but is a bus; and a car far below the cut one.
            [seen("bus", 90, in: 1, x0: 800, y0: 100, x1: 1400, y1: 300), seen("car", 85, in: 1, x0: 800, y0: 700, x1: 1200, y1: 900)],
        ])
        #expect(merged.count == 4)
        #expect(merged.map(\.confidence) == [90, 85, 80, 60])
    }

    @Test func polygonsAndPointsAreMappedToTheWholePicture() {
        let tile = grid.tiles[1]
        let detection = Detection(
            label: "face", confidence: 99, box: BoundingBox(width: 0.1, height: 0.1, left: 0.5, top: 0.5),
            polygon: [Point(x: 0.5, y: 0.5), Point(x: 0.6, y: 0.6)], points: [Landmark(x: 0.55, y: 0.52, name: "nose")])
        let merged = TileMerger(grid: grid, mergeIoU: 0.5).merge([[], [detection]])
        let x = { (r: Double) in (Double(tile.x) + r * 1000) / 1800 }
        #expect(merged[0].polygon == [Point(x: x(0.5), y: 0.5), Point(x: x(0.6), y: 0.6)])
        #expect(merged[0].points == [Landmark(x: x(0.55), y: 0.52, name: "nose")])
        #expect(abs(merged[0].box!.left - x(0.5)) < 1e-12 && abs(merged[0].box!.width - 100.0 / 1800) < 1e-12)
    }

    @Test func imageLevelLabelsAreKeptOnceAtTheirBest() {
        let merged = TileMerger(grid: grid, mergeIoU: 0.5).merge([
            [Detection(label: "outdoor", confidence: 70)], [Detection(label: "outdoor", confidence: 88)],
        ])
        #expect(merged == [Detection(label: "outdoor", confidence: 88)])
    }

    @Test func anObjectOverFourTilesIsJoinedWhole() {
        let grid = TileGrid(width: 1800, height: 1800, tile: TileConfiguration(width: 1000, height: 1000))
        func seen(_ tile: Int, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Detection {
            let t = grid.tiles[tile]
            return Detection(
                label: "lake", confidence: 50 + Double(tile),
                box: BoundingBox(
                    width: (x1 - x0) / 1000, height: (y1 - y0) / 1000, left: (x0 - Double(t.x)) / 1000, top: (y0 - Double(t.y)) / 1000))
        }
        // The lake spans 600–1400 both ways; each tile sees its quarter, cut on two sides.
        let merged = TileMerger(grid: grid, mergeIoU: 0.5).merge([
            [seen(0, 600, 600, 1000, 1000)], [seen(1, 800, 600, 1400, 1000)], [seen(2, 600, 800, 1000, 1400)],
            [seen(3, 800, 800, 1400, 1400)],
        ])
        #expect(merged.count == 1)
        let b = merged[0].box!
        #expect([b.left, b.top, b.left + b.width, b.top + b.height].map { ($0 * 1800).rounded() } == [600, 600, 1400, 1400])
    }
}

@Suite struct TileMergerOddBoxesTests {
    /// Boxes of no area, outside their tile, or not finite are kept as they came, each once.
    @Test func oddBoxesAreKeptAsTheyCame() {
        let grid = TileGrid(width: 1800, height: 1000, tile: TileConfiguration(width: 1000, height: 1000))
        let flat = Detection(label: "car", confidence: 50, box: BoundingBox(width: 0, height: 0.1, left: 0.5, top: 0.5))
        let outside = Detection(label: "car", confidence: 40, box: BoundingBox(width: 0.1, height: 0.1, left: 2, top: 2))
        let huge = Detection(label: "car", confidence: 30, box: BoundingBox(width: 1e300, height: 1e300, left: -1e300, top: -1e300))
        let merged = TileMerger(grid: grid, mergeIoU: 0.5).merge([[flat, outside], [huge]])
        #expect(merged.count == 3)
        #expect(merged.map(\.confidence) == [50, 40, 30])
    }
}
