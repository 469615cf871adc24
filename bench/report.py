"""Writing ``bench/RESULTS.md``: one section at a time, and the summary at its top, built from the numbers.

    .venv/bin/python -m bench.report      # rebuild the summary from bench/results/*.json

``make eval`` (``bench.eval``) and ``make bench`` (``bench.speed``) each write their own section and the
numbers behind it (``bench/results/quality.json``, ``heldout.json``, ``speed.json``), then rebuild the
summary from those files. The summary's figures are formatted by the same functions as the tables'
(``tests/test_bench_eval.py`` checks that every figure in it appears in a table), so it is never written
by hand and cannot disagree with them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
TITLE = "# Matching engine: measured results\n"
#: Quality target: the engine's mean nDCG@10 over the seeds of a set beats TF-IDF cosine's by this much.
GAIN_TARGET = 0.05
ORDER_NAMES = {"score": "score order", "tiers": "tiered order"}


def write_section(name: str, text: str, path: Path = RESULTS) -> None:
    """Replace the section between ``<!-- name:start -->`` and ``<!-- name:end -->`` (or append it)."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    old = path.read_text() if path.exists() else TITLE
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in old and end in old:
        new = old[: old.index(start)] + block + old[old.index(end) + len(end) :]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    path.write_text(new)


def read_section(name: str, path: Path = RESULTS) -> str:
    """The text of a section ("" when there is none)."""
    text = path.read_text() if path.exists() else ""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        return ""
    return text[text.index(start) + len(start) : text.index(end)]


def save_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


