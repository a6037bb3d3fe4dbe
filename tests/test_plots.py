"""The drawing pieces explorers share: slope bars and cell grids move as they are told."""

import numpy as np
from matplotlib.figure import Figure

from bplib.explore import style
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
