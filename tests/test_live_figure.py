import io
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

import bplib
from bplib.explore.live_figure import LiveFigure


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def test_a_figure_built_in_english_draws_japanese_words_after_the_language_changes():
    """A text keeps the fonts it was made with: built in English, it has no font for kana until png() hands every
    text the new language's fonts (else: one warning per missing glyph, and empty boxes)."""
    figure = Figure(figsize=(2, 1), dpi=50)
    axes = figure.subplots()
    title, code = axes.set_title("loss"), axes.text(0, 0, "x = 1", fontfamily="monospace")
    live = LiveFigure(figure, [title])
    live.png()
    bplib.set_language("ja")
    try:
        title.set_text("損失")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            live.png()
        assert "IPAexGothic" in title.get_fontfamily()
    finally:
        bplib.set_language("en")
    title.set_text("loss")
    live.png()
    assert "IPAexGothic" not in title.get_fontfamily()
    assert code.get_fontfamily() == ["monospace"]  # a font chosen for one text stays, in both languages


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


def test_steady_artists_wait_for_refresh_and_moving_ones_go_on_top():
    figure = Figure(figsize=(3, 2), dpi=60)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    steady = ax.add_patch(Rectangle((0.1, 0.1), 0.5, 0.8, color="b"))
    moving = ax.add_patch(Rectangle((0.4, 0.1), 0.5, 0.8, color="r"))
    live = LiveFigure(figure, [moving])
    live.add_steady(steady)
    first = _pixels(live.png())
    red = [255, 0, 0]
    overlap = first[60, 90]  # x = 0.5: under both rectangles
    assert np.abs(overlap - red).max() < 10  # moving over steady
    steady.set_color("g")
    moving.set_x(0.45)
    second = _pixels(live.png())
    assert np.abs(second[60, 30] - first[60, 30]).max() < 10  # x = 1/6: still the old steady colour
    assert not np.array_equal(first, second)  # while the moving artist moved
    live.refresh_steady()
    third = _pixels(live.png())
    assert np.abs(third[60, 30] - np.array([0, 128, 0])).max() < 10
