# One image for the web server and the workers.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY scripts/vendor_assets.py scripts/
RUN mkdir -p talent/static && apt-get update -qq && apt-get install -y -qq python3 >/dev/null \
    && python3 scripts/vendor_assets.py --out talent/static/vendor

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 TALENT_ENV=production
WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY talent talent
COPY jobs jobs
COPY matching matching
COPY migrations migrations
COPY gunicorn.conf.py ./
RUN pip install --quiet --constraint constraints.txt -e . \
    && pybabel compile --domain=messages --directory=talent/translations \
    && useradd --create-home --uid 10001 talent
COPY --from=assets /src/talent/static/vendor talent/static/vendor
USER talent
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --retries=5 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-", "talent:create_app()"]
