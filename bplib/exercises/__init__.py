"""The exercises: a checking engine and one checker per exercise, with the solutions kept out of sight.

A notebook writes ``from bplib import exercises`` and then ``exercises.check_output_delta(output_delta)``; each
checker runs the learner's function on fresh random cases (fixed by ``seed``) and returns a ``Verdict``, shown
as its text. ``exercises.solution("output_delta")`` shows one solution.

Modules: ``checking`` (the engine: running an answer under a time limit, reading it, judging it), ``rules``
(what an answer may not call), ``messages`` (every sentence shown), one module of checkers per notebook
(``nudge_exercises`` for 01, ``output_exercises`` 02, ``weight_exercises`` 03, ``hidden_exercises`` 04 and 05's
first exercise, ``depth_exercises`` 05, ``training_exercises`` 06, ``batch_exercises`` 07, ``digits_exercises``
08, ``softmax_exercises`` 09) and ``solutions``.
"""

from .batch_exercises import check_batched_backprop
from .checking import Verdict
from .depth_exercises import check_backprop_any_depth, check_slip_found, suspect_backprop
from .digits_exercises import check_accuracy_per_digit, check_backprop_mini_batch, check_input_gradient
from .hidden_exercises import (
    check_backprop_two_layers,
    check_hidden_delta,
    check_ratio_prediction,
    check_shared_weight_slope,
    check_tanh_hidden_delta,
)
from .nudge_exercises import check_centred_slope, check_forward_slope, check_partial_slope
from .output_exercises import check_cross_entropy_delta, check_graph_slopes, check_output_delta, check_sigmoid_slope
from .softmax_exercises import check_softmax_delta
from .solutions import solution
from .training_exercises import check_batch_gradients, check_sgd_step, check_slope_prediction
from .weight_exercises import check_weight_grads_batch, check_weight_grads_loop, check_weight_grads_matrix

__all__ = [
    "Verdict",
    "check_accuracy_per_digit",
    "check_backprop_any_depth",
    "check_backprop_mini_batch",
    "check_backprop_two_layers",
    "check_batch_gradients",
    "check_batched_backprop",
    "check_centred_slope",
    "check_cross_entropy_delta",
    "check_forward_slope",
    "check_graph_slopes",
    "check_hidden_delta",
    "check_input_gradient",
    "check_output_delta",
    "check_partial_slope",
    "check_ratio_prediction",
    "check_sgd_step",
    "check_slip_found",
    "check_slope_prediction",
    "check_softmax_delta",
    "check_shared_weight_slope",
    "check_sigmoid_slope",
    "check_tanh_hidden_delta",
    "check_weight_grads_batch",
    "check_weight_grads_loop",
    "check_weight_grads_matrix",
    "solution",
    "suspect_backprop",
]
