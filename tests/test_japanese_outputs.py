"""What the Japanese edition prints is Japanese: no saved text output of a notebooks/ja/ code cell may hold an
English word, except code names, units and symbols.

A line is English when it holds a word of three or more letters that is not code (a name with `_`, `.` or a digit
in it, a call, an index, a keyword argument, a path) and not on the short allow-list below. Each English line is put
down either to the notebook (at least half of its English words are in the cell's string literals: the cell's own
words are English) or to a library (bplib's tables and messages, which are translated through the message
catalogue, bplib/locale/ja/LC_MESSAGES/bplib.po, not in the notebook). Exercise cells are read like every other
cell: the checkers' lines are Japanese already.

Figures are images: their words are checked by eye (render them and look), not here."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

JAPANESE_NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks" / "ja").glob("*.ipynb"))

# Words a Japanese edition writes in Latin letters too: names of libraries, functions and data sets, symbols
# spelled out, and Python's own values. Lower case; kept short on purpose, so that English cannot hide here.
ALLOWED = frozenset(
    {
        "bplib", "numpy", "python", "mnist", "nielsen", "perl", "xavier",  # names
        "sigmoid", "relu", "tanh", "softmax", "sgd", "rms",  # functions and methods
        "sigma", "delta", "eta", "eps", "sqrt", "exp", "log", "max", "min",  # symbols spelled out
        "dtype", "float64", "true", "false", "none", "nan", "inf",  # Python and numpy values
        "inputs",  # an argument name of every bplib function, printed beside its shape
    }
)  # fmt: skip

# numpy's own error messages, which the learner meets word for word in their own code: 03 and 04 show them on
# purpose (the shapes that do not fit), behind a Japanese label saying what they are.
NUMPY_MESSAGES = (
    re.compile(r"operands could not be broadcast together with shapes( \(\d+(,\d+)*\))+"),
    re.compile(
        r"matmul: Input operand \d+ has a mismatch in its core dimension \d+, with gufunc signature "
        r"\S+ \(size \d+ is different from \d+\)"
    ),
)

CALL_OR_INDEX = re.compile(r"[\w.]+(\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\])+")  # f(x, g(y)), a[0][1, 2]
KEYWORD = re.compile(r"\b\w+=")  # order='F', step=0.001
PATH = re.compile(r"[\w.-]*/[\w./-]*")  # data/mnist/, dC/dx
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:[.'][A-Za-z_][A-Za-z0-9_]*)*")


def english_words(line: str) -> list[str]:
    """The words of one output line that are English: not code, not allowed, three letters or more."""
    for message in NUMPY_MESSAGES:
        line = message.sub(" ", line)
    line = PATH.sub(" ", KEYWORD.sub(" ", CALL_OR_INDEX.sub(" ", line)))
    words = []
    for word in WORD.findall(line):
        bare = word.removesuffix("'s")
        is_code = any(c in bare for c in "_.") or any(c.isdigit() for c in bare)
        if not is_code and len(bare) >= 3 and bare.lower() not in ALLOWED:
            words.append(bare)
    return words


def text_outputs(cell: dict) -> list[str]:
    """The lines a learner reads under a code cell: streams, errors and plain results (not a figure's repr)."""
    lines = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            lines += "".join(output["text"]).splitlines()
        elif output["output_type"] == "error":
            lines.append(f"{output['ename']}: {output['evalue']}")
        elif "image/png" not in output.get("data", {}):
            lines += "".join(output.get("data", {}).get("text/plain", "")).splitlines()
    return lines


def string_literals(source: str) -> str:
    """Every string literal of a code cell (f-strings' words included), joined: the words the cell prints itself."""
    python = re.sub(r"^\s*[%!].*$", "", source, flags=re.MULTILINE)
    return " ".join(
        node.value
        for node in ast.walk(ast.parse(python))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def english_lines(path: Path) -> list[tuple[int, str, bool]]:
    """(code cell number, line, whether the cell's own strings wrote it) for every English output line: they did
    if at least half of its English words are in the cell's string literals."""
    found = []
    code_cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    for number, cell in enumerate(code_cells, start=1):
        own_words = set(WORD.findall(string_literals("".join(cell["source"])).lower()))
        for line in text_outputs(cell):
            words = english_words(line)
            if words:
                own = sum(w.lower() in own_words for w in words)
                found.append((number, line.strip(), 2 * own >= len(words)))
    return found


@pytest.mark.parametrize("path", JAPANESE_NOTEBOOKS, ids=lambda p: p.stem)
def test_printed_output_is_japanese(path):
    found = english_lines(path)
    own = [f"  code cell {n}: {line}" for n, line, by_notebook in found if by_notebook]
    library = [f"  code cell {n}: {line}" for n, line, by_notebook in found if not by_notebook]
    report = [f"{path.name}: {len(found)} English output lines"]
    if own:
        report += ["printed by the notebook's own strings (translate them in the notebook):", *own]
    if library:
        report += ["printed by a library, bplib's tables and messages (translate them in the catalogue):", *library]
    assert not found, "\n".join(report)


@pytest.mark.parametrize(
    "line",
    [
        "損失: 0.123",
        "bplib.loss:      0.369579",
        "W (3, 4)   delta (3,)   inputs (4,)",
        "np.outer(delta, inputs): (3, 4)   W の形",
        "numpy, order='F':    [4, 8, 12]",
        "4-6-5-4-3、sigmoid: True",
        "sigma'(8) はほぼ 0",
        "weights[0][0, 0]   傾き -0.029382",
        "numpy: matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size 3 is different from 4)",
        "      40     111 us     0.00892 s    0.139 ms",
        "data/mnist/ に MNIST のファイルがありません",
    ],
)
def test_japanese_lines_code_units_and_symbols_pass(line):
    assert english_words(line) == []


@pytest.mark.parametrize(
    "line, word",
    [
        ("loss before       0.369578591", "loss"),
        ("23,860 parameters: 23,861 forward passes per training sample, by nudging", "parameters"),
        ("at z = 8: off by 99.97 %, since sigma'(8) is nearly 0", "off"),
        ("weights[0][0, 0]   slope -0.029382", "slope"),
        ("the script's delta:     [-0.097953]", "the"),
        ("biases[0]          1.447e-01     1.447e-01    2.7e-12     9.4e-12  pass", "pass"),
        ("numpy: operands could not be broadcast together with shapes (3,4) (4,3) at all", "all"),
    ],
)
def test_english_words_are_found(line, word):
    assert word in english_words(line)


def test_a_line_is_put_down_to_the_notebook_or_a_library(tmp_path):
    cell = {
        "cell_type": "code",
        "source": 'print(f"loss {x}")\nprint(table)\n%matplotlib inline\n',
        "outputs": [{"output_type": "stream", "name": "stdout", "text": "loss 0.5\narray  check\n損失 0.5\n"}],
    }
    notebook = tmp_path / "n.ipynb"
    notebook.write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    assert english_lines(notebook) == [(1, "loss 0.5", True), (1, "array  check", False)]
