import Foundation
import TestSupport
import Testing

/// `--redact` (README, Redaction), measured on the output with Pillow: nothing outside the
/// regions changed, fill one colour, pixelate in blocks of at least max(8, shorter/8), blur with
/// no fine detail and no correlation left with a noise picture's region; polygons covered
/// inside only; `--redact-labels` and `--boxes`.
@Suite struct RedactionTests {
    /// A 800×600 noise picture (seeded) and saved detections: a widget box, a gadget box and a
    /// triangle of text.
    static func inputs() throws -> (picture: String, saved: String) {
        let folder = try TestData.scratch()
        let picture = folder.appendingPathComponent("noise.png").path
        let make = try Command.run([
            "python3", "-c",
            "import sys, random; from PIL import Image; r = random.Random(5); im = Image.new('RGB', (800, 600)); "
                + "im.putdata([(r.randrange(256), r.randrange(256), r.randrange(256)) for _ in range(800 * 600)]); im.save(sys.argv[1])",
            picture,
        ])
        #expect(make.status == 0, "\(make.stderr)")
        let saved = folder.appendingPathComponent("saved.json").path
        try Data(
            #"""
            {"Detections": [
              {"label": "widget", "confidence": 90, "box": {"left": 0.1, "top": 0.1, "width": 0.3, "height": 0.4}},
              {"label": "gadget", "confidence": 80, "box": {"left": 0.6, "top": 0.5, "width": 0.2, "height": 0.3}},
              {"label": "text", "confidence": 99, "polygon": [{"x": 0.5, "y": 0.05}, {"x": 0.9, "y": 0.05}, {"x": 0.9, "y": 0.4}]}
            ]}
            """#.utf8
        ).write(to: URL(fileURLWithPath: saved))
        return (picture, saved)
    }

    /// Runs the checker: prints one JSON object of measurements.
    static let checker = #"""
        import json, sys
        from PIL import Image
        out = Image.open(sys.argv[1]).convert("RGB"); ref = Image.open(sys.argv[2]).convert("RGB")
        W, H = out.size
        o, r = out.load(), ref.load()
        def region(l, t, w, h): return (int(l * W), int(t * H), int(round((l + w) * W)), int(round((t + h) * H)))
        def inside_tri(x, y):
            (ax, ay), (bx, by), (cx, cy) = (0.5 * W, 0.05 * H), (0.9 * W, 0.05 * H), (0.9 * W, 0.4 * H)
            d = lambda px, py, qx, qy, sx, sy: (px - sx) * (qy - sy) - (qx - sx) * (py - sy)
            d1, d2, d3 = d(x, y, ax, ay, bx, by), d(x, y, bx, by, cx, cy), d(x, y, cx, cy, ax, ay)
            return not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0))
        widget, gadget = region(0.1, 0.1, 0.3, 0.4), region(0.6, 0.5, 0.2, 0.3)
        tri = region(0.5, 0.05, 0.4, 0.35)
        def within(b, x, y): return b[0] <= x < b[2] and b[1] <= y < b[3]
        changed_outside = 0
        for y in range(H):
            for x in range(W):
                if within(widget, x, y) or within(gadget, x, y) or within(tri, x, y): continue
                changed_outside += o[x, y] != r[x, y]
        def stats(b):
            xs, ys = range(b[0] + 2, b[2] - 2), range(b[1] + 2, b[3] - 2)
            a = [sum(o[x, y]) / 3 for y in ys for x in xs]; c = [sum(r[x, y]) / 3 for y in ys for x in xs]
            ma, mc = sum(a) / len(a), sum(c) / len(c)
            cov = sum((p - ma) * (q - mc) for p, q in zip(a, c))
            va, vc = sum((p - ma) ** 2 for p in a), sum((q - mc) ** 2 for q in c)
            corr = cov / (va * vc) ** 0.5 if va > 0 and vc > 0 else 0.0
            detail = sum(abs(sum(o[x + 1, y]) - sum(o[x, y])) / 3 for y in ys for x in xs if x + 1 < b[2] - 2) / len(a)
            colours = len(set(o[x, y] for y in ys for x in xs))
            return {"corr": corr, "detail": detail, "colours": colours}
        # Pixelate: the run lengths of equal pixels along the widget's rows.
        runs = []
        for y in range(widget[1], widget[3]):
            run = 1
            for x in range(widget[0] + 1, widget[2]):
                if o[x, y] == o[x - 1, y]: run += 1
                else: runs.append(run); run = 1
        inside_changed = sum(o[x, y] != r[x, y] for y in range(tri[1], tri[3]) for x in range(tri[0], tri[2]) if inside_tri(x + 0.5, y + 0.5))
        outside_tri_changed = sum(o[x, y] != r[x, y] for y in range(tri[1], tri[3]) for x in range(tri[0], tri[2])
                                  if not inside_tri(x + 0.5, y + 0.5) and not within(widget, x, y))
        print(json.dumps({"changed_outside": changed_outside, "widget": stats(widget), "gadget": stats(gadget),
                          "min_run": min(runs) if runs else 0, "tri_inside": inside_changed, "tri_outside": outside_tri_changed,
                          "original_detail": stats(widget)["detail"] if False else None}))
        """#

    func run(_ extra: [String]) throws -> [String: Any] {
        let (picture, saved) = try Self.inputs()
        let folder = URL(fileURLWithPath: picture).deletingLastPathComponent()
        let out = folder.appendingPathComponent("out.png").path
        let reference = folder.appendingPathComponent("ref.png").path
        let plain = try Binary.run(["--detections", saved, "--labels", "none", "-o", reference], stdinPath: picture)
        #expect(plain.status == 0, "\(plain.stderr)")
        let result = try Binary.run(["--detections", saved, "-o", out] + extra, stdinPath: picture)
        #expect(result.status == 0, "\(result.stderr)")
        let measured = try Command.run(["python3", "-c", Self.checker, out, reference])
        #expect(measured.status == 0, "\(measured.stderr)")
        return (try? JSONSerialization.jsonObject(with: Data(measured.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func fillIsOneColourAndNothingElseChanges() throws {
        let m = try run(["--redact", "fill"])
        #expect(m["changed_outside"] as? Int == 0)
        #expect((m["widget"] as? [String: Any])?["colours"] as? Int == 1)
        #expect((m["gadget"] as? [String: Any])?["colours"] as? Int == 1)
    }

    @Test func pixelateUsesBigBlocks() throws {
        let m = try run(["--redact", "pixelate"])
        #expect(m["changed_outside"] as? Int == 0)
        // The widget is 240×240 px: blocks of at least 30 px (a run may be cut by the region's edge).
        let widget = m["widget"] as? [String: Any]
        #expect((widget?["corr"] as? Double ?? 1) < 0.3, "\(m)")
        #expect((widget?["colours"] as? Int ?? 1000) <= 81, "\(m)")
    }

    @Test func blurLeavesNoDetailAndNoCorrelation() throws {
        let m = try run(["--redact", "blur"])
        #expect(m["changed_outside"] as? Int == 0)
        for name in ["widget", "gadget"] {
            let s = m[name] as? [String: Any]
            #expect(abs(s?["corr"] as? Double ?? 1) < 0.1, "\(name): \(m)")
            // Noise has about 85 levels between neighbours; what is left, under 2.
            #expect((s?["detail"] as? Double ?? 100) < 2, "\(name): \(m)")
        }
    }

    @Test func aPolygonIsCoveredInsideOnly() throws {
        let m = try run(["--redact", "fill"])
        #expect((m["tri_inside"] as? Int ?? 0) > 10_000, "\(m)")
        #expect(m["tri_outside"] as? Int == 0, "\(m)")
    }

    @Test func onlyTheNamedLabelsAndBoxesWhenAsked() throws {
        let m = try run(["--redact", "fill", "--redact-labels", "widget"])
        #expect((m["widget"] as? [String: Any])?["colours"] as? Int == 1)
        #expect(((m["gadget"] as? [String: Any])?["colours"] as? Int ?? 0) > 1000, "the gadget is left as it was")
        let boxed = try run(["--redact", "fill", "--boxes"])
        #expect((boxed["changed_outside"] as? Int ?? 0) > 0, "outlines and tags are drawn around the regions")
    }

    @Test(arguments: [
        (["--redact", "blur", "-f", "json"], "--redact covers regions of the picture: it goes with -f png or jpeg, not json"),
        (["--boxes"], "--boxes goes with --redact"), (["--redact-labels", "a"], "--redact-labels goes with --redact"),
        (["--redact", "smudge"], "smudge"),
    ])
    func misusesAreUsageErrors(_ arguments: [String], _ says: String) throws {
        let result = try Binary.run(["--detections", "/nonexistent.json"] + arguments, stdin: [])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(says), "\(result.stderr)")
    }
}

/// The face-blurring filter for video: `--detect faces --stream --redact` over a stream of
/// frames, every frame's face region covered, the rest of each frame as it was.
@Suite struct StreamRedactionTests {
    @Test func everyFramesFacesAreCovered() throws {
        let faces = Data(
            #"{"FaceDetails": [{"BoundingBox": {"Width": 0.25, "Height": 0.5, "Left": 0.125, "Top": 0.25}, "Confidence": 99.5}]}"#.utf8
        ).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        var frames: [UInt8] = []
        for n in 1...3 { frames += try TestData.bytes("exif-orientation/Landscape_\(n).jpg") }
        let result = try Binary.run(
            [
                "-m", StubEnvironment.model, "--detect", "faces", "--stream", "--redact", "fill", "-f", "png", "--endpoint-url",
                "\(LocalServer.stub.url)/\(LocalServer.testID())/answer=\(faces)",
            ], stdin: frames, environment: StubEnvironment.keys)
        #expect(result.status == 0, "\(result.stderr)")
        let out = try TestData.scratch().appendingPathComponent("frames.png")
        try Data(result.stdout).write(to: out)
        // Each PNG of the stream, cut at its IEND: the face region one colour, a corner not.
        let check = try Command.run([
            "python3", "-c",
            """
            import io, sys
            from PIL import Image
            data = open(sys.argv[1], "rb").read(); frames = []
            while data:
                end = data.index(b"IEND") + 8; frames.append(Image.open(io.BytesIO(data[:end])).convert("RGB")); data = data[end:]
            for im in frames:
                W, H = im.size
                face = im.crop((int(0.125 * W) + 1, int(0.25 * H) + 1, int(0.375 * W) - 1, int(0.75 * H) - 1))
                corner = im.crop((W - 100, H - 100, W, H))
                print(len(face.getcolors(1 << 20)), len(corner.getcolors(1 << 20)))
            """,
            out.path,
        ])
        let rows = check.stdout.split(separator: "\n").map { $0.split(separator: " ").compactMap { Int($0) } }
        #expect(rows.count == 3, "\(check.stdout) \(check.stderr)")
        for row in rows { #expect(row.count == 2 && row[0] == 1 && row[1] > 100, "\(rows)") }
    }
}
