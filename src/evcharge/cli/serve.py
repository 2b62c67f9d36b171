from __future__ import annotations

import typer
import uvicorn

from evcharge.settings import get_settings


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", envvar="HOST"),
    port: int = typer.Option(8000, "--port", envvar="PORT"),
    workers: int = typer.Option(1, "--workers", min=1, help="worker processes"),
) -> None:
    """Serve the API with uvicorn."""
    settings = get_settings()
    typer.echo(f"serving on http://{host}:{port} (database {_redacted(settings.database_url)})")
    uvicorn.run(
        "evcharge.api.main:app",
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level,
        proxy_headers=True,
    )


def _redacted(url: str) -> str:
    # Never print a password that may sit in the database URL.
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://***@{rest.split('@', 1)[1]}"
