"""Notebook 01's explorer: nudge one parameter by a step h and compare the nudged slopes with backprop's."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..examples import article_final_layer
from ..finite_differences import all_parameters
from ..i18n import N_, _
from . import style, views
from .explorer_base import Explorer
from .live_figure import LiveFigure

SMALLEST_SHOWN_ERROR = 1e-13  # errors below this (or exactly zero) sit on the log plot's floor
LARGEST_SHOWN_ERROR = 10.0  # errors above this (up to infinity) sit just above the log plot's top, 1
STEP_TOO_SMALL = N_("step too small: C(p + h) equals C(p) in float64, so this nudge sees no change; take a larger h")
CENTRED_STEP_TOO_SMALL = N_(
    "step too small: C(p + h) equals C(p - h) in float64, so this nudge sees no change; take a larger h"
)


class NudgeExplorer(Explorer):
    """Pick a parameter and a step h: the loss around it, the secant through the nudge, backprop's tangent,
    and how far each nudged slope is from backprop's as h changes."""

    def __init__(self, weights=None, biases=None, x=None, y=None):
        """The article's final layer, input and desired output, each replaced by the argument given instead."""
        given = (weights, biases, x, y)
        weights, biases, x, y = (a if a is not None else d for a, d in zip(given, article_final_layer()))
        self.network = (weights, biases, x, y)
        views.nudge_view(*self.network, "bias", 0, 0, 1e-3)  # checks the four together, naming the one that is wrong
        self.parameters = {p.label: p for p in all_parameters(weights, biases)}
        self.parameter = widgets.Dropdown(
            options=list(self.parameters),
            value=next(iter(self.parameters)),
            description=_("parameter"),
            layout=widgets.Layout(width="240px"),
        )
        self.step = widgets.FloatLogSlider(
            value=1e-3,
            base=10,
            min=-10,
            max=-1,
            step=0.25,
            description=_("step h"),
            readout_format=".0e",
            layout=widgets.Layout(width="340px"),
        )
        figure = Figure(figsize=(7.6, 2.9), dpi=100, layout="constrained")
        self.curve_axes, self.error_axes = figure.subplots(1, 2)
        super().__init__([self.parameter, self.step], LiveFigure(figure))
        self._build_artists()
        self.follow([self.parameter], self._on_parameter)
        self.follow([self.step], self._on_step)
        self._on_parameter()

    def _build_artists(self) -> None:
        ax, ex = self.curve_axes, self.error_axes
        (self.curve_line,) = ax.plot([], [], color=style.BLACK, lw=1.5, label=_("loss"))
        (self.tangent_line,) = ax.plot([], [], color=style.BACKPROP_COLOUR, lw=1.2, label=_("tangent (backprop)"))
        (self.secant_line,) = ax.plot([], [], color=style.FORWARD_COLOUR, lw=1.2, ls="--", label=_("secant (nudge)"))
        (self.nudge_points,) = ax.plot([], [], "o", color=style.FORWARD_COLOUR, ms=5)
        ax.set_ylabel(_("loss C"))
        ax.legend(loc="upper center", fontsize=8, frameon=False)
        (self.forward_curve,) = ex.loglog([], [], color=style.FORWARD_COLOUR, label=_("forward (article)"))
        (self.centred_curve,) = ex.loglog([], [], color=style.CENTRED_COLOUR, label=_("centred"))
        (self.forward_marker,) = ex.plot([], [], "o", color=style.FORWARD_COLOUR, ms=7)
        (self.centred_marker,) = ex.plot([], [], "s", color=style.CENTRED_COLOUR, ms=7)
        self.step_line = ex.axvline(1e-3, color=style.GREY, lw=1)
        ex.set_xlim(views.STEPS[0], views.STEPS[-1])
        ex.set_ylim(SMALLEST_SHOWN_ERROR / 2, 1)
        ex.set_xlabel(_("step h"))
        ex.set_ylabel(_("slope error (vs backprop)"))
        ex.set_title(_("error of the nudged slope"), fontsize=10)
        ex.legend(loc="upper left", fontsize=8, frameon=False)
        self.live.add_moving(
            self.secant_line, self.nudge_points, self.forward_marker, self.centred_marker, self.step_line
        )

    def _on_parameter(self, change=None) -> None:
        p = self.parameters[self.parameter.value]
        view = views.nudge_view(*self.network, p.kind, p.layer, p.index, self.step.value)
        self.curve_line.set_data(view.curve_x, view.curve_loss)
        ax = self.curve_axes
        ax.set_xlim(view.curve_x[0], view.curve_x[-1])
        low, high = float(view.curve_loss.min()), float(view.curve_loss.max())
        pad = max(0.15 * (high - low), 1e-3 * max(1.0, abs(low), abs(high)))  # a flat curve still gets a height
        largest = float(np.finfo(np.float64).max)
        ax.set_ylim(max(low - pad, -largest), min(high + pad, largest))
        self.tangent_line.set_data(*_line_in_view(view, view.backprop_slope, ax))
        ax.set_xlabel(_("value of {parameter}").format(parameter=view.label))
        ax.set_title(_("loss as {parameter} moves").format(parameter=view.label), fontsize=10)
        steps, forward, centred = views.step_errors(*self.network, p.kind, p.layer, p.index, seen_only=True)
        self.forward_curve.set_data(steps, _shown_errors(forward))
        self.centred_curve.set_data(steps, _shown_errors(centred))
        self.live.invalidate(relayout=True)  # another parameter's loss can need longer tick labels
        self._update(view)

    def _on_step(self, change=None) -> None:
        p = self.parameters[self.parameter.value]
        self._update(views.nudge_view(*self.network, p.kind, p.layer, p.index, self.step.value))

    def _update(self, view: views.NudgeView) -> None:
        h = view.step
        forward_seen, centred_seen = not view.step_too_small, not view.centred_step_too_small
        # a slope of 0 from a nudge float64 cannot see is no slope: no secant, no error marker, and words instead
        self.secant_line.set_data(
            *(_line_in_view(view, view.forward_slope, self.curve_axes) if forward_seen else ([], []))
        )
        self.nudge_points.set_data([view.value, view.value + h], [view.loss, view.loss_plus])
        self.forward_marker.set_data(*(([h], _shown_errors([view.forward_error])) if forward_seen else ([], [])))
        self.centred_marker.set_data(*(([h], _shown_errors([view.centred_error])) if centred_seen else ([], [])))
        self.step_line.set_xdata([h, h])
        forward = _with_error(view.forward_slope, view.forward_error) if forward_seen else _(STEP_TOO_SMALL)
        centred = _with_error(view.centred_slope, view.centred_error) if centred_seen else _(CENTRED_STEP_TOO_SMALL)
        self._show(
            [
                (_("loss C(p)"), f"{view.loss:.9f}"),
                (f"C(p + {h:.0e})", f"{view.loss_plus:.9f}"),
                (_("forward slope (C(p+h) - C(p)) / h"), forward),
                (_("centred slope (C(p+h) - C(p-h)) / 2h"), centred),
                (_("backprop slope"), f"{view.backprop_slope:+.9f}"),
            ]
        )


