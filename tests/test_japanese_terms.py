"""The Japanese edition uses one term for each idea, the one ゼロから作るDeep Learning uses where it has one.

The style note is in README.ja.md (翻訳について). This test holds the words a Japanese reader found used for the
same idea in two or three ways, or read as something else: it reads every Japanese notebook (markdown, code
comments and strings) and every msgstr of the catalogue, and names the file, the cell and the word.
"""

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "bplib" / "locale" / "ja" / "LC_MESSAGES" / "bplib.po"

# the word not to use -> the one to use instead (and why, where it is not obvious)
AVOID = {
    "微小変化": "数値微分 (the nudge has one name; 少しだけ動かす is its plain gloss)",
    "前進差分": "前方差分 (ゼロから作る's term)",
    "パラメーター": "パラメータ",
    "メモリー": "メモリ",
    "プロセッサー": "プロセッサ",
    "チェッカー": "採点器",
    "エクスプローラー": "操作できる図",
    "シリーズ": "連載",
    "平らなリスト": "平坦なリスト",
    "アクティブ": "活性な",
    "あなた": "no pronoun (it reads as a translated manual)",
    "期待値": "目標値 or 模範解答 (期待値 is E[X])",
    "直積": "外積 (直積 is first the Cartesian product)",
    "行目": "行 i, counted from 0 (a line of printed output may be 「出力の2行目」 or 「上に表示した2行目」)",
}
# where a word to avoid is named on purpose: the glossary tells a reader the other name they may meet
ALLOWED = {("00_index.ipynb", "前方差分は前進差分とも言う")}


def japanese_texts():
    """(where, text) for each cell of each Japanese notebook and each translated catalogue entry."""
    for path in sorted((ROOT / "notebooks" / "ja").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells):
            yield f"{path.name} cell {number}", path.name, "".join(cell["source"])
    with CATALOGUE.open("rb") as file:
        for message in read_po(file):
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            for text in strings:
                if text:
                    yield f"bplib.po {str(message.id)[:40]!r}", "bplib.po", text


def uses(text: str, file: str, word: str) -> bool:
    for allowed_file, phrase in ALLOWED:
        if file == allowed_file:
            text = text.replace(phrase, "")
    if word == "行目":  # a row of a matrix is 行 i; a line of what a cell prints may be counted from 1
        text = re.sub(r"(出力の|表示した)\s*\d+\s*行目", "", text)
    return word in text


@pytest.mark.parametrize("word", list(AVOID))
def test_one_term_for_each_idea(word):
    found = [where for where, file, text in japanese_texts() if uses(text, file, word)]
    assert found == [], f"{word} -> {AVOID[word]}: {found}"


def test_the_check_finds_a_word_and_respects_the_glossary():
    assert uses("この微小変化で", "01_nudge_a_bias.ipynb", "微小変化")
    assert not uses("前方差分は前進差分とも言う", "00_index.ipynb", "前進差分")
    assert uses("前方差分は前進差分とも言う", "01_nudge_a_bias.ipynb", "前進差分")
    assert uses("行列の 1 行目", "03_weight_gradients.ipynb", "行目")
    assert not uses("出力の2行目", "09_relu_softmax.ipynb", "行目")
    assert not uses("上に表示した2行目", "09_relu_softmax.ipynb", "行目")


def mixes(text: str, in_code: bool) -> list[str]:
    """The strings of ``text`` (its string literals, for code) that hold both `$` and Japanese."""
    strings = [body for _, body in re.findall(r"([\"'])(.*?)\1", text)] if in_code else text.splitlines()
    return [s for s in strings if "$" in s and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", s)]


def test_no_drawn_string_mixes_mathtext_and_japanese():
    """A string holding `$` is drawn wholly by matplotlib's mathtext, whose fonts have no kana or kanji: Japanese
    beside `$P^2$` comes out as empty boxes. So no quoted string in a Japanese notebook, and no msgstr, holds both."""
    found = [
        f"{where}: {m[:60]}" for where, file, text in japanese_texts() for m in mixes(text, file.endswith(".ipynb"))
    ]
    assert found == []
    assert mixes('ax.set_title(f"時間 ~ $P^{power}$")', True) and not mixes('ax.set_title("時間 ~ P の2乗")', True)
