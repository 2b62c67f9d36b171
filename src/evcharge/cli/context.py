"""What every command shares: settings, the database, and console output.

`evcharge --help` imports every CLI module, so they import only typer, rich and this module at
their top; the database, the services and the API come in when a command runs
(tests/cli/test_startup.py checks this).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from evcharge.core.errors import EvchargeError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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
    from evcharge.db.engine import Database
    from evcharge.settings import get_settings

    database = Database(get_settings())
    try:
        with handled(), database.transaction() as session:
            yield session
    finally:
        database.dispose()
