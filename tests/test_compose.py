"""docker-compose.yml: the services, one image, health checks, and a worker that can scale out.

No Docker engine runs here; where the compose plugin is installed, ``docker compose config`` validates
the file too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_services_and_one_image(compose):
    services = compose["services"]
    assert {"web", "worker", "postgres", "redis", "migrate", "beat"} <= set(services)
    app_services = ("web", "worker", "migrate", "beat")
    assert {services[name]["image"] for name in app_services} == {"talent-platform:latest"}
    assert all(services[name]["build"] == "." for name in app_services)
    assert (ROOT / "Dockerfile").is_file()


def test_commands(compose):
    services = compose["services"]
    assert services["web"]["command"][0] == "gunicorn" and "talent:create_app()" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "talent.worker", "worker"]
    assert services["migrate"]["command"][-3:] == ["upgrade", "--directory", "migrations"]


def test_health_checks_and_start_order(compose):
    services = compose["services"]
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["worker"]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_worker_scales_out(compose):
    worker = compose["services"]["worker"]
    # --scale needs no fixed container name and no host port on the worker.
    assert "container_name" not in worker and "ports" not in worker


def test_services_use_postgres_and_redis_and_a_required_secret(compose):
    env = compose["services"]["web"]["environment"]
    assert env["DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379")
    assert env["TALENT_ENV"] == "production" and ":?" in env["TALENT_SECRET_KEY"]


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker client")
def test_docker_compose_config_validates_where_the_plugin_exists():
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        pytest.skip("the docker compose plugin is not installed")
    result = subprocess.run(
        ["docker", "compose", "config", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "TALENT_SECRET_KEY": "x" * 40},
        check=False,
    )
    assert result.returncode == 0, result.stderr
