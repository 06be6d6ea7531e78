#!/usr/bin/env bash
# `make bench`, batch part (README, Batch): run by scripts/bench.sh after the others.
#   BIN: the build's folder; OUT: bench/out; ARN: any model ARN (the servers ignore it).
set -euo pipefail
: "${BIN:?}" "${OUT:?}" "${ARN:?}"
PICS=$OUT/batch-1080p
SMALL=$OUT/batch-small
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export XDG_CACHE_HOME=$OUT/batch-cache

# Inputs: 1,000 distinct 1080p JPEGs, and 10,000 distinct small ones.
if [ "$(ls "$PICS" 2>/dev/null | wc -l)" != 1000 ]; then
  mkdir -p "$PICS"
  ffmpeg -loglevel error -f lavfi -i "testsrc2=size=1920x1080:rate=25" -vf noise=alls=8:allf=t -frames:v 1000 -q:v 3 "$PICS/%04d.jpg"
fi
if [ "$(ls "$SMALL" 2>/dev/null | wc -l)" != 10000 ]; then
  mkdir -p "$SMALL"
  ffmpeg -loglevel error -f lavfi -i "testsrc2=size=160x120:rate=25" -frames:v 10000 -q:v 5 "$SMALL/%05d.jpg"
fi

coproc SLOW { exec python3 bench/sink_server.py 100; }
read -r slow <&"${SLOW[0]}"
coproc FAST { exec python3 bench/sink_server.py; }
read -r fast <&"${FAST[0]}"

# 9a. 1,000 × 1080p at a 100 ms service, -j 16, -f json: one batch process against the README's
#     recipe (xargs -P 16, a rekfilter per picture). The bound is 16 / 0.1 s = 160 pictures/s.
echo
echo "## batch: 1,000 × 1080p JPEG, service latency 100 ms, -j 16 (targets: ≥ 90% of 160/s; ≥ 2× xargs -P 16)"
rm -rf "$OUT/batch-dest" "$OUT/xargs-dest"; mkdir -p "$OUT/xargs-dest"
start=$(date +%s.%N)
"$BIN/rekfilter" batch "$PICS" --out "$OUT/batch-dest" -f json -j 16 --no-cache -m "$ARN" --endpoint-url "http://127.0.0.1:$slow" -q
batch_s=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
find "$PICS" -name '*.jpg' -print0 | xargs -0 -P 16 -I{} sh -c \
  '"$0" -m "$1" --endpoint-url "$2" -f json -o "$3/$(basename "$4").json" < "$4"' \
  "$BIN/rekfilter" "$ARN" "http://127.0.0.1:$slow" "$OUT/xargs-dest" {}
xargs_s=$(echo "$(date +%s.%N) - $start" | bc)
python3 - "$batch_s" "$xargs_s" <<'PY'
import sys
b, x = float(sys.argv[1]), float(sys.argv[2])
print(f"  rekfilter batch -j 16: {b:.2f} s, {1000/b:.1f} pictures/s ({1000/b/160*100:.0f}% of 160/s) {'OK' if 1000/b >= 144 else 'UNDER'}")
print(f"  xargs -P 16 rekfilter: {x:.2f} s, {1000/x:.1f} pictures/s")
print(f"  ratio {x/b:.2f}× (target ≥ 2×) {'OK' if x/b >= 2 else 'UNDER'}")
from figures import record
record("batch, 1,000 × 1080p (pictures/s)", 1000 / b, ">=", 144)
record("batch against xargs -P 16 (times)", x / b, ">=", 2)
PY

# 9b. Cache hits: 10,000 small pictures all in the cache, results written anew (another DEST).
echo
echo "## batch: 10,000 inputs all in the cache (target ≥ 2,000 inputs/s)"
rm -rf "$XDG_CACHE_HOME" "$OUT/cache-dest"
"$BIN/rekfilter" batch "$SMALL" --out "$OUT/cache-dest" -j 16 -m "$ARN" --endpoint-url "http://127.0.0.1:$fast" -q
rm -rf "$OUT/cache-dest"
start=$(date +%s.%N)
line=$("$BIN/rekfilter" batch "$SMALL" --out "$OUT/cache-dest" -j 16 -m "$ARN" --endpoint-url "http://127.0.0.1:$fast" 2>&1 | tail -1)
cache_s=$(echo "$(date +%s.%N) - $start" | bc)
cpu=$( { /usr/bin/time -f "%U %S" "$BIN/rekfilter" batch "$SMALL" --out "$OUT/cache-dest" --force -j 16 -m "$ARN" \
  --endpoint-url "http://127.0.0.1:$fast" -q; } 2>&1 | tail -1)
