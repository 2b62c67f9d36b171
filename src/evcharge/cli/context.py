"""What every command shares: settings, the database, and console output."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.orm import Session

from evcharge.core.errors import EvchargeError
from evcharge.db.engine import Database
from evcharge.settings import get_settings

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def handled() -> Iterator[None]:
    """Domain errors become a one-line message on stderr and exit code 1, never a traceback."""
    try:
        yield
    except EvchargeError as exc:
        err.print(f"[red]error:[/red] {escape(exc.message)}")
        raise typer.Exit(1) from None


@contextmanager
def transaction() -> Iterator[Session]:
    """One transaction per command: committed at the end, rolled back on any error."""
    database = Database(get_settings())
    try:
        with handled(), database.transaction() as session:
            yield session
    finally:
        database.dispose()
