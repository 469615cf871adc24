"""Command line of the matching engine core.

    python -m matching rank --skills skills.jsonl --candidates candidates.jsonl \\
        --requests requests.jsonl --top 10 [--order tiers] > results.jsonl

Formats: docs/matching.md, "The command line and its formats". Every input problem (malformed line,
unknown skill id, empty request, duplicate id, ...) is reported on stderr with its file and line, and the
exit status is 2; nothing is written to stdout then. Candidates with no skill are skipped (they can never
match) and counted on stderr; candidates in no pool are counted too (they are never returned).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

EXIT_INPUT = 2
EXIT_INTERNAL = 70
MAX_ERRORS = 20
T = TypeVar("T")


class InputErrors(Exception):
    """All the problems found in the input files (reported together, then exit 2)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def _records(
    path: Path, parse: Callable[[dict[str, object]], T], errors: list[str]
) -> Iterator[tuple[int, T]]:
    from matching.engine import InvalidInputError
    from matching.engine.io import loads_record

    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputErrors([f"{path}: cannot read ({exc.strerror or exc})"]) from None
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    yield number, parse(loads_record(line))
                except InvalidInputError as exc:
                    errors.append(f"{path} line {number}: {exc}")
                    if len(errors) >= MAX_ERRORS:
                        raise InputErrors([*errors, "(stopping after 20 errors)"]) from None
        except UnicodeDecodeError:
            raise InputErrors([f"{path}: not UTF-8 text"]) from None


def _in_file_order(errors: list[str], paths: list[Path]) -> list[str]:
    """Messages sorted by file (in the order given) then line number; others keep their place last."""

    def key(message: str) -> tuple[int, int]:
        for i, path in enumerate(paths):
            prefix = f"{path} line "
            if message.startswith(prefix):
                number = message[len(prefix) :].split(":", 1)[0]
                return i, int(number) if number.isdecimal() else 0
        return len(paths), 0

    return sorted(errors, key=key)


def _check_duplicates(path: Path, ids: list[tuple[int, str]], what: str, errors: list[str]) -> None:
    seen: dict[str, int] = {}
    for number, ident in ids:
        if ident in seen:
            errors.append(
                f"{path} line {number}: duplicate {what} id {ident!r} (first on line {seen[ident]})"
            )
        seen.setdefault(ident, number)


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


def rank_command(args: argparse.Namespace, out: IO[str]) -> int:
    """Run ``rank``: load and check everything, fit, rank, write one JSON line per request."""
    from matching.engine import ENGINE_VERSION
    from matching.engine.io import (
        candidate_from_dict,
        ranked_list_to_dict,
        request_from_dict,
        skill_from_dict,
    )

    started = time.perf_counter()
    errors: list[str] = []
    skills = list(_records(args.skills, skill_from_dict, errors))
    _check_duplicates(args.skills, [(n, s.id) for n, s in skills], "skill", errors)
    known = {s.id for _, s in skills}
    if not skills and not errors:
        errors.append(f"{args.skills}: no skill in the library")

    def unknown(n: int, path: Path, who: str, ids: list[str]) -> None:
        bad = [s for s in dict.fromkeys(ids) if s not in known]
        if bad:
            errors.append(f"{path} line {n}: {who}: unknown skill id(s) {', '.join(map(repr, bad[:10]))}")

    candidates = list(_records(args.candidates, candidate_from_dict, errors))
    for n, c in candidates:
        unknown(n, args.candidates, f"candidate {c.id!r}", [s.skill for s in c.skills])
    _check_duplicates(args.candidates, [(n, c.id) for n, c in candidates], "candidate", errors)
    requests = list(_records(args.requests, request_from_dict, errors))
    for n, r in requests:
        unknown(n, args.requests, f"request {r.id!r}", [s.skill for s in (*r.required, *r.nice_to_have)])
    if errors:
        raise InputErrors(_in_file_order(errors, [args.skills, args.candidates, args.requests]))

    from matching.engine import SkillMatcher  # scikit-learn loads only once the input is known to be good

    engine = SkillMatcher(empty_candidates="skip").fit([s for _, s in skills], [c for _, c in candidates])
    if engine.skipped_candidates_:
        shown = ", ".join(engine.skipped_candidates_[:10])
        more = " ..." if len(engine.skipped_candidates_) > 10 else ""
        _warn(
            f"warning: skipped {len(engine.skipped_candidates_)} candidate(s) with no skills "
            f"(they can never match): {shown}{more}"
        )
    if engine.n_unpooled_:
        _warn(f"note: {engine.n_unpooled_} candidate(s) are in no pool and are never returned")
    if not requests:
        _warn(f"warning: {args.requests} holds no request")
    for _, request in requests:
        result = engine.rank(request, top=args.top, order=args.order)
        out.write(json.dumps(ranked_list_to_dict(result, details=args.details), ensure_ascii=False) + "\n")
    out.flush()
    _warn(
        f"ranked {len(requests)} request(s) against {engine.n_candidates_} candidate(s) "
        f"(engine {ENGINE_VERSION}) in {time.perf_counter() - started:.2f} s"
    )
    return 0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m matching", description="Matching engine core.")
    sub = parser.add_subparsers(dest="command", required=True)
    rank = sub.add_parser("rank", help="rank candidates for each request (JSON lines in, JSON lines out)")
    rank.add_argument("--skills", type=Path, required=True, help="skills library, JSON lines")
    rank.add_argument("--candidates", type=Path, required=True, help="candidates, JSON lines")
    rank.add_argument("--requests", type=Path, required=True, help="requests, JSON lines")
    rank.add_argument("--top", type=_positive_int, default=10, help="candidates per request (default 10)")
    rank.add_argument(
        "--order",
        choices=("score", "tiers"),
        default="score",
        help="score: by score alone (default); tiers: first those meeting every required skill at the "
        "required level, then those holding them all, some below it, then the rest; by score within each",
    )
    rank.add_argument(
        "--details",
        action="store_true",
        help="add ranks, levels, points per part and the engine version to each line",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return rank_command(args, sys.stdout)
    except InputErrors as exc:
        for message in exc.messages:
            _warn(f"error: {message}")
        return EXIT_INPUT
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        _warn("interrupted")
        return 130
    except Exception as exc:  # the promise is: never a traceback
        from matching.engine import EngineError

        if isinstance(exc, EngineError):
            _warn(f"error: {exc}")
            return EXIT_INPUT
        _warn(f"internal error: {type(exc).__name__}: {exc} (please report this with the input files)")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