python3 - "$cache_s" "$line" "$cpu" <<'PY'
import sys
s = float(sys.argv[1])
u, k = map(float, sys.argv[3].split())
print(f"  {s:.2f} s: {10000/s:.0f} inputs/s {'OK' if 10000/s >= 2000 else 'UNDER'}; CPU {u:.2f} s user + {k:.2f} s system")
print("  " + sys.argv[2].replace("rekfilter: ", ""))
PY

# 9c. Peak memory listing 10,000 and 100,000 keys of an S3 prefix (a local listing server, 1,000
#     keys a page), the inputs all another shard's: the listing alone.
echo
echo "## batch: peak memory over a listing of 10,000 and 100,000 keys (target < 150 MB, flat)"
for n in 10000 100000; do
  mb=$( { /usr/bin/time -f "%M" env AWS_ENDPOINT_URL_S3="http://127.0.0.1:$fast" "$BIN/rekfilter" batch "s3://keys-$n/" \
    --out "$OUT/list-dest" --shard 0/100000000 -m "$ARN" --endpoint-url "http://127.0.0.1:$fast" -q > /dev/null; } 2>&1 \
    | tail -1 | awk '{printf "%.1f", $1/1024}')
  echo "  $n keys: $mb MB"
done

kill "$SLOW_PID" "$FAST_PID" 2>/dev/null || true

# 9d. Four shard processes against one model of capacity C = 8 requests in flight at 100 ms
#     (80 requests/s), each with -j 8: together ≥ 90% of C, none starved, nothing failed.
echo
echo "## batch: 4 × --shard i/4 on one model of capacity 8 at 100 ms (targets: ≥ 72 requests/s together, each ≥ 15%, no failure)"
export AWS_ACCESS_KEY_ID=AKIDSTUB AWS_SECRET_ACCESS_KEY=stub-secret  # the keys the stub knows
coproc STUB { exec python3 Tests/Servers/stub_server.py; }
read -r stub <&"${STUB[0]}"
rm -rf "$OUT/shard-dest"
start=$(date +%s.%N)
pids=()
model="bench$RANDOM"  # one test id: one model, whose capacity the four share
for i in 0 1 2 3; do
  "$BIN/rekfilter" batch "$PICS" --out "$OUT/shard-dest" --shard "$i/4" -j 8 --no-cache -m "$ARN" \
    --endpoint-url "http://127.0.0.1:$stub/$model/capacity=8/slow=100" 2> "$OUT/shard-$i.log" &
  pids+=($!)
done
wait "${pids[@]}" || true
shard_s=$(echo "$(date +%s.%N) - $start" | bc)
python3 - "$shard_s" "$OUT" <<'PY'
import re, sys
s, out = float(sys.argv[1]), sys.argv[2]
done, failed = [], 0
for i in range(4):
    line = open(f"{out}/shard-{i}.log").read().strip().splitlines()[-1]
    done.append(int(re.search(r"(\d+) done", line).group(1)))
    failed += int(re.search(r"(\d+) failed", line).group(1))
total = sum(done)
print(f"  {total} pictures in {s:.2f} s: {total/s:.1f} requests/s ({total/s/80*100:.0f}% of 80/s) {'OK' if total/s >= 72 else 'UNDER'}")
print(f"  per shard: {', '.join(f'{d} ({d/total*100:.0f}%)' for d in done)} {'OK' if min(done) >= 0.15*total else 'STARVED'}; failed {failed} {'OK' if failed == 0 else 'FAILED'}")
from figures import record
record("4 shards on one model (requests/s)", total / s, ">=", 72)
PY
kill "$STUB_PID" 2>/dev/null || true
