"""Notebook 03's explorer: a layer's weight gradients as the outer product of its deltas and its inputs, and
where each of them sits in the article's column-major flat list."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..i18n import _
from ..validation import as_float_array
from . import style, views
from .explorer_base import Explorer, slider
from .live_figure import LiveFigure
from .plots import cell_grid

DELTA_LIMIT = 3.0
INPUT_LIMIT = 8.0
PRODUCT_LIMIT = DELTA_LIMIT * INPUT_LIMIT  # every product fits the colour scale


class OuterProductExplorer(Explorer):
    """Slide the bias gradients (delta, a column) and the inputs (a row): the weight gradients are their outer
    product. Choosing a cell highlights the delta and the input it comes from, and shows its flat index.

    ``bias_grads`` (n_out,) lie within +-3, ``inputs`` (n_in,) within +-8, the sliders' ranges.
    """

    def __init__(self, bias_grads=(1.0, 2.0, 3.0), inputs=(4.0, 5.0, 6.0, 7.0)):
        bias_grads = _within(bias_grads, "bias_grads", DELTA_LIMIT)
        inputs = _within(inputs, "inputs", INPUT_LIMIT)
        self.deltas = [
            slider(_("delta {i}").format(i=i), v, -DELTA_LIMIT, DELTA_LIMIT, 0.1) for i, v in enumerate(bias_grads)
        ]
        self.inputs = [
            slider(_("input {k}").format(k=k), v, -INPUT_LIMIT, INPUT_LIMIT, 0.1) for k, v in enumerate(inputs)
        ]
        n_rows, n_cols = len(self.deltas), len(self.inputs)
        cells = [
            (_("row {i}, column {k} (flat index {index})").format(i=i, k=k, index=i + k * n_rows), (i, k))
            for k in range(n_cols)
            for i in range(n_rows)
        ]
        self.cell = widgets.Dropdown(
            options=cells, value=(n_rows - 1, n_cols - 1), description=_("cell"), layout=widgets.Layout(width="300px")
        )
        figure = Figure(figsize=(6.4, 3.6), dpi=100, layout="constrained")
        grid = figure.add_gridspec(2, 2, width_ratios=[1, n_cols], height_ratios=[1, n_rows])
        self.row_axes = figure.add_subplot(grid[0, 1])
        self.column_axes = figure.add_subplot(grid[1, 0])
        self.product_axes = figure.add_subplot(grid[1, 1])
        controls = [widgets.VBox(self.deltas + [self.cell]), widgets.VBox(self.inputs)]
        super().__init__(controls, LiveFigure(figure))
        self._build_artists(n_rows, n_cols)
        self.follow(self.deltas + self.inputs + [self.cell])
        self._update()

    def _build_artists(self, n_rows: int, n_cols: int) -> None:
        self.row_image = cell_grid(self.row_axes, 1, n_cols, PRODUCT_LIMIT)
        self.column_image = cell_grid(self.column_axes, n_rows, 1, PRODUCT_LIMIT)
        self.product_image = cell_grid(self.product_axes, n_rows, n_cols, PRODUCT_LIMIT)
        self.row_texts = [self.row_axes.text(k, 0, "", ha="center", va="center") for k in range(n_cols)]
        self.column_texts = [self.column_axes.text(0, i, "", ha="center", va="center") for i in range(n_rows)]
        self.product_texts = {
            (i, k): self.product_axes.text(k, i, "", ha="center", va="center", fontsize=10)
            for i in range(n_rows)
            for k in range(n_cols)
        }
        self.highlights = [
            ax.add_patch(Rectangle((0, 0), 1, 1, fill=False, lw=3, ec=style.ORANGE))
            for ax in (self.row_axes, self.column_axes, self.product_axes)
        ]
        self.row_axes.set_title(_("inputs (a row)"), fontsize=10)
        self.column_axes.set_ylabel(_("delta = bias gradients\n(a column)"), fontsize=9)
        self.product_axes.set_xlabel(
            _("weight gradients = delta x inputs, and where each column sits in the flat list"), fontsize=9
        )
        for ax in (self.row_axes, self.column_axes, self.product_axes):
            ax.set_xticks([])
            ax.set_yticks([])
        # column k of the column-major list is the contiguous slice [k * n_rows, (k + 1) * n_rows)
        self.product_axes.set_xticks(
            range(n_cols), [f"[{k * n_rows}..{(k + 1) * n_rows - 1}]" for k in range(n_cols)], fontsize=8
        )
        self.product_axes.tick_params(length=0)
        self.live.add_moving(
            self.row_image,
            self.column_image,
            self.product_image,
            *self.row_texts,
            *self.column_texts,
            *self.product_texts.values(),
            *self.highlights,
        )

    def _update(self, change=None) -> None:
        delta = np.array([s.value for s in self.deltas])
        x = np.array([s.value for s in self.inputs])
        view = views.outer_product_view(delta, x)
        # the factors are coloured at the products' scale, so each slider's end is the colour scale's end
        row_colours, column_colours = x * DELTA_LIMIT, delta * INPUT_LIMIT
        self.row_image.set_array(row_colours)
        self.column_image.set_array(column_colours)
        self.product_image.set_array(view.matrix.ravel())
        for text, value, colour in zip(self.row_texts, x, row_colours):
            _label(text, f"{value:g}", colour)
        for text, value, colour in zip(self.column_texts, delta, column_colours):
            _label(text, f"{value:g}", colour)
        for (i, k), text in self.product_texts.items():
            _label(text, f"{view.matrix[i, k]:.4g}", view.matrix[i, k])
        i, k = self.cell.value
        for rect, (x0, y0) in zip(self.highlights, ((k, 0), (0, i), (k, i))):
            rect.set_xy((x0 - 0.5, y0 - 0.5))
        n_rows = len(delta)
        self._show(
            [
                (
                    _("chosen cell"),
                    f"weight_grad[{i}, {k}] = delta[{i}] x input[{k}] = {delta[i]:g} x {x[k]:g}"
                    f" = {view.matrix[i, k]:.6g}",
                ),
                (
                    _("flat column-major index"),
                    f"bias_index + input_index x biases_length = {i} + {k} x {n_rows}"
                    f" = {view.column_major_index(i, k)}",
                ),
                (_("flat list (column-major)"), np.array2string(view.column_major, precision=4, max_line_width=200)),
            ]
        )


def _label(text, value: str, colour_value: float) -> None:
    """Write ``value`` in a cell, in black or white, whichever reads on the cell's colour."""
    text.set_text(value)
    text.set_color(style.ink_on(style.gradient_colours(colour_value, PRODUCT_LIMIT)))


def _within(values, name: str, limit: float) -> np.ndarray:
    """``values`` as a non-empty 1-D float array inside +-``limit`` (a slider's range), or raise naming ``name``."""
    array = as_float_array(values, name, ndim=1)
    if array.size == 0 or np.any(np.abs(array) > limit):
        raise ValueError(
            f"{name} must be at least one number, each between -{limit:g} and {limit:g}, got {array.tolist()}"
        )
    return array
