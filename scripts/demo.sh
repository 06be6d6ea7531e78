#!/usr/bin/env bash
# `make demo`: the whole filter on a fresh machine, offline: starts moto (a local AWS emulator)
# on a free loopback port, pipes an example picture through rekfilter with dummy keys, writes
# demo/boxed.png and demo/detections.json; then, against the test suite's stub server, finds
# small objects in a big picture with --tile (demo/tiles.jpg) and blurs a stand-in face
# (demo/face-before-after.jpg) — the README's pictures (docs/images); stops the servers.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p demo
BIN=.build/release/rekfilter

# The example picture: ffmpeg's test pattern with a caption, made here (no third-party image).
ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=1280x720" -frames:v 1 -q:v 2 demo/example.jpg

coproc MOTO { exec python3 Tests/Servers/moto_server.py; }
trap 'kill "$MOTO_PID" 2>/dev/null || true' EXIT
read -r port <&"${MOTO[0]}"

export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_EC2_METADATA_DISABLED=true
export AWS_ENDPOINT_URL_REKOGNITION="http://127.0.0.1:$port"
ARN="arn:aws:rekognition:us-east-1:123456789012:project/demo/version/demo.1/1"

echo "\$ rekfilter -m \$ARN < demo/example.jpg > demo/boxed.png"
"$BIN" -m "$ARN" -v < demo/example.jpg > demo/boxed.png
echo "\$ rekfilter -m \$ARN -f json < demo/example.jpg > demo/detections.json"
"$BIN" -m "$ARN" -f json < demo/example.jpg > demo/detections.json
cat demo/detections.json
echo

# Tiles and redaction need a detector that looks at the picture: the test suite's stub server,
# whose colour detector finds each red, green or blue patch (at least MIN px a side in what it
# is sent) — as labels, or as faces for DetectFaces.
kill "$MOTO_PID" 2>/dev/null || true
wait "$MOTO_PID" 2>/dev/null || true
coproc STUB { exec python3 Tests/Servers/stub_server.py; }
trap 'kill "$STUB_PID" 2>/dev/null || true' EXIT
read -r stub <&"${STUB[0]}"
export AWS_ACCESS_KEY_ID=AKIDSTUB AWS_SECRET_ACCESS_KEY=stub-secret
unset AWS_ENDPOINT_URL_REKOGNITION
STUB="http://127.0.0.1:$stub/demo"

# A 24 MP picture with three patches of about 30 px: shrunk to 4096 px for one call they are
# about 20 px, below what the detector sees; cut into 1024 px tiles they are found.
ffmpeg -loglevel error -y -f lavfi -i "color=0xd8dde3:size=6000x4000,drawgrid=w=500:h=500:t=2:c=0xb0b8c0,\
drawbox=x=900:y=700:w=34:h=34:color=red:t=fill,drawbox=x=3990:y=1500:w=30:h=30:color=blue:t=fill,\
drawbox=x=2040:y=3100:w=32:h=32:color=0x00ff00:t=fill" -frames:v 1 -q:v 2 demo/big.jpg
echo "\$ rekfilter -m \$ARN -f json < demo/big.jpg          # one call, the picture shrunk to 4096 px"
"$BIN" -m "$ARN" --endpoint-url "$STUB/colours=24" -f json < demo/big.jpg
echo "\$ rekfilter -m \$ARN --tile 1024 -f json < demo/big.jpg   # 1024 px tiles at full resolution"
"$BIN" -m "$ARN" --endpoint-url "$STUB/colours=24" --tile 1024 -f json < demo/big.jpg
"$BIN" -m "$ARN" --endpoint-url "$STUB/colours=24" --tile 1024 -f jpeg < demo/big.jpg > demo/tiles-full.jpg
# The whole picture small, beside a full-resolution piece around the red patch.
ffmpeg -loglevel error -y -i demo/tiles-full.jpg \
  -filter_complex "[0]scale=800:-1[whole];[0]crop=600:533:860:480[piece];[whole][piece]hstack" -q:v 3 demo/tiles.jpg

# A stand-in for a face (a red-edged square on grey noise: no photograph of anyone ships here),
# found by DetectFaces' stand-in and blurred, beside the original.
ffmpeg -loglevel error -y -f lavfi -i "color=gray:size=480x320,format=gray,noise=alls=50:allf=t,format=yuv420p,\
drawbox=x=170:y=90:w=140:h=140:color=red:t=6" -frames:v 1 -q:v 2 demo/face.jpg
echo "\$ rekfilter --detect faces --redact blur < demo/face.jpg > demo/face-blurred.jpg"
"$BIN" --detect faces --endpoint-url "$STUB/colours=8" --region us-east-1 --redact blur -f jpeg < demo/face.jpg > demo/face-blurred.jpg
ffmpeg -loglevel error -y -i demo/face.jpg -i demo/face-blurred.jpg -filter_complex hstack -q:v 3 demo/face-before-after.jpg

echo "demo: wrote $(pwd)/demo/boxed.png and $(pwd)/demo/detections.json (against moto on 127.0.0.1:$port),"
echo "      demo/tiles.jpg and demo/face-before-after.jpg (against the stub on 127.0.0.1:$stub)"
