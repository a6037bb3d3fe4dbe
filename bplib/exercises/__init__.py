"""The exercises: a checking engine (``checking``) and one checker per exercise (``checkers``).

A notebook writes ``from bplib import exercises`` and then ``exercises.check_output_delta(output_delta)``;
each checker runs the learner's function on fresh cases and returns a ``Verdict``.
"""

from .checkers import (
    check_backprop_two_layers,
    check_batch_gradients,
    check_centred_slope,
    check_cross_entropy_delta,
    check_forward_slope,
    check_hidden_delta,
    check_output_delta,
    check_sgd_step,
    check_weight_grads_loop,
    check_weight_grads_matrix,
)
from .checking import Verdict
from .digits import check_accuracy, check_input_gradient  # noqa: F401  (notebook 07)

__all__ = [
    "Verdict",
    "check_backprop_two_layers",
    "check_batch_gradients",
    "check_centred_slope",
    "check_cross_entropy_delta",
    "check_forward_slope",
    "check_hidden_delta",
    "check_output_delta",
    "check_sgd_step",
    "check_weight_grads_loop",
    "check_weight_grads_matrix",
]
