"""The exercises: a checking engine and one checker per exercise, with the solutions kept out of sight.

A notebook writes ``from bplib import exercises`` and then ``exercises.check_output_delta(output_delta)``; each
checker runs the learner's function on fresh random cases (fixed by ``seed``) and returns a ``Verdict``, shown
as its text. ``exercises.solution("output_delta")`` shows one solution.

Modules: ``checking`` (the engine: running an answer under a time limit, reading it, judging it), ``messages``
(every sentence shown), one module of checkers per notebook (``nudge_exercises`` for 01, ``output_exercises``
02, ``weight_exercises`` 03, ``hidden_exercises`` 04, ``training_exercises`` 06, ``digits_exercises`` 08)
and ``solutions``.
"""

from .checking import Verdict
from .digits_exercises import check_accuracy_per_digit, check_input_gradient
from .hidden_exercises import check_backprop_two_layers, check_hidden_delta, check_tanh_hidden_delta
from .nudge_exercises import check_centred_slope, check_forward_slope
from .output_exercises import check_cross_entropy_delta, check_output_delta
from .solutions import solution
from .training_exercises import check_batch_gradients, check_sgd_step
from .weight_exercises import check_weight_grads_batch, check_weight_grads_loop, check_weight_grads_matrix

__all__ = [
    "Verdict",
    "check_accuracy_per_digit",
    "check_backprop_two_layers",
    "check_batch_gradients",
    "check_centred_slope",
    "check_cross_entropy_delta",
    "check_forward_slope",
    "check_hidden_delta",
    "check_input_gradient",
    "check_output_delta",
    "check_sgd_step",
    "check_tanh_hidden_delta",
    "check_weight_grads_batch",
    "check_weight_grads_loop",
    "check_weight_grads_matrix",
    "solution",
]
