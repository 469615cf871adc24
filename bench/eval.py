"""Quality of the matching engine on ESCO-derived sets, beside plain TF-IDF cosine (``make eval``).

    .venv/bin/python -m bench.eval [--seeds 1,2,3] [--ablations]   # the quality section
    .venv/bin/python -m bench.eval --heldout                       # seeds 4-6: the held-out section

Seeds 1-3 are the ones looked at while choosing the engine's parts and parameters; seeds 4-6 are held out
(never used for a choice) and get a section of their own. For each seed three sets are sampled: warm and
cold (``bench/evalsets.py``) and careers (``bench/careers.py``); the engine, in both of its orders
(``order="score"`` and ``order="tiers"``), and TF-IDF cosine rank the same candidates for the same requests
in the same run. Reported per set: nDCG@10 (gain 2^rel - 1), MRR and Recall@50 ("relevant" = relevance
>= 2), with 95 % bootstrap intervals over requests (1000 resamples), and the paired differences engine -
TF-IDF with their own intervals; for requests listing at least 5 required skills, how often the tiered
order changes the top 10, and the share of the top 10 holding every required skill at its level.

Each run saves its numbers (``bench/results/quality.json`` or ``heldout.json``) and rebuilds the summary
at the top of ``bench/RESULTS.md`` (``bench/report.py``). ``bench/compare.py`` runs this same code on an
engine from another checkout.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import inspect
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from tqdm import tqdm

from bench import report
from bench.careers import career_relevance, make_careers
from bench.evalsets import Esco, EvalSet, load, make_sets, relevance
from bench.progress import bar, say
from matching.engine import ENGINE_VERSION, MatchRequest, SkillInfo, SkillMatcher
from matching.engine.weights import decode_codes

K_NDCG, K_TOP, K_RECALL, N_BOOT = 10, 10, 50, 1000
#: Requests listing at least this many required skills are the ones the tier statistics look at.
MIN_REQUIRED = 5
SETS = ("warm", "cold", "careers")
ORDERS = ("score", "tiers")
MAIN_SEEDS, HELDOUT_SEEDS = "1,2,3", "4,5,6"
METRICS = ("nDCG@10", "MRR", "Recall@50")
#: Per request, the rows of the candidates ranked, best first (at most ``K_RECALL``).
Rankings = list[list[int]]


# ------------------------------------------------------------------------------------------ the sets
def make_all(esco: Esco, seed: int, n_requests: int, per_occ: int, names: tuple[str, ...]) -> list[EvalSet]:
    warm, cold = make_sets(esco, seed, n_requests, per_occ)
    sets = [warm, cold] + ([make_careers(esco, seed, n_requests, per_occ)] if "careers" in names else [])
    return [es for es in sets if es.name in names]


def grades(esco: Esco, es: EvalSet, occ: int) -> npt.NDArray[np.int64]:
    """Relevance of every candidate of ``es`` to a request built from occupation ``occ``."""
    if es.past_indptr is not None and es.past_occ is not None:
        return career_relevance(esco, occ, es.candidate_occ, es.past_indptr, es.past_occ)
    return relevance(esco, occ, es.candidate_occ)


def occupation_relations_supported() -> bool:
    """Whether this engine takes ``SkillInfo.occupations`` and ``bench/occupations.py`` exists."""
    try:
        import bench.occupations  # noqa: F401
    except ImportError:
        return False
    return "occupations" in {f.name for f in dataclasses.fields(SkillInfo)}


def library(esco: Esco, es: EvalSet, relations: bool = True) -> list[SkillInfo]:
    """The skills library the engine is fitted on for ``es``: the one place occupation relations plug in.

    With ``relations`` (and an engine and a ``bench/occupations.py`` that support them), each skill lists
    the occupations requiring it, except the occupations ``es`` builds its requests from: seeing those
    would hand the engine the answer (for the cold set they are all its cold occupations, which have no
    people). Otherwise the plain library (groups only).
    """
    if not relations or not occupation_relations_supported():
        return esco.skills
    from bench.occupations import occupation_relations

    per_skill = occupation_relations(esco, exclude=set(es.request_occ.tolist()))
    out = []
    for s, o in zip(esco.skills, per_skill, strict=True):
        # By name: the field is missing from engines that predate it (bench/compare.py measures those).
        extra: dict[str, Any] = {"occupations": o}
        out.append(dataclasses.replace(s, **extra))
    return out


# ------------------------------------------------------------------------------------------ rankers
def tfidf_rankings(es: EvalSet, index: dict[str, int], n_skills: int) -> Rankings:
    """Plain TF-IDF cosine: binary skills (current and past alike), smoothed IDF from the candidates, L2
    rows, top by X @ q."""
    c = es.candidates
    X = sp.csr_matrix((np.ones(c.nnz), c.skills, c.indptr), shape=(len(c), n_skills))
    tf = TfidfTransformer().fit(X)
    Xt = sp.csr_matrix(tf.transform(X))
    out = []
    for request in bar(es.requests, desc=f"{es.name} TF-IDF"):
        cols = sorted({index[s.skill] for s in (*request.required, *request.nice_to_have)})
        q = tf.transform(sp.csr_matrix((np.ones(len(cols)), cols, [0, len(cols)]), shape=(1, n_skills)))
        scores = np.asarray((Xt @ q.T).todense()).ravel()
        pos = np.flatnonzero(scores > 0)
        order = np.lexsort((pos, -scores[pos]))[:K_RECALL]  # rows are in id order: ties by id
        out.append(pos[order].tolist())
    return out


def supports_order() -> bool:
    return "order" in inspect.signature(SkillMatcher.rank).parameters


def check_orders(orders: tuple[str, ...]) -> None:
    """A clear error when the tiered order is asked of an engine that does not have it yet."""
    if any(o != "score" for o in orders) and not supports_order():
        raise SystemExit(
            f"this engine's SkillMatcher.rank has no `order` parameter (engine {ENGINE_VERSION}), so "
            f"orders {', '.join(orders)} cannot be measured: run with --orders score"
        )


#: Engine parameters read only when ranking: an ablation changing only these reuses the fitted engine
#: (``tests/test_bench_eval.py`` checks that it ranks as a refit would).
RANK_TIME = frozenset({"profile_weight", "peer_weight", "length_penalty", "related_weight"})


def fit_engine(es: EvalSet, skills: list[SkillInfo], params: dict[str, float]) -> SkillMatcher:
    """The engine with ``params`` (and the defaults), fitted on the library ``skills`` and the candidates
    of ``es``."""
    given: dict[str, Any] = dict(params)
    return SkillMatcher(**given).fit(skills, es.candidates)


def variant(
    engine: SkillMatcher,
    es: EvalSet,
    skills: list[SkillInfo],
    params: dict[str, float],
    change: dict[str, float],
) -> SkillMatcher:
    """``engine`` (fitted on ``es`` with ``params``) with ``change``: a copy when only rank-time parameters
    change, IDF = 1 everywhere for ``_no_idf`` (re-indexed: profile norms use the weights), else a refit."""
    change = dict(change)
    if change.pop("_no_idf", 0):
        flat = copy.copy(engine)
        flat.idf_ = np.ones_like(engine.idf_)
        engine = flat.with_candidates(es.candidates)
    if not change:
        return engine
    if set(change) <= RANK_TIME:
        other = copy.copy(engine)
        other.set_params(**change)
        return other
    return fit_engine(es, skills, {**params, **change})


def engine_rankings(engine: SkillMatcher, es: EvalSet, orders: tuple[str, ...]) -> dict[str, Rankings]:
    row_of = {cid: i for i, cid in enumerate(es.candidates.ids.tolist())}
    # The score order is asked without naming it, so that engines older than ``order`` run too.
    kwargs: dict[str, dict[str, Any]] = {o: {} if o == "score" else {"order": o} for o in orders}
    out: dict[str, Rankings] = {o: [] for o in orders}
    for request in bar(es.requests, desc=f"{es.name} engine"):
        for o in orders:
            ranked = engine.rank(request, top=K_RECALL, **kwargs[o])
            out[o].append([row_of[m.candidate] for m in ranked.matches])
    return out


# ------------------------------------------------------------------------------------------ measures
def metrics(esco: Esco, es: EvalSet, rankings: Rankings) -> npt.NDArray[np.float64]:
    """Per request: nDCG@10, MRR, Recall@50."""
    out = np.zeros((len(es.requests), 3))
    discount = 1.0 / np.log2(np.arange(2, K_NDCG + 2))
    for i, (occ, ranked) in enumerate(zip(es.request_occ.tolist(), rankings, strict=True)):
        rel_all = grades(esco, es, occ)
        rel = rel_all[np.asarray(ranked, np.int64)]
        gains = 2.0 ** rel[:K_NDCG] - 1
        ideal = 2.0 ** np.sort(rel_all)[::-1][:K_NDCG] - 1
        out[i, 0] = (gains * discount[: gains.shape[0]]).sum() / max((ideal * discount).sum(), 1e-12)
        hits = np.flatnonzero(rel >= 2)
        out[i, 1] = 1.0 / (hits[0] + 1) if hits.size else 0.0
        n_rel = int(np.count_nonzero(rel_all >= 2))
        out[i, 2] = np.count_nonzero(rel[:K_RECALL] >= 2) / n_rel if n_rel else 0.0
    return out


def meets_required(
    es: EvalSet,
    levels: npt.NDArray[np.int64],
    index: dict[str, int],
    request: MatchRequest,
    rows: list[int],
) -> list[bool]:
    """For each candidate row: holds every required skill of ``request`` at its level (any level when
    none is asked), as the engine's tier 0. ``levels``: the candidates' levels, entry by entry."""
    need = [(index[s.skill], s.level or 0) for s in request.required]
    c = es.candidates
    out = []
    for r in rows:
        a, b = int(c.indptr[r]), int(c.indptr[r + 1])
        held = dict(zip(c.skills[a:b].tolist(), levels[a:b].tolist(), strict=True))
        out.append(all(held.get(s, -1) >= lv for s, lv in need))
    return out


def n_meeting(by_skill: sp.csc_matrix, index: dict[str, int], request: MatchRequest) -> int:
    """How many candidates hold every required skill of ``request`` at its level (``by_skill``: the
    candidates' levels plus one, candidates by skills)."""
    count = np.zeros(by_skill.shape[0], np.int64)
    for s in request.required:
        a, b = by_skill.indptr[index[s.skill]], by_skill.indptr[index[s.skill] + 1]
        count[by_skill.indices[a:b][by_skill.data[a:b] > (s.level or 0)]] += 1
    return int(np.count_nonzero(count == len(request.required)))


def tier_stats(es: EvalSet, index: dict[str, int], rankings: dict[str, Rankings]) -> dict[str, Any]:
    """On requests listing at least ``MIN_REQUIRED`` required skills: the share whose top 10 the tiered
    order changes (as a set, and as a list), per ranker the share of top-10 candidates meeting every
    required skill at its level, and the most any ranker could reach (``ceiling``: every such candidate
    first)."""
    c = es.candidates
    levels = decode_codes(c.codes)[0]
    by_skill = sp.csr_matrix((levels + 1, c.skills, c.indptr), shape=(len(c), len(index))).tocsc()
    chosen = [i for i, r in enumerate(es.requests) if len(r.required) >= MIN_REQUIRED]
    out: dict[str, Any] = {"requests": len(chosen), "meets_all": {}}
    if chosen:
        best = [min(K_TOP, n_meeting(by_skill, index, es.requests[i])) for i in chosen]
        out["ceiling"] = sum(best) / (K_TOP * len(chosen))
    if "score" in rankings and "tiers" in rankings and chosen:
        score, tiers = rankings["score"], rankings["tiers"]
        out["set_changed"] = float(np.mean([set(score[i][:K_TOP]) != set(tiers[i][:K_TOP]) for i in chosen]))
        out["order_changed"] = float(np.mean([score[i][:K_TOP] != tiers[i][:K_TOP] for i in chosen]))
    for name, ranked in rankings.items():
        met = [
            m for i in chosen for m in meets_required(es, levels, index, es.requests[i], ranked[i][:K_TOP])
        ]
        out["meets_all"][name] = float(np.mean(met)) if met else 0.0
    return out


def bootstrap(values: npt.NDArray[np.float64], seed: int) -> list[float]:
    """Mean and 95 % percentile interval over ``N_BOOT`` resamples of the requests."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, values.shape[0], (N_BOOT, values.shape[0]))
    means = values[idx].mean(axis=1)
    return [float(values.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))]


ABLATIONS: list[tuple[str, dict[str, float]]] = [
    (
        "coverage only (no profile fit, no peers, no focus)",
        {"profile_weight": 0, "peer_weight": 0, "length_penalty": 0},
    ),
    ("without related skills", {"related_weight": 0}),
    ("without profile fit", {"profile_weight": 0}),
    ("without peers", {"peer_weight": 0}),
    ("without rarity weighting (IDF = 1 everywhere)", {"_no_idf": 1}),
]
DEFAULTS, NO_RELATIONS = "engine (defaults)", "without occupation relations"


def evaluate_set(
    esco: Esco,
    es: EvalSet,
    seed: int,
    params: dict[str, float],
    orders: tuple[str, ...],
    ablate: bool = False,
) -> dict[str, Any]:
    """Every measure of one set, JSON-ready; with ``ablate``, also the nDCG@10 (score order) of the engine
    with one part switched off at a time."""
    index = {s.id: i for i, s in enumerate(esco.skills)}
    t0 = time.perf_counter()
    skills = library(esco, es)
    engine = fit_engine(es, skills, params)
    rankings = engine_rankings(engine, es, orders)
    t1 = time.perf_counter()
    rankings["tfidf"] = tfidf_rankings(es, index, len(esco.skills))
    say(
        f"  seed {seed} {es.name}: engine fit + rank {t1 - t0:.1f} s, TF-IDF {time.perf_counter() - t1:.1f} s"
    )
    per_request = {name: metrics(esco, es, ranked) for name, ranked in rankings.items()}
    result: dict[str, Any] = {
        "seed": seed,
        "set": es.name,
        "requests": len(es.requests),
        "candidates": len(es.candidates),
        "metrics": {
            name: {m: bootstrap(v[:, j], seed) for j, m in enumerate(METRICS)}
            for name, v in per_request.items()
        },
        "gain": {
            o: {
                m: bootstrap(per_request[o][:, j] - per_request["tfidf"][:, j], seed)
                for j, m in enumerate(METRICS)
            }
            for o in orders
        },
        "tiers": tier_stats(es, index, rankings),
    }
    if ablate:
        ndcg = {DEFAULTS: float(per_request["score"][:, 0].mean())}
        for label, change in bar(ABLATIONS, desc=f"{es.name} ablations"):
            ranked = engine_rankings(variant(engine, es, skills, params, change), es, ("score",))["score"]
            ndcg[label] = float(metrics(esco, es, ranked)[:, 0].mean())
        if skills is not esco.skills:  # the engine was given occupation relations: without them
            ranked = engine_rankings(fit_engine(es, esco.skills, params), es, ("score",))["score"]
            ndcg[NO_RELATIONS] = float(metrics(esco, es, ranked)[:, 0].mean())
        result["ablation"] = ndcg
        say(f"  seed {seed} {es.name}: ablations done")
    return result


# ------------------------------------------------------------------------------------------ tables
def _ci(v: list[float]) -> str:
    return f"{v[0]:.3f} [{v[1]:.3f}, {v[2]:.3f}]"


def _ranker_names(orders: list[str]) -> list[tuple[str, str]]:
    return [(o, f"engine, {report.ORDER_NAMES[o]}") for o in orders] + [("tfidf", "TF-IDF cosine")]


def metrics_table(quality: dict[str, Any]) -> str:
    orders = quality["orders"]
    names = _ranker_names(orders)
    head = " | ".join(f"{label} [95% CI]" for _, label in names)
    diffs = " | ".join(f"{report.ORDER_NAMES[o]} - TF-IDF [95% CI]" for o in orders)
    lines = [
        f"| seed | set | requests | candidates | metric | {head} | {diffs} |",
        "|---|---|---:|---:|---|" + "---|" * (len(names) + len(orders)),
    ]
    for r in quality["results"]:
        for m in METRICS:
            cells = [_ci(r["metrics"][k][m]) for k, _ in names]
            for o in orders:
                g = [report.fmt_gain(x) for x in r["gain"][o][m]]
                cells.append(f"**{g[0]}** [{g[1]}, {g[2]}]")
            head_cells = [str(r["seed"]), r["set"], str(r["requests"]), str(r["candidates"]), m]
            lines.append("| " + " | ".join(head_cells + cells) + " |")
    return "\n".join(lines)


def tiers_table(quality: dict[str, Any]) -> str:
    orders = quality["orders"]
    names = _ranker_names(orders)
    both = "score" in orders and "tiers" in orders
    head = ["seed", "set", f"requests with >= {MIN_REQUIRED} required skills"]
    if both:
        head += ["tiered order changes the top-10 set", "tiered order changes the top-10 list"]
    head += [f"top 10 meeting every required skill: {label}" for _, label in names]
    head += ["best possible (every such candidate first)"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    for r in quality["results"]:
        t = r["tiers"]
        cells = [str(r["seed"]), r["set"], str(t["requests"])]
        if both:
            cells += [report.fmt_share(t["set_changed"]), report.fmt_share(t["order_changed"])]
        cells += [report.fmt_share(t["meets_all"][k]) for k, _ in names]
        cells.append(report.fmt_share(t["ceiling"]) if "ceiling" in t else "")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ablations_table(quality: dict[str, Any]) -> str:
    """nDCG@10 of each variant on the sets of the first seed (those measured with ``--ablations``)."""
    results = [r for r in quality["results"] if "ablation" in r]
    sets = [r["set"] for r in results]
    labels = list(dict.fromkeys(label for r in results for label in r["ablation"]))
    lines = [
        "| variant | "
        + " | ".join(f"{s} nDCG@10" for s in sets)
        + " | "
        + " | ".join(f"{s} - TF-IDF" for s in sets)
        + " |",
        "|---|" + "---:|" * (2 * len(sets)),
    ]
    base = [r["metrics"]["tfidf"]["nDCG@10"][0] for r in results]
    for label in labels:
        got = [r["ablation"].get(label) for r in results]
        lines.append(
            f"| {label} | "
            + " | ".join("" if g is None else f"{g:.3f}" for g in got)
            + " | "
            + " | ".join("" if g is None else report.fmt_gain(g - b) for g, b in zip(got, base, strict=True))
            + " |"
        )
    lines.append("| TF-IDF cosine | " + " | ".join(f"{b:.3f}" for b in base) + " |" + " |" * len(sets))
    return "\n".join(lines)


def method(quality: dict[str, Any], heldout: bool) -> str:
    main, held = report.fmt_seeds(_seeds(MAIN_SEEDS)), report.fmt_seeds(_seeds(HELDOUT_SEEDS))
    sentences = [
        f"Command: `{quality['command']}` on {quality['date']}; engine {quality['engine']}, parameters "
        f"{quality['params'] or 'default'}.",
        f"Held-out seeds: never looked at while choosing the engine's parts or parameters (seeds {main} "
        "were)."
        if heldout
        else f"Seeds {main} are the ones looked at while choosing the engine's parts and parameters; the "
        f"held-out seeds {held} have a section of their own.",
        "Sets sampled from ESCO v1.2.0 occupation-skill relations (`bench/evalsets.py`, `bench/careers.py`, "
        f"data `bench/data/`), {quality['per_occupation']} people per occupation, {quality['requests']} "
        "requests per set (cold: one occupation per ISCO unit group, so fewer).",
        "Warm and cold: relevance 3 same occupation, 2 same ISCO-08 unit group, 1 same minor group, else 0.",
        "Careers (each person has a current occupation and 1-3 past ones, mostly in the same minor or "
        "sub-major group; skills of past jobs marked past, years from the jobs' durations): 3 the current "
        "occupation is the request's; 2 the current one is in the same unit group, or a past one is the "
        "request's; 1 the current one is in the same minor group, or a past one in the same unit group; "
        "else 0.",
        "'Relevant' for MRR and Recall@50 = relevance >= 2.",
        "TF-IDF cosine reads the same skills as the engine (current and past alike: it ignores currency, "
        "levels and years).",
        "With occupation relations: each skill of the library lists the ESCO occupations requiring it, "
        "except the occupations a set builds its requests from (for the cold set, all its cold occupations)."
        if quality["occupation_relations"]
        else "Without occupation relations (this engine or checkout has no `SkillInfo.occupations` or no "
        "`bench/occupations.py`).",
        'Engine orders: score (`order="score"`, the default) and tiered (`order="tiers"`: first the '
        "candidates holding every required skill at its level, then those holding all but some below it, "
        "then the rest; by score within a tier)."
        if "tiers" in quality["orders"]
        else "Engine order: by score only (this engine's `rank` has no `order` parameter).",
        "Means with 95 % bootstrap intervals over requests (1,000 resamples); the last columns are paired "
        "differences.",
    ]
    return " ".join(sentences)


def render(quality: dict[str, Any], heldout: bool, title: str) -> str:
    parts = [
        title,
        method(quality, heldout),
        metrics_table(quality),
        f"Target: nDCG@10 of the engine at least {report.fmt_gain(report.GAIN_TARGET)} above TF-IDF "
        "cosine on average over the seeds of each set.",
        report.gains_table(quality),
        f"Requests listing {MIN_REQUIRED} or more required skills: "
        + ("how often the tiered order changes the top 10, and " if "tiers" in quality["orders"] else "")
        + "the share of the top-10 candidates holding every required skill at its level (for every ranker, "
        "from the candidates' data).",
        tiers_table(quality),
    ]
    if any("ablation" in r for r in quality["results"]):
        parts += [
            f"What each part contributes (seed {quality['seeds'][0]}, nDCG@10, score order; a variant "
            "changing only how the fitted engine ranks reuses it, the others are refitted):",
            ablations_table(quality),
        ]
    return "\n\n".join(parts)


# ------------------------------------------------------------------------------------------ command
def _seeds(text: str) -> list[int]:
    return [int(s) for s in text.split(",")]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Quality of the engine vs TF-IDF cosine on ESCO sets.")
    parser.add_argument(
        "--heldout", action="store_true", help=f"the held-out seeds ({HELDOUT_SEEDS}), their own section"
    )
    parser.add_argument(
        "--seeds", help=f"comma-separated seeds (default {MAIN_SEEDS}; {HELDOUT_SEEDS} with --heldout)"
    )
    parser.add_argument("--requests", type=int, default=400, help="requests per set (default 400)")
    parser.add_argument("--per-occupation", type=int, default=4, help="people per occupation (default 4)")
    parser.add_argument(
        "--sets", default=",".join(SETS), help=f"comma-separated sets (default {','.join(SETS)})"
    )
    parser.add_argument("--orders", default=",".join(ORDERS), help="engine orders (default score,tiers)")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="engine parameter override (repeatable), e.g. related_weight=0.5",
    )
    parser.add_argument(
        "--ablations", action="store_true", help="also measure each part of the score (first seed)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    # Set by bench/compare.py, which runs this on another engine into sections and files of its own.
    parser.add_argument("--section", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--title", help=argparse.SUPPRESS)
    parser.add_argument("--command", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    params: dict[str, float] = {}
    for item in args.param:
        name, _, value = item.partition("=")
        params[name] = int(value) if value.isdigit() else float(value)
    seeds = _seeds(args.seeds or (HELDOUT_SEEDS if args.heldout else MAIN_SEEDS))
    orders = tuple(args.orders.split(","))
    names = tuple(s for s in SETS if s in args.sets.split(","))
    check_orders(orders)
    section = args.section or ("heldout" if args.heldout else "quality")
    command = args.command or ".venv/bin/python -m bench.eval" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:])
    )
    quality: dict[str, Any] = {
        "command": command,
        "date": str(date.today()),
        "engine": ENGINE_VERSION,
        "params": params,
        "seeds": seeds,
        "sets": list(names),
        "orders": list(orders),
        "requests": args.requests,
        "per_occupation": args.per_occupation,
        "occupation_relations": occupation_relations_supported(),
        "results": [],
    }
    esco = load()
    for seed in bar(seeds, desc="seeds", unit=" seed"):
        for es in make_all(esco, seed, args.requests, args.per_occupation, names):
            result = evaluate_set(esco, es, seed, params, orders, ablate=args.ablations and seed == seeds[0])
            quality["results"].append(result)
            tqdm.write(
                f"seed {seed} {es.name}: "
                + ", ".join(f"{k} nDCG@10 {v['nDCG@10'][0]:.3f}" for k, v in result["metrics"].items()),
                file=sys.stdout,
            )
            sys.stdout.flush()
    title = args.title or ("## Quality on held-out seeds" if args.heldout else "## Quality")
    text = render(quality, args.heldout, title)
    print(text)
    if not args.no_write:
        report.write_section(section, text)
        report.save_json(args.json or report.RESULTS_DIR / f"{section}.json", quality)
        if section in ("quality", "heldout"):
            report.write_summary()


if __name__ == "__main__":
    main()
