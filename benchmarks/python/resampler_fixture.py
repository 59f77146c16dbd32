"""Makes the PIL fixture that toolkit's Resampler is checked against (ResamplerPilTest).

Resampler claims PIL's antialiased bilinear resize: a triangle filter whose support widens by the
scale when shrinking, over the crop only (torchvision crops, then resizes). This script records
what Pillow does for a few noise images: down- and up-scaling, odd sizes, a crop, a flip, a
shrink by more than 2, in RGB (uint8, where Pillow works in fixed point and rounds to uint8 after
each pass) and in mode F (float32, where Pillow keeps floats: the exact reference).

Run with Debian's Pillow and numpy (no other dependency):

    /usr/bin/python3 benchmarks/python/resampler_fixture.py \
        toolkit/src/test/resources/pil-resize/fixtures.json

Each case: mode, width, height, crop [x, y, w, h], flip, size (the square output), input
(band-major planes, row-major: uint8 values for RGB, float32 values for F, written as their
shortest decimal) and expected (the same
layout, size x size per band).
"""
import json
import sys

import numpy as np
import PIL
from PIL import Image

rng = np.random.default_rng(20261206)

# (mode, width, height, crop or None for the whole image, flip, size)
CASES = [
    ("RGB", 37, 23, None, False, 16),        # shrink, odd sizes, non-square to square
    ("RGB", 9, 7, None, False, 20),          # enlarge
    ("RGB", 23, 19, (2, 1, 19, 17), True, 8),  # crop, flip, shrink
    ("RGB", 30, 30, None, False, 7),         # shrink by more than 2: the support widens
    ("F", 41, 29, (5, 3, 30, 21), False, 13),  # single band, crop, shrink
    ("F", 6, 11, None, False, 17),           # single band, enlarge
    ("F", 40, 30, None, True, 5),            # single band, flip, large shrink
]


def planes(img):
    """Band-major, row-major values of a PIL image."""
    a = np.asarray(img)
    if a.ndim == 2:
        a = a[None]
    else:
        a = a.transpose(2, 0, 1)
    # float32 values as their shortest decimal (9 digits at most), which reads back exactly.
    return [float(str(v)) if img.mode == "F" else int(v) for v in a.reshape(-1)]


cases = []
for mode, width, height, crop, flip, size in CASES:
    if mode == "RGB":
        img = Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), "RGB")
    else:
        # Multiples of 1/256 in [0, 1]: short in the file, exact in float32.
        img = Image.fromarray(rng.integers(0, 257, (height, width)).astype(np.float32) / 256, "F")
    x, y, w, h = crop if crop else (0, 0, width, height)
    out = img.crop((x, y, x + w, y + h)).resize((size, size), Image.BILINEAR)
    if flip:
        out = out.transpose(Image.FLIP_LEFT_RIGHT)
    cases.append({"mode": mode, "width": width, "height": height, "crop": [x, y, w, h],
                  "flip": flip, "size": size, "input": planes(img), "expected": planes(out)})

with open(sys.argv[1], "w") as f:
    json.dump({"pillow": PIL.__version__, "numpy": np.__version__, "cases": cases}, f,
              separators=(",", ":"))
    f.write("\n")
