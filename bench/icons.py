"""Draw the installable app's icons from the brand mark (web/_brand.html).

    .venv/bin/python -m bench.icons

The mark is a flame in a soft circle on a 32-unit grid. Its one path is
flattened here by hand (three cubic curves and a half circle), drawn eight
times too large and scaled down, so the edges are smooth. Writes the PNGs
under keepwarm/web/static/keepwarm/icons/, which are committed: run it again
only when the mark changes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "keepwarm/web/static/keepwarm/icons"
EMBER = (194, 65, 12)  # --accent in app.css
SOFT = (246, 228, 221)  # the mark's circle: the accent at 14 % over white
BACKGROUND = (250, 247, 242)  # --bg
WHITE = (255, 255, 255)
SUPERSAMPLE = 8
STEPS = 48

Point = tuple[float, float]


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point) -> Iterator[Point]:
    for i in range(1, STEPS + 1):
        t = i / STEPS
        u = 1 - t
        yield (
            u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
            u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
        )


def flame() -> list[Point]:
    """``M16 6c3 4 7 7 7 12a7 7 0 0 1-14 0c0-3 2-5 3-6 0 2 1 4 3 4-1-4 0-7 1-10Z``."""
    points: list[Point] = [(16, 6)]
    points += _cubic((16, 6), (19, 10), (23, 13), (23, 18))
    # The half circle of radius 7 around (16, 18), from its right through its bottom.
    points += [
        (16 + 7 * math.cos(math.pi * i / STEPS), 18 + 7 * math.sin(math.pi * i / STEPS))
        for i in range(1, STEPS + 1)
    ]
    points += _cubic((9, 18), (9, 15), (11, 13), (12, 12))
    points += _cubic((12, 12), (12, 14), (13, 16), (15, 16))
    points += _cubic((15, 16), (14, 12), (15, 9), (16, 6))
    return points


def _placed(points: list[Point], size: int, scale: float) -> list[Point]:
    """The 32-unit ``points`` on a ``size`` canvas, ``scale`` times the mark's size,
    centred on the mark's centre (16, 16)."""
    unit = size * SUPERSAMPLE / 32 * scale
    middle = size * SUPERSAMPLE / 2
    return [(middle + (x - 16) * unit, middle + (y - 16) * unit) for x, y in points]


def _finish(image: Image.Image, size: int) -> Image.Image:
    return image.resize((size, size), Image.Resampling.LANCZOS)


def plain(size: int) -> Image.Image:
    """The mark as it is: the soft circle and the flame, around them transparent."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    edge = big / 32
    draw.ellipse((edge, edge, big - edge, big - edge), fill=(*SOFT, 255))
    draw.polygon(_placed(flame(), size, 1.0), fill=(*EMBER, 255))
    return _finish(image, size)


def full_bleed(size: int, background: tuple[int, int, int] = SOFT) -> Image.Image:
    """The flame on a square filled to the edges, inside the middle 80 % that a
    maskable icon keeps whatever shape the phone cuts (and for iOS, which rounds
    the corners itself)."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (*background, 255))
    ImageDraw.Draw(image).polygon(_placed(flame(), size, 1.05), fill=(*EMBER, 255))
    return _finish(image, size)


def log_shortcut(size: int) -> Image.Image:
    """The quick-log shortcut: a white plus on an ember circle."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, big - 1, big - 1), fill=(*EMBER, 255))
    arm, half = big * 0.28, big * 0.06
    middle = big / 2
    draw.rectangle((middle - arm, middle - half, middle + arm, middle + half), fill=WHITE)
    draw.rectangle((middle - half, middle - arm, middle + half, middle + arm), fill=WHITE)
    return _finish(image, size)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icons = {
        "icon-192.png": plain(192),
        "icon-512.png": plain(512),
        "maskable-192.png": full_bleed(192),
        "maskable-512.png": full_bleed(512),
        "apple-touch-icon.png": full_bleed(180).convert("RGB"),
        "log-96.png": log_shortcut(96),
    }
    for name, image in icons.items():
        image.save(OUT / name, optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
