#!/usr/bin/env bash
# A directory of images, JOBS at a time: SRC/x.jpg → DST/x.jpg.png and DST/x.jpg.json.
# Failures are reported per file; the script's status is non-zero if any file failed.
#   REKFILTER_MODEL=arn:... examples/annotate-directory.sh photos/ boxed/ [JOBS]
set -euo pipefail
src=$1 dst=$2 jobs=${3:-8}
mkdir -p "$dst"
export dst
find "$src" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) -print0 \
  | xargs -0 -r -P "$jobs" -I{} sh -c '
      name=$(basename "$1")
      rekfilter -f json -o "$dst/$name.json" < "$1" \
        && rekfilter --detections "$dst/$name.json" -o "$dst/$name.png" < "$1" \
        || { echo "failed: $1" >&2; exit 1; }' _ {}
