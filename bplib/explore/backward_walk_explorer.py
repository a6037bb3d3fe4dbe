"""The computational graph walked backwards, one edge per step: the learner drives backprop.

One input, one hidden unit and two outputs (``views.backward_walk_view``): the hidden unit a1[0] feeds both
outputs, so two paths lead back from C to it, and where they meet their contributions add. Each press of ▶
walks one more edge from C towards the input: the node at its start gains (local slope on the edge) x (the
slope already known at its end), the product of the slopes along the way. The forward values sit above the
nodes, the local slopes on the edges, and dC/d(node), as far as the walk has come, below.

The readout's table carries, for a browser test in any language, ``data-step`` and ``data-steps`` (how far the
walk has come), ``data-node`` (the node of the last step) and ``data-slope`` (its dC/d(node) so far); the
buttons carry the classes ``bplib-step-back`` and ``bplib-step-forward``.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from ..i18n import N_, _
from . import style, views
from .computational_graph import FILL, KIND_NOTE, LEGEND, RADIUS
from .explorer_base import Explorer, slider
from .live_figure import LiveFigure

# The default network: the two paths into a1[0] both pull its slope the same way; W1[1,0] can turn one round.
WEIGHTS = ([[0.8]], [[1.5], [-2.0]])
BIASES = ([-0.2], [0.1, 0.4])
X = [1.5]
Y = [1.0, 0.0]
LIMIT = 3.0  # the input and weight sliders reach +-LIMIT

# where each node sits (graph units): inputs at the left, the loss at the right, output 0 above output 1
LAYOUT = {
    "x[0]": (0.0, 3.0),
    "W0[0,0]": (0.0, 1.5),
    "b0[0]": (0.0, 0.0),
    "z0[0]": (2.1, 1.5),
    "a1[0]": (3.9, 1.5),
    "W1[0,0]": (4.7, 3.0),
    "W1[1,0]": (4.7, 0.0),
    "z1[0]": (6.6, 3.0),
    "z1[1]": (6.6, 0.0),
    "a2[0]": (8.5, 3.0),
    "a2[1]": (8.5, 0.0),
    "C": (10.4, 1.5),
}
DATA_EDGES = (("x[0]", "z0[0]"),)  # data feeds z0 but needs no slope: a dotted line, never walked
INCHES_PER_UNIT = 0.78
SHOWN_DIGITS = 8  # in the readout: the walk and the nudge agree to about 10 significant digits at h = 1e-5
WALKED_COLOUR = style.BACKPROP_COLOUR
CURRENT_COLOUR = style.VERMILLION

TITLE_START = N_("backward step 0 of {steps}: only ∂C/∂C = 1 is known; press ▶ to walk one edge back")
TITLE_STEP = N_("backward step {step} of {steps}: from {target} back to {node}")
ONE_PATH = N_("one path from C to {node}: its slope is the product of the slopes along the path")
AFTER_MEETING = N_("one edge leaves {node}; the product starts from ∂C/∂{meeting}, a sum computed once and reused")
THROUGH = N_("path {path} of {paths} into {node}, through {target}: {chain}")
WAITING = N_("{node} feeds {paths} nodes: its slope is complete once every path has arrived")
MEET = N_("the {paths} paths meet at {node} and add: ∂C/∂{node} = {sum}")
COLOURS = N_("blue edges: walked backwards so far     red: this step     below a node: ∂C/∂node so far")


class BackwardWalkExplorer(Explorer):
    """Walk a small network's computational graph backwards, one edge per step (◀ / ▶ or the step slider):
    each node's slope is the product of the slopes along the path from C, and where a hidden unit's paths
    meet, their sum. Sliders move the input x[0] and the weight W1[1,0]; every number follows."""

    def __init__(self):
        self.weights = [np.array(w, dtype=np.float64) for w in WEIGHTS]
        self.biases = [np.array(b, dtype=np.float64) for b in BIASES]
        self.x, self.y = np.array(X), np.array(Y)
        view = views.backward_walk_view(self.weights, self.biases, self.x, self.y)
        self.input = slider(_("input x[0]"), self.x[0], -LIMIT, LIMIT, 0.1)
        self.weight = slider(_("weight W1[1,0]"), self.weights[1][1, 0], -LIMIT, LIMIT, 0.1)
        n_steps = len(view.steps)
        self.step = widgets.IntSlider(
            value=0,
            min=0,
            max=n_steps,
            description=_("backward step"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="300px"),
        )
        self.back_button = _step_button("◀", _("undo one step"))
        self.forward_button = _step_button("▶", _("walk one more edge back"))
        self.back_button.add_class("bplib-step-back")
        self.forward_button.add_class("bplib-step-forward")
        stepper = widgets.HBox([self.back_button, self.forward_button, self.step])
        figure, self.axes = _graph_figure()
        super().__init__([widgets.VBox([stepper, self.input, self.weight])], LiveFigure(figure))
        self._build_artists(view)
        self.back_button.on_click(lambda _button: self._move(-1))
        self.forward_button.on_click(lambda _button: self._move(+1))
        self.follow([self.input, self.weight], self._on_numbers)
        self.follow([self.step])
        self._on_numbers()

    # --- the controls ------------------------------------------------------------------------------------------
    def _move(self, by: int) -> None:
        self.step.value = int(np.clip(self.step.value + by, self.step.min, self.step.max))

    def _on_numbers(self, change=None) -> None:
        """A new input or weight: the forward values and the local slopes change, and so does the walk."""
        self.x = np.array([self.input.value])
        self.weights[1][1, 0] = self.weight.value
        self.view = views.backward_walk_view(self.weights, self.biases, self.x, self.y)
        for name, text in self.value_texts.items():
            text.set_text(_number(self.view.values[name]))
        for edge, text in zip(self.view.edges, self.local_slope_texts):
            text.set_text(f"= {_number(edge.local_slope)}")
        self.live.refresh_steady()
        self._update()

    # --- the picture -------------------------------------------------------------------------------------------
    def _build_artists(self, view: views.BackwardWalkView) -> None:
        """Three layers, so that a step redraws little text (the dearest thing to draw): static (circles, names,
        grey edges, the edges' formulas), steady (forward values and local slopes: they change with the
        sliders) and moving (the walked edges over the grey ones, the slopes below the nodes, the captions).
        The edges' labels sit beside them, along them, so that a walked edge never covers its label."""
        ax = self.axes
        for edge in view.edges:
            _arrow(ax, edge.source, edge.target)
            _edge_label(ax, edge, edge.formula, line=0)
        for source, target in DATA_EDGES:
            _arrow(ax, source, target, plain=True)
        self.walked_arrows = [_arrow(ax, edge.source, edge.target) for edge in view.edges]
        self.local_slope_texts = [_edge_label(ax, edge, "", line=1) for edge in view.edges]
        self.rings = {}
        self.value_texts, self.slope_texts = {}, {}
        for name, (x, y) in LAYOUT.items():
            kind = view.kinds[name]
            rim = style.GREY if kind == "data" else style.BLACK
            ax.add_patch(Circle((x, y), RADIUS, facecolor=FILL[kind], edgecolor=rim, linewidth=1.2, zorder=2))
            self.rings[name] = ax.add_patch(
                Circle((x, y), RADIUS + 0.06, facecolor="none", edgecolor=CURRENT_COLOUR, linewidth=2.5, zorder=2)
            )
            ax.text(x, y, name, ha="center", va="center", fontsize=8.5 if len(name) > 5 else 10, zorder=3)
            self.value_texts[name] = ax.text(x, y + RADIUS + 0.12, "", ha="center", va="bottom", fontsize=9, zorder=5)
            self.slope_texts[name] = ax.text(
                x, y - RADIUS - 0.12, "", ha="center", va="top", fontsize=9, fontweight="bold", zorder=5
            )
        figure = ax.figure
        self.title = figure.text(0.5, 1 - 0.2 / figure.get_figheight(), "", ha="center", va="center", fontsize=10.5)
        self.caption = figure.text(
            0.5, self._caption_y, "", ha="center", va="center", fontsize=10, color=CURRENT_COLOUR, linespacing=1.5
        )
        self.live.add_steady(*self.value_texts.values(), *self.local_slope_texts)
        self.live.add_moving(
            *self.walked_arrows, *self.rings.values(), *self.slope_texts.values(), self.title, self.caption
        )

    def _update(self, change=None) -> None:
        view, done = self.view, self.step.value
        reached = view.walked(done)
        current = view.steps[done - 1] if done else None
        for step_number, arrow in enumerate(self.walked_arrows, start=1):  # over the grey edges, once walked
            arrow.set_visible(step_number <= done)
            arrow.set_color(CURRENT_COLOUR if step_number == done else WALKED_COLOUR)
            arrow.set_linewidth(2.2)
        for name, text in self.slope_texts.items():
            text.set_text(_slope_text(name, reached, view))
            step = reached.get(name)
            text.set_color(WALKED_COLOUR if name == "C" or (step and step.complete) else style.GREY)
        for name, ring in self.rings.items():
            ring.set_visible(current is not None and name == current.node)
        steps = len(view.steps)
        if current is None:
            self.title.set_text(_(TITLE_START).format(steps=steps))
            self.caption.set_text("")
        else:
            self.title.set_text(_(TITLE_STEP).format(step=done, steps=steps, target=current.target, node=current.node))
            self.caption.set_text(_caption(current))
        self.back_button.disabled = done == 0
        self.forward_button.disabled = done == steps
        self._show(self._rows(current), self._markers(current))

    # --- the numbers -------------------------------------------------------------------------------------------
    def _rows(self, current: views.BackwardStep | None) -> list[tuple[str, str]]:
        view = self.view
        rows = [(_("backward step"), f"{self.step.value} / {len(view.steps)}")]
        if current is not None:
            node, target = current.node, current.target
            rows += [
                (_("edge walked back"), f"{target} → {node}"),
                (_("local slope ∂{target}/∂{node}").format(target=target, node=node), _number(current.local_slope)),
                (_("slope arriving, ∂C/∂{target}").format(target=target), _number(current.incoming)),
                (_("local slope × slope arriving"), _product(current)),
                (_("running product"), _chain(current)),
            ]
            if current.paths > 1:
                rows.append((_("sum of the paths so far"), _sum(current)))
            if current.complete:  # the nudge agrees to about 10 digits: 8 are shown, and the difference
                nudged = view.nudged[node]
                rows += [
                    (_("∂C/∂{node} by the walk").format(node=node), _number(current.total, SHOWN_DIGITS)),
                    (
                        _("∂C/∂{node} by nudging {node}, the others held (centred, h = 1e-5)").format(node=node),
                        _number(nudged, SHOWN_DIGITS),
                    ),
                    (_("difference"), f"{view.difference(node):.1e}"),
                ]
        rows.append((_("loss C"), _number(view.loss, SHOWN_DIGITS)))
        return rows

    def _markers(self, current: views.BackwardStep | None) -> dict[str, str]:
        return {
            "step": str(self.step.value),
            "steps": str(len(self.view.steps)),
            "node": current.node if current else "C",
            "slope": repr(current.total if current else 1.0),
        }

    @property
    def _caption_y(self) -> float:
        return (LEGEND_HEIGHT + 0.25) / self.axes.figure.get_figheight()


