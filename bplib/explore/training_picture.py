"""The training view's picture: the network's probability of class 1 over the plane with the data on top, and the
loss and accuracy curves epoch by epoch. It draws whatever ``views.TrainingView`` it is given; it knows nothing of
buttons or threads."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..i18n import N_, _
from . import style, views
from .live_figure import LiveFigure

BANDS = [0, 0.1, 0.25, 0.45, 0.55, 0.75, 0.9, 1]  # output levels of the filled contour: white between 0.45 and 0.55
GRID_POINTS = 32  # the output is evaluated on a 32 x 32 grid: enough for smooth bands, cheap to draw
PLANE_LIMIT = 1.4  # the plane shown, [-1.4, 1.4]^2: the spirals fit inside the unit circle
CURVES = (  # the lines on the right, and the field of bplib.training.Metrics each shows
    ("train_loss", "loss", style.BLUE, N_("training data")),
    ("held_out_loss", "loss", style.ORANGE, N_("held-out data")),
    ("train_accuracy", "accuracy", style.BLUE, None),
    ("held_out_accuracy", "accuracy", style.ORANGE, None),
)
COST_NAMES = {
    "quadratic": N_("quadratic"),
    "cross_entropy": N_("cross-entropy"),
    "categorical_cross_entropy": N_("categorical cross-entropy"),
}


def cost_name(cost: str) -> str:
    """A cost's name in the learner's language (its code name if the catalogue has none)."""
    return _(COST_NAMES[cost]) if cost in COST_NAMES else cost


class TrainingPicture:
    """Build the figure for ``data = (x_train, y_train, x_held, y_held)`` (labels 0/1 in a column), with the
    epoch axis running to ``max_epochs`` and the loss panel naming ``cost`` (``show_cost`` names another);
    ``update(view, history, title)`` moves it to a trainer's state and ``live.png()`` renders it."""

    def __init__(self, data, max_epochs: int, cost: str):
        figure = Figure(figsize=(7.4, 3.2), dpi=90, layout="constrained")
        grid = figure.add_gridspec(2, 2, width_ratios=[1.1, 1])
        self.plane = figure.add_subplot(grid[:, 0])
        loss_axes = figure.add_subplot(grid[0, 1])
        self.axes = {"loss": loss_axes, "accuracy": figure.add_subplot(grid[1, 1], sharex=loss_axes)}
        self.live = LiveFigure(figure)
        self.bands = self._contour(*views.decision_grid(lambda points: np.full(len(points), 0.5), PLANE_LIMIT, 2))
        points = self._draw_points(data)
        self.curves = {
            field: self.axes[axes].plot([], [], color=colour, label=label and _(label))[0]
            for field, axes, colour, label in CURVES
        }
        self._label_curves(max_epochs, cost)
        # the bands first, so the points are drawn on top of them
        self.live.add_moving(self.bands, *points, *self.curves.values(), self.plane.title)

    def update(self, view: views.TrainingView, history, title: str) -> None:
        """Show ``view``'s probability of class 1 over the plane and ``history`` (a trainer's list of
        ``Metrics``) as curves."""
        bands = self._contour(view.xx, view.yy, view.class_one)
        self.live.swap_moving(self.bands, bands)
        self.bands = bands
        epochs = [m.epoch for m in history]
        for field, line in self.curves.items():
            line.set_data(epochs, [getattr(m, field) for m in history])
        self.plane.set_title(title, fontsize=8)

    def show_cost(self, cost: str) -> None:
        """Name ``cost`` above the loss curves (a static part: the next picture redraws it)."""
        if self.axes["loss"].get_title() != cost_name(cost):
            self.axes["loss"].set_title(cost_name(cost), fontsize=8)
            self.live.invalidate()

    def _contour(self, xx, yy, class_one):
        """The probability of class 1 over the plane as filled bands; the white band's middle, 0.5, is the
        decision boundary."""
        return self.plane.contourf(xx, yy, class_one, levels=BANDS, cmap=style.GRADIENT_CMAP, alpha=0.55)

    def _draw_points(self, data) -> list:
        """Training points as dots, held-out ones as rings, coloured by label; returns the artists."""
        x_train, y_train, x_held, y_held = data
        ax, points = self.plane, []
        # markers as lines, not scatter: Agg stamps one marker shape many times, several times faster
        for label, colour in ((0, style.BLUE), (1, style.VERMILLION)):
            train, held = y_train[:, 0] == label, y_held[:, 0] == label
            points += ax.plot(*x_train[train].T, "o", ms=3, color=colour, mec="white", mew=0.3)
            points += ax.plot(*x_held[held].T, "o", ms=4.5, mfc="none", mec=colour, mew=0.9)
        ax.set_xlim(-PLANE_LIMIT, PLANE_LIMIT)
        ax.set_ylim(-PLANE_LIMIT, PLANE_LIMIT)
        ax.set_aspect("equal")
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        return points

    def _label_curves(self, max_epochs: int, cost: str) -> None:
        loss, accuracy = self.axes["loss"], self.axes["accuracy"]
        loss.set_yscale("log")
        loss.set_ylim(3e-3, 2)
        loss.set_ylabel(_("loss"))
        loss.set_title(cost_name(cost), fontsize=8)  # above the curves: a long name would not fit beside them
        loss.legend(fontsize=8, frameon=False, loc="lower left")
        loss.tick_params(labelbottom=False)
        loss.set_xlim(0, max_epochs)
        accuracy.set_ylim(0.4, 1.02)
        accuracy.axhline(0.99, color=style.GREY, lw=0.8, ls=":")
        accuracy.set_ylabel(_("accuracy"))
        accuracy.set_xlabel(_("epoch"))
