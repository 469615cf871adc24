"""Rebuild ``bench/data/esco_eval.json.gz`` from the joined ESCO v1.2.0 files (see ``bench/data/README.md``).

    .venv/bin/python -m bench.build_eval_data --esco SOURCE_DIR/esco

Keeps only what the quality evaluation needs, as integers: each skill's taxonomy path (4 levels of
ESCO skill groups, -1 where absent), each occupation's ISCO-08 unit group, and the occupation -> skill
relations (essential / optional). Skills and occupations are numbered in the order of their ESCO URIs,
groups in order of first appearance; the URIs themselves are not kept. Attribution: see
``bench/data/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "esco_eval.json.gz"


def build(esco: Path) -> dict[str, object]:
    with (esco / "skills_en_fr.csv").open(encoding="utf-8") as f:
        skills = sorted(csv.DictReader(f), key=lambda r: r["conceptUri"])
    with (esco / "occupations_en_fr.csv").open(encoding="utf-8") as f:
        occupations = sorted(csv.DictReader(f), key=lambda r: r["conceptUri"])
    skill_index = {r["conceptUri"]: i for i, r in enumerate(skills)}
    occ_index = {r["conceptUri"]: i for i, r in enumerate(occupations)}
    group_index: dict[str, int] = {}
    paths = []
    for r in skills:
        path = []
        for level in range(4):
            uri = r[f"group_l{level}_uri"]
            path.append(group_index.setdefault(uri, len(group_index)) if uri else -1)
        paths.append(path)
    # ISCO-08 unit groups are 4 digits; ESCO drops the leading zero of the armed forces (0110 -> "110").
    isco = [int(r["iscoGroup"].zfill(4)) for r in occupations]
    relations: dict[tuple[int, int], int] = {}
    with (esco / "occupation_skill_relations.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (occ_index[row["occupationUri"]], skill_index[row["skillUri"]])
            essential = int(row["relationType"] == "essential")
            relations[key] = max(relations.get(key, 0), essential)  # listed twice -> essential
    essential: list[list[int]] = [[] for _ in occupations]
    optional: list[list[int]] = [[] for _ in occupations]
    for (o, s), ess in sorted(relations.items()):
        (essential if ess else optional)[o].append(s)
    source = hashlib.sha256()
    for name in ("skills_en_fr.csv", "occupations_en_fr.csv", "occupation_skill_relations.csv"):
        source.update((esco / name).read_bytes())
    return {
        "format": 1,
        "source": "ESCO v1.2.0 (see bench/data/README.md)",
        "source_sha256": source.hexdigest(),
        "n_skills": len(skills),
        "n_groups": len(group_index),
        "skill_groups": paths,
        "occupation_isco": isco,
        "essential": essential,
        "optional": optional,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, required=True, help="folder of the joined ESCO files")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = build(args.esco)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, separators=(",", ":")).encode()
    with gzip.GzipFile(args.out, "wb", mtime=0) as f:  # mtime=0: the same input gives the same bytes
        f.write(raw)
    n_rel = sum(len(x) for x in data["essential"]) + sum(len(x) for x in data["optional"])  # type: ignore[arg-type]
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB): {data['n_skills']} skills, "
        f"{len(data['occupation_isco'])} occupations, {n_rel} relations"
    )  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
