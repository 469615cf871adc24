"""Measure the engine of another checkout with this checkout's benchmarks (before/after comparisons).

    git worktree add /tmp/before <commit>
    .venv/bin/python -m bench.compare --engine-path /tmp/before eval              # seeds 1-3
    .venv/bin/python -m bench.compare --engine-path /tmp/before eval --heldout    # seeds 4-6
    .venv/bin/python -m bench.compare --engine-path /tmp/before speed

``matching.engine`` is imported from ``--engine-path`` and everything else (the sets, the measures, the
baselines) from here, so both engines are measured on the same sets by the same code. Each command
writes a section of its own (``before-quality``, ``before-heldout``, ``before-speed``; ``--name`` changes
the prefix) and ``bench/results/<name>/*.json``; the summary at the top of ``bench/RESULTS.md`` is left
alone. An engine that predates ``order`` is measured in its score order only (``--orders score``), one
that predates ``SkillInfo.occupations`` without occupation relations.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import subprocess
import sys
from pathlib import Path

from bench.report import RESULTS_DIR

ROOT = Path(__file__).resolve().parents[1]


def use_engine(path: Path) -> str:
    """Make ``import matching`` load the package under ``path``; returns a label (commit) for it."""
    if "matching" in sys.modules:
        raise RuntimeError("matching is already imported: call use_engine first")
    if not (path / "matching" / "engine" / "__init__.py").exists():
        raise SystemExit(f"{path} holds no matching/engine package")
    # ``bench`` is already imported from this checkout (this module is part of it), so only
    # ``matching`` comes from ``path``.
    sys.path.insert(0, str(path))
    engine = importlib.import_module("matching.engine")
    assert Path(inspect.getfile(engine)).resolve().is_relative_to(path.resolve()), engine
    commit = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"{commit or 'no commit'}, {engine.ENGINE_VERSION}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Run bench.eval or bench.speed on another checkout's engine."
    )
    parser.add_argument("--engine-path", type=Path, required=True, help="checkout holding matching/engine")
    parser.add_argument("--name", default="before", help="prefix of the sections and results folder")
    parser.add_argument("what", choices=["eval", "speed"])
    args, rest = parser.parse_known_args(argv)
    label = use_engine(args.engine_path)
    shown = f".venv/bin/python -m bench.compare --engine-path {args.engine_path} {args.what} {' '.join(rest)}"
    out = RESULTS_DIR / args.name
    if args.what == "eval":
        from bench import eval as evaluation

        heldout = "--heldout" in rest
        section = f"{args.name}-{'heldout' if heldout else 'quality'}"
        orders = [] if "--orders" in rest or evaluation.supports_order() else ["--orders", "score"]
        what = "held-out seeds" if heldout else "seeds used for choices"
        evaluation.main(
            [
                *rest,
                *orders,
                "--section",
                section,
                "--json",
                str(out / f"{'heldout' if heldout else 'quality'}.json"),
                "--title",
                f"## {args.name.capitalize()}: quality on the {what}, engine of {args.engine_path} ({label})",
                "--command",
                shown.strip(),
            ]
        )
    else:
        from bench import speed

        if "--one" in rest:  # one size, in the process bench.speed started for it
            speed.main(rest)
            return
        speed.main(
            [
                *rest,
                "--engine-path",
                str(args.engine_path),
                "--section",
                f"{args.name}-speed",
                "--json",
                str(out / "speed.json"),
                "--title",
                f"## {args.name.capitalize()}: speed, engine of {args.engine_path} ({label})",
                "--command",
                shown.strip(),
            ]
        )


if __name__ == "__main__":
    main()
