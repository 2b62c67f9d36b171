from __future__ import annotations

import typer

from evcharge.cli.context import out

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command() -> None:
    """Apply every migration to EVCHARGE_DATABASE_URL."""
    from evcharge.db.migrate import upgrade
    from evcharge.settings import get_settings

    settings = get_settings()
    upgrade(settings)
    out.print("database is at the latest revision")
