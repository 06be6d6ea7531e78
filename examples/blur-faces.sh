#!/usr/bin/env bash
# Blur every face in a video: each frame through Rekognition's DetectFaces, each face covered by
# an irreversible blur (nothing else drawn, nothing else changed), re-encoded with the original
# audio. No model to start: DetectFaces is a general Rekognition operation.
#   examples/blur-faces.sh in.mp4 blurred.mp4 [JOBS] [blur|pixelate|fill]
set -euo pipefail
in=$1 out=$2 jobs=${3:-8} mode=${4:-blur}
rate=$(ffprobe -v error -select_streams v:0 -show_entries stream=avg_frame_rate -of csv=p=0 "$in")
ffmpeg -nostdin -loglevel error -i "$in" -c:v mjpeg -q:v 2 -f image2pipe - \
  | rekfilter --detect faces --stream --redact "$mode" -f jpeg --quality 92 -j "$jobs" \
  | ffmpeg -nostdin -loglevel error -f jpeg_pipe -framerate "$rate" -i - -i "$in" \
      -map 0:v -map '1:a?' -c:a copy -c:v libx264 -pix_fmt yuv420p -shortest -y "$out"