TITLE_HEIGHT, CAPTION_HEIGHT, LEGEND_HEIGHT = 0.4, 0.55, 0.62  # inches


def _step_button(symbol: str, tooltip: str) -> widgets.Button:
    return widgets.Button(description=symbol, tooltip=tooltip, layout=widgets.Layout(width="40px"))


def _graph_figure() -> tuple[Figure, object]:
    """A figure whose one axes holds the graph at equal scales (round circles), with room above for the title
    and below for the step's arithmetic and the legend."""
    xs, ys = zip(*LAYOUT.values())
    left, right, bottom, top = min(xs) - 0.75, max(xs) + 0.6, min(ys) - 0.75, max(ys) + 0.6
    graph_w, graph_h = INCHES_PER_UNIT * (right - left), INCHES_PER_UNIT * (top - bottom)
    below = CAPTION_HEIGHT + LEGEND_HEIGHT
    fig_w, fig_h = graph_w, graph_h + TITLE_HEIGHT + below
    figure = Figure(figsize=(fig_w, fig_h), dpi=100)
    ax = figure.add_axes((0, below / fig_h, 1, graph_h / fig_h))
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_axis_off()
    legend = [_(LEGEND), _(COLOURS), _(KIND_NOTE)]
    figure.text(0.5, 0.06 / fig_h, "\n".join(legend), ha="center", va="bottom", fontsize=8, linespacing=1.4)
    return figure, ax


