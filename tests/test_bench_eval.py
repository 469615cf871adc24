"""The pure parts of the quality and speed benchmarks (``bench/``): the summary of ``bench/RESULTS.md`` is
generated from the tables' numbers, the careers relevance grading, the tier statistics, the two TF-IDF
baselines agreeing, and ablations that reuse a fitted engine ranking as a refit would. No services."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

from bench import eval as evaluation
from bench import report, speed
from bench.careers import career_relevance
from bench.evalsets import Esco, EvalSet
from bench.synth import make_candidates, make_requests, make_world
from matching.engine import CandidateArrays, MatchRequest, RequestSkill, SkillInfo

# A figure: a signed or unsigned decimal ("+0.063", "1.84", "4.2 %"), or a ratio ("610x").
FIGURE = re.compile(r"[+-]?\d[\d,]*\.\d+|\d+x\b")


def _figures(text: str) -> list[str]:
    return FIGURE.findall(text)


# ------------------------------------------------------------------------------------------ summary
def _quality(seeds: list[int], shift: float) -> dict[str, Any]:
    results = []
    for seed in seeds:
        for k, name in enumerate(("warm", "cold", "careers")):
            base = 0.6 - 0.1 * k + 0.01 * seed
            ci = {m: [base, base - 0.02, base + 0.02] for m in evaluation.METRICS}
            gain = {
                m: [shift + 0.003 * seed - 0.01 * k, shift - 0.01, shift + 0.01] for m in evaluation.METRICS
            }
            results.append(
                {
                    "seed": seed,
                    "set": name,
                    "requests": 400,
                    "candidates": 12156,
                    "metrics": {"score": ci, "tiers": ci, "tfidf": ci},
                    "gain": {"score": gain, "tiers": gain},
                    "tiers": {
                        "requests": 300,
                        "set_changed": 0.25,
                        "order_changed": 0.5,
                        "meets_all": {"score": 0.1, "tiers": 0.2, "tfidf": 0.05},
                    },
                }
            )
    return {
        "command": "python -m bench.eval",
        "date": "2026-12-07",
        "engine": "9.9.9",
        "params": {},
        "seeds": seeds,
        "sets": ["warm", "cold", "careers"],
        "orders": ["score", "tiers"],
        "requests": 400,
        "per_occupation": 4,
        "occupation_relations": True,
        "results": results,
    }


def _speed_run(n: int, engine_ms: float) -> dict[str, Any]:
    lat = {"median": engine_ms, "p95": 1.5 * engine_ms, "p99": 1.8 * engine_ms}
    return {
        "n": n,
        "latency_ms": lat,
        "tfidf_index_latency_ms": {k: 1.3 * v for k, v in lat.items()},
        "tfidf_latency_ms": {k: 4.1 * v for k, v in lat.items()},
        "naive_latency_ms": {k: 600 * v for k, v in lat.items()},
        "naive_requests": 3,
        "tfidf_same_top": "300/300",
        "batch_1": 174.2,
        "batch_2": 394.9,
        "tfidf_index_batch": 500.0,
        "tfidf_batch": 41.0,
        "fit_s": 8.1,
        "tfidf_index_fit_s": 0.3,
        "tfidf_fit_s": 0.2,
        "rss_bytes_per_candidate": 293.0,
        "rss_net_per_candidate": 287.0,
        "library_mb": 5.2,
        "index_bytes_per_candidate": 285.0,
        "tfidf_index_bytes_per_candidate": 202.0,
        "update_ms": {"median": 0.72, "p95": 1.05, "p99": 1.18},
        "update_visible": "20/20",
        "merge_s": 2.72,
        "scoring_ms": {"median": 2.75, "p95": 3.0, "p99": 3.2},
        "entries_per_request": 276088.0,
        "top_skill_share": 0.21,
        "top10_share": 0.14,
    }


def test_summary_figures_are_the_tables_figures() -> None:
    quality, heldout = _quality([1, 2, 3], 0.06), _quality([4, 5, 6], 0.045)
    runs = [_speed_run(100_000, 1.84), _speed_run(1_000_000, 4.87)]
    saved = {
        "title": "## Speed",
        "command": "python -m bench.speed",
        "date": "2026-12-07",
        "engine": "9.9.9",
        "machine": "AMD EPYC, 2 cores",
        "load": [1.1, 1.2],
        "bandwidth": 26e9,
        "requests": 300,
        "results": runs,
        "checks": speed.check_rows(runs),
    }
    tables = "\n".join(
        [
            evaluation.render(quality, False, "## Quality"),
            evaluation.render(heldout, True, "## Held out"),
            speed.render(saved),
        ]
    )
    text = report.summary(quality, heldout, saved)
    figures = _figures(text)
    assert len(figures) > 30
    assert set(figures) <= set(_figures(tables)), set(figures) - set(_figures(tables))
    # The per-seed gains and their means, as the gains table shows them; and which sets miss the target.
    assert "warm +0.063, +0.066, +0.069 (mean +0.066, met)" in text
    assert "careers +0.043, +0.046, +0.049 (mean +0.046, **not met**)" in text
    assert "| 1-3 | careers | score order | +0.043, +0.046, +0.049 | +0.046 | +0.050 | **no** |" in tables


def test_summary_says_what_is_not_measured_yet() -> None:
    text = report.summary(None, None, None)
    assert "`make eval`" in text and "`make bench`" in text
    assert _figures(text) == []


def test_summary_of_results_md_agrees_with_its_tables() -> None:
    """Every figure in the committed summary appears in the sections it summarises."""
    summary = report.read_section("summary")
    if not summary.strip():
        pytest.skip("bench/RESULTS.md has no generated summary yet")
    tables = "".join(report.read_section(name) for name in ("quality", "heldout", "speed"))
    missing = set(_figures(summary)) - set(_figures(tables))
    assert not missing, f"figures in the summary but in no table: {sorted(missing)}"


@pytest.mark.parametrize(("seeds", "shown"), [([1, 2, 3], "1-3"), ([4], "4"), ([1, 3], "1, 3")])
def test_fmt_seeds(seeds: list[int], shown: str) -> None:
    assert report.fmt_seeds(seeds) == shown


def test_gain_target_is_pinned_at_its_edge() -> None:
    def gain(mean: float) -> report.Gain:
        return report.Gain("warm", "score", [1], [mean])

    assert gain(0.05).met and gain(0.0496).met  # shown as +0.050
    assert not gain(0.0494).met


# ------------------------------------------------------------------------------------------ careers
def _esco(isco: list[int]) -> Esco:
    return Esco([], np.full((1, 4), -1), np.asarray(isco), [], [], np.zeros(1), [])


def test_career_relevance_grades() -> None:
    # occupations: 0 and 1 share unit group 2511; 2 is in the same minor group (251); 3 elsewhere (2521)
    esco = _esco([2511, 2511, 2512, 2521])
    current = np.array([0, 1, 2, 3, 3, 3, 3, 1])
    past = [[], [], [], [], [0], [1], [2], [0]]
    indptr = np.cumsum([0] + [len(p) for p in past])
    got = career_relevance(esco, 0, current, indptr, np.array([o for p in past for o in p], np.int64))
    # now the request's; now same unit; now same minor; elsewhere; was the request's; was same unit;
    # was same minor (not counted); now same unit and was the request's (the highest)
    assert got.tolist() == [3, 2, 1, 0, 2, 1, 0, 2]


def test_grades_use_past_occupations_only_for_careers() -> None:
    esco = _esco([2511, 2521])
    arrays = CandidateArrays.build(["a", "b"], [0, 1, 2], np.array([0, 0]))
    request = [MatchRequest("r", required=(RequestSkill("s"),))]
    warm = EvalSet("warm", arrays, np.array([1, 1]), request, np.array([0]))
    careers = EvalSet(
        "careers", arrays, np.array([1, 1]), request, np.array([0]), np.array([0, 1, 1]), np.array([0])
    )
    assert evaluation.grades(esco, warm, 0).tolist() == [0, 0]
    assert evaluation.grades(esco, careers, 0).tolist() == [2, 0]


# ------------------------------------------------------------------------------------------ tiers
def test_meets_required_and_tier_stats() -> None:
    # a: s0-s4, s0 at level 3; b: s0-s4, s0 at level 1; c: s0 only, at level 4 (every other level 2)
    skills = np.array([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0])
    levels = np.array([3, 2, 2, 2, 2, 1, 2, 2, 2, 2, 4])
    arrays = CandidateArrays.build(["a", "b", "c"], [0, 5, 10, 11], skills, levels=levels)
    index = {f"s{i}": i for i in range(5)}
    two = MatchRequest("two", required=(RequestSkill("s0", 2), RequestSkill("s1")))
    five = MatchRequest("five", required=two.required + tuple(RequestSkill(f"s{i}") for i in range(2, 5)))
    es = EvalSet("warm", arrays, np.zeros(3, np.int64), [five, two], np.zeros(2, np.int64))
    assert evaluation.meets_required(es, levels, index, two, [0, 1, 2]) == [True, False, False]
    by_skill = sp.csr_matrix((levels + 1, skills, arrays.indptr), shape=(3, 5)).tocsc()
    assert evaluation.n_meeting(by_skill, index, five) == 1
    assert evaluation.n_meeting(by_skill, index, MatchRequest("any", required=(RequestSkill("s0"),))) == 3
    # Only "five" lists 5 required skills; the tiered order puts a (who meets them all) before b.
    rankings = {"score": [[1, 0], [1, 0]], "tiers": [[0, 1], [0, 1]], "tfidf": [[2], [2]]}
    stats = evaluation.tier_stats(es, index, rankings)
    assert stats == {
        "requests": 1,
        "set_changed": 0.0,
        "order_changed": 1.0,
        "meets_all": {"score": 0.5, "tiers": 0.5, "tfidf": 0.0},
        "ceiling": 0.1,  # one such candidate, at most 1 of a top 10
    }
    es = EvalSet("warm", arrays, np.zeros(3, np.int64), [two], np.zeros(1, np.int64))
    assert evaluation.tier_stats(es, index, rankings) == {
        "requests": 0,
        "meets_all": {"score": 0.0, "tiers": 0.0, "tfidf": 0.0},
    }


# ------------------------------------------------------------------------------------------ baselines
def _tiny_world() -> tuple[Any, CandidateArrays, list[MatchRequest]]:
    world = make_world(120, seed=3)
    return world, make_candidates(world, 400, seed=4), make_requests(world, 40, seed=5)


def test_inverted_index_tfidf_gives_the_full_scan_lists() -> None:
    world, arrays, requests = _tiny_world()
    X = sp.csr_matrix(
        (np.ones(arrays.nnz, np.float32), arrays.skills, arrays.indptr),
        shape=(len(arrays), len(world.skills)),
    )
    index = {s.id: i for i, s in enumerate(world.skills)}
    full, inverted = speed.Tfidf(X, arrays.ids, index), speed.TfidfIndex(X, arrays.ids, index)
    for r in requests:
        got = inverted.rank(r)
        assert got == full.rank(r)
        assert 0 < len(got) <= speed.TOP
    assert not inverted.buf.any() and not inverted.seen.any()  # left clean for the next request


def test_top_rows_breaks_ties_by_row_whatever_the_input_order() -> None:
    rows = np.array([9, 3, 7, 1, 5])
    scores = np.array([0.5, 0.5, 0.9, 0.5, 0.0], np.float32)
    assert speed.top_rows(rows, scores, 3).tolist() == [7, 1, 3]
    assert speed.top_rows(rows[::-1].copy(), scores[::-1].copy(), 3).tolist() == [7, 1, 3]


@pytest.mark.parametrize("change", [{"profile_weight": 0.0, "peer_weight": 0.0}, {"related_weight": 0.0}])
def test_rank_time_variant_ranks_as_a_refit(change: dict[str, float]) -> None:
    world, arrays, requests = _tiny_world()
    skills: list[SkillInfo] = world.skills
    es = EvalSet("warm", arrays, np.zeros(len(arrays), np.int64), requests, np.zeros(len(requests), np.int64))
    params: dict[str, float] = {"n_components": 8, "min_df": 1}
    engine = evaluation.fit_engine(es, skills, params)
    reused = evaluation.variant(engine, es, skills, params, change)
    refit = evaluation.fit_engine(es, skills, {**params, **change})
    assert set(change) <= evaluation.RANK_TIME
    assert reused is not engine and engine.get_params()[next(iter(change))] != 0.0
    orders = ("score",)
    assert evaluation.engine_rankings(reused, es, orders) == evaluation.engine_rankings(refit, es, orders)
