"""Speed of the matching engine beside plain TF-IDF cosine and a naive pure-Python loop (``make bench``).

    .venv/bin/python -m bench.speed [--sizes 10000,100000,1000000] [--requests 300] [--no-write]

Each size runs in its own process (so resident memory is measured cleanly) on generated data
(``bench/synth.py``: 5,000 skills, Zipf popularity, 10-40 skills per candidate). Per size: fit time and
resident memory, per-request latency for the top 50 with explanations (median, p95, p99: medians over 5
rounds of each round's figure), batch throughput in one process and in two worker processes,
incremental update time, and the scoring time against the memory-bandwidth limit. Two TF-IDF cosine
baselines run on the same requests: through an inverted index (reads only the request's skills'
columns, as the engine does) and as a full scan (CSR matrix times the request vector); both must
return the same lists. The naive loop (the engine's coverage score, candidate by candidate, in pure
Python) runs on a few requests only, its per-request time being the same for every request (it reads
every candidate). Results go to the speed section of ``bench/RESULTS.md`` and
``bench/results/speed.json``, then the summary is rebuilt (``bench/report.py``)."""

from __future__ import annotations

import argparse
import gc
import heapq
import json
import multiprocessing as mp
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from bench import report
from bench.progress import bar, say
from bench.report import fmt_ratio
from bench.synth import World, make_candidates, make_requests, make_world
from matching.engine import (
    ENGINE_VERSION,
    CandidateProfile,
    CandidateSkill,
    MatchRequest,
    RequestSkill,
    SkillMatcher,
)
from matching.engine.scoring import BufferPool, top_candidates

TOP = 50
LATENCY_ROUNDS = 5
LEGEND = """\
- latency: wall-clock of `SkillMatcher.rank(request, top=50)` (scan, re-rank, explanations of all 50)
  after 20 warm-up requests; every request is timed in 5 rounds, and each figure (median, p95, p99) is
  the median over the rounds of that round's figure (on a shared machine other jobs' bursts move a
  round by 10-20 %); both TF-IDF baselines are timed the same way; *scoring only* is the column scan and
  top-100 selection alone;
- TF-IDF cosine, inverted index (the fair baseline): L2-normalised TF-IDF rows (float32) stored by skill
  (CSC); a request reads only its skills' columns, adds each one times the request's TF-IDF weight into
  a score buffer and takes the top 50 (`argpartition`, ties by candidate) among the candidates those
  columns name; no explanations; its batch ranks the requests one by one. *Same lists*: requests for
  which it returns exactly the full scan's top 50;
- TF-IDF cosine, full scan: the same rows by candidate (CSR) times the request's TF-IDF vector, so every
  candidate is read for every request; its batch is one sparse matrix product per 100 requests;
- naive loop: the engine's coverage score (exact and related skills, levels) computed candidate by
  candidate over dicts in pure Python; measured on a few requests only (every request reads every
  candidate, so the per-request time is the same for all; the batch rate is its inverse);
- batch: `rank_many` over 300 requests; 2 processes: forked after the fit, each ranks half; best of 3
  runs each (the second core is often busy with other jobs: then two processes cannot scale);
- memory: resident-set growth over `fit` (inputs excluded, libraries loaded beforehand) per candidate;
  *index* counts the index arrays (both segments) per candidate; the weights, skill vectors and
  related-skills matrix grow with the library, not with the candidates (*library*, about 6 MB for
  5,000 skills). The allocator may hand the fit memory freed earlier (the generated inputs'
  temporaries), which hides it from the resident-set growth (freed memory is handed back to the system
  before each reading), so the target is checked against the larger of the RSS growth without the
  library and the index;
- update: `update_candidates([one profile])` (100 changed, 100 new candidates, in turn), then a ranking
  on every tenth one checks that it is found; *merge* folds the 200 into the main index;
- bandwidth: scoring-only time over the time to read the entries of the columns a request touches (5
  bytes each: a row index and a code) at the copy bandwidth.
"""


