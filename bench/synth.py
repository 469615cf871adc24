"""Generated skills library, candidates and requests for the speed benchmark (not for quality).

The world: a library of ``n_skills`` skills in a 4-level taxonomy (4 pillars, 28, 150, 450 groups of
skewed sizes); 400 roles, each with 40 core skills drawn mostly from 3 groups; skill popularity is Zipf
(exponent 1, offset 10) over a random order of the skills. A candidate picks a role (Zipf 0.8 over roles),
10-40 skills, about two thirds from the role's core and the rest by global popularity; levels, years and
currency are random; 80 % are in one pool, 15 % in two, 5 % in none (50 pools, Zipf). A request picks a
role, 4-10 required skills from its core and 0-5 nice-to-have ones; half search all pools.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.engine import CandidateArrays, MatchRequest, RequestSkill, SkillInfo

N_ROLES, CORE, N_POOLS = 400, 40, 50


@dataclass(frozen=True)
class World:
    skills: list[SkillInfo]
    popularity: npt.NDArray[np.float64]
    role_core: npt.NDArray[np.int64]
    role_p: npt.NDArray[np.float64]


def _zipf(n: int, s: float, offset: float = 0.0) -> npt.NDArray[np.float64]:
    w = 1.0 / (np.arange(1, n + 1) + offset) ** s
    return w / w.sum()


def make_world(n_skills: int = 5000, seed: int = 0) -> World:
    rng = np.random.default_rng(seed)
    l3 = 450
    sizes = rng.dirichlet(np.full(l3, 0.8)) * n_skills
    group_of = np.minimum(np.searchsorted(np.cumsum(sizes), np.arange(n_skills) + 0.5), l3 - 1)
    group_of = rng.permutation(group_of)
    l2_of_l3 = np.sort(rng.integers(0, 150, l3))
    l1_of_l2 = np.sort(rng.integers(0, 28, 150))
    l0_of_l1 = np.sort(rng.integers(0, 4, 28))
    skills = []
    for i in range(n_skills):
        g3 = int(group_of[i])
        g2 = int(l2_of_l3[g3])
        g1 = int(l1_of_l2[g2])
        g0 = int(l0_of_l1[g1])
        skills.append(
            SkillInfo(
                f"S{i:05d}", f"skill {i}", f"compétence {i}", (f"P{g0}", f"G1-{g1}", f"G2-{g2}", f"G3-{g3}")
            )
        )
    popularity = np.empty(n_skills)
    popularity[rng.permutation(n_skills)] = _zipf(n_skills, 1.0, 10.0)
    members = [np.flatnonzero(group_of == g) for g in range(l3)]
    core = np.empty((N_ROLES, CORE), np.int64)
    for r in range(N_ROLES):
        pool = np.unique(np.concatenate([members[g] for g in rng.choice(l3, 3, replace=False)]))
        n_grp = min(pool.shape[0], 28)
        picked = list(rng.choice(pool, n_grp, replace=False))
        while len(picked) < CORE:
            extra = int(rng.choice(n_skills, p=popularity))
            if extra not in picked:
                picked.append(extra)
        core[r] = picked
    return World(skills, popularity, core, _zipf(N_ROLES, 0.8))


def make_candidates(world: World, n: int, seed: int = 1, id_prefix: str = "c") -> CandidateArrays:
    rng = np.random.default_rng(seed)
    n_skills = len(world.skills)
    cdf = np.cumsum(world.popularity)
    parts_ptr, parts_sk = [np.zeros(1, np.int64)], []
    chunk = 200_000
    offset = 0
    for a in range(0, n, chunk):
        b = min(n, a + chunk)
        m = b - a
        role = rng.choice(N_ROLES, m, p=world.role_p)
        k = rng.integers(10, 41, m)
        n_core = np.rint(k * rng.uniform(0.55, 0.8, m)).astype(np.int64)
        n_glob = k - n_core
        keys = rng.random((m, CORE))
        pick = np.take_along_axis(world.role_core[role], np.argsort(keys, axis=1), axis=1)
        pick[np.arange(CORE)[None, :] >= n_core[:, None]] = -1
        glob = np.minimum(np.searchsorted(cdf, rng.random((m, 20))), n_skills - 1)
        glob[np.arange(20)[None, :] >= n_glob[:, None]] = -1
        allsk = np.sort(np.concatenate([pick, glob], axis=1), axis=1)
        valid = allsk >= 0
        valid[:, 1:] &= allsk[:, 1:] != allsk[:, :-1]
        counts = valid.sum(axis=1)
        parts_sk.append(allsk[valid])
        offset_ptr = np.cumsum(counts) + offset
        parts_ptr.append(offset_ptr)
        offset = int(offset_ptr[-1])
    indptr = np.concatenate(parts_ptr)
    skills = np.concatenate(parts_sk)
    nnz = skills.shape[0]
    levels = rng.choice(5, nnz, p=[0.05, 0.2, 0.35, 0.28, 0.12])
    years = np.round(rng.exponential(3.0, nnz) * 2) / 2
    years[rng.random(nnz) < 0.1] = np.nan
    current = rng.random(nnz) < 0.8
    n_pools = rng.choice(3, n, p=[0.05, 0.8, 0.15])
    pool_p = _zipf(N_POOLS, 0.7)
    pools_flat = rng.choice(N_POOLS, int(n_pools.sum()), p=pool_p)
    pool_ptr = np.zeros(n + 1, np.int64)
    np.cumsum(n_pools, out=pool_ptr[1:])
    width = len(str(n))
    ids = np.char.add(id_prefix, np.char.zfill(np.arange(n).astype(np.str_), width))
    return CandidateArrays.build(
        ids,
        indptr,
        skills,
        levels=levels,
        years=years,
        current=current,
        pool_indptr=pool_ptr,
        pools=pools_flat,
        pool_names=[f"pool-{p:02d}" for p in range(N_POOLS)],
    )


def make_requests(world: World, m: int, seed: int = 2) -> list[MatchRequest]:
    rng = np.random.default_rng(seed)
    out = []
    ids = [s.id for s in world.skills]
    for i in range(m):
        role = int(rng.choice(N_ROLES, p=world.role_p))
        core = rng.permutation(world.role_core[role])
        n_req, n_nice = int(rng.integers(4, 11)), int(rng.integers(0, 6))
        req = [
            RequestSkill(ids[s], int(rng.integers(1, 4)) if rng.random() < 0.8 else None)
            for s in core[:n_req].tolist()
        ]
        nice = [RequestSkill(ids[s]) for s in core[n_req : n_req + n_nice].tolist()]
        pools = (
            None
            if rng.random() < 0.5
            else tuple(
                f"pool-{p:02d}" for p in sorted(set(rng.choice(N_POOLS, int(rng.integers(1, 3))).tolist()))
            )
        )
        out.append(MatchRequest(f"r{i}", tuple(req), tuple(nice), pools))
    return out
