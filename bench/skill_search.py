"""Latency of the skills search (``talent.skills.search``) on the full shipped library.

    .venv/bin/python -m bench.skill_search          # on a temporary SQLite file
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/talent_bench .venv/bin/python -m bench.skill_search

With ``BENCH_DATABASE_URL`` the script migrates that database to the latest revision and imports the
library into it (an upsert: a second run writes nothing), so point it at a scratch database. Without it,
a temporary SQLite file is built the same way and deleted afterwards.

About 200 realistic queries (1 to 4 letters as typed in a search box, whole words and phrases, English
and French, with and without accents, odd casing) are each run ``--rounds`` times through three layers:

- ``search()``: the service (freshness check of the in-memory index + ranking + loading the results);
- ``GET /api/skills``: the JSON endpoint through the Flask test client (no network);
- ``GET /<lang>/skills/suggest``: the htmx fragment, rendered.

Printed: the index's cold build time, then median, p95 and max per layer, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

WORDS_EN = [
    "python", "java", "javascript", "sql", "project management", "data analysis", "cloud computing",
    "cyber security", "network", "leadership", "communication", "teamwork", "agile", "devops", "linux",
    "machine learning", "user experience", "accessibility", "testing", "database", "security", "web",
    "problem solving", "time management", "negotiate", "c++", "c#", "node.js", "docker", "kubernetes",
]  # fmt: skip
WORDS_FR = [
    "gestion de projet", "gestion de reseau", "gestion de réseau", "sécurité", "securite informatique",
    "réseau", "données", "donnees", "analyse de données", "développement", "developpement web",
    "logiciel", "informatique", "base de données", "communication", "travail d’équipe", "travail d'equipe",
    "résolution de problèmes", "négocier", "conception", "infonuagique", "programmation", "éthique",
    "accessibilité", "apprentissage automatique", "systèmes", "Gestion", "RÉSEAU", "intelligence", "cœur",
]  # fmt: skip


def queries() -> list[tuple[str, str]]:
    """(query, locale) pairs: prefixes of 1-4 letters as people type them, then whole words."""
    found: list[tuple[str, str]] = []
    for words, locale in ((WORDS_EN, "en"), (WORDS_FR, "fr")):
        for word in words:
            for n in (1, 2, 3, 4):
                if len(word) > n and (word[:n], locale) not in found:
                    found.append((word[:n], locale))
            found.append((word, locale))
    return found


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(label: str, run: Callable[[str, str], Any], pairs: list[tuple[str, str]], rounds: int) -> None:
    times = []
    for _ in range(rounds):
        for query, locale in pairs:
            start = time.perf_counter()
            run(query, locale)
            times.append((time.perf_counter() - start) * 1000)
    print(
        f"{label:<34} n={len(times):<5} median {statistics.median(times):6.2f} ms   "
        f"p95 {percentile(times, 95):6.2f} ms   max {max(times):6.2f} ms"
    )


def prepare(url: str) -> Any:
    from flask_migrate import upgrade

    from talent import create_app
    from talent.extensions import db
    from talent.skills.services import import_library

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdef",
            "TESTING": True,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        result = import_library()
        db.session.commit()
        print(
            f"library: {result.created} created, {result.updated} updated, {result.unchanged} unchanged "
            f"in {time.perf_counter() - start:.2f} s; French names {result.french_coverage:.1f} %"
        )
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times each query is run per layer")
    args = parser.parse_args(argv)

    url = os.environ.get("BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as tmp:
        if url:
            url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        else:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        print(f"database: {url.split('@')[-1]}")
        app = prepare(url)
        run_bench(app, args.rounds)
        from talent.extensions import db

        with app.app_context():
            db.engine.dispose()


def run_bench(app: Any, rounds: int) -> None:
    from talent.extensions import db
    from talent.skills.search import SkillIndex, current_index, search

    pairs = queries()
    print(f"queries: {len(pairs)} ({sum(1 for _, loc in pairs if loc == 'fr')} French), {rounds} rounds")
    with app.app_context():
        start = time.perf_counter()
        index = SkillIndex.build(stamp=())
        print(
            f"index cold build: {(time.perf_counter() - start) * 1000:.1f} ms for {len(index.entries)} skills"
        )
        current_index()  # warm this process's index, as a running server has it

        def service(query: str, locale: str) -> Any:
            result = search(query, locale, limit=10)
            db.session.remove()
            return result

        measure("search() service", service, pairs, rounds)

    client = app.test_client()

    def api(query: str, locale: str) -> Any:
        response = client.get(f"/api/skills?q={quote(query)}&lang={locale}&limit=10")
        assert response.status_code == 200, response.status_code
        return response

    def fragment(query: str, locale: str) -> Any:
        response = client.get(f"/{locale}/skills/suggest?q={quote(query)}")
        assert response.status_code == 200, response.status_code
        return response

    measure("GET /api/skills (JSON)", api, pairs, rounds)
    measure("GET /<lang>/skills/suggest (HTML)", fragment, pairs, rounds)


if __name__ == "__main__":
    main()