def rss() -> int:
    """Resident bytes, after handing memory freed by earlier work back to the system (glibc keeps freed
    blocks, so a fit's temporaries would otherwise be counted as if the index held them)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def copy_bandwidth() -> float:
    """Bytes per second moved by a numpy copy of a 512 MB array (read + write), best of 5."""
    src = np.ones(512 * 2**20 // 8, np.float64)
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t)
    return 2 * src.nbytes / best


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def percentiles(ms: list[float]) -> dict[str, float]:
    a = np.asarray(ms)
    return {
        "median": float(np.median(a)),
        "p95": float(np.percentile(a, 95)),
        "p99": float(np.percentile(a, 99)),
    }


# ---------------------------------------------------------------------------------------------- baselines
def top_rows(rows: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` best of ``rows`` by score (positive scores only), ties by row: the same list whatever
    order the rows come in (``argpartition`` alone would pick any of the rows tied at the boundary)."""
    keep = scores > 0
    rows, scores = rows[keep], scores[keep]
    if rows.shape[0] > k:
        kth = np.partition(scores, rows.shape[0] - k)[rows.shape[0] - k]
        keep = scores >= kth
        rows, scores = rows[keep], scores[keep]
    return rows[np.lexsort((rows, -scores))[:k]]


class Tfidf:
    """Plain TF-IDF cosine, full scan: L2-normalised TF-IDF rows (CSR, float32) times the request's
    TF-IDF vector, so every candidate's row is read for every request."""

    def __init__(self, X: sp.csr_matrix, ids: np.ndarray, index: dict[str, int]) -> None:
        self.tf = TfidfTransformer().fit(X)
        self.X = sp.csr_matrix(self.tf.transform(X), dtype=np.float32)
        self.X.sort_indices()  # both baselines then add a row's terms in the same order: the same floats
        self.idf = self.tf.idf_
        self.ids, self.index, self.n_skills = ids, index, X.shape[1]
        self.rows = np.arange(X.shape[0])

    def weights(self, request: MatchRequest) -> tuple[np.ndarray, np.ndarray]:
        """The request's skills (sorted) and their L2-normalised TF-IDF weights (binary term counts)."""
        cols = np.unique([self.index[s.skill] for s in (*request.required, *request.nice_to_have)])
        w = self.idf[cols]
        return cols, (w / np.sqrt(w @ w)).astype(np.float32)

    def query(self, request: MatchRequest) -> sp.csr_matrix:
        cols, w = self.weights(request)
        return sp.csr_matrix((w, cols, [0, cols.shape[0]]), shape=(1, self.n_skills))

    def rank(self, request: MatchRequest) -> list[str]:
        cols, w = self.weights(request)
        q = np.zeros(self.n_skills, np.float32)
        q[cols] = w
        scores = self.X @ q
        return self.ids[top_rows(self.rows, scores, TOP)].tolist()

    def rank_batch(self, requests: list[MatchRequest]) -> None:
        Q = sp.vstack([self.query(r) for r in requests]).T.tocsc()
        scores = (self.X @ Q).toarray()
        for j in range(scores.shape[1]):
            top_rows(self.rows, scores[:, j], TOP)

    def nbytes(self) -> int:
        return int(self.X.data.nbytes + self.X.indices.nbytes + self.X.indptr.nbytes)


