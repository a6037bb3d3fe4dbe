"""Interactive explorers: a few controls and one live picture, each a thin shell around ``bplib.explore.views``.

Each explorer is an ipywidgets ``VBox`` (show it by making it a cell's last expression). Its picture is one
matplotlib figure kept for the explorer's life; a control change recomputes the numbers with ``views`` and
moves only the artists that change (``LiveFigure``), so the picture follows a slider in milliseconds.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..examples import article_final_layer, article_network
from ..finite_differences import all_parameters
from . import style, views
from .live_figure import LiveFigure

SMALLEST_SHOWN_ERROR = 1e-13  # errors below this (or exactly zero) sit on the log plot's floor


class Explorer(widgets.VBox):
    """Controls above a picture and a readout of numbers; subclasses fill in ``_update``."""

    def __init__(self, controls: list[widgets.Widget], figure: Figure):
        self.picture = widgets.Image(format="png")
        self.readout = widgets.HTML()
        self.picture.add_class("bplib-picture")
        self.readout.add_class("bplib-readout")
        super().__init__([widgets.HBox(controls), self.picture, self.readout])
        self.add_class("bplib-explorer")
        self.live = LiveFigure(figure, [])

    def _show(self, rows: list[tuple[str, str]]) -> None:
        self._show_picture()
        self._show_numbers(rows)

    def _show_picture(self) -> None:
        self.picture.value = self.live.png()

    def _show_numbers(self, rows: list[tuple[str, str]]) -> None:
        cell = "padding: 0 12px 0 0; line-height: 1.35; text-align: left"
        cells = "".join(
            f"<tr><td style='{cell}'>{html.escape(k)}</td><td style='{cell}'><code>{html.escape(v)}</code></td></tr>"
            for k, v in rows
        )
        self.readout.value = f"<table style='border-collapse: collapse; font-size: 13px'>{cells}</table>"


def _slider(description: str, value: float, low: float, high: float, step: float = 0.05) -> widgets.FloatSlider:
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=".2f",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="260px"),
    )


class NudgeExplorer(Explorer):
    """Pick a parameter and a step h: the loss around it, the secant through the nudge, backprop's tangent,
    and how far each nudged slope is from backprop's as h changes."""

    def __init__(self, weights=None, biases=None, x=None, y=None):
        if weights is None:
            weights, biases, x, y = article_final_layer()
        self.network = (weights, biases, x, y)
        self.parameters = {p.label: p for p in all_parameters(weights, biases)}
        self.parameter = widgets.Dropdown(
            options=list(self.parameters),
            value=next(iter(self.parameters)),
            description="parameter",
            layout=widgets.Layout(width="240px"),
        )
        self.step = widgets.FloatLogSlider(
            value=1e-3,
            base=10,
            min=-10,
            max=-1,
            step=0.25,
            description="step h",
            readout_format=".0e",
            layout=widgets.Layout(width="340px"),
        )
        figure = Figure(figsize=(7.6, 2.9), dpi=100, layout="constrained")
        self.curve_axes, self.error_axes = figure.subplots(1, 2)
        super().__init__([self.parameter, self.step], figure)
        self._build_artists()
        self.parameter.observe(self._on_parameter, names="value")
        self.step.observe(self._on_step, names="value")
        self._on_parameter()

    def _build_artists(self) -> None:
        ax, ex = self.curve_axes, self.error_axes
        (self.curve_line,) = ax.plot([], [], color=style.BLACK, lw=1.5, label="loss")
        (self.tangent_line,) = ax.plot([], [], color=style.BACKPROP_COLOUR, lw=1.2, label="tangent (backprop)")
        (self.secant_line,) = ax.plot([], [], color=style.FORWARD_COLOUR, lw=1.2, ls="--", label="secant (nudge)")
        (self.nudge_points,) = ax.plot([], [], "o", color=style.FORWARD_COLOUR, ms=5)
        ax.set_ylabel("loss C")
        ax.legend(loc="upper center", fontsize=8, frameon=False)
        (self.forward_curve,) = ex.loglog([], [], color=style.FORWARD_COLOUR, label="forward (article)")
        (self.centred_curve,) = ex.loglog([], [], color=style.CENTRED_COLOUR, label="centred")
        (self.forward_marker,) = ex.plot([], [], "o", color=style.FORWARD_COLOUR, ms=7)
        (self.centred_marker,) = ex.plot([], [], "s", color=style.CENTRED_COLOUR, ms=7)
        self.step_line = ex.axvline(1e-3, color=style.GREY, lw=1)
        ex.set_xlim(views.STEPS[0], views.STEPS[-1])
        ex.set_ylim(SMALLEST_SHOWN_ERROR / 2, 1)
        ex.set_xlabel("step h")
        ex.set_ylabel("slope error (vs backprop)")
        ex.set_title("error of the nudged slope", fontsize=10)
        ex.legend(loc="upper left", fontsize=8, frameon=False)
        self.live.add_moving(
            self.secant_line, self.nudge_points, self.forward_marker, self.centred_marker, self.step_line
        )

    def _on_parameter(self, change=None) -> None:
        p = self.parameters[self.parameter.value]
        view = views.nudge_view(*self.network, p.kind, p.layer, p.index, self.step.value)
        self.curve_line.set_data(view.curve_x, view.curve_loss)
        self.tangent_line.set_data(view.curve_x, view.loss + view.backprop_slope * (view.curve_x - view.value))
        ax = self.curve_axes
        ax.set_xlim(view.curve_x[0], view.curve_x[-1])
        low, high = view.curve_loss.min(), view.curve_loss.max()
        pad = max(0.15 * (high - low), 1e-3)
        ax.set_ylim(low - pad, high + pad)
        ax.set_xlabel(f"value of {view.label}")
        ax.set_title(f"loss as {view.label} moves", fontsize=10)
        steps, forward, centred = views.step_errors(*self.network, p.kind, p.layer, p.index)
        self.forward_curve.set_data(steps, np.maximum(forward, SMALLEST_SHOWN_ERROR))
        self.centred_curve.set_data(steps, np.maximum(centred, SMALLEST_SHOWN_ERROR))
        self.live.invalidate()
        self._update(view)

    def _on_step(self, change=None) -> None:
        p = self.parameters[self.parameter.value]
        self._update(views.nudge_view(*self.network, p.kind, p.layer, p.index, self.step.value))

    def _update(self, view: views.NudgeView) -> None:
        h = self.step.value
        xs = view.curve_x
        self.secant_line.set_data(xs, view.loss + view.forward_slope * (xs - view.value))
        self.nudge_points.set_data([view.value, view.value + h], [view.loss, view.loss_plus])
        self.forward_marker.set_data([h], [max(view.forward_error, SMALLEST_SHOWN_ERROR)])
        self.centred_marker.set_data([h], [max(view.centred_error, SMALLEST_SHOWN_ERROR)])
        self.step_line.set_xdata([h, h])
        self._show(
            [
                ("loss C(p)", f"{view.loss:.9f}"),
                (f"C(p + {h:.0e})", f"{view.loss_plus:.9f}"),
                ("forward slope (C(p+h) - C(p)) / h", f"{view.forward_slope:+.9f}   error {view.forward_error:.1e}"),
                ("centred slope (C(p+h) - C(p-h)) / 2h", f"{view.centred_slope:+.9f}   error {view.centred_error:.1e}"),
                ("backprop slope", f"{view.backprop_slope:+.9f}"),
            ]
        )


