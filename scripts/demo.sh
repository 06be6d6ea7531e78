#!/usr/bin/env bash
# `make demo`: make an example picture and show what rekfilter would send for it.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p demo
ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080" -frames:v 1 demo/example.jpg
.build/release/rekfilter --dry-run < demo/example.jpg
echo "demo: the example picture is demo/example.jpg"
