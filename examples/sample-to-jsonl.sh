#!/usr/bin/env bash
# One frame a second to JSON Lines: {"Frame": n, "CustomLabels": [...], "Image": {...}} per line.
#   REKFILTER_MODEL=arn:... examples/sample-to-jsonl.sh in.mp4 > detections.jsonl
set -euo pipefail
ffmpeg -nostdin -loglevel error -i "$1" -vf fps=1 -c:v mjpeg -q:v 2 -f image2pipe - \
  | rekfilter --stream -f json -j "${2:-4}"
