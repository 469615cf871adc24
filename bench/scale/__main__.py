"""The scale data set and the scale benchmark: live talent counts, every page type, and match runs with
100,000 to 1,000,000 people in PostgreSQL.

    python -m bench.scale build --people 100000 [--members M] [--seed S] [--db bench_scale]
    python -m bench.scale counts [--requests 300] [--seconds 120]
    python -m bench.scale pages [--users 50] [--seconds 120]
    python -m bench.scale match [--workers 1,2]
    python -m bench.scale all --people 100000 [--members M] ...    (build, then the three parts)

``build`` drops and recreates the database (its name must start with ``bench_scale``; default
``bench_scale``), migrates it, loads the real skills library and reference data, and COPYs N candidates
with complete profiles (skills, experiences linked to skills, education, languages, regions, conditions,
equity for about a fifth), 500 published processes with essential and asset skills, applications
(submitted with the snapshot the app stores, answers, events, assessment results, decisions), 20,000
talent requests across statuses with skills and referrals, then runs a few real match runs. By default
2 % of the people apply (most end up qualified); ``--members M`` makes exactly M people available pool
members (``all`` defaults to M = N: the count and match targets are stated for N available members).
Every account signs in with ``bench.scale.common.PASSWORD``: ``admin@scale.example.com``,
``recruiter1..20@``, ``manager1..200@``, candidates ``c<id>@``.

The other parts read the built database and each writes its own section of ``bench/RESULTS.md``
(``--no-write`` to only print): ``counts`` times ``GET /api/talent-count`` with a mix of filters through
a gunicorn server on 127.0.0.1 and through the Flask test client; ``pages`` runs simulated users (50 by
default, threads with think times of 1-3 s) over every page type for a bounded time; ``match`` times a
match run over every available member with 1 and 2 Celery worker processes and their peak memory.
PostgreSQL: ``BENCH_PG`` (default postgresql://postgres@127.0.0.1:5432); Redis: ``BENCH_SCALE_REDIS``
(default redis://127.0.0.1:6379/7).

The 1,000,000 case (about 20 GB of PostgreSQL data; 100,000 people took 6.5 minutes and 1.9 GB on 2
busy cores, so expect an hour or more to build; run it on a machine of its own):

    python -m bench.scale build --people 1000000 --members 1000000
    python -m bench.scale counts
    python -m bench.scale match --workers 1,2
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from typing import Any

from bench.scale import common


def _date() -> str:
    return str(datetime.now(UTC).date())


def do_build(args: argparse.Namespace, members: int | None) -> dict[str, Any]:
    from bench.scale.build import build, describe

    stats = build(
        args.db,
        args.people,
        members=members,
        seed=args.seed,
        n_processes=args.processes,
        n_requests=args.requests_built,
        runs=args.runs,
    )
    print(describe(stats), flush=True)
    for run in stats["match_runs"]:
        print(
            f"  match run {run['run']}: {run['status']}, "
            f"{run['candidates']} candidates, {run['results']} results"
        )
    if not args.no_write:
        from bench.report import write_section

        command = f"python -m bench.scale build --people {args.people}" + (
            f" --members {members}" if members else ""
        )
        write_section(
            f"scale-build-{args.people}",
            f"## Scale data set: {args.people:,} people\n\n"
            f"Command: `{command} --seed {args.seed}` on {_date()}, "
            f"{common.machine()}, PostgreSQL on the same "
            f"machine (shared with other jobs).\n\n{describe(stats)}.\n",
        )
    return stats


def do_counts(args: argparse.Namespace) -> dict[str, Any]:
    from bench.scale import counts

    result = counts.run(args.db, requests=args.count_requests, seconds=args.seconds, seed=args.seed)
    text = counts.table(result)
    print(text, flush=True)
    members = result["members"]
    target = 100 if members <= 150_000 else 300
    p95 = result["http"]["all"]["p95"]
    errors = result["http"]["errors"] + result["in_process"]["errors"]
    verdict = "met" if p95 <= target and not errors else "not met"
    if not args.no_write:
        from bench.report import write_section

        people = _count(args.db, "SELECT count(*) FROM users WHERE role = 'candidate'")
        write_section(
            f"scale-counts-{people}",
            f"## Live talent counts at scale: {people:,} people\n\n"
            "Command: `python -m bench.scale counts --requests "
            f"{args.count_requests} --seconds {args.seconds}` on "
            f"{_date()}, {common.machine()}, against the "
            f"`{args.db}` database with {members:,} available pool "
            f"members. `GET /api/talent-count`, one request at a time, drawn from a fixed mix (no filter, "
            f"one classification, skills any, skills all (recruiter), language, regions and arrangements, "
            f"operational requirements, durations, equity (manager), combinations), anonymous and signed in "
            f"as a manager or a recruiter; each part stops after {args.seconds:.0f} s. Through gunicorn "
            "(as `scripts/run.sh` starts it, rate limits off) "
            "and in-process through the Flask test client.\n\n"
            f"{text}\n\nTarget (p95 <= {target} ms at this size, every answer 200): **{verdict}** "
            f"(p95 {p95:.0f} ms, {errors} errors).\n",
        )
    return result


def do_pages(args: argparse.Namespace) -> dict[str, Any]:
    from bench.scale import pages

    result = pages.run(args.db, n_users=args.users, seconds=args.seconds, seed=args.seed)
    text = pages.table(result)
    print(text, flush=True)
    bad = [p for p, v in result["pages"].items() if v["p95"] > 300 or v["errors"]]
    if not args.no_write:
        from bench.report import write_section

        people = _count(args.db, "SELECT count(*) FROM users WHERE role = 'candidate'")
        write_section(
            "scale-pages",
            f"## Pages at scale\n\n"
            "Command: `python -m bench.scale pages --users "
            f"{args.users} --seconds {args.seconds:.0f}` on {_date()}, "
            f"{common.machine()}, against the `{args.db}` database "
            f"({people:,} candidates). {args.users} simulated "
            "users (threads of the benchmark, one keep-alive "
            "connection each, think time 1-3 s between pages; "
            f"by role: anonymous, candidates, managers, recruiters, admins), each signed in once with a "
            f"builder's account, for {args.seconds:.0f} s against "
            "gunicorn on 127.0.0.1 (2 workers x 4 threads, "
            f"rate limits off); the generator shares the 2 cores with the server and PostgreSQL. "
            f"{result['requests']:,} requests, {result['sign_in_failures']} failed sign-ins. An error is any "
            f"answer but 200.\n\n{text}\n\nTarget (every page type p95 <= 300 ms, 0 errors): "
            f"**{'met' if not bad else 'not met: ' + ', '.join(bad)}**.\n",
        )
    return result


def do_match(args: argparse.Namespace) -> dict[str, Any]:
    from bench.scale import match

    workers = [int(w) for w in args.workers.split(",") if w]
    result = match.run(args.db, workers=workers)
    text = match.table(result)
    print(text, flush=True)
    ok = all(
        r["status"] == "done" and r["results"] and r["results"] == r["explained"] for r in result["runs"]
    )
    if not args.no_write:
        from bench.report import write_section

        people = _count(args.db, "SELECT count(*) FROM users WHERE role = 'candidate'")
        write_section(
            f"scale-match-{people}",
            f"## Match runs at scale: {people:,} people\n\n"
            "Command: `python -m bench.scale match --workers "
            f"{args.workers}` on {_date()}, {common.machine()}, "
            f"against the `{args.db}` database. One run per line over every available member of every pool "
            "(a request with no hard filter and 8 popular "
            "skills), from the recruiter's start to the stored, "
            f"explained list; shards of {result['shard_size']:,} candidates; real Celery worker processes "
            f"(`--pool=solo`), PostgreSQL and Redis on the same machine. Peak RSS is each worker's VmHWM.\n\n"
            f"{text}\n\nCompleted, stored and explained: **{'yes' if ok else 'no'}**.\n",
        )
    return result


def _count(name: str, sql: str) -> int:
    import psycopg

    with psycopg.connect(common.db_url(name)) as conn:
        return int(conn.execute(sql).fetchone()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n")[0])
    parser.add_argument("part", choices=("build", "counts", "pages", "match", "all"))
    parser.add_argument("--db", default=os.environ.get("BENCH_SCALE_DB", common.DEFAULT_DB))
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=None, help="available pool members to build")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--processes", type=int, default=500)
    parser.add_argument("--requests-built", type=int, default=20_000, help="talent requests to build")
    parser.add_argument("--runs", type=int, default=5, help="match runs to build")
    parser.add_argument("--count-requests", type=int, default=300, help="count API requests to time")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args(argv)
    common.check_db_name(args.db)
    if args.part == "build":
        do_build(args, args.members)
    elif args.part == "counts":
        do_counts(args)
    elif args.part == "pages":
        do_pages(args)
    elif args.part == "match":
        do_match(args)
    else:
        do_build(args, args.people if args.members is None else args.members)
        do_counts(args)
        do_pages(args)
        do_match(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
