#!/usr/bin/env python3
"""pycocotools' COCOeval on a truth dataset and a results file, for the differential test of
`rekfilter eval`: prints {"mAP", "AP50", "labels": {name: {"AP", "AP50"}}} as JSON, the
per-label figures read from COCOeval's precision array as its summarize() reads the whole.
   cocoeval.py TRUTH.json RESULTS.json"""
import contextlib, io, json, sys
import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

with contextlib.redirect_stdout(io.StringIO()):
    truth = COCO(sys.argv[1])
    results = truth.loadRes(sys.argv[2]) if json.load(open(sys.argv[2])) else None
    if results is None:  # loadRes refuses an empty list: an empty result set scores nothing
        results = COCO()
        results.dataset = {"images": truth.dataset["images"], "categories": truth.dataset["categories"], "annotations": []}
        results.createIndex()
    e = COCOeval(truth, results, "bbox")
    e.evaluate()
    e.accumulate()
    e.summarize()

def mean(a):
    a = a[a > -1]
    return None if a.size == 0 else float(np.mean(a))

labels = {}
for k, cat in enumerate(e.params.catIds):
    p = e.eval["precision"][:, :, k, 0, 2]
    labels[truth.cats[cat]["name"]] = {"AP": mean(p), "AP50": mean(p[0])}
print(json.dumps({"mAP": mean(e.eval["precision"][:, :, :, 0, 2]), "AP50": mean(e.eval["precision"][0, :, :, 0, 2]),
                  "labels": labels}))
