"""The registry of explorers: every explorer of the course, where it lives and where the course shows it.

One list, read by everything that needs to know the explorers: ``bplib.explore`` (``from bplib.explore import
NudgeExplorer``), this module (``from bplib.explore.explorers import NudgeExplorer``), and the tests that drive
every explorer. Each explorer is a thin widget shell around ``bplib.explore.views`` (the numbers, as plain
functions) in its own module; what they share is in ``explorer_base``. A class is imported on first use, so
reading the registry loads neither matplotlib nor ipywidgets.

A new explorer: subclass ``explorer_base.Explorer`` as its docstring says, and add one line here.
"""

from __future__ import annotations

from importlib import import_module
from typing import NamedTuple


class Registered(NamedTuple):
    """Where an explorer is defined (a module of ``bplib.explore``), the notebook that shows it, what it shows."""

    module: str
    notebook: str
    shows: str


EXPLORERS: dict[str, Registered] = {
    "NudgeExplorer": Registered(
        "nudge_explorer", "01_nudge_a_bias", "one parameter nudged by a step h: the secant, the tangent, the errors"
    ),
    "OutputLayerExplorer": Registered(
        "output_layer_explorer", "02_output_layer", "the final layer's bias slopes from backprop and from nudges"
    ),
    "WeightSlopesExplorer": Registered(
        "weight_slopes_explorer",
        "03_weight_gradients",
        "one input of a layer moved: its column of weight slopes, delta times that input, and the loss",
    ),
    "HiddenLayerExplorer": Registered(
        "hidden_layer_explorer", "04_hidden_layers", "the hidden delta, the article's formula or the corrected one"
    ),
    "BackwardWalkExplorer": Registered(
        "backward_walk_explorer",
        "04_hidden_layers",
        "a computational graph walked back edge by edge: products along paths, sums where paths meet",
    ),
    "TrainingExplorer": Registered("training_explorer", "06_training", "mini-batch SGD on two spirals, live"),
    "DrawDigitExplorer": Registered(
        "digits", "08_handwritten_digits", "a digit drawn with the mouse, the network's answer and dC/dx"
    ),
}

__all__ = list(EXPLORERS)


def __getattr__(name: str):
    if name in EXPLORERS:
        return getattr(import_module(f"{__package__}.{EXPLORERS[name].module}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
