from __future__ import annotations

import os
import shutil
from pathlib import Path

import typer

METRICS_DIR = Path("var/prometheus")


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", envvar="HOST"),
    port: int = typer.Option(8000, "--port", envvar="PORT"),
    workers: int = typer.Option(1, "--workers", min=1, help="worker processes"),
    migrate: bool = typer.Option(True, "--migrate/--no-migrate", help="upgrade the schema first"),
) -> None:
    """Serve the API with uvicorn. Migrations run once, here, before any worker starts."""
    import uvicorn

    from evcharge.db.migrate import upgrade
    from evcharge.logs import logging_config
    from evcharge.settings import get_settings

    settings = get_settings()
    if migrate:
        upgrade(settings)
    if workers > 1:
        # Each worker writes its metrics here and /metrics sums them (prometheus_client).
        metrics_dir = METRICS_DIR / str(port)
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir.resolve())
    if workers > 1 and not settings.redis_url:
        typer.echo(
            "warning: without EVCHARGE_REDIS_URL each worker keeps its own rate limits and "
            "quotas; set it to share them",
            err=True,
        )
    store = "Redis" if settings.redis_url else "memory (one process)"
    typer.echo(
        f"serving on http://{host}:{port} with {workers} worker(s) "
        f"(database {_redacted(settings.database_url)}, limits in {store})"
    )
    uvicorn.run(
        "evcharge.api.main:app",
        host=host,
        port=port,
        workers=workers,
        log_config=logging_config(settings.log_level),
        proxy_headers=True,
        # On SIGTERM: stop accepting, let calls in flight finish (their usage is written
        # before they answer), then the app's shutdown flushes the usage writer.
        timeout_graceful_shutdown=30,
    )


def _redacted(url: str) -> str:
    # Never print a password that may sit in the database URL.
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://***@{rest.split('@', 1)[1]}"
