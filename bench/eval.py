"""Quality of the matching engine on ESCO-derived sets, beside plain TF-IDF cosine (``make eval``).

    .venv/bin/python -m bench.eval [--seeds 1,2,3] [--requests 400] [--per-occupation 4]

For each seed, a warm and a cold set are sampled (``bench/evalsets.py``); the engine and TF-IDF cosine
rank the same candidates for the same requests in the same run. Reported per set: nDCG@10 (gain
2^rel - 1), MRR and Recall@50 ("relevant" = relevance >= 2: same occupation or same ISCO unit group),
with 95 % bootstrap intervals over requests (1000 resamples), and the paired difference engine - TF-IDF
with its own interval.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from tqdm import tqdm

from bench.evalsets import Esco, EvalSet, load, make_sets, relevance
from bench.progress import bar, say
from bench.report import write_section
from matching.engine import ENGINE_VERSION, MatchRequest, SkillMatcher

K_NDCG, K_RECALL, N_BOOT = 10, 50, 1000
Ranker = Callable[[MatchRequest], list[int]]


def tfidf_ranker(es: EvalSet, index: dict[str, int], n_skills: int) -> Ranker:
    """Plain TF-IDF cosine: binary skills, smoothed IDF from the candidates, L2 rows, top by X @ q."""
    c = es.candidates
    X = sp.csr_matrix((np.ones(c.nnz), c.skills, c.indptr), shape=(len(c), n_skills))
    tf = TfidfTransformer().fit(X)
    Xt = sp.csr_matrix(tf.transform(X))

    def rank(request: MatchRequest) -> list[int]:
        cols = sorted({index[s.skill] for s in (*request.required, *request.nice_to_have)})
        q = tf.transform(sp.csr_matrix((np.ones(len(cols)), cols, [0, len(cols)]), shape=(1, n_skills)))
        scores = np.asarray((Xt @ q.T).todense()).ravel()
        pos = np.flatnonzero(scores > 0)
        order = np.lexsort((pos, -scores[pos]))[:K_RECALL]  # rows are in id order: ties by id
        return pos[order].tolist()

    return rank


def engine_ranker(es: EvalSet, esco: Esco, params: dict[str, float]) -> Ranker:
    params = dict(params)
    flat_idf = params.pop("_no_idf", 0)
    engine = SkillMatcher(**params).fit(esco.skills, es.candidates)
    if flat_idf:  # ablation: every skill weighs the same (re-indexed: profile norms use the weights)
        engine.idf_ = np.ones_like(engine.idf_)
        engine = engine.with_candidates(es.candidates)
    row_of = {cid: i for i, cid in enumerate(es.candidates.ids.tolist())}

    def rank(request: MatchRequest) -> list[int]:
        return [row_of[m.candidate] for m in engine.rank(request, top=K_RECALL).matches]

    return rank


def metrics(esco: Esco, es: EvalSet, rank: Ranker) -> npt.NDArray[np.float64]:
    """Per request: nDCG@10, MRR, Recall@50."""
    out = np.zeros((len(es.requests), 3))
    discount = 1.0 / np.log2(np.arange(2, K_NDCG + 2))
    pairs = zip(es.requests, es.request_occ.tolist(), strict=True)
    for i, (request, occ) in enumerate(bar(pairs, total=len(es.requests), desc=f"{es.name} requests")):
        rel_all = relevance(esco, occ, es.candidate_occ)
        ranked = rank(request)
        rel = rel_all[ranked]
        gains = 2.0 ** rel[:K_NDCG] - 1
        ideal = 2.0 ** np.sort(rel_all)[::-1][:K_NDCG] - 1
        out[i, 0] = (gains * discount[: gains.shape[0]]).sum() / max((ideal * discount).sum(), 1e-12)
        hits = np.flatnonzero(rel >= 2)
        out[i, 1] = 1.0 / (hits[0] + 1) if hits.size else 0.0
        n_rel = int(np.count_nonzero(rel_all >= 2))
        out[i, 2] = np.count_nonzero(rel[:K_RECALL] >= 2) / n_rel if n_rel else 0.0
    return out


def bootstrap(values: npt.NDArray[np.float64], seed: int) -> tuple[float, float, float]:
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, values.shape[0], (N_BOOT, values.shape[0]))
    means = values[idx].mean(axis=1)
    return float(values.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def evaluate(
    esco: Esco, seed: int, n_requests: int, per_occ: int, params: dict[str, float]
) -> list[tuple[str, str, int, int, npt.NDArray[np.float64], npt.NDArray[np.float64]]]:
    """Per set of ``seed``: (set, ..., per-request metrics of the engine, of TF-IDF)."""
    out = []
    index = {s.id: i for i, s in enumerate(esco.skills)}
    for es in make_sets(esco, seed, n_requests, per_occ):
        t0 = time.perf_counter()
        eng = metrics(esco, es, engine_ranker(es, esco, params))
        t1 = time.perf_counter()
        base = metrics(esco, es, tfidf_ranker(es, index, len(esco.skills)))
        say(f"  seed {seed} {es.name}: engine fit + rank {t1 - t0:.1f} s")
        out.append((str(seed), es.name, len(es.requests), len(es.candidates), eng, base))
    return out


NAMES = ("nDCG@10", "MRR", "Recall@50")


def rows_for(
    seed: str,
    name: str,
    n_req: int,
    n_cand: int,
    eng: npt.NDArray[np.float64],
    base: npt.NDArray[np.float64],
    boot_seed: int,
) -> list[str]:
    rows = []
    for j, metric in enumerate(NAMES):
        e, elo, ehi = bootstrap(eng[:, j], boot_seed)
        b, blo, bhi = bootstrap(base[:, j], boot_seed)
        d, dlo, dhi = bootstrap(eng[:, j] - base[:, j], boot_seed)
        rows.append(
            f"| {seed} | {name} | {n_req} | {n_cand} | {metric} | {e:.3f} [{elo:.3f}, {ehi:.3f}] | "
            f"{b:.3f} [{blo:.3f}, {bhi:.3f}] | **{d:+.3f}** [{dlo:+.3f}, {dhi:+.3f}] |"
        )
    return rows


ABLATIONS: list[tuple[str, dict[str, float]]] = [
    ("engine (defaults)", {}),
    (
        "coverage only (no profile fit, no peers, no focus)",
        {"profile_weight": 0, "peer_weight": 0, "length_penalty": 0},
    ),
    ("without related skills", {"related_weight": 0}),
    ("without profile fit", {"profile_weight": 0}),
    ("without peers", {"peer_weight": 0}),
    ("without rarity weighting (IDF = 1 everywhere)", {"_no_idf": 1}),
]


def ablations(esco: Esco, seed: int, n_requests: int, per_occ: int) -> str:
    lines = [
        "| variant | warm nDCG@10 | cold nDCG@10 | warm - TF-IDF | cold - TF-IDF |",
        "|---|---:|---:|---:|---:|",
    ]
    sets = make_sets(esco, seed, n_requests, per_occ)
    index = {s.id: i for i, s in enumerate(esco.skills)}
    base = {es.name: metrics(esco, es, tfidf_ranker(es, index, len(esco.skills)))[:, 0].mean() for es in sets}
    for label, params in bar(ABLATIONS, desc="ablations"):
        got = {}
        for es in sets:
            got[es.name] = metrics(esco, es, engine_ranker(es, esco, params))[:, 0].mean()
        lines.append(
            f"| {label} | {got['warm']:.3f} | {got['cold']:.3f} | {got['warm'] - base['warm']:+.3f} | "
            f"{got['cold'] - base['cold']:+.3f} |"
        )
        say(f"  ablation {label}: done")
    lines.append(f"| TF-IDF cosine | {base['warm']:.3f} | {base['cold']:.3f} | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Quality of the engine vs TF-IDF cosine on ESCO sets.")
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds (default 1,2,3)")
    parser.add_argument("--requests", type=int, default=400, help="requests per set (default 400)")
    parser.add_argument("--per-occupation", type=int, default=4, help="people per occupation (default 4)")
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
    args = parser.parse_args(argv)
    params: dict[str, float] = {}
    for item in args.param:
        name, _, value = item.partition("=")
        params[name] = int(value) if value.isdigit() else float(value)
    seeds = [int(s) for s in args.seeds.split(",")]
    esco = load()
    head = [
        "## Quality",
        "",
        f"Command: `.venv/bin/python -m bench.eval --seeds {args.seeds}"
        f"{' --ablations' if args.ablations else ''}` on {date.today()}; engine {ENGINE_VERSION}, "
        f"parameters {params or 'default'}. Sets sampled from ESCO v1.2.0 occupation-skill relations "
        f"(`bench/evalsets.py`, data `bench/data/`), {args.per_occupation} people per occupation, "
        f"{args.requests} requests per set (cold: one occupation per ISCO unit group, so fewer). Relevance: "
        "same occupation 3, same ISCO-08 unit group 2, same minor group 1, else 0; 'relevant' for MRR and "
        "Recall@50 = relevance >= 2. Means with 95 % bootstrap intervals over requests (1,000 resamples); "
        "the last column is the paired difference.",
        "",
        "| seed | set | requests | candidates | metric | engine [95% CI] | TF-IDF cosine [95% CI] | "
        "engine - TF-IDF [95% CI] |",
        "|---|---|---:|---:|---|---|---|---|",
    ]
    print("\n".join(head), flush=True)
    table: list[str] = []
    diffs: dict[str, list[float]] = {"warm": [], "cold": []}
    for seed in bar(seeds, desc="seeds", unit=" seed"):
        for seed_s, name, n_req, n_cand, eng, base in evaluate(
            esco, seed, args.requests, args.per_occupation, params
        ):
            rows = rows_for(seed_s, name, n_req, n_cand, eng, base, seed)
            diffs[name].append(float((eng[:, 0] - base[:, 0]).mean()))
            table += rows
            for row in rows:
                tqdm.write(row, file=sys.stdout)  # above the bars, which tqdm draws again below
            sys.stdout.flush()
    summary = [
        "",
        "nDCG@10 difference (engine - TF-IDF) per seed: "
        + "; ".join(
            f"{k} {', '.join(f'{d:+.3f}' for d in v)} (mean {np.mean(v):+.3f})" for k, v in diffs.items()
        ),
    ]
    print("\n".join(summary))
    text = "\n".join(head + table + summary)
    if args.ablations:
        abl = ablations(esco, seeds[0], args.requests, args.per_occupation)
        text += f"\n\nWhat each part contributes (seed {seeds[0]}, nDCG@10):\n\n{abl}"
        print("\n" + abl)
    if not args.no_write:
        write_section("quality", text)


if __name__ == "__main__":
    main()
