import ArgumentParser
import RekFilter

/// `--tile`, `--tile-overlap`, `--merge-iou` (README, Tiles): small objects in big pictures.
struct TileOptions: ParsableArguments, Sendable {
    @Option(
        help: ArgumentHelp(
            "Cut the upright picture into tiles of this size at full resolution, detect in each (side by side, -j at a time) and merge: small objects a shrunk picture loses are found.",
            valueName: "size|WxH"))
    var tile: String?

    @Option(
        name: .customLong("tile-overlap"),
        help: ArgumentHelp("With --tile: the share of a tile's side its neighbour overlaps, 0–0.9 (default 0.2).", valueName: "f"))
    var tileOverlap: Double?

    @Option(
        name: .customLong("merge-iou"),
        help: ArgumentHelp(
            "With --tile: boxes of one label from neighbouring tiles overlapping at least this much are one (default 0.5).", valueName: "f")
    )
    var mergeIoU: Double?

    func validate() throws {
        if tile == nil && (tileOverlap != nil || mergeIoU != nil) {
            throw ValidationError("\(tileOverlap != nil ? "--tile-overlap" : "--merge-iou") goes with --tile")
        }
        _ = try configuration
    }

    /// The tiles asked for, or nil without `--tile`.
    var configuration: TileConfiguration? {
        get throws {
            guard let tile else { return nil }
            let parts = tile.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            let sides = parts.map { Int(String($0).trimmingSpaces()) }
            guard (1...2).contains(parts.count), let width = sides.first ?? nil, let height = sides.last ?? nil,
                (1...1_000_000).contains(width), (1...1_000_000).contains(height)
            else {
                throw ValidationError("--tile takes a size in pixels, SIZE or WIDTHxHEIGHT (such as 1024 or 1280x960), got '\(tile)'")
            }
            let overlap = tileOverlap ?? 0.2
            guard overlap.isFinite, (0...0.9).contains(overlap) else {
                throw ValidationError("--tile-overlap must be from 0 to 0.9, got \(RekfilterCommand.show(overlap))")
            }
            let iou = mergeIoU ?? 0.5
            guard iou.isFinite, iou > 0, iou <= 1 else {
                throw ValidationError("--merge-iou must be above 0 and at most 1, got \(RekfilterCommand.show(iou))")
            }
            return TileConfiguration(width: width, height: height, overlap: overlap, mergeIoU: iou)
        }
    }

    /// Every value as a command line without these flags leaves it, made without
    /// ArgumentParser: the start of OptionTable's quick path. A property left out here would trap
    /// when read (OptionTableTests checks that none is, and that the whole equals a parse of nothing).
    static var unset: TileOptions {
        var options = TileOptions()
        options.tile = nil
        options.tileOverlap = nil
        options.mergeIoU = nil
        return options
    }
}