class SlopeBars:
    """Pairs of bars, one pair per bias: a computed slope (coloured by its value, diverging around zero) beside
    the nudged one (hatched), the picture notebooks 02 and 04 use to set a formula against the nudges."""

    def __init__(self, ax, n: int, computed_label: str, nudged_label: str):
        index = np.arange(n)
        self.computed = ax.bar(
            index - 0.18,
            np.zeros(n),
            0.34,
            facecolor=style.GREY,
            edgecolor=style.BLACK,
            linewidth=0.6,
            label=computed_label,
        )
        self.nudged = ax.bar(
            index + 0.18,
            np.zeros(n),
            0.34,
            facecolor="none",
            edgecolor=style.BLACK,
            hatch="///",
            linewidth=0.8,
            label=nudged_label,
        )
        ax.axhline(0, color=style.BLACK, lw=0.8)
        self.legend = ax.legend(loc="upper left", fontsize=8, frameon=False)

    @property
    def artists(self) -> list:
        return [*self.computed, *self.nudged]

    def update(self, computed, nudged, limit: float) -> None:
        for bar, value, colour in zip(self.computed, computed, style.gradient_colours(computed, limit)):
            bar.set_height(value)
            bar.set_facecolor(colour)
        for bar, value in zip(self.nudged, nudged):
            bar.set_height(value)