def _shown_errors(errors) -> np.ndarray:
    """Errors as the log plot can draw them: 0 (and anything below the floor) on the floor, and errors too large
    for the plot (up to infinity: a difference of two slopes near 1e308 overflows) just above its top."""
    return np.clip(np.asarray(errors, dtype=np.float64), SMALLEST_SHOWN_ERROR, LARGEST_SHOWN_ERROR)


def _line_in_view(view: views.NudgeView, slope: float, ax) -> tuple[list[float], list[float]]:
    """The line through (p, C(p)) with ``slope``, cut to the part inside ``ax``'s limits: its two ends, or none.

    A line computed over the whole curve could reach far beyond float64 (a slope near 1e308 over a window of 1)
    and beyond what the picture can place; cut first, its ends are finite numbers inside the picture."""
    x0, x1 = (float(v) for v in ax.get_xlim())
    y0, y1 = (float(v) for v in ax.get_ylim())
    value, loss = float(view.value), float(view.loss)
    if slope != 0:
        with np.errstate(all="ignore"):  # a tiny slope puts the band's edges beyond float64: the window cuts them
            a, b = sorted(((y0 - loss) / slope + value, (y1 - loss) / slope + value))
        x0, x1 = max(x0, a), min(x1, b)
    if not x0 < x1:
        return [], []
    with np.errstate(all="ignore"):
        ends = [float(np.clip(loss + slope * (x - value), y0, y1)) for x in (x0, x1)]
    return [x0, x1], ends


def _with_error(slope: float, error: float) -> str:
    """A nudged slope and its distance from backprop's, as the readout shows them."""
    return _("{slope}   error {error}").format(slope=f"{slope:+.9f}", error=f"{error:.1e}")
