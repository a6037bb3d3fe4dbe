"""Static figures for the notebooks: each function draws on an Axes it is given and returns it."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from . import style


def plot_step_errors(ax: Axes, steps, forward_errors, centred_errors, floor: float = 1e-13) -> Axes:
    """Log-log: the error of the forward and centred nudged slopes against the step h, with h and h^2 guides.

    Errors below ``floor`` (including exact zeros, which a log axis cannot show) are drawn at the floor.
    """
    steps = np.asarray(steps, dtype=np.float64)
    forward = np.maximum(np.asarray(forward_errors, dtype=np.float64), floor)
    centred = np.maximum(np.asarray(centred_errors, dtype=np.float64), floor)
    ax.loglog(steps, forward, "o-", ms=3, color=style.FORWARD_COLOUR, label="forward (C(p+h) - C(p)) / h")
    ax.loglog(steps, centred, "s-", ms=3, color=style.CENTRED_COLOUR, label="centred (C(p+h) - C(p-h)) / 2h")
    big = steps >= 1e-4
    for power, ls in ((1, ":"), (2, "--")):
        anchor = (forward if power == 1 else centred)[big][-1] / steps[big][-1] ** power
        ax.loglog(
            steps[big], anchor * steps[big] ** power, ls, color=style.GREY, label=f"slope {power}: error ~ h^{power}"
        )
    ax.set_xlabel("step h")
    ax.set_ylabel("|nudged slope - backprop slope|")
    ax.set_ylim(floor / 2, None)
    ax.legend(fontsize=8, frameon=False, loc="upper center")
    ax.grid(True, which="major", color="#dddddd", lw=0.6)
    return ax
