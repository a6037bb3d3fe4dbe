"""bplib: the math behind the "Backprop, step by step" notebooks.

The math, one idea a module: ``activations`` and ``costs`` (with their derivatives), ``network`` (forward
pass, loss, backprop), ``finite_differences`` (nudging and gradient checks), ``article`` (the article's
list-based helpers), ``training`` (SGD), ``datasets`` and ``examples``. Above it, and never imported by it:
``bplib.explore`` (figures and widgets) and ``bplib.exercises`` (the checkers).
"""

from .activations import ACTIVATIONS, get_activation
from .article import mat_mul, vec_add, vec_sub
from .costs import COSTS, get_cost
from .finite_differences import (
    centred_difference,
    forward_difference,
    gradient_check,
    nudge,
    numerical_gradient,
    numerical_gradient_of,
    relative_error,
)
from .i18n import get_language, set_language
from .network import backprop, backprop_sample_by_sample, forward, loss, predict, random_network
from .training import DivergenceError, sgd_step, train

__all__ = [
    "ACTIVATIONS",
    "COSTS",
    "DivergenceError",
    "backprop",
    "backprop_sample_by_sample",
    "centred_difference",
    "forward",
    "forward_difference",
    "get_activation",
    "get_cost",
    "get_language",
    "gradient_check",
    "loss",
    "mat_mul",
    "nudge",
    "numerical_gradient",
    "numerical_gradient_of",
    "predict",
    "random_network",
    "relative_error",
    "set_language",
    "sgd_step",
    "train",
    "vec_add",
    "vec_sub",
]
__version__ = "0.1.0"
