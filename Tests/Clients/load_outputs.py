#!/usr/bin/env python3
"""Loads rekfilter's data-set outputs with the libraries people load them with, and prints
what each library read as JSON: {"LIBRARY": {"PICTURE": [[label, x0, y0, x1, y1], ...]}} (boxes
in pixels of the upright picture), so that a test can compare every library's reading with
the truth. A library that refuses the file makes this exit 1 with its message.

    load_outputs.py coco FILE IMAGES_DIR
    load_outputs.py yolo DATASET_DIR          (labels/, images/, data.yaml)
    load_outputs.py voc ANNOTATIONS_DIR IMAGES_DIR
    load_outputs.py manifest FILE
    load_outputs.py labelstudio FILE
    load_outputs.py svg FILE UPRIGHT_PNG      (prints each renderer's difference from the picture)
"""
import ast, importlib.util, io, json, os, subprocess, sys, warnings
from pathlib import Path

warnings.filterwarnings("ignore")


def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(1)


def boxes_of(detections, names):
    """supervision Detections → {label, x0, y0, x1, y1}."""
    return [[names[int(c)], *map(float, xyxy)] for xyxy, c in zip(detections.xyxy, detections.class_id)]


def load_coco(path, images):
    from pycocotools.coco import COCO
    import supervision as sv
    import globox
    import contextlib, shutil, tempfile
    # supervision wants the name to end in .json, as users name COCO files (-f coco -o x.json).
    named = Path(tempfile.mkdtemp()) / "annotations.json"
    shutil.copyfile(path, named)
    path = str(named)
    out = {}
    with contextlib.redirect_stdout(sys.stderr):  # pycocotools prints its progress
        coco = COCO(path)
    read = {}
    for image_id, image in coco.imgs.items():
        names = {c["id"]: c["name"] for c in coco.loadCats(coco.getCatIds())}
        anns = coco.loadAnns(coco.getAnnIds(imgIds=[image_id]))
        read[image["file_name"]] = [[names[a["category_id"]], a["bbox"][0], a["bbox"][1], a["bbox"][0] + a["bbox"][2],
                                     a["bbox"][1] + a["bbox"][3]] for a in anns]
    out["pycocotools"] = read
    dataset = sv.DetectionDataset.from_coco(images_directory_path=images, annotations_path=path)
    out["supervision"] = {Path(p).name: boxes_of(d, dataset.classes) for p, _, d in dataset}
    annotations = globox.AnnotationSet.from_coco(path)
    out["globox"] = {a.image_id: [[b.label, *b.ltrb] for b in a.boxes] for a in annotations}
    return out


def ultralytics_verify():
    """Ultralytics' own `verify_image_label`, taken from its installed source and run without
    torch (the module imports it; the function does not use it)."""
    spec = importlib.util.find_spec("ultralytics")
    if spec is None:
        fail("ultralytics is not installed")
    source = Path(spec.submodule_search_locations[0], "data", "utils.py").read_text()
    tree = ast.parse(source)
    wanted = {"exif_size", "check_image", "verify_image_label", "_exif_jpeg", "_replace_image"}
    keep = [n for n in tree.body if (isinstance(n, ast.FunctionDef) and n.name in wanted) or
            (isinstance(n, ast.Assign) and any(getattr(t, "id", "") in {"IMG_FORMATS", "VID_FORMATS", "FORMATS_HELP_MSG", "HELP_URL"}
                                               for t in n.targets))]
    import numpy as np
    from PIL import Image, ImageOps
    namespace = {"np": np, "Image": Image, "ImageOps": ImageOps, "os": os, "Path": Path,
                 "segments2boxes": lambda s: fail("segments in a box label file"), "imread": None}
    exec(compile(ast.Module(body=keep, type_ignores=[]), "ultralytics/data/utils.py", "exec"), namespace)
    return namespace["verify_image_label"]


def load_yolo(folder):
    import yaml
    import supervision as sv
    import globox
    folder = Path(folder)
    data = yaml.safe_load((folder / "data.yaml").read_text())
    names = data["names"]
    names = [names[i] for i in range(len(names))] if isinstance(names, dict) else names
    classes = (folder / "classes.txt").read_text().splitlines()
    if classes != names:
        fail(f"classes.txt {classes} and data.yaml {names} disagree")
    verify = ultralytics_verify()
    from PIL import Image, ImageOps
    out = {"ultralytics": {}}
    for image in sorted((folder / "images").iterdir()):
        label = folder / "labels" / (image.stem + ".txt")
        im_file, lb, shape, segments, keypoints, nm, nf, ne, nc, msg = verify(
            (str(image), str(label), "", False, len(names), 0, 0, False))
        if nc or nm:
            fail(f"ultralytics: {msg or 'label file missing'}")
        h, w = shape
        out["ultralytics"][image.name] = [[names[int(c)], (x - bw / 2) * w, (y - bh / 2) * h, (x + bw / 2) * w, (y + bh / 2) * h]
                                          for c, x, y, bw, bh in lb.tolist()]
    dataset = sv.DetectionDataset.from_yolo(images_directory_path=str(folder / "images"),
                                           annotations_directory_path=str(folder / "labels"),
                                           data_yaml_path=str(folder / "data.yaml"))
    out["supervision"] = {Path(p).name: boxes_of(d, dataset.classes) for p, _, d in dataset}
    annotations = globox.AnnotationSet.from_yolo_v5(folder / "labels", image_folder=folder / "images")
    out["globox"] = {a.image_id: [[names[int(b.label)], *b.ltrb] for b in a.boxes] for a in annotations}
    return out


