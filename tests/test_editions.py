"""The two editions stay in step: every notebook exists in English (notebooks/) and in Japanese (notebooks/ja/),
and their code cells are the same but for comments and the Japanese edition's language switch."""

from __future__ import annotations

import io
import json
import tokenize
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ENGLISH = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
JAPANESE = sorted(p.name for p in (NOTEBOOKS / "ja").glob("*.ipynb"))
LANGUAGE_SWITCH = 'bplib.set_language("ja")'


def code_without_comments(source: str) -> list[str]:
    """The code's lines with comments and blank lines removed (strings, including docstrings, are kept)."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type != tokenize.COMMENT]
    lines = tokenize.untokenize(tokens).splitlines()
    return [line.rstrip() for line in lines if line.strip() and line.strip() != LANGUAGE_SWITCH]


def code_cells(path: Path) -> list[list[str]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [code_without_comments("".join(c["source"])) for c in cells if c["cell_type"] == "code"]


def test_every_notebook_is_in_both_editions():
    assert ENGLISH and ENGLISH == JAPANESE


@pytest.mark.parametrize("name", ENGLISH)
def test_code_cells_match_but_for_comments(name):
    english, japanese = code_cells(NOTEBOOKS / name), code_cells(NOTEBOOKS / "ja" / name)
    assert len(english) == len(japanese), f"{name}: {len(english)} code cells in English, {len(japanese)} in Japanese"
    for n, (e, j) in enumerate(zip(english, japanese)):
        assert e == j, f"{name}, code cell {n + 1} differs beyond comments:\n{e}\n---\n{j}"


@pytest.mark.parametrize("name", JAPANESE)
def test_the_japanese_edition_switches_language_first(name):
    cells = json.loads((NOTEBOOKS / "ja" / name).read_text(encoding="utf-8"))["cells"]
    first_code = next(c for c in cells if c["cell_type"] == "code")
    assert LANGUAGE_SWITCH in "".join(first_code["source"])


def test_comment_stripping_keeps_code_and_strings():
    """The comparison above can fail: a changed number or string counts, a changed comment does not."""
    a = code_without_comments('x = 1  # one\nprint("# not a comment")\n')
    assert a == code_without_comments('x = 1  # いち\nprint("# not a comment")\n')
    assert a != code_without_comments('x = 2\nprint("# not a comment")\n')
