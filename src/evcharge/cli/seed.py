from __future__ import annotations

import typer

from evcharge.cli.context import out, transaction


def seed_command(
    if_empty: bool = typer.Option(False, "--if-empty", help="only when there are no vehicles"),
) -> None:
    """Load the embedded curated dataset (idempotent)."""
    from evcharge.services.imports import seed as seeding

    with transaction() as session:
        if if_empty and not seeding.is_empty(session):
            out.print("catalogue already loaded; nothing to do")
            return
        reports = seeding.seed(session)
    for kind, report in reports.items():
        out.print(f"seeded {kind}: {report.summary()}")
        # An embedded station's EVSE id another station holds already (an earlier import's)
        # stays with its holder: say so, as the imports do.
        for part in report.left_out:
            out.print(f"  {part.record}: {part.reason}", markup=False, emoji=False)
