import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from bplib.explore.live_figure import LiveFigure


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def test_blitted_picture_equals_a_full_redraw():
    figure = Figure(figsize=(3, 2), dpi=60, layout="constrained")
    ax = figure.subplots()
    ax.plot([0, 1], [0, 1], color="k")
    (moving,) = ax.plot([0, 1], [1, 0], color="r")
    ax.set_xlabel("x")
    live = LiveFigure(figure, [moving])
    first = live.png()
    moving.set_ydata([0.5, 0.5])
    blitted = _pixels(live.png())
    moving.set_animated(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=60)
    full = _pixels(buffer.getvalue())
    assert blitted.shape == full.shape
    # the same picture, up to the 256-colour palette (about one level of 255 on average)
    assert np.mean(np.abs(blitted - full)) < 2
    assert np.mean(np.abs(blitted - full) > 16) < 0.002  # hardly any pixel visibly different
    assert not np.array_equal(_pixels(first), blitted)


def test_invalidate_redraws_the_static_parts():
    figure = Figure(figsize=(3, 2), dpi=60)
    ax = figure.subplots()
    ax.plot([0, 1], [0, 1])
    live = LiveFigure(figure, [])
    before = live.png()
    ax.set_ylim(-5, 5)
    assert live.png() == before  # static changes wait for invalidate()
    live.invalidate()
    assert live.png() != before


def test_swap_moving_keeps_the_drawing_order_and_removes_the_old_artist():
    figure = Figure(figsize=(3, 2), dpi=60)
    ax = figure.subplots()
    under = ax.fill_between([0, 1], 0, 1, color="b")
    (over,) = ax.plot([0, 1], [0.5, 0.5], color="r")
    live = LiveFigure(figure, [under, over])
    replacement = ax.fill_between([0, 1], 0, 0.2, color="g")
    live.swap_moving(under, replacement)
    assert live.moving == [replacement, over] and replacement.get_animated()
    assert under not in ax.collections and under.axes is None
    pixels = _pixels(live.png())
    assert pixels.shape[:2] == (120, 180)
    with pytest.raises(ValueError, match="old must be one of the moving artists"):
        live.swap_moving(under, replacement)
