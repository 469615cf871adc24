"""Mutation testing of the rule modules: run mutmut over them and print the score (``make mutation``).

Usage: python scripts/mutation.py [--fail-under PERCENT] [--keep] [--report] [PATTERN ...]

mutmut (settings in ``[tool.mutmut]`` of pyproject.toml) copies the packages to ``mutants/``, makes each
mutant of the files it may mutate, and runs only the rule tests that reach the mutated function. The rule
tests use the real PostgreSQL (``TEST_DATABASE_URL``), all in one schema, so mutants run one at a time
(``--max-children 1``). A normal run of the rule tests first builds the schema; the run of each mutant then
keeps it (``TEST_REUSE_SCHEMA=1``, see tests/conftest.py) instead of rebuilding it.

SCOPE says which functions of each file count (``"*"`` all of them, ``"-name"`` all but that one): the
rule functions, not the whole file where a module also holds other things (drafts and statuses in
``applications.py``, match runs in ``matching/services.py``, plan editing in ``assessment.py``). The
score is killed / (killed + survived + no tests + timeout + suspicious), per module and overall. A mutant
that cannot change behaviour (an equivalent mutant) is marked ``# pragma: no mutate`` in the source with
the reason beside it, and is then not made at all.
PATTERN (mutant name globs, e.g. ``jobs.services.pools.*``) runs only those, to work on one rule.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"

# File -> the functions whose mutants count ("*": every function of the file).
SCOPE: dict[str, tuple[str, ...]] = {
    "jobs/services/pools.py": ("*",),
    # Every rule of the search; not the start-up plumbing that builds the index in a server worker.
    "jobs/services/talent_search.py": ("*", "-warm_index", "-use_index", "-_index"),
    # The index's counting rules; not its freshness machinery (``LiveIndex``: when to reload, tested
    # against the database by tests/jobs/test_talent_index.py) nor the empty arrays of ``__init__``.
    "jobs/services/talent_index.py": (
        "_bits",
        "_mask",
        "_micros",
        "_day",
        "FacetIndex.from_facts",
        "FacetIndex.dead_share",
        "FacetIndex.replace",
        "FacetIndex._sort_skills",
        "FacetIndex._holders",
        "FacetIndex.people_mask",
        "FacetIndex.members_mask",
        "FacetIndex.count",
        "FacetIndex.members",
    ),
    "talent/profiles/completeness.py": ("*",),
    "jobs/services/applications.py": ("submission_problems", "submit"),
    "jobs/services/assessment.py": ("_cells", "roll_up"),
    "jobs/services/decisions.py": ("*",),
    "matching/services.py": ("four_fifths",),
    "jobs/services/nominations.py": ("*",),
    "jobs/services/talent_sources.py": ("programme_target",),
}

KILLED = {1, 3, 37}  # test failure, pytest internal error (a kill too), caught by the type checker
NAMES = {
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    24: "timeout",
    -24: "timeout",
}


def module_of(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def function_of(key: str) -> str:
    """``jobs.services.pools.x_is_available__mutmut_3`` -> ``is_available``; methods -> ``Class.method``."""
    name = key.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[1]
    if name.startswith("xǁ"):
        return ".".join(name[2:].split("ǁ"))
    return name.removeprefix("x_")


def in_scope(path: str, key: str) -> bool:
    functions, name = SCOPE[path], function_of(key)
    if f"-{name}" in functions:  # "-name": left out of a "*"
        return False
    return "*" in functions or name in functions


def patterns() -> list[str]:
    out = []
    for path, functions in SCOPE.items():
        module = module_of(path)
        if "*" in functions:
            out.append(f"{module}.*")
        else:
            out += [f"{module}.{mutant_prefix(name)}__mutmut_*" for name in functions]
    return out


def mutant_prefix(name: str) -> str:
    """The inverse of ``function_of``: ``is_available`` -> ``x_is_available``, ``Class.method`` ->
    ``xǁClassǁmethod`` (mutmut's names for a function's and a method's mutants)."""
    if "." in name:
        return "xǁ" + "ǁ".join(name.split("."))
    return f"x_{name}"


def status(code: int | None) -> str:
    if code in KILLED:
        return "killed"
    if code is None:
        return "not checked"
    return NAMES.get(code, "suspicious")


def report(selected: list[str] | None) -> tuple[int, int, list[str]]:
    killed_total = counted_total = 0
    survivors: list[str] = []
    print(f"\n{'module':<36} {'killed':>7} {'total':>6} {'score':>7}   other")
    for path in SCOPE:
        meta = MUTANTS / (path + ".meta")
        codes = json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}
        counts: Counter[str] = Counter()
        for key, code in codes.items():
            if not in_scope(path, key) or (selected and not any(fnmatch.fnmatch(key, p) for p in selected)):
                continue
            state = status(code)
            counts[state] += 1
            if state not in ("killed", "skipped", "not checked"):
                survivors.append(f"{key}: {state}")
        counted = sum(n for state, n in counts.items() if state not in ("skipped", "not checked"))
        killed_total += counts["killed"]
        counted_total += counted
        other = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()) if state != "killed")
        score = f"{100 * counts['killed'] / counted:.1f}%" if counted else "-"
        print(f"{module_of(path):<36} {counts['killed']:>7} {counted:>6} {score:>7}   {other}")
    score = f"{100 * killed_total / counted_total:.1f}%" if counted_total else "-"
    print(f"{'overall':<36} {killed_total:>7} {counted_total:>6} {score:>7}")
    return killed_total, counted_total, survivors


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fail-under", type=float, default=90.0, help="exit 1 under this score (percent)")
    parser.add_argument("--keep", action="store_true", help="reuse mutants/ and its stats from the last run")
    parser.add_argument("--report", action="store_true", help="only print the score of the last run")
    parser.add_argument("pattern", nargs="*", help="run only the mutants matching these globs")
    args = parser.parse_args(argv)

    if not args.report:
        if not args.keep:
            shutil.rmtree(MUTANTS, ignore_errors=True)
        bin_dir = Path(sys.executable).parent
        # The rule tests must pass as they are, and this run (re)builds the schema the mutants' runs keep.
        selection = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"][
            "pytest_add_cli_args_test_selection"
        ]
        clean = [str(bin_dir / "pytest"), "-q", "-x", "-p", "no:cacheprovider", *selection]
        print("$", " ".join(clean), flush=True)
        returncode = subprocess.call(clean, cwd=ROOT)  # noqa: S603 (our own tools, our own arguments)
        if returncode != 0:
            print("The rule tests fail without any mutant: fix them first.")
            return returncode
        command = [str(bin_dir / "mutmut"), "run", "--max-children", "1", *(args.pattern or patterns())]
        MUTANTS.mkdir(exist_ok=True)
        log_path = MUTANTS / "run.log"
        print("$", " ".join(command), f"(output in {log_path.relative_to(ROOT)})", flush=True)
        env = {**os.environ, "TEST_REUSE_SCHEMA": "1"}
        with log_path.open("w") as log:
            returncode = subprocess.call(  # noqa: S603
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        if returncode != 0:
            print(log_path.read_text()[-5000:])
            print(f"mutmut failed (exit {returncode})")
            return returncode

    killed, counted, survivors = report(args.pattern or None)
    if survivors:
        print(f"\nNot killed ({len(survivors)}; `.venv/bin/mutmut show NAME` shows the change):")
        for line in survivors:
            print("  " + line)
    if not counted:
        print("No mutants were checked.")
        return 1
    if 100 * killed / counted < args.fail_under:
        print(f"\nScore under {args.fail_under:g}%.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
