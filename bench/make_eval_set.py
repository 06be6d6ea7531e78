#!/usr/bin/env python3
"""A COCO dataset and results file for the eval benchmark: N pictures, 10 labels, about 5 truths
and 5 detections a picture (each truth found, a little off, or missed; some false positives).
   make_eval_set.py N OUT_FOLDER"""
import json, random, sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
images, annotations, results = [], [], []
for i in range(1, n + 1):
    images.append({"id": i, "file_name": f"p{i}.jpg", "width": 640, "height": 480})
    for _ in range(rng.randint(3, 7)):
        c = rng.randint(1, 10)
        w, h = rng.uniform(10, 200), rng.uniform(10, 200)
        x, y = rng.uniform(0, 640 - w), rng.uniform(0, 480 - h)
        annotations.append({"id": len(annotations) + 1, "image_id": i, "category_id": c, "bbox": [x, y, w, h],
                            "area": w * h, "iscrowd": 0})
        if rng.random() < 0.8:
            results.append({"image_id": i, "category_id": c, "score": rng.random(),
                            "bbox": [x + rng.uniform(-10, 10), y + rng.uniform(-10, 10), w * rng.uniform(0.8, 1.2), h * rng.uniform(0.8, 1.2)]})
    for _ in range(rng.randint(0, 2)):
        results.append({"image_id": i, "category_id": rng.randint(1, 10), "score": rng.random(),
                        "bbox": [rng.uniform(0, 500), rng.uniform(0, 400), rng.uniform(5, 100), rng.uniform(5, 100)]})
json.dump({"images": images, "annotations": annotations,
           "categories": [{"id": c, "name": f"label{c}"} for c in range(1, 11)]}, open(f"{out}/eval-truth.json", "w"))
json.dump(results, open(f"{out}/eval-results.json", "w"))
