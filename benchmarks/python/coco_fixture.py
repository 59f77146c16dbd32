"""Makes the COCO detection fixture that CocoEvaluator is checked against, and scores it.

Run with a local build of pycocotools (cocodataset/cocoapi, PythonAPI built in place with
Debian's cython3 and python3-numpy; nothing of it is kept in this repository):

    PYTHONPATH=/tmp/cocoapi/PythonAPI /usr/bin/python3 benchmarks/python/coco_fixture.py \
        plugins-tasks/src/test/resources/pycocotools 8c9bcc3

(the last argument, optional, is the cocoapi commit built, recorded in pycocotools.json).

It writes, into the folder given:
  val/instances.json   ground truth (COCO instances: images, annotations, categories)
  results.json         detections in the COCO results format, made by this script (seeded),
                       not by vitp: jittered truth, duplicates, false positives, a category
                       without truth, an image with more than 100 detections
  pycocotools.json     COCOeval's 12 stats and AP@[.50:.95] per category, with versions

Ground truth has no crowd objects and area = w * h: vitp reads truth boxes from 'bbox' and
treats crowd objects as ignored, where pycocotools uses 'area' and crowd matching.
"""
import json
import os
import random
import sys
import types

import numpy as np

# cocoapi's cocoeval.py still says np.float (removed in numpy 1.24): the builtin float it meant.
if not hasattr(np, "float"):
    np.float = float
# coco.py imports matplotlib for showAnns only; scoring never draws.
for name in ("matplotlib", "matplotlib.pyplot", "matplotlib.collections", "matplotlib.patches"):
    module = types.ModuleType(name)
    module.PatchCollection = module.Polygon = object
    sys.modules[name] = module

from pycocotools.coco import COCO  # noqa: E402
from pycocotools.cocoeval import COCOeval  # noqa: E402

out = sys.argv[1]
cocoapi_commit = sys.argv[2] if len(sys.argv) > 2 else "unknown"
rng = random.Random(20261207)
categories = [{"id": 1, "name": "plane"}, {"id": 3, "name": "ship"},
              {"id": 4, "name": "storage-tank"}, {"id": 9, "name": "harbor"}]
with_truth = [1, 3, 4]  # harbor (9) has detections only
images, annotations, results = [], [], []
ann_id = 1


def box(w_img, h_img, side):
    w = max(2, round(side * rng.uniform(0.7, 1.3)))
    h = max(2, round(side * rng.uniform(0.7, 1.3)))
    x = rng.randint(0, w_img - w)
    y = rng.randint(0, h_img - h)
    return [x, y, w, h]


def score():
    return round(rng.uniform(0.05, 0.999), 3)


for image_id in range(1, 11):
    w_img, h_img = 640, 480
    images.append({"id": image_id, "file_name": "img%02d.png" % image_id,
                   "width": w_img, "height": h_img})
    if image_id == 7:
        # no truth: every detection here is a false positive
        for _ in range(4):
            results.append({"image_id": image_id, "category_id": rng.choice(with_truth),
                            "bbox": box(w_img, h_img, rng.choice([20, 60, 150])),
                            "score": score()})
        continue
    for _ in range(rng.randint(1, 7)):
        cat = rng.choice(with_truth)
        side = rng.choice([12, 24, 32, 50, 80, 120, 200])
        b = [32, 40, 32, 32] if (image_id == 2 and ann_id % 2 == 0) else box(w_img, h_img, side)
        annotations.append({"id": ann_id, "image_id": image_id, "category_id": cat, "bbox": b,
                            "area": b[2] * b[3], "iscrowd": 0})
        ann_id += 1
        for _ in range(rng.choice([0, 1, 1, 1, 2])):
            j = 0.15 * min(b[2], b[3])
            det = [round(b[0] + rng.uniform(-j, j), 2), round(b[1] + rng.uniform(-j, j), 2),
                   round(b[2] * rng.uniform(0.8, 1.2), 2), round(b[3] * rng.uniform(0.8, 1.2), 2)]
            c = cat if rng.random() < 0.9 else rng.choice([x["id"] for x in categories])
            results.append({"image_id": image_id, "category_id": c, "bbox": det,
                            "score": score()})
    for _ in range(rng.randint(0, 3)):
        results.append({"image_id": image_id, "category_id": rng.choice([1, 3, 4, 9]),
                        "bbox": box(w_img, h_img, rng.choice([16, 40, 100])), "score": score()})
    if image_id == 5:
        # more than maxDets=100 detections of one class in one image
        for _ in range(115):
            results.append({"image_id": image_id, "category_id": 3,
                            "bbox": box(w_img, h_img, rng.choice([10, 30, 90])),
                            "score": round(rng.uniform(0.01, 0.5), 3)})

os.makedirs(os.path.join(out, "val"), exist_ok=True)
gt_file = os.path.join(out, "val", "instances.json")
dt_file = os.path.join(out, "results.json")
with open(gt_file, "w") as f:
    json.dump({"images": images, "annotations": annotations, "categories": categories}, f,
              indent=1)
with open(dt_file, "w") as f:
    json.dump(results, f, indent=1)

gt = COCO(gt_file)
dt = gt.loadRes(dt_file)
ev = COCOeval(gt, dt, "bbox")
ev.evaluate()
ev.accumulate()
ev.summarize()
names = ["ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large",
         "ar1", "ar10", "ar100", "ar_small", "ar_medium", "ar_large"]
per_class = {}
precision = ev.eval["precision"]  # [T, R, K, A, M]
for k, cat_id in enumerate(ev.params.catIds):
    p = precision[:, :, k, 0, -1]
    p = p[p > -1]
    per_class[gt.cats[cat_id]["name"]] = float(np.mean(p)) if p.size else None
with open(os.path.join(out, "pycocotools.json"), "w") as f:
    json.dump({"tool": "pycocotools COCOeval(iouType='bbox'), cocodataset/cocoapi PythonAPI",
               "cocoapi_commit": cocoapi_commit,
               "numpy": np.__version__, "python": sys.version.split()[0],
               "detections": len(results), "truth": len(annotations),
               "stats": dict(zip(names, [float(s) for s in ev.stats])),
               "per_class_ap": per_class}, f, indent=1)
