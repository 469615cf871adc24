#!/usr/bin/env bash
# Serve the app; with REDIS_URL set, also start a Celery worker (with the beat scheduler) beside it.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-5000}
cd "$(dirname "$0")/.."
worker_pid=""
if [[ -n "${REDIS_URL:-${TALENT_REDIS_URL:-}}" ]]; then
  .venv/bin/celery -A talent.worker worker --beat --loglevel=INFO --concurrency=2 &
  worker_pid=$!
  trap '[[ -n "$worker_pid" ]] && kill "$worker_pid" 2>/dev/null || true' EXIT
  echo "Celery worker started (pid $worker_pid) on ${REDIS_URL:-$TALENT_REDIS_URL}"
else
  echo "No REDIS_URL: background tasks run inside the web process."
fi
echo "Serving on http://$host:$port/  (Ctrl+C to stop)"
exec_cmd=(.venv/bin/gunicorn --bind "$host:$port" --workers 2 --threads 4 --access-logfile - "talent:create_app()")
"${exec_cmd[@]}"
