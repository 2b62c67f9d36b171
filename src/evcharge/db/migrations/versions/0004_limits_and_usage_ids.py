"""api_keys rate limit and quota; usage_events event and request ids

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        # NULL: the configured default rate limit; no quota.
        batch.add_column(sa.Column("rate_limit_per_min", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("quota_per_month", sa.Integer(), nullable=True))
    with op.batch_alter_table("usage_events") as batch:
        # event_id makes a batch that is written twice count once; NULL on events from before.
        batch.add_column(sa.Column("event_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("request_id", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_usage_events_event_id", ["event_id"])
    op.create_index("ix_usage_events_time", "usage_events", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_usage_events_time", table_name="usage_events")
    with op.batch_alter_table("usage_events") as batch:
        batch.drop_constraint("uq_usage_events_event_id", type_="unique")
        batch.drop_column("request_id")
        batch.drop_column("event_id")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("quota_per_month")
        batch.drop_column("rate_limit_per_min")
