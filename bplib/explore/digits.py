"""Draw a digit: a canvas to draw on with the mouse, and what a trained 64-...-10 network makes of the drawing.

The drawing is reduced to 8 x 8 as the UCI digits were (``bplib.handwriting``), and the picture shows that
input, the ten output activations with the answer, and the slope of the cost with respect to each pixel
(``bplib.input_gradient``). ``views.digit_view`` computes all of it as a plain function; the widget only
collects the strokes and draws.

A drag sends the kernel one message per mouse move, tens a second, and a picture takes tens of milliseconds:
drawn on every move, pictures would queue up behind the pen and arrive late and stale. So moves only add
points, and a picture is drawn at most once per ``PICTURE_GAP`` while the pen moves (or per the last picture's
own drawing time, if that was longer), always showing the drawing as it is then, and once more when the stroke
ends. The ink goes back to the canvas the same way, the new segments of a stroke together at most once per
``INK_GAP``, so the messages coming back do not pile up in front of the picture either.
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
from ipycanvas import Canvas
from matplotlib.figure import Figure

from ..i18n import N_, _
from ..validation import quietly
from . import style
from .checked_once import check_network
from .explorer_base import Explorer
from .live_figure import LiveFigure
from .views import DigitView, digit_view

CANVAS = 200  # canvas pixels a side
INK = 20  # the pen's width on the canvas, in canvas pixels (the network sees its own, bplib.handwriting.PEN)
MIN_STEP = 2.0  # a mouse move shorter than this (canvas pixels) adds no point
PICTURE_GAP = 0.1  # seconds: while the pen moves, at most one picture per gap
INK_GAP = 0.03  # seconds: while the pen moves, at most one message of new ink per gap
ITS_ANSWER = -1  # the cost-against choice that follows the network's answer
NOT_SHOWN = N_(
    "this drawing could not be shown: with these weights its numbers go beyond float64 (1.8e308); the picture "
    "shows the last drawing that could be shown, and Clear starts again"
)


class DragThrottle:
    """Decides whether a picture is due while the pen moves: not before ``gap`` seconds after the last picture
    ended, nor before as long again as that picture took to draw (so drawing never takes over half the time)."""

    def __init__(self, gap: float = PICTURE_GAP, clock: Callable[[], float] = time.perf_counter):
        self.gap = gap
        self.clock = clock
        self._next = 0.0

    def due(self) -> bool:
        return self.clock() >= self._next

    def drew(self, started: float) -> None:
        """Note that a picture started at ``started`` (a ``clock()`` reading) has just been drawn."""
        finished = self.clock()
        self._next = finished + max(self.gap, finished - started)


def _pixel_grid(ax, cmap, low: float, high: float):
    """An 8 x 8 grid of coloured cells, row 0 at the top, without ticks: a mesh of 64 quads, which redraws in well
    under a millisecond where an image would be resampled."""
    mesh = ax.pcolormesh(np.arange(9), np.arange(9), np.zeros((8, 8)), cmap=cmap, vmin=low, vmax=high)
    ax.set_xlim(0, 8)
    ax.set_ylim(8, 0)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    return mesh


class DrawDigitExplorer(Explorer):
    """Draw a digit with the mouse: the 8 x 8 input the network sees, its ten outputs and its answer, and which
    pixels would move its cost, as the drawing grows. Clear starts again."""

    def __init__(self, weights, biases):
        _check_digit_network(weights, biases)  # before any widget exists: a refused network leaves nothing behind
        self.weights, self.biases = weights, biases
        size = f"{CANVAS}px"  # fixed: a canvas stretches to the output's width unless told otherwise
        self.canvas = Canvas(
            width=CANVAS, height=CANVAS, layout=widgets.Layout(width=size, height=size, border="1px solid #bbbbbb")
        )
        self.canvas.add_class("bplib-canvas")
        self.clear_button = widgets.Button(description=_("Clear"), icon="eraser", layout=widgets.Layout(width="110px"))
        self.desired = widgets.Dropdown(
            options=[(_("its answer"), ITS_ANSWER)] + [(str(d), d) for d in range(10)],
            value=ITS_ANSWER,
            description=_("cost against"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="190px"),
        )
        hint = widgets.HTML(
            "<small>" + _("Draw one digit, as large as the box,<br>with the mouse held down.") + "</small>"
        )
        figure = Figure(figsize=(7.4, 2.5), dpi=100, layout="constrained")
        self.seen_axes, self.bar_axes, self.gradient_axes = figure.subplots(1, 3, width_ratios=[1, 1.7, 1])
        super().__init__([self.canvas, widgets.VBox([self.clear_button, self.desired, hint])], LiveFigure(figure))
        self.strokes: list[list[tuple[float, float]]] = []
        self.drawing = False
        self.throttle = DragThrottle()
        self.ink_throttle = DragThrottle(INK_GAP, self.throttle.clock)
        self._inked = 0  # how many points of the last stroke the canvas shows
        self._build_artists()
        self._connect()
        self._paper()
        self._redraw()

    # --- the picture -------------------------------------------------------------------------------------------
    def _build_artists(self) -> None:
        self.seen_grid = _pixel_grid(self.seen_axes, "gray_r", 0.0, 1.0)
        self.seen_axes.set_title(_("what it sees (8 x 8)"), fontsize=9)
        ax = self.bar_axes
        self.bars = ax.bar(range(10), np.zeros(10), 0.7, color=style.SKY_BLUE, edgecolor=style.BLACK, linewidth=0.6)
        ax.set_xticks(range(10))
        ax.set_xlim(-0.6, 9.6)
        ax.set_ylim(0, 1)
        ax.set_xlabel(_("digit (outlined: the cost's desired digit)"), fontsize=9)
        ax.set_ylabel(_("output activation"))
        self.gradient_grid = _pixel_grid(self.gradient_axes, style.GRADIENT_CMAP, -1.0, 1.0)
        self.gradient_axes.set_title("dC/dx", fontsize=9)
        self.gradient_axes.set_xlabel(_("blue: ink lowers C, red: raises"), fontsize=8)
        frames = [*self.seen_axes.spines.values(), *self.gradient_axes.spines.values()]  # drawn over the grids
        # moving text is the dearest thing to redraw (about 8 ms a line), so only the answer moves
        self.live.add_moving(self.seen_grid, *self.bars, ax.title, self.gradient_grid, *frames)

    def _redraw(self) -> None:
        """Recompute the view of the drawing as it is now, and show it: the picture, then the numbers, so that when
        the numbers say a stroke is finished, its picture is already on its way (an unchanged picture is not sent
        again: a straight stroke scaled to fill the box looks the same however long it grows)."""
        started = self.throttle.clock()
        desired = None if self.desired.value == ITS_ANSWER else self.desired.value
        try:
            view = digit_view(self.weights, self.biases, [np.array(s) for s in self.strokes], desired)
        except ValueError:  # dC/dx beyond float64 for this drawing: say so, and keep the last picture
            self._notice = _(NOT_SHOWN)
            self._show_numbers(*self._numbers)
            self.throttle.drew(started)
            return
        self._notice = ""
        self.seen_grid.set_array(view.pixels.reshape(8, 8))
        for digit, (bar, value) in enumerate(zip(self.bars, view.outputs)):
            bar.set_height(value)
            bar.set_facecolor(style.ORANGE if digit == view.answer else style.SKY_BLUE)
            bar.set_linewidth(2.0 if digit == view.desired else 0.6)
        self.bar_axes.set_title(_("answer: {answer}").format(answer=view.answer), fontsize=11)
        limit = max(float(np.max(np.abs(view.gradient))), 1e-12)  # each picture on its own scale, centred on 0
        self.gradient_grid.set_array(view.gradient.reshape(8, 8))
        self.gradient_grid.set_clim(-limit, limit)
        self._show_picture()
        self._show_numbers(self._rows(view))
        self.throttle.drew(started)

    def _rows(self, view: DigitView) -> list[tuple[str, str]]:
        points = sum(len(s) for s in self.strokes)
        drawn = (
            _("{strokes} stroke(s), {points} points").format(strokes=len(self.strokes), points=points)
            if self.strokes
            else _("nothing drawn yet")
        )
        outputs = "  ".join(f"{d}: {a:.2f}" for d, a in enumerate(view.outputs))
        return [
            (_("drawing"), drawn + (_(" (drawing)") if self.drawing else "")),
            (
                _("answer"),
                _("{answer} (output {output:.3f})").format(answer=view.answer, output=view.outputs[view.answer]),
            ),
            (_("outputs"), outputs),
            (
                _("cost against {digit}").format(digit=view.desired),
                _("{cost:.4f};  largest |dC/dx| {largest:.2e}").format(
                    cost=view.cost, largest=np.max(np.abs(view.gradient))
                ),
            ),
        ]

    # --- the canvas --------------------------------------------------------------------------------------------
    def _connect(self) -> None:
        self.canvas.on_mouse_down(self._pen_down)
        self.canvas.on_mouse_move(self._pen_move)
        self.canvas.on_mouse_up(self._pen_up)
        self.canvas.on_mouse_out(self._pen_up)
        self.canvas.on_touch_start(self._touch_start)
        self.canvas.on_touch_move(self._touch_move)
        self.canvas.on_touch_end(self._touch_end)
        self.canvas.on_client_ready(self._paper)  # a new view of the canvas starts blank: paint it again
        self.clear_button.on_click(lambda _: self.clear())
        self.follow([self.desired], lambda _change: self._redraw())

    def _paper(self) -> None:
        """White paper, the pen's style, and the strokes so far, drawn again."""
        c = self.canvas
        c.fill_style = "white"
        c.fill_rect(0, 0, CANVAS, CANVAS)
        c.stroke_style = c.fill_style = style.BLACK
        c.line_width = INK
        c.line_cap = c.line_join = "round"
        for stroke in self.strokes:
            c.fill_circle(*stroke[0], INK / 2)
            if len(stroke) > 1:
                c.stroke_lines(stroke)

    def _pen_down(self, x: float, y: float) -> None:
        point = _on_paper(x, y)
        if point is None:  # a point the browser could not place (NaN, say): no stroke starts there
            return
        self.drawing = True
        self.strokes.append([point])
        self.canvas.fill_circle(*point, INK / 2)
        self._inked = 1

    def _pen_move(self, x: float, y: float) -> None:
        point = _on_paper(x, y)
        if not self.drawing or point is None:
            return
        last = self.strokes[-1][-1]
        if np.hypot(point[0] - last[0], point[1] - last[1]) < MIN_STEP:
            return
        self.strokes[-1].append(point)
        if self.ink_throttle.due():
            self._ink()
        if self.throttle.due():
            self._redraw()

    def _pen_up(self, x: float, y: float) -> None:
        if not self.drawing:
            return
        self.drawing = False
        self._ink()
        self._redraw()

    def _touch_start(self, touches) -> None:
        """A finger down: the first finger draws, as the pen does; a touch event without a point is ignored."""
        point = _first_point(touches)
        if point is not None:
            self._pen_down(*point)

    def _touch_move(self, touches) -> None:
        point = _first_point(touches)
        if point is not None:
            self._pen_move(*point)

    def _touch_end(self, touches) -> None:
        self._pen_up(0, 0)

    def _ink(self) -> None:
        """Draw the segments of the last stroke the canvas does not show yet, as one polyline (one message)."""
        stroke = self.strokes[-1]
        if self._inked < len(stroke):
            self.canvas.stroke_lines(stroke[self._inked - 1 :])
            self._inked = len(stroke)
        self.ink_throttle.drew(self.ink_throttle.clock())

    def clear(self) -> None:
        """Wipe the drawing and start again."""
        self.strokes = []
        self.drawing = False
        self._paper()
        self._redraw()


