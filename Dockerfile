# evcharge API image.
#
#   docker build -t evcharge .
#   docker run --rm -p 8000:8000 -v evcharge-var:/app/var evcharge      # SQLite in /app/var
#
# Configuration is EVCHARGE_* environment variables (see deploy/evcharge.env.example).
# `evcharge serve` (the CMD) applies migrations before its workers start; loading the embedded
# dataset is left to the operator: `docker exec CONTAINER evcharge seed --if-empty`.

# --- build: wheels of every locked dependency, checked against the lock's hashes -------------
FROM python:3.11-slim AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /src

# Its own layer, so a code change does not download the dependencies again.
COPY requirements.lock ./
RUN pip wheel --require-hashes --no-deps --wheel-dir /wheels -r requirements.lock

# The project's wheel, built offline: setuptools for the isolated build comes from the
# locked, hash-checked wheels above. README.md is the package's `readme`.
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip wheel --no-deps --no-index --find-links /wheels --wheel-dir /wheels .

# The runtime environment: evcharge and only its runtime dependencies, resolved from /wheels
# alone (--no-index), which hold exactly the locked versions. Dev tools stay out of the image.
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-index --find-links /wheels evcharge

# --- runtime ---------------------------------------------------------------------------------
FROM python:3.11-slim

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN groupadd --system --gid 10001 evcharge \
    && useradd --system --uid 10001 --gid evcharge --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin evcharge

COPY --from=build /opt/venv /opt/venv

# Relative paths in the settings resolve here: var/evcharge.db (the SQLite default), var/fx,
# and var/prometheus (per-worker metrics when --workers > 1). Only var/ is writable.
WORKDIR /app
RUN mkdir -p /app/var && chown evcharge:evcharge /app/var

USER evcharge

EXPOSE 8000

# No curl in the slim image: Python's urllib. Any non-2xx answer (503 when the database is
# unreachable) or a refused connection exits non-zero. The start period covers migrations.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# SIGTERM: uvicorn stops accepting and waits up to 30 s for calls in flight to finish (each
# call's usage is committed before it answers), then the workers exit. Give the container a
# little longer: `docker stop -t 35`, compose stop_grace_period: 35s.
STOPSIGNAL SIGTERM

CMD ["evcharge", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
