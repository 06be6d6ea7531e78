#!/usr/bin/env python3
"""A format plugin for rekfilter's tests, written from the plugin protocol alone; what it does
is chosen by its name (the tests install it as rekfilter-format-NAME):

  pixels      like echo, sent the upright picture as PPM (checks its header)
  original    like echo, sent the input's bytes
  echo        a good plugin: one line per detection, "FRAME LABEL CONFIDENCE", then per frame
              "frame FRAME payload BYTES" and, at the end, "end FRAMES options K=V..." and a
              line saying whether any credential variable reached it
  badinfo     answers the handshake with something that is not JSON
  proto2      speaks protocol 2
  wrongname   calls itself by another name
  slowinfo    takes 10 s to answer the handshake
  fails       reads everything, then exits 3
  crash       reads the begin message, then dies of SIGSEGV
  noread      exits 0 at once without reading (wants pixels, so rekfilter's writes fail)
  hang        reads everything, then never exits (with -O pidfile=PATH it writes its pid there)
  png         named like a built-in format
  escapes     a summary with terminal escapes and a line break
  forks       answers the handshake, leaving a child that holds its stdout for 30 s
"""
import json, os, signal, sys, time

name = os.path.basename(sys.argv[0]).replace("rekfilter-format-", "")
args = sys.argv[1:]
info = {"protocol": 1, "kind": "format", "name": name,
        "summary": "\x1b[2Jcleared\nsecond line" if name == "escapes" else f"test plugin {name}", "mediaType": "text/plain",
        "extensions": [name], "binary": False, "added-later": True,
        "needs": {"noread": "pixels", "pixels": "pixels", "original": "original"}.get(name, "detections")}

if args == ["--rekfilter-plugin-info"]:
    if name == "badinfo":
        print("hello, I am a plugin")
    elif name == "proto2":
        print(json.dumps(dict(info, protocol=2)))
    elif name == "wrongname":
        print(json.dumps(dict(info, name="other")))
    else:
        if name == "slowinfo":
            time.sleep(10)
        if name == "forks":
            import subprocess
            subprocess.Popen(["sleep", "30"], stderr=subprocess.DEVNULL)
        print(json.dumps(info))
    sys.exit(0)

assert args[0] == "--rekfilter-plugin-run", args
options = dict(a.split("=", 1) for a in args[1:] if "=" in a)
if "pidfile" in options:
    with open(options["pidfile"], "w") as f:
        f.write(str(os.getpid()))
if name == "noread":
    sys.exit(0)
inp, out = sys.stdin.buffer, sys.stdout
frames = 0
while True:
    line = inp.readline()
    if not line:
        break
    message = json.loads(line)
    payload = inp.read(message.get("bytes", 0)) if message.get("bytes") else b""
    if message["type"] == "begin":
        assert message["protocol"] == 1 and os.environ.get("REKFILTER_PROTOCOL") == "1"
        if name == "crash":
            os.kill(os.getpid(), signal.SIGSEGV)
    elif message["type"] == "frame":
        assert message["frame"] == frames, (message["frame"], frames)
        for d in message["detections"]:
            track = f' #{d["track"]}' if "track" in d else ""
            out.write(f'{message["frame"]} {d["label"]} {d["confidence"]}{track}\n')
        out.write(f'frame {message["frame"]} payload {len(payload)} error {message["error"] is not None}\n')
        if name == "pixels":
            header = b"P6\n%d %d\n255\n" % (message["image"]["width"], message["image"]["height"])
            assert payload.startswith(header) and len(payload) == len(header) + 3 * message["image"]["width"] * message["image"]["height"]
            out.write(f'ppm {message["image"]["mediaType"]} {payload[len(header):len(header) + 3].hex()}\n')
        if name == "original":
            out.write(f'original {message["image"]["mediaType"]} {payload[:3].hex()}\n')
        frames += 1
    elif message["type"] == "end":
        assert message["frames"] == frames
        out.write("end %d options %s\n" % (frames, " ".join(args[1:])))
secrets = [k for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN") if k in os.environ]
out.write("credentials seen: %s\n" % (",".join(secrets) or "none"))
out.flush()
if name == "fails":
    sys.exit(3)
if name == "hang":
    while True:
        time.sleep(60)
