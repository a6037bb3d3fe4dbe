"""The language of what the learner reads: English, or Japanese (日本語) from a gettext message catalogue.

A notebook of the Japanese edition starts with ``bplib.set_language("ja")``; from then on, every label,
readout, table and verdict that bplib shows is looked up in ``bplib/locale/ja/LC_MESSAGES/bplib.po``. The
catalogue is a plain PO file, so a translator edits one file and a new language is one more file.

In the code, a learner-facing string is written ``_("...")`` where it is shown, or ``N_("...")`` where it is
stored to be shown later (a constant at import time), and then ``_(constant)`` where it is shown. Placeholders are
named (``"{epoch} epochs"``) so a translation may put them in another order. Error messages meant for
programmers stay English; an error a notebook raises on purpose to make its point (the layers that do not
chain, S6, ``validation.check_layers_chain``) is learner-facing, and translated.

Standard library only (gettext); the PO file is read with Babel when a language other than English is chosen,
so ``import bplib`` stays light.
"""

from __future__ import annotations

import gettext
import io
import numbers
from collections.abc import Callable
from pathlib import Path

LANGUAGES = ("en", "ja")
DOMAIN = "bplib"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: dict[str, object] = {"language": "en", "translations": gettext.NullTranslations()}
_listeners: list[Callable[[str], None]] = []


def catalogue_path(language: str) -> Path:
    """Where the PO file of ``language`` lives."""
    return LOCALE_DIR / _checked_language(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def _checked_language(language) -> str:
    """``language``, a plain ``str`` and one of ``LANGUAGES``. Only a real str is a language name: a str subclass
    or any other object could pass for "ja" by its own ``==``, so it is refused (TypeError) before any
    comparison; ``type()`` is asked, since ``__class__`` can lie."""
    choices = ", ".join(map(repr, LANGUAGES))
    if type(language) is not str:
        builtin = type(language).__module__ == "builtins"  # None, 1, b"ja": their repr says what came
        shown = repr(language)[:60] if builtin else f"a {type(language).__name__} object"  # another repr could lie
        raise TypeError(f"language must be a str, one of {choices}, got {shown}")
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {choices}, got {language!r}")
    return language


def set_language(language: str) -> None:
    """Show everything bplib shows in ``language``: ``"en"`` (the default) or ``"ja"``."""
    language = _checked_language(language)
    translations = gettext.NullTranslations() if language == "en" else _load(language)
    _current.update(language=language, translations=translations)
    for listener in _listeners:
        listener(language)


def get_language() -> str:
    """The language chosen with ``set_language`` (``"en"`` until then)."""
    return str(_current["language"])


def on_language_change(listener: Callable[[str], None]) -> None:
    """Call ``listener(language)`` now and at every ``set_language``: how the drawing layer picks its fonts
    without the math layer importing matplotlib. A listener that fails its first call is not kept, so it cannot
    break every later ``set_language``."""
    if not callable(listener):
        raise TypeError(f"listener must be a function taking the language, got {type(listener).__name__}")
    try:
        listener(get_language())
    except Exception as error:
        raise TypeError(f"listener must be a function taking the language; called with {get_language()!r} it "
                        f"raised {type(error).__name__}: {error}") from error
    _listeners.append(listener)


def _(message: str) -> str:
    """``message`` in the current language (itself where the catalogue has no translation)."""
    return _current["translations"].gettext(_text(message, "message"))  # type: ignore[union-attr]


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"n must be a whole number, got {type(n).__name__}")
    return _current["translations"].ngettext(_text(singular, "singular"), _text(plural, "plural"), int(n))  # type: ignore[union-attr]


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for the catalogue without translating it yet: translate it with ``_`` where shown."""
    return _text(message, "message")


def _text(value, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text (a str), got {type(value).__name__}")
    return value


def _load(language: str) -> gettext.GNUTranslations:
    """Read the PO catalogue with Babel and hand it to the standard library's gettext as compiled bytes,
    so the repository keeps only the text file."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
