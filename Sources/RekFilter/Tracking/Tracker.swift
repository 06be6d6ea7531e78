/// Follows objects from frame to frame (README, Tracks): per label, each detection is matched to
/// a track by the overlap (IoU) of its box with where the track is expected: its last box moved
/// on by its velocity, for every frame since (an object that stopped has none). The association is ByteTrack's two stages: confident detections first, against
/// every track; then the less confident ones, only against tracks left unmatched, and never
/// starting a track of their own (a faint detection continues an object, it does not make one).
/// A track not matched for more than `buffer` frames is forgotten; an object seen again after
/// that gets a new id. Ids count from 1 over the whole run, whatever the label.
///
/// Matching is greedy by overlap, highest first — on the few objects of one label a frame holds,
/// what the Hungarian method would give, at a fraction of the cost.
public struct Tracker: Sendable {
    /// Frames a lost track is kept (`--track-buffer`).
    public var buffer: Int
    /// Confidence (0–100) from which a detection is confident: it may start a track.
    public var confident: Double = 50
    /// Overlap needed to continue a track: confident detections, then the rest.
    public var firstIoU = 0.3
    public var secondIoU = 0.5

    struct Track: Sendable {
        var id: Int
        var label: String
        var box: Box
        /// Per frame, each edge.
        var velocity = Box(x0: 0, y0: 0, x1: 0, y1: 0)
        var lastSeen: Int
        /// Times matched, the first sighting included.
        var hits = 1

        func predicted(at frame: Int) -> Box {
            let steps = Double(frame - lastSeen)
            return Box(
                x0: box.x0 + velocity.x0 * steps, y0: box.y0 + velocity.y0 * steps, x1: box.x1 + velocity.x1 * steps,
                y1: box.y1 + velocity.y1 * steps)
        }
    }

    /// Edges as ratios of the picture.
    struct Box: Sendable, Equatable {
        var x0, y0, x1, y1: Double

        init(x0: Double, y0: Double, x1: Double, y1: Double) {
            (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1)
        }

        init(_ b: BoundingBox) {
            self.init(x0: b.left, y0: b.top, x1: b.left + max(0, b.width), y1: b.top + max(0, b.height))
        }

        func iou(_ other: Box) -> Double {
            let iw = min(x1, other.x1) - max(x0, other.x0)
            let ih = min(y1, other.y1) - max(y0, other.y0)
            guard iw > 0, ih > 0 else { return 0 }
            let inter = iw * ih
            let union = (x1 - x0) * (y1 - y0) + (other.x1 - other.x0) * (other.y1 - other.y0) - inter
            return union > 0 ? inter / union : 0
        }
    }

    var tracks: [Track] = []
    var nextID = 1
    /// The frame of the last update.
    var lastUpdate: Int?

    public init(buffer: Int = 30) {
        self.buffer = max(0, buffer)
    }

    /// The number of tracks alive (seen within the buffer).
    public var liveTracks: Int { tracks.count }

    /// Gives the detections of frame `frame` their track ids (`Detection.track`); frames come in
    /// order, not necessarily every one (with `--every`, the frames that called). Detections
    /// without a box, and faint ones that continue nothing, get none.
    public mutating func update(frame: Int, _ detections: [Detection]) -> [Detection] {
        // A track seen once and not again at the next update was a false start (ByteTrack's
        // unconfirmed track): it does not wait out the buffer to claim a later detection.
        let previous = lastUpdate
        tracks.removeAll { track in
            frame - track.lastSeen > buffer || (track.hits == 1 && previous.map { track.lastSeen < $0 } == true)
        }
        lastUpdate = frame
        var out = detections
        for index in out.indices { out[index].track = nil }
        var labels: [String] = []
        var byLabel: [String: [Int]] = [:]
        for (index, detection) in detections.enumerated() where detection.box != nil {
            if byLabel[detection.label] == nil { labels.append(detection.label) }
            byLabel[detection.label, default: []].append(index)
        }
        var matchedTracks = Set<Int>()  // indexes into `tracks`
        var newTracks: [Track] = []
        for label in labels {
            let members = byLabel[label]!
            let candidates = tracks.indices.filter { tracks[$0].label == label }
            let confident = members.filter { detections[$0].confidence >= self.confident }
            let faint = members.filter { detections[$0].confidence < self.confident }
            var free = candidates
            for (stage, group) in [(firstIoU, confident), (secondIoU, faint)] {
                let pairs = match(group, free, detections: detections, frame: frame, threshold: stage)
                for (detection, track) in pairs {
                    continueTrack(track, with: Box(detections[detection].box!), at: frame)
                    out[detection].track = tracks[track].id
                    matchedTracks.insert(track)
                }
                free.removeAll { matchedTracks.contains($0) }
                if stage == firstIoU {
                    // Confident detections continuing nothing start tracks.
                    for detection in group where out[detection].track == nil {
                        let track = Track(id: nextID, label: label, box: Box(detections[detection].box!), lastSeen: frame)
                        nextID += 1
                        out[detection].track = track.id
                        newTracks.append(track)
                    }
                }
            }
        }
        tracks += newTracks
        return out
    }

    /// Greedy: the pair overlapping most first, then the next among those left.
    func match(_ detections: [Int], _ candidates: [Int], detections all: [Detection], frame: Int, threshold: Double) -> [(Int, Int)] {
        guard !detections.isEmpty, !candidates.isEmpty else { return [] }
        var pairs: [(iou: Double, detection: Int, track: Int)] = []
        for track in candidates {
            let predicted = tracks[track].predicted(at: frame)
            for detection in detections {
                let box = Box(all[detection].box!)
                let iou = box.iou(predicted)
                if iou >= threshold { pairs.append((iou, detection, track)) }
            }
        }
        pairs.sort { $0.iou > $1.iou }
        var usedDetections = Set<Int>()
        var usedTracks = Set<Int>()
        var matched: [(Int, Int)] = []
        for pair in pairs where !usedDetections.contains(pair.detection) && !usedTracks.contains(pair.track) {
            usedDetections.insert(pair.detection)
            usedTracks.insert(pair.track)
            matched.append((pair.detection, pair.track))
        }
        return matched
    }

    /// The track moves to `box`; its velocity follows the move per frame, smoothed.
    mutating func continueTrack(_ index: Int, with box: Box, at frame: Int) {
        var track = tracks[index]
        let steps = Double(max(1, frame - track.lastSeen))
        let moved = Box(
            x0: (box.x0 - track.box.x0) / steps, y0: (box.y0 - track.box.y0) / steps, x1: (box.x1 - track.box.x1) / steps,
            y1: (box.y1 - track.box.y1) / steps)
        // The first move is the velocity; later ones are averaged in.
        let k = track.hits == 1 ? 1.0 : 0.5
        track.velocity = Box(
            x0: track.velocity.x0 * (1 - k) + moved.x0 * k, y0: track.velocity.y0 * (1 - k) + moved.y0 * k,
            x1: track.velocity.x1 * (1 - k) + moved.x1 * k, y1: track.velocity.y1 * (1 - k) + moved.y1 * k)
        track.box = box
        track.lastSeen = frame
        track.hits += 1
        tracks[index] = track
    }
}
