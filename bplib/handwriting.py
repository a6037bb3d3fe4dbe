"""A drawing reduced to an 8 x 8 digit the way the UCI digits were made, so the network sees what it learned on.

The UCI set's recipe: each digit was scaled to fill a 32 x 32 bitmap of on/off pixels, and the bitmap cut into
4 x 4 blocks; each of the 8 x 8 blocks counts its on pixels, 0..16. Here a drawing is a list of strokes, each
an ``(k, 2)`` array of ``(x, y)`` points in any units (canvas pixels, say, y pointing down). ``rasterize``
scales it to fit the bitmap, keeping its shape, and switches on the pixels within half a pen width of a
stroke; ``block_counts`` counts; ``drawing_to_digit`` does both and divides by 16, as ``load_digits`` does.
"""

from __future__ import annotations

import numpy as np

from .validation import as_float_array, as_positive_float

BITMAP = 32  # pixels a side, as in the UCI set
BLOCK = 4  # 32 / 4 = 8 blocks a side
PEN = 5.5  # pen width in bitmap pixels: about the stroke width of the UCI digits


def as_strokes(strokes) -> list[np.ndarray]:
    """Each stroke as a float64 ``(k, 2)`` array of points (k >= 1), or ValueError naming the stroke."""
    if isinstance(strokes, np.ndarray) or not isinstance(strokes, (list, tuple)):
        raise TypeError(
            f"strokes must be a list of strokes, each a list of (x, y) points, got {type(strokes).__name__}"
        )
    checked = []
    for i, stroke in enumerate(strokes):
        points = as_float_array(stroke, f"strokes[{i}]", ndim=2)
        if points.shape[0] == 0 or points.shape[1] != 2:
            raise ValueError(f"strokes[{i}] must hold at least one (x, y) point, shape (k, 2), got {points.shape}")
        checked.append(points)
    return checked


def rasterize(strokes, size: int = BITMAP, pen: float = PEN) -> np.ndarray:
    """The drawing as a ``(size, size)`` bool bitmap, row 0 at the top.

    The strokes' points are scaled (the same factor across and down) and centred so the drawing, pen included,
    just fits the bitmap; a pixel is on when its centre lies within ``pen / 2`` of a stroke (a point for a
    one-point stroke, else the segments between consecutive points). No strokes: an empty bitmap.
    """
    strokes = as_strokes(strokes)
    pen = as_positive_float(pen, "pen")
    bitmap = np.zeros((size, size), dtype=bool)
    if not strokes:
        return bitmap
    low = np.min([s.min(axis=0) for s in strokes], axis=0)
    high = np.max([s.max(axis=0) for s in strokes], axis=0)
    extent = float(np.max(high - low))
    scale = (size - pen) / extent if extent > 0 else 1.0
    centre = (low + high) / 2
    starts, ends = [], []
    for s in strokes:
        points = (s - centre) * scale + size / 2
        starts.append(points[:-1] if len(points) > 1 else points)
        ends.append(points[1:] if len(points) > 1 else points)
    distance = _distance_to_segments(np.concatenate(starts), np.concatenate(ends), size)
    return distance <= pen / 2


def _distance_to_segments(starts: np.ndarray, ends: np.ndarray, size: int, chunk: int = 256) -> np.ndarray:
    """For each pixel centre of a ``(size, size)`` grid, the distance to the nearest segment ``starts -> ends``.

    Segments are taken ``chunk`` at a time, so a long scribble needs no more memory than a short one.
    """
    centre = np.arange(size) + 0.5
    px, py = np.meshgrid(centre, centre)
    px, py = px.reshape(-1, 1), py.reshape(-1, 1)  # one row per pixel, one column per segment below
    nearest = np.full(size * size, np.inf)
    for first in range(0, len(starts), chunk):
        sx, sy = starts[first : first + chunk, 0], starts[first : first + chunk, 1]
        dx, dy = ends[first : first + chunk, 0] - sx, ends[first : first + chunk, 1] - sy  # zero length: a point
        t = ((px - sx) * dx + (py - sy) * dy) / np.maximum(dx * dx + dy * dy, 1e-12)
        t = np.clip(t, 0.0, 1.0)  # the nearest spot on each segment
        squared = (px - sx - t * dx) ** 2 + (py - sy - t * dy) ** 2
        nearest = np.minimum(nearest, squared.min(axis=1))
    return np.sqrt(nearest).reshape(size, size)


def block_counts(bitmap, block: int = BLOCK) -> np.ndarray:
    """How many pixels are on in each ``block x block`` square: ``(n, n)`` bool -> ``(n / block, n / block)`` int."""
    bitmap = np.asarray(bitmap, dtype=bool)
    n = bitmap.shape[0]
    if bitmap.ndim != 2 or bitmap.shape[1] != n or n % block:
        raise ValueError(f"bitmap must be square with a side divisible by {block}, got shape {bitmap.shape}")
    return bitmap.reshape(n // block, block, n // block, block).sum(axis=(1, 3))


def drawing_to_digit(strokes, pen: float = PEN) -> np.ndarray:
    """A drawing as the network's input: float64 ``(64,)``, the 8 x 8 block counts of its 32 x 32 bitmap / 16."""
    return block_counts(rasterize(strokes, BITMAP, pen)).ravel() / float(BLOCK * BLOCK)
