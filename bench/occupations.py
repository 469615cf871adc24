"""Which occupations require each skill, from the ESCO evaluation data, for ``SkillInfo.occupations``.

The engine learns related skills from the skills occupations require together (docs/matching.md, "Related
skills"). The evaluation samples its requests from occupations, so the relations of those occupations
would hand the engine the answer: the caller passes them in ``exclude`` (for the cold set, every cold
occupation, since none of them may be seen).
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import pairwise

import numpy as np

from bench.evalsets import Esco

__all__ = ["occupation_relations"]


def occupation_relations(esco: Esco, exclude: Collection[int]) -> list[tuple[str, ...]]:
    """For each skill index of ``esco``, the ids (``str`` of the occupation index, ascending) of the
    occupations that require it, essential or optional, leaving out the occupations in ``exclude``.

    Examples
    --------
    >>> import numpy as np
    >>> from bench.evalsets import Esco
    >>> e = [np.array([0, 1]), np.array([1])]
    >>> o = [np.array([2]), np.array([], np.int64)]
    >>> esco = Esco([], np.full((3, 4), -1), np.array([1, 1]), e, o, np.zeros(3), [])
    >>> occupation_relations(esco, exclude=set())
    [('0',), ('0', '1'), ('0',)]
    >>> occupation_relations(esco, exclude={0})
    [(), ('1',), ()]
    """
    n_skills = esco.groups.shape[0]
    n_occ = len(esco.essential)
    keep = np.ones(n_occ, bool)
    dropped = np.fromiter((int(o) for o in exclude), np.int64)
    keep[dropped[(dropped >= 0) & (dropped < n_occ)]] = False
    lengths = np.array([e.shape[0] + o.shape[0] for e, o in zip(esco.essential, esco.optional, strict=True)])
    occ = np.repeat(np.arange(n_occ), lengths)
    skill = np.concatenate(
        [np.asarray(x, np.int64) for pair in zip(esco.essential, esco.optional, strict=True) for x in pair]
    )
    # (skill, occupation) pairs sorted by skill then occupation, each once.
    pairs = np.unique(np.stack([skill, occ], axis=1)[keep[occ]], axis=0)
    bounds = np.searchsorted(pairs[:, 0], np.arange(n_skills + 1))
    names = [str(o) for o in range(n_occ)]
    return [tuple(names[o] for o in pairs[a:b, 1].tolist()) for a, b in pairwise(bounds.tolist())]