def load_json(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data


# ------------------------------------------------------------------------------------------ formatting
def fmt_gain(x: float) -> str:
    return f"{x:+.3f}"


def fmt_share(x: float) -> str:
    return f"{100 * x:.1f} %"


def fmt_ratio(x: float) -> str:
    """How many times faster (x > 1) or slower."""
    return f"{x:.1f}x faster" if x >= 1 else f"{1 / x:.1f}x slower"


def fmt_seeds(seeds: list[int]) -> str:
    """``1-3`` for consecutive seeds, else a list."""
    if len(seeds) > 1 and seeds == list(range(seeds[0], seeds[-1] + 1)):
        return f"{seeds[0]}-{seeds[-1]}"
    return ", ".join(map(str, seeds))


# ------------------------------------------------------------------------------------------ quality
@dataclass(frozen=True)
class Gain:
    """nDCG@10 of one engine order minus TF-IDF cosine's on one set, per seed and on average."""

    set: str
    order: str
    seeds: list[int]
    per_seed: list[float]

    @property
    def mean(self) -> float:
        return sum(self.per_seed) / len(self.per_seed)

    @property
    def met(self) -> bool:
        """Judged on the mean as shown (3 decimals), so a table never says "+0.050, not met"."""
        return round(self.mean, 3) >= GAIN_TARGET


def gains(quality: dict[str, Any]) -> list[Gain]:
    """Per set and order, the nDCG@10 gain over TF-IDF of each seed (``quality``: what ``bench.eval``
    saves)."""
    out = []
    for name in quality["sets"]:
        rows = [r for r in quality["results"] if r["set"] == name]
        for order in quality["orders"]:
            out.append(
                Gain(
                    name,
                    order,
                    [r["seed"] for r in rows],
                    [r["gain"][order]["nDCG@10"][0] for r in rows],
                )
            )
    return out


def gains_table(quality: dict[str, Any]) -> str:
    lines = [
        "| seeds | set | order | engine - TF-IDF, nDCG@10, per seed | mean | target | met |",
        "|---|---|---|---|---:|---:|:---:|",
    ]
    for g in gains(quality):
        lines.append(
            f"| {fmt_seeds(g.seeds)} | {g.set} | {ORDER_NAMES[g.order]} | "
            f"{', '.join(fmt_gain(d) for d in g.per_seed)} | {fmt_gain(g.mean)} | {fmt_gain(GAIN_TARGET)} | "
            f"{'yes' if g.met else '**no**'} |"
        )
    return "\n".join(lines)


def _quality_lines(quality: dict[str, Any], what: str) -> list[str]:
    lines = []
    by_order: dict[str, list[Gain]] = {}
    for g in gains(quality):
        by_order.setdefault(g.order, []).append(g)
    for order, gs in by_order.items():
        parts = [
            f"{g.set} {', '.join(fmt_gain(d) for d in g.per_seed)} (mean {fmt_gain(g.mean)}, "
            f"{'met' if g.met else '**not met**'})"
            for g in gs
        ]
        lines.append(f"- {what}, {ORDER_NAMES[order]}: " + "; ".join(parts) + ".")
    return lines


def _tfidf_ratio(r: dict[str, Any]) -> float:
    """TF-IDF cosine's (inverted index) median latency over the engine's."""
    return float(r["tfidf_index_latency_ms"]["median"] / r["latency_ms"]["median"])


def _speed_lines(speed: dict[str, Any]) -> list[str]:
    checks = speed["checks"]
    met = sum(1 for c in checks if c[2])
    missed = [f"{name}: {value}" for name, value, ok in checks if not ok]
    ratios = [f"{r['n']:,} candidates {fmt_ratio(_tfidf_ratio(r))}" for r in speed["results"]]
    return [
        f"**Speed** (engine {speed['engine']}, {speed['date']}; load average {speed['load'][0]:.1f} at the "
        f"start, {speed['load'][1]:.1f} at the end): {met} of {len(checks)} targets met"
        + (f" (not met: {'; '.join(missed)})" if missed else "")
        + ".",
        "",
        "- " + "; ".join(f"{name}: {value}" for name, value, _ in checks) + ".",
        "- Median latency, engine against TF-IDF cosine through an inverted index (which reads only the "
        "request's columns): " + ", ".join(ratios) + ".",
        "- Timings come from a shared 2-core machine and move by 10-20 % between runs with other jobs' load.",
    ]


def summary(
    quality: dict[str, Any] | None, heldout: dict[str, Any] | None, speed: dict[str, Any] | None
) -> str:
    """The summary section, from what ``bench.eval`` (``quality``, ``heldout``) and ``bench.speed``
    (``speed``) saved; a part not measured yet says which command measures it."""
    out = [
        "Status against the targets. Generated by `python -m bench.report` from the tables below (`make "
        "eval` and `make bench` rebuild it after writing their sections): change the generator, not this "
        "text.",
        "",
    ]
    if quality is None:
        out.append("**Quality**: not measured yet (`make eval`).")
    else:
        out += [
            f"**Quality** (engine {quality['engine']}, {quality['date']}): nDCG@10 of the engine minus "
            f"TF-IDF cosine per seed; target {fmt_gain(GAIN_TARGET)} on average over a set's seeds.",
            "",
        ]
        out += _quality_lines(quality, f"Seeds {fmt_seeds(quality['seeds'])} (used for choices)")
        if heldout is None:
            out.append("- Held-out seeds: not measured yet (`python -m bench.eval --heldout`).")
        else:
            out += _quality_lines(
                heldout, f"Held-out seeds {fmt_seeds(heldout['seeds'])} (used for no choice)"
            )
    out.append("")
    out += ["**Speed**: not measured yet (`make bench`)."] if speed is None else _speed_lines(speed)
    return "\n".join(out)


def write_summary(path: Path = RESULTS, results_dir: Path = RESULTS_DIR) -> str:
    """Rebuild the summary section from the saved numbers; returns its text."""
    text = summary(
        load_json(results_dir / "quality.json"),
        load_json(results_dir / "heldout.json"),
        load_json(results_dir / "speed.json"),
    )
    write_section("summary", text, path)
    return text


if __name__ == "__main__":
    print(write_summary())
