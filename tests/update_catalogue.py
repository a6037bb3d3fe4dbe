"""Bring the Japanese message catalogue in line with the code: add every message the code marks, drop the ones
no code shows any more, keep every translation made so far.

    .venv/bin/python tests/update_catalogue.py      # then fill in the empty msgstr lines of bplib/locale/ja/...

tests/test_catalogue.py then checks that every entry is translated and keeps its placeholders.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_catalogue import messages_in_code  # noqa: E402

from bplib import i18n  # noqa: E402


def update(language: str = "ja") -> None:
    path = i18n.catalogue_path(language)
    with path.open("rb") as po:
        old = read_po(po, locale=language)
    new = Catalog(
        locale=language,
        domain=i18n.DOMAIN,
        project="bplib",
        header_comment=old.header_comment,
        fuzzy=False,
        creation_date=old.creation_date,
        revision_date=old.revision_date,
    )
    for text, where in messages_in_code().items():
        kept = old.get(text)
        new.add(text, kept.string if kept else "", locations=[(where.rsplit(":", 1)[0], int(where.rsplit(":", 1)[1]))])
    with path.open("wb") as po:
        write_po(po, new, width=120, omit_header=False, sort_output=False, include_previous=False, include_lineno=False)
    missing = sum(1 for m in new if m.id and not m.string)
    print(f"{path}: {len(new)} messages, {missing} without a translation")


if __name__ == "__main__":
    update(*sys.argv[1:])