class TfidfIndex(Tfidf):
    """Plain TF-IDF cosine through an inverted index: the same L2-normalised rows stored by skill (CSC),
    and a request reads only its skills' columns, adding each column times the request's weight into
    a score buffer; the top 50 are chosen among the candidates those columns name."""

    def __init__(self, X: sp.csr_matrix, ids: np.ndarray, index: dict[str, int]) -> None:
        super().__init__(X, ids, index)
        C = sp.csc_matrix(self.X)
        del self.X
        self.col_ptr, self.row, self.data = C.indptr, C.indices, C.data
        self.buf = np.zeros(len(ids), np.float32)  # all zeros between requests
        self.seen = np.zeros(len(ids), np.bool_)

    def rank(self, request: MatchRequest) -> list[str]:
        cols, w = self.weights(request)
        buf, seen, ptr = self.buf, self.seen, self.col_ptr
        touched = []
        for c, wc in zip(cols.tolist(), w, strict=True):
            a, b = ptr[c], ptr[c + 1]
            r = self.row[a:b]  # distinct within a column: a plain scatter-add is exact
            buf[r] += wc * self.data[a:b]
            touched.append(r[~seen[r]])
            seen[r] = True
        rows = np.concatenate(touched) if touched else np.zeros(0, np.int32)
        scores = buf[rows]
        buf[rows] = 0
        seen[rows] = False
        return self.ids[top_rows(rows, scores, TOP)].tolist()

    def rank_batch(self, requests: list[MatchRequest]) -> None:
        for r in requests:
            self.rank(r)

    def nbytes(self) -> int:
        return int(self.data.nbytes + self.row.nbytes + self.col_ptr.nbytes)


class Naive:
    """The engine's coverage score, one candidate at a time, in pure Python (dicts and loops)."""

    def __init__(self, engine: SkillMatcher, arrays: Any) -> None:
        self.table = engine.table_.tolist()
        self.idf = engine.idf_.tolist()
        sim = engine.relatedness_.similarity_
        self.related = [
            list(
                zip(
                    sim.indices[sim.indptr[s] : sim.indptr[s + 1]].tolist(),
                    sim.data[sim.indptr[s] : sim.indptr[s + 1]].tolist(),
                    strict=True,
                )
            )
            for s in range(sim.shape[0])
        ]
        self.index, self.rw, self.nice = (
            engine.skill_index_,
            engine.related_weight,
            engine.nice_to_have_weight,
        )
        skills, codes, ptr = arrays.skills.tolist(), arrays.codes.tolist(), arrays.indptr.tolist()
        self.people = [
            (cid, dict(zip(skills[a:b], codes[a:b], strict=True)))
            for cid, a, b in zip(arrays.ids.tolist(), ptr[:-1], ptr[1:], strict=True)
        ]

    def rank(self, request: MatchRequest) -> list[str]:
        items = [(self.index[s.skill], 1.0, s.level or 0) for s in request.required]
        items += [(self.index[s.skill], self.nice, s.level or 0) for s in request.nice_to_have]
        total = sum(w * self.idf[s] for s, w, _ in items)
        best: list[tuple[float, str]] = []
        for cid, held in self.people:
            score = 0.0
            for s, w, level in items:
                row = self.table[level]
                credit = row[held[s]] if s in held else 0.0
                for t, sim in self.related[s]:
                    if t in held:
                        credit = max(credit, self.rw * sim * row[held[t]])
                score += w * self.idf[s] * credit
            if score > 0:
                best.append((-score / total, cid))
        return [cid for _, cid in heapq.nsmallest(TOP, best)]


# ------------------------------------------------------------------------------------------ one size
_ENGINE: SkillMatcher | None = None


def _worker(requests: list[MatchRequest]) -> int:
    assert _ENGINE is not None
    for r in requests:
        _ENGINE.rank(r, top=TOP)
    return len(requests)


def _throughput(requests: list[MatchRequest], workers: int) -> float:
    chunks = [requests[i::workers] for i in range(workers)]
    with mp.get_context("fork").Pool(workers) as pool:
        pool.map(_worker, [requests[:4]] * workers)  # start the workers before timing
        t = time.perf_counter()
        pool.map(_worker, chunks)
        return len(requests) / (time.perf_counter() - t)


