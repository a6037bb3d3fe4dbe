"""Notebook 03's exercises: the weight slopes of a layer from its bias slopes and its inputs, first as the
article's flat column-major list, then as the (n_out, n_in) matrix, the outer product.

A right answer is confirmed by nudging every weight of a layer whose bias slopes are ``bias_grads``: identity
units, no weights or biases of their own, and desired outputs -bias_grads, so that delta = a - y = bias_grads.
"""

from __future__ import annotations

import numpy as np

from .. import numerical_gradient
from . import messages as text
from .checking import TIME_LIMIT, Exercise, Mistake, Verdict, check


def _weight_cases(seed: int, sizes) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [{"bias_grads": rng.normal(size=n_out), "inputs": rng.normal(size=n_in)} for n_out, n_in in sizes]


def _as_lists(cases: list[dict]) -> list[dict]:
    return [{name: value.tolist() for name, value in case.items()} for case in cases]


def nudged_weight_slopes(bias_grads, inputs) -> np.ndarray:
    """The (n_out, n_in) weight slopes of a layer whose bias slopes are ``bias_grads``, by centred nudges."""
    bias_grads, inputs = np.asarray(bias_grads, dtype=float), np.asarray(inputs, dtype=float)
    shape = (len(bias_grads), len(inputs))
    weights, biases = [np.zeros(shape)], [np.zeros(len(bias_grads))]
    return numerical_gradient(weights, biases, inputs, -bias_grads, activation="identity", kind="weight", layer=0)


def _column_major(bias_grads, inputs):
    return np.outer(bias_grads, inputs).ravel(order="F")


def _row_major(bias_grads, inputs):
    return np.outer(bias_grads, inputs).ravel(order="C")


def _outer(bias_grads, inputs):
    return np.outer(bias_grads, inputs)


FLAT = Exercise(
    name="weight_grads_flat",
    title=text.WEIGHTS_FLAT_TITLE,
    make_cases=lambda seed: _as_lists(_weight_cases(seed, ((3, 4), (2, 5), (4, 3)))),
    reference=_column_major,
    mistakes=(
        Mistake("row-major", _row_major, text.WEIGHTS_ROW_MAJOR),
        Mistake(
            "index 0",
            lambda bias_grads, inputs: _column_major(np.full(len(bias_grads), bias_grads[0]), inputs),
            text.WEIGHTS_INDEX_0,
        ),
    ),
    shape_hint=text.WEIGHTS_FLAT_SHAPE,
    nudged=lambda case: nudged_weight_slopes(**case).ravel(order="F"),
    confirm=text.WEIGHTS_CONFIRM,
)

MATRIX = Exercise(
    name="weight_grads_matrix",
    title=text.WEIGHTS_MATRIX_TITLE,
    make_cases=lambda seed: _weight_cases(seed + 1, ((3, 3), (2, 5), (4, 3))),  # square first: .T shows
    reference=_outer,
    mistakes=(
        Mistake("transposed", lambda bias_grads, inputs: np.outer(inputs, bias_grads), text.WEIGHTS_TRANSPOSED),
        Mistake("1-D transpose", lambda bias_grads, inputs: bias_grads @ inputs.T, text.WEIGHTS_1D_TRANSPOSE),
        Mistake("summed", lambda bias_grads, inputs: np.outer(bias_grads, inputs).sum(), text.WEIGHTS_SUMMED),
        Mistake("flat list", _column_major, text.WEIGHTS_FLAT_LIST),
        Mistake("flat list", _row_major, text.WEIGHTS_FLAT_LIST),
    ),
    shape_hint=text.WEIGHTS_MATRIX_SHAPE,
    nudged=lambda case: nudged_weight_slopes(**case),
    confirm=text.WEIGHTS_CONFIRM,
)


EXERCISES = (FLAT, MATRIX)


def check_weight_grads_loop(weight_grads_flat, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """03, exercise 1: ``weight_grads_flat(bias_grads, inputs)`` (plain lists in) returns the weight slopes as
    one flat list, column-major: entry bias_index + input_index * len(bias_grads) is
    bias_grads[bias_index] * inputs[input_index]."""
    return check(FLAT, weight_grads_flat, seed, time_limit)


def check_weight_grads_matrix(weight_grads_matrix, seed=0, time_limit=TIME_LIMIT) -> Verdict:
    """03, exercise 2: ``weight_grads_matrix(bias_grads, inputs)`` (numpy vectors in) returns the (n_out, n_in)
    matrix of weight slopes, the outer product of bias_grads and inputs."""
    return check(MATRIX, weight_grads_matrix, seed, time_limit)
