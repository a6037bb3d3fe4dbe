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
# the output layer of the 4 -> 3 -> 3 network: it takes the 3 hidden activations as its inputs
_OUTPUT_WEIGHTS = ((0.5, -0.6, 0.4), (-0.7, 0.3, 0.2), (0.6, 0.9, -0.8))
_OUTPUT_BIASES = (-0.1, 0.2, 0.1)


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


def article_network() -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, np.ndarray]:
    """A 4 -> 3 -> 3 network built from the article's two blocks: ``(weights, biases, inputs, desired_outputs)``.

    The article's hidden block (4 inputs, 3 outputs, the same inputs) is the hidden layer, with the 3 x 4
    weights of ``article_final_layer``; a 3 -> 3 output layer takes its activations. Shapes: weights
    ``[(3, 4), (3, 3)]``, biases ``[(3,), (3,)]``.
    """
    weights, biases, inputs, desired = article_final_layer()
    return (
        weights + [np.array(_OUTPUT_WEIGHTS)],
        biases + [np.array(_OUTPUT_BIASES)],
        inputs,
        desired,
    )