def _profiles_changed(world: World, n: int, count: int, seed: int) -> list[CandidateProfile]:
    """Some existing candidates with new skills, and some new candidates."""
    rng = np.random.default_rng(seed)
    ids = [f"c{i:0{len(str(n))}d}" for i in rng.choice(n, count // 2, replace=False)]
    ids += [f"new-{i:05d}" for i in range(count - len(ids))]
    out = []
    for cid in ids:
        skills = rng.choice(len(world.skills), int(rng.integers(10, 41)), replace=False, p=world.popularity)
        out.append(
            CandidateProfile(
                cid,
                tuple(
                    CandidateSkill(
                        world.skills[s].id, int(rng.integers(1, 5)), float(rng.integers(0, 15)) / 2
                    )
                    for s in skills
                ),
                ("pool-00",),
            )
        )
    return out


def latency(rank: Any, requests: list[MatchRequest], rounds: int = LATENCY_ROUNDS) -> dict[str, float]:
    """Milliseconds of ``rank(request)``: every request is timed in each of ``rounds`` rounds, and each
    statistic (median, p95, p99) is the median over the rounds of that round's statistic."""
    per_round = []
    for _ in range(rounds):
        times = []
        for r in requests:
            t = time.perf_counter()
            rank(r)
            times.append((time.perf_counter() - t) * 1e3)
        per_round.append(percentiles(times))
    return {k: float(np.median([p[k] for p in per_round])) for k in per_round[0]}


def run_size(n: int, n_requests: int, n_naive: int) -> dict[str, Any]:
    global _ENGINE
    out: dict[str, Any] = {"n": n}
    stages = bar(total=7, desc=f"{n:,} candidates", unit=" stages")

    def stage(name: str) -> None:
        stages.set_postfix_str(name, refresh=False)
        stages.update()

    stages.set_postfix_str("data")
    world = make_world(5000)
    requests = make_requests(world, n_requests, seed=2)
    batch = make_requests(world, max(200, n_requests), seed=3)
    arrays = make_candidates(world, n, seed=1)
    out["nnz"] = arrays.nnz
    df = np.bincount(arrays.skills, minlength=len(world.skills))
    out["top_skill_share"] = float(df.max() / n)
    out["top10_share"] = float(np.sort(df)[-10:].mean() / n)
    # Load every library the fit uses first, so that their code is not counted as candidates' memory.
    SkillMatcher().fit(world.skills, make_candidates(world, 2000, seed=9)).rank(requests[0], top=TOP)
    gc.collect()
    stage("fit")
    before = rss()
    t = time.perf_counter()
    engine = SkillMatcher().fit(world.skills, arrays)
    out["fit_s"] = time.perf_counter() - t
    gc.collect()
    out["rss_bytes_per_candidate"] = (rss() - before) / n
    out["nbytes_per_candidate"] = engine.nbytes() / n
    index_bytes = engine.index_.main.nbytes() + engine.index_.delta.nbytes()
    out["index_bytes_per_candidate"] = index_bytes / n
    out["library_mb"] = (engine.nbytes() - index_bytes) / 2**20
    out["rss_net_per_candidate"] = max(
        0.0, out["rss_bytes_per_candidate"] - (engine.nbytes() - index_bytes) / n
    )

    stage("latency")
    for r in requests[:20]:
        engine.rank(r, top=TOP)
    lat = latency(lambda r: engine.rank(r, top=TOP), requests)
    score_ms, entries = [], []
    pool = BufferPool()
    index = engine.index_
    for r in requests:
        plan = engine._budgeted_plan(r, index)
        allowed = index.pools.allowed(r.pools)
        t = time.perf_counter()
        pool_ids = index.pools.pool_ids(r.pools) if r.pools is not None else None
        top_candidates(
            index.main, plan, allowed, max(TOP, engine.rerank_depth), pool, index.dead_mask, pool_ids
        )
        score_ms.append((time.perf_counter() - t) * 1e3)
        entries.append(
            int((index.main.col_ptr[plan.col_skill + 1] - index.main.col_ptr[plan.col_skill]).sum())
        )
    out["latency_ms"] = lat
    out["scoring_ms"] = percentiles(score_ms)
    out["entries_per_request"] = float(np.median(entries))
    out["score_ms_per_entry_ns"] = float(np.median(np.asarray(score_ms) * 1e6 / np.maximum(entries, 1)))

    stage("throughput")
    one = []
    for _ in range(3):  # best of 3: other jobs share the machine (as timeit does)
        t = time.perf_counter()
        engine.rank_many(batch, top=TOP)
        one.append(len(batch) / (time.perf_counter() - t))
    out["batch_1"] = max(one)
    _ENGINE = engine
    out["batch_2"] = max(_throughput(batch, 2) for _ in range(3))

    stage("updates")
    changed = _profiles_changed(world, n, 200, seed=4)
    upd, seen = [], 0
    for i, p in enumerate(changed):
        t = time.perf_counter()
        engine.update_candidates([p])
        upd.append((time.perf_counter() - t) * 1e3)
        if i % 10 == 0:  # the next ranking sees it: a request made of its own rarest skills finds it
            rare = sorted(p.skills, key=lambda s: -float(engine.idf_[engine.skill_index_[s.skill]]))[:6]
            probe = MatchRequest("probe", required=tuple(RequestSkill(s.skill) for s in rare), pools=p.pools)
            seen += any(m.candidate == p.id for m in engine.rank(probe, top=TOP).matches)
    out["update_ms"] = percentiles(upd)
    out["update_visible"] = f"{seen}/{len(range(0, len(changed), 10))}"
    t = time.perf_counter()
    engine.merge()
    out["merge_s"] = time.perf_counter() - t
    del engine
    _ENGINE = None
    gc.collect()

    stage("TF-IDF")
    X = sp.csr_matrix(
        (np.ones(arrays.nnz, np.float32), arrays.skills, arrays.indptr), shape=(n, len(world.skills))
    )
    index_of = {s.id: i for i, s in enumerate(world.skills)}
    for key, cls in (("tfidf_index", TfidfIndex), ("tfidf", Tfidf)):
        t = time.perf_counter()
        tfidf = cls(X, arrays.ids, index_of)
        out[f"{key}_fit_s"] = time.perf_counter() - t
        out[f"{key}_bytes_per_candidate"] = tfidf.nbytes() / n
        for r in requests[:20]:
            tfidf.rank(r)
        out[f"{key}_latency_ms"] = latency(tfidf.rank, requests)
        t = time.perf_counter()
        for i in range(0, len(batch), 100):
            tfidf.rank_batch(batch[i : i + 100])
        out[f"{key}_batch"] = len(batch) / (time.perf_counter() - t)
        if key == "tfidf_index":
            index_lists = [tfidf.rank(r) for r in requests]
        else:  # the two read the same numbers in the same order: they must return the same lists
            same = sum(tfidf.rank(r) == got for r, got in zip(requests, index_lists, strict=True))
            out["tfidf_same_top"] = f"{same}/{len(requests)}"
        del tfidf
        gc.collect()
    del X
    gc.collect()

    stage("naive loop")
    engine = SkillMatcher().fit(world.skills, arrays)
    t = time.perf_counter()
    naive = Naive(engine, arrays)
    out["naive_fit_s"] = time.perf_counter() - t + out["fit_s"]
    nl = []
    for r in requests[:n_naive]:
        t = time.perf_counter()
        naive.rank(r)
        nl.append((time.perf_counter() - t) * 1e3)
    out["naive_latency_ms"] = percentiles(nl)
    out["naive_requests"] = n_naive
    stage("done")
    stages.close()
    return out


# ----------------------------------------------------------------------------------------------- report
def _lat(p: dict[str, float], digits: int = 2) -> str:
    return f"{p['median']:.{digits}f} / {p['p95']:.{digits}f} / {p['p99']:.{digits}f}"


def tables(results: list[dict[str, Any]], bandwidth: float) -> str:
    out = [
        "Per-request latency, top 50 (ms: median / p95 / p99; the engine with explanations):",
        "",
        "| candidates | engine | TF-IDF cosine, inverted index | TF-IDF cosine, full scan | naive Python "
        "loop | engine vs TF-IDF, inverted index | engine vs TF-IDF, full scan | engine vs naive | TF-IDF: "
        "same lists |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        e, ti, t, nv = (
            r["latency_ms"],
            r["tfidf_index_latency_ms"],
            r["tfidf_latency_ms"],
            r["naive_latency_ms"],
        )
        out.append(
            f"| {r['n']:,} | {_lat(e)} | {_lat(ti)} | {_lat(t)} | "
            f"{_lat(nv, 0)} ({r['naive_requests']} requests) | "
            f"{fmt_ratio(ti['median'] / e['median'])} | {fmt_ratio(t['median'] / e['median'])} | "
            f"{nv['median'] / e['median']:.0f}x faster | {r['tfidf_same_top']} |"
        )
    out += [
        "",
        "| candidates | batch, 1 process (req/s) | 2 processes (req/s) | TF-IDF batch: inverted index / "
        "full scan (req/s) | fit (s) | TF-IDF fit: inverted index / full scan (s) | memory (B/candidate) | "
        "TF-IDF matrix (B/candidate) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        out.append(
            f"| {r['n']:,} | {r['batch_1']:.0f} | {r['batch_2']:.0f} (x{r['batch_2'] / r['batch_1']:.2f}) | "
            f"{r['tfidf_index_batch']:.0f} / {r['tfidf_batch']:.0f} | {r['fit_s']:.1f} | "
            f"{r['tfidf_index_fit_s']:.1f} / {r['tfidf_fit_s']:.1f} | "
            f"{r['rss_bytes_per_candidate']:.0f} RSS ({r['rss_net_per_candidate']:.0f} without the "
            f"{r['library_mb']:.1f} MB library), {r['index_bytes_per_candidate']:.0f} index | "
            f"{r['tfidf_index_bytes_per_candidate']:.0f} |"
        )
    out += [
        "",
        "| candidates | update one candidate (ms, median / p95 / p99) | visible to the next ranking | "
        "merge of 200 updates (s) | scoring only (ms, median) | entries read | x bandwidth limit |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        limit_ms = r["entries_per_request"] * 5 / bandwidth * 1e3
        out.append(
            f"| {r['n']:,} | {_lat(r['update_ms'])} | {r['update_visible']} | {r['merge_s']:.2f} | "
            f"{r['scoring_ms']['median']:.2f} | {r['entries_per_request']:,.0f} | "
            f"{r['scoring_ms']['median'] / limit_ms:.0f}x |"
        )
    return "\n".join(out)


def check_rows(results: list[dict[str, Any]]) -> list[tuple[str, str, bool]]:
    """The targets: (target, measured, met)."""
    by = {r["n"]: r for r in results}
    rows: list[tuple[str, str, bool]] = []
    if 100_000 in by:
        lat = by[100_000]["latency_ms"]
        rows.append(("100k: median <= 2 ms", f"{lat['median']:.2f} ms", lat["median"] <= 2))
        rows.append(("100k: p95 <= 5 ms", f"{lat['p95']:.2f} ms", lat["p95"] <= 5))
    if 1_000_000 in by:
        r = by[1_000_000]
        lat = r["latency_ms"]
        rows += [
            ("1M: median <= 10 ms", f"{lat['median']:.2f} ms", lat["median"] <= 10),
            ("1M: p95 <= 20 ms", f"{lat['p95']:.2f} ms", lat["p95"] <= 20),
            ("1M: p99 <= 3x median", f"{lat['p99'] / lat['median']:.2f}x", lat["p99"] <= 3 * lat["median"]),
            (
                ">= 200x faster than the naive loop at 1M",
                f"{r['naive_latency_ms']['median'] / lat['median']:.0f}x",
                r["naive_latency_ms"]["median"] >= 200 * lat["median"],
            ),
            ("1M: batch >= 100 requests/s", f"{r['batch_1']:.0f}/s", r["batch_1"] >= 100),
            (
                "1M: 2 processes >= 1.5x one",
                f"x{r['batch_2'] / r['batch_1']:.2f}",
                r["batch_2"] >= 1.5 * r["batch_1"],
            ),
            ("1M: refit from arrays <= 60 s", f"{r['fit_s']:.1f} s", r["fit_s"] <= 60),
        ]
    for r in results:
        rows.append(
            (
                f"{r['n']:,}: memory <= 600 B/candidate",
                f"{max(r['rss_net_per_candidate'], r['index_bytes_per_candidate']):.0f} B",
                max(r["rss_net_per_candidate"], r["index_bytes_per_candidate"]) <= 600,
            )
        )
        rows.append(
            (
                f"{r['n']:,}: update visible within 10 ms (p99)",
                f"{r['update_ms']['p99']:.2f} ms",
                r["update_ms"]["p99"] <= 10
                and r["update_visible"].split("/")[0] == r["update_visible"].split("/")[1],
            )
        )
    return rows


def checks_table(rows: list[tuple[str, str, bool]]) -> str:
    lines = ["| target | measured | met |", "|---|---:|:---:|"]
    lines += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in rows]
    return "\n".join(lines)


def render(saved: dict[str, Any]) -> str:
    """The speed section, from what ``main`` saves (``bench/results/speed.json``)."""
    results, load = saved["results"], saved["load"]
    header = (
        f"{saved['title']}\n\nCommand: `{saved['command']}` on {saved['date']}, engine {saved['engine']}: "
        f"{saved['machine']}, one process unless stated; load average {load[0]:.1f} at the start and "
        f"{load[1]:.1f} at the end (other jobs share the machine: latencies are wall-clock and include their "
        "interference). Copy bandwidth (numpy copy of 512 MB, read + write): "
        f"{saved['bandwidth'] / 1e9:.1f} GB/s.\n\n"
        "Data (`bench/synth.py`): 5,000 skills in a 4-level taxonomy, Zipf popularity, 10-40 skills per "
        f"candidate; the most popular skill is held by {results[-1]['top_skill_share']:.0%} of candidates, "
        f"the 10 most popular by {results[-1]['top10_share']:.0%} on average. {saved['requests']} requests "
        "(4-10 required and 0-5 nice-to-have skills, half restricted to 1-2 of 50 pools; TF-IDF ignores "
        "pools).\n\n" + LEGEND
    )
    return (
        header
        + "\n"
        + tables(results, saved["bandwidth"])
        + "\n\nTargets:\n\n"
        + checks_table([tuple(c) for c in saved["checks"]])
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Speed of the engine vs TF-IDF cosine and a naive loop.")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    # Set by bench/compare.py, which runs this on another engine into a section and a file of its own.
    parser.add_argument("--engine-path", help=argparse.SUPPRESS)
    parser.add_argument("--section", default="speed", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--title", default="## Speed", help=argparse.SUPPRESS)
    parser.add_argument("--command", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        n_naive = 20 if args.one <= 10_000 else 5 if args.one <= 100_000 else 3
        print(json.dumps(run_size(args.one, args.requests, n_naive)))
        return
    load_start = os.getloadavg()[0]
    bandwidth = copy_bandwidth()
    results = []
    sizes = [int(s) for s in args.sizes.split(",")]
    # Each size in a process of its own (through bench.compare when another checkout's engine is measured).
    child = [sys.executable, "-m", "bench.speed"]
    if args.engine_path:
        child = [sys.executable, "-m", "bench.compare", "--engine-path", args.engine_path, "speed"]
    for n in bar(sizes, desc="sizes", unit=" size", leave=True):
        say(f"running {n:,} candidates ...")
        # Its stderr (errors, its stage bar) goes to the terminal.
        proc = subprocess.run(
            [*child, "--one", str(n), "--requests", str(args.requests)],
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            sys.exit(f"size {n} failed (its error is above)")
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    load = os.getloadavg()
    saved = {
        "title": args.title,
        "command": args.command or f".venv/bin/python -m bench.speed --sizes {args.sizes}",
        "date": str(date.today()),
        "engine": ENGINE_VERSION,
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy "
        f"{np.__version__}",
        "load": [load_start, load[0]],
        "bandwidth": bandwidth,
        "requests": args.requests,
        "results": results,
        "checks": check_rows(results),
    }
    text = render(saved)
    print(text)
    if not args.no_write:
        report.write_section(args.section, text)
        report.save_json(args.json or report.RESULTS_DIR / f"{args.section}.json", saved)
        if args.section == "speed":
            report.write_summary()


if __name__ == "__main__":
    main()
