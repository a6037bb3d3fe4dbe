"""Re-run notebooks top to bottom and save them the way the repository keeps them.

    .venv/bin/python tests/refresh_notebooks.py                  # every notebook
    .venv/bin/python tests/refresh_notebooks.py notebooks/01_*.ipynb

The policy (README, "Development"): ordinary cells keep their outputs, from one clean run in a fresh
kernel, so the notebooks read well on a code host and nbval compares them. Cells that show a widget are
tagged ``nbval-ignore-output`` and saved with no output at all: a saved widget view without its live kernel
would show as stale text when the notebook is reopened.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def shows_a_widget(cell) -> bool:
    return any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))


def refresh(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    for cell in notebook.cells:
        if cell.cell_type == "code" and shows_a_widget(cell):
            cell.outputs = []
            tags = cell.metadata.setdefault("tags", [])
            if "nbval-ignore-output" not in tags:
                tags.append("nbval-ignore-output")
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    print(f"refreshed {path.name}")


def main(paths: list[str]) -> None:
    for path in [Path(p) for p in paths] or sorted(NOTEBOOKS.glob("*.ipynb")):
        refresh(path)


if __name__ == "__main__":
    main(sys.argv[1:])
