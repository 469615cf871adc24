"""Finding skills by what a person types: "pyt", "gestion de reseau", "Sécurité", "C#".

Design. The library is small (about 2,000 skills, a few hundred kilobytes of text), and a search box
sends a query on every key press, mostly 1 to 4 letters that match a large part of the library. So each
process keeps an in-memory index of every skill's normalised names and search text (``SkillIndex``) and
ranks in Python; the database answers two cheap queries per search: a *stamp* (count, highest id, latest
``updated_at`` of the skills table) that says whether the index is still current, and the fetch of the
``limit`` skills returned. Any change (import, admin edit, retirement, merge, or a rolled-back
transaction) changes the stamp, so every process (web workers, Celery workers) rebuilds its index on its
next search; a maximum age (``TALENT_SKILL_INDEX_MAX_AGE``, default 300 s) bounds staleness should two
servers' clocks disagree. A LIKE query on ``skills.search_text`` was the alternative: it needs no cache, but a
one-letter query matches almost every row, which then has to be loaded and ranked anyway.

Ranking, best first, in either language (the page's language first within each tier):
0. the name is the query; 1. the name starts with the query; 2. the name contains the query from the start
of a word ("outils de gestion de reseau"); 3. every word of the query starts a word of the name
("gestion des reseaux sociaux"); 4. the same in the keywords / alternative labels; 5. the query (3+
characters) occurs inside a name ("sql" in "PostgreSQL"); 6. ... or inside a keyword. Ties: shorter names
first, then alphabetical, then the curated GC and local skills before ESCO's (both have "SQL").
Matching ignores case and accents ("reseau" finds "réseau", "coeur" finds "cœur").
"""

from __future__ import annotations

import heapq
import re
import threading
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from talent.extensions import db
from talent.models import Skill

MAX_QUERY_LENGTH = 100
CATEGORIES = ("technical", "behavioural")

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
# Letters and digits make words; + # and . stay inside them (C++, C#, Node.js, ASP.NET).
_SEPARATORS = re.compile(r"[^\w+#.]|_")


def normalise(text: str | None) -> str:
    """Lower-case, accent-free words separated by single spaces: ``"Gestion de Réseau"`` ->
    ``"gestion de reseau"``; ``"l’information"`` -> ``"l information"``."""
    if not text:
        return ""
    folded = text.casefold().translate(_LIGATURES)
    if not folded.isascii():
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    words = (w.strip(".") for w in _SEPARATORS.sub(" ", folded).split())
    return " ".join(w for w in words if w)


def build_search_text(
    name_en: str, name_fr: str | None, keywords: Iterable[str], extra_text: str | None = None
) -> str:
    """The ``skills.search_text`` column: every name and keyword of both languages, normalised, one
    ``|`` between labels so that a phrase never runs from one label into the next."""
    parts = [normalise(name_en), normalise(name_fr), *(normalise(k) for k in keywords), normalise(extra_text)]
    seen: dict[str, None] = {}
    for part in parts:
        if part:
            seen.setdefault(part, None)
    return " | ".join(seen)


@dataclass(frozen=True, slots=True)
class _Entry:
    id: int
    name_en: str
    name_fr: str
    blob: str  # " " + search text, so that " " + word finds words that start with it
    category: str
    retired: bool
    source_rank: int  # 0 for GC and local skills, 1 for ESCO: breaks ties between same-name skills


