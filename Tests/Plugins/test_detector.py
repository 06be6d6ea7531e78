#!/usr/bin/env python3
"""A detector plugin for rekfilter's tests, written from the plugin protocol alone; its
behaviour is chosen by its name (installed as rekfilter-detect-NAME):

  boxes       one detection per picture, named after the picture it was sent ("seen-JPEG-WxH"),
              with a box and a response object of its own; declares maxSide 1000
  bare        like boxes, without a response (so -f json writes {"Detections": [...]})
  flaky       answers each picture first with a retryable error, then with a detection
  refuses     answers with a final error
  garbage     answers with a line that is not JSON
  outoforder  answers with the wrong frame number
  dies        exits 5 after reading the first picture
  busy        answers every picture with a retryable error
  hangs       never answers (with -O pidfile=PATH, appends its pid to that file)
  overconfident  answers with a confidence of 150
  flat        answers with a box of no area
  chatty      answers each picture twice
"""
import json, os, struct, sys

name = os.path.basename(sys.argv[0]).replace("rekfilter-detect-", "")
if sys.argv[1:] == ["--rekfilter-plugin-info"]:
    print(json.dumps({"protocol": 1, "kind": "detector", "name": name, "summary": f"test detector {name}",
                      "maxBytes": 5000000, "maxSide": 1000, "minSide": 16}))
    sys.exit(0)

def size(data):
    """Width and height from the picture's own header, to prove what was sent."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG", struct.unpack(">II", data[16:24])
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return "JPEG", (w, h)
        i += 2 + length
    return "?", (0, 0)

inp, out = sys.stdin.buffer, sys.stdout
seen = {}
options = dict(a.split("=", 1) for a in sys.argv[2:] if "=" in a)
if "pidfile" in options:
    with open(options["pidfile"], "a") as f:
        f.write("%d\n" % os.getpid())
while True:
    line = inp.readline()
    if not line:
        break
    message = json.loads(line)
    data = inp.read(message.get("bytes", 0)) if message.get("bytes") else b""
    if message["type"] != "image":
        continue
    frame = message["frame"]
    if name == "dies":
        sys.exit(5)
    kind, (w, h) = size(data)
    assert (w, h) == (message["width"], message["height"]), (w, h, message)
    detection = {"label": f"seen-{kind}-{w}x{h}", "confidence": 88.5,
                 "box": {"left": 0.25, "top": 0.25, "width": 0.5, "height": 0.5}, "polygon": None, "points": None, "parent": None}
    answer = {"frame": frame, "detections": [detection], "response": {"model": "test", "frame": frame}}
    if name == "bare":
        del answer["response"]
    elif name == "flaky" and frame not in seen:
        seen[frame] = True
        answer = {"frame": frame, "error": "busy, try again", "retryable": True}
    elif name == "refuses":
        answer = {"frame": frame, "error": "this picture is not for me", "retryable": False}
    elif name == "outoforder":
        answer["frame"] = frame + 1
    elif name == "busy":
        answer = {"frame": frame, "error": "model busy", "retryable": True}
    elif name == "hangs":
        import time
        while True:
            time.sleep(60)
    elif name == "overconfident":
        detection["confidence"] = 150
    elif name == "flat":
        detection["box"]["width"] = 0
    elif name == "chatty":
        out.write(json.dumps(answer) + "\n")
    if name == "garbage":
        out.write("not json at all\n")
    else:
        out.write(json.dumps(answer) + "\n")
    out.flush()
