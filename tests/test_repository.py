"""The repository stands on its own and CI checks what `make lint` checks. No app, no services."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _make_targets() -> dict[str, tuple[list[str], list[str]]]:
    """Each Makefile target: (its prerequisites, its recipe lines)."""
    targets: dict[str, tuple[list[str], list[str]]] = {}
    current: list[str] | None = None
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z][\w.-]*):(?!=)\s*(.*)$", line)
        if match:
            current = []
            targets[match.group(1)] = (match.group(2).split(), current)
        elif line.startswith("\t") and current is not None:
            current.append(line.strip())
        elif not line.strip():
            current = None
    return targets


def _tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in out.decode().split("\0") if name]


def test_ci_runs_the_linters_and_the_tests():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script  # any failing step fails the run
    commands = [line for line in script.splitlines() if line.startswith("make ")]
    assert commands == ["make ci"]
    targets = _make_targets()
    assert targets["ci"][0] == ["lint", "test"]
    lint = " ".join(targets["lint"][1])
    for tool in ("ruff check", "ruff format --check", "mypy", "lint-imports"):
        assert tool in lint, f"make lint does not run {tool}"


def test_pre_commit_runs_ruff_from_the_project_environment():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["ruff-check"]["entry"].startswith(".venv/bin/ruff check")
    assert hooks["ruff-format"]["entry"].startswith(".venv/bin/ruff format")
    assert all(repo["repo"] == "local" for repo in config["repos"])  # nothing fetched at commit time
    assert "hooks" in _make_targets()


def test_nothing_refers_to_the_teams_shared_folder():
    """Users of the project have only the repository: no file may point outside it."""
    pattern = re.compile(r"\.\./shared|parents\[\d\]\s*/\s*[\"']shared[\"']|[\"']\.\.[\"']\s*/\s*[\"']shared")
    offenders = []
    for path in _tracked_files():
        if path.suffix in {".gz", ".png", ".ico", ".woff", ".woff2", ".ttf", ".mo"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        offenders += [
            f"{path.relative_to(ROOT)}:{n}"
            for n, line in enumerate(text.splitlines(), 1)
            if pattern.search(line)
        ]
    assert offenders == []


def test_the_documentation_the_readme_points_to_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in ("docs/architecture.md", "docs/matching.md"):
        assert doc in readme
        assert (ROOT / doc).is_file()
    for link in re.findall(
        r"\]\(([^)#]+)\)", (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    ):
        if not link.startswith("http"):
            assert (ROOT / "docs" / link).resolve().exists(), link
