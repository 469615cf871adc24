"""French typography in the French catalogue: a space before ":", ";", "!" or "?" must not break the line.

Usage (from the repository root)::

    .venv/bin/python scripts/po_typography.py [--check] [PO_FILE]

Rewrites the French strings (``msgstr`` lines and their continuation lines, nothing else: not the English
``msgid``, not comments, not obsolete ``#~`` entries) of ``PO_FILE`` (default:
``talent/translations/fr/LC_MESSAGES/messages.po``): an ordinary space or tab before ":" becomes a
no-break space (U+00A0), before ";", "!" and "?" a narrow no-break space (U+202F), as the Translation
Bureau's and the Imprimerie nationale's rules have it. A colon or mark with no space before it (a URL,
"10:30", Canadian "Oui!") is left alone. The file is read, changed and written in one go (to a temporary
file renamed over it), so that appends made just before by others are kept and nothing half-written is
ever seen. ``--check`` changes nothing and exits 1 if a string would change. Then ``make translations``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "talent/translations/fr/LC_MESSAGES/messages.po"
NBSP, NNBSP = "\u00a0", "\u202f"
_LOOSE = re.compile(r"[ \t]+([:;!?])")
_MSGSTR = re.compile(r'^msgstr(\[\d+\])? "')
_CONTINUATION = re.compile(r'^"')


def fix_text(text: str) -> str:
    """``text`` with each run of spaces before : ; ! ? turned into the one no-break space it takes."""
    return _LOOSE.sub(lambda m: (NBSP if m.group(1) == ":" else NNBSP) + m.group(1), text)


def fix_po_text(po: str) -> str:
    """The catalogue ``po`` with its French strings fixed (``fix_text``); every other line as it was, and
    the header's too (its ``Plural-Forms`` is a C expression: ``n == 1 ? 0 : 1``)."""
    out: list[str] = []
    state = None  # "msgid", "msgstr" (a French string to fix), "header" or None
    msgid = ""
    for line in po.splitlines(keepends=True):
        if line.startswith('msgid "'):
            state, msgid = "msgid", line[len('msgid "') : line.rstrip().rfind('"')]
        elif _MSGSTR.match(line):
            state = "msgstr" if msgid else "header"
        elif _CONTINUATION.match(line):
            if state == "msgid":
                msgid += line[1 : line.rstrip().rfind('"')]
        elif not line.startswith("msgid_plural"):
            state = None
        out.append(fix_text(line) if state == "msgstr" else line)
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("po", nargs="?", type=Path, default=PO)
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a string would change"
    )
    args = parser.parse_args(argv)
    before = args.po.read_text(encoding="utf-8")
    after = fix_po_text(before)
    changed = sum(1 for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b)
    if args.check:
        print(f"{changed} line(s) of {args.po} would change")
        return 1 if changed else 0
    if changed:
        handle, tmp = tempfile.mkstemp(dir=args.po.parent, prefix=".messages.", suffix=".po")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as fh:
            fh.write(after)
        os.chmod(tmp, args.po.stat().st_mode & 0o777)
        os.replace(tmp, args.po)
    print(f"{changed} line(s) of {args.po} fixed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
