#!/usr/bin/env bash
# `make bench`, eval part: `rekfilter eval` against pycocotools' evaluate() + accumulate() on
# the same 10,000 pictures × 10 labels (about 5 truths and 5 detections a picture).
set -euo pipefail
: "${BIN:?}" "${OUT:?}"
[ -s "$OUT/eval-truth.json" ] || python3 bench/make_eval_set.py 10000 "$OUT"
echo
echo "## eval: 10,000 pictures × 10 labels (target ≥ 10× faster than pycocotools' evaluate + accumulate)"
ours=$(python3 - "$BIN/rekfilter" "$OUT" <<'PY'
import subprocess, sys, time
best = None
for _ in range(3):
    t = time.perf_counter()
    subprocess.run([sys.argv[1], "eval", "--truth", f"{sys.argv[2]}/eval-truth.json", f"{sys.argv[2]}/eval-results.json", "-f", "json"],
                   check=True, stdout=subprocess.DEVNULL)
    e = time.perf_counter() - t
    best = e if best is None else min(best, e)
print(best)
PY
)
theirs=$(python3 - "$OUT" <<'PY'
import contextlib, io, sys, time
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(f"{sys.argv[1]}/eval-truth.json")
    dt = gt.loadRes(f"{sys.argv[1]}/eval-results.json")
    e = COCOeval(gt, dt, "bbox")
    t = time.perf_counter()
    e.evaluate()
    e.accumulate()
    took = time.perf_counter() - t
print(took)
PY
)
python3 - "$ours" "$theirs" <<'PY'
import sys
o, t = float(sys.argv[1]), float(sys.argv[2])
print(f"  rekfilter eval (whole process: read, match, AP, counts, JSON out): {o*1000:.0f} ms")
print(f"  pycocotools evaluate() + accumulate() (files already loaded): {t*1000:.0f} ms")
print(f"  ratio {t/o:.1f}× (target ≥ 10×) {'OK' if t/o >= 10 else 'UNDER'}")
from figures import record
record("eval against pycocotools (times faster)", t / o, ">=", 10)
PY
