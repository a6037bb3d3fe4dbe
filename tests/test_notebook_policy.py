"""How the notebooks are saved (README, "Development"): a cell that shows an explorer is saved with no output
and tagged ``nbval-ignore-output``, so a reopened notebook never shows a stale widget and nbval still runs it."""

import re
from pathlib import Path

import nbformat
import pytest

from bplib import explore

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
EXPLORER_CALL = re.compile(r"\b(\w*Explorer)\s*\(")


def _code_cells(path: Path):
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def _explorer_cells(path: Path):
    return [cell for cell in _code_cells(path) if EXPLORER_CALL.search(cell.source)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_explorer_cells_are_saved_without_output_and_tagged(path):
    for cell in _explorer_cells(path):
        assert cell.outputs == [], f"{path.name}, cell {cell.id}: an explorer saved with output (stale widget)"
        tags = cell.metadata.get("tags", [])
        assert "nbval-ignore-output" in tags, f"{path.name}, cell {cell.id}: explorer not tagged nbval-ignore-output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_cell_is_saved_with_a_widget_view(path):
    for cell in _code_cells(path):
        for output in cell.outputs:
            assert WIDGET_VIEW not in output.get("data", {}), f"{path.name}, cell {cell.id}: a saved widget view"
            text = output.get("data", {}).get("text/plain", "") + output.get("text", "")
            assert "Explorer(children=" not in text, f"{path.name}, cell {cell.id}: a saved widget repr"


def test_every_explorer_is_shown_in_some_notebook():
    shown = {
        name for path in NOTEBOOKS for cell in _explorer_cells(path) for name in EXPLORER_CALL.findall(cell.source)
    }
    explorers = {name for name in explore.__all__ if name.endswith("Explorer")}
    assert explorers and explorers <= shown, explorers - shown
