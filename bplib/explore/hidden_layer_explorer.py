"""Notebook 04's explorer: a network with one hidden layer drawn as neurons and connections, and the hidden
delta from the article's formula or the corrected one beside the nudged slopes."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from ..examples import article_network
from ..i18n import N_, _
from . import style, views
from .explorer_base import Explorer, slider
from .live_figure import LiveFigure
from .plots import SlopeBars

LAYER_NAMES = (N_("inputs"), N_("hidden"), N_("outputs"))


class HiddenLayerExplorer(Explorer):
    """The article's 4 -> 3 -> 3 network drawn as neurons and connections: colour and width show the gradients.
    Switch between the article's hidden formula and the corrected one and watch the hidden slopes meet the
    nudges."""

    NODE_LIMIT = 0.2
    EDGE_LIMIT = 0.2
    BAR_LIMIT = 0.45
    FORMULAS = {
        "article": N_("article: W\u1d40\u03b4"),
        "corrected": N_("corrected: W\u1d40\u03b4 \u00b7 activate_derivative(z)"),
    }

    def __init__(self):
        self.weights, self.biases, inputs, self.desired = article_network()
        self.inputs = [slider(_("input {k}").format(k=k), v, -2, 2) for k, v in enumerate(inputs)]
        self.activation = widgets.ToggleButtons(
            options=["sigmoid", "tanh", "relu"],
            value="sigmoid",
            description=_("hidden units"),
            style={"button_width": "80px"},
        )
        self.formula = widgets.ToggleButtons(
            options=[(_(label), name) for name, label in self.FORMULAS.items()],
            value="article",
            description=_("hidden delta"),
            style={"button_width": "auto"},
        )
        figure = Figure(figsize=(7.6, 3.3), dpi=100, layout="constrained")
        self.diagram_axes, self.bar_axes = figure.subplots(1, 2, width_ratios=[1.5, 1])
        controls = [widgets.VBox(self.inputs), widgets.VBox([self.activation, self.formula])]
        super().__init__(controls, LiveFigure(figure))
        self._build_artists()
        self.follow(self.inputs + [self.activation, self.formula])
        self._update()

    def _build_artists(self) -> None:
        ax = self.diagram_axes
        sizes = [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]  # inputs, hidden, outputs
        self.positions = [[(l, (n - 1) / 2 - j) for j in range(n)] for l, n in enumerate(sizes)]
        # one segment per weight, in the order of the weight matrices' entries (row j: into neuron j)
        segments = [[p, q] for l in range(len(sizes) - 1) for q in self.positions[l + 1] for p in self.positions[l]]
        self.edges = LineCollection(segments, zorder=1)
        ax.add_collection(self.edges)
        xs, ys = zip(*[p for layer in self.positions[1:] for p in layer])
        self.nodes = ax.scatter(xs, ys, s=600, edgecolors=style.BLACK, linewidths=1, zorder=2)
        ix, iy = zip(*self.positions[0])
        input_nodes = ax.scatter(ix, iy, s=600, c="white", edgecolors=style.GREY, linewidths=1, zorder=2)
        self.input_texts = [
            ax.text(x, y, "", ha="center", va="center", fontsize=7, zorder=3) for x, y in self.positions[0]
        ]
        top = (max(sizes) - 1) / 2
        for l, name in enumerate(LAYER_NAMES):
            ax.text(l, top + 0.7, _(name), ha="center", fontsize=9)
        ax.set_xlim(-0.4, len(sizes) - 0.6)
        ax.set_ylim(-top - 0.5, top + 1)
        ax.set_axis_off()
        ax.set_title(_("neurons: delta   connections: weight gradient"), fontsize=9)
        n_hidden = sizes[1]
        self.bars = SlopeBars(self.bar_axes, n_hidden, _("formula"), _("nudged"))
        self.bar_axes.set_xticks(np.arange(n_hidden), [_("hidden {j}").format(j=j) for j in range(n_hidden)])
        self.bar_axes.set_ylim(-self.BAR_LIMIT, self.BAR_LIMIT)
        self.bar_axes.set_ylabel(_("hidden bias slope dC/db"))
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
        hidden = self.activation.value
        view = views.hidden_layer_view(self.weights, self.biases, x, self.desired, hidden, self.formula.value)
        grads = np.concatenate([view.hidden_weight_grads.ravel(), view.output_weight_grads.ravel()])
        self.edges.set_color(style.gradient_colours(grads, self.EDGE_LIMIT))
        self.edges.set_linewidths(0.6 + 5 * np.minimum(np.abs(grads) / self.EDGE_LIMIT, 1))
        deltas = np.concatenate([view.hidden_delta, view.output_delta])
        self.nodes.set_facecolor(style.gradient_colours(deltas, self.NODE_LIMIT))
        for text, value in zip(self.input_texts, x):
            text.set_text(f"{value:.1f}")
        self.bars.update(view.hidden_delta, view.nudged_hidden, self.BAR_LIMIT)
        self.bars.legend.get_texts()[0].set_text(_(self.FORMULAS[self.formula.value]))
        worst = float(np.max(view.mismatch))
        self.bar_axes.set_title(
            _("largest mismatch: {mismatch}").format(mismatch=f"{worst:.1e}"),
            fontsize=10,
            color=style.VERMILLION if worst > 1e-6 else style.BLACK,
        )
        self._show(
            [
                (_("hidden z (weighted inputs)"), np.array2string(view.hidden_z, precision=4, sign="+")),
                (
                    _("activate_derivative(z), {activation}").format(activation=hidden),
                    np.array2string(view.hidden_activate_derivative, precision=4),
                ),
                (_("hidden delta, formula"), np.array2string(view.hidden_delta, precision=6, sign="+")),
                (_("hidden delta, nudged"), np.array2string(view.nudged_hidden, precision=6, sign="+")),
                (_("output delta"), np.array2string(view.output_delta, precision=6, sign="+")),
                (_("loss"), f"{view.loss:.6f}"),
            ]
        )
