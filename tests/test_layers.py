"""The package's three layers, and the direction of their arrows.

``bplib/`` is the math (numpy only); ``bplib/explore/`` draws and builds widgets; ``bplib/exercises/`` checks the
learner's answers. Explore and exercises may use the math; the math never imports them, nor any drawing or widget
library, so ``import bplib`` stays light and the math can be tested without a display.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bplib"
MATH_MODULES = sorted(PACKAGE.glob("*.py"))
FORBIDDEN_IN_MATH = ("matplotlib", "ipywidgets", "IPython", "PIL", "ipycanvas", "bplib.explore", "bplib.exercises")


def imported_names(path: Path, package: str | None = None) -> set[str]:
    """Every module a file imports, with relative imports made absolute (``from .explore import x`` ->
    ``bplib.explore``), found anywhere in the file, including inside functions."""
    package = package or ".".join(path.relative_to(PACKAGE.parent).parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_the_math_layer_has_modules():
    assert {p.stem for p in MATH_MODULES} >= {"network", "activations", "costs", "finite_differences", "training"}


@pytest.mark.parametrize("path", MATH_MODULES, ids=lambda p: p.name)
def test_math_modules_import_no_drawing_widgets_or_upper_layer(path):
    wrong = {
        name for name in imported_names(path) for bad in FORBIDDEN_IN_MATH if name == bad or name.startswith(bad + ".")
    }
    assert not wrong, f"{path.name} imports {sorted(wrong)}; the math layer uses numpy and the standard library only"


def test_the_import_check_sees_relative_and_late_imports(tmp_path):
    """The check above can fail: relative imports of the upper layers, and an import inside a function."""
    probe = tmp_path / "probe.py"
    probe.write_text("from .explore import plots\nfrom . import exercises\ndef f():\n    import matplotlib.pyplot\n")
    names = imported_names(probe, package="bplib")
    assert {"bplib.explore", "bplib.exercises", "matplotlib.pyplot"} <= names
    nested = imported_names(probe, package="bplib.explore")
    assert "bplib.explore.explore" in nested  # one dot stays inside the subpackage


def test_importing_bplib_loads_no_drawing_or_widget_library():
    code = (
        "import sys, bplib\n"
        "loaded = [m for m in ('matplotlib', 'ipywidgets', 'IPython', 'PIL') if m in sys.modules]\n"
        "print(','.join(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("layer", ["explore", "exercises"])
def test_upper_layers_do_not_import_each_other(layer):
    other = {"explore": "bplib.exercises", "exercises": "bplib.explore"}[layer]
    for path in sorted((PACKAGE / layer).glob("*.py")):
        names = imported_names(path)
        assert not any(n == other or n.startswith(other + ".") for n in names), f"{layer}/{path.name} imports {other}"


def test_the_explorer_registry_loads_no_drawing_or_widget_library():
    """``bplib.explore`` and its registry are read at every kernel start (the cell-order hint) and by tests:
    the explorer classes load only when one is used."""
    code = (
        "import sys, bplib.explore, bplib.explore.explorers as e\n"
        "assert 'DrawDigitExplorer' in e.EXPLORERS\n"
        "loaded = [m for m in ('matplotlib', 'ipywidgets', 'ipycanvas', 'PIL') if m in sys.modules]\n"
        "print(','.join(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def private_math_names(path: Path, package: str | None = None) -> set[str]:
    """The private names (``_x``) a module of ``bplib/explore`` imports from the math layer."""
    names = imported_names(path, package)
    return {
        name
        for name in names
        if name.startswith("bplib.")
        and not name.startswith("bplib.explore")
        and re.fullmatch(r"_[A-Za-z]\w*", name.rsplit(".", 1)[1])  # gettext's _ is public
    }


def test_only_checked_once_reaches_the_maths_private_kernels():
    """Views call the kernels that do not check their arguments again through one module, so a change of those
    kernels (or their becoming public) is followed in one place."""
    reaching = {
        path.name: private_math_names(path)
        for path in sorted((PACKAGE / "explore").glob("*.py"))
        if private_math_names(path)
    }
    assert set(reaching) == {"checked_once.py"}, reaching
    assert "bplib.network._loss" in reaching["checked_once.py"]


def test_the_private_name_check_sees_a_private_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from ..network import _prepare, forward\nfrom ..i18n import _\nfrom .views import _spaced\n")
    assert private_math_names(probe, "bplib.explore") == {"bplib.network._prepare"}
