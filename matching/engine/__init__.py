"""The matching engine core: plain data in, ranked and explained candidates out.

Pure: it imports numpy, scipy and scikit-learn only, does no IO, keeps no global state. The estimator
follows scikit-learn's conventions (parameters stored as given, validation and learning in ``fit``,
learned state ending in ``_``).

Examples
--------
>>> from matching.engine import (CandidateProfile, CandidateSkill, MatchRequest, RequestSkill, SkillInfo,
...                              SkillMatcher)
>>> engine = SkillMatcher(n_components=1, min_df=1).fit(
...     [SkillInfo("sql"), SkillInfo("python")],
...     [CandidateProfile("c1", [CandidateSkill("sql", level=3)], pools=["it"])])
>>> engine.rank(MatchRequest("r1", required=[RequestSkill("sql", 2)])).matches[0].candidate
'c1'
"""

from typing import TYPE_CHECKING, Any

from ._data import (
    LEVELS,
    ORDERS,
    CandidateProfile,
    CandidateSkill,
    Contribution,
    Match,
    MatchedSkill,
    MatchRequest,
    Order,
    ParamValue,
    RankedList,
    RelatedSkill,
    RequestSkill,
    SkillInfo,
)
from ._version import ENGINE_VERSION
from .errors import (
    EmptyCandidateError,
    EmptyRequestError,
    EngineError,
    InvalidInputError,
    UnknownSkillError,
)

if TYPE_CHECKING:
    from .arrays import CandidateArrays
    from .ranker import SkillMatcher
    from .relatedness import SkillRelatedness

__version__ = ENGINE_VERSION

# The estimators pull in scikit-learn (about 2 s): they load on first use, so that importing the data
# types, the errors or ENGINE_VERSION stays cheap (the web app at start-up, the CLI on bad input).
_LAZY = {"CandidateArrays": ".arrays", "SkillMatcher": ".ranker", "SkillRelatedness": ".relatedness"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ENGINE_VERSION",
    "LEVELS",
    "ORDERS",
    "CandidateArrays",
    "CandidateProfile",
    "CandidateSkill",
    "Contribution",
    "EmptyCandidateError",
    "EmptyRequestError",
    "EngineError",
    "InvalidInputError",
    "Match",
    "MatchRequest",
    "MatchedSkill",
    "Order",
    "ParamValue",
    "RankedList",
    "RelatedSkill",
    "RequestSkill",
    "SkillInfo",
    "SkillMatcher",
    "SkillRelatedness",
    "UnknownSkillError",
    "__version__",
]
