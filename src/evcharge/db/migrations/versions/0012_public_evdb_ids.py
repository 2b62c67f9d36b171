"""curated vehicles' public ids leave EV Database's id space

Curated vehicles were served under their catalogue key (1001-6301), which EV Database also
uses for other cars: a One Auto user asking for a real id got whichever car of ours had it.
The public id is now EV Database's own id where we verified it, else 90000 + the catalogue key
(importers/curated.py). This moves every stored curated row to 90000 + its key (its
`source_key`); the next `evcharge seed` then gives the mapped vehicles their real ids, in place.
Downgrade puts the catalogue keys back, in two steps so no id is held twice on the way.

Revision ID: 0012
Revises: 0010
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the migration must keep meaning what it meant when it was written.
_OWN_ID_OFFSET = 90_000
_CURATED = "source = 'curated'"
_KEY = "CAST(source_key AS INTEGER)"


def upgrade() -> None:
    # Every curated row's target (90000 + key) is free: keys are unique per source, curated
    # ids were below 90000 and imported ones are 1,000,000 and up.
    op.execute(
        sa.text(f"UPDATE vehicles SET evdb_vehicle_id = {_OWN_ID_OFFSET} + {_KEY} WHERE {_CURATED}")
    )


def downgrade() -> None:
    # First everything to 90000 + key (a real EV Database id may be some other row's key),
    # then to the key itself.
    op.execute(
        sa.text(f"UPDATE vehicles SET evdb_vehicle_id = {_OWN_ID_OFFSET} + {_KEY} WHERE {_CURATED}")
    )
    op.execute(sa.text(f"UPDATE vehicles SET evdb_vehicle_id = {_KEY} WHERE {_CURATED}"))
