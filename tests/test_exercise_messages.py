"""The exercises' sentences and the notebooks' exercise cells: every "See NN, '...'" names a real heading, every
message is used, every exercise sits in its notebook unfinished (its solution nowhere in sight), and the index
lists them all."""

import ast
import re
from pathlib import Path

import nbformat
import pytest

from bplib.exercises import messages, solutions

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PACKAGE = ROOT / "bplib" / "exercises"
REFERENCE = re.compile(r"See (\d\d), '(.+?)'(?=\.)")


JAPANESE_REFERENCE = re.compile(r"(\d\d) の「(.+?)」")  # 02 の「公式：デルタ」を参照してください


def notebook(number: str, folder: Path = NOTEBOOKS):
    (path,) = folder.glob(f"{number}_*.ipynb")
    return nbformat.read(path, as_version=4)


def headings(number: str, folder: Path = NOTEBOOKS) -> set[str]:
    found = set()
    for cell in notebook(number, folder).cells:
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            found.update(line.lstrip("#").strip().replace("`", "") for line in lines if line.startswith("#"))
    return found


def catalogue() -> dict[str, str | tuple[str, str]]:
    return {name: value for name, value in vars(messages).items() if name.isupper() and not callable(value)}


def test_every_reference_names_a_heading_of_its_notebook():
    references = {(n, title) for text in map(str, catalogue().values()) for n, title in REFERENCE.findall(text)}
    assert len(references) > 10
    missing = sorted((n, title) for n, title in references if title not in headings(n))
    assert not missing, f"these references name no heading of their notebook: {missing}"


def test_every_japanese_reference_names_a_heading_of_its_japanese_notebook():
    """The catalogue's translations cite the Japanese edition's headings, each in its own words."""
    from babel.messages.pofile import read_po

    with (ROOT / "bplib" / "locale" / "ja" / "LC_MESSAGES" / "bplib.po").open("rb") as po:
        translations = [m.string for m in read_po(po, locale="ja") if m.id and isinstance(m.string, str)]
    references = {(n, title) for text in translations for n, title in JAPANESE_REFERENCE.findall(text)}
    assert len(references) > 10
    missing = sorted((n, t) for n, t in references if t not in headings(n, NOTEBOOKS / "ja"))
    assert not missing, f"these references name no heading of their Japanese notebook: {missing}"


def test_the_reference_check_can_fail():
    assert "The formula: delta" in headings("02") and "A heading nobody wrote" not in headings("02")


def test_every_message_is_used_and_every_used_message_exists():
    code = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py") if p.name != "messages.py")
    used = set(re.findall(r"\btext\.([A-Z][A-Z0-9_]+)\b", code))
    assert used - set(catalogue()) == set()
    assert set(catalogue()) - used == set(), "messages no code shows: remove them"


def test_messages_are_marked_literals_with_named_placeholders():
    """Each message is a literal string (or a pair of them) marked N_("..."), so the catalogue test finds it and
    the Japanese catalogue translates it; no positional {}."""
    tree = ast.parse((PACKAGE / "messages.py").read_text(encoding="utf-8"))
    assignments = [n for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign)) and n.value is not None]
    assert len(assignments) > 100
    for node in assignments:
        if isinstance(node.value, ast.Subscript):  # the Plural type alias
            continue
        values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
        for v in values:
            assert isinstance(v, ast.Call) and getattr(v.func, "id", None) == "N_", ast.unparse(node)
            assert isinstance(v.args[0], ast.Constant) and isinstance(v.args[0].value, str), ast.unparse(node)
    for value in catalogue().values():
        for text in value if isinstance(value, tuple) else (value,):
            assert "{}" not in text and not re.search(r"\{\d", text), text


def exercise_cells():
    """(notebook number, cell) for every code cell of every English notebook that calls a checker."""
    for number in sorted(path.name[:2] for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        for cell in notebook(number).cells:
            if cell.cell_type == "code" and "exercises.check_" in cell.source:
                yield number, cell


@pytest.mark.parametrize("name", list(solutions.EXERCISES))
def test_every_exercise_is_in_its_notebook_unfinished(name):
    number = solutions.EXERCISES[name].title[:2]
    cells = [cell for n, cell in exercise_cells() if n == number and f"def {name}(" in cell.source]
    assert len(cells) == 1, f"{name}: expected one template cell in notebook {number}"
    (cell,) = cells
    assert "return ..." in cell.source and f"({name})" in cell.source
    assert "not done yet" in "".join(o.get("text", "") + str(o.get("data", "")) for o in cell.outputs)


def test_no_solution_is_in_sight_in_any_notebook():
    """The only definition of an exercise's function in any notebook is its template, whose body is still ``...``;
    no cell is a (hidden) solution cell."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            assert "solution" not in cell.metadata.get("tags", []), f"{path.name} {cell.id}"
            if cell.cell_type != "code":
                continue
            for name in solutions.EXERCISES:
                for line_number in [n for n, line in enumerate(cell.source.splitlines()) if f"def {name}(" in line]:
                    body = [line.strip() for line in cell.source.splitlines()[line_number + 1 :]]
                    assert body[:2] == ["# your code here", "return ..."], f"{path.name} {cell.id} defines {name}"


def test_the_index_lists_every_exercise():
    index = "\n".join(cell.source for cell in notebook("00").cells)
    for name in solutions.EXERCISES:
        assert f"`{name}`" in index
    assert "exercises.solution(" in index
