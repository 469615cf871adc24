"""Disclosure control: what a viewer may see of a set of counts shown together (a total and its parts, the
people per pool), so that no small number can be worked out from the others. Pure logic: numbers in,
what to show out.

- **Exact** viewers (the recruitment team, admins) see every number.
- **Primary suppression**: a count from 1 to ``SMALL - 1`` is shown as "fewer than 5". Zero is shown.
- **Secondary suppression**: an attacker who knows the total and the visible parts knows the sum of the
  hidden ones (exactly, when no one is in two pools). That sum must not pin any hidden part down. It
  would if only one part were hidden, or if every hidden part were at the least it could be (each small
  one 1, each withheld one 5). So, while a small part is hidden, the smallest other parts are withheld
  too ("withheld to protect a small group"), until the hidden sum exceeds that least. When no other part
  can be withheld, the total is withheld instead. When the total itself is small, no parts are shown
  at all: how many pools a handful of people are in would say how many are in each.
- **Bands**: counts that answer a search on employment equity groups are shown to signed-in managers only,
  as bands of ``BAND`` (10 to 14), so that no two answers can be subtracted to an exact small group.
  Anonymous visitors may not search on them at all (the caller refuses).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SMALL = 5
BAND = 5


@dataclass(frozen=True)
class Shown:
    """One count as a viewer may see it: ``exact``, or a band ``low``..``high``, or hidden (``hidden``:
    ``"small"`` for fewer than ``SMALL``, ``"withheld"`` to protect a small count shown beside it)."""

    exact: int | None = None
    low: int | None = None
    high: int | None = None
    hidden: str | None = None

    @property
    def visible(self) -> bool:
        return self.hidden is None


def _band(value: int) -> Shown:
    if value == 0:
        return Shown(exact=0)
    if value < SMALL:
        return Shown(hidden="small")
    low = value - value % BAND
    return Shown(low=low, high=low + BAND - 1)


def disclose(
    total: int, parts: Sequence[int], *, exact: bool, banded: bool = False
) -> tuple[Shown, list[Shown] | None]:
    """What to show of ``total`` and its ``parts`` (see the module's docstring): the total, and each part
    in order, or None when the parts may not be shown at all."""
    if exact:
        return Shown(exact=total), [Shown(exact=p) for p in parts]
    if banded:
        banded_total = _band(total)
        return banded_total, (None if banded_total.hidden else [_band(p) for p in parts])
    if 0 < total < SMALL:
        return Shown(hidden="small"), None
    small = [0 < p < SMALL for p in parts]
    withheld = [False] * len(parts)
    shown_total = Shown(exact=total)
    if any(small):
        # The least the hidden parts could add up to, to an attacker who knows which are small.
        def pinned() -> bool:
            hidden_sum = sum(p for p, s, w in zip(parts, small, withheld, strict=True) if s or w)
            least = sum(small) + SMALL * sum(withheld)
            return sum(withheld) == 0 or hidden_sum <= least

        candidates = sorted(
            (p, i)
            for i, p in enumerate(parts)
            if p >= SMALL  # visible, non-zero
        )
        while pinned() and candidates:
            _value, i = candidates.pop(0)
            withheld[i] = True
        if pinned():
            shown_total = Shown(hidden="withheld")
    return shown_total, [
        Shown(hidden="small") if s else Shown(hidden="withheld") if w else Shown(exact=p)
        for p, s, w in zip(parts, small, withheld, strict=True)
    ]
