"""The drawing pieces explorers share: slope bars and cell grids move as they are told."""

import io
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure

from bplib.explore import style
from bplib.explore.digit_pictures import show_digit, show_gradient
from bplib.explore.plots import SlopeBars, cell_grid


def test_slope_bars_take_heights_and_colour_the_computed_ones():
    ax = Figure().subplots()
    bars = SlopeBars(ax, 3, "computed", "nudged")
    bars.update([0.1, -0.2, 0.0], [0.09, -0.21, 0.01], limit=0.2)
    assert [b.get_height() for b in bars.computed] == [0.1, -0.2, 0.0]
    assert [b.get_height() for b in bars.nudged] == [0.09, -0.21, 0.01]
    colours = [b.get_facecolor() for b in bars.computed]
    assert np.allclose(colours, style.gradient_colours([0.1, -0.2, 0.0], 0.2))
    assert colours[1][2] > colours[1][0] and np.allclose(colours[2][:3], colours[2][0], atol=0.03)  # blue; white
    assert [t.get_text() for t in bars.legend.get_texts()] == ["computed", "nudged"]
    assert len(bars.artists) == 6


def test_cell_grid_puts_row_zero_at_the_top_and_colours_on_the_gradient_map():
    ax = Figure().subplots()
    mesh = cell_grid(ax, 2, 3, limit=6)
    values = np.arange(6.0).reshape(2, 3) - 3
    mesh.set_array(values.ravel())
    assert ax.get_ylim() == (1.5, -0.5) and ax.get_xlim() == (-0.5, 2.5)
    assert np.allclose(mesh.to_rgba(mesh.get_array()), style.gradient_colours(values.ravel(), 6))


def _rendered(figure) -> None:
    figure.savefig(io.BytesIO(), format="png")


def test_digit_pictures_refuse_a_scale_beyond_float64_instead_of_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = Figure()
        ax = figure.subplots()
        with pytest.raises(ValueError, match="limit must be at most 8.99e\\+307"):
            show_gradient(ax, np.full(64, 1e308), 1e308)
        for bad in (0.0, -1.0, float("nan"), float("inf")):
            with pytest.raises(ValueError, match="limit must be a positive finite number"):
                show_gradient(ax, np.zeros(64), bad)
        show_gradient(ax, np.full(64, 1e307), 8e307)  # the largest scales still draw
        _rendered(figure)


@pytest.mark.parametrize("draw", [show_digit, lambda ax, image: show_gradient(ax, image, 1.0)])
def test_digit_pictures_name_an_image_that_is_not_64_finite_values(draw):
    ax = Figure().subplots()
    name = "image" if draw is show_digit else "gradient"
    with pytest.raises(ValueError, match=rf"{name} must hold 64 values \(8 x 8\), got shape \(10,\)"):
        draw(ax, np.zeros(10))
    with pytest.raises(ValueError, match=rf"{name} must be finite"):
        draw(ax, np.full(64, np.nan))