def _arrow(ax, source: str, target: str, plain: bool = False) -> FancyArrowPatch:
    start, end = np.array(LAYOUT[source]), np.array(LAYOUT[target])
    direction = (end - start) / np.linalg.norm(end - start)
    arrow = FancyArrowPatch(
        tuple(start + RADIUS * direction),
        tuple(end - RADIUS * direction),
        arrowstyle="-|>",
        mutation_scale=11,
        linewidth=1.0,
        color=style.GREY,
        linestyle=":" if plain else "-",
        zorder=1,
    )
    ax.add_patch(arrow)
    return arrow


LINE = 0.2  # graph units between the two lines of an edge's label
LABEL_ON_THE_RIGHT = {("a1[0]", "z1[0]")}  # below this edge: above it, W1[0,0]'s numbers sit


def _edge_label(ax, edge: views.WalkEdge, text: str, line: int):
    """Line ``line`` (0: the formula, 1: the local slope) of the label beside an edge's middle: on the left of
    its direction (above a rightward edge) unless listed in ``LABEL_ON_THE_RIGHT``, anchored at the corner
    nearest the edge so that it reads level and never crosses it; the formula is the upper line, the slope the lower."""
    start, end = np.array(LAYOUT[edge.source]), np.array(LAYOUT[edge.target])
    along = end - start
    side = np.array([-along[1], along[0]]) / np.linalg.norm(along)
    if (edge.source, edge.target) in LABEL_ON_THE_RIGHT:
        side = -side
    x, y = start + 0.5 * along + 0.07 * side
    ha = "center" if abs(side[0]) < 0.3 else "left" if side[0] > 0 else "right"
    if abs(side[1]) < 0.3:  # a steep edge: the formula above the anchor, the slope below it
        va, y = ("bottom", y + 0.02) if line == 0 else ("top", y - 0.02)
    elif side[1] > 0:  # above a flat edge: the formula over the slope
        va, y = "bottom", y + (LINE if line == 0 else 0.0)
    else:  # below it: the same order, read from the top
        va, y = "top", y - (LINE if line == 1 else 0.0)
    return ax.text(x, y, text, ha=ha, va=va, fontsize=8, zorder=4)


