"""The message catalogue: every message the code shows has a Japanese entry, no entry is left unused, and each
translation keeps the placeholders of its message; switching the language switches what bplib says and draws."""

from __future__ import annotations

import ast
import re
import string
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pytest
from babel.messages.pofile import read_po

import bplib
from bplib import i18n

PACKAGE = Path(bplib.__file__).resolve().parent
MARKERS = {"_": (0,), "N_": (0,), "ngettext": (0, 1)}


def messages_in_code() -> dict[str, str]:
    """Every literal string passed to ``_``, ``N_`` or ``ngettext`` in bplib, with where it is."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
                for position in MARKERS[node.func.id]:
                    argument = node.args[position] if len(node.args) > position else None
                    literal = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                    if node.func.id == "_" and not literal:
                        continue  # _(MESSAGE) translates a message marked N_("...") where it was written
                    assert literal, f"{path.name}:{node.lineno}: {node.func.id}() needs a literal string"
                    found[argument.value] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    return found


def catalogue(language: str):
    with i18n.catalogue_path(language).open("rb") as po:
        return read_po(po, locale=language)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.fixture
def japanese():
    bplib.set_language("ja")
    yield
    bplib.set_language("en")


def test_every_message_shown_has_a_japanese_entry():
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue("ja") if m.id}
    missing = {text: where for text, where in messages_in_code().items() if text not in entries}
    assert not missing, f"messages without a Japanese entry (add them to the PO file): {missing}"
    untranslated = [m.id for m in entries.values() if not (m.string if isinstance(m.string, str) else all(m.string))]
    assert not untranslated, f"entries with an empty translation: {untranslated}"


def test_no_entry_is_unused():
    used = set(messages_in_code())
    for m in catalogue("ja"):
        if m.id:
            ids = [m.id] if isinstance(m.id, str) else list(m.id)
            assert set(ids) <= used, f"{ids} is in the catalogue but no code shows it: remove it"


def test_translations_keep_the_placeholders():
    for m in catalogue("ja"):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        for translated in strings:
            assert placeholders(translated) == placeholders(ids[-1]), f"{ids[0]!r}: placeholders differ"


def test_no_entry_reads_as_a_percent_format():
    """bplib fills its messages with str.format; an English "% o" or "% s" makes gettext flag the entry as a
    %-format, and then ``msgfmt -c`` refuses the catalogue wherever its Japanese has no such directive."""
    flagged = [m.id for m in catalogue("ja") if m.id and "python-format" in m.flags]
    assert not flagged, f"entries gettext reads as %-formats (reword their '%'): {flagged}"


def test_messages_are_found_in_code():
    """The extraction above finds messages (so the tests on the catalogue check something)."""
    found = messages_in_code()
    assert len(found) > 100 and "your answer" in found


def test_unknown_language_is_refused():
    for wrong in ("fr", "JA", "ja ", ""):
        with pytest.raises(ValueError, match="language must be one of"):
            bplib.set_language(wrong)
    for wrong in (None, 1, b"ja", ["ja"]):
        with pytest.raises(TypeError, match=r"^language must be a str"):
            bplib.set_language(wrong)
    assert bplib.get_language() == "en"


class _EqualToEverything(str):
    """Text that says it equals whatever it is compared with."""

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class _PosingAsText:
    """An object whose ``__class__`` claims to be ``str`` and which equals and hashes like "ja"."""

    __class__ = str

    def __eq__(self, other):
        return other == "ja"

    def __hash__(self):
        return hash("ja")


class _EqualToJa:
    """Not text at all, but equal to "ja" (and to anything else)."""

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


@pytest.mark.parametrize(
    "pretender",
    [_EqualToEverything("xx"), _EqualToEverything("ja"), _PosingAsText(), _EqualToJa()],
    ids=["str equal to all", "str holding ja, equal to all", "fake str", "not str, equal to all"],
)
def test_an_object_that_only_pretends_to_be_a_language_is_refused(pretender):
    """Only a real str is a language: a str subclass may say it equals "ja" whatever it holds, and anything that
    is not a str is no language name, whatever its ``==`` says."""
    for call in (bplib.set_language, i18n.catalogue_path):
        with pytest.raises(TypeError, match=r"^language must be a str"):
            call(pretender)
    assert bplib.get_language() == "en" and type(bplib.get_language()) is str


def test_switching_back_and_forth(japanese):
    assert bplib.get_language() == "ja"
    bplib.set_language("en")
    assert i18n._("epoch") == "epoch"


def render_with_warnings_as_errors(path: Path) -> None:
    from matplotlib.figure import Figure

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = Figure(figsize=(4, 1))
        figure.text(0.02, 0.5, "誤差逆伝播法の勾配 σ′(z) Δ ∂C/∂b 0.001")
        figure.savefig(path)


def test_japanese_figures_have_every_glyph(japanese, tmp_path):
    """Kana, kanji and the course's symbols render with no 'Glyph missing' warning (no tofu boxes), from
    IPAexGothic behind DejaVu Sans."""
    from matplotlib import font_manager

    import bplib.explore.style  # noqa: F401 (registers the fonts)

    render_with_warnings_as_errors(tmp_path / "ja.png")
    assert Path(font_manager.findfont("IPAexGothic", fallback_to_default=False)).name == "ipaexg.ttf"


def test_english_fonts_lack_the_japanese_glyphs(tmp_path):
    """The check above can fail: without the Japanese font, the same text warns of missing glyphs."""
    import bplib.explore.style  # noqa: F401

    with pytest.raises(UserWarning, match="missing from font"):
        render_with_warnings_as_errors(tmp_path / "en.png")


def test_english_figures_keep_their_font():
    import matplotlib

    import bplib.explore.style  # noqa: F401

    english_hinting = matplotlib.rcParams["text.hinting"]
    bplib.set_language("ja")
    bplib.set_language("en")
    assert "IPAexGothic" not in matplotlib.rcParams["font.family"]
    assert matplotlib.rcParams["text.hinting"] == english_hinting


def test_japanese_figures_draw_small_kanji_unhinted(japanese):
    """Hinting snaps strokes to whole pixels; at 8 pt a dense kanji (層 in 06's legend) filled its box black."""
    import matplotlib

    import bplib.explore.style  # noqa: F401

    assert matplotlib.rcParams["text.hinting"] == "no_hinting"


def test_bold_japanese_text_draws_without_a_notice(japanese, tmp_path, caplog):
    """IPAexGothic has no bold: the font manager's notice of it would show as an error-coloured output in a
    notebook, so it is filtered (and the text still draws, at the regular weight)."""
    import logging

    from matplotlib.figure import Figure

    import bplib.explore.style  # noqa: F401

    with caplog.at_level(logging.DEBUG, logger="matplotlib.font_manager"):
        figure = Figure(figsize=(3, 1))
        figure.text(0.1, 0.5, "太字の日本語 δ", fontweight="bold")
        figure.savefig(tmp_path / "bold.png")
    assert not [r for r in caplog.records if "IPAexGothic" in r.getMessage() and r.levelno >= logging.WARNING]


def _a_check_with_a_failing_row():
    from bplib.examples import article_final_layer

    weights, biases, x, y = article_final_layer()
    wrong = ([np.zeros(3)], [np.ones((3, 4))])
    return bplib.gradient_check(weights, biases, x, y), bplib.gradient_check(weights, biases, x, y, gradients=wrong)


def test_the_gradient_check_table_and_a_nudge_speak_japanese(japanese):
    from bplib.examples import article_final_layer

    def _width(text: str) -> int:  # terminal columns: two for a kana or kanji
        return sum(1 + (unicodedata.east_asian_width(c) in "WF") for c in text)

    for check in _a_check_with_a_failing_row():
        lines = str(check).splitlines()
        assert lines[0].split() == [
            "配列",
            "最大",
            "|誤差逆伝播法|",
            "最大",
            "|数値微分|",
            "最大の差",
            "相対誤差",
            "判定",
        ]
        assert [line.split()[-1] for line in lines[1:]] == ["合格" if row.passed else "不合格" for row in check.rows]
        cells = [list(re.finditer(r"\S+(?: \S+)*", line)) for line in lines]  # cells are two spaces apart at least
        edges = [
            [_width(line[: c.end()]) for c in found[1:-1]] + [_width(line[: found[-1].start()])]
            for line, found in zip(lines, cells)
        ]
        assert all(row == edges[0] for row in edges), (
            f"the numbers' right edges or the verdicts do not line up:\n{check}"
        )
    w, b, x, y = article_final_layer()
    forward, centred = (bplib.nudge(w, b, x, y, "bias", 0, 0, method=m) for m in ("forward", "centred"))
    assert "損失" in str(forward) and "傾き =" in str(forward) and "中心差分の傾き" in str(centred)
    assert not re.search(r"\b(loss|after|change|slope)\b", str(forward) + str(centred))


def test_the_english_table_keeps_its_columns():
    passing, failing = _a_check_with_a_failing_row()
    for check in (passing, failing):
        lines = str(check).splitlines()
        assert lines[0].startswith("array         max |backprop|  max |nudged|   max diff  rel. error  check")
        assert [line[len(lines[0]) - 5 :] for line in lines[1:]] == ["pass" if r.passed else "FAIL" for r in check.rows]
    assert not failing.passed and passing.passed


_S6 = ([np.ones((3, 4)), np.ones((3, 4))], [np.zeros(3), np.zeros(3)], np.ones(4))  # notebook 04's two blocks


def test_the_s6_shape_error_reads_as_bplib_forward_says_it_in_english():
    from bplib.validation import check_layers_chain

    with pytest.raises(ValueError) as ours:
        check_layers_chain(_S6[0])
    with pytest.raises(ValueError) as forwards:
        bplib.forward(*_S6)
    assert str(ours.value) == str(forwards.value)


def test_the_s6_shape_error_is_japanese(japanese):
    from bplib.validation import check_layers_chain

    with pytest.raises(ValueError, match=r"weights\[1\] は層0の 3 個の出力を入力として受け取るので、形状は \(3, 3\)"):
        check_layers_chain(_S6[0])


def test_bplib_forward_says_the_s6_shape_error_in_japanese(japanese):
    with pytest.raises(ValueError, match=r"weights\[1\] は層0の"):
        bplib.forward(*_S6)
