"""The article's example, with the numbers it leaves as "...": stated here once for every notebook.

The article gives the inputs [0.3, 0.2, 0, 0.5] and the desired outputs [1, 0, 0] of a final layer with
3 outputs and 4 inputs, but writes its 12 weights and 3 biases as "...". These are the values the
notebooks use; nothing about them is special.
"""

from __future__ import annotations

import numpy as np

ARTICLE_INPUTS = (0.3, 0.2, 0.0, 0.5)
ARTICLE_DESIRED_OUTPUTS = (1.0, 0.0, 0.0)

_FINAL_WEIGHTS = ((0.2, -0.4, 0.1, 0.6), (-0.3, 0.8, 0.5, -0.1), (0.7, 0.1, -0.6, 0.3))
_FINAL_BIASES = (0.1, -0.2, 0.05)


def article_final_layer() -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, np.ndarray]:
    """The article's final layer as a one-layer network: ``(weights, biases, inputs, desired_outputs)``.

    Shapes: weights ``[(3, 4)]``, biases ``[(3,)]``, inputs ``(4,)``, desired outputs ``(3,)``. Fresh arrays on
    every call, so a notebook may change them freely.
    """
    return (
        [np.array(_FINAL_WEIGHTS)],
        [np.array(_FINAL_BIASES)],
        np.array(ARTICLE_INPUTS),
        np.array(ARTICLE_DESIRED_OUTPUTS),
    )
