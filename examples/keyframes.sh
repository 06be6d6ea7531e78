#!/usr/bin/env bash
# Keyframes only (no decoding of the frames between them): fast scene-level detections.
#   REKFILTER_MODEL=arn:... examples/keyframes.sh in.mp4 > keyframes.csv
set -euo pipefail
ffmpeg -nostdin -loglevel error -skip_frame nokey -i "$1" -fps_mode passthrough -c:v mjpeg -q:v 2 -f image2pipe - \
  | rekfilter --stream -f csv -j "${2:-4}"
