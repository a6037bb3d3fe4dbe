"""Static figures for the notebooks: each function draws on an Axes it is given and returns it."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import QuadMesh

from ..i18n import _
from ..validation import as_float_array, as_positive_float, as_positive_int, check_choice, check_fits_in_memory
from . import style

GUIDE_STEPS = 1e-4  # the h and h^2 guides are anchored on steps at least this large, where rounding does not rule


LOG_RANGE = (1e-250, 1e100)  # what a log axis here shows with its margins inside float64, far beyond any nudge


def _within_log_range(values: np.ndarray, name: str) -> None:
    outside = values[(values < LOG_RANGE[0]) | (values > LOG_RANGE[1])]
    if outside.size:
        raise ValueError(f"{name} must lie within {LOG_RANGE[0]:g}..{LOG_RANGE[1]:g} on a log axis, got {outside[0]:g}")


def plot_step_errors(ax: Axes, steps, forward_errors, centred_errors, floor: float = 1e-13) -> Axes:
    """Log-log: the error of the forward and centred nudged slopes against the step h, with h and h^2 guides.

    Errors below ``floor`` (including exact zeros, which a log axis cannot show) are drawn at the floor. The
    guides need a step of at least 1e-4 to start from; without one, the errors are drawn alone. Raises
    ValueError, naming the argument, for no steps, a step that is not positive, errors that are not one per step,
    or a number beyond ``LOG_RANGE`` (matplotlib's margins around it would overflow float64).
    """
    steps = as_float_array(steps, "steps", ndim=1)
    if steps.size == 0:
        raise ValueError("steps must hold at least one step h, got none")
    if np.any(steps <= 0):
        raise ValueError(f"steps must all be positive (a log axis), got {steps[steps <= 0][0]:g}")
    floor = as_positive_float(floor, "floor")
    _within_log_range(steps, "steps")
    _within_log_range(np.array([floor]), "floor")
    errors = []
    for values, name in ((forward_errors, "forward_errors"), (centred_errors, "centred_errors")):
        values = as_float_array(values, name, ndim=1)
        if values.shape != steps.shape:
            raise ValueError(f"{name} must hold one error per step, {steps.size}, got shape {values.shape}")
        errors.append(np.maximum(values, floor))
        _within_log_range(errors[-1], name)
    forward, centred = errors
    ax.loglog(steps, forward, "o-", ms=3, color=style.FORWARD_COLOUR, label=_("forward (C(p+h) - C(p)) / h"))
    ax.loglog(steps, centred, "s-", ms=3, color=style.CENTRED_COLOUR, label=_("centred (C(p+h) - C(p-h)) / 2h"))
    big = steps >= GUIDE_STEPS
    for power, ls in ((1, ":"), (2, "--")) if big.any() else ():
        guide = (forward if power == 1 else centred)[big][-1] / steps[big][-1] ** power * steps[big] ** power
        ax.loglog(
            steps[big],
            guide,
            ls,
            color=style.GREY,
            label=_("slope {power}: error ~ h^{power}").format(power=power),
        )
    ax.set_xlabel(_("step h"))
    ax.set_ylabel(_("|nudged slope - backprop slope|"))
    ax.set_ylim(floor / 2, None)
    ax.legend(fontsize=8, frameon=False, loc="upper center")
    ax.grid(True, which="major", color="#dddddd", lw=0.6)
    return ax


def plot_storage_order(ax_matrix: Axes, ax_flat: Axes, matrix, order: str = "F") -> tuple[Axes, Axes]:
    """Where each cell of ``matrix`` lives in the flat list: the matrix with each cell's value and flat index,
    and the flat list beside it, coloured alike. ``order="F"`` is column-major (the article's), ``"C"`` row-major.
    """
    matrix = as_float_array(matrix, "matrix", ndim=2)
    check_choice(order, "order", ("F", "C"))
    if matrix.size == 0:
        raise ValueError(f"matrix must hold at least one number, got shape {matrix.shape}")
    n_rows, n_cols = matrix.shape
    index = np.arange(matrix.size).reshape(matrix.shape, order=order)
    colours = style.ORDER_CMAP(index / max(matrix.size - 1, 1))
    ax_matrix.imshow(colours, aspect="equal")
    for (i, k), value in np.ndenumerate(matrix):
        ax_matrix.text(
            k, i, f"{value:g}\n[{index[i, k]}]", ha="center", va="center", fontsize=9, color=style.ink_on(colours[i, k])
        )
    ax_matrix.set_xticks(range(n_cols), [_("input {k}").format(k=k) for k in range(n_cols)], fontsize=8)
    ax_matrix.set_yticks(range(n_rows), [_("bias {i}").format(i=i) for i in range(n_rows)], fontsize=8)
    ax_matrix.tick_params(length=0)
    flat = matrix.ravel(order=order)
    flat_colours = style.ORDER_CMAP(np.arange(flat.size) / max(flat.size - 1, 1))
    ax_flat.imshow(flat_colours[None, :], aspect="equal")
    for j, value in enumerate(flat):
        ax_flat.text(j, 0, f"{value:g}", ha="center", va="center", fontsize=9, color=style.ink_on(flat_colours[j]))
    ax_flat.set_xticks(range(flat.size), [f"[{j}]" for j in range(flat.size)], fontsize=8)
    ax_flat.set_yticks([])
    ax_flat.tick_params(length=0)
    if order == "F":
        matrix_title, flat_title = _("column-major: value [index]"), _("the flat list, stored column by column")
    else:
        matrix_title, flat_title = _("row-major: value [index]"), _("the flat list, stored row by row")
    ax_matrix.set_title(matrix_title, fontsize=10)
    ax_flat.set_title(flat_title, fontsize=10)
    return ax_matrix, ax_flat


class SlopeBars:
    """Pairs of bars, one pair per bias: a computed slope (coloured by its value, diverging around zero) beside
    the nudged one (hatched), the picture notebooks 02 and 04 use to set a formula against the nudges.

    The bars are moving parts: ``update`` sets their heights and colours; ``artists`` lists them for blitting.
    """

    def __init__(self, ax: Axes, n: int, computed_label: str, nudged_label: str):
        n = as_positive_int(n, "n")
        index = np.arange(n)
        common = dict(width=0.34, edgecolor=style.BLACK)
        self.computed = ax.bar(
            index - 0.18, np.zeros(n), facecolor=style.GREY, linewidth=0.6, label=computed_label, **common
        )
        self.nudged = ax.bar(
            index + 0.18, np.zeros(n), facecolor="none", hatch="///", linewidth=0.8, label=nudged_label, **common
        )
        ax.axhline(0, color=style.BLACK, lw=0.8)
        self.legend = ax.legend(loc="upper left", fontsize=8, frameon=False)

    @property
    def artists(self) -> list:
        return [*self.computed, *self.nudged]

    def update(self, computed, nudged, limit: float) -> None:
        """Heights ``computed`` and ``nudged`` (one per bias); the computed bars coloured on +-``limit``."""
        for bar, value, colour in zip(self.computed, computed, style.gradient_colours(computed, limit)):
            bar.set_height(value)
            bar.set_facecolor(colour)
        for bar, value in zip(self.nudged, nudged):
            bar.set_height(value)


def cell_grid(ax: Axes, n_rows: int, n_cols: int, limit: float) -> QuadMesh:
    """An ``(n_rows, n_cols)`` grid of cells centred on integer coordinates, row 0 at the top (as ``imshow``),
    coloured on the gradient map over +-``limit``; set its values with ``mesh.set_array(values.ravel())``.

    A mesh, not an image: a dozen quads draw in well under a millisecond, an image resamples on every draw.
    """
    n_rows, n_cols = as_positive_int(n_rows, "n_rows"), as_positive_int(n_cols, "n_cols")
    check_fits_in_memory(16 * n_rows * n_cols, "n_rows x n_cols", f"a grid of {n_rows} x {n_cols} cells")
    limit = style.as_colour_limit(limit)
    mesh = ax.pcolormesh(
        np.arange(n_cols + 1) - 0.5,
        np.arange(n_rows + 1) - 0.5,
        np.zeros((n_rows, n_cols)),
        cmap=style.GRADIENT_CMAP,
        vmin=-limit,
        vmax=limit,
    )
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.set_aspect("equal")
    return mesh