class SkillIndex:
    """Every skill's normalised names and search text, ranked in memory. Immutable once built."""

    def __init__(self, entries: Sequence[_Entry], stamp: tuple[Any, ...]) -> None:
        self.entries = tuple(entries)
        self.offered = tuple(e for e in self.entries if not e.retired)
        self.stamp = stamp
        self.built_at = time.monotonic()

    @classmethod
    def build(cls, stamp: tuple[Any, ...]) -> SkillIndex:
        rows = db.session.execute(
            select(
                Skill.id,
                Skill.name_en,
                Skill.name_fr,
                Skill.search_text,
                Skill.category,
                Skill.retired_at,
                Skill.source,
            )
        ).all()
        entries = []
        for skill_id, name_en, name_fr, search_text, category, retired_at, source in rows:
            text = search_text or build_search_text(name_en, name_fr, ())
            entries.append(
                _Entry(
                    id=skill_id,
                    name_en=normalise(name_en),
                    name_fr=normalise(name_fr),
                    blob=" " + text,
                    category=category,
                    retired=retired_at is not None,
                    source_rank=1 if source == "esco" else 0,
                )
            )
        return cls(entries, stamp)

    def rank(
        self,
        query: str,
        locale: str,
        limit: int = 10,
        category: str | None = None,
        include_retired: bool = False,
    ) -> list[int]:
        """Ids of the best ``limit`` skills for ``query`` (already normalised), best first."""
        tokens = query.split()
        if not tokens or limit < 1:
            return []
        phrase = " " + query
        word_starts = [" " + t for t in tokens]
        substring_ok = len(query) >= 3
        french = locale.lower().startswith("fr")
        scored: list[tuple[int, int, int, str, int, int]] = []
        longest = max(tokens, key=len)
        others = [t for t in tokens if t is not longest]
        for e in self.entries if include_retired else self.offered:
            blob = e.blob
            if longest not in blob or (others and not all(t in blob for t in others)):
                continue  # the cheap filter: for 2+ letters, most entries stop here
            if category is not None and e.category != category:
                continue
            # The name shown on the page ranks before the other language's name.
            if french:
                shown, other = (e.name_fr, e.name_en) if e.name_fr else (e.name_en, "")
            else:
                shown, other = e.name_en, e.name_fr
            best: tuple[int, int] | None = None
            for lang_rank, name in ((0, shown), (1, other)):
                if not name:
                    continue
                spaced = " " + name
                if name == query:
                    tier = 0
                elif name.startswith(query):
                    tier = 1
                elif phrase in spaced:
                    tier = 2
                elif all(w in spaced for w in word_starts):
                    tier = 3
                elif substring_ok and query in name:
                    tier = 5
                else:
                    continue
                if best is None or (tier, lang_rank) < best:
                    best = (tier, lang_rank)
            if best is None or best[0] > 4:
                if all(w in blob for w in word_starts):
                    best = (4, 0)
                elif best is None and substring_ok and query in blob:
                    best = (6, 0)
            if best is not None:
                scored.append((best[0], best[1], len(shown), shown, e.source_rank, e.id))
        return [item[-1] for item in heapq.nsmallest(limit, scored)]


class _Holder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: SkillIndex | None = None


def _stamp() -> tuple[Any, ...]:
    row = db.session.execute(
        select(func.count(Skill.id), func.max(Skill.id), func.max(Skill.updated_at))
    ).one()
    return tuple(row)


def current_index() -> SkillIndex:
    """This app's index, rebuilt first if the skills table changed since it was built."""
    holder: _Holder = current_app.extensions.setdefault("talent.skill_index", _Holder())
    max_age = current_app.config["SKILL_INDEX_MAX_AGE"]
    stamp = _stamp()

    def fresh(index: SkillIndex | None) -> bool:
        return index is not None and index.stamp == stamp and time.monotonic() - index.built_at < max_age

    index = holder.index
    if fresh(index):
        assert index is not None
        return index
    with holder.lock:
        if not fresh(holder.index):
            holder.index = SkillIndex.build(stamp)
        assert holder.index is not None
        return holder.index


def search(
    query: str,
    locale: str,
    limit: int = 10,
    category: str | None = None,
    include_retired: bool = False,
) -> list[Skill]:
    """The skills that best match ``query``, best first (see the module docstring for the ranking).

    ``locale`` ("en" or "fr") is the page's language: its names rank first. Retired skills are left
    out unless ``include_retired``. An empty query finds nothing.
    """
    normalised = normalise(query[: MAX_QUERY_LENGTH * 2])[:MAX_QUERY_LENGTH]
    if not normalised:
        return []
    ids = current_index().rank(normalised, locale, limit, category, include_retired)
    if not ids:
        return []
    # One round trip for the skills and their families (the index answered without the database).
    found = db.session.scalars(select(Skill).where(Skill.id.in_(ids)).options(joinedload(Skill.families)))
    by_id = {skill.id: skill for skill in found.unique()}
    return [by_id[i] for i in ids if i in by_id]
