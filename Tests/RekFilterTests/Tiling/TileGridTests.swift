import RekFilter
import Testing

/// How `--tile` cuts a picture: whole tiles, overlapping, the last moved back to the edge.
@Suite struct TileGridTests {
    @Test func tilesCoverThePictureWholeAndOverlap() {
        let grid = TileGrid(width: 3000, height: 2000, tile: TileConfiguration(width: 1024, height: 1024))
        #expect(Set(grid.tiles.map(\.x)) == [0, 819, 1638, 1976])
        #expect(Set(grid.tiles.map(\.y)) == [0, 819, 976])
        #expect(grid.tiles.count == 12)
        #expect(grid.tiles.allSatisfy { $0.width == 1024 && $0.height == 1024 })
        // Every pixel is in some tile; neighbours share at least the overlap.
        for x in stride(from: 0, to: 3000, by: 7) {
            #expect(grid.tiles.contains { x >= $0.x && x < $0.x + $0.width })
        }
        #expect(grid.tiles.contains { $0.x + $0.width == 3000 } && grid.tiles.contains { $0.y + $0.height == 2000 })
    }

    @Test func aPictureNoLargerThanATileIsOneTile() {
        let grid = TileGrid(width: 1024, height: 700, tile: TileConfiguration(width: 1024, height: 1024))
        #expect(!grid.isTiled)
        #expect(grid.tiles == [TileGrid.Tile(x: 0, y: 0, width: 1024, height: 700)])
    }

    @Test func aLongThinPictureIsCutAlongItsLengthOnly() {
        let grid = TileGrid(width: 5000, height: 600, tile: TileConfiguration(width: 1000, height: 1000, overlap: 0))
        #expect(grid.tiles.map(\.x) == [0, 1000, 2000, 3000, 4000])
        #expect(grid.tiles.allSatisfy { $0.y == 0 && $0.height == 600 && $0.width == 1000 })
    }
}
