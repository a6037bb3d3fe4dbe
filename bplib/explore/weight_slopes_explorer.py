"""Notebook 03's explorer: move one input of the article's final layer and watch the weight slopes it feeds.

Each weight slope is delta times one input (BP4), so the framed input's column follows that input (all zeros
when it is 0), while delta, and with it every column a little, follows the weighted inputs z. The right panel
shows the framed input's whole range at once: the column's slopes pass through zero where the input does, the
bias slopes do not.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from ..examples import article_final_layer
from ..i18n import _
from . import style, views
from .explorer_base import Explorer, slider
from .live_figure import LiveFigure
from .plots import cell_grid

INPUT_LIMIT = 2.0
SLOPE_LIMIT = 0.3  # |delta x| stays below 0.3 for inputs within +-2 in this layer (|delta| <= 4/27)
DELTA_LIMIT = 4 / 27  # the largest |sigma'(z) (a - y)| for desired outputs in [0, 1]
SWEEP = np.linspace(-INPUT_LIMIT, INPUT_LIMIT, 81)  # the values the right panel draws the framed input at
ROW_COLOURS = (style.BLUE, style.VERMILLION, style.GREEN)


class WeightSlopesExplorer(Explorer):
    """The article's final layer (4 inputs, 3 sigmoid outputs, quadratic cost): a slider per input. The grid
    shows delta (a column), the inputs (a row) and the 12 weight slopes delta[i] x[k]; the column chosen with
    the toggle is framed, and the right panel draws its slopes over that input's whole range. Everything shown is
    a function of the controls' values alone, so a slider moved and moved back shows what it showed before."""

    def __init__(self):
        self.weights, self.biases, inputs, self.desired = article_final_layer()
        self.inputs = [slider(_("input {k}").format(k=k), v, -INPUT_LIMIT, INPUT_LIMIT) for k, v in enumerate(inputs)]
        self.framed = widgets.ToggleButtons(
            options=[(f"x[{k}]", k) for k in range(len(inputs))],
            value=int(np.flatnonzero(inputs == 0)[0]),  # start on the input that is 0: its column is zero
            description=_("framed column"),
            style={"button_width": "48px", "description_width": "initial"},
        )
        self._sweeps: dict[tuple, views.InputSweep] = {}
        figure = Figure(figsize=(8.4, 3.1), dpi=100, layout="constrained")
        grid = figure.add_gridspec(2, 3, width_ratios=[0.8, 4, 4.4], height_ratios=[1, 3])
        self.row_axes = figure.add_subplot(grid[0, 1])
        self.column_axes = figure.add_subplot(grid[1, 0])
        self.slope_axes = figure.add_subplot(grid[1, 1])
        self.sweep_axes = figure.add_subplot(grid[:, 2])
        super().__init__([widgets.VBox(self.inputs), widgets.VBox([self.framed])], LiveFigure(figure))
        self._build_grid()
        self._build_sweep()
        self.follow(self.inputs + [self.framed])
        self._update()

    def _build_grid(self) -> None:
        n_out, n_in = self.weights[0].shape
        self.row_image = cell_grid(self.row_axes, 1, n_in, INPUT_LIMIT)
        self.column_image = cell_grid(self.column_axes, n_out, 1, DELTA_LIMIT)
        self.slope_image = cell_grid(self.slope_axes, n_out, n_in, SLOPE_LIMIT)
        self.row_texts = [self.row_axes.text(k, 0, "", ha="center", va="center", fontsize=9) for k in range(n_in)]
        self.column_texts = [
            self.column_axes.text(0, i, "", ha="center", va="center", fontsize=8) for i in range(n_out)
        ]
        self.slope_texts = {
            (i, k): self.slope_axes.text(k, i, "", ha="center", va="center", fontsize=9)
            for i in range(n_out)
            for k in range(n_in)
        }
        self.row_frame = self.row_axes.add_patch(Rectangle((0, 0), 1, 1, fill=False, lw=3, ec=style.ORANGE))
        self.column_frame = self.slope_axes.add_patch(Rectangle((0, 0), 1, n_out, fill=False, lw=3, ec=style.ORANGE))
        self.row_axes.set_title(_("inputs x"), fontsize=9)
        self.column_axes.set_title("\u03b4", fontsize=10)
        self.slope_axes.set_xlabel(_("weight slopes dC/dW = \u03b4 x\u1d40"), fontsize=9)
        for ax in (self.row_axes, self.slope_axes):
            ax.set_xticks([])
        self.column_axes.set_xticks([])
        self.column_axes.set_yticks(range(n_out), [str(i) for i in range(n_out)], fontsize=8)
        for label, colour in zip(self.column_axes.get_yticklabels(), ROW_COLOURS):
            label.set_color(colour)  # the row's colour in the right panel
        self.row_axes.set_yticks([])
        self.slope_axes.set_yticks([])
        for ax in (self.row_axes, self.column_axes, self.slope_axes):
            ax.tick_params(length=0)
        self.live.add_moving(
            self.row_image,
            self.column_image,
            self.slope_image,
            *self.row_texts,
            *self.column_texts,
            *self.slope_texts.values(),
            self.row_frame,
            self.column_frame,
        )

    def _build_sweep(self) -> None:
        ax = self.sweep_axes
        n_out = self.weights[0].shape[0]
        ax.axhline(0, color=style.GREY, lw=0.8)
        ax.axvline(0, color=style.GREY, lw=0.8)
        self.weight_lines = [ax.plot([], [], color=ROW_COLOURS[i], lw=2)[0] for i in range(n_out)]
        self.bias_lines = [ax.plot([], [], color=ROW_COLOURS[i], lw=1.2, ls="--")[0] for i in range(n_out)]
        self.now = ax.axvline(0, color=style.ORANGE, lw=1.5)
        self.weight_dots = ax.scatter(np.zeros(n_out), np.zeros(n_out), c=ROW_COLOURS[:n_out], s=30, zorder=3)
        self.bias_dots = ax.scatter(
            np.zeros(n_out), np.zeros(n_out), facecolors="white", edgecolors=ROW_COLOURS[:n_out], s=30, zorder=3
        )
        ax.set_xlim(-INPUT_LIMIT, INPUT_LIMIT)
        ax.set_ylim(-SLOPE_LIMIT * 1.45, SLOPE_LIMIT * 1.08)  # room below the curves for the key
        ax.set_xlabel(_("value of the framed input"), fontsize=9)
        ax.set_ylabel(_("slope"), fontsize=9)
        ax.tick_params(labelsize=8)
        ax.legend(
            handles=[
                Line2D([], [], color=style.BLACK, lw=2, label=_("weight slope \u03b4[i] x[k]")),
                Line2D([], [], color=style.BLACK, lw=1.2, ls="--", label=_("bias slope \u03b4[i]")),
            ],
            loc="lower center",
            ncols=2,
            fontsize=8,
            frameon=False,
        )
        self.live.add_moving(*self.weight_lines, *self.bias_lines, self.now, self.weight_dots, self.bias_dots, ax.title)

    def _sweep(self, x: np.ndarray) -> views.InputSweep:
        """The framed input's whole range, the other inputs as they are: computed once for each setting of the
        others, so moving the framed input's slider redraws the curves without recomputing them."""
        k = self.framed.value
        key = (k, tuple(np.delete(x, k)))
        if key not in self._sweeps:
            self._sweeps = {key: views.input_sweep(self.weights, self.biases, x, self.desired, k, SWEEP)}
        return self._sweeps[key]

    def _update(self, change=None) -> None:
        x = np.array([s.value for s in self.inputs])
        k = self.framed.value
        view = views.weight_slopes_view(self.weights, self.biases, x, self.desired, k)
        self._draw_grid(view)
        self._draw_sweep(view, self._sweep(x))
        self._show(
            [
                (_("framed column"), _("input {k} = {value}").format(k=k, value=f"{x[k]:.2f}")),
                (_("\u03b4 = dC/db (bias slopes)"), _numbers(view.delta)),
                (
                    _("column {k} of dC/dW = \u03b4 \u00d7 x[{k}]").format(k=k),
                    f"{_numbers(view.column)} = \u03b4 \u00d7 {x[k]:.2f}",
                ),
                (_("column {k}, nudged one weight at a time").format(k=k), _numbers(view.nudged_column)),
                (_("largest difference"), f"{view.column_difference:.1e}"),
                (_("loss"), f"{view.loss:.6f}"),
            ],
            {"framed": str(k)},
        )

    def _draw_grid(self, view: views.WeightSlopesView) -> None:
        self.row_image.set_array(view.inputs)
        self.column_image.set_array(view.delta)
        self.slope_image.set_array(view.weight_slopes.ravel())
        for text, value, rgba in zip(self.row_texts, view.inputs, style.gradient_colours(view.inputs, INPUT_LIMIT)):
            _label(text, f"{value:.2f}", rgba)
        for text, value, rgba in zip(self.column_texts, view.delta, style.gradient_colours(view.delta, DELTA_LIMIT)):
            _label(text, f"{value:+.3f}", rgba)
        column = view.column
        for (i, k), text in self.slope_texts.items():  # numbers in the framed column only: text is dear to draw
            shown = f"{column[i] + 0.0:+.3f}" if k == view.moved else ""
            _label(text, shown, style.gradient_colours(column[i], SLOPE_LIMIT))
        self.row_frame.set_xy((view.moved - 0.5, -0.5))
        self.column_frame.set_xy((view.moved - 0.5, -0.5))

    def _draw_sweep(self, view: views.WeightSlopesView, sweep: views.InputSweep) -> None:
        value = view.inputs[view.moved]
        for i, (weight_line, bias_line) in enumerate(zip(self.weight_lines, self.bias_lines)):
            weight_line.set_data(sweep.values, sweep.column[:, i])
            bias_line.set_data(sweep.values, sweep.delta[:, i])
        self.now.set_xdata([value, value])
        self.weight_dots.set_offsets(np.column_stack([np.full(len(view.column), value), view.column]))
        self.bias_dots.set_offsets(np.column_stack([np.full(len(view.delta), value), view.delta]))
        self.sweep_axes.set_title(
            _("column {k} framed: loss C = {loss}").format(k=view.moved, loss=f"{view.loss:.4f}"), fontsize=9
        )


def _label(text, value: str, rgba) -> None:
    """Write ``value`` in a cell, in black or white, whichever reads on the cell's colour ``rgba``."""
    text.set_text(value)
    text.set_color(style.ink_on(rgba))


def _numbers(values: np.ndarray) -> str:
    """``[+0.123456, ...]``, whatever numpy's print options are in the kernel (``-0`` shown as ``+0``)."""
    return "[" + ", ".join(f"{float(v) + 0.0:+.6f}" for v in values) + "]"
