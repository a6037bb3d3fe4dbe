"""The notebooks' explorers, one per step of the article; ``from bplib.explore import explorers`` finds them all.

Each is a thin widget shell around ``bplib.explore.views`` (the numbers, as plain functions) and lives in its
own module; what they share is in ``explorer_base``, the pieces they draw with in ``plots``.
"""

from .hidden_layer_explorer import HiddenLayerExplorer
from .nudge_explorer import NudgeExplorer
from .outer_product_explorer import OuterProductExplorer
from .output_layer_explorer import OutputLayerExplorer
from .training_explorer import TrainingExplorer

__all__ = ["HiddenLayerExplorer", "NudgeExplorer", "OuterProductExplorer", "OutputLayerExplorer", "TrainingExplorer"]
