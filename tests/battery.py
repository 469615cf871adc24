"""The security battery's figures (issue 13), gathered while the suite runs and printed at its end.

Tests add to a figure with ``count(name, n)`` or set one with ``measure(name, value)``; the summary at the
end of ``make test`` lists every figure in ``FIGURES`` (those no test reached say "not run", so a battery
that silently stopped running shows). Figures that must stay at zero are marked, and a non-zero value is
printed in red: the tests that produce them fail on it too.
"""

from __future__ import annotations

from typing import Any

# name -> (label, must be zero)
FIGURES: dict[str, tuple[str, bool]] = {
    "cells": ("route x method x principal cells checked", False),
    "mismatches": ("cells whose answer differs from the table", True),
    "idor_probes": ("requests for another person's records (IDOR)", False),
    "csrf_refused": ("state-changing routes refused without a CSRF token", False),
    "header_routes": ("routes checked for security headers", False),
    "fuzz_requests": ("fuzzed form requests", False),
    "5xx": ("server errors (5xx) in the battery", True),
    "canary_hits": ("canary hits after deletion", True),
    "subtraction_attacks": ("subtraction attacks tried", False),
    "subtraction_successes": ("subtraction attacks that worked", True),
    "killed_worker_seconds": ("seconds a killed worker's run took to finish", False),
    "ranking_property_engines_fitted": ("engines fitted on generated cases (ranking properties)", False),
    "ranking_property_changes_checked": ("profile improvements checked never to lower a rank", False),
}

_values: dict[str, Any] = {}


def count(name: str, n: int = 1) -> None:
    if name not in FIGURES:
        raise KeyError(f"unknown battery figure {name!r}: add it to FIGURES")
    _values[name] = _values.get(name, 0) + n


def measure(name: str, value: Any) -> None:
    if name not in FIGURES:
        raise KeyError(f"unknown battery figure {name!r}: add it to FIGURES")
    _values[name] = value


def value(name: str) -> Any:
    return _values.get(name)


def summary(terminalreporter: Any) -> None:
    if not _values:
        return  # a run of a few tests that reached none of the battery says nothing
    terminalreporter.section("security battery (issue 13)", sep="=", bold=True)
    for name, (label, must_be_zero) in FIGURES.items():
        shown = _values.get(name, "not run")
        bad = must_be_zero and isinstance(shown, int) and shown != 0
        terminalreporter.line(f"{label:.<60} {shown}", red=bad, bold=bad)
