"""The `evcharge` console script."""

from __future__ import annotations

import typer

from evcharge.cli import data, db, fx, imports, keys, ocpi, usage
from evcharge.cli.quote import quote_command
from evcharge.cli.seed import seed_command
from evcharge.cli.serve import serve_command

app = typer.Typer(
    help="evcharge: an open, self-hostable EV charging data and price API.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(keys.app, name="keys")
app.add_typer(imports.app, name="import")
app.add_typer(fx.app, name="fx")
app.add_typer(ocpi.app, name="ocpi")
app.add_typer(usage.app, name="usage")
app.add_typer(data.app, name="data")
app.command("seed")(seed_command)
app.command("serve")(serve_command)
app.command("quote")(quote_command)
