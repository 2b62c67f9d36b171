"""vehicles: how the DC curve was obtained, and the maker's published charge time

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from evcharge.db.types import JsonType

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("vehicles") as batch:
        # Rows from before: a default curve is the rule's, any other was measured.
        batch.add_column(
            sa.Column("curve_provenance", sa.String(24), nullable=False, server_default="measured")
        )
        batch.add_column(sa.Column("reference_charge", JsonType, nullable=True))
    op.execute(
        "UPDATE vehicles SET curve_provenance = 'default' WHERE dc_default_charging_curve = "
        + ("true" if op.get_bind().dialect.name == "postgresql" else "1")
    )


def downgrade() -> None:
    with op.batch_alter_table("vehicles") as batch:
        batch.drop_column("reference_charge")
        batch.drop_column("curve_provenance")
