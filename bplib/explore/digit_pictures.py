"""Static figures of 8 x 8 digits: a gallery, a confusion matrix, and slopes with respect to the pixels.

Each function draws on Axes it is given. Images are rows of 64 values in [0, 1] (ink dark on white, as on
paper); gradients use the diverging map centred on zero, like every gradient in the notebooks.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from ..i18n import _
from ..validation import as_float_array, describe
from . import style

SIDE = 8  # pixels a side


def _as_picture(values, name: str) -> np.ndarray:
    """``values`` as an 8 x 8 float64 picture, or ValueError/TypeError naming ``name``."""
    values = as_float_array(values, name)
    if values.size != SIDE * SIDE:
        raise ValueError(f"{name} must hold 64 values (8 x 8), got shape {values.shape}")
    return values.reshape(SIDE, SIDE)


def show_digit(ax: Axes, image, title: str = "", colour: str = style.BLACK) -> Axes:
    """One digit, 64 values in [0, 1], as an 8 x 8 picture without ticks, with an optional title."""
    ax.imshow(_as_picture(image, "image"), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=9, color=colour)
    return ax


def show_gradient(ax: Axes, gradient, limit: float, title: str = "") -> Axes:
    """A slope per pixel as an 8 x 8 picture on the diverging map: blue below zero, white at zero, red above,
    over -limit..limit (``limit`` positive, at most about 9e307, so the scale's span fits float64)."""
    picture = _as_picture(gradient, "gradient")
    limit = style.as_colour_limit(limit)
    image = ax.imshow(picture, cmap=style.GRADIENT_CMAP, vmin=-limit, vmax=limit, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=9)
    return image


def plot_gallery(axes: Sequence[Axes], images, titles: Sequence[str], colours: Sequence[str] | None = None) -> None:
    """Digits side by side, one per Axes (axes left over are hidden): ``images`` a row of 64 values per digit,
    ``titles`` a text per digit, ``colours`` (optional) a colour per digit."""
    axes = list(np.ravel(np.asarray(axes, dtype=object)))
    if not all(isinstance(ax, Axes) for ax in axes):
        raise TypeError(f"axes must be matplotlib Axes (as plt.subplots gives them), got {describe(axes)}")
    if isinstance(titles, str) or not isinstance(titles, (Sequence, np.ndarray)) or not all(
            isinstance(t, (str, numbers.Real)) for t in titles):
        raise TypeError(f"titles must be a list of texts (or numbers), one per digit, got {describe(titles)}")
    titles = [str(t) for t in titles]
    images = as_float_array(images, "images", ndim=(2, 3))
    if len(images) < len(titles) or len(axes) < len(titles):
        raise ValueError(f"images and axes must hold one per title, {len(titles)}, got {len(images)} and {len(axes)}")
    colours = [style.BLACK] * len(titles) if colours is None else colours
    if isinstance(colours, str) or not isinstance(colours, Sequence) or len(colours) < len(titles):
        raise TypeError(f"colours must be a list of colours, one per title, got {describe(colours)}")
    for n, (ax, image, title, colour) in enumerate(zip(axes, images, titles, colours)):
        show_digit(ax, _as_picture(image, f"images[{n}]"), title, colour)
    for ax in axes[len(titles) :]:
        ax.set_axis_off()


def plot_confusion_matrix(ax: Axes, matrix) -> Axes:
    """Counts of (true digit, answer) pairs with each count written in its cell; the right answers (the
    diagonal) in grey, the mistakes on an orange scale, so the few mistakes stand out. ``matrix`` is square, of
    whole counts from 0 up, and not empty (ValueError naming it otherwise)."""
    counts = as_float_array(matrix, "matrix", ndim=2)
    if counts.size == 0:
        raise ValueError(f"matrix must hold at least one count, got shape {counts.shape}")
    if counts.shape[0] != counts.shape[1]:
        raise ValueError(f"matrix must be square, one row and one column per digit, got shape {counts.shape}")
    if np.any((counts < 0) | (counts != np.round(counts))):
        raise ValueError("matrix must hold counts, whole numbers from 0 up")
    matrix = np.asarray(matrix)
    n = len(matrix)
    mistakes = np.where(np.eye(n, dtype=bool) | (matrix == 0), np.nan, matrix).astype(np.float64)  # NaN: white
    ax.imshow(np.where(np.eye(n), 1.0, np.nan), cmap="Greys", vmin=0, vmax=5, interpolation="nearest")
    top = np.nanmax(mistakes) if np.any(np.isfinite(mistakes)) else 1.0
    ax.imshow(mistakes, cmap="Oranges", vmin=0, vmax=top * 1.3, interpolation="nearest")
    for (true, answer), count in np.ndenumerate(matrix):
        if count:
            ax.text(answer, true, str(count), ha="center", va="center", fontsize=8)
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel(_("the network's answer"))
    ax.set_ylabel(_("true digit"))
    return ax
