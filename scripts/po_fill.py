"""Fill French msgstr values of talent/translations/fr/LC_MESSAGES/messages.po from a Python dict file.

Usage: python scripts/po_fill.py translations.py   (the file defines FR = {msgid: msgstr}).
A translator's helper: it never overwrites an existing translation and reports what is still missing.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "talent/translations/fr/LC_MESSAGES/messages.po"


def _translated(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def main(source: str) -> int:
    table: dict[str, str] = runpy.run_path(source)["FR"]
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    filled = 0
    for message in catalog:
        if not message.id or _translated(message.string):
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in table:
            value = table[key]
            if isinstance(message.id, str):
                message.string = value
            else:  # plural: pad to the catalogue's number of forms with the last one given
                forms = list(value) + [value[-1]] * (catalog.num_plurals - len(value))
                message.string = tuple(forms[: catalog.num_plurals])
            message.flags.discard("fuzzy")
            filled += 1
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=110, omit_header=False)
    missing = [m.id for m in catalog if m.id and not _translated(m.string)]
    print(f"filled {filled}; still missing {len(missing)}")
    for msgid in missing:
        print("  ", repr(msgid))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