def _on_paper(x, y) -> tuple[float, float] | None:
    """``(x, y)`` as the point a stroke holds, two finite floats; None when they are not two finite real numbers
    (NaN, a whole number too large for a float, anything else)."""
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in (x, y)):
        return None
    try:
        point = (float(x), float(y))
    except (OverflowError, ValueError, TypeError):
        return None
    return point if all(map(math.isfinite, point)) else None


def _first_point(touches):
    """The first finger's ``(x, y)`` of a touch event, or None when the event holds no point."""
    if isinstance(touches, (list, tuple)) and touches:
        point = touches[0]
        if isinstance(point, (list, tuple)) and len(point) == 2:
            return point
    return None


def _check_digit_network(weights, biases) -> None:
    """Raise, naming the argument, unless ``weights``/``biases`` are a network from 64 pixels to 10 outputs that no
    drawing can take beyond float64.

    Every input of a layer lies in [0, 1] (pixels, then sigmoid outputs), so a weighted input is at most
    sum |W[i]| + |b[i]|: finite bounds mean no drawing overflows the forward pass. The blank drawing is then
    shown once, which refuses weights whose slopes dC/dx overflow.
    """
    ws, bs = check_network(weights, biases)
    n_in, n_out = ws[0].shape[1], ws[-1].shape[0]
    if (n_in, n_out) != (64, 10):
        raise ValueError(f"weights must take 64 pixels in and give 10 outputs, got {n_in} in and {n_out} out")
    for layer, (w, b) in enumerate(zip(ws, bs)):
        bound = quietly(lambda w=w, b=b: np.abs(w).sum(axis=1) + np.abs(b))()
        if not np.all(np.isfinite(bound)):
            raise ValueError(
                f"weights[{layer}] are too large: with inputs from 0 to 1, a drawing could take a weighted input of "
                f"layer {layer} beyond float64 (1.8e308)"
            )
    digit_view(ws, bs, [])
