"""Drawing a computational graph: nodes holding the forward values, edges carrying local slopes, and the walk back
from the loss that gives every node's slope dC/d(node). ``graphs`` builds the course's two graphs with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from ..i18n import N_, _
from ..validation import as_float_array, check_finite_results
from . import style

KINDS = ("parameter", "data", "step", "loss")
FILL = {"parameter": "#F5D98F", "data": "white", "step": "white", "loss": "#9FD9C3"}  # light orange, light green
RADIUS = 0.34
INCHES_PER_UNIT = 1.05
NAME_ZORDER = 3  # a node's name sits inside its circle; every other word is drawn above, at 5

# the words on the figures, in one place (translated where they are drawn)
LEGEND = N_(
    "above each node: its value (forward pass)    on each edge: the local slope    below, in blue: ∂C/∂node (backward)"
)
BACKWARD_RULE = N_("backward: multiply the slopes along each path from C; where paths meet, add")
KIND_NOTE = N_("orange: parameters     white, grey rim: data (no slope needed)     green: the loss")


class Node(NamedTuple):
    """One number of the forward pass, drawn as a circle at ``xy`` with ``name`` inside."""

    name: str
    xy: tuple[float, float]
    value: float
    kind: str = "step"  # one of KINDS
    slope_name: str = ""  # a name for dC/d(node), shown beside it: "δ" for a weighted input z


class Edge(NamedTuple):
    """``source`` feeds ``target``; ``slope`` is d(target)/d(source), ``formula`` what it is in symbols.

    ``slope=None`` draws a plain line: data that enters a node but needs no slope (a desired output).
    ``at`` is where along the edge its label sits (0 at the source, 1 at the target).
    """

    source: str
    target: str
    slope: float | None
    formula: str = ""
    at: float = 0.5


def backward_slopes(nodes: Sequence[Node], edges: Sequence[Edge]) -> dict[str, float]:
    """dC/d(node) for every node that is not data: 1 for the loss, else sum of edge slope x dC/d(target).

    Raises ValueError, naming the argument, when the graph has not exactly one loss node, when an edge names an
    unknown node, when the edges form a cycle (a node that feeds itself has no slope to walk back), when a value,
    a place or a slope is not a finite number, when a slope overflows float64, or when a node other than the loss
    and the data leads nowhere. Walked without recursion, so a graph of any depth is fine.
    """
    _check_numbers(nodes, edges)
    by_name = {node.name: node for node in nodes}
    if len(by_name) != len(nodes):
        raise ValueError(f"nodes must have distinct names, got {[node.name for node in nodes]}")
    losses = [node.name for node in nodes if node.kind == "loss"]
    if len(losses) != 1:
        raise ValueError(f"nodes must hold exactly one node of kind 'loss', got {losses}")
    for edge in edges:
        for end in (edge.source, edge.target):
            if end not in by_name:
                raise ValueError(f"edges must join named nodes: no node {end!r} among {list(by_name)}")
    leaving: dict[str, list[Edge]] = {name: [] for name in by_name}
    for edge in edges:
        leaving[edge.source].append(edge)
    _check_no_cycle(list(by_name), leaving)
    slopes: dict[str, float] = {losses[0]: 1.0}
    with_slope = {name: [e for e in out if e.slope is not None] for name, out in leaving.items()}
    for node in nodes:
        if node.kind == "data" or node.name in slopes:
            continue
        pending = [node.name]  # depth first: a node's slope once those of every node it feeds are known
        while pending:
            name = pending[-1]
            if not with_slope[name]:
                raise ValueError(f"node {name!r} has no edge with a slope towards the loss")
            waiting = [e.target for e in with_slope[name] if e.target not in slopes]
            if waiting:
                pending.extend(waiting)
                continue
            pending.pop()
            if name not in slopes:
                with np.errstate(all="ignore"):
                    slopes[name] = float(sum(float(e.slope) * slopes[e.target] for e in with_slope[name]))
                check_finite_results([slopes[name]], "a node's slope dC/d(node)", "the edges' slopes are too large")
    return slopes


def _check_numbers(nodes: Sequence[Node], edges: Sequence[Edge]) -> None:
    """Every value, place, slope and label position a finite number, or raise naming it (``nodes[1].value``)."""
    for i, node in enumerate(nodes):
        as_float_array(node.value, f"nodes[{i}].value", ndim=0)
        xy = as_float_array(node.xy, f"nodes[{i}].xy", ndim=1)
        if xy.shape != (2,):
            raise ValueError(f"nodes[{i}].xy must be a place (x, y), got {node.xy!r}")
    for i, edge in enumerate(edges):
        if edge.slope is not None:
            as_float_array(edge.slope, f"edges[{i}].slope", ndim=0)
        as_float_array(edge.at, f"edges[{i}].at", ndim=0)


def _check_no_cycle(names: list[str], leaving: dict[str, list[Edge]]) -> None:
    """Raise, showing one, if the edges lead from a node back to itself."""
    state = dict.fromkeys(names, 0)  # 0 not seen, 1 on the current path, 2 done
    for start in names:
        if state[start]:
            continue
        path, branches = [start], [iter(leaving[start])]
        state[start] = 1
        while path:
            edge = next(branches[-1], None)
            if edge is None:
                state[path.pop()] = 2
                branches.pop()
            elif state[edge.target] == 1:
                cycle = path[path.index(edge.target) :] + [edge.target]
                raise ValueError(f"edges must not form a cycle: {' -> '.join(cycle)}")
            elif state[edge.target] == 0:
                state[edge.target] = 1
                path.append(edge.target)
                branches.append(iter(leaving[edge.target]))


def draw_graph(nodes: Sequence[Node], edges: Sequence[Edge], title: str, notes: Sequence[str] = ()) -> Figure:
    """A Figure of the graph: values above the nodes, local slopes on the edges, dC/d(node) below in blue."""
    for node in nodes:
        if node.kind not in KINDS:
            raise ValueError(f"node kind must be one of {list(KINDS)}, got {node.kind!r} for {node.name!r}")
    slopes = backward_slopes(nodes, edges)
    where = {node.name: tuple(float(v) for v in node.xy) for node in nodes}
    for i, edge in enumerate(edges):
        if where[edge.source] == where[edge.target]:
            raise ValueError(
                f"edges[{i}] joins {edge.source!r} and {edge.target!r}, drawn at one place {where[edge.source]}: "
                "an edge needs its nodes apart"
            )
    xs = [node.xy[0] for node in nodes]
    ys = [node.xy[1] for node in nodes]
    left, right, bottom, top = min(xs) - 0.7, max(xs) + 0.7, min(ys) - 0.8, max(ys) + 0.75
    lines = [_(LEGEND), _(BACKWARD_RULE), _(KIND_NOTE), *notes]
    # equal scales on both axes, so circles stay round; the title and the legend get fixed heights in inches
    graph_w, graph_h = INCHES_PER_UNIT * (right - left), INCHES_PER_UNIT * (top - bottom)
    title_h, legend_h = 0.45, 0.1 + 0.2 * len(lines)
    fig_w, fig_h = max(graph_w, 7.0), graph_h + title_h + legend_h
    figure = Figure(figsize=(fig_w, fig_h), dpi=100)
    ax = figure.add_axes(((fig_w - graph_w) / 2 / fig_w, legend_h / fig_h, graph_w / fig_w, graph_h / fig_h))
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_axis_off()
    figure.text(0.5, 1 - 0.2 / fig_h, title, ha="center", va="center", fontsize=11)
    figure.text(0.5, 0.08 / fig_h, "\n".join(lines), ha="center", va="bottom", fontsize=8.5, linespacing=1.45)
    where = {node.name: np.array(node.xy, dtype=np.float64) for node in nodes}
    for edge in edges:
        _draw_edge(ax, where[edge.source], where[edge.target], edge)
    for node in nodes:
        _draw_node(ax, node, slopes.get(node.name))
    return figure


def _number(value: float) -> str:
    """Four significant digits, with a true minus sign."""
    return f"{value:.4g}".replace("-", "\u2212")


def _draw_node(ax, node: Node, slope: float | None) -> None:
    x, y = node.xy
    rim = style.GREY if node.kind == "data" else style.BLACK
    ax.add_patch(Circle((x, y), RADIUS, facecolor=FILL[node.kind], edgecolor=rim, linewidth=1.2, zorder=2))
    ax.text(x, y, node.name, ha="center", va="center", fontsize=10, zorder=NAME_ZORDER)
    ax.text(x, y + RADIUS + 0.08, _number(node.value), ha="center", va="bottom", fontsize=10, zorder=5)
    if slope is not None:
        text = f"{node.slope_name} = {_number(slope)}" if node.slope_name else _number(slope)
        ax.text(
            x,
            y - RADIUS - 0.08,
            text,
            ha="center",
            va="top",
            fontsize=10,
            color=style.BACKPROP_COLOUR,
            fontweight="bold",
            zorder=5,
        )


def _draw_edge(ax, start: np.ndarray, end: np.ndarray, edge: Edge) -> None:
    direction = (end - start) / np.linalg.norm(end - start)
    tail, head = start + RADIUS * direction, end - RADIUS * direction
    plain = edge.slope is None
    ax.add_patch(
        FancyArrowPatch(
            tuple(tail),
            tuple(head),
            arrowstyle="-|>",
            mutation_scale=11,
            linewidth=1.0,
            zorder=1,
            color=style.GREY if plain else style.BLACK,
            linestyle=":" if plain else "-",
        )
    )
    if plain:
        return
    label = _number(edge.slope)
    if edge.formula:
        label = f"{edge.formula}\n= {label}"
    x, y = tail + edge.at * (head - tail)
    ax.text(
        x,
        y,
        label,
        ha="center",
        va="center",
        fontsize=9,
        zorder=4,
        linespacing=1.1,
        bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"),
    )
