"""Creating the app is cheap: no scikit-learn (nor numpy, scipy), no password hash, no connection."""

from __future__ import annotations

import os
import subprocess
import sys

import argon2

from talent import passwords

PROBE = """
import json, sys
import argon2

hashes = []
real_hash = argon2.PasswordHasher.hash
argon2.PasswordHasher.hash = lambda self, *a, **k: hashes.append(1) or real_hash(self, *a, **k)

import talent
from talent import passwords

app = talent.create_app()
print(json.dumps({
    "heavy": sorted(m for m in ("sklearn", "scipy", "numpy") if m in sys.modules),
    "engine_loaded": "matching.engine.ranker" in sys.modules,
    "hashes": len(hashes),
    "dummy_hash": passwords._dummy_hash,
    "tasks": sorted(t for t in app.extensions["celery"].tasks if not t.startswith("celery.")),
}))
# A worker starting (the signal its main process sends before forking its pool) loads the engine once.
from celery.signals import worker_init

worker_init.send(sender=None)
loaded = "matching.engine.ranker" in sys.modules and "sklearn" in sys.modules
print(json.dumps({"worker_engine_loaded": loaded}))
"""


def _probe(tmp_path) -> dict:
    import json

    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENT_")}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        {
            # Pointing nowhere: creating the app must not connect to anything (it would fail or hang).
            "TALENT_ENV": "testing",
            "TALENT_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nowhere",
            "TALENT_REDIS_URL": "redis://127.0.0.1:1/0",
            "TALENT_BROKER_TIMEOUT_SECONDS": "0.2",
            # A cost other than the default: configure() must not hash either.
            "TALENT_PASSWORD_HASH_TIME_COST": "1",
            "TALENT_PASSWORD_HASH_MEMORY_KIB": "1024",
            "TALENT_PASSWORD_HASH_PARALLELISM": "1",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    return {**json.loads(lines[-2]), **json.loads(lines[-1])}


def test_create_app_imports_no_scikit_learn_and_hashes_no_password(tmp_path):
    found = _probe(tmp_path)
    assert found["heavy"] == []
    assert found["engine_loaded"] is False
    assert found["hashes"] == 0 and found["dummy_hash"] is None
    # The tasks are still registered under their names (their heavy imports happen when they run).
    assert {"matching.run", "matching.rank_shard", "matching.sweep", "talent.outbox.send"} <= set(
        found["tasks"]
    )
    # ...and a worker pays for the engine once, when it starts, not in its first match task.
    assert found["worker_engine_loaded"] is True


def test_the_timing_hash_is_computed_once_on_first_use(monkeypatch):
    calls = []
    real_hash = argon2.PasswordHasher.hash
    monkeypatch.setattr(
        argon2.PasswordHasher, "hash", lambda self, *a, **k: calls.append(1) or real_hash(self, *a, **k)
    )
    monkeypatch.setattr(passwords, "_hasher", passwords._hasher)
    monkeypatch.setattr(passwords, "_dummy_hash", passwords._dummy_hash)
    passwords.configure(1, 1024, 2)  # a new cost: the old dummy is dropped, no new one computed yet
    assert passwords._dummy_hash is None and calls == []
    assert passwords.verify_password(None, "whatever it is") is False
    assert passwords.verify_password(None, "something else") is False
    assert len(calls) == 1 and passwords._dummy_hash is not None
    assert passwords.verify_password(passwords.hash_password("right password"), "right password") is True
