"""A pytest plugin for `make mutation` only (``-p tests.mutation_order`` in ``[tool.mutmut]``).

mutmut runs, for each mutant, every rule test that reached the mutated function, in no particular order,
and stops at the first failure. Running first the tests written for the mutated module, and the tests that
need no database, finds that failure sooner; the verdicts do not change, only the time to reach them.
"""

from __future__ import annotations

import os
from typing import Any

# The module of a mutant -> the test file of its rules.
RULE_TESTS = {
    "jobs.services.pools": "tests/jobs/test_pools.py",
    "jobs.services.talent_search": "tests/jobs/test_talent_search.py",
    "jobs.services.talent_index": "tests/jobs/test_talent_index.py",
    "talent.profiles.completeness": "tests/talent/test_completeness.py",
    "jobs.services.applications": "tests/jobs/test_applications.py",
    "jobs.services.assessment": "tests/jobs/test_assessment.py",
    "jobs.services.decisions": "tests/jobs/test_decisions.py",
    "matching.services": "tests/matching/test_fairness.py",
    "matching.review.tiers": "tests/matching/test_review_tiers.py",
}


def pytest_collection_modifyitems(items: list[Any]) -> None:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    module = mutant.rsplit("__mutmut_", 1)[0].rpartition(".")[0]
    own = RULE_TESTS.get(module)
    if own is None:
        return
    position = {id(item): index for index, item in enumerate(items)}
    items.sort(
        key=lambda item: (
            not item.nodeid.startswith(own),
            "db" in getattr(item, "fixturenames", ()),
            position[id(item)],
        )
    )
