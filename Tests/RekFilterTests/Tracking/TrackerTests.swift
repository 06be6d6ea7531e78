import RekFilter
import Testing

/// The tracker: ids that follow objects through crossing, stopping, leaving and coming back.
@Suite struct TrackerTests {
    func car(_ left: Double, _ top: Double = 0.4, confidence: Double = 90, label: String = "car") -> Detection {
        Detection(label: label, confidence: confidence, box: BoundingBox(width: 0.1, height: 0.1, left: left, top: top))
    }

    @Test func objectsThatCrossKeepTheirIds() {
        var tracker = Tracker()
        var seen: [[Int?]] = []
        for frame in 0..<12 {
            // a goes right, b goes left, a third of a width a frame; they pass through each other.
            let found = tracker.update(frame: frame, [car(0.3 + 0.03 * Double(frame)), car(0.63 - 0.03 * Double(frame), 0.41)])
            seen.append(found.map(\.track))
        }
        #expect(seen.allSatisfy { $0 == [1, 2] }, "\(seen)")
    }

    @Test func anObjectThatStopsAndGoesOnKeepsItsId() {
        var tracker = Tracker()
        var positions: [Double] = (0..<5).map { 0.1 + 0.02 * Double($0) }
        positions += Array(repeating: 0.18, count: 10)
        positions += (1...5).map { 0.18 + 0.02 * Double($0) }
        let ids = positions.enumerated().map { tracker.update(frame: $0.offset, [car($0.element)])[0].track }
        #expect(Set(ids) == [1], "\(ids)")
    }

    /// `--track-buffer 5`: a track last seen at frame 1 is kept to frame 6, and gone at frame 7.
    @Test(arguments: [(6, 1), (7, 2)])
    func anObjectBackWithinTheBufferIsTheSameAndAfterItANewOne(_ back: Int, _ id: Int) {
        var tracker = Tracker(buffer: 5)
        #expect(tracker.update(frame: 0, [car(0.5)])[0].track == 1)
        #expect(tracker.update(frame: 1, [car(0.5)])[0].track == 1)
        for frame in 2..<back { #expect(tracker.update(frame: frame, []).isEmpty) }
        #expect(tracker.update(frame: back, [car(0.5)])[0].track == id)
    }

    @Test func labelsAreTrackedApart() {
        var tracker = Tracker()
        let first = tracker.update(frame: 0, [car(0.5), car(0.5, label: "person")])
        let second = tracker.update(frame: 1, [car(0.51, label: "person"), car(0.51)])
        #expect(first.map(\.track) == [1, 2])
        #expect(second.map(\.track) == [2, 1])
    }

    /// ByteTrack's second stage: a faint detection continues a track; alone, it starts none.
    @Test func aFaintDetectionContinuesATrackButStartsNone() {
        var tracker = Tracker()
        #expect(tracker.update(frame: 0, [car(0.5)])[0].track == 1)
        #expect(tracker.update(frame: 1, [car(0.51, confidence: 20)])[0].track == 1)
        #expect(tracker.update(frame: 2, [car(0.52), car(0.1, confidence: 20)]).map(\.track) == [1, nil])
    }

    /// Detections without a box (a scene label) are not tracked.
    @Test func imageLevelLabelsGetNoId() {
        var tracker = Tracker()
        #expect(tracker.update(frame: 0, [Detection(label: "outdoor", confidence: 99)])[0].track == nil)
    }

    /// With `--every 5`, the frames between two calls: each tracked object a fraction of the way.
    @Test func framesBetweenCallsAreInterpolated() {
        var tracker = Tracker()
        let first = tracker.update(frame: 0, [car(0.2), car(0.7, 0.1)])
        let second = tracker.update(frame: 5, [car(0.22, 0.42), car(0.9, 0.1)])  // the second object is gone
        let between = Interpolation.between(first, second, at: 0.5)
        #expect(between[0].track == 1 && abs(between[0].box!.left - 0.21) < 1e-12 && abs(between[0].box!.top - 0.41) < 1e-12)
        #expect(second.map(\.track) == [1, 3])
        #expect(between[1] == first[1])
    }
}

@Suite struct TrackTagTests {
    @Test func aTrackedObjectIsDrawnWithItsId() {
        #expect(Layout.tagText(Detection(label: "car", confidence: 90, track: 7)) == "car #7 90%")
        #expect(Layout.tagText(Detection(label: "car", confidence: 90)) == "car 90%")
    }
}
