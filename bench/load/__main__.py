"""Load test with locust: ``python -m bench.load [--db bench_scale] [--users 50] [--seconds 120]``.

Serves the scale benchmark's database (``python -m bench.scale build`` first) with gunicorn as
``scripts/run.sh`` does, runs locust headless against it (people of every role signing in through the
real forms and visiting their pages), and writes the percentiles per page type and overall to
``bench/RESULTS.md`` (section ``load-<people>``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.scale import common

HERE = Path(__file__).resolve().parent


def run(name: str, users: int, seconds: int, spawn_rate: float) -> dict[str, Any]:
    from bench.scale.pages import targets

    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        target_file = Path(tmp) / "targets.json"
        target_file.write_text(json.dumps(targets(name)))
        prefix = str(Path(tmp) / "load")
        with common.server(name) as base:
            env = {**os.environ, "BENCH_LOAD_TARGETS": str(target_file), "PYTHONPATH": str(common.ROOT)}
            done = subprocess.run(
                [
                    str(Path(sys.executable).with_name("locust")),
                    "-f",
                    str(HERE / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(spawn_rate),
                    "--run-time",
                    f"{seconds}s",
                    "--host",
                    base,
                    "--csv",
                    prefix,
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=common.ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text().splitlines()))
        failures = list(csv.DictReader(Path(f"{prefix}_failures.csv").read_text().splitlines()))
    if not rows:
        raise SystemExit(f"locust wrote no statistics:\n{done.stderr[-3000:]}")
    return {"rows": rows, "failures": failures, "exit": done.returncode}


def table(result: dict[str, Any]) -> str:
    lines = [
        "| page | requests | failures | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        label = "**all**" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"| {label} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
            f"{row['99%']} | {float(row['Max Response Time']):.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_SCALE_DB", common.DEFAULT_DB))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args(argv)
    common.check_db_name(args.db)
    result = run(args.db, args.users, args.seconds, args.spawn_rate)
    text = table(result)
    print(text)
    for failure in result["failures"]:
        print(f"failure: {failure['Method']} {failure['Name']}: {failure['Error']} x{failure['Occurrences']}")
    if not args.no_write:
        from bench.report import write_section

        people = _count(args.db)
        write_section(
            f"load-{people}",
            f"## Load test with locust, {people:,} people ({datetime.now(UTC).date()})\n\n"
            f"`python -m bench.load --users {args.users} --seconds {args.seconds}`: {args.users} simulated "
            "people of every role (visitors, candidates, managers, recruiters and admins, in the shares of "
            "`bench/scale/pages.py`) sign in through the real forms (two-factor code for staff) and visit "
            "their pages with 1 to 3 s between pages, against gunicorn (2 workers, 4 threads) on "
            "127.0.0.1. Sign-in rows include password hashing (argon2id at its production cost).\n\n" + text,
        )
    aggregated = next(row for row in result["rows"] if row["Name"] == "Aggregated")
    return 1 if int(aggregated["Failure Count"]) else 0


def _count(name: str) -> int:
    import psycopg

    with psycopg.connect(common.db_url(name)) as conn:
        row = conn.execute("SELECT count(*) FROM users WHERE role = 'candidate'").fetchone()
    return int(row[0]) if row else 0


if __name__ == "__main__":
    sys.exit(main())
