"""The two editions stay in step: every notebook exists in English (notebooks/) and in Japanese (notebooks/ja/),
and their code cells are the same but for comments, the words they print or draw, and the Japanese edition's
language switch.

"The same" is judged on the syntax tree: names, numbers, calls and the expressions inside f-strings must match;
a string literal may differ only where the Japanese one is a translation (it holds Japanese text). An f-string's
words may be reordered around its values, as Japanese word order needs, but the values must be the same."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ENGLISH = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
JAPANESE = sorted(p.name for p in (NOTEBOOKS / "ja").glob("*.ipynb"))
LANGUAGE_SWITCH = 'bplib.set_language("ja")'
SWITCH_LINE = re.compile(r'^\s*bplib\.set_language\("ja"\)\s*(#.*)?$', re.MULTILINE)  # may carry a comment
JAPANESE_TEXT = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff01-\uff5e]")  # punctuation, kana, kanji, full-width forms
IPYTHON_LINE = re.compile(r"^\s*[%!].*$", re.MULTILINE)  # %matplotlib inline and the like: not Python


class _Masked(ast.NodeTransformer):
    """Replace every string literal by a numbered placeholder, collecting the strings; an f-string becomes its
    sorted values, so its words (and their order) may change while its values may not."""

    def __init__(self) -> None:
        self.strings: list[str] = []

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str):
            self.strings.append(node.value)
            return ast.Name(id="<string>", ctx=ast.Load())
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        values = sorted(ast.dump(self.visit(v)) for v in node.values if isinstance(v, ast.FormattedValue))
        self.strings.append("".join(v.value for v in node.values if isinstance(v, ast.Constant)))
        return ast.Call(
            func=ast.Name(id="<f-string>", ctx=ast.Load()), args=[ast.Constant(v) for v in values], keywords=[]
        )


def _as_call(line: re.Match) -> str:
    """An IPython magic or shell line as a Python call, so that it parses and is compared like a string."""
    return f"__ipython__({line.group().strip()!r})"


def masked_code(source: str) -> tuple[str, list[str]]:
    """(the code's syntax tree with strings masked, the strings in order); comments and the language switch go."""
    source = SWITCH_LINE.sub("", source)
    masker = _Masked()
    tree = masker.visit(ast.parse(IPYTHON_LINE.sub(_as_call, source)))
    return ast.dump(tree), masker.strings


def differences(english: str, japanese: str) -> list[str]:
    """What differs between two versions of a code cell beyond comments and translated strings."""
    (e_tree, e_strings), (j_tree, j_strings) = masked_code(english), masked_code(japanese)
    if e_tree != j_tree:
        return ["the code differs (names, numbers, calls or the values in an f-string)"]
    return [
        f"string {e!r} became {j!r}, which is not a translation"
        for e, j in zip(e_strings, j_strings)
        if e != j and not JAPANESE_TEXT.search(j)
    ]


def code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_every_notebook_is_in_both_editions():
    assert ENGLISH and ENGLISH == JAPANESE


@pytest.mark.parametrize("name", ENGLISH)
def test_code_cells_match_but_for_comments_and_words(name):
    english, japanese = code_cells(NOTEBOOKS / name), code_cells(NOTEBOOKS / "ja" / name)
    assert len(english) == len(japanese), f"{name}: {len(english)} code cells in English, {len(japanese)} in Japanese"
    for n, (e, j) in enumerate(zip(english, japanese)):
        assert not differences(e, j), f"{name}, code cell {n + 1}: {differences(e, j)}\n{e}\n---\n{j}"


@pytest.mark.parametrize("name", JAPANESE)
def test_the_japanese_edition_switches_language_first(name):
    cells = json.loads((NOTEBOOKS / "ja" / name).read_text(encoding="utf-8"))["cells"]
    first_code = next(c for c in cells if c["cell_type"] == "code")
    assert LANGUAGE_SWITCH in "".join(first_code["source"])


CELL = '%matplotlib inline\nx = 1  # one\nprint(f"loss {loss:.3f} at step {n}")\nplot(x, label="loss")\n'


@pytest.mark.parametrize(
    "old, new",
    [
        ("# one", "# いち"),
        ('f"loss {loss:.3f} at step {n}"', 'f"ステップ {n} で損失 {loss:.3f}"'),  # words reordered around values
        ('label="loss"', 'label="損失"'),
        ("x = 1  # one", 'bplib.set_language("ja")  # 日本語で\nx = 1'),
    ],
)
def test_comments_and_translated_words_may_differ(old, new):
    assert differences(CELL, CELL.replace(old, new)) == []


@pytest.mark.parametrize(
    "old, new",
    [
        ("x = 1", "x = 2"),  # a number
        ("x = 1", "y = 1"),  # a name
        ("{loss:.3f}", "{loss:.4f}"),  # a format inside an f-string
        ("{loss:.3f}", "{cost:.3f}"),  # a value inside an f-string
        ('label="loss"', 'label="cost"'),  # a string that is not a translation
        ('label="loss"', 'label="loss", lw=2'),  # an argument
        ("inline", "widget"),  # an IPython magic
    ],
)
def test_code_that_differs_is_caught(old, new):
    assert CELL.replace(old, new) != CELL
    assert differences(CELL, CELL.replace(old, new)) != []
