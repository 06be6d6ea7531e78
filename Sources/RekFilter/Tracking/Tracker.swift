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
        var box: BoxEdges
        /// Per frame, each edge.
        var velocity = BoxEdges.zero
        var lastSeen: Int
        /// Times matched, the first sighting included.
        var hits = 1

        func predicted(at frame: Int) -> BoxEdges { box + velocity * Double(frame - lastSeen) }
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
                    continueTrack(track, with: BoxEdges(detections[detection].box!), at: frame)
                    out[detection].track = tracks[track].id
                    matchedTracks.insert(track)
                }
                free.removeAll { matchedTracks.contains($0) }
                if stage == firstIoU {
                    // Confident detections continuing nothing start tracks.
                    for detection in group where out[detection].track == nil {
                        let track = Track(id: nextID, label: label, box: BoxEdges(detections[detection].box!), lastSeen: frame)
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
                let box = BoxEdges(all[detection].box!)
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
    mutating func continueTrack(_ index: Int, with box: BoxEdges, at frame: Int) {
        var track = tracks[index]
        let moved = (box - track.box) * (1 / Double(max(1, frame - track.lastSeen)))
        // The first move is the velocity; later ones are averaged in.
        let k = track.hits == 1 ? 1.0 : 0.5
        track.velocity = track.velocity * (1 - k) + moved * k
        track.box = box
        track.lastSeen = frame
        track.hits += 1
        tracks[index] = track
    }
}
