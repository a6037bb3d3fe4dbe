"""Interactive explorers: a few controls and one live picture, each a thin shell around ``bplib.views``.

Each explorer is an ipywidgets ``VBox`` (show it by making it a cell's last expression). Its picture is one
matplotlib figure kept for the explorer's life; a control change recomputes the numbers with ``views`` and
moves only the artists that change (``LiveFigure``), so the picture follows a slider in milliseconds.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from . import style, views
from .examples import article_final_layer
from .finite_differences import all_parameters
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
        self.picture.value = self.live.png()
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
        self.backprop_bars = ax.bar(
            index - 0.18,
            np.zeros(3),
            0.34,
            facecolor=style.GREY,
            edgecolor=style.BLACK,
            linewidth=0.6,
            label="backprop",
        )
        self.nudged_bars = ax.bar(
            index + 0.18,
            np.zeros(3),
            0.34,
            facecolor="none",
            edgecolor=style.BLACK,
            hatch="///",
            linewidth=0.8,
            label="nudged (centred, h = 1e-5)",
        )
        ax.axhline(0, color=style.BLACK, lw=0.8)
        ax.set_xticks(index, [f"bias {i}" for i in index])
        ax.set_xlabel("the final layer's biases (bar colour: the slope, blue below zero, red above)")
        ax.set_xlim(-0.6, 2.6)
        ax.set_ylabel("slope dC/db")
        self.legend = ax.legend(loc="upper left", fontsize=8, frameon=False)
        self.live.add_moving(*self.backprop_bars, *self.nudged_bars, ax.title)

    def _on_cost(self, change=None) -> None:
        limit = self.LIMITS[self.cost.value]
        self.axes.set_ylim(-limit, limit)
        self.legend.get_texts()[0].set_text(self.FORMULAS[self.cost.value])
        self.live.invalidate()
        self._update()

    def _update(self, change=None) -> None:
        inputs = np.array([s.value for s in self.inputs])
        desired = np.array([s.value for s in self.desired])
        view = views.output_layer_view(self.weights, self.biases, inputs, desired, self.cost.value)
        colours = style.gradient_colours(view.backprop, self.LIMITS[self.cost.value])
        for bar, value, colour in zip(self.backprop_bars, view.backprop, colours):
            bar.set_height(value)
            bar.set_facecolor(colour)
        for bar, value in zip(self.nudged_bars, view.nudged):
            bar.set_height(value)
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
