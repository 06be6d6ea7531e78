#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer binary (ASan + fuzzer instrumentation) and fuzzes each
# parser for FUZZ_SECONDS (default 60), seeded from Tests/Data, as many targets at a time as
# there are cores. `make test` runs a short pass on a debug build (FUZZ_CONFIG=debug: a third of
# the compile time, for a smoke pass whose length is fixed anyway). A crash stops with the input
# saved under Tests/FuzzRegressions/TARGET/, where the regression tests replay it forever after:
# commit it with the fix. `scripts/fuzz.sh --build-only` builds and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
DATA=${REKFILTER_TESTDATA:-Tests/Data}
OUT=.build-fuzz
CONFIG=${FUZZ_CONFIG:-release}
JOBS=${FUZZ_JOBS:-$(nproc)}
# Swift code and the C shims both instrumented (coverage and ASan); optimised for `make fuzz`:
# a debug build runs the command line 50× and the writers 5× slower (ArgumentParser's
# reflection, the drawing loops). ASan's checks are calls, not inline: swiftc runs the coverage
# pass after ASan's, so each inline check (a load of the shadow byte, compared with 0) became a
# traced comparison, libFuzzer's hook called on every memory access — a quarter of the writers'
# time. The calls make the same checks, and the comparisons traced are the code's own.
REKFILTER_FUZZ=1 swift build -c "$CONFIG" --scratch-path "$OUT" --product rekfilter-fuzz -Xswiftc -sanitize=fuzzer,address \
  -Xswiftc -Xllvm -Xswiftc -asan-instrumentation-with-call-threshold=0 -Xcc -fsanitize=fuzzer-no-link,address >/dev/null
BIN="$OUT/$CONFIG/rekfilter-fuzz"
[ "${1:-}" = --build-only ] && exit 0  # `make test` builds it beside the tests, then fuzzes
# ASan records no stack per allocation (a fifth of each run went to it); a crash's own stack is
# still reported, and the saved input replays with full reports.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}

seed() { # seed TARGET: fills $OUT/corpus/TARGET once
  local dir="$OUT/corpus/$1"
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  case $1 in
    image) find "$DATA/jpeg" "$DATA/pngsuite" -name '*.jpg' -o -name '*.jpeg' -o -name '*.png' | while read -r f; do cp "$f" "$dir/"; done
           cp "$DATA"/exif-orientation/Landscape_[568].jpg "$dir/" ;;
    splitter) i=0; for f in "$DATA"/jpeg/mozilla/*.jpg "$DATA"/pngsuite/b*.png; do
                cat "$f" "$DATA/jpeg/jpeg-decoder/restarts.jpg" > "$dir/pair$i"; i=$((i+1)); done ;;
    response) printf '%s' '{"CustomLabels":[{"Name":"a","Confidence":97.5,"Geometry":{"BoundingBox":{"Width":0.25,"Height":0.5,"Left":-0.1,"Top":0.2},"Polygon":[{"X":0.1,"Y":0.2},{"X":0.3,"Y":0.9}]}},{"Name":"b","Confidence":1e2}]}' > "$dir/labels"
              printf '%s' '{"__type":"com.amazonaws.rekognition#ThrottlingException","message":"slow down"}' > "$dir/error"
              printf '%s' '{"CustomLabels":[]}' > "$dir/empty" ;;
    config) printf '[default]\nregion = eu-west-1 ; c\n[profile x]\nrole_arn = arn\nsource_profile = default\nservices = s\n[services s]\nrekognition =\n  endpoint_url = http://h:1\n' > "$dir/config" ;;
    credentials) printf '%s' '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"B","SessionToken":"C","Expiration":"2030-01-01T00:00:00+01:00"}' > "$dir/process" ;;
    formats) # The first byte picks the format and mode: a seed for each of the first 48.
             for i in $(seq 0 47); do
               { printf "\\$(printf %o "$i")"
                 printf '%s' '{"CustomLabels":[{"Name":"a","Confidence":97.5,"Geometry":{"BoundingBox":{"Width":1e300,"Height":0.5,"Left":1e17,"Top":-1e300},"Polygon":[{"X":1e300,"Y":-0.2},{"X":0.3,"Y":0.9}]}},{"Name":"b","Confidence":100}]}'
               } > "$dir/huge-$i"
               { printf "\\$(printf %o "$i")"; head -c 720 /dev/urandom; } > "$dir/raw-$i"
             done ;;
    cli|cli-parse) printf -- '--timeout\0inf\0-f\0csv' > "$dir/timeout"; printf -- '--min-confidence\0-1\0--labels\0a,b\0--labels\0c' > "$dir/labels"
         printf -- '--stream\0-j\08\0--every\0999999999999\0--on-error\0skip' > "$dir/stream"
         printf -- '-o\0x.jpg\0--quality\0100\0--max-pixels\04294967296\0--max-input-bytes\01e3' > "$dir/limits"
         printf -- '-m\0arn:aws:rekognition:us-east-1:123456789012:project/p/version/v/1\0-f\0coco\0--image-name=x.jpg\0-o\0-\0--labels\0a' > "$dir/common"
         printf -- '--detect\0text\0--text-level\0word\0--redact\0blur\0--boxes\0--tile\0600x400\0-j\04\0-q' > "$dir/detectors" ;;
  esac
}

# One target's run; its verdict in $OUT/TARGET.verdict.
fuzz() {
  local target=$1 log="$OUT/$1.log"
  if ! REKFILTER_FUZZ_TARGET=$target "$BIN" -max_total_time="$SECONDS_EACH" -max_len=262144 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="Tests/FuzzRegressions/$target/" -print_final_stats=1 "$OUT/corpus/$target" > "$log" 2>&1; then
    echo crash > "$OUT/$target.verdict"
    return
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz: $target: $runs executions in ${SECONDS_EACH}s, no crash" > "$OUT/$target.verdict"
}

TARGETS=(splitter image response config credentials formats cli cli-parse)
for target in "${TARGETS[@]}"; do
  seed "$target"
  mkdir -p "Tests/FuzzRegressions/$target"
  rm -f "$OUT/$target.verdict"
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
  fuzz "$target" &
done
wait
failed=0
for target in "${TARGETS[@]}"; do
  if [ "$(cat "$OUT/$target.verdict" 2>/dev/null)" = crash ] || [ ! -s "$OUT/$target.verdict" ]; then
    echo "fuzz: $target FOUND A CRASH; input saved in Tests/FuzzRegressions/$target/ — see $OUT/$target.log" >&2
    tail -30 "$OUT/$target.log" >&2
    failed=1
  else
    cat "$OUT/$target.verdict"
  fi
done
exit $failed