def load_voc(annotations, images):
    import supervision as sv
    import globox
    from lxml import etree
    out = {"lxml": {}}
    for path in sorted(Path(annotations).glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        if root.tag != "annotation":
            fail(f"{path.name}: root element <{root.tag}>")
        name = root.findtext("filename")
        boxes = []
        for o in root.iter("object"):
            b = o.find("bndbox")
            x0, y0, x1, y1 = (int(b.findtext(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
            if not (1 <= x0 <= x1 and 1 <= y0 <= y1):
                fail(f"{path.name}: box {x0},{y0},{x1},{y1} is not a box")
            boxes.append([o.findtext("name"), x0 - 1, y0 - 1, x1, y1])
        out["lxml"][name] = boxes
    dataset = sv.DetectionDataset.from_pascal_voc(images_directory_path=images, annotations_directory_path=annotations)
    out["supervision"] = {Path(p).name: boxes_of(d, dataset.classes) for p, _, d in dataset}
    sets = globox.AnnotationSet.from_pascal_voc(annotations)
    out["globox"] = {a.image_id: [[b.label, *b.ltrb] for b in a.boxes] for a in sets}
    return out


def load_manifest(path):
    """The Custom Labels guide's rules for an object-detection manifest line."""
    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            fail(f"duplicate keys {sorted(k for k in keys if keys.count(k) > 1)}")
        return dict(pairs)
    out = {"custom-labels-rules": {}}
    for n, line in enumerate(Path(path).read_text().splitlines(), 1):
        doc = json.loads(line, object_pairs_hook=no_duplicates)
        ref = doc["source-ref"]
        if not ref.startswith("s3://"):
            fail(f"line {n}: source-ref {ref}")
        attributes = [k for k, v in doc.items() if isinstance(v, dict) and v.get("type") == "groundtruth/object-detection"]
        if len(attributes) != 1:
            fail(f"line {n}: {len(attributes)} object-detection metadata entries")
        attribute = attributes[0][:-len("-metadata")]
        body, meta = doc[attribute], doc[attribute + "-metadata"]
        size = body["image_size"][0]
        annotations = body["annotations"]
        if len(annotations) > 50 or len(meta["objects"]) != len(annotations):
            fail(f"line {n}: {len(annotations)} annotations, {len(meta['objects'])} objects")
        boxes = []
        for a in annotations:
            if not all(isinstance(a[k], int) for k in ("left", "top", "width", "height", "class_id")):
                fail(f"line {n}: non-integer annotation {a}")
            if a["width"] < 1 or a["height"] < 1 or a["left"] < 0 or a["top"] < 0 or \
                    a["left"] + a["width"] > size["width"] or a["top"] + a["height"] > size["height"]:
                fail(f"line {n}: box {a} is not inside the picture")
            boxes.append([meta["class-map"][str(a["class_id"])], a["left"], a["top"], a["left"] + a["width"], a["top"] + a["height"]])
        for key, value in doc.items():
            if key.endswith("-metadata") and isinstance(value, dict) and value.get("type") == "groundtruth/image-classification":
                if doc.get(key[:-len("-metadata")]) != 1:
                    fail(f"line {n}: {key} without its label")
                boxes.append([value["class-name"], None, None, None, None])
        out["custom-labels-rules"][ref.rsplit("/", 1)[-1]] = boxes
    return out


def load_labelstudio(path):
    from label_studio_sdk.label_interface import LabelInterface
    tasks = json.loads(Path(path).read_text())
    labels = sorted({r["value"]["rectanglelabels"][0] for t in tasks for p in t["predictions"] for r in p["result"]})
    config = ('<View><Image name="image" value="$image"/><RectangleLabels name="label" toName="image">'
              + "".join(f'<Label value="{l}"/>' for l in labels) + "</RectangleLabels></View>")
    interface = LabelInterface(config)
    out = {"label-studio-sdk": {}}
    for task in tasks:
        # (validate_task itself calls validate_prediction without its argument: its data alone.)
        if not interface.validate_task({"data": task["data"]}):
            fail(f"label-studio-sdk refuses the task {task['data']}")
        boxes = []
        for prediction in task["predictions"]:
            errors = interface.validate_prediction(prediction, return_errors=True)
            if errors:
                fail(f"label-studio-sdk refuses the prediction of {task['data']}: {errors}")
            for r in prediction["result"]:
                v, w, h = r["value"], r["original_width"], r["original_height"]
                boxes.append([v["rectanglelabels"][0], v["x"] * w / 100, v["y"] * h / 100, (v["x"] + v["width"]) * w / 100,
                              (v["y"] + v["height"]) * h / 100])
        out["label-studio-sdk"][task["data"]["image"]] = boxes
    return out


def render_svg(path, upright):
    """Each renderer's mean difference (0–255) from the upright picture, over the whole area."""
    import cairosvg
    import numpy as np
    from PIL import Image
    truth = np.asarray(Image.open(upright).convert("RGB"), dtype=np.float64)
    renders = {"cairosvg": cairosvg.svg2png(url=path)}
    renders["rsvg"] = subprocess.run(["rsvg-convert", path], check=True, capture_output=True).stdout
    out = {}
    for name, png in renders.items():
        picture = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.float64)
        if picture.shape != truth.shape:
            fail(f"{name} rendered {picture.shape[1]}×{picture.shape[0]}, the picture is {truth.shape[1]}×{truth.shape[0]}")
        out[name] = float(np.abs(picture - truth).mean())
    return out


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    loaders = {"coco": load_coco, "yolo": load_yolo, "voc": load_voc, "manifest": load_manifest,
               "labelstudio": load_labelstudio, "svg": render_svg}
    try:
        print(json.dumps(loaders[kind](*args)))
    except SystemExit:
        raise
    except Exception as error:
        fail(f"{kind}: {type(error).__name__}: {error}")