class OutputLayerExplorer(Explorer):
    """Move the inputs and the desired outputs of the article's final layer: the three bias slopes from
    backprop beside the nudged ones, and the loss."""

    LIMITS = {"quadratic": 0.16, "cross_entropy": 1.05}  # |delta| <= 4/27 and <= 1: the bars always fit
    FORMULAS = {"quadratic": "backprop: \u03c3\u2032(z) \u00b7 (a \u2212 y)", "cross_entropy": "backprop: a \u2212 y"}

    def __init__(self):
        self.weights, self.biases, inputs, desired = article_final_layer()
        self.inputs = [_slider(f"input {k}", v, -2, 2) for k, v in enumerate(inputs)]
        self.desired = [_slider(f"desired {i}", v, 0, 1) for i, v in enumerate(desired)]
        self.cost = widgets.ToggleButtons(
            options=[("quadratic", "quadratic"), ("cross-entropy", "cross_entropy")],
            value="quadratic",
            description="cost",
            style={"button_width": "110px"},
        )
        figure = Figure(figsize=(7.6, 2.8), dpi=100, layout="constrained")
        self.axes = figure.subplots()
        controls = [widgets.VBox(self.inputs), widgets.VBox(self.desired + [self.cost])]
        super().__init__(controls, figure)
        self._build_artists()
        for control in self.inputs + self.desired:
            control.observe(self._update, names="value")
        self.cost.observe(self._on_cost, names="value")
        self._on_cost()

    def _build_artists(self) -> None:
        ax = self.axes
        index = np.arange(3)
        self.bars = SlopeBars(ax, 3, "backprop", "nudged (centred, h = 1e-5)")
        ax.set_xticks(index, [f"bias {i}" for i in index])
        ax.set_xlabel("the final layer's biases (bar colour: the slope, blue below zero, red above)")
        ax.set_xlim(-0.6, 2.6)
        ax.set_ylabel("slope dC/db")
        self.live.add_moving(*self.bars.artists, ax.title)

    def _on_cost(self, change=None) -> None:
        limit = self.LIMITS[self.cost.value]
        self.axes.set_ylim(-limit, limit)
        self.bars.legend.get_texts()[0].set_text(self.FORMULAS[self.cost.value])
        self.live.invalidate()
        self._update()

    def _update(self, change=None) -> None:
        inputs = np.array([s.value for s in self.inputs])
        desired = np.array([s.value for s in self.desired])
        view = views.output_layer_view(self.weights, self.biases, inputs, desired, self.cost.value)
        self.bars.update(view.backprop, view.nudged, self.LIMITS[self.cost.value])
        self.axes.set_title(f"loss C = {view.loss:.6f}", fontsize=10)
        self._show(
            [
                ("activated outputs a", np.array2string(view.activated, precision=4)),
                ("backprop slopes", np.array2string(view.backprop, precision=6, sign="+")),
                ("nudged slopes", np.array2string(view.nudged, precision=6, sign="+")),
                ("largest difference", f"{np.max(np.abs(view.backprop - view.nudged)):.1e}"),
                ("loss", f"{view.loss:.6f}"),
            ]
        )


