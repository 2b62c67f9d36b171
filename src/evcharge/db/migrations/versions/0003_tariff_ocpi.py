"""tariffs.ocpi: the OCPI 2.2.1 Tariff a tariff was imported from

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Kept whole so an imported tariff exports exactly as it came and is priced by the OCPI
    # engine; NULL for tariffs written in our own (Chargeprice) model.
    op.add_column(
        "tariffs",
        sa.Column("ocpi", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("tariffs", "ocpi")
