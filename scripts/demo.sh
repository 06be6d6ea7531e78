#!/usr/bin/env bash
# `make demo`: the whole filter on a fresh machine, offline: starts moto (a local AWS emulator)
# on a free loopback port, pipes an example picture through rekfilter with dummy keys, writes
# demo/boxed.png and demo/detections.json, stops the server.
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
echo "demo: wrote $(pwd)/demo/boxed.png and $(pwd)/demo/detections.json (against moto on 127.0.0.1:$port)"