class OuterProductExplorer(Explorer):
    """Slide the bias gradients (delta, a column) and the inputs (a row): the weight gradients are their outer
    product. Choosing a cell highlights the delta and the input it comes from, and shows its flat index."""

    LIMIT = 24.0  # |delta| <= 3 and |input| <= 8, so every product fits the colour scale

    def __init__(self, bias_grads=(1.0, 2.0, 3.0), inputs=(4.0, 5.0, 6.0, 7.0)):
        self.deltas = [_slider(f"delta {i}", v, -3, 3, 0.1) for i, v in enumerate(bias_grads)]
        self.inputs = [_slider(f"input {k}", v, -8, 8, 0.1) for k, v in enumerate(inputs)]
        n_rows, n_cols = len(self.deltas), len(self.inputs)
        cells = [
            (f"row {i}, column {k} (flat index {i + k * n_rows})", (i, k)) for k in range(n_cols) for i in range(n_rows)
        ]
        self.cell = widgets.Dropdown(
            options=cells, value=(n_rows - 1, n_cols - 1), description="cell", layout=widgets.Layout(width="300px")
        )
        figure = Figure(figsize=(6.4, 3.6), dpi=100, layout="constrained")
        grid = figure.add_gridspec(2, 2, width_ratios=[1, n_cols], height_ratios=[1, n_rows])
        self.row_axes = figure.add_subplot(grid[0, 1])
        self.column_axes = figure.add_subplot(grid[1, 0])
        self.product_axes = figure.add_subplot(grid[1, 1])
        controls = [widgets.VBox(self.deltas + [self.cell]), widgets.VBox(self.inputs)]
        super().__init__(controls, figure)
        self._build_artists(n_rows, n_cols)
        for control in self.deltas + self.inputs + [self.cell]:
            control.observe(self._update, names="value")
        self._update()

    def _build_artists(self, n_rows: int, n_cols: int) -> None:
        norm = dict(cmap=style.GRADIENT_CMAP, vmin=-self.LIMIT, vmax=self.LIMIT)
        # cell grids as meshes, not images: 12 quads draw in well under a millisecond, an image resamples
        self.row_image = _cell_grid(self.row_axes, 1, n_cols, norm)
        self.column_image = _cell_grid(self.column_axes, n_rows, 1, norm)
        self.product_image = _cell_grid(self.product_axes, n_rows, n_cols, norm)
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
        self.row_axes.set_title("inputs (a row)", fontsize=10)
        self.column_axes.set_ylabel("delta = bias gradients\n(a column)", fontsize=9)
        self.product_axes.set_xlabel(
            "weight gradients = delta x inputs, and where each column sits in the flat list", fontsize=9
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
        self.row_image.set_array(x * 3)  # inputs drawn at the products' scale: |x| <= 8 -> 24
        self.column_image.set_array(delta * 8)
        self.product_image.set_array(view.matrix.ravel())
        for k, text in enumerate(self.row_texts):
            self._label(text, f"{x[k]:g}", x[k] * 3)
        for i, text in enumerate(self.column_texts):
            self._label(text, f"{delta[i]:g}", delta[i] * 8)
        n_rows = len(delta)
        for (i, k), text in self.product_texts.items():
            self._label(text, f"{view.matrix[i, k]:.4g}", view.matrix[i, k])
        i, k = self.cell.value
        for rect, (x0, y0) in zip(self.highlights, ((k, 0), (0, i), (k, i))):
            rect.set_xy((x0 - 0.5, y0 - 0.5))
        flat_index = i + k * n_rows
        self._show(
            [
                (
                    "chosen cell",
                    f"weight_grad[{i}, {k}] = delta[{i}] x input[{k}] = {delta[i]:g} x {x[k]:g}"
                    f" = {view.matrix[i, k]:.6g}",
                ),
                (
                    "flat column-major index",
                    f"bias_index + input_index x biases_length = {i} + {k} x {n_rows} = {flat_index}",
                ),
                ("flat list (column-major)", np.array2string(view.column_major, precision=4, max_line_width=200)),
            ]
        )

    def _label(self, text, value: str, colour_value: float) -> None:
        text.set_text(value)
        colour = style.GRADIENT_CMAP(np.clip((colour_value + self.LIMIT) / (2 * self.LIMIT), 0, 1))
        text.set_color(style.ink_on(colour))


def _cell_grid(ax, n_rows: int, n_cols: int, norm: dict):
    """A grid of coloured cells centred on integer coordinates, row 0 at the top (like imshow)."""
    mesh = ax.pcolormesh(np.arange(n_cols + 1) - 0.5, np.arange(n_rows + 1) - 0.5, np.zeros((n_rows, n_cols)), **norm)
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.set_aspect("equal")
    return mesh


class HiddenLayerExplorer(Explorer):
    """A 4 -> 3 -> 3 network drawn as neurons and connections: colour and width show the gradients. Switch
    between the article's hidden formula and the corrected one and watch the hidden slopes meet the nudges."""

    NODE_LIMIT = 0.2
    EDGE_LIMIT = 0.2
    BAR_LIMIT = 0.45
    FORMULAS = {
        "article": "article: W\u1d40\u03b4",
        "corrected": "corrected: W\u1d40\u03b4 \u00b7 activate_derivative(z)",
    }

    def __init__(self):
        self.weights, self.biases, inputs, self.desired = article_network()
        self.inputs = [_slider(f"input {k}", v, -2, 2) for k, v in enumerate(inputs)]
        self.activation = widgets.ToggleButtons(
            options=["sigmoid", "tanh", "relu"],
            value="sigmoid",
            description="hidden units",
            style={"button_width": "80px"},
        )
        self.formula = widgets.ToggleButtons(
            options=[("article: W^T delta", "article"), ("corrected: times f'(z)", "corrected")],
            value="article",
            description="hidden delta",
            style={"button_width": "160px"},
        )
        figure = Figure(figsize=(7.6, 3.3), dpi=100, layout="constrained")
        self.diagram_axes, self.bar_axes = figure.subplots(1, 2, width_ratios=[1.5, 1])
        controls = [widgets.VBox(self.inputs), widgets.VBox([self.activation, self.formula])]
        super().__init__(controls, figure)
        self._build_artists()
        for control in self.inputs + [self.activation, self.formula]:
            control.observe(self._update, names="value")
        self._update()

    def _build_artists(self) -> None:
        ax = self.diagram_axes
        layers = [4, 3, 3]
        self.positions = [[(l, (n - 1) / 2 - j) for j in range(n)] for l, n in enumerate(layers)]
        segments = [[p, q] for l in range(2) for q in self.positions[l + 1] for p in self.positions[l]]
        self.edges = LineCollection(segments, zorder=1)
        ax.add_collection(self.edges)
        xs, ys = zip(*[p for layer in self.positions[1:] for p in layer])
        self.nodes = ax.scatter(xs, ys, s=600, edgecolors=style.BLACK, linewidths=1, zorder=2)
        ix, iy = zip(*self.positions[0])
        input_nodes = ax.scatter(ix, iy, s=600, c="white", edgecolors=style.GREY, linewidths=1, zorder=2)
        self.input_texts = [
            ax.text(x, y, "", ha="center", va="center", fontsize=7, zorder=3) for x, y in self.positions[0]
        ]
        for l, name in enumerate(("inputs", "hidden", "outputs")):
            ax.text(l, 2.2, name, ha="center", fontsize=9)
        ax.set_xlim(-0.4, 2.4)
        ax.set_ylim(-2, 2.5)
        ax.set_axis_off()
        ax.set_title("neurons: delta   connections: weight gradient", fontsize=9)
        index = np.arange(3)
        self.bars = SlopeBars(self.bar_axes, 3, "formula", "nudged")
        self.bar_axes.set_xticks(index, [f"hidden {j}" for j in index])
        self.bar_axes.set_ylim(-self.BAR_LIMIT, self.BAR_LIMIT)
        self.bar_axes.set_ylabel("hidden bias slope dC/db")
        # drawn in this order, so the circles cover the ends of the connections and the texts sit on top
        self.live.add_moving(
            self.edges,
            input_nodes,
            self.nodes,
            *self.input_texts,
            *self.bars.artists,
            self.bar_axes.title,
        )

    def _update(self, change=None) -> None:
        if change is not None and change["owner"] is self.formula:
            self.live.invalidate()  # the legend, a static part, names the formula
        x = np.array([s.value for s in self.inputs])
        view = views.hidden_layer_view(
            self.weights, self.biases, x, self.desired, self.activation.value, self.formula.value
        )
        grads = np.concatenate([view.hidden_weight_grads.ravel(), view.output_weight_grads.ravel()])
        self.edges.set_color(style.gradient_colours(grads, self.EDGE_LIMIT))
        self.edges.set_linewidths(0.6 + 5 * np.minimum(np.abs(grads) / self.EDGE_LIMIT, 1))
        deltas = np.concatenate([view.hidden_delta, view.output_delta])
        self.nodes.set_facecolor(style.gradient_colours(deltas, self.NODE_LIMIT))
        for text, value in zip(self.input_texts, x):
            text.set_text(f"{value:.1f}")
        self.bars.update(view.hidden_delta, view.nudged_hidden, self.BAR_LIMIT)
        self.bars.legend.get_texts()[0].set_text(self.FORMULAS[self.formula.value])
        worst = float(np.max(view.mismatch))
        self.bar_axes.set_title(
            f"largest mismatch: {worst:.1e}", fontsize=10, color=style.VERMILLION if worst > 1e-6 else style.BLACK
        )
        self._show(
            [
                ("hidden z (weighted inputs)", np.array2string(view.hidden_z, precision=4, sign="+")),
                ("hidden delta, formula", np.array2string(view.hidden_delta, precision=6, sign="+")),
                ("hidden delta, nudged", np.array2string(view.nudged_hidden, precision=6, sign="+")),
                ("output delta", np.array2string(view.output_delta, precision=6, sign="+")),
                ("loss", f"{view.loss:.6f}"),
            ]
        )
