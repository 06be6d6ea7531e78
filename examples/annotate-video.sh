#!/usr/bin/env bash
# Annotate a whole video: every frame (or FPS frames a second) through the model, boxes drawn,
# re-encoded with the original audio.
#   REKFILTER_MODEL=arn:... examples/annotate-video.sh in.mp4 boxed.mp4 [FPS] [JOBS]
set -euo pipefail
in=$1 out=$2 fps=${3:-} jobs=${4:-8}
rate=${fps:-$(ffprobe -v error -select_streams v:0 -show_entries stream=avg_frame_rate -of csv=p=0 "$in")}
filter=(); [ -n "$fps" ] && filter=(-vf "fps=$fps")
ffmpeg -nostdin -loglevel error -i "$in" "${filter[@]}" -c:v mjpeg -q:v 2 -f image2pipe - \
  | rekfilter --stream -f jpeg -j "$jobs" \
  | ffmpeg -nostdin -loglevel error -f jpeg_pipe -framerate "$rate" -i - -i "$in" \
      -map 0:v -map '1:a?' -c:a copy -c:v libx264 -pix_fmt yuv420p -shortest -y "$out"
