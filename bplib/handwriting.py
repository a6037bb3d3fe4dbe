"""A drawing reduced to an 8 x 8 digit the way the UCI digits were made, so the network sees what it learned on.

The UCI set's recipe: each digit was scaled to fill a 32 x 32 bitmap of on/off pixels, and the bitmap cut into
4 x 4 blocks; each of the 8 x 8 blocks counts its on pixels, 0..16. Here a drawing is a list of strokes, each
an ``(k, 2)`` array of ``(x, y)`` points in any units (canvas pixels, say, y pointing down). ``rasterize``
scales it to fit the bitmap, keeping its shape, and switches on the pixels within half a pen width of a
stroke; ``block_counts`` counts; ``drawing_to_digit`` does both and divides by 16, as ``load_digits`` does.
"""

from __future__ import annotations

import numpy as np

from .validation import as_float_array, as_positive_float, as_positive_int, check_fits_in_memory

BITMAP = 32  # pixels a side, as in the UCI set
BLOCK = 4  # 32 / 4 = 8 blocks a side
PEN = 5.5  # pen width in bitmap pixels: about the stroke width of the UCI digits
# A pen's reach never less than half a pixel's diagonal (and a hair, against rounding): every pixel a stroke passes
# through then has its centre within reach, so a thin pen cannot leave a drawing blank between pixel centres.
_HALF_DIAGONAL = np.sqrt(0.5) * (1 + 1e-9)


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
    one-point stroke, else the segments between consecutive points), or within half a pixel's diagonal for a pen
    thinner than that, so every pixel a stroke passes through is on. No strokes: an empty bitmap; any stroke:
    some pixel on. ``pen`` must be narrower than the bitmap, so that the drawing has room.
    """
    strokes = as_strokes(strokes)
    size = as_positive_int(size, "size")
    check_fits_in_memory(12 * size * size, "size", f"a {size} x {size} bitmap and its distances")  # measured: 8-12
    pen = as_positive_float(pen, "pen")
    if pen >= size:
        raise ValueError(f"pen must be narrower than the bitmap (size = {size} pixels), got pen = {pen:g}")
    bitmap = np.zeros((size, size), dtype=bool)
    if not strokes:
        return bitmap
    placed = _fit(strokes, pen / 2, size - pen / 2)
    starts = np.concatenate([p[:-1] if len(p) > 1 else p for p in placed])
    ends = np.concatenate([p[1:] if len(p) > 1 else p for p in placed])
    return _distance_to_segments(starts, ends, size) <= max(pen / 2, _HALF_DIAGONAL)


def _fit(strokes: list[np.ndarray], first: float, last: float) -> list[np.ndarray]:
    """The strokes moved and scaled (alike across and down) so the drawing spans ``first..last`` along its longer
    side and is centred along the other; a drawing with no extent (one point, repeated) lands in the middle.

    Written so no step can overflow or divide by a vanishing extent, whatever finite points come in (from
    points 5e-324 apart to points at +-1e308): a drawing wider than float64 can hold is first halved, and each
    point is placed by its offset from the lowest point divided by the extent, at most 1. Only that halving
    rounds, and only below 1e-308, so a stroke is drawn alike wherever it sits.
    """
    low = np.min([s.min(axis=0) for s in strokes], axis=0)
    high = np.max([s.max(axis=0) for s in strokes], axis=0)
    with np.errstate(over="ignore"):
        spread = high - low
    if not np.all(np.isfinite(spread)):  # from below -9e307 to above 9e307: halved, the differences fit
        strokes, low, high = [s / 2 for s in strokes], low / 2, high / 2
    extent = float(np.max(high - low))
    if extent == 0.0:
        return [np.full_like(s, (first + last) / 2) for s in strokes]
    margin = (1.0 - (high - low) / extent) / 2  # centres the shorter side: 0 along the longer one
    return [first + ((s - low) / extent + margin) * (last - first) for s in strokes]


def _distance_to_segments(starts: np.ndarray, ends: np.ndarray, size: int, chunk: int | None = None) -> np.ndarray:
    """For each pixel centre of a ``(size, size)`` grid, the distance to the nearest segment ``starts -> ends``.

    Segments are taken ``chunk`` at a time, so a long scribble needs no more memory than a short one; by default
    256 at a time, fewer for a large bitmap, so a chunk's distances stay near 2 million numbers.
    """
    if chunk is None:
        chunk = max(1, min(256, 2**21 // (size * size)))
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
    """How many pixels are on in each ``block x block`` square: ``(n, n)`` bool -> ``(n / block, n / block)`` int.

    ``bitmap`` holds on/off pixels: True/False, or the numbers 1/0.
    """
    pixels = as_float_array(bitmap, "bitmap", ndim=2)
    if not np.all((pixels == 0) | (pixels == 1)):
        raise ValueError(
            f"bitmap must hold on/off pixels (True/False or 1/0), got values such as {_not_0_or_1(pixels)}"
        )
    block = as_positive_int(block, "block")
    n = pixels.shape[0]
    if pixels.shape[1] != n or n < block or n % block:
        raise ValueError(
            f"bitmap must be square with a side divisible by {block} (block, the block size) and at least {block}, "
            f"got shape {pixels.shape}"
        )
    on = pixels.astype(bool)
    return on.reshape(n // block, block, n // block, block).sum(axis=(1, 3))


def _not_0_or_1(pixels: np.ndarray) -> float:
    return float(pixels[(pixels != 0) & (pixels != 1)][0])


def drawing_to_digit(strokes, pen: float = PEN) -> np.ndarray:
    """A drawing as the network's input: float64 ``(64,)``, the 8 x 8 block counts of its 32 x 32 bitmap / 16."""
    return block_counts(rasterize(strokes, BITMAP, pen)).ravel() / float(BLOCK * BLOCK)
