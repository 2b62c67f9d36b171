"""vehicle_attachments: imported records merged into a vehicle of the same variant;
vehicles.own_sources

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from evcharge.db.types import JsonType

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows imported before stay as they are; the next import of their source merges them.
    op.create_table(
        "vehicle_attachments",
        sa.Column("source", sa.String(40), primary_key=True),
        sa.Column("source_key", sa.String(200), primary_key=True),
        sa.Column("vehicle_id", sa.String(36), nullable=False),
        sa.Column("label", sa.String(500), nullable=False),
        sa.Column("sources", JsonType, nullable=False),
    )
    op.create_index("ix_vehicle_attachments_vehicle_id", "vehicle_attachments", ["vehicle_id"])
    with op.batch_alter_table("vehicles") as batch:
        # NULL on rows from before: nothing is attached to them yet, so `sources` is their own.
        batch.add_column(sa.Column("own_sources", JsonType, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("vehicles") as batch:
        batch.drop_column("own_sources")
    op.drop_index("ix_vehicle_attachments_vehicle_id", table_name="vehicle_attachments")
    op.drop_table("vehicle_attachments")
