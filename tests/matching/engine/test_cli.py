"""``python -m matching rank``, run as a subprocess: the good path and each bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SKILLS = [
    {"id": "postgresql", "label_en": "PostgreSQL", "label_fr": "PostgreSQL", "groups": ["ict", "db"]},
    {"id": "mysql", "label_en": "MySQL", "label_fr": "MySQL", "groups": ["ict", "db"]},
    {"id": "python", "label_en": "Python", "label_fr": "Python", "groups": ["ict", "prog"]},
    {"id": "java", "label_en": "Java", "label_fr": "Java", "groups": ["ict", "prog"]},
]
CANDIDATES = [
    {
        "id": "c1",
        "skills": [{"skill": "postgresql", "level": 3, "years": 3.5}, {"skill": "python"}],
        "pools": ["p1"],
    },
    {"id": "c2", "skills": [{"skill": "mysql", "level": 4}, {"skill": "python"}], "pools": ["p1"]},
    {"id": "c3", "skills": [{"skill": "java"}], "pools": ["p2"]},
    {"id": "c4", "skills": [{"skill": "postgresql"}]},
]
REQUESTS = [
    {
        "id": "r1",
        "required": [{"skill": "postgresql", "level": 2}],
        "nice_to_have": [{"skill": "python"}],
        "pools": ["p1"],
    },
    {"id": "r2", "required": [{"skill": "java"}]},
]


def write(path: Path, rows: list[dict[str, object]] | str) -> Path:
    path.write_text(rows if isinstance(rows, str) else "".join(json.dumps(r) + "\n" for r in rows))
    return path


def run(
    tmp_path: Path,
    skills: object = SKILLS,
    candidates: object = CANDIDATES,
    requests: object = REQUESTS,
    *extra: str,
) -> subprocess.CompletedProcess[str]:
    args = [
        sys.executable,
        "-m",
        "matching",
        "rank",
        "--skills",
        str(write(tmp_path / "skills.jsonl", skills)),  # type: ignore[arg-type]
        "--candidates",
        str(write(tmp_path / "candidates.jsonl", candidates)),  # type: ignore[arg-type]
        "--requests",
        str(write(tmp_path / "requests.jsonl", requests)),  # type: ignore[arg-type]
        "--top",
        "10",
        *extra,
    ]
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)


def test_good_run(tmp_path: Path) -> None:
    proc = run(tmp_path, SKILLS, [*CANDIDATES, {"id": "c9", "skills": [], "pools": ["p1"]}])
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [x["request"] for x in lines] == ["r1", "r2"]
    r1 = lines[0]["matches"]
    assert [m["candidate"] for m in r1] == ["c1", "c2"]  # c3 is in another pool, c4 in none
    assert r1[0]["matched"] == ["postgresql", "python"] and r1[0]["missing"] == []
    assert r1[1]["related"][0]["required"] == "postgresql" and r1[1]["related"][0]["via"] == "mysql"
    assert 0 < r1[1]["score"] < r1[0]["score"] <= 1
    assert "c4" not in {m["candidate"] for x in lines for m in x["matches"]}
    assert "in no pool" in proc.stderr
    # A candidate without skills is skipped, and said so.
    assert "skipped 1 candidate(s) with no skills" in proc.stderr and "c9" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("which", "content", "message"),
    [
        (
            "candidates",
            [*CANDIDATES[:1], {"id": "c2", "skills": [{"skill": "cobol"}], "pools": ["p1"]}],
            "candidates.jsonl line 2: candidate 'c2': unknown skill id(s) 'cobol'",
        ),
        (
            "requests",
            [{"id": "r1", "required": [{"skill": "fortran"}]}],
            "requests.jsonl line 1: request 'r1': unknown skill id(s) 'fortran'",
        ),
        ("requests", [{"id": "r1", "required": []}], "requests.jsonl line 1: request 'r1' names no skill"),
        ("candidates", '{"id": "c1", "skills": [}\n', "candidates.jsonl line 1: not valid JSON"),
        ("skills", '{"id": "s1"}\n{"id": "s1"}\n', "skills.jsonl line 2: duplicate skill id 's1'"),
        ("requests", [{"id": "r1", "required": [{"skill": "java", "level": 9}]}], "level must be an integer"),
        ("skills", "", "no skill in the library"),
    ],
)
def test_bad_input_exits_non_zero_with_a_message_and_no_traceback(
    tmp_path: Path, which: str, content: object, message: str
) -> None:
    files: dict[str, object] = {
        "skills": SKILLS,
        "candidates": CANDIDATES,
        "requests": REQUESTS,
        which: content,
    }
    proc = run(tmp_path, files["skills"], files["candidates"], files["requests"])
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_missing_file_and_bad_arguments(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "matching",
            "rank",
            "--skills",
            str(tmp_path / "nope.jsonl"),
            "--candidates",
            "x",
            "--requests",
            "y",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2 and "cannot read" in proc.stderr and "Traceback" not in proc.stderr
    proc = run(tmp_path, SKILLS, CANDIDATES, REQUESTS, "--top", "0")
    assert proc.returncode == 2 and "positive integer" in proc.stderr and "Traceback" not in proc.stderr
