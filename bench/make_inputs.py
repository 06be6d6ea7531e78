"""Makes the benchmark inputs (deterministic), as binary PPM for cjpeg: a photo-like
24-megapixel image with strong grain (a ~20 MB JPEG), a 1080p one, and one that encodes to just
under the service's 4 MiB."""
import sys
import numpy as np

def picture(w, h, grain, path, seed=1):
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([x * 255 // w, y * 255 // h, (x + y) * 255 // (w + h)], axis=-1).astype(np.int16)
    # a few hard-edged shapes, as in real scenes
    for i in range(6):
        x0, y0 = (i * 997) % (w - w // 5), (i * 613) % (h - h // 5)
        base[y0:y0 + h // 6, x0:x0 + w // 7] = 255 - base[y0:y0 + h // 6, x0:x0 + w // 7]
    rng = np.random.default_rng(seed)
    img = np.clip(base + rng.normal(0, grain, (h, w, 3)), 0, 255).astype(np.uint8)
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, h))
        f.write(img.tobytes())

out = sys.argv[1]
picture(6000, 4000, 40, f"{out}/24mp.ppm")
picture(1920, 1080, 8, f"{out}/1080p.ppm", seed=2)
picture(1920, 1080, 30, f"{out}/1080p-noisy.ppm", seed=4)  # a noisy photo: deflate works hard
picture(2600, 2000, 30, f"{out}/4mib.ppm", seed=3)  # cjpeg -quality 95: just under 4 MiB
