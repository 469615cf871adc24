"""The app served by gunicorn, as production serves it, for the browser journeys (issue 14, part 6).

``gunicorn_server`` starts ``gunicorn --workers 2 --threads 4 "talent:create_app()"`` from the repository
root (so ``gunicorn.conf.py`` applies: each worker warms its talent index) as a subprocess on a free port,
with the ``TALENT_*`` environment of the worker fixtures (``tests.conftest.worker_environment``): the
committed test database, the test Redis (tasks go through it to the real Celery worker of
``celery_worker``) and the test SMTP server. It waits for ``/healthz`` and stops the server at teardown,
before ``committed`` empties the tables.

    from tests.browser import gunicorn_server as gunicorn

    gunicorn_server = gunicorn.gunicorn_server  # the fixture, under its name, in the test module
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import worker_environment

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


@dataclass
class Server:
    """A running gunicorn: its base URL, process and log file."""

    base: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.is_file() else ""

    def errors(self) -> list[str]:
        """The log's tracebacks and error lines (a page that failed on the server says why here)."""
        return [line for line in self.log().splitlines() if "Traceback" in line or " ERROR " in line]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def serve(
    redis_url: str, *, workers: int = 2, threads: int = 4, timeout: float = 60, **env: str
) -> Iterator[Server]:
    """Run gunicorn until the block ends; ``env`` adds or overrides ``TALENT_*`` variables."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **worker_environment(redis_url),
        "TALENT_PUBLIC_BASE_URL": base,
        # No even answer time for the account pages (the suite measures it elsewhere).
        "TALENT_ACCOUNT_ANSWER_MIN_MS": "0",
        **env,
    }
    # Output goes to a file, not a pipe: a chatty server must never block on a full pipe.
    log = tempfile.NamedTemporaryFile(prefix="journeys-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    log.close()
    with open(log.name, "wb") as out:
        process = subprocess.Popen(
            [
                str(GUNICORN),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                "120",
                "--graceful-timeout",
                "5",
                "talent:create_app()",
            ],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped whole, workers included
        )
    server = Server(base, process, Path(log.name))
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(base):
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped with {process.returncode}:\n{server.log()[-4000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"gunicorn did not answer /healthz in {timeout:.0f} s:\n{server.log()[-4000:]}"
                )
            time.sleep(0.2)
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture
def gunicorn_server(committed: Any, celery_worker: Any, redis_url: str) -> Iterator[Server]:
    """gunicorn (2 workers, 4 threads) on the committed test database, sending its tasks to the real Celery
    worker; stopped before ``committed`` empties the tables. Prints the server's error lines, if any."""
    with serve(redis_url) as server:
        try:
            yield server
        finally:
            errors = server.errors()
            if errors:
                print(
                    f"gunicorn log {server.log_path}: {len(errors)} error line(s), first: {errors[0][:300]}"
                )