def _slope_text(name: str, reached: dict[str, views.BackwardStep], view: views.BackwardWalkView) -> str:
    """Below a node: nothing before the walk reaches it, its sum so far while paths are missing, else its slope."""
    if name == "C":
        return "1"
    step = reached.get(name)
    if step is None:
        return ""
    if not step.complete:
        return f"{_number(step.total)} + …"
    return _number(step.total)


def _caption(step: views.BackwardStep) -> str:
    """The step's running product, then what it means: one path, a path waiting for the others, or paths
    meeting and adding."""
    node = step.node
    if step.paths == 1:
        meaning = _(ONE_PATH) if step.starts_at == views.LOSS else _(AFTER_MEETING)
        return f"∂C/∂{node} = {_chain(step)}\n" + meaning.format(node=node, meeting=step.starts_at)
    through = _(THROUGH).format(node=node, target=step.target, path=step.path, paths=step.paths, chain=_chain(step))
    if not step.complete:
        return through + "\n" + _(WAITING).format(node=node, paths=step.paths)
    return through + "\n" + _(MEET).format(node=node, paths=step.paths, sum=_sum(step))


def _chain(step: views.BackwardStep) -> str:
    """The slopes multiplied from C's end to this node, and their product: ``a × (b) × c = product``."""
    factors = " × ".join(_bracketed(f) if k else _number(f) for k, f in enumerate(step.factors))
    return f"{factors} = {_number(step.product)}"


def _product(step: views.BackwardStep) -> str:
    return f"{_number(step.local_slope)} × {_bracketed(step.incoming)} = {_number(step.product)}"


def _sum(step: views.BackwardStep) -> str:
    """The contributions walked so far, added: ``a + b = total`` (one path: just its product)."""
    parts = [*step.earlier, step.product]
    if len(parts) == 1:
        return _number(step.total)
    return " + ".join(_bracketed(p) if k else _number(p) for k, p in enumerate(parts)) + f" = {_number(step.total)}"


def _bracketed(value: float) -> str:
    """A number as a factor or a term after the first: negative ones in brackets."""
    return f"({_number(value)})" if value < 0 else _number(value)


def _number(value: float, digits: int = 4) -> str:
    """``digits`` significant digits, with a true minus sign (and none on a zero: a product with 0 may be -0.0)."""
    return f"{value + 0.0:.{digits}g}".replace("-", "\u2212")
