"""Notebook 02's explorer: the final layer's bias slopes from backprop beside the nudged ones, for either cost.

The inputs reach +-8, far enough that a weighted input z lands where the sigmoid is flat (sigma'(z) near 0):
there the quadratic cost's slopes sigma'(z) * (a - y) shrink to nothing, while cross-entropy's a - y do not.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..examples import article_final_layer
from ..i18n import N_, _
from . import views
from .explorer_base import Explorer, slider
from .live_figure import LiveFigure
from .plots import SlopeBars

INPUT_LIMIT = 8.0


class OutputLayerExplorer(Explorer):
    """Move the inputs and the desired outputs of the article's final layer: the three bias slopes from
    backprop beside the nudged ones, the loss, and the sigmoid's slope sigma'(z) at each output."""

    LIMITS = {"quadratic": 0.16, "cross_entropy": 1.05}  # |delta| <= 4/27 and <= 1: the bars always fit
    FORMULAS = {
        "quadratic": N_("backprop: \u03c3\u2032(z) \u00b7 (a \u2212 y)"),
        "cross_entropy": N_("backprop: a \u2212 y"),
    }

    def __init__(self):
        self.weights, self.biases, inputs, desired = article_final_layer()
        self.inputs = [
            slider(_("input {k}").format(k=k), v, -INPUT_LIMIT, INPUT_LIMIT, 0.1) for k, v in enumerate(inputs)
        ]
        self.desired = [slider(_("desired {i}").format(i=i), v, 0, 1) for i, v in enumerate(desired)]
        self.cost = widgets.ToggleButtons(
            options=[(_("quadratic"), "quadratic"), (_("cross-entropy"), "cross_entropy")],
            value="quadratic",
            description=_("cost"),
            style={"button_width": "auto"},
        )
        figure = Figure(figsize=(7.6, 2.8), dpi=100, layout="constrained")
        self.axes = figure.subplots()
        controls = [widgets.VBox(self.inputs), widgets.VBox(self.desired + [self.cost])]
        super().__init__(controls, LiveFigure(figure))
        self._build_artists()
        self.follow(self.inputs + self.desired)
        self.follow([self.cost], self._on_cost)
        self._on_cost()

    def _build_artists(self) -> None:
        ax = self.axes
        n = len(self.biases[0])
        self.bars = SlopeBars(ax, n, _("backprop"), _("nudged (centred, h = 1e-5)"))
        ax.set_xticks(np.arange(n), [_("bias {i}").format(i=i) for i in range(n)])
        ax.set_xlabel(_("the final layer's biases (bar colour: the slope, blue below zero, red above)"))
        ax.set_xlim(-0.6, n - 0.4)
        ax.set_ylabel(_("slope dC/db"))
        self.live.add_moving(*self.bars.artists, ax.title)

    def _on_cost(self, change=None) -> None:
        limit = self.LIMITS[self.cost.value]
        self.axes.set_ylim(-limit, limit)
        self.bars.legend.get_texts()[0].set_text(_(self.FORMULAS[self.cost.value]))
        self.live.invalidate()
        self._update()

    def _update(self, change=None) -> None:
        inputs = np.array([s.value for s in self.inputs])
        desired = np.array([s.value for s in self.desired])
        view = views.output_layer_view(self.weights, self.biases, inputs, desired, self.cost.value)
        z = view.weighted_inputs
        self.bars.update(view.backprop, view.nudged, self.LIMITS[self.cost.value])
        self.axes.set_title(_("loss C = {loss}").format(loss=f"{view.loss:.6f}"), fontsize=10)
        self._show(
            [
                (_("weighted inputs z"), _numbers(z, "+.3f")),
                (_("activated outputs a = \u03c3(z)"), _numbers(view.activated, ".4f")),
                ("\u03c3\u2032(z) = activate_derivative(z)", _numbers(view.activate_derivative, ".3g")),
                (_("backprop slopes"), _numbers(view.backprop, "+.6f")),
                (_("nudged slopes"), _numbers(view.nudged, "+.6f")),
                (_("largest difference"), f"{view.largest_difference:.1e}"),
                (_("loss"), f"{view.loss:.6f}"),
            ]
        )


def _numbers(values: np.ndarray, spec: str) -> str:
    """``[v0, v1, ...]`` each formatted with ``spec``, whatever numpy's print options are in the kernel."""
    return "[" + ", ".join(format(float(v), spec) for v in values) + "]"
