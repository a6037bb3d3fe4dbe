"""What the learner sees: colours and static figures, the live figure, and the interactive explorers.

The layer above the math: it draws with matplotlib and builds widgets with ipywidgets, and calls ``bplib``'s
math; the math never imports it. ``style`` (colours), ``plots`` (static figures), ``live_figure`` (fast
redraws), ``views`` (the numbers an explorer shows, as plain functions), ``explorers`` and
``training_explorer`` (the widgets).
"""

from . import fonts  # noqa: F401 (figures follow bplib.set_language: Japanese glyphs in Japanese)
from .explorers import HiddenLayerExplorer, NudgeExplorer, OuterProductExplorer, OutputLayerExplorer
from .training_explorer import TrainingExplorer

__all__ = [
    "HiddenLayerExplorer",
    "NudgeExplorer",
    "OuterProductExplorer",
    "OutputLayerExplorer",
    "TrainingExplorer",
]
