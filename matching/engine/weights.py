"""How much one candidate skill is worth: rarity (IDF), level, recency and experience.

A candidate skill is stored as one byte, its *code*: bits 0-2 the level (0 = not declared, 1-4), bit 3
whether it is current, bits 4-7 the years of experience in half years (0 = not declared, ``b`` means
``(b - 1) / 2`` years, so 0 to 7 years; more is stored as 7). Scoring turns codes into credits with a
256-entry table per required level, which keeps the index at 5 bytes per candidate skill.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .errors import InvalidInputError

__all__ = [
    "MAX_YEARS",
    "decode_codes",
    "encode_codes",
    "idf_weights",
    "level_met_table",
    "value_table",
]

#: Years of experience beyond this are stored (and shown) as this value.
MAX_YEARS = 7.0

_LEVEL_MASK = 0x07
_CURRENT_BIT = 0x08


def encode_codes(
    levels: npt.ArrayLike | None,
    years: npt.ArrayLike | None,
    current: npt.ArrayLike | None,
    n: int,
) -> npt.NDArray[np.uint8]:
    """Pack level, years and current flags of ``n`` candidate skills into one byte each.

    Parameters
    ----------
    levels : array-like of int or None
        0 (not declared) or 1-4. None: all undeclared.
    years : array-like of float or None
        Years >= 0, NaN when not declared. None: all undeclared.
    current : array-like of bool or None
        None: all current.
    n : int
        Number of entries (used when an argument is None).

    Returns
    -------
    ndarray of uint8

    Examples
    --------
    >>> encode_codes([3, 0], [2.0, float("nan")], [True, False], 2)
    array([91,  0], dtype=uint8)
    """
    lv = np.zeros(n, np.int64) if levels is None else np.asarray(levels, dtype=np.int64).reshape(-1)
    if lv.shape != (n,) or (lv.size and (lv.min() < 0 or lv.max() > 4)):
        raise InvalidInputError("levels must hold n integers from 0 (not declared) to 4")
    if years is None:
        yb = np.zeros(n, np.int64)
    else:
        yr = np.asarray(years, dtype=np.float64).reshape(-1)
        if yr.shape != (n,) or bool(np.any(yr < 0)) or bool(np.any(np.isinf(yr))):
            raise InvalidInputError("years must hold n finite numbers >= 0 (NaN when not declared)")
        known = ~np.isnan(yr)
        yb = np.where(known, 1 + np.rint(np.minimum(np.where(known, yr, 0.0), MAX_YEARS) * 2), 0)
        yb = yb.astype(np.int64)
    cur = np.ones(n, bool) if current is None else np.asarray(current, dtype=bool).reshape(-1)
    if cur.shape != (n,):
        raise InvalidInputError("current must hold n booleans")
    return (lv | (cur.astype(np.int64) << 3) | (yb << 4)).astype(np.uint8)


def decode_codes(
    codes: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Inverse of :func:`encode_codes`: levels (0 = undeclared), years (NaN = undeclared), current.

    Examples
    --------
    >>> lv, yr, cur = decode_codes(np.array([91], np.uint8))
    >>> int(lv[0]), float(yr[0]), bool(cur[0])
    (3, 2.0, True)
    """
    c = codes.astype(np.int64)
    yb = c >> 4
    years = np.where(yb > 0, (yb - 1) / 2.0, np.nan)
    return c & _LEVEL_MASK, years, (c & _CURRENT_BIT) != 0


def value_table(
    *,
    level_shortfall_penalty: float,
    default_level: int,
    past_weight: float,
    brief_weight: float,
    years_full: float,
) -> npt.NDArray[np.float32]:
    """Credit of every code for every required level: a ``(5, 256)`` table, row 0 = no level required.

    credit = level factor x recency factor x experience factor, where

    - level factor: 1 at or above the required level, ``1 - penalty * levels short`` below it (at
      least 0.05, so having the skill always beats not having it);
    - recency factor: 1 for a current skill, ``past_weight`` for a past one;
    - experience factor: from ``brief_weight`` at 0 years rising linearly to 1 at ``years_full``;
      undeclared years count as ``years_full / 2``, an undeclared level as ``default_level``.

    Examples
    --------
    >>> t = value_table(level_shortfall_penalty=0.25, default_level=2, past_weight=0.7,
    ...                 brief_weight=0.8, years_full=5.0)
    >>> code = int(encode_codes([2], [5.0], [True], 1)[0])
    >>> float(t[0, code]), float(t[2, code]), float(t[4, code])
    (1.0, 1.0, 0.5)
    """
    codes = np.arange(256, dtype=np.uint8)
    lv, yr, cur = decode_codes(codes)
    lv_eff = np.where(lv == 0, default_level, lv)
    yr_eff = np.where(np.isnan(yr), years_full / 2.0, yr)
    exp = brief_weight + (1.0 - brief_weight) * np.minimum(yr_eff, years_full) / years_full
    rec = np.where(cur, 1.0, past_weight)
    table = np.empty((5, 256), np.float64)
    table[0] = 1.0
    for req in (1, 2, 3, 4):
        table[req] = np.maximum(0.05, 1.0 - level_shortfall_penalty * np.maximum(0, req - lv_eff))
    table *= (rec * exp)[None, :]
    return table.astype(np.float32)


def level_met_table(default_level: int) -> npt.NDArray[np.bool_]:
    """Whether a code meets each required level: a ``(5, 256)`` boolean table, row 0 = no level required.

    A skill *meets* the required level when its level (an undeclared one counts as ``default_level``, as
    in :func:`value_table`) is at or above it; recency and years do not matter here. The requirement tiers
    (met, held below the level, missing) are counted with it.

    Examples
    --------
    >>> t = level_met_table(2)
    >>> code = int(encode_codes([3], [1.0], [False], 1)[0])
    >>> bool(t[3, code]), bool(t[4, code]), bool(t[2, int(encode_codes([0], [1.0], [True], 1)[0])])
    (True, False, True)
    """
    lv, _, _ = decode_codes(np.arange(256, dtype=np.uint8))
    lv_eff = np.where(lv == 0, default_level, lv)
    return np.arange(5)[:, None] <= lv_eff[None, :]


def idf_weights(df: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.float32]:
    """Smoothed inverse document frequency, as in scikit-learn's ``TfidfTransformer``.

    ``idf = ln((1 + n) / (1 + df)) + 1``: a skill everyone lists weighs 1, a rare one up to ``ln(n) + 1``.

    Examples
    --------
    >>> idf_weights(np.array([99, 1]), 99).round(2)
    array([1.  , 4.91], dtype=float32)
    """
    return (np.log((1.0 + n) / (1.0 + df.astype(np.float64))) + 1.0).astype(np.float32)
