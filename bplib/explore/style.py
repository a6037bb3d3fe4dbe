"""Colours and shared styling for every picture: colour-blind-safe (Okabe-Ito), gradients on a diverging map."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.colors import Normalize

from ..validation import as_float_array, as_positive_float
from . import fonts  # noqa: F401 (every figure is styled here, so every figure follows bplib.set_language)

# Okabe & Ito's palette, readable with every common kind of colour blindness.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"

# What each line means, the same in every notebook.
BACKPROP_COLOUR = BLUE
FORWARD_COLOUR = VERMILLION
CENTRED_COLOUR = GREEN

LARGEST_LIMIT = float(np.finfo(np.float64).max) / 2  # a scale from -limit to limit spans at most float64's largest
GRADIENT_CMAP = matplotlib.colormaps["RdBu_r"]  # diverging: blue below zero, white at zero, red above
ORDER_CMAP = matplotlib.colormaps["viridis"]  # sequential, for positions in memory (first dark, last yellow)


def as_colour_limit(limit) -> float:
    """``limit``, the end of a gradient colour scale -limit..limit, as a float, or a ValueError naming it: positive,
    and at most ``LARGEST_LIMIT``, so that the scale's span fits float64."""
    limit = as_positive_float(limit, "limit")
    if limit > LARGEST_LIMIT:
        raise ValueError(f"limit must be at most {LARGEST_LIMIT:.3g}, half float64's largest number, got {limit:g}")
    return limit


def gradient_colours(values, limit: float) -> np.ndarray:
    """RGBA colours for gradient values on the diverging map, centred on zero, saturating at +-``limit``
    (positive, at most ``LARGEST_LIMIT``, so that the scale's span fits float64)."""
    limit = as_colour_limit(limit)
    with np.errstate(all="ignore"):  # a value near 1e308, divided by a small limit: saturated, as it should be
        return GRADIENT_CMAP(Normalize(-limit, limit)(as_float_array(values, "values")))


def ink_on(rgba) -> str:
    """Black or white text, whichever reads better on the colour ``rgba``."""
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"
